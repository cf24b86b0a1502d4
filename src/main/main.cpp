// Composition root: read configuration, build adapters, hand them to use cases, run.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <thread>

#include "adapters/clock/clock.hpp"
#include "adapters/config/settings.hpp"
#include "adapters/config/workflow_loader.hpp"
#include "adapters/crypto/crypto.hpp"
#include "adapters/http/api.hpp"
#include "adapters/http/json_mapping.hpp"
#include "adapters/http/proxies.hpp"
#include "adapters/http/rate_limit.hpp"
#include "adapters/http/server.hpp"
#include "adapters/sqlite/db.hpp"
#include "adapters/sqlite/store.hpp"
#include "main/backup_cmd.hpp"
#include "main/demo.hpp"
#include "main/logger.hpp"

namespace fs = std::filesystem;
using namespace chamado;

namespace {

constexpr int kUsageError = 2;

struct Common {
  std::string data = "./data";
  std::string config;
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

// Opens the store; `create` for serve/migrate, which may create the data dir.
std::unique_ptr<sqlite::SqliteStore> OpenStore(const Common& c, bool create, std::string& err) {
  if (!fs::exists(c.data)) {
    if (!create) {
      err = c.data + ": no such data directory (run 'chamado migrate --data " + c.data + "' first)";
      return nullptr;
    }
    std::error_code ec;
    fs::create_directories(c.data, ec);
    if (ec) {
      err = c.data + ": cannot create data directory: " + ec.message();
      return nullptr;
    }
  } else if (!fs::is_directory(c.data)) {
    err = c.data + ": not a directory";
    return nullptr;
  }
  if (!create && !fs::exists(c.DbPath())) {
    err = c.DbPath().string() + ": no database in the data directory (run 'chamado migrate' first)";
    return nullptr;
  }
  try {
    return std::make_unique<sqlite::SqliteStore>(c.DbPath(), create);
  } catch (const std::exception& e) {
    err = c.DbPath().string() + ": " + e.what();
    return nullptr;
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

int Serve(const Common& c, const std::string& listen_flag, const std::string& clock_flag) {
  std::string err;
  auto settings = LoadConfig(c, err);
  if (!settings) return Die(err);
  if (!listen_flag.empty()) settings->listen = listen_flag;
  if (!clock_flag.empty() && clock_flag != "manual" && clock_flag != "system")
    return Die("--clock must be 'manual' or 'system'");
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

  auto store = OpenStore(c, true, err);
  if (!store) return Die(err);
  JsonLogger log(settings->log_level);
  crypto::SodiumCrypto crypto;
  std::unique_ptr<app::Clock> clock;
  app::ManualClock* manual = nullptr;
  if (clock_flag == "manual") {
    auto m = std::make_unique<clock::MemoryManualClock>();
    manual = m.get();
    clock = std::move(m);
  } else {
    clock = std::make_unique<clock::SystemClock>();
  }
  app::Settings app_settings{settings->anonymous_requests};
  app::TicketService tickets(*store, *clock, *wf, app_settings);
  app::DirectoryService directory(*store, *clock, crypto);
  http::Api api(http::ApiDeps{*store, crypto, *clock, manual, tickets, directory, *wf, limiter.get(), &*proxies});
  http::ServerOptions opts;
  opts.host = host;
  opts.port = static_cast<std::uint16_t>(port);
  opts.io_threads = settings->io_threads;
  opts.worker_threads = settings->worker_threads;
  opts.body_limit = static_cast<std::size_t>(settings->body_limit_bytes);
  opts.runs_on_io_thread = &http::Api::IsQuickRead;
  http::Server server(
      opts, [&api](http::Request& r) { return api.Handle(r); }, log);
  std::uint16_t bound = 0;
  try {
    bound = server.Listen();
  } catch (const std::exception& e) {
    return Die("cannot listen on " + settings->listen + ": " + e.what());
  }
  std::cout << "listening on http://" << host << ":" << bound << std::endl;
  log.Info("started", "workflow " + wf->name + ", data " + c.data + (manual ? ", manual clock" : "") +
                          (limiter ? ", rate limits on" : ""));

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
  log.Info("stopped", "clean exit");
  return 0;
}

int Migrate(const Common& c) {
  std::string err;
  if (!LoadConfig(c, err)) return Die(err);
  auto store = OpenStore(c, true, err);
  if (!store) return Die(err);
  std::cout << "schema at version " << store->migrations().current << " (" << store->migrations().applied
            << " migrations applied now)\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Chamado: a self-hosted help desk speaking the Zendesk Support API v2"};
  cli.require_subcommand(1);
  cli.fallthrough();
  Common common;
  cli.add_option("--data", common.data, "Data directory (default ./data)");
  cli.add_option("--config", common.config, "Config file (default DATA/chamado.toml)");

  std::string listen, clock_mode;
  auto* serve = cli.add_subcommand("serve", "Serve the API");
  serve->add_option("--listen", listen, "HOST:PORT (port 0 picks a free port)");
  serve->add_option("--clock", clock_mode, "system (default) or manual (tests move it through the API)");

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

  auto* demo = cli.add_subcommand("demo", "Fill an empty help desk with demo data; print logins and tokens");

  std::string backup_to, restore_from;
  int step_pages = 256;
  auto* backup = cli.add_subcommand("backup", "Back up the data dir (database and attachments) while it runs");
  backup->add_option("--to", backup_to, "The backup file to write (atomically: FILE.tmp, then renamed)")->required();
  backup->add_option("--step-pages", step_pages, "Database pages copied per step (default 256)")
      ->check(CLI::Range(1, 1 << 20));
  auto* restore = cli.add_subcommand("restore", "Restore a backup into an empty or missing data dir");
  restore->add_option("--from", restore_from, "The backup file")->required();

  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string what = e.what();
    if (auto nl = what.find('\n'); nl != std::string::npos) what.resize(nl);
    return Die(what + " (see chamado --help)");
  }

  if (serve->parsed()) return Serve(common, listen, clock_mode);
  if (migrate->parsed()) return Migrate(common);
  // Neither reads the config: a backup must work whatever state the config is in.
  if (backup->parsed()) return RunBackup(common.data, backup_to, step_pages);
  if (restore->parsed()) return RunRestore(restore_from, common.data);

  std::string err;
  auto settings = LoadConfig(common, err);
  if (!settings) return Die(err);
  auto store = OpenStore(common, false, err);
  if (!store) return Die(err);
  crypto::SodiumCrypto crypto;
  clock::SystemClock clk;
  app::DirectoryService directory(*store, clk, crypto);

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
    auto t = directory.AdminAddToken(email);
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
