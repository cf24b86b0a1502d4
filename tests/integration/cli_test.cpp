// The command-line contract: admin commands, migrate, serve's first line, and the exit code 2
// with a one-line message for usage errors, a corrupt database and a bad config.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness.hpp"

namespace it {
namespace {
namespace fs = std::filesystem;

// A temp dir removed at the end of the test; `data` is DIR/data (not created).
struct TempData {
  std::string root = MakeTempDir("chamado-cli-test");
  std::string data = root + "/data";
  ~TempData() { fs::remove_all(root); }
};

// A migrated data dir.
struct MigratedData : TempData {
  MigratedData() {
    auto r = RunCli({"migrate", "--data", data});
    if (r.exit_code != 0) throw std::runtime_error("migrate failed: " + r.err);
  }
};

bool OneLine(const std::string& s) {
  return !s.empty() && s.back() == '\n' && std::count(s.begin(), s.end(), '\n') == 1;
}

void WriteFile(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::string Sql(const std::string& db, const std::string& query) {
  int rc = 0;
  auto out = Shell("sqlite3 -readonly '" + db + "' \"" + query + "\" 2>&1", &rc);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

TEST(CliAdmin, UserAddPrintsTheUserAsTheApiWould) {
  Server s;
  auto r = RunCli(
      {"admin", "user", "add", "--data", s.data(), "--email", "Zed@Test.example", "--name", "Zed", "--role", "agent"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto printed = json::parse(r.LastLine());
  const auto& u = printed.at("user").as_object();
  EXPECT_EQ(u.at("email").as_string(), "zed@test.example");
  EXPECT_EQ(u.at("name").as_string(), "Zed");
  EXPECT_EQ(u.at("role").as_string(), "agent");
  const auto id = u.at("id").as_int64();
  ASSERT_GT(id, 0);

  // The server sees the new user at once, with the same fields.
  auto admin_id = s.AddUser("root@test.example", "Root", "admin");
  Client admin(s, "root@test.example", s.Token("root@test.example"));
  auto api = admin.Get("/api/v2/users/" + std::to_string(id));
  ASSERT_EQ(api.status, 200) << api.body;
  const auto& a = api["user"].as_object();
  for (const auto& [k, v] : a) {
    if (k == "url") continue;  // absolute, built from the request's Host
    ASSERT_TRUE(u.contains(k)) << "missing " << k;
    EXPECT_EQ(u.at(k), v) << k;
  }
  EXPECT_EQ(u.size(), a.size());
  EXPECT_NE(admin_id, id);

  // Roles outside the three are refused.
  auto bad = RunCli(
      {"admin", "user", "add", "--data", s.data(), "--email", "q@test.example", "--name", "Q", "--role", "boss"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(OneLine(bad.err)) << bad.err;
  // A duplicate e-mail is refused with a message.
  auto dup = RunCli(
      {"admin", "user", "add", "--data", s.data(), "--email", "zed@test.example", "--name", "Z", "--role", "agent"});
  EXPECT_NE(dup.exit_code, 0);
  EXPECT_NE(dup.err.find("zed@test.example"), std::string::npos) << dup.err;
}

TEST(CliAdmin, PasswordsFromStdinAreStoredHashedAndNeverOpenTheApi) {
  CHAMADO_SQLITE_ONLY("reads the stored hashes from the SQLite file with sqlite3");
  MigratedData d;
  auto r = RunCli({"admin", "user", "add", "--data", d.data, "--email", "pw@test.example", "--name", "Pw", "--role",
                   "admin", "--password-stdin"},
                  "correct horse battery\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string db = d.data + "/chamado.db";
  auto hash = Sql(db, "SELECT password_hash FROM users WHERE email='pw@test.example'");
  EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
  EXPECT_EQ(hash.find("correct horse"), std::string::npos);

  auto set =
      RunCli({"admin", "user", "set-password", "--data", d.data, "--email", "pw@test.example"}, "another password 2\n");
  ASSERT_EQ(set.exit_code, 0) << set.err;
  auto hash2 = Sql(db, "SELECT password_hash FROM users WHERE email='pw@test.example'");
  EXPECT_TRUE(hash2.starts_with("$argon2id$")) << hash2;
  EXPECT_NE(hash2, hash);

  auto too_short = RunCli({"admin", "user", "set-password", "--data", d.data, "--email", "pw@test.example"}, "short\n");
  EXPECT_EQ(too_short.exit_code, 2);
  EXPECT_TRUE(OneLine(too_short.err)) << too_short.err;
  EXPECT_EQ(Sql(db, "SELECT password_hash FROM users WHERE email='pw@test.example'"), hash2);

  auto nobody =
      RunCli({"admin", "user", "set-password", "--data", d.data, "--email", "ghost@test.example"}, "long enough 123\n");
  EXPECT_EQ(nobody.exit_code, 2);
  EXPECT_NE(nobody.err.find("ghost@test.example"), std::string::npos) << nobody.err;

  // Passwords are for the browser sign-in: Basic email:password on the API is 401.
  Server s({}, d.data);
  httplib::Client c("127.0.0.1", s.port());
  c.set_basic_auth("pw@test.example", "another password 2");
  auto res = c.Get("/api/v2/tickets.json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
}

TEST(CliAdmin, TokenWorksAtOnceOnARunningServer) {
  Server s;
  auto id = s.AddUser("live@test.example", "Live", "agent");
  auto r = RunCli({"admin", "token", "add", "--data", s.data(), "--email", "live@test.example"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string token = r.LastLine();
  ASSERT_GE(token.size(), 20u) << r.out;
  EXPECT_EQ(token.find(' '), std::string::npos) << token;

  // Stored only as a hash (looked up in the SQLite file; the rest runs on every store).
  if (!OnPostgres()) {
    auto stored =
        Sql(s.data() + "/chamado.db", "SELECT count(*) FROM api_tokens WHERE token_hash LIKE '%" + token + "%'");
    EXPECT_EQ(stored, "0");
  }

  Client basic(s, "live@test.example", token);
  auto me = basic.Get("/api/v2/tickets.json");
  EXPECT_EQ(me.status, 200) << me.body;
  auto who = basic.Get("/api/v2/users/me");
  EXPECT_EQ(who["user"].at("id").as_int64(), id);

  Client bearer(s);
  auto b = bearer.Send("GET", "/api/v2/users/me.json", "", {{"Authorization", "Bearer " + token}});
  ASSERT_EQ(b.status, 200);
  EXPECT_EQ(b["user"].at("id").as_int64(), id);

  // The token belongs to its user: another e-mail with it is 401.
  s.AddUser("other@test.example", "Other", "agent");
  Client mismatched(s, "other@test.example", token);
  EXPECT_EQ(mismatched.Get("/api/v2/tickets.json").status, 401);

  auto nobody = RunCli({"admin", "token", "add", "--data", s.data(), "--email", "ghost@test.example"});
  EXPECT_EQ(nobody.exit_code, 2);
  EXPECT_TRUE(OneLine(nobody.err)) << nobody.err;
}

TEST(CliAdmin, AdminCommandsRefuseAMissingDataDir) {
  TempData d;
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"admin", "user", "add", "--data", d.data, "--email", "a@b.example", "--name", "A", "--role", "admin"},
           {"admin", "token", "add", "--data", d.data, "--email", "a@b.example"},
           {"admin", "user", "set-password", "--data", d.data, "--email", "a@b.example"}}) {
    auto r = RunCli(args, "password123\n");
    EXPECT_EQ(r.exit_code, 2) << args[1];
    EXPECT_TRUE(OneLine(r.err)) << r.err;
    EXPECT_NE(r.err.find(d.data), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(d.data)) << "an admin command created the data dir";
  }
}

TEST(CliAdmin, DataOptionWorksBeforeOrAfterTheSubcommand) {
  MigratedData d;
  auto before =
      RunCli({"--data", d.data, "admin", "user", "add", "--email", "b@test.example", "--name", "B", "--role", "agent"});
  EXPECT_EQ(before.exit_code, 0) << before.err;
  auto after = RunCli({"admin", "token", "add", "--email", "b@test.example", "--data", d.data});
  EXPECT_EQ(after.exit_code, 0) << after.err;
  EXPECT_FALSE(after.LastLine().empty());

  // A data "dir" that is a file is refused, naming it.
  const std::string file = d.root + "/plain-file";
  WriteFile(file, "x");
  auto r = RunCli({"admin", "token", "add", "--data", file, "--email", "b@test.example"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(OneLine(r.err)) << r.err;
  EXPECT_NE(r.err.find(file), std::string::npos) << r.err;
}

TEST(CliMigrate, CreatesAMissingDataDir) {
  TempData d;
  const std::string nested = d.data + "/deeper";
  auto r = RunCli({"migrate", "--data", nested});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::is_directory(nested));
  // The SQLite file is there exactly when SQLite is the store.
  EXPECT_EQ(fs::exists(nested + "/chamado.db"), !OnPostgres());
  // Idempotent, and the admin commands now work.
  EXPECT_EQ(RunCli({"migrate", "--data", nested}).exit_code, 0);
  auto add =
      RunCli({"admin", "user", "add", "--data", nested, "--email", "m@test.example", "--name", "M", "--role", "admin"});
  EXPECT_EQ(add.exit_code, 0) << add.err;
}

TEST(CliUsage, UnknownSubcommandAndMissingOptionExit2WithOneLine) {
  MigratedData d;
  auto unknown = RunCli({"frobnicate", "--data", d.data});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(OneLine(unknown.err)) << unknown.err;

  auto unknown_admin = RunCli({"admin", "frobnicate", "--data", d.data});
  EXPECT_EQ(unknown_admin.exit_code, 2);
  EXPECT_TRUE(OneLine(unknown_admin.err)) << unknown_admin.err;

  auto missing = RunCli({"admin", "user", "add", "--data", d.data, "--name", "NoEmail"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(OneLine(missing.err)) << missing.err;
  EXPECT_NE(missing.err.find("--email"), std::string::npos) << missing.err;

  auto none = RunCli({});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_TRUE(OneLine(none.err)) << none.err;

  auto bad_clock = RunCli({"serve", "--data", d.data, "--listen", "127.0.0.1:0", "--clock=sundial"});
  EXPECT_EQ(bad_clock.exit_code, 2);
  EXPECT_TRUE(OneLine(bad_clock.err)) << bad_clock.err;

  auto bad_listen = RunCli({"serve", "--data", d.data, "--listen", "nowhere"});
  EXPECT_EQ(bad_listen.exit_code, 2);
  EXPECT_TRUE(OneLine(bad_listen.err)) << bad_listen.err;
}

TEST(CliErrors, CorruptDatabaseExits2NamingTheFile) {
  CHAMADO_SQLITE_ONLY("corrupts the SQLite file chamado.db");
  MigratedData d;
  const std::string db = d.data + "/chamado.db";
  fs::remove(db + "-wal");
  fs::remove(db + "-shm");
  std::string garbage(8192, '\0');
  for (std::size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<char>((i * 7919 + 13) % 251);
  WriteFile(db, garbage);

  for (const auto& args : std::vector<std::vector<std::string>>{
           {"admin", "user", "add", "--data", d.data, "--email", "a@b.example", "--name", "A", "--role", "admin"},
           {"admin", "token", "add", "--data", d.data, "--email", "a@b.example"},
           {"migrate", "--data", d.data},
           {"serve", "--data", d.data, "--listen", "127.0.0.1:0"}}) {
    auto r = RunCli(args);
    EXPECT_EQ(r.exit_code, 2) << args[0] << ": " << r.err;
    EXPECT_TRUE(OneLine(r.err)) << args[0] << ": " << r.err;
    EXPECT_NE(r.err.find(db), std::string::npos) << args[0] << ": " << r.err;
  }
  EXPECT_EQ(fs::file_size(db), garbage.size()) << "the corrupt file was modified";
}

TEST(CliErrors, BadConfigExits2NamingFileAndLine) {
  MigratedData d;
  const std::string cfg = d.data + "/chamado.toml";
  WriteFile(cfg, "[server]\nlisten = \"127.0.0.1:0\"\n\n[tickets]\nworkflw = \"simple\"\n");
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"admin", "token", "add", "--data", d.data, "--email", "a@b.example"},
                                             {"migrate", "--data", d.data},
                                             {"serve", "--data", d.data, "--listen", "127.0.0.1:0"}}) {
    auto r = RunCli(args);
    EXPECT_EQ(r.exit_code, 2) << args[0] << ": " << r.err;
    EXPECT_TRUE(OneLine(r.err)) << r.err;
    EXPECT_NE(r.err.find(cfg + ":5"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("workflw"), std::string::npos) << r.err;
  }

  WriteFile(cfg, "[server]\nlisten = \"127.0.0.1:0\"\nio_threads = = 2\n");
  auto syntax = RunCli({"serve", "--data", d.data, "--listen", "127.0.0.1:0"});
  EXPECT_EQ(syntax.exit_code, 2) << syntax.err;
  EXPECT_TRUE(OneLine(syntax.err)) << syntax.err;
  EXPECT_NE(syntax.err.find(cfg + ":3"), std::string::npos) << syntax.err;

  WriteFile(cfg, "[server]\nio_threads = \"many\"\n");
  auto type = RunCli({"migrate", "--data", d.data});
  EXPECT_EQ(type.exit_code, 2) << type.err;
  EXPECT_NE(type.err.find(cfg + ":2"), std::string::npos) << type.err;

  // --config points elsewhere; a missing explicit config is an error naming it.
  auto missing = RunCli({"migrate", "--data", d.data, "--config", d.root + "/nope.toml"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find(d.root + "/nope.toml"), std::string::npos) << missing.err;
  WriteFile(d.root + "/good.toml", "[tickets]\nworkflow = \"simple\"\n");
  EXPECT_EQ(RunCli({"migrate", "--data", d.data, "--config", d.root + "/good.toml"}).exit_code, 0);
}

TEST(CliServe, FirstStdoutLineNamesTheListeningAddress) {
  MigratedData d;
  int out_pipe[2];
  ASSERT_EQ(pipe(out_pipe), 0);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out_pipe[1], 1);
    close(out_pipe[0]);
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 2);
    execl(CHAMADO_BINARY, CHAMADO_BINARY, "serve", "--data", d.data.c_str(), "--listen", "127.0.0.1:0",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out_pipe[1]);
  std::string line;
  char c;
  while (read(out_pipe[0], &c, 1) == 1 && c != '\n') line.push_back(c);
  close(out_pipe[0]);
  const std::string prefix = "listening on http://127.0.0.1:";
  const std::string digits = line.starts_with(prefix) ? line.substr(prefix.size()) : "";
  const bool matched = !digits.empty() && digits.size() <= 5 &&
                       std::all_of(digits.begin(), digits.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  EXPECT_TRUE(matched) << "'" << line << "'";
  if (matched) {
    const int port = std::stoi(digits);
    EXPECT_GT(port, 0);
    httplib::Client cli("127.0.0.1", port);
    auto res = cli.Get("/healthz");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
  }
  kill(pid, SIGTERM);
  int st = 0;
  waitpid(pid, &st, 0);
  EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) << st;
}

TEST(CliServe, PortInUseExits2) {
  Server running;
  MigratedData d;
  auto r = RunCli({"serve", "--data", d.data, "--listen", "127.0.0.1:" + std::to_string(running.port())});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(OneLine(r.err)) << r.err;
  EXPECT_NE(r.err.find(std::to_string(running.port())), std::string::npos) << r.err;
  EXPECT_EQ(Client(running).Get("/healthz").status, 200);
}

}  // namespace
}  // namespace it
