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
