#include "adapters/config/settings.hpp"

#include <arpa/inet.h>
#include <toml++/toml.h>

#include <filesystem>

namespace chamado::config {
namespace {

struct Binding {
  SettingInfo info;
  std::function<std::string(Settings&, const std::string&)> set;  // returns an error or ""
};

std::string SetInt(int& dst, const std::string& v, int lo, int hi) {
  try {
    std::size_t n = 0;
    long long x = std::stoll(v, &n);
    if (n != v.size() || x < lo || x > hi)
      return "must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi);
    dst = static_cast<int>(x);
    return "";
  } catch (...) {
    return "must be a whole number";
  }
}

std::string SetBool(bool& dst, const std::string& v) {
  if (v == "true" || v == "1")
    dst = true;
  else if (v == "false" || v == "0")
    dst = false;
  else
    return "must be true or false";
  return "";
}

// "10.0.0.0/8, ::1, 192.168.1.7": each entry an IPv4 or IPv6 address with an optional
// prefix length. The http adapter parses the list again into matchers.
std::string SetAddressList(std::string& dst, const std::string& v) {
  std::size_t start = 0;
  const bool blank = v.find_first_not_of(" \t") == std::string::npos;
  while (!blank && start <= v.size()) {
    std::size_t comma = v.find(',', start);
    if (comma == std::string::npos) comma = v.size();
    std::string entry = v.substr(start, comma - start);
    entry.erase(0, entry.find_first_not_of(" \t"));
    entry.erase(entry.find_last_not_of(" \t") + 1);
    const auto slash = entry.find('/');
    const std::string addr = entry.substr(0, slash);
    unsigned char buf[16];
    const bool v4 = inet_pton(AF_INET, addr.c_str(), buf) == 1;
    if (!v4 && inet_pton(AF_INET6, addr.c_str(), buf) != 1)
      return "must list IP addresses or CIDR networks separated by commas ('" + entry + "' is neither)";
    if (slash != std::string::npos) {
      const std::string bits = entry.substr(slash + 1);
      const int max = v4 ? 32 : 128;
      if (bits.empty() || bits.size() > 3 || bits.find_first_not_of("0123456789") != std::string::npos ||
          std::stoi(bits) > max)
        return "'" + entry + "': the prefix length must be 0 to " + std::to_string(max);
    }
    start = comma + 1;
  }
  dst = v;
  return "";
}

const std::vector<Binding>& Bindings() {
  static const std::vector<Binding> k{
      {{"server.listen", "string", "127.0.0.1:8080", "HOST:PORT to listen on; port 0 picks a free port"},
       [](Settings& s, const std::string& v) {
         if (v.rfind(':') == std::string::npos) return std::string("must be HOST:PORT");
         s.listen = v;
         return std::string();
       }},
      {{"server.public_url", "string", "http://127.0.0.1:8080",
        "The URL customers reach us at; used in anything sent outside a response (e-mails)"},
       [](Settings& s, const std::string& v) {
         if (!v.starts_with("http://") && !v.starts_with("https://"))
           return std::string("must start with http:// or https://");
         s.public_url = v;
         return std::string();
       }},
      {{"server.io_threads", "int", "2", "Threads parsing and writing HTTP"},
       [](Settings& s, const std::string& v) { return SetInt(s.io_threads, v, 1, 256); }},
      {{"server.worker_threads", "int", "16", "Threads running request handlers (they may wait on the store)"},
       [](Settings& s, const std::string& v) { return SetInt(s.worker_threads, v, 1, 1024); }},
      {{"server.body_limit_bytes", "int", "1048576", "Largest request body accepted (uploads have their own limit)"},
       [](Settings& s, const std::string& v) {
         int x = 0;
         auto e = SetInt(x, v, 1024, 1 << 30);
         if (e.empty()) s.body_limit_bytes = x;
         return e;
       }},
      {{"server.trusted_proxies", "string", "127.0.0.0/8, ::1",
        "Comma-separated IP addresses or CIDR networks of reverse proxies whose X-Forwarded-For/-Proto/-Host "
        "are believed; empty trusts no one"},
       [](Settings& s, const std::string& v) { return SetAddressList(s.trusted_proxies, v); }},
      {{"limits.enabled", "bool", "false", "Refuse requests over the rate limits with 429 (headers are always sent)"},
       [](Settings& s, const std::string& v) { return SetBool(s.limits_enabled, v); }},
      {{"limits.per_user_per_minute", "int", "700", "Requests per minute per authenticated user (all their tokens)"},
       [](Settings& s, const std::string& v) { return SetInt(s.limits_per_user_per_minute, v, 1, 1000000); }},
      {{"limits.per_ip_per_minute", "int", "1400",
        "Requests per minute per client address (IPv6: per /64), authenticated or not"},
       [](Settings& s, const std::string& v) { return SetInt(s.limits_per_ip_per_minute, v, 1, 1000000); }},
      {{"tickets.workflow", "string", "case-lifecycle",
        "Status workflow: case-lifecycle, simple, or the path of a workflow file"},
       [](Settings& s, const std::string& v) {
         if (v.empty()) return std::string("must not be empty");
         s.workflow = v;
         return std::string();
       }},
      {{"tickets.anonymous_requests", "bool", "true",
        "Accept POST /api/v2/requests without credentials (the public web form)"},
       [](Settings& s, const std::string& v) { return SetBool(s.anonymous_requests, v); }},
      {{"store.db", "string", "\"\"",
        "Empty: the embedded SQLite file DATA/chamado.db. Else a PostgreSQL URL, postgresql://USER@HOST:PORT/DB "
        "(several nodes may share it); the --db flag overrides it"},
       [](Settings& s, const std::string& v) {
         if (!v.empty() && !v.starts_with("postgresql://") && !v.starts_with("postgres://"))
           return std::string("must be empty (SQLite) or a postgresql:// URL");
         s.store_db = v;
         return std::string();
       }},
      {{"store.pool_size", "int", "16", "PostgreSQL: connections each node opens at most"},
       [](Settings& s, const std::string& v) { return SetInt(s.store_pool_size, v, 1, 1000); }},
      {{"store.cache", "bool", "true",
        "PostgreSQL: each serving node keeps users, API tokens and ticket fields in memory, dropped through "
        "LISTEN/NOTIFY when any node changes them"},
       [](Settings& s, const std::string& v) { return SetBool(s.store_cache, v); }},
      {{"scheduler.max_sleep_ms", "int", "60000",
        "Each node's timer scheduler sleeps until the next timer is due (woken early when one is armed), but never "
        "longer than this many milliseconds"},
       [](Settings& s, const std::string& v) { return SetInt(s.scheduler_max_sleep_ms, v, 10, 3600000); }},
      {{"escalation.volume_threshold", "int", "5",
        "Incidents linked to one problem ticket within escalation.volume_window_hours that raise the problem's "
        "priority one step (normal -> high -> urgent), at most once per window; 0: off"},
       [](Settings& s, const std::string& v) { return SetInt(s.escalation_volume_threshold, v, 0, 100000); }},
      {{"escalation.volume_window_hours", "int", "24", "The window of escalation.volume_threshold, in hours"},
       [](Settings& s, const std::string& v) { return SetInt(s.escalation_volume_window_hours, v, 1, 8760); }},
      // ---- issue 5
      {{"attachments.max_files", "int", "5", "Files per message (comment) at most"},
       [](Settings& s, const std::string& v) { return SetInt(s.attachments_max_files, v, 1, 100); }},
      {{"attachments.max_total_mb", "int", "20",
        "Megabytes per message at most, all its files together; also the largest single upload"},
       [](Settings& s, const std::string& v) { return SetInt(s.attachments_max_total_mb, v, 1, 1024); }},
      {{"attachments.upload_ttl_minutes", "int", "60",
        "Minutes an upload not attached to any comment is kept before it is deleted"},
       [](Settings& s, const std::string& v) { return SetInt(s.attachments_upload_ttl_minutes, v, 1, 525600); }},
      {{"storage.dir", "string", "\"\"", "Directory of attachment files (local backend); empty: DATA/blobs"},
       [](Settings& s, const std::string& v) {
         s.storage_dir = v;
         return std::string();
       }},
      {{"storage.backend", "string", "auto",
        "Where attachment bytes live: local (storage.dir), postgresql (the store's database, read by every node), "
        "or auto (postgresql with a PostgreSQL store, else local)"},
       [](Settings& s, const std::string& v) {
         if (v != "auto" && v != "local" && v != "postgresql") return std::string("must be auto, local or postgresql");
         s.storage_backend = v;
         return std::string();
       }},
      {{"clamd.address", "string", "\"\"",
        "A clamd daemon that scans every upload: unix:/path/to/clamd.sock or HOST:PORT; empty: no virus scan"},
       [](Settings& s, const std::string& v) {
         s.clamd_address = v;
         return std::string();
       }},
      {{"clamd.timeout_ms", "int", "30000", "How long one scan may take before the upload is refused"},
       [](Settings& s, const std::string& v) { return SetInt(s.clamd_timeout_ms, v, 100, 600000); }},
      {{"duplicates.mode", "string", "\"\"",
        "merge: a new contact from a customer with an active case is added to that case; off: never; empty: "
        "merge with the case-lifecycle workflow, off with simple"},
       [](Settings& s, const std::string& v) {
         if (!v.empty() && v != "merge" && v != "off") return std::string("must be merge, off or empty");
         s.duplicates_mode = v;
         return std::string();
       }},
      {{"duplicates.window_days", "int", "30",
        "A new contact is merged only into an active case updated within this many days"},
       [](Settings& s, const std::string& v) { return SetInt(s.duplicates_window_days, v, 1, 3650); }},
      {{"duplicates.topic_field", "string", "\"\"",
        "The key of a ticket field (the topic) whose value must match for a contact to be merged; empty: any"},
       [](Settings& s, const std::string& v) {
         s.duplicates_topic_field = v;
         return std::string();
       }},
      {{"satisfaction.window_days", "int", "14",
        "Days after a ticket is resolved during which its requester may rate it"},
       [](Settings& s, const std::string& v) { return SetInt(s.satisfaction_window_days, v, 1, 365); }},
      // ---- sla
      {{"sla.warn_before_minutes", "int", "60",
        "An SLA target's \"about to breach\" event comes this many minutes before its breach (0: no such event)"},
       [](Settings& s, const std::string& v) { return SetInt(s.sla_warn_before_minutes, v, 0, 10080); }},
      {{"sla.topic_field", "string", "topic",
        "The key of the ticket field an SLA policy's \"topic\" condition reads; empty: topic conditions never match"},
       [](Settings& s, const std::string& v) {
         s.sla_topic_field = v;
         return std::string();
       }},
      // ---- e-mail (issue 7; docs/email.md)
      {{"mail.smtp_url", "string", "\"\"",
        "smtp://HOST:PORT (STARTTLS when offered), smtps://HOST:PORT (TLS); empty: outgoing mail is written as .eml "
        "files under DATA/mail-out"},
       [](Settings& s, const std::string& v) {
         if (!v.empty() && !v.starts_with("smtp://") && !v.starts_with("smtps://"))
           return std::string("must be empty or start with smtp:// or smtps://");
         s.mail_smtp_url = v;
         return std::string();
       }},
      {{"mail.smtp_user", "string", "\"\"", "SMTP AUTH user; empty: no AUTH"},
       [](Settings& s, const std::string& v) {
         s.mail_smtp_user = v;
         return std::string();
       }},
      {{"mail.smtp_password", "string", "\"\"", "SMTP AUTH password"},
       [](Settings& s, const std::string& v) {
         s.mail_smtp_password = v;
         return std::string();
       }},
      {{"mail.from_address", "string", "support@chamado.localhost",
        "The From of every notification: an address on the company's domain"},
       [](Settings& s, const std::string& v) {
         if (v.find('@') == std::string::npos || v.find_first_of(" <>\"") != std::string::npos)
           return std::string("must be an e-mail address");
         s.mail_from_address = v;
         return std::string();
       }},
      {{"mail.from_name", "string", "\"\"", "The From display name; empty: mail.company_name"},
       [](Settings& s, const std::string& v) {
         s.mail_from_name = v;
         return std::string();
       }},
      {{"mail.support_address", "string", "\"\"",
        "The address customers write to; replies go to its +token form (support+TOKEN@domain); empty: "
        "mail.from_address"},
       [](Settings& s, const std::string& v) {
         if (!v.empty() && (v.find('@') == std::string::npos || v.find_first_of(" <>\"") != std::string::npos))
           return std::string("must be empty or an e-mail address");
         s.mail_support_address = v;
         return std::string();
       }},
      {{"mail.company_name", "string", "Chamado", "The company name in every e-mail and e-mail page"},
       [](Settings& s, const std::string& v) {
         s.mail_company_name = v;
         return std::string();
       }},
      {{"mail.logo_url", "string", "\"\"", "An https:// URL of the logo shown in HTML e-mails; empty: none"},
       [](Settings& s, const std::string& v) {
         s.mail_logo_url = v;
         return std::string();
       }},
      {{"mail.footer", "string", "\"\"", "A line at the foot of every e-mail (address, legal text)"},
       [](Settings& s, const std::string& v) {
         s.mail_footer = v;
         return std::string();
       }},
      {{"mail.templates_dir", "string", "\"\"",
        "A directory of template files that replace the shipped ones of the same name"},
       [](Settings& s, const std::string& v) {
         s.mail_templates_dir = v;
         return std::string();
       }},
      {{"mail.link_secret", "string", "\"\"",
        "The key that signs reply addresses; empty: a random one kept in DATA/mail-secret (every node of a PostgreSQL "
        "help desk needs the same one)"},
       [](Settings& s, const std::string& v) {
         s.mail_link_secret = v;
         return std::string();
       }},
      {{"mail.max_attempts", "int", "10", "Delivery attempts before a message becomes a dead letter"},
       [](Settings& s, const std::string& v) { return SetInt(s.mail_max_attempts, v, 1, 100); }},
      {{"mail.retry_base_seconds", "int", "30", "The first retry's delay; each next one doubles"},
       [](Settings& s, const std::string& v) { return SetInt(s.mail_retry_base_seconds, v, 1, 86400); }},
      {{"mail.retry_max_seconds", "int", "3600", "The longest delay between two attempts"},
       [](Settings& s, const std::string& v) { return SetInt(s.mail_retry_max_seconds, v, 1, 604800); }},
      {{"mail.poll_ms", "int", "1000", "The outbox worker's idle poll (a commit that queues mail wakes it at once)"},
       [](Settings& s, const std::string& v) { return SetInt(s.mail_poll_ms, v, 10, 600000); }},
      {{"mail.auto_replies_per_hour", "int", "5",
        "At most this many automatic replies per sender per hour (loop protection)"},
       [](Settings& s, const std::string& v) { return SetInt(s.mail_auto_replies_per_hour, v, 0, 10000); }},
      {{"mail.inbound_per_sender_per_hour", "int", "30",
        "More messages than this per sender per hour go to suspended tickets"},
       [](Settings& s, const std::string& v) { return SetInt(s.mail_inbound_per_sender_per_hour, v, 1, 1000000); }},
      {{"mail.imap.url", "string", "\"\"",
        "imap://HOST:PORT/INBOX or imaps://HOST:PORT/INBOX to poll; empty: no polling"},
       [](Settings& s, const std::string& v) {
         if (!v.empty() && !v.starts_with("imap://") && !v.starts_with("imaps://"))
           return std::string("must be empty or start with imap:// or imaps://");
         s.mail_imap_url = v;
         return std::string();
       }},
      {{"mail.imap.user", "string", "\"\"", "IMAP login"},
       [](Settings& s, const std::string& v) {
         s.mail_imap_user = v;
         return std::string();
       }},
      {{"mail.imap.password", "string", "\"\"", "IMAP password"},
       [](Settings& s, const std::string& v) {
         s.mail_imap_password = v;
         return std::string();
       }},
      {{"mail.imap.poll_seconds", "int", "60", "Seconds between two IMAP polls"},
       [](Settings& s, const std::string& v) { return SetInt(s.mail_imap_poll_seconds, v, 1, 86400); }},
      {{"mail.imap.move_to", "string", "\"\"", "A folder stored messages are moved to; empty: they are marked seen"},
       [](Settings& s, const std::string& v) {
         s.mail_imap_move_to = v;
         return std::string();
       }},
      {{"self_help.file", "string", "\"\"",
        "A TOML file of self-help answers per topic and locale (docs/email.md); empty: no self-help e-mails"},
       [](Settings& s, const std::string& v) {
         s.self_help_file = v;
         return std::string();
       }},
      // ---- accounts and sign-in (issue 8; docs/accounts.md)
      {{"auth.signup", "bool", "true",
        "Anyone may sign up at POST /api/v2/chamado/auth/signup (false: 403; people still get accounts by "
        "writing in, and set a password through \"forgot my password\")"},
       [](Settings& s, const std::string& v) { return SetBool(s.auth_signup, v); }},
      {{"auth.session_idle_minutes", "int", "1440", "A browser session unused this many minutes ends"},
       [](Settings& s, const std::string& v) { return SetInt(s.auth_session_idle_minutes, v, 1, 5256000); }},
      {{"auth.session_absolute_hours", "int", "720", "A browser session ends this many hours after sign-in"},
       [](Settings& s, const std::string& v) { return SetInt(s.auth_session_absolute_hours, v, 1, 87600); }},
      {{"auth.verify_link_hours", "int", "48", "Hours an e-mail verification link stays valid"},
       [](Settings& s, const std::string& v) { return SetInt(s.auth_verify_link_hours, v, 1, 8760); }},
      {{"auth.reset_link_minutes", "int", "60", "Minutes a password reset link stays valid"},
       [](Settings& s, const std::string& v) { return SetInt(s.auth_reset_link_minutes, v, 1, 10080); }},
      {{"auth.login_failures_per_account", "int", "10",
        "Failed logins per e-mail within auth.login_window_minutes; more are refused with 429 and Retry-After"},
       [](Settings& s, const std::string& v) { return SetInt(s.auth_login_failures_per_account, v, 1, 1000000); }},
      {{"auth.login_failures_per_ip", "int", "100",
        "Failed logins per client address within auth.login_window_minutes; more are refused with 429"},
       [](Settings& s, const std::string& v) { return SetInt(s.auth_login_failures_per_ip, v, 1, 1000000); }},
      {{"auth.login_window_minutes", "int", "15", "The window of the failed-login limits, in minutes"},
       [](Settings& s, const std::string& v) { return SetInt(s.auth_login_window_minutes, v, 1, 10080); }},
      {{"auth.mails_per_address_per_hour", "int", "5",
        "Sign-up, verification and password-reset mails asked for one e-mail address per hour"},
       [](Settings& s, const std::string& v) { return SetInt(s.auth_mails_per_address_per_hour, v, 1, 10000); }},
      {{"auth.mails_per_ip_per_hour", "int", "50",
        "Sign-up, verification and password-reset mails asked from one client address per hour"},
       [](Settings& s, const std::string& v) { return SetInt(s.auth_mails_per_ip_per_hour, v, 1, 1000000); }},
      {{"auth.argon2_opslimit", "int", "2", "argon2id passes (libsodium opslimit; 2 is its INTERACTIVE figure)"},
       [](Settings& s, const std::string& v) { return SetInt(s.auth_argon2_opslimit, v, 1, 100); }},
      {{"auth.argon2_memlimit_kib", "int", "65536",
        "argon2id memory per hash in KiB (65536 = 64 MiB, libsodium's INTERACTIVE figure)"},
       [](Settings& s, const std::string& v) { return SetInt(s.auth_argon2_memlimit_kib, v, 8, 4194304); }},
      {{"auth.hash_concurrency", "int", "0",
        "Password hashes computed at once at most (the rest wait their turn); 0: the number of cores"},
       [](Settings& s, const std::string& v) { return SetInt(s.auth_hash_concurrency, v, 0, 1024); }},
      {{"sso.jwt_secret", "string", "\"\"",
        "The shared secret of JWT single sign-on (HS256) at /access/jwt; empty: SSO off"},
       [](Settings& s, const std::string& v) {
         s.sso_jwt_secret = v;
         return std::string();
       }},
      {{"sso.remote_login_url", "string", "\"\"",
        "Where /access/login sends a browser to sign in (the company's product), with return_to; empty: our own "
        "login page"},
       [](Settings& s, const std::string& v) {
         if (!v.empty() && !v.starts_with("http://") && !v.starts_with("https://"))
           return std::string("must be empty or start with http:// or https://");
         s.sso_remote_login_url = v;
         return std::string();
       }},
      {{"sso.remote_logout_url", "string", "\"\"",
        "Where /access/logout sends a browser after ending its session; empty: return_to on our own origin"},
       [](Settings& s, const std::string& v) {
         if (!v.empty() && !v.starts_with("http://") && !v.starts_with("https://"))
           return std::string("must be empty or start with http:// or https://");
         s.sso_remote_logout_url = v;
         return std::string();
       }},
      {{"sso.clock_skew_seconds", "int", "180",
        "How far a JWT's iat may be from our clock, either way (Zendesk: 3 minutes)"},
       [](Settings& s, const std::string& v) { return SetInt(s.sso_clock_skew_seconds, v, 0, 3600); }},
      {{"log.level", "string", "info", "debug, info, warn or error"},
       [](Settings& s, const std::string& v) {
         if (v != "debug" && v != "info" && v != "warn" && v != "error")
           return std::string("must be debug, info, warn or error");
         s.log_level = v;
         return std::string();
       }},
  };
  return k;
}

std::string EnvName(const std::string& key) {
  std::string e = "CHAMADO_";
  for (char c : key) e.push_back(c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return e;
}

}  // namespace

const std::vector<SettingInfo>& AllSettings() {
  static const std::vector<SettingInfo> k = [] {
    std::vector<SettingInfo> v;
    for (const auto& b : Bindings()) v.push_back(b.info);
    return v;
  }();
  return k;
}

Result<Settings> LoadSettings(const std::string& path, bool must_exist,
                              const std::function<const char*(const char*)>& getenv) {
  Settings s;
  if (std::filesystem::exists(path)) {
    toml::table tbl;
    try {
      tbl = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
      return Fail(
          Error::BadRequest(path + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description())));
    }
    // Unknown keys are errors: a typo must not silently fall back to a default. Sections may
    // nest one level ([mail.imap] url = ... is mail.imap.url).
    std::function<Result<void>(const std::string&, const toml::table&)> walk =
        [&](const std::string& prefix, const toml::table& sub) -> Result<void> {
      for (const auto& [k, v] : sub) {
        const std::string key = prefix + "." + std::string(k.str());
        const std::string where = path + ":" + std::to_string(v.source().begin.line);
        if (const auto* inner = v.as_table()) {
          const bool known_prefix = std::any_of(Bindings().begin(), Bindings().end(),
                                                [&](const Binding& b) { return b.info.key.starts_with(key + "."); });
          if (!known_prefix) return Fail(Error::BadRequest(where + ": unknown section '" + key + "'"));
          if (auto ok = walk(key, *inner); !ok) return ok;
          continue;
        }
        auto it =
            std::find_if(Bindings().begin(), Bindings().end(), [&](const Binding& b) { return b.info.key == key; });
        if (it == Bindings().end()) return Fail(Error::BadRequest(where + ": unknown setting '" + key + "'"));
        std::string text;
        if (auto str = v.value<std::string>(); str && v.is_string())
          text = *str;
        else if (v.is_integer())
          text = std::to_string(*v.value<std::int64_t>());
        else if (v.is_boolean())
          text = *v.value<bool>() ? "true" : "false";
        else
          return Fail(Error::BadRequest(where + ": '" + key + "' must be a " + it->info.type));
        if (it->info.type == "string" && !v.is_string())
          return Fail(Error::BadRequest(where + ": '" + key + "' must be a string"));
        if (auto err = it->set(s, text); !err.empty()) return Fail(Error::BadRequest(where + ": '" + key + "' " + err));
      }
      return {};
    };
    for (const auto& [section, node] : tbl) {
      const auto* sub = node.as_table();
      if (!sub)
        return Fail(Error::BadRequest(path + ":" + std::to_string(node.source().begin.line) + ": '" +
                                      std::string(section.str()) + "' must be a [section]"));
      if (auto ok = walk(std::string(section.str()), *sub); !ok) return Fail(ok.error());
    }
  } else if (must_exist) {
    return Fail(Error::BadRequest(path + ": no such config file"));
  }
  for (const auto& b : Bindings()) {
    const std::string env = EnvName(b.info.key);
    if (const char* v = getenv(env.c_str())) {
      if (auto err = b.set(s, v); !err.empty()) return Fail(Error::BadRequest("environment " + env + ": " + err));
    }
  }
  return s;
}

}  // namespace chamado::config
