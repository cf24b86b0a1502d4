// `chamado backup` of a running help desk under write load, `chamado restore` into a new data
// dir, and a server on the restored copy; refusals with exit code 2 naming the file or dir.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "harness.hpp"

namespace it {
namespace {
namespace fs = std::filesystem;

constexpr const char* kSqliteBackup =
    "PostgreSQL is backed up with pg_dump; these tests are about the SQLite backup and restore "
    "(backup API, chamado.db in the tar)";

struct TempDir {
  std::string path = MakeTempDir("chamado-backup-test");
  ~TempDir() { fs::remove_all(path); }
};

bool OneLine(const std::string& s) {
  return !s.empty() && s.back() == '\n' && std::count(s.begin(), s.end(), '\n') == 1;
}

std::int64_t TicketCount(Client& c) {
  auto r = c.Get("/api/v2/tickets.json?per_page=1");
  if (r.status != 200) throw std::runtime_error("count failed: " + r.body);
  return r["count"].as_int64();
}

std::string Sql(const std::string& db, const std::string& query) {
  auto out = Shell("sqlite3 -readonly '" + db + "' \"" + query + "\" 2>&1");
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// Tickets created by several threads through the API; `acked` holds each one the server
// answered 201, in the order the answers arrived.
class WriteLoad {
 public:
  WriteLoad(Desk& d, int threads) {
    for (int t = 0; t < threads; ++t)
      threads_.emplace_back([this, &d, t] {
        Client agent = d.Agent();
        for (int n = 0; !stop_.load(); ++n) {
          auto r = agent.Post("/api/v2/tickets.json", R"({"ticket":{"subject":"load )" + std::to_string(t) + "-" +
                                                          std::to_string(n) +
                                                          R"(","comment":{"body":"Written while a backup runs"}}})");
          if (r.status != 201) {
            failures_++;
            continue;
          }
          std::lock_guard lk(mu_);
          acked_.push_back(r["ticket"].at("id").as_int64());
        }
      });
  }
  ~WriteLoad() { Stop(); }
  void Stop() {
    stop_ = true;
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }
  std::vector<std::int64_t> Acked() {
    std::lock_guard lk(mu_);
    return acked_;
  }
  int failures() const { return failures_.load(); }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> failures_{0};
  std::mutex mu_;
  std::vector<std::int64_t> acked_;
  std::vector<std::thread> threads_;
};

TEST(Backup, AnOnlineBackupUnderWriteLoadRestoresEveryAcknowledgedTicket) {
  CHAMADO_SQLITE_ONLY(kSqliteBackup);
  Desk d;
  TempDir tmp;
  const std::string file = tmp.path + "/desk.backup";
  // An attachment store to carry along (blobs arrive with a later issue; the format is ready).
  fs::create_directories(d.server.data() + "/blobs/ab");
  std::ofstream(d.server.data() + "/blobs/ab/abcdef0123") << "attachment bytes";

  WriteLoad load(d, 4);
  while (load.Acked().size() < 150) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  // Everything acknowledged before the backup starts must be in it.
  const auto acked_before = load.Acked();
  auto agent = d.Agent();
  const auto count_before = TicketCount(agent);
  // One page per step: hundreds of steps with commits landing between them.
  auto backup = RunCli({"backup", "--data", d.server.data(), "--to", file, "--step-pages", "1"});
  const auto count_after = TicketCount(agent);
  const auto acked_during = load.Acked().size() - acked_before.size();
  load.Stop();
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  EXPECT_EQ(load.failures(), 0) << "the backup disturbed the writers";
  EXPECT_TRUE(OneLine(backup.out)) << backup.out;
  EXPECT_NE(backup.out.find(file), std::string::npos) << backup.out;
  EXPECT_TRUE(backup.err.empty()) << "no progress bar when stderr is not a terminal: " << backup.err;
  EXPECT_FALSE(fs::exists(file + ".tmp"));
  EXPECT_FALSE(fs::exists(file + ".tmp-db"));
  EXPECT_EQ(fs::status(file).permissions() & fs::perms::others_read, fs::perms::none) << "it holds token hashes";
  // A plain tar: the database, the attachments, the manifest last.
  auto listing = Shell("tar tf '" + file + "'");
  EXPECT_EQ(listing, "chamado.db\nblobs/ab/abcdef0123\nchamado-backup.json\n");
  auto manifest = json::parse(Shell("tar xOf '" + file + "' chamado-backup.json"));
  EXPECT_EQ(manifest.at("format").as_string(), "chamado-backup");
  EXPECT_EQ(manifest.at("version").as_int64(), 1);
  std::cerr << "[          ] " << acked_during << " tickets acknowledged while the backup ran\n";

  const std::string restored = tmp.path + "/restored";
  auto restore = RunCli({"restore", "--from", file, "--data", restored});
  ASSERT_EQ(restore.exit_code, 0) << restore.err;
  EXPECT_TRUE(OneLine(restore.out)) << restore.out;
  EXPECT_NE(restore.out.find("integrity ok"), std::string::npos) << restore.out;
  EXPECT_EQ(Sql(restored + "/chamado.db", "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(Sql(restored + "/chamado.db", "SELECT count(*) FROM users"), "4");
  EXPECT_FALSE(fs::exists(restored + "/.restore-partial"));
  std::ifstream blob(restored + "/blobs/ab/abcdef0123");
  std::string blob_text((std::istreambuf_iterator<char>(blob)), std::istreambuf_iterator<char>());
  EXPECT_EQ(blob_text, "attachment bytes");

  // A server on the restored copy: the same tokens work, every acknowledged ticket is there.
  Server s({}, restored);
  Client restored_agent(s, "agent@test.example", d.agent_token);
  const auto count_restored = TicketCount(restored_agent);
  EXPECT_GE(count_restored, count_before);
  EXPECT_LE(count_restored, count_after);
  EXPECT_NE(restore.out.find(std::to_string(count_restored) + " tickets"), std::string::npos) << restore.out;
  for (std::size_t i = 0; i < acked_before.size(); i += 100) {
    std::string ids;
    for (std::size_t j = i; j < std::min(acked_before.size(), i + 100); ++j)
      ids += (ids.empty() ? "" : ",") + std::to_string(acked_before[j]);
    auto r = restored_agent.Get("/api/v2/tickets/show_many.json?ids=" + ids);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r["tickets"].as_array().size(), std::min<std::size_t>(100, acked_before.size() - i))
        << "acknowledged tickets missing from the backup";
  }
  // Ids stay unique after the restore: a new ticket gets a fresh one.
  auto fresh = restored_agent.Post("/api/v2/tickets.json", R"({"ticket":{"subject":"after","comment":{"body":"b"}}})");
  ASSERT_EQ(fresh.status, 201) << fresh.body;
  EXPECT_GT(fresh["ticket"].at("id").as_int64(), *std::max_element(acked_before.begin(), acked_before.end()));
}

TEST(Backup, RestoreRefusesANonEmptyDataDirNamingIt) {
  CHAMADO_SQLITE_ONLY(kSqliteBackup);
  Desk d;
  d.NewTicket("carol@customer.example", "Kept");
  TempDir tmp;
  const std::string file = tmp.path + "/b.tar";
  ASSERT_EQ(RunCli({"backup", "--to", file, "--data", d.server.data()}).exit_code, 0);

  // The live data dir itself, and any dir with something in it, are refused untouched.
  const auto size_before = fs::file_size(d.server.data() + "/chamado.db");
  auto live = RunCli({"restore", "--from", file, "--data", d.server.data()});
  EXPECT_EQ(live.exit_code, 2);
  EXPECT_TRUE(OneLine(live.err)) << live.err;
  EXPECT_NE(live.err.find(d.server.data()), std::string::npos) << live.err;
  EXPECT_EQ(fs::file_size(d.server.data() + "/chamado.db"), size_before);

  const std::string other = tmp.path + "/other";
  fs::create_directories(other);
  std::ofstream(other + "/notes.txt") << "mine";
  auto r = RunCli({"restore", "--from", file, "--data", other});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(OneLine(r.err)) << r.err;
  EXPECT_NE(r.err.find(other), std::string::npos) << r.err;
  EXPECT_EQ(std::distance(fs::directory_iterator(other), fs::directory_iterator()), 1);

  // An empty existing dir is fine.
  const std::string empty = tmp.path + "/empty";
  fs::create_directories(empty);
  auto ok = RunCli({"restore", "--from", file, "--data", empty});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("1 tickets"), std::string::npos) << ok.out;
}

TEST(Backup, GarbageMissingAndCorruptFilesExit2NamingTheFile) {
  CHAMADO_SQLITE_ONLY(kSqliteBackup);
  TempDir tmp;
  const std::string garbage = tmp.path + "/garbage.bin";
  {
    std::ofstream out(garbage, std::ios::binary);
    for (int i = 0; i < 5000; ++i) out.put(static_cast<char>((i * 7919 + 13) % 251));
  }
  const std::string tiny = tmp.path + "/tiny";
  std::ofstream(tiny) << "x";
  const std::string missing = tmp.path + "/missing.tar";
  for (const auto& file : {garbage, tiny, missing, tmp.path}) {
    const std::string target = tmp.path + "/target";
    auto r = RunCli({"restore", "--from", file, "--data", target});
    EXPECT_EQ(r.exit_code, 2) << file;
    EXPECT_TRUE(OneLine(r.err)) << r.err;
    EXPECT_NE(r.err.find(file), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(target)) << "a failed restore left " << target << " behind (" << file << ")";
  }

  // A real backup with one byte flipped in the database fails its checksum; cut short, it
  // is truncated. Neither leaves anything behind.
  const std::string data = tmp.path + "/data";
  ASSERT_EQ(RunCli({"migrate", "--data", data}).exit_code, 0);
  const std::string good = tmp.path + "/good.tar";
  ASSERT_EQ(RunCli({"backup", "--data", data, "--to", good}).exit_code, 0);
  const std::string flipped = tmp.path + "/flipped.tar";
  fs::copy_file(good, flipped);
  {
    std::fstream f(flipped, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(4096);
    char c = 0;
    f.get(c);
    f.seekp(4096);
    f.put(static_cast<char>(c ^ 0x5a));
  }
  const std::string cut = tmp.path + "/cut.tar";
  fs::copy_file(good, cut);
  fs::resize_file(cut, fs::file_size(good) / 2);
  for (const auto& file : {flipped, cut}) {
    const std::string target = tmp.path + "/target";
    auto r = RunCli({"restore", "--from", file, "--data", target});
    EXPECT_EQ(r.exit_code, 2) << file << ": " << r.out;
    EXPECT_TRUE(OneLine(r.err)) << r.err;
    EXPECT_NE(r.err.find(file), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(target));
  }

  // Backing up a data dir that is not there names it.
  auto none = RunCli({"backup", "--data", tmp.path + "/nowhere", "--to", tmp.path + "/x.tar"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_TRUE(OneLine(none.err)) << none.err;
  EXPECT_NE(none.err.find(tmp.path + "/nowhere"), std::string::npos) << none.err;
  EXPECT_FALSE(fs::exists(tmp.path + "/x.tar"));
}

TEST(Backup, RestoreAcceptsAPlainSqliteDatabase) {
  CHAMADO_SQLITE_ONLY(kSqliteBackup);
  Desk d;
  d.NewTicket("carol@customer.example", "One");
  TempDir tmp;
  // The sqlite3 shell's own online backup of the live database.
  const std::string copy = tmp.path + "/plain.db";
  Shell("sqlite3 '" + d.server.data() + "/chamado.db' \".backup '" + copy + "'\"");
  ASSERT_TRUE(fs::exists(copy));
  auto r = RunCli({"restore", "--from", copy, "--data", tmp.path + "/restored"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1 tickets, 5 users"), std::string::npos) << r.out;
  Server s({}, tmp.path + "/restored");
  Client agent(s, "agent@test.example", d.agent_token);
  EXPECT_EQ(TicketCount(agent), 1);
}

}  // namespace
}  // namespace it
