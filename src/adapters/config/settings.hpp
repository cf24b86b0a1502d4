#pragma once
// Configuration declared once: each setting has a name, type, default and description.
// Sources, later wins: the TOML file (default DATA/chamado.toml), the environment
// (CHAMADO_SECTION_KEY), then command-line flags (applied by main).
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "domain/error.hpp"

namespace chamado::config {

struct Settings {
  std::string listen = "127.0.0.1:8080";
  std::string public_url = "http://127.0.0.1:8080";
  int io_threads = 2;
  int worker_threads = 16;
  std::int64_t body_limit_bytes = 1024 * 1024;
  std::string workflow = "case-lifecycle";
  bool anonymous_requests = true;
  std::string log_level = "info";
  // The timer scheduler sleeps until the next due timer, never longer than this
  // (docs/workflows.md, "Timers").
  int scheduler_max_sleep_ms = 60000;
  // ---- priority from volume (PRODUCT.md §3): incidents linked to one problem within the
  // window raise its priority one step; threshold 0: off.
  int escalation_volume_threshold = 5;
  int escalation_volume_window_hours = 24;
  // Empty: SQLite in the data dir. Else a PostgreSQL URL (postgresql://user@host:port/db).
  std::string store_db;
  int store_pool_size = 16;
  // PostgreSQL, serve: users, API tokens and ticket fields cached per node (docs/postgresql.md).
  bool store_cache = true;
  // Comma-separated addresses and CIDR networks whose X-Forwarded-* headers are believed.
  std::string trusted_proxies = "127.0.0.0/8, ::1";
  bool limits_enabled = false;
  int limits_per_user_per_minute = 700;
  int limits_per_ip_per_minute = 1400;
  // ---- issue 5: attachments, blob storage, virus scan, duplicates, satisfaction
  int attachments_max_files = 5;            // per message
  int attachments_max_total_mb = 20;        // per message; also the largest single upload
  int attachments_upload_ttl_minutes = 60;  // unattached uploads expire and are deleted
  std::string storage_dir;                  // empty: DATA/blobs
  std::string storage_backend = "auto";     // auto | local | postgresql
  std::string clamd_address;                // empty: no scan; unix:/path or host:port
  int clamd_timeout_ms = 30000;
  std::string duplicates_mode;  // "" (by workflow: merge with case-lifecycle, off with simple) | merge | off
  int duplicates_window_days = 30;
  std::string duplicates_topic_field;  // a ticket field key whose value must match; empty: any topic
  int satisfaction_window_days = 14;
  // ---- sla (docs/sla.md)
  int sla_warn_before_minutes = 60;       // the "about to breach" event this long before a breach
  std::string sla_topic_field = "topic";  // the ticket field a policy's "topic" condition reads
  // ---- e-mail (issue 7; docs/email.md)
  std::string mail_smtp_url;  // empty: messages are written as .eml files under DATA/mail-out
  std::string mail_smtp_user;
  std::string mail_smtp_password;
  std::string mail_from_address = "support@chamado.localhost";
  std::string mail_from_name;        // empty: mail.company_name
  std::string mail_support_address;  // where customers write; empty: mail.from_address
  std::string mail_company_name = "Chamado";
  std::string mail_logo_url;
  std::string mail_footer;
  std::string mail_templates_dir;    // override files; empty: the shipped templates only
  std::string mail_link_secret;      // HMAC key of reply tokens; empty: generated into DATA/mail-secret
  int mail_max_attempts = 10;        // then the message is a dead letter
  int mail_retry_base_seconds = 30;  // backoff: base * 2^(attempt-1), at most retry_max_seconds
  int mail_retry_max_seconds = 3600;
  int mail_poll_ms = 1000;  // the outbox worker's idle poll (it is also woken by every commit that queues mail)
  int mail_auto_replies_per_hour = 5;         // per sender: "ticket received" replies at most this often
  int mail_inbound_per_sender_per_hour = 30;  // more from one sender goes to suspended tickets
  std::string mail_imap_url;                  // empty: no IMAP polling; imap://host:port/INBOX or imaps://
  std::string mail_imap_user;
  std::string mail_imap_password;
  int mail_imap_poll_seconds = 60;
  std::string mail_imap_move_to;  // a folder to move stored messages to; empty: mark them seen
  std::string self_help_file;     // self-help answers per topic and locale (docs/email.md); empty: none
  // ---- accounts and sign-in (issue 8; docs/accounts.md)
  bool auth_signup = true;                // self sign-up at POST /api/v2/chamado/auth/signup
  int auth_session_idle_minutes = 1440;   // a session unused this long ends
  int auth_session_absolute_hours = 720;  // a session ends this long after sign-in, used or not
  int auth_verify_link_hours = 48;
  int auth_reset_link_minutes = 60;
  int auth_login_failures_per_account = 10;  // failed logins per e-mail in the window, then 429
  int auth_login_failures_per_ip = 100;      // failed logins per client address in the window, then 429
  int auth_login_window_minutes = 15;
  int auth_mails_per_address_per_hour = 5;  // sign-up/forgot/resend mails per e-mail
  int auth_mails_per_ip_per_hour = 50;      // the same per client address
  int auth_argon2_opslimit = 2;             // libsodium's INTERACTIVE figures
  int auth_argon2_memlimit_kib = 65536;
  int auth_hash_concurrency = 0;  // argon2 computations at once; 0: the number of cores
  std::string sso_jwt_secret;     // empty: JWT single sign-on off
  std::string sso_remote_login_url;
  std::string sso_remote_logout_url;
  int sso_clock_skew_seconds = 180;
};

struct SettingInfo {
  std::string key;   // "server.listen"
  std::string type;  // "string", "int", "bool"
  std::string default_value;
  std::string description;
};

// Every setting, for validation and for docs/configuration.md.
const std::vector<SettingInfo>& AllSettings();

// Reads `path` (missing file: defaults, unless `must_exist`) then the environment.
// Errors are one line naming the file and the problem.
Result<Settings> LoadSettings(const std::string& path, bool must_exist,
                              const std::function<const char*(const char*)>& getenv);

}  // namespace chamado::config
