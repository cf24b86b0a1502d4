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

// ---- attachments: their files are part of the data

// POST /uploads of `bytes` as `name` by `c`; returns the upload's token.
std::string UploadFile(Client c, const std::string& name, const std::string& bytes) {
  auto r = c.Send("POST", "/api/v2/uploads.json?filename=" + name, bytes, {{"Content-Type", "application/binary"}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? std::string(r["upload"].at("token").as_string()) : "";
}

std::string PdfBytes(std::size_t size, char fill) {
  std::string s = "%PDF-1.4\n%";
  s.append(size, fill);
  return s + "\n%%EOF\n";
}

// Alice's request with the files of `token`; returns each attachment's content_url path and
// the request id.
std::pair<std::vector<std::string>, std::int64_t> RequestWithFiles(Desk& d, const std::string& token) {
  auto req =
      d.Alice().Post("/api/v2/requests.json",
                     R"({"request":{"subject":"Files","comment":{"body":"attached","uploads":[")" + token + R"("]}}})");
  EXPECT_EQ(req.status, 201) << req.body;
  const auto id = req["request"].at("id").as_int64();
  auto comments = d.Alice().Get("/api/v2/requests/" + std::to_string(id) + "/comments.json");
  std::vector<std::string> paths;
  for (const auto& a : comments["comments"].as_array().at(0).at("attachments").as_array()) {
    std::string url(a.at("content_url").as_string());
    paths.push_back(url.substr(d.server.base().size()));
  }
  return {paths, id};
}

// The blob files under `dir` (not its tmp/), by name.
std::vector<std::string> BlobNames(const std::string& dir) {
  std::vector<std::string> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().parent_path().filename() != "tmp") out.push_back(e.path().filename());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Backup, AttachmentsAreBackedUpAndDownloadTheSameAfterRestore) {
  CHAMADO_SQLITE_ONLY(kSqliteBackup);
  Desk d;
  TempDir tmp;
  const std::string pdf = PdfBytes(300000, 'p');
  const std::string csv = "name,amount\nana,10\nbo,20\n";
  std::string token = UploadFile(d.Alice(), "report.pdf", pdf);
  ASSERT_FALSE(token.empty());
  auto second = d.Alice().Send("POST", "/api/v2/uploads.json?filename=table.csv&token=" + token, csv,
                               {{"Content-Type", "text/csv"}});
  ASSERT_EQ(second.status, 201) << second.body;
  auto [paths, request_id] = RequestWithFiles(d, token);
  ASSERT_EQ(paths.size(), 2u);
  const auto blobs = BlobNames(d.server.data() + "/blobs");
  ASSERT_EQ(blobs.size(), 2u);
  // A copy in progress inside the blob store (what a crash mid-upload leaves): not data.
  fs::create_directories(d.server.data() + "/blobs/tmp");
  std::ofstream(d.server.data() + "/blobs/tmp/put-half") << "half a file";

  const std::string file = tmp.path + "/desk.backup";
  auto backup = RunCli({"backup", "--data", d.server.data(), "--to", file});
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  EXPECT_NE(backup.out.find("2 attachment files"), std::string::npos) << backup.out;
  const auto listing = Shell("tar tf '" + file + "'");
  for (const auto& name : blobs)
    EXPECT_NE(listing.find("blobs/" + name.substr(0, 2) + "/" + name.substr(2, 2) + "/" + name + "\n"),
              std::string::npos)
        << listing;
  EXPECT_EQ(listing.find("tmp"), std::string::npos) << listing;

  const std::string restored = tmp.path + "/restored";
  auto restore = RunCli({"restore", "--from", file, "--data", restored});
  ASSERT_EQ(restore.exit_code, 0) << restore.err;
  EXPECT_NE(restore.out.find("2 attachment files"), std::string::npos) << restore.out;
  EXPECT_EQ(BlobNames(restored + "/blobs"), blobs);
  d.server.Stop();  // the original's files are out of reach from here on

  Server s({}, restored);
  Client alice(s, "alice@customer.example", d.alice_token);
  auto a = alice.Get(paths[0]);
  auto b = alice.Get(paths[1]);
  ASSERT_EQ(a.status, 200) << a.body.substr(0, 200);
  ASSERT_EQ(b.status, 200) << b.body.substr(0, 200);
  EXPECT_TRUE((a.body == pdf && b.body == csv) || (a.body == csv && b.body == pdf)) << "bytes differ after restore";
  // And the restored help desk keeps taking files.
  EXPECT_FALSE(UploadFile(alice, "more.pdf", PdfBytes(1000, 'm')).empty());
}

// storage.dir elsewhere than DATA/blobs: the backup takes the files from there (the config
// says where); restore puts them in DATA/blobs, where a server without the setting finds them.
TEST(Backup, AStorageDirOutsideTheDataDirIsBackedUpToo) {
  CHAMADO_SQLITE_ONLY(kSqliteBackup);
  TempDir tmp;
  const std::string elsewhere = tmp.path + "/files";
  const std::string file = tmp.path + "/desk.backup";
  const std::string pdf = PdfBytes(5000, 'e');
  std::vector<std::string> paths;
  std::string alice_token;
  {
    ScopedEnv env("CHAMADO_STORAGE_DIR", elsewhere);
    Desk d;
    alice_token = d.alice_token;
    const auto token = UploadFile(d.Alice(), "e.pdf", pdf);
    paths = RequestWithFiles(d, token).first;
    ASSERT_EQ(paths.size(), 1u);
    EXPECT_EQ(BlobNames(elsewhere).size(), 1u);
    EXPECT_TRUE(BlobNames(d.server.data() + "/blobs").empty());
    auto backup = RunCli({"backup", "--data", d.server.data(), "--to", file});
    ASSERT_EQ(backup.exit_code, 0) << backup.err;
    EXPECT_NE(backup.out.find("1 attachment files"), std::string::npos) << backup.out;
  }
  const std::string restored = tmp.path + "/restored";
  auto restore = RunCli({"restore", "--from", file, "--data", restored});
  ASSERT_EQ(restore.exit_code, 0) << restore.err;
  EXPECT_EQ(BlobNames(restored + "/blobs"), BlobNames(elsewhere));
  fs::remove_all(elsewhere);
  Server s({}, restored);
  auto got = Client(s, "alice@customer.example", alice_token).Get(paths[0]);
  ASSERT_EQ(got.status, 200) << got.body.substr(0, 200);
  EXPECT_TRUE(got.body == pdf);
}

}  // namespace
}  // namespace it
