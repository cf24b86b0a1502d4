// The local blob directory: names are SHA-256s, storing twice keeps one copy, a reader never
// sees half a file, and names cannot reach outside the directory.
#include "adapters/blob/local_blob_store.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

namespace chamado::blob {
namespace {

namespace fs = std::filesystem;

// sha256("hello")
constexpr const char* kHelloSha = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
// sha256("")
constexpr const char* kEmptySha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

std::string ReadAll(app::BlobReader& r, std::size_t step = 4096) {
  std::string out;
  std::vector<char> buf(step);
  for (;;) {
    auto n = r.Read(buf.data(), buf.size());
    EXPECT_TRUE(n.has_value());
    if (!n || *n == 0) break;
    out.append(buf.data(), *n);
  }
  return out;
}

class LocalBlobs : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> n{0};
    root_ = fs::temp_directory_path() / ("chamado-blobs-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::create_directories(root_);
    store_ = std::make_unique<LocalBlobStore>(root_ / "blobs");
  }
  void TearDown() override { fs::remove_all(root_); }
  std::string Write(const std::string& name, const std::string& bytes) {
    const auto p = (root_ / name).string();
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
  std::size_t TmpFiles() {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(root_ / "blobs" / "tmp")) ++n;
    return n;
  }
  fs::path root_;
  std::unique_ptr<LocalBlobStore> store_;
};

TEST_F(LocalBlobs, StoresUnderItsSha256AndReadsBack) {
  const auto src = Write("upload", "hello");
  auto info = store_->PutFile(src);
  ASSERT_TRUE(info) << info.error().description;
  EXPECT_EQ(info->sha256, kHelloSha);
  EXPECT_EQ(info->size, 5u);
  EXPECT_TRUE(fs::exists(root_ / "blobs" / "2c" / "f2" / kHelloSha));
  EXPECT_TRUE(fs::exists(src)) << "the caller's file is the caller's to delete";
  EXPECT_EQ(TmpFiles(), 0u);

  auto r = store_->Open(kHelloSha);
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)->Size(), 5u);
  EXPECT_EQ(ReadAll(**r, 2), "hello");
}

TEST_F(LocalBlobs, AMultiMegabyteFileRoundTripsByteForByte) {
  std::string big(3 * 1024 * 1024 + 17, '\0');
  std::mt19937 rng(7);
  for (auto& c : big) c = static_cast<char>(rng());
  auto info = store_->PutFile(Write("big", big));
  ASSERT_TRUE(info);
  auto r = store_->Open(info->sha256);
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)->Size(), big.size());
  EXPECT_TRUE(ReadAll(**r, 64 * 1024) == big);
  auto again = HashFile(store_->PathOf(info->sha256).string());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->sha256, info->sha256);
}

TEST_F(LocalBlobs, TheSameBytesTwiceAreStoredOnce) {
  auto a = store_->PutFile(Write("one", "hello"));
  ASSERT_TRUE(a);
  const auto path = store_->PathOf(kHelloSha);
  struct stat before {};
  ASSERT_EQ(::stat(path.c_str(), &before), 0);
  auto b = store_->PutFile(Write("two", "hello"));
  ASSERT_TRUE(b);
  EXPECT_EQ(a->sha256, b->sha256);
  struct stat after {};
  ASSERT_EQ(::stat(path.c_str(), &after), 0);
  EXPECT_EQ(before.st_ino, after.st_ino) << "a duplicate must not be written again";
  EXPECT_EQ(ListBlobs(root_ / "blobs"), std::vector<std::string>{kHelloSha});
  EXPECT_EQ(TmpFiles(), 0u);
}

TEST_F(LocalBlobs, AnEmptyFileIsABlobToo) {
  auto info = store_->PutFile(Write("empty", ""));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->sha256, kEmptySha);
  auto r = store_->Open(kEmptySha);
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)->Size(), 0u);
  EXPECT_EQ(ReadAll(**r), "");
}

TEST_F(LocalBlobs, MissingAndMalformedNamesAreNotFound) {
  auto r = store_->Open(kHelloSha);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  // Names never become paths outside the directory.
  Write("secret", "top secret");
  for (const char* bad :
       {"../secret", "../../etc/passwd", "", "2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824",
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982", "tmp/x"}) {
    auto b = store_->Open(bad);
    ASSERT_FALSE(b) << bad;
    EXPECT_EQ(b.error().code, ErrorCode::kNotFound) << bad;
    EXPECT_TRUE(store_->Delete(bad)) << bad;
  }
  EXPECT_TRUE(fs::exists(root_ / "secret"));
  auto missing = store_->PutFile((root_ / "no-such-upload").string());
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().description.find("no-such-upload"), std::string::npos);
  EXPECT_EQ(TmpFiles(), 0u);
}

TEST_F(LocalBlobs, DeleteRemovesAndAbsentIsFine) {
  ASSERT_TRUE(store_->PutFile(Write("f", "hello")));
  ASSERT_TRUE(store_->Delete(kHelloSha));
  EXPECT_FALSE(fs::exists(store_->PathOf(kHelloSha)));
  auto r = store_->Open(kHelloSha);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(store_->Delete(kHelloSha));
  // A reader opened before the delete still reads the whole file.
  ASSERT_TRUE(store_->PutFile(Write("g", "hello")));
  auto open = store_->Open(kHelloSha);
  ASSERT_TRUE(open);
  ASSERT_TRUE(store_->Delete(kHelloSha));
  EXPECT_EQ(ReadAll(**open), "hello");
}

// While files are being stored, a reader polling their final names either finds nothing or
// a whole file whose bytes hash to its name: never a partial copy.
TEST_F(LocalBlobs, NoPartialFileIsEverVisibleUnderItsName) {
  constexpr int kFiles = 12;
  constexpr std::size_t kSize = 2 * 1024 * 1024;
  std::vector<std::string> srcs, names;
  for (int i = 0; i < kFiles; ++i) {
    std::string bytes(kSize, static_cast<char>('a' + i));
    bytes += std::to_string(i);
    const auto p = Write("src" + std::to_string(i), bytes);
    auto h = HashFile(p);
    ASSERT_TRUE(h);
    srcs.push_back(p);
    names.push_back(h->sha256);
  }
  std::atomic<bool> done{false};
  std::atomic<int> seen{0}, partial{0};
  std::thread watcher([&] {
    while (!done) {
      for (const auto& name : names) {
        const auto path = store_->PathOf(name);
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) continue;
        ++seen;
        // Whole means: its bytes hash to its name.
        auto h = HashFile(path.string());
        if (!h || h->sha256 != name) ++partial;
      }
    }
  });
  for (const auto& p : srcs) ASSERT_TRUE(store_->PutFile(p));
  done = true;
  watcher.join();
  EXPECT_EQ(partial.load(), 0);
  EXPECT_GT(seen.load(), 0);
  EXPECT_EQ(ListBlobs(root_ / "blobs").size(), static_cast<std::size_t>(kFiles));
  EXPECT_EQ(TmpFiles(), 0u);
}

// Two writers storing the same bytes at once agree on one whole copy.
TEST_F(LocalBlobs, ConcurrentWritersOfOneBlobLeaveOneWholeCopy) {
  std::string bytes(1024 * 1024, 'z');
  const auto p = Write("same", bytes);
  std::vector<std::thread> ts;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([&] {
      for (int i = 0; i < 5; ++i)
        if (!store_->PutFile(p)) ++failures;
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(failures.load(), 0);
  const auto names = ListBlobs(root_ / "blobs");
  ASSERT_EQ(names.size(), 1u);
  auto r = store_->Open(names[0]);
  ASSERT_TRUE(r);
  EXPECT_TRUE(ReadAll(**r, 65536) == bytes);
  EXPECT_EQ(TmpFiles(), 0u);
}

TEST_F(LocalBlobs, OldCrashLeftoversInTmpAreRemovedRecentOnesKept) {
  const auto tmp = root_ / "blobs" / "tmp";
  std::ofstream(tmp / "put-old") << "half a file";
  std::ofstream(tmp / "put-new") << "being written";
  fs::last_write_time(tmp / "put-old", fs::file_time_type::clock::now() - std::chrono::hours(2));
  LocalBlobStore again(root_ / "blobs");
  EXPECT_FALSE(fs::exists(tmp / "put-old"));
  EXPECT_TRUE(fs::exists(tmp / "put-new"));
  EXPECT_TRUE(ListBlobs(root_ / "blobs").empty()) << "temporary files are not blobs";
}

TEST_F(LocalBlobs, AnUnwritableDirectoryIsAStartupErrorNamingIt) {
  Write("afile", "x");
  try {
    LocalBlobStore bad(root_ / "afile" / "blobs");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("afile"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace chamado::blob
