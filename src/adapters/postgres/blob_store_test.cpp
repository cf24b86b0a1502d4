// The PostgreSQL blob store. Needs CHAMADO_TEST_PG (scripts/pg-cluster.sh); skipped without
// it. Each test on a fresh database. Small chunks (a few KB) so that a few hundred KB cover
// many chunks.
#include "adapters/postgres/blob_store.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "adapters/postgres/db.hpp"
#include "adapters/postgres/store.hpp"

namespace chamado::postgres {
namespace {

namespace fs = std::filesystem;

constexpr const char* kHelloSha = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
constexpr std::size_t kChunk = 4096;

std::string Server() {
  const char* e = std::getenv("CHAMADO_TEST_PG");
  std::string s = e ? e : "";
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

std::string ReadAll(app::BlobReader& r, std::size_t step) {
  std::string out;
  std::vector<char> buf(step);
  for (;;) {
    auto n = r.Read(buf.data(), buf.size());
    EXPECT_TRUE(n.has_value()) << (n ? "" : n.error().description);
    if (!n || *n == 0) break;
    out.append(buf.data(), *n);
  }
  return out;
}

std::int64_t Count(PgStore& store, const std::string& sql) {
  std::int64_t v = -1;
  EXPECT_TRUE(store.WithConnection([&](Db& db) -> Result<void> {
    auto& s = db.Prepare(sql);
    if (s.Step()) v = s.Int(0);
    s.Reset();
    return {};
  }));
  return v;
}

class PgBlobs : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = Server();
    if (server_.empty()) GTEST_SKIP() << "CHAMADO_TEST_PG is not set";
    static std::atomic<int> n{0};
    std::mt19937 rng{std::random_device{}()};
    name_ = "chamado_blobtest_" + std::to_string(::getpid()) + "_" + std::to_string(n++) + "_" +
            std::to_string(rng() % 100000);
    Db admin(server_ + "/postgres");
    admin.Exec("CREATE DATABASE " + name_);
    store_ = std::make_unique<PgStore>(server_ + "/" + name_);
    blobs_ = std::make_unique<PgBlobStore>(*store_, kChunk);
    dir_ = fs::temp_directory_path() / name_;
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (name_.empty()) return;
    blobs_.reset();
    store_.reset();
    fs::remove_all(dir_);
    try {
      Db admin(server_ + "/postgres");
      admin.Exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const std::exception& e) {
      ADD_FAILURE() << "drop database: " << e.what();
    }
  }
  std::string Write(const std::string& name, const std::string& bytes) {
    const auto p = (dir_ / name).string();
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
  static std::string Random(std::size_t n, unsigned seed) {
    std::string s(n, '\0');
    std::mt19937 rng(seed);
    for (auto& c : s) c = static_cast<char>(rng());  // every byte value, NULs included
    return s;
  }
  std::string server_, name_;
  std::unique_ptr<PgStore> store_;
  std::unique_ptr<PgBlobStore> blobs_;
  fs::path dir_;
};

TEST_F(PgBlobs, StoresInChunksAndReadsBackByteForByte) {
  const std::string bytes = Random(10 * kChunk + 123, 1);
  const auto src = Write("upload", bytes);
  auto info = blobs_->PutFile(src);
  ASSERT_TRUE(info) << info.error().description;
  EXPECT_EQ(info->size, bytes.size());
  EXPECT_TRUE(fs::exists(src)) << "the caller's file is the caller's to delete";
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM blob_chunks WHERE sha256 = '" + info->sha256 + "'"), 11);
  EXPECT_EQ(Count(*store_, "SELECT max(length(data)) FROM blob_chunks"), static_cast<std::int64_t>(kChunk));

  auto r = blobs_->Open(info->sha256);
  ASSERT_TRUE(r) << r.error().description;
  EXPECT_EQ((*r)->Size(), bytes.size());
  EXPECT_TRUE(ReadAll(**r, 1000) == bytes);  // reads smaller than a chunk
  auto r2 = blobs_->Open(info->sha256);
  ASSERT_TRUE(r2);
  EXPECT_TRUE(ReadAll(**r2, 3 * kChunk) == bytes);  // reads larger than a chunk
}

TEST_F(PgBlobs, KnownHashAndTheEmptyFile) {
  auto info = blobs_->PutFile(Write("h", "hello"));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->sha256, kHelloSha);
  auto empty = blobs_->PutFile(Write("e", ""));
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->size, 0u);
  auto r = blobs_->Open(empty->sha256);
  ASSERT_TRUE(r);
  EXPECT_EQ(ReadAll(**r, 10), "");
}

TEST_F(PgBlobs, TheSameBytesTwiceAreStoredOnce) {
  const std::string bytes = Random(5 * kChunk, 2);
  ASSERT_TRUE(blobs_->PutFile(Write("a", bytes)));
  auto b = blobs_->PutFile(Write("b", bytes));
  ASSERT_TRUE(b);
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM blob_objects"), 1);
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM blob_chunks"), 5);
}

// Two nodes storing the same bytes at once: both succeed, one copy, readable whole.
TEST_F(PgBlobs, ConcurrentUploadsOfTheSameBytesLeaveOneCopy) {
  const std::string bytes = Random(20 * kChunk + 7, 3);
  const auto src = Write("same", bytes);
  PgStore other(store_->Url());  // a second node
  PgBlobStore other_blobs(other, kChunk);
  std::atomic<int> failures{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([&, t] {
      app::BlobStore& s = t % 2 ? static_cast<app::BlobStore&>(other_blobs) : *blobs_;
      for (int i = 0; i < 3; ++i)
        if (auto r = s.PutFile(src); !r) {
          ++failures;
          ADD_FAILURE() << r.error().description;
        }
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM blob_objects"), 1);
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM blob_chunks"), 21);
  std::string sha;
  ASSERT_TRUE(store_->WithConnection([&](Db& db) -> Result<void> {
    auto& q = db.Prepare("SELECT sha256 FROM blob_objects");
    if (q.Step()) sha = q.Text(0);
    q.Reset();
    return {};
  }));
  auto r = other_blobs.Open(sha);
  ASSERT_TRUE(r);
  EXPECT_TRUE(ReadAll(**r, 65536) == bytes);
}

TEST_F(PgBlobs, MissingAndMalformedNamesAreNotFound) {
  for (const char* bad :
       {kHelloSha, "", "../x", "2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824", "' OR 1=1 --"}) {
    auto r = blobs_->Open(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kNotFound) << bad;
    EXPECT_TRUE(blobs_->Delete(bad)) << bad;
  }
  auto missing = blobs_->PutFile((dir_ / "no-such-upload").string());
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().description.find("no-such-upload"), std::string::npos);
}

TEST_F(PgBlobs, DeleteRemovesEveryChunk) {
  auto a = blobs_->PutFile(Write("a", Random(3 * kChunk, 4)));
  auto b = blobs_->PutFile(Write("b", "hello"));
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(blobs_->Delete(a->sha256));
  auto r = blobs_->Open(a->sha256);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM blob_chunks"), 1);
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM blob_objects"), 1);
  EXPECT_TRUE(blobs_->Delete(a->sha256));  // absent: fine
  // A download under way when its blob goes is cut with an error, not passed off as whole.
  auto c = blobs_->PutFile(Write("c", Random(4 * kChunk, 5)));
  ASSERT_TRUE(c);
  auto reading = blobs_->Open(c->sha256);
  ASSERT_TRUE(reading);
  std::vector<char> buf(kChunk);
  ASSERT_TRUE((*reading)->Read(buf.data(), buf.size()));
  ASSERT_TRUE(blobs_->Delete(c->sha256));
  auto next = (*reading)->Read(buf.data(), buf.size());
  EXPECT_FALSE(next);
}

// A reader holds no connection between chunks: with a pool of one, other work goes on
// while a download is half-way.
TEST_F(PgBlobs, AReaderDoesNotHoldAConnection) {
  PgStoreOptions one;
  one.pool_size = 1;
  one.acquire_timeout = std::chrono::milliseconds(2000);
  PgStore small(store_->Url(), one);
  PgBlobStore blobs(small, kChunk);
  const std::string bytes = Random(6 * kChunk, 6);
  auto info = blobs.PutFile(Write("x", bytes));
  ASSERT_TRUE(info);
  auto r = blobs.Open(info->sha256);
  ASSERT_TRUE(r);
  std::vector<char> buf(kChunk + 10);
  auto n = (*r)->Read(buf.data(), buf.size());
  ASSERT_TRUE(n);
  std::string got(buf.data(), *n);
  auto other = blobs.PutFile(Write("y", "hello"));  // needs the one connection
  ASSERT_TRUE(other) << other.error().description;
  got += ReadAll(**r, 777);
  EXPECT_TRUE(got == bytes);
}

// store copy's path: inside the caller's transaction, verified by reading back; a file that
// does not hash to its name is refused and nothing of it stays.
TEST_F(PgBlobs, PutInTransactionAndHashStoredBlob) {
  const std::string bytes = Random(3 * kChunk + 1, 7);
  const auto src = Write("blob", bytes);
  auto info = blobs_->PutFile(src);  // to learn the name
  ASSERT_TRUE(info);
  ASSERT_TRUE(blobs_->Delete(info->sha256));
  auto db = store_->Connect();
  db->Exec("BEGIN");
  auto put = PutBlobInTransaction(*db, src, info->sha256, kChunk);
  EXPECT_EQ(put.size, bytes.size());
  auto again = PutBlobInTransaction(*db, src, info->sha256, kChunk);  // present: no-op
  EXPECT_EQ(again.sha256, info->sha256);
  auto back = HashStoredBlob(*db, info->sha256);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->sha256, info->sha256);
  EXPECT_EQ(back->size, bytes.size());
  EXPECT_FALSE(HashStoredBlob(*db, kHelloSha));
  db->Exec("COMMIT");
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM blob_objects"), 1);
  db->Exec("BEGIN");
  EXPECT_THROW(PutBlobInTransaction(*db, Write("liar", "not hello"), kHelloSha, kChunk), std::runtime_error);
  db->Exec("ROLLBACK");
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM blob_chunks WHERE sha256 = '" + std::string(kHelloSha) + "'"), 0);
  EXPECT_FALSE(blobs_->Open(kHelloSha));
}

}  // namespace
}  // namespace chamado::postgres
