// Where attachment bytes live and the virus scan, end to end through the real binary
// (docs/attachments.md "Storage and virus scan: the adapters"): the storage backend each store
// picks, a second node reading what the first stored, the startup errors and warnings of
// the wiring, and uploads scanned by a private clamd (scripts/clamd-test.sh) whose one
// signature matches the marker below. The clamd tests skip, saying so, without
// CHAMADO_TEST_CLAMD; scripts/test.sh always sets it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "harness.hpp"

namespace it {
namespace {
namespace fs = std::filesystem;

constexpr const char* kMarker = "CHAMADO-TEST-MALWARE-7f3a";

std::string Clamd() {
  const char* e = std::getenv("CHAMADO_TEST_CLAMD");
  return e ? e : "";
}

std::string PdfBytes(std::size_t size, char fill, const std::string& inside = "") {
  std::string s = "%PDF-1.4\n%";
  s.append(size / 2, fill);
  s += inside;
  s.append(size / 2, fill);
  return s + "\n%%EOF\n";
}

Response Upload(Client c, const std::string& name, const std::string& bytes) {
  return c.Send("POST", "/api/v2/uploads.json?filename=" + name, bytes, {{"Content-Type", "application/binary"}});
}

// The blob files under `dir` (not its tmp/).
std::size_t BlobFiles(const std::string& dir) {
  std::size_t n = 0;
  if (!fs::exists(dir)) return 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    n += e.is_regular_file() && e.path().parent_path().filename() != "tmp";
  return n;
}

// A pending upload's file, downloaded by its uploader through `c` (whichever node it talks to).
Response Download(Client c, const Response& upload) {
  const std::string url = Str(upload["upload"].at("attachment").at("content_url"));
  return c.Get(url.substr(url.find("/attachments/")));
}

// ---------------------------------------------------------------- storage backends

TEST(BlobStorage, OnSqliteFilesLiveInTheDataDir) {
  CHAMADO_SQLITE_ONLY("the SQLite store keeps attachment files in DATA/blobs");
  Desk d;
  const std::string pdf = PdfBytes(4000, 'a');
  auto up = Upload(d.Alice(), "a.pdf", pdf);
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(BlobFiles(d.server.data() + "/blobs"), 1u);
  auto got = Download(d.Alice(), up);
  ASSERT_EQ(got.status, 200) << got.body.substr(0, 200);
  EXPECT_TRUE(got.body == pdf);
  EXPECT_NE(d.server.stderr_text().find("attachments in " + d.server.data() + "/blobs"), std::string::npos)
      << d.server.stderr_text();
}

// Two nodes, each with a data dir of its own, on one PostgreSQL database: a file stored
// through one downloads through the other, and no node keeps files on its disk.
TEST(BlobStorage, OnPostgresqlEveryNodeReadsEveryFile) {
  if (!OnPostgres()) GTEST_SKIP() << "needs the PostgreSQL store (CHAMADO_TEST_PG)";
  Desk d;
  Server second;
  Client alice2(second, "alice@customer.example", d.alice_token);
  const std::string pdf = PdfBytes(3 * 1024 * 1024, 'n');  // several 256 KiB chunks
  auto up = Upload(d.Alice(), "node1.pdf", pdf);
  ASSERT_EQ(up.status, 201) << up.body;
  auto got = Download(alice2, up);
  ASSERT_EQ(got.status, 200) << got.body.substr(0, 200);
  EXPECT_TRUE(got.body == pdf) << "the second node served other bytes";
  auto up2 = Upload(alice2, "node2.pdf", PdfBytes(1000, 'm'));
  ASSERT_EQ(up2.status, 201) << up2.body;
  EXPECT_EQ(Download(d.Alice(), up2).status, 200);
  EXPECT_EQ(BlobFiles(d.server.data() + "/blobs"), 0u);
  EXPECT_EQ(BlobFiles(second.data() + "/blobs"), 0u);
  EXPECT_NE(d.server.stderr_text().find("attachments in postgresql"), std::string::npos) << d.server.stderr_text();
}

TEST(BlobStorage, LocalBackendOnPostgresqlWarnsThatNodesMustShareTheDirectory) {
  if (!OnPostgres()) GTEST_SKIP() << "needs the PostgreSQL store (CHAMADO_TEST_PG)";
  ScopedEnv local("CHAMADO_STORAGE_BACKEND", "local");
  Desk d;
  auto up = Upload(d.Alice(), "a.pdf", PdfBytes(2000, 'l'));
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(BlobFiles(d.server.data() + "/blobs"), 1u);
  EXPECT_NE(d.server.stderr_text().find("every node must reach"), std::string::npos) << d.server.stderr_text();
}

TEST(BlobStorage, ThePostgresqlBackendWithSqliteIsAStartupError) {
  CHAMADO_SQLITE_ONLY("the SQLite store cannot hold the postgresql backend");
  ScopedEnv pg("CHAMADO_STORAGE_BACKEND", "postgresql");
  const std::string dir = MakeTempDir("chamado-blobcfg") + "/data";
  auto r = RunCli({"serve", "--data", dir, "--listen", "127.0.0.1:0"});
  fs::remove_all(fs::path(dir).parent_path());
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("storage.backend"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("SQLite"), std::string::npos) << r.err;
}

TEST(BlobStorage, AMalformedClamdAddressIsAStartupError) {
  ScopedEnv addr("CHAMADO_CLAMD_ADDRESS", "clamd-without-port");
  const std::string dir = MakeTempDir("chamado-blobcfg") + "/data";
  auto r = RunCli({"serve", "--data", dir, "--listen", "127.0.0.1:0"});
  fs::remove_all(fs::path(dir).parent_path());
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("clamd.address"), std::string::npos) << r.err;
}

// ---------------------------------------------------------------- virus scan

TEST(VirusScan, AMarkedFileIsRefusedACleanOneIsMarkedScanned) {
  if (Clamd().empty()) GTEST_SKIP() << "CHAMADO_TEST_CLAMD is not set (source scripts/clamd-test.sh; clamd_up)";
  ScopedEnv addr("CHAMADO_CLAMD_ADDRESS", Clamd());
  Desk d;
  auto clean = Upload(d.Alice(), "clean.pdf", PdfBytes(200000, 'c'));
  ASSERT_EQ(clean.status, 201) << clean.body;
  EXPECT_EQ(Str(clean["upload"].at("attachment").at("malware_scan_result")), "malware_not_found");
  const auto files_before = OnPostgres() ? 0 : BlobFiles(d.server.data() + "/blobs");

  // The marker deep inside a file bigger than one INSTREAM chunk.
  auto bad = Upload(d.Alice(), "invoice.pdf", PdfBytes(300000, 'x', kMarker));
  ASSERT_EQ(bad.status, 422) << bad.body;
  const auto& file = bad["details"].at("file").as_array().at(0);
  EXPECT_EQ(Str(file.at("error")), "MalwareFound") << bad.body;
  EXPECT_NE(Str(file.at("description")).find("invoice.pdf"), std::string::npos) << bad.body;
  EXPECT_NE(Str(file.at("description")).find("Chamado.Test.Marker"), std::string::npos) << bad.body;
  if (!OnPostgres()) {
    EXPECT_EQ(BlobFiles(d.server.data() + "/blobs"), files_before) << "an infected file is not kept";
  }
}

// clamd configured but not running: uploads are refused (the file is not at fault: 503), never
// passed unscanned; the server says so at startup.
TEST(VirusScan, ClamdDownRefusesUploadsAndTheServerSaysSoAtStartup) {
  const std::string dir = MakeTempDir("chamado-noclamd");
  const std::string addr = "unix:" + dir + "/clamd.sock";
  ScopedEnv env("CHAMADO_CLAMD_ADDRESS", addr);
  ScopedEnv timeout("CHAMADO_CLAMD_TIMEOUT_MS", "1000");
  Desk d;
  auto up = Upload(d.Alice(), "a.pdf", PdfBytes(2000, 'd'));
  EXPECT_EQ(up.status, 503) << up.body;
  const auto log = d.server.stderr_text();
  EXPECT_NE(log.find("clamd.address " + addr), std::string::npos) << log;
  EXPECT_NE(log.find("uploads are refused until it answers"), std::string::npos) << log;
  if (!OnPostgres()) {
    EXPECT_EQ(BlobFiles(d.server.data() + "/blobs"), 0u);
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace it
