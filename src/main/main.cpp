// Composition root: read configuration, build adapters, hand them to use cases, run.
#include <CLI/CLI.hpp>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <thread>

#include "adapters/clock/clock.hpp"
#include "adapters/config/holiday_sets.hpp"
#include "adapters/config/settings.hpp"
#include "adapters/config/workflow_loader.hpp"
#include "adapters/crypto/crypto.hpp"
#include "adapters/http/api.hpp"
#include "adapters/http/json_mapping.hpp"
#include "adapters/http/proxies.hpp"
#include "adapters/http/rate_limit.hpp"
#include "adapters/http/server.hpp"
#include "adapters/postgres/clock.hpp"
#include "adapters/postgres/listener.hpp"
#include "adapters/postgres/store.hpp"
#include "adapters/scheduler/scheduler.hpp"
#include "adapters/sqlite/db.hpp"
#include "adapters/sqlite/store.hpp"
#include "app/attachments.hpp"
#include "app/sla.hpp"
#include "app/timers.hpp"
#include "main/accounts_cmd.hpp"
#include "main/accounts_wiring.hpp"
#include "main/backup_cmd.hpp"
#include "main/blobs_wiring.hpp"
#include "main/demo.hpp"
#include "main/logger.hpp"
#include "main/mail_wiring.hpp"
#include "main/mailgate_cmd.hpp"
#include "main/store_copy.hpp"
#include "main/web_assets.hpp"

namespace fs = std::filesystem;
using namespace chamado;

namespace {

constexpr int kUsageError = 2;

struct Common {
  std::string data = "./data";
  std::string config;
  std::string db;           // --db: a PostgreSQL URL in place of SQLite in the data dir
  bool data_given = false;  // --data was on the command line
  fs::path DbPath() const { return fs::path(data) / "chamado.db"; }
  std::string ConfigPath() const { return config.empty() ? (fs::path(data) / "chamado.toml").string() : config; }
};

int Die(const std::string& msg) {
  std::cerr << "chamado: " << msg << "\n";
  return kUsageError;
}

std::string ReadStdinLine() {
  std::string s;
  std::getline(std::cin, s);
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n')) s.pop_back();
  return s;
}

// The store a command works on: SQLite in the data dir, or PostgreSQL when --db or
// store.db names one. `pg` is set for PostgreSQL (the manual clock lives there).
struct OpenedStore {
  std::unique_ptr<app::Store> store;
  postgres::PgStore* pg = nullptr;
  int schema_version = 0;
  int migrations_applied = 0;
  std::string where;  // for logs: the data file or the database URL without credentials
};

// Opens the store; `create` for serve/migrate, which may create the data dir. `serving`:
// PostgreSQL keeps its node cache (store.cache) and listens for invalidations.
std::optional<OpenedStore> OpenStore(const Common& c, const config::Settings& settings, bool create, std::string& err,
                                     bool serving = false) {
  OpenedStore out;
  const std::string url = c.db.empty() ? settings.store_db : c.db;
  // The data dir holds the config (and files) on either store: checked the same way, except
  // that a PostgreSQL command without --data may run anywhere (an operator's shell).
  const bool anywhere = !url.empty() && !c.data_given && !create;
  if (!anywhere) {
    if (!fs::exists(c.data)) {
      if (!create) {
        err = c.data + ": no such data directory (run 'chamado migrate --data " + c.data + "' first)";
        return std::nullopt;
      }
      std::error_code ec;
      fs::create_directories(c.data, ec);
      if (ec) {
        err = c.data + ": cannot create data directory: " + ec.message();
        return std::nullopt;
      }
    } else if (!fs::is_directory(c.data)) {
      err = c.data + ": not a directory";
      return std::nullopt;
    }
  }
  if (!url.empty()) {
    if (!url.starts_with("postgresql://") && !url.starts_with("postgres://")) {
      err = "--db must be a postgresql:// URL (leave it out for SQLite in the data dir)";
      return std::nullopt;
    }
    try {
      postgres::PgStoreOptions opts;
      opts.pool_size = static_cast<std::size_t>(settings.store_pool_size);
      opts.cache = serving && settings.store_cache;
      auto pg = std::make_unique<postgres::PgStore>(url, opts);
      out.pg = pg.get();
      out.schema_version = pg->migrations().current;
      out.migrations_applied = pg->migrations().applied;
      out.store = std::move(pg);
      out.where = RedactedUrl(url);
      return out;
    } catch (const std::exception& e) {
      err = RedactedUrl(url) + ": " + e.what();
      return std::nullopt;
    }
  }
  if (!create && !fs::exists(c.DbPath())) {
    err = c.DbPath().string() + ": no database in the data directory (run 'chamado migrate' first)";
    return std::nullopt;
  }
  try {
    auto lite = std::make_unique<sqlite::SqliteStore>(c.DbPath(), create);
    out.schema_version = lite->migrations().current;
    out.migrations_applied = lite->migrations().applied;
    out.store = std::move(lite);
    out.where = c.DbPath().string();
    return out;
  } catch (const std::exception& e) {
    err = c.DbPath().string() + ": " + e.what();
    return std::nullopt;
  }
}

std::optional<config::Settings> LoadConfig(const Common& c, std::string& err) {
  auto s = config::LoadSettings(c.ConfigPath(), !c.config.empty(), [](const char* n) { return std::getenv(n); });
  if (!s) {
    err = s.error().description;
    return std::nullopt;
  }
  return *s;
}

// The same JSON as GET /users/{id}, with URLs on the configured public URL.
std::string UserLine(const User& u, std::string base) {
  while (!base.empty() && base.back() == '/') base.pop_back();
  http::Urls urls{base};
  return boost::json::serialize(boost::json::object{{"user", http::UserJson(u, urls)}});
}

int Serve(const Common& c, const std::string& listen_flag, const std::string& clock_flag,
          const std::string& clock_start, const std::string& web_dir) {
  if (!web_dir.empty() && !std::filesystem::is_regular_file(std::filesystem::path(web_dir) / "index.html"))
    return Die("--web: " + web_dir + "/index.html not found (build it: cd web && npm run build)");
  std::string err;
  auto settings = LoadConfig(c, err);
  if (!settings) return Die(err);
  if (!listen_flag.empty()) settings->listen = listen_flag;
  if (!clock_flag.empty() && clock_flag != "manual" && clock_flag != "system")
    return Die("--clock must be 'manual' or 'system'");
  // ---- timers: a manual clock that starts at a given time (a test restarting a server "days later")
  std::optional<Instant> clock_start_at;
  if (!clock_start.empty()) {
    if (clock_flag != "manual") return Die("--clock-start needs --clock=manual");
    clock_start_at = ParseIso(clock_start);
    if (!clock_start_at) return Die("--clock-start: '" + clock_start + "' is not an ISO 8601 time");
  }
  auto colon = settings->listen.rfind(':');
  if (colon == std::string::npos) return Die("--listen must be HOST:PORT");
  std::string host = settings->listen.substr(0, colon);
  int port = 0;
  try {
    port = std::stoi(settings->listen.substr(colon + 1));
  } catch (...) {
    return Die("--listen must be HOST:PORT");
  }
  if (port < 0 || port > 65535) return Die("--listen: port out of range");
  auto wf = config::LoadWorkflow(settings->workflow);
  if (!wf) return Die(wf.error().description);
  auto proxies = http::TrustedProxies::Parse(settings->trusted_proxies);
  if (!proxies) return Die("server.trusted_proxies: " + proxies.error().description);
  std::unique_ptr<http::RateLimiter> limiter;
  if (settings->limits_enabled)
    limiter = std::make_unique<http::RateLimiter>(
        http::RateLimitOptions{settings->limits_per_user_per_minute, settings->limits_per_ip_per_minute});

  // Block the stop signals before any thread starts, so only the waiter sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto opened = OpenStore(c, *settings, true, err, /*serving=*/true);
  if (!opened) return Die(err);
  auto& store = opened->store;
  JsonLogger log(settings->log_level);
  crypto::SodiumCrypto crypto(Argon2ParamsFrom(*settings));  // ---- accounts: [auth] argon2_*
  std::unique_ptr<app::Clock> clock;
  app::ManualClock* manual = nullptr;
  if (clock_flag == "manual" && opened->pg) {
    // Shared by every node of the database.
    auto m = std::make_unique<postgres::PgManualClock>(*opened->pg);
    manual = m.get();
    clock = std::move(m);
  } else if (clock_flag == "manual") {
    auto m = std::make_unique<clock::MemoryManualClock>();
    manual = m.get();
    clock = std::move(m);
  } else {
    clock = std::make_unique<clock::SystemClock>();
  }
  if (manual && clock_start_at) {
    try {
      manual->Set(*clock_start_at);
    } catch (const std::exception& e) {
      return Die(std::string("--clock-start: ") + e.what());
    }
  }
  app::Settings app_settings{settings->anonymous_requests};
  app_settings.satisfaction_window_days = settings->satisfaction_window_days;  // ---- satisfaction
  // ---- priority from volume: [escalation] volume_threshold, volume_window_hours
  app_settings.priority_volume = {settings->escalation_volume_threshold,
                                  std::chrono::hours(settings->escalation_volume_window_hours)};
  // ---- duplicates: [duplicates] checked against the workflow and the ticket fields
  auto duplicates = app::ResolveDuplicates(settings->duplicates_mode, settings->duplicates_window_days,
                                           settings->duplicates_topic_field, *wf);
  if (!duplicates) return Die(duplicates.error().fields.at(0).description);
  if (!duplicates->topic_field.empty()) {
    bool known = false;
    auto fields = store->Read([&](app::ReadTx& tx) -> Result<void> {
      for (const auto& f : tx.ListTicketFields()) known = known || f.key == duplicates->topic_field;
      return {};
    });
    if (!fields) return Die(fields.error().description);
    if (!known) return Die("duplicates.topic_field: no ticket field has the key '" + duplicates->topic_field + "'");
  }
  app_settings.duplicates = *duplicates;
  // ---- attachments: limits, and the blob store, file types and virus scanner (main/blobs_wiring.hpp)
  const app::AttachmentSettings attachment_settings{
      AttachmentLimits{settings->attachments_max_files, std::int64_t{settings->attachments_max_total_mb} * 1024 * 1024},
      std::chrono::minutes(settings->attachments_upload_ttl_minutes)};
  app_settings.attachment_limits = attachment_settings.limits;
  auto blob_services = MakeBlobServices(*settings, c.data, opened->pg);
  if (!blob_services) return Die(blob_services.error().description);
  for (const auto& w : blob_services->warnings) log.Warn("attachments", w);
  app::TicketService tickets(*store, *clock, *wf, app_settings);
  app::DirectoryService directory(*store, *clock, crypto);
  app::AttachmentService attachments(*store, *clock, crypto, *blob_services->store, *blob_services->file_types,
                                     blob_services->scanner.get(), attachment_settings, &log);
  // Durable timers: every node fires due ones; the store's claim makes each fire once. The
  // scheduler sleeps until the next due timer; the store wakes it when a write arms an earlier
  // one, and on PostgreSQL so do the other nodes (NOTIFY chamado_timers).
  app::TimerService timers(*store, *wf, scheduler::NodeName());
  scheduler::Scheduler timer_scheduler(
      timers, *clock, log,
      {.max_sleep = std::chrono::milliseconds(settings->scheduler_max_sleep_ms),
       .retry = std::chrono::milliseconds(std::min(1000, settings->scheduler_max_sleep_ms))});
  store->OnTimerScheduled([&timer_scheduler](Instant due) { timer_scheduler.Wake(due); });
  std::unique_ptr<postgres::Listener> timer_listener;
  if (opened->pg)
    timer_listener = std::make_unique<postgres::Listener>(
        opened->pg->Url(),
        [&timer_scheduler](std::string_view payload) {
          std::int64_t due = 0;
          auto [end, ec] = std::from_chars(payload.data(), payload.data() + payload.size(), due);
          if (ec == std::errc() && end == payload.data() + payload.size())
            timer_scheduler.Wake(FromUnix(due));
          else
            timer_scheduler.Wake();  // "clock" (the manual clock moved) or "*" (notifications lost)
        },
        std::string(postgres::kTimersChannel));
  http::ApiDeps api_deps{*store, crypto, *clock, manual, tickets, directory, *wf, limiter.get(), &*proxies};
  // ---- timers: the manual clock's endpoint answers once what it made due has fired
  api_deps.catch_up_timers = [&timer_scheduler] { return timer_scheduler.CatchUp(std::chrono::seconds(30)); };
  api_deps.attachments = &attachments;  // ---- attachments
  // ---- portal: the web app embedded at build time, or --web DIR (developing the UI)
  std::unique_ptr<http::StaticSite> site =
      web_dir.empty() ? http::EmbeddedSite(web::Files()) : http::DirectorySite(web_dir);
  api_deps.site = site.get();
  // ---- mail (main/mail_wiring.hpp): transport, notifications, the outbox worker. The manual
  // clock's endpoint also sends what the new time made due (retries, and the mail the timers
  // it fired queued) before it answers, so tests need not wait for the worker's poll.
  auto mail = StartMail(*settings, c.data, *store, *clock, crypto, log);
  if (!mail) return Die(mail.error().description);
  MailServices& mail_services = **mail;
  api_deps.outbox = mail_services.outbox.get();
  api_deps.mail_renderer = mail_services.renderer.get();  // ---- e-mail links' pages
  // ---- inbound mail: the mailgate's endpoint, suspended tickets, IMAP polling
  if (auto in = StartMailIntake(mail_services, *settings, c.data, *store, *clock, crypto, tickets, &attachments,
                                *blob_services->store, log);
      !in)
    return Die(in.error().description);
  api_deps.mail_intake = mail_services.intake.get();
  // ---- schedules: business-hours calendars on the shipped holiday sets (config/holidays, embedded)
  app::CalendarService calendars(*store, *clock, config::ShippedHolidaySets());
  api_deps.calendars = &calendars;
  // ---- sla: [sla] resolved (the topic field's key to its id), the calendars every ticket write
  // computes its targets on (set above by the schedules' wiring), and the SLA timers' handlers.
  app::SlaSettings sla_settings;
  sla_settings.warn_before = std::chrono::minutes(settings->sla_warn_before_minutes);
  if (!settings->sla_topic_field.empty()) {
    auto fields = store->Read([&](app::ReadTx& tx) -> Result<void> {
      for (const auto& f : tx.ListTicketFields())
        if (f.key == settings->sla_topic_field) sla_settings.topic_field_id = f.id;
      return {};
    });
    if (!fields) return Die(fields.error().description);
    if (!sla_settings.topic_field_id)
      return Die("sla.topic_field: no ticket field has the key '" + settings->sla_topic_field + "'");
  }
  app::ConfigureSla(sla_settings, api_deps.calendars);
  app::RegisterSlaTimers(timers);
  // ---- accounts (main/accounts_wiring.hpp): sign-in and sessions, SSO, tokens, LGPD; expired
  // sessions swept every few minutes of the clock's time
  AccountServices accounts(*settings, *store, *clock, crypto, blob_services->store.get());
  api_deps.accounts = accounts.accounts.get();
  api_deps.sso = accounts.sso.get();
  api_deps.staff = accounts.staff.get();
  api_deps.privacy = accounts.privacy.get();
  AddSessionSweep(timer_scheduler, *accounts.accounts);
  AccountMailPass account_mail(*accounts.accounts, log);  // forgot-password mails, after the answer
  // The manual clock's endpoint also settles recorded forgot-password asks before the outbox
  // drain (tests read the mail right after it, as for every other mail).
  api_deps.catch_up_timers = [&timer_scheduler, &mail_services, &clock, &accounts]() -> Result<int> {
    auto fired = timer_scheduler.CatchUp(std::chrono::seconds(30));
    if (!fired) return fired;
    if (auto asks = accounts.accounts->DrainPendingMails(); !asks) return Fail(asks.error());
    if (auto sent = mail_services.outbox->DrainDue(clock->Now()); !sent) return Fail(sent.error());
    return *fired;
  };
  http::Api api(api_deps);
  http::ServerOptions opts;
  opts.host = host;
  opts.port = static_cast<std::uint16_t>(port);
  opts.io_threads = settings->io_threads;
  opts.worker_threads = settings->worker_threads;
  opts.body_limit = static_cast<std::size_t>(settings->body_limit_bytes);
  // Quick reads touch only SQLite's page cache; on PostgreSQL every read is a network
  // round trip, so all requests go to the worker pool.
  if (!opened->pg) opts.runs_on_io_thread = &http::Api::IsQuickRead;
  // ---- uploads: bodies of POST /uploads go to files in DATA/tmp (serve always has a data
  // dir), refused past the per-message total before they are read.
  opts.spools_body = &http::Api::SpoolsBody;
  opts.spool_dir = (fs::path(c.data) / "tmp").string();
  opts.spool_limit = static_cast<std::uint64_t>(settings->attachments_max_total_mb) * 1024 * 1024;
  // ---- inbound mail: a message carries its attachments base64-encoded (4/3 of their size)
  // plus its text and headers: the attachment total, encoded, + 5 MB.
  opts.spool_limit_of = [total = opts.spool_limit](const http::Request& r) -> std::uint64_t {
    if (r.path == "/api/v2/chamado/mail/inbound") return total / 3 * 4 + 5ull * 1024 * 1024;
    return total;
  };
  http::Server server(
      opts, [&api](http::Request& r) { return api.Handle(r); }, log);
  std::uint16_t bound = 0;
  try {
    bound = server.Listen();
  } catch (const std::exception& e) {
    return Die("cannot listen on " + settings->listen + ": " + e.what());
  }
  std::cout << "listening on http://" << host << ":" << bound << std::endl;
  log.Info("started", "workflow " + wf->name + ", store " + opened->where + (manual ? ", manual clock" : "") +
                          (limiter ? ", rate limits on" : "") +
                          (opened->pg && opened->pg->cache() ? ", node cache on" : "") + ", " + blob_services->where);
  // ---- attachments: unattached uploads past their expiry go, with the blobs no one refers to,
  // checked each minute of the clock's time (the manual clock's too).
  timer_scheduler.AddJob("uploads_expired", std::chrono::seconds(60), [&attachments](Instant now) -> Result<int> {
    int total = 0;
    for (;;) {
      constexpr int kBatch = 100;
      auto n = attachments.ExpireUploads(now, kBatch);
      if (!n) return n;
      total += *n;
      if (*n < kBatch) return total;
    }
  });
  timer_scheduler.Start();
  log.Info("mail", mail_services.where);  // ---- mail

  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    log.Info("stopping",
             sig == SIGTERM ? "SIGTERM: draining in-flight requests" : "SIGINT: draining in-flight requests");
    server.Shutdown(10);
  });
  server.Run();
  // Wake the waiter if Run ended for another reason.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  if (timer_listener) timer_listener->Stop();
  store->OnTimerScheduled(nullptr);
  mail_services.Stop();  // ---- mail: the worker finishes the message it is sending
  timer_scheduler.Stop();
  log.Info("stopped", "clean exit");
  return 0;
}

int Migrate(const Common& c) {
  std::string err;
  auto settings = LoadConfig(c, err);
  if (!settings) return Die(err);
  auto opened = OpenStore(c, *settings, true, err);
  if (!opened) return Die(err);
  std::cout << "schema at version " << opened->schema_version << " (" << opened->migrations_applied
            << " migrations applied now)\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Chamado: a self-hosted help desk speaking the Zendesk Support API v2"};
  cli.require_subcommand(1);
  cli.fallthrough();
  Common common;
  auto* data_opt = cli.add_option("--data", common.data, "Data directory (default ./data)");
  cli.add_option("--config", common.config, "Config file (default DATA/chamado.toml)");
  cli.add_option("--db", common.db, "PostgreSQL URL postgresql://USER@HOST:PORT/DB (default: SQLite in the data dir)");

  std::string listen, clock_mode, clock_start, web_dir;
  auto* serve = cli.add_subcommand("serve", "Serve the API");
  serve->add_option("--listen", listen, "HOST:PORT (port 0 picks a free port)");
  serve->add_option("--clock", clock_mode, "system (default) or manual (tests move it through the API)");
  serve->add_option("--clock-start", clock_start, "With --clock=manual: set the clock to this ISO 8601 time first");
  serve->add_option("--web", web_dir, "Serve the portal from this directory (web/dist) instead of the embedded copy");

  auto* migrate = cli.add_subcommand("migrate", "Create or upgrade the database");

  auto* admin = cli.add_subcommand("admin", "Operator commands (work while the server runs)");
  admin->require_subcommand(1);
  auto* user = admin->add_subcommand("user", "Users");
  user->require_subcommand(1);
  std::string email, name, role = "end-user";
  bool password_stdin = false;
  auto* user_add = user->add_subcommand("add", "Add a user; prints it as GET /users/{id} would");
  user_add->add_option("--email", email, "E-mail")->required();
  user_add->add_option("--name", name, "Name")->required();
  user_add->add_option("--role", role, "admin, agent or end-user")
      ->check(CLI::IsMember({"admin", "agent", "end-user"}));
  user_add->add_flag("--password-stdin", password_stdin, "Read a password from standard input");
  auto* set_pw = user->add_subcommand("set-password", "Set a user's password (read from standard input)");
  set_pw->add_option("--email", email, "E-mail")->required();
  auto* token = admin->add_subcommand("token", "API tokens");
  token->require_subcommand(1);
  auto* token_add = token->add_subcommand("add", "Create an API token; prints it on the last line");
  token_add->add_option("--email", email, "E-mail of the token's user")->required();
  std::string token_description;  // ---- accounts
  token_add->add_option("--description", token_description, "What the token is for (shown in listings)");
  AccountCommands account_cmds;  // ---- accounts: user deactivate/export/erase, token list/revoke
  account_cmds.Register(*user, *token);

  auto* demo = cli.add_subcommand("demo", "Fill an empty help desk with demo data; print logins and tokens");

  // ---- inbound mail: one message on stdin to a running server (a Postfix pipe or alias)
  std::string gate_url, gate_token, gate_recipient;
  auto* mailgate = cli.add_subcommand(
      "mailgate", "Hand one RFC 5322 message on stdin to a running server (exit 0 stored, 75 retry, 65 refused)");
  mailgate->add_option("--url", gate_url, "The server: http://HOST:PORT")->required();
  mailgate->add_option("--token", gate_token, "An agent's API token")->required();
  mailgate->add_option("--recipient", gate_recipient, "The envelope recipient (Postfix pipe: ${recipient})");

  std::string backup_to, restore_from;
  int step_pages = 256;
  auto* backup = cli.add_subcommand("backup", "Back up the data dir (database and attachments) while it runs");
  backup->add_option("--to", backup_to, "The backup file to write (atomically: FILE.tmp, then renamed)")->required();
  backup->add_option("--step-pages", step_pages, "Database pages copied per step (default 256)")
      ->check(CLI::Range(1, 1 << 20));
  auto* restore = cli.add_subcommand("restore", "Restore a backup into an empty or missing data dir");
  restore->add_option("--from", restore_from, "The backup file")->required();

  std::string copy_from, copy_to;
  auto* store_cmd = cli.add_subcommand("store", "Move a help desk between stores");
  store_cmd->require_subcommand(1);
  auto* store_copy =
      store_cmd->add_subcommand("copy", "Copy a (running) SQLite help desk into an empty PostgreSQL one");
  store_copy->add_option("--from", copy_from, "sqlite:DATA_DIR, the SQLite help desk")->required();
  store_copy->add_option("--to", copy_to, "postgresql://USER@HOST:PORT/DB, migrated first; must be empty")->required();
  // ---- attachments: files go into the database unless the nodes share a directory instead
  bool copy_no_blobs = false;
  store_copy->add_flag("--no-blobs", copy_no_blobs,
                       "Leave attachment files out of the database (nodes with storage.backend = local on a "
                       "directory they all reach)");

  try {
    cli.parse(argc, argv);
    common.data_given = data_opt->count() > 0;
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string what = e.what();
    if (auto nl = what.find('\n'); nl != std::string::npos) what.resize(nl);
    return Die(what + " (see chamado --help)");
  }

  if (mailgate->parsed()) return RunMailgate(gate_url, gate_token, gate_recipient);  // ---- inbound mail
  if (serve->parsed()) return Serve(common, listen, clock_mode, clock_start, web_dir);
  if (migrate->parsed()) return Migrate(common);
  // Neither reads the config: a backup must work whatever state the config is in.
  if (backup->parsed() || restore->parsed()) {
    // A PostgreSQL help desk is backed up with PostgreSQL's own tools.
    std::string ignored;
    auto s = LoadConfig(common, ignored);
    if (!common.db.empty() || (s && !s->store_db.empty()))
      return Die(std::string(backup->parsed() ? "backup" : "restore") +
                 " works on the SQLite data dir; back up a PostgreSQL store with pg_dump (docs/backup.md)");
  }
  // Reads no config either: both ends are named by the flags (docs/postgresql.md).
  if (store_copy->parsed()) return RunStoreCopy(copy_from, copy_to, /*copy_blobs=*/!copy_no_blobs);
  if (backup->parsed()) {
    // ---- attachments: the files live in storage.dir when the config names one (a config
    // that does not load leaves DATA/blobs: the backup must work whatever state it is in)
    std::string ignored;
    auto s = LoadConfig(common, ignored);
    return RunBackup(common.data, backup_to, step_pages, s ? s->storage_dir : "");
  }
  if (restore->parsed()) return RunRestore(restore_from, common.data);

  std::string err;
  auto settings = LoadConfig(common, err);
  if (!settings) return Die(err);
  auto opened = OpenStore(common, *settings, false, err);
  if (!opened) return Die(err);
  auto& store = opened->store;
  crypto::SodiumCrypto crypto(Argon2ParamsFrom(*settings));
  clock::SystemClock clk;
  app::DirectoryService directory(*store, clk, crypto);
  if (account_cmds.Parsed()) {  // ---- accounts (main/accounts_cmd.hpp)
    auto wf = config::LoadWorkflow(settings->workflow);
    if (!wf) return Die(wf.error().description);
    auto blobs = MakeBlobServices(*settings, common.data, opened->pg);
    if (!blobs) return Die(blobs.error().description);
    return account_cmds.Run({*store, clk, crypto, *settings, blobs->store.get(), *wf, std::cout});
  }

  if (user_add->parsed()) {
    std::optional<std::string> pw;
    if (password_stdin) pw = ReadStdinLine();
    auto u = directory.AdminAddUser(email, name, *ParseRole(role), pw);
    if (!u) return Die(u.error().fields.empty() ? u.error().description : u.error().fields[0].description);
    std::cout << UserLine(*u, settings->public_url) << "\n";
    return 0;
  }
  if (set_pw->parsed()) {
    auto r = directory.AdminSetPassword(email, ReadStdinLine());
    if (!r) return Die(r.error().fields.empty() ? r.error().description : r.error().fields[0].description);
    std::cout << "password set for " << email << "\n";
    return 0;
  }
  if (token_add->parsed()) {
    auto t = directory.AdminAddToken(email, token_description);
    if (!t) return Die(t.error().fields.empty() ? t.error().description : t.error().fields[0].description);
    std::cout << "API token for " << email << " (shown once; use Basic " << email << "/token:TOKEN or Bearer TOKEN):\n"
              << *t << "\n";
    return 0;
  }
  if (demo->parsed()) {
    auto wf = config::LoadWorkflow(settings->workflow);
    if (!wf) return Die(wf.error().description);
    return RunDemo(*store, clk, crypto, *wf, std::cout);
  }
  return Die("unknown command");
}
