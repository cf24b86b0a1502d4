#include "adapters/blob/local_blob_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "adapters/crypto/sha256.hpp"

namespace chamado::blob {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kChunk = 64 * 1024;
constexpr std::string_view kTmpDir = "tmp";

std::string Errno() { return std::strerror(errno); }
std::string Quote(const fs::path& p) { return "'" + p.string() + "'"; }

// A file descriptor closed on scope exit.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { Reset(); }
  Fd(Fd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      Reset();
      fd_ = o.fd_;
      o.fd_ = -1;
    }
    return *this;
  }
  int get() const { return fd_; }
  bool ok() const { return fd_ >= 0; }
  void Reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

// read(2) that retries EINTR; -1 on error.
ssize_t ReadSome(int fd, char* buf, std::size_t n) {
  for (;;) {
    const ssize_t r = ::read(fd, buf, n);
    if (r >= 0 || errno != EINTR) return r;
  }
}

bool WriteAll(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

bool SyncDir(const fs::path& dir) {
  Fd d(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  return d.ok() && ::fsync(d.get()) == 0;
}

// mkdir that fsyncs the parent when it created the directory, so the new entry survives a
// crash along with the blob renamed into it.
bool EnsureDir(const fs::path& dir) {
  if (::mkdir(dir.c_str(), 0700) == 0) return SyncDir(dir.parent_path());
  return errno == EEXIST;
}

using crypto::Sha256;

class FileReader final : public app::BlobReader {
 public:
  FileReader(Fd fd, std::uint64_t size, fs::path path) : fd_(std::move(fd)), size_(size), path_(std::move(path)) {}
  std::uint64_t Size() const override { return size_; }
  Result<std::size_t> Read(char* buf, std::size_t n) override {
    const ssize_t r = ReadSome(fd_.get(), buf, n);
    if (r < 0) return Fail(Error::Unavailable("blob " + Quote(path_) + ": " + Errno()));
    return static_cast<std::size_t>(r);
  }

 private:
  Fd fd_;
  std::uint64_t size_;
  fs::path path_;
};

}  // namespace

Result<app::BlobInfo> HashFile(const std::string& path) {
  Fd in(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!in.ok()) return Fail(Error::Unavailable(Quote(path) + ": cannot open: " + Errno()));
  Sha256 sha;
  std::vector<char> buf(kChunk);
  app::BlobInfo info;
  for (;;) {
    const ssize_t r = ReadSome(in.get(), buf.data(), buf.size());
    if (r < 0) return Fail(Error::Unavailable(Quote(path) + ": " + Errno()));
    if (r == 0) break;
    sha.Update(buf.data(), static_cast<std::size_t>(r));
    info.size += static_cast<std::uint64_t>(r);
  }
  info.sha256 = sha.Hex();
  return info;
}

std::vector<std::string> ListBlobs(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it.depth() == 0 && it->path().filename() == kTmpDir) {
      it.disable_recursion_pending();
      continue;
    }
    const std::string name = it->path().filename().string();
    if (it.depth() == 2 && IsBlobName(name) && it->is_regular_file(ec) &&
        it->path().parent_path().filename() == name.substr(2, 2) &&
        it->path().parent_path().parent_path().filename() == name.substr(0, 2))
      out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

LocalBlobStore::LocalBlobStore(fs::path dir) : dir_(std::move(dir)) {
  std::error_code ec;
  fs::create_directories(dir_ / kTmpDir, ec);
  if (ec) throw std::runtime_error(Quote(dir_ / kTmpDir) + ": cannot create: " + ec.message());
  if (::access((dir_ / kTmpDir).c_str(), W_OK) != 0)
    throw std::runtime_error(Quote(dir_ / kTmpDir) + ": not writable: " + Errno());
  // Leftovers of a crash mid-copy. Only old ones: another process sharing DIR may be
  // copying into the newer ones right now.
  const auto cutoff = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (const auto& e : fs::directory_iterator(dir_ / kTmpDir, ec)) {
    std::error_code e2;
    if (e.is_regular_file(e2) && e.last_write_time(e2) < cutoff) fs::remove(e.path(), e2);
  }
}

fs::path LocalBlobStore::PathOf(std::string_view sha256) const {
  if (!IsBlobName(sha256)) return {};
  const std::string s(sha256);
  return dir_ / s.substr(0, 2) / s.substr(2, 2) / s;
}

Result<app::BlobInfo> LocalBlobStore::PutFile(const std::string& path) {
  Fd in(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!in.ok()) return Fail(Error::Unavailable(Quote(path) + ": cannot open: " + Errno()));
  // The copy is hashed as it is written: the name is the hash of exactly the bytes stored.
  std::string tmp = (dir_ / kTmpDir / "put-XXXXXX").string();
  Fd out(::mkostemp(tmp.data(), O_CLOEXEC));
  if (!out.ok()) return Fail(Error::Unavailable(Quote(dir_ / kTmpDir) + ": cannot create a file: " + Errno()));
  struct Cleanup {
    std::string path;
    ~Cleanup() {
      if (!path.empty()) ::unlink(path.c_str());
    }
  } cleanup{tmp};

  Sha256 sha;
  std::vector<char> buf(kChunk);
  app::BlobInfo info;
  for (;;) {
    const ssize_t r = ReadSome(in.get(), buf.data(), buf.size());
    if (r < 0) return Fail(Error::Unavailable(Quote(path) + ": " + Errno()));
    if (r == 0) break;
    sha.Update(buf.data(), static_cast<std::size_t>(r));
    if (!WriteAll(out.get(), buf.data(), static_cast<std::size_t>(r)))
      return Fail(Error::Unavailable(Quote(tmp) + ": " + Errno()));
    info.size += static_cast<std::uint64_t>(r);
  }
  info.sha256 = sha.Hex();

  const fs::path final_path = PathOf(info.sha256);
  struct stat st {};
  if (::stat(final_path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
      static_cast<std::uint64_t>(st.st_size) == info.size)
    return info;  // already stored: deduplicated, the copy goes

  if (::fsync(out.get()) != 0) return Fail(Error::Unavailable(Quote(tmp) + ": fsync: " + Errno()));
  out.Reset();
  const fs::path sub = final_path.parent_path();
  if (!EnsureDir(sub.parent_path()) || !EnsureDir(sub))
    return Fail(Error::Unavailable(Quote(sub) + ": cannot create: " + Errno()));
  // Atomic: a reader opens the old name (none) or the whole new file. A concurrent writer of
  // the same blob renames identical bytes over it, which is just as whole.
  if (::rename(tmp.c_str(), final_path.c_str()) != 0)
    return Fail(Error::Unavailable(Quote(final_path) + ": rename: " + Errno()));
  cleanup.path.clear();
  if (!SyncDir(sub)) return Fail(Error::Unavailable(Quote(sub) + ": fsync: " + Errno()));
  return info;
}

Result<std::unique_ptr<app::BlobReader>> LocalBlobStore::Open(std::string_view sha256) {
  const fs::path p = PathOf(sha256);
  if (p.empty()) return Fail(Error::NotFound());
  Fd fd(::open(p.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.ok()) {
    if (errno == ENOENT) return Fail(Error::NotFound());
    return Fail(Error::Unavailable("blob " + Quote(p) + ": cannot open: " + Errno()));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return Fail(Error::Unavailable("blob " + Quote(p) + ": " + Errno()));
  return std::make_unique<FileReader>(std::move(fd), static_cast<std::uint64_t>(st.st_size), p);
}

Result<void> LocalBlobStore::Delete(std::string_view sha256) {
  const fs::path p = PathOf(sha256);
  if (p.empty()) return {};
  if (::unlink(p.c_str()) != 0 && errno != ENOENT)
    return Fail(Error::Unavailable("blob " + Quote(p) + ": cannot delete: " + Errno()));
  return {};
}

}  // namespace chamado::blob
