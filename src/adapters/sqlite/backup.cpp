// Online backup and restore of the SQLite help desk (see backup.hpp).
#include "adapters/sqlite/backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <thread>
#include <vector>

#include "adapters/sqlite/db.hpp"
#include "adapters/sqlite/store.hpp"

namespace chamado::sqlite {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr std::string_view kDbName = "chamado.db";
constexpr std::string_view kConfigName = "chamado.toml";
constexpr std::string_view kManifestName = "chamado-backup.json";
constexpr std::string_view kBlobsDir = "blobs";
constexpr std::string_view kFormat = "chamado-backup";
constexpr int kFormatVersion = 1;
constexpr std::string_view kPartialDir = ".restore-partial";
constexpr std::size_t kBlock = 512;
constexpr std::size_t kChunk = 1 << 20;
// A backup step that keeps finding the database busy gives up after this long.
constexpr auto kBusyGiveUp = std::chrono::seconds(60);

std::string Quote(const fs::path& p) { return p.string(); }
std::string Errno() { return std::strerror(errno); }

// ---------------------------------------------------------------- CRC-32 (IEEE 802.3)

class Crc32 {
 public:
  void Update(const char* data, std::size_t n) {
    static const auto kTable = [] {
      std::array<std::uint32_t, 256> t{};
      for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        t[i] = c;
      }
      return t;
    }();
    for (std::size_t i = 0; i < n; ++i)
      crc_ = kTable[(crc_ ^ static_cast<unsigned char>(data[i])) & 0xff] ^ (crc_ >> 8);
  }
  std::string Hex() const {
    char buf[9];
    std::snprintf(buf, sizeof buf, "%08x", crc_ ^ 0xFFFFFFFFu);
    return buf;
  }

 private:
  std::uint32_t crc_ = 0xFFFFFFFFu;
};

// ---------------------------------------------------------------- files

// A POSIX file descriptor that closes itself.
class File {
 public:
  File() = default;
  File(const fs::path& p, int flags, mode_t mode = 0600) : fd_(::open(p.c_str(), flags | O_CLOEXEC, mode)) {}
  ~File() {
    if (fd_ >= 0) ::close(fd_);
  }
  File(const File&) = delete;
  File& operator=(const File&) = delete;

  bool ok() const { return fd_ >= 0; }
  bool WriteAll(const char* p, std::size_t n) {
    while (n > 0) {
      ssize_t w = ::write(fd_, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return false;
      p += w;
      n -= static_cast<std::size_t>(w);
    }
    return true;
  }
  // Reads up to `n` bytes, fewer only at the end of the file; -1 on an error.
  ssize_t ReadUpTo(char* p, std::size_t n) {
    std::size_t got = 0;
    while (got < n) {
      ssize_t r = ::read(fd_, p + got, n - got);
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return -1;
      if (r == 0) break;
      got += static_cast<std::size_t>(r);
    }
    return static_cast<ssize_t>(got);
  }
  bool Sync() { return ::fsync(fd_) == 0; }
  bool Close() {
    int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0;
  }

 private:
  int fd_ = -1;
};

bool SyncDir(const fs::path& dir) {
  File d(dir.empty() ? fs::path(".") : dir, O_RDONLY | O_DIRECTORY);
  return d.ok() && d.Sync();
}

// ---------------------------------------------------------------- ustar writer

void PutOctal(char* field, std::size_t width, std::uint64_t v) {
  // width-1 octal digits and a NUL.
  std::snprintf(field, width, "%0*llo", static_cast<int>(width - 1), static_cast<unsigned long long>(v));
}

void PutSize(char* field, std::uint64_t size) {
  if (size < (1ull << 33)) {  // 11 octal digits
    PutOctal(field, 12, size);
    return;
  }
  // GNU base-256: the high bit of the first byte set, the value big-endian in the rest.
  std::memset(field, 0, 12);
  field[0] = static_cast<char>(0x80);
  for (int i = 11; i >= 4; --i, size >>= 8) field[i] = static_cast<char>(size & 0xff);
}

std::uint32_t HeaderChecksum(const char* h) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < kBlock; ++i)
    sum += (i >= 148 && i < 156) ? static_cast<unsigned char>(' ') : static_cast<unsigned char>(h[i]);
  return sum;
}

class TarWriter {
 public:
  TarWriter(File& out, std::int64_t mtime) : out_(out), mtime_(mtime) {}

  std::uint64_t written() const { return written_; }

  Result<void> Header(const std::string& name, std::uint64_t size, const fs::path& where) {
    std::array<char, kBlock> h{};
    std::string prefix, base = name;
    if (name.size() > 100) {
      // Split at a '/' so the name fits in prefix (155) + name (100).
      auto slash = name.rfind('/', 155);
      while (slash != std::string::npos && name.size() - slash - 1 > 100) slash = std::string::npos;
      if (slash == std::string::npos || slash == 0)
        return Fail(Error::BadRequest(Quote(where) + ": file name too long for the backup: " + name));
      prefix = name.substr(0, slash);
      base = name.substr(slash + 1);
    }
    std::memcpy(h.data(), base.data(), base.size());
    PutOctal(h.data() + 100, 8, 0644);
    PutOctal(h.data() + 108, 8, 0);
    PutOctal(h.data() + 116, 8, 0);
    PutSize(h.data() + 124, size);
    PutOctal(h.data() + 136, 12, static_cast<std::uint64_t>(std::max<std::int64_t>(0, mtime_)));
    h[156] = '0';
    std::memcpy(h.data() + 257, "ustar", 6);
    std::memcpy(h.data() + 263, "00", 2);
    std::memcpy(h.data() + 265, "chamado", 7);
    std::memcpy(h.data() + 297, "chamado", 7);
    std::memcpy(h.data() + 345, prefix.data(), prefix.size());
    std::snprintf(h.data() + 148, 8, "%06o", HeaderChecksum(h.data()));
    h[155] = ' ';
    return Write(h.data(), kBlock);
  }

  Result<void> Write(const char* p, std::size_t n) {
    if (!out_.WriteAll(p, n)) return Fail(Error::Unavailable("write failed: " + Errno()));
    written_ += n;
    return {};
  }

  Result<void> Pad(std::uint64_t size) {
    static const std::array<char, kBlock> kZeros{};
    const std::size_t pad = (kBlock - size % kBlock) % kBlock;
    return pad ? Write(kZeros.data(), pad) : Result<void>{};
  }

  Result<void> End() {
    static const std::array<char, 2 * kBlock> kZeros{};
    return Write(kZeros.data(), kZeros.size());
  }

 private:
  File& out_;
  std::int64_t mtime_;
  std::uint64_t written_ = 0;
};

struct Entry {
  std::string path;  // inside the bundle
  std::uint64_t bytes = 0;
  std::string crc32;
};

// ---------------------------------------------------------------- backup

struct Snapshot {
  std::int64_t tickets = 0;
  std::int64_t users = 0;
  int schema_version = 0;
  std::uint64_t bytes = 0;
};

std::int64_t CountRows(Db& db, const char* table) {
  auto& s = db.Prepare(std::string("SELECT count(*) FROM ") + table);
  std::int64_t n = s.Step() ? s.Int(0) : 0;
  s.Reset();
  return n;
}

int SchemaVersion(Db& db) {
  auto& s = db.Prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
  int v = s.Step() ? static_cast<int>(s.Int(0)) : 0;
  s.Reset();
  return v;
}

// Copies the live database into `dest` with the online backup API. The source connection
// holds one read transaction across all steps: in WAL mode that blocks no writer, and the
// copy is one consistent snapshot (the backup does not restart when the server commits).
Result<Snapshot> CopyDatabase(const fs::path& src_path, const fs::path& dest, int step_pages,
                              const ProgressFn& progress) {
  Snapshot snap;
  sqlite3* out = nullptr;
  sqlite3_backup* b = nullptr;
  auto cleanup = [&] {
    if (b) sqlite3_backup_finish(b);
    if (out) sqlite3_close(out);
  };
  try {
    Db src(src_path.string(), false, false);
    src.Exec("PRAGMA query_only=ON");
    src.Exec("BEGIN");
    try {
      snap.schema_version = SchemaVersion(src);
      snap.tickets = CountRows(src, "tickets");
      snap.users = CountRows(src, "users");
    } catch (const DbError& e) {
      return Fail(Error::BadRequest(Quote(src_path) + ": not a Chamado database (" + e.what() + ")"));
    }
    auto& ps = src.Prepare("PRAGMA page_size");
    const std::uint64_t page_size = ps.Step() ? static_cast<std::uint64_t>(ps.Int(0)) : 4096;
    ps.Reset();

    std::error_code ignored;
    fs::remove(dest, ignored);
    if (int rc = sqlite3_open_v2(dest.c_str(), &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
        rc != SQLITE_OK) {
      std::string msg = out ? sqlite3_errmsg(out) : sqlite3_errstr(rc);
      cleanup();
      return Fail(Error::Unavailable(Quote(dest) + ": " + msg));
    }
    // A scratch copy: no journal, no fsync (the bundle is fsynced instead).
    sqlite3_exec(out, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF", nullptr, nullptr, nullptr);
    b = sqlite3_backup_init(out, "main", src.raw(), "main");
    if (!b) {
      std::string msg = sqlite3_errmsg(out);
      cleanup();
      return Fail(Error::Unavailable(Quote(dest) + ": " + msg));
    }
    auto busy_since = std::chrono::steady_clock::time_point{};
    for (;;) {
      int rc = sqlite3_backup_step(b, std::max(1, step_pages));
      const auto total = static_cast<std::uint64_t>(sqlite3_backup_pagecount(b)) * page_size;
      const auto left = static_cast<std::uint64_t>(sqlite3_backup_remaining(b)) * page_size;
      if (rc == SQLITE_DONE) {
        snap.bytes = total;
        if (progress) progress({"snapshot", total, total});
        break;
      }
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {  // retry after a moment
        const auto now = std::chrono::steady_clock::now();
        if (busy_since == std::chrono::steady_clock::time_point{}) busy_since = now;
        if (now - busy_since > kBusyGiveUp) {
          cleanup();
          return Fail(Error::Unavailable(Quote(src_path) + ": database busy for too long"));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        continue;
      }
      if (rc != SQLITE_OK) {
        std::string msg = sqlite3_errstr(rc);
        cleanup();
        return Fail(Error::Unavailable(Quote(src_path) + ": backup step failed: " + msg));
      }
      busy_since = {};
      if (progress) progress({"snapshot", total - left, total});
    }
    int rc = sqlite3_backup_finish(b);
    b = nullptr;
    if (rc != SQLITE_OK) {
      std::string msg = sqlite3_errmsg(out);
      cleanup();
      return Fail(Error::Unavailable(Quote(dest) + ": " + msg));
    }
    src.Exec("COMMIT");
    cleanup();
    return snap;
  } catch (const DbError& e) {
    cleanup();
    return Fail(Error::Unavailable(Quote(src_path) + ": " + e.what()));
  }
}

// Appends `file` as `name`; returns its manifest entry.
Result<Entry> AddFile(TarWriter& tar, const std::string& name, const fs::path& file, std::uint64_t& done,
                      std::uint64_t total, const ProgressFn& progress) {
  File in(file, O_RDONLY);
  if (!in.ok()) return Fail(Error::Unavailable(Quote(file) + ": cannot read: " + Errno()));
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return Fail(Error::Unavailable(Quote(file) + ": " + Errno()));
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (auto r = tar.Header(name, size, file); !r) return Fail(r.error());
  std::vector<char> buf(kChunk);
  Crc32 crc;
  std::uint64_t copied = 0;
  while (copied < size) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, size - copied));
    ssize_t got = in.ReadUpTo(buf.data(), want);
    if (got < 0) return Fail(Error::Unavailable(Quote(file) + ": read failed: " + Errno()));
    if (static_cast<std::size_t>(got) != want)
      return Fail(Error::Unavailable(Quote(file) + ": the file shrank while it was being backed up"));
    crc.Update(buf.data(), want);
    if (auto r = tar.Write(buf.data(), want); !r) return Fail(r.error());
    copied += want;
    done += want;
    if (progress) progress({"write", done, total});
  }
  if (auto r = tar.Pad(size); !r) return Fail(r.error());
  return Entry{name, size, crc.Hex()};
}

// Every regular file under the blob directory `root` (DATA/blobs or storage.dir), sorted, as
// (name in the bundle, path). Not its tmp/: copies in progress (adapters/blob/).
std::vector<std::pair<std::string, fs::path>> BlobFiles(const fs::path& root) {
  std::vector<std::pair<std::string, fs::path>> out;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it.depth() == 0 && it->path().filename() == "tmp" && it->is_directory(ec)) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec))
      out.emplace_back(std::string(kBlobsDir) + "/" + fs::relative(it->path(), root).generic_string(), it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Runs `fn` when the scope ends unless `keep` was set.
template <typename Fn>
struct ScopeExit {
  Fn fn;
  bool keep = false;
  ~ScopeExit() {
    if (!keep) fn();
  }
};
template <typename Fn>
ScopeExit(Fn) -> ScopeExit<Fn>;

}  // namespace

Result<BackupSummary> Backup(const BackupOptions& opts, const ProgressFn& progress) {
  const fs::path db_path = opts.data_dir / kDbName;
  std::error_code ec;
  if (!fs::is_directory(opts.data_dir, ec))
    return Fail(Error::BadRequest(Quote(opts.data_dir) + ": no such data directory"));
  if (!fs::exists(db_path, ec)) return Fail(Error::BadRequest(Quote(db_path) + ": no database in the data directory"));
  if (opts.to.empty() || fs::is_directory(opts.to, ec))
    return Fail(Error::BadRequest(Quote(opts.to) + ": the backup must be a file name"));

  const fs::path tmp = opts.to.string() + ".tmp";
  const fs::path scratch = opts.to.string() + ".tmp-db";
  // The scratch copy always goes; TO.tmp goes too unless it became TO.
  ScopeExit cleanup{[&] {
    std::error_code ignored;
    for (const auto& p : {tmp, scratch, fs::path(scratch.string() + "-journal")}) fs::remove(p, ignored);
  }};

  auto snap = CopyDatabase(db_path, scratch, opts.step_pages, progress);
  if (!snap) return Fail(snap.error());

  File out(tmp, O_WRONLY | O_CREAT | O_TRUNC);  // 0600: it holds password and token hashes
  if (!out.ok()) return Fail(Error::Unavailable(Quote(tmp) + ": cannot create: " + Errno()));
  TarWriter tar(out, UnixSeconds(opts.created_at));

  std::vector<std::pair<std::string, fs::path>> files{{std::string(kDbName), scratch}};
  if (fs::is_regular_file(opts.data_dir / kConfigName, ec))
    files.emplace_back(std::string(kConfigName), opts.data_dir / kConfigName);
  const auto blobs = BlobFiles(opts.blobs_dir.empty() ? opts.data_dir / kBlobsDir : opts.blobs_dir);
  files.insert(files.end(), blobs.begin(), blobs.end());
  std::uint64_t total = 0, done = 0;
  for (const auto& [_, p] : files) {
    const auto size = fs::file_size(p, ec);
    if (!ec) total += size;
  }

  json::array entries;
  std::size_t blob_files = 0;
  for (const auto& [name, path] : files) {
    // A blob deleted since the listing (an expired upload, a redaction) is left out: the
    // snapshot was taken before, and whatever refers to it is gone or going too.
    const bool blob = name.starts_with(std::string(kBlobsDir) + "/");
    if (blob && !fs::exists(path, ec)) continue;
    blob_files += blob;
    auto e = AddFile(tar, name, path, done, total, progress);
    if (!e) {
      auto err = e.error();
      if (!err.description.starts_with(Quote(path))) err.description = Quote(tmp) + ": " + err.description;
      return Fail(err);
    }
    entries.push_back(json::object{{"path", e->path}, {"bytes", e->bytes}, {"crc32", e->crc32}});
  }
  const std::string manifest = json::serialize(json::object{{"format", kFormat},
                                                            {"version", kFormatVersion},
                                                            {"created_at", FormatIso(opts.created_at)},
                                                            {"schema_version", snap->schema_version},
                                                            {"tickets", snap->tickets},
                                                            {"users", snap->users},
                                                            {"files", std::move(entries)}}) +
                               "\n";
  auto wrote = tar.Header(std::string(kManifestName), manifest.size(), tmp);
  if (wrote) wrote = tar.Write(manifest.data(), manifest.size());
  if (wrote) wrote = tar.Pad(manifest.size());
  if (wrote) wrote = tar.End();
  if (!wrote) return Fail(Error::Unavailable(Quote(tmp) + ": " + wrote.error().description));
  if (!out.Sync() || !out.Close()) return Fail(Error::Unavailable(Quote(tmp) + ": fsync failed: " + Errno()));
  if (::rename(tmp.c_str(), opts.to.c_str()) != 0)
    return Fail(Error::Unavailable(Quote(opts.to) + ": cannot rename " + Quote(tmp) + ": " + Errno()));
  SyncDir(opts.to.parent_path());

  BackupSummary s;
  s.tickets = snap->tickets;
  s.users = snap->users;
  s.schema_version = snap->schema_version;
  s.database_bytes = snap->bytes;
  s.bytes = tar.written();
  s.blob_files = blob_files;
  return s;
}

// ---------------------------------------------------------------- restore

namespace {

std::optional<std::uint64_t> ParseOctal(const char* p, std::size_t n) {
  std::uint64_t v = 0;
  std::size_t i = 0;
  while (i < n && p[i] == ' ') ++i;
  bool any = false;
  for (; i < n && p[i] >= '0' && p[i] <= '7'; ++i) {
    v = v * 8 + static_cast<std::uint64_t>(p[i] - '0');
    any = true;
  }
  for (; i < n; ++i)
    if (p[i] != ' ' && p[i] != '\0') return std::nullopt;
  return any ? std::optional(v) : std::nullopt;
}

std::optional<std::uint64_t> ParseSize(const char* p) {
  if (static_cast<unsigned char>(p[0]) & 0x80) {  // GNU base-256
    std::uint64_t v = 0;
    for (int i = 1; i < 12; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
    return v;
  }
  return ParseOctal(p, 12);
}

std::string Field(const char* p, std::size_t n) { return std::string(p, strnlen(p, n)); }

// A member name we accept: chamado.db, chamado.toml, the manifest, or blobs/<segments> with
// plain segments (no "..", no absolute paths, no odd characters).
bool AllowedName(const std::string& name) {
  if (name == kDbName || name == kConfigName || name == kManifestName) return true;
  if (!name.starts_with(std::string(kBlobsDir) + "/")) return false;
  std::string_view rest(name);
  rest.remove_prefix(kBlobsDir.size() + 1);
  if (rest.empty()) return false;
  for (;;) {
    auto slash = rest.find('/');
    auto seg = rest.substr(0, slash);
    if (seg.empty() || seg == "." || seg == ".." || seg.size() > 255) return false;
    for (char c : seg)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') return false;
    if (slash == std::string_view::npos) return true;
    rest.remove_prefix(slash + 1);
  }
}

struct Unpacked {
  std::map<std::string, Entry> files;  // by name
  std::string manifest;
};

// Copies exactly `size` bytes from `in` to a new file `dest`, fsynced. `first` holds bytes
// already read from `in`.
Result<Entry> Extract(File& in, const fs::path& from, std::string_view first, std::uint64_t size, const fs::path& dest,
                      const std::string& name) {
  std::error_code ec;
  fs::create_directories(dest.parent_path(), ec);
  File out(dest, O_WRONLY | O_CREAT | O_EXCL);
  if (!out.ok()) return Fail(Error::Unavailable(Quote(dest) + ": cannot create: " + Errno()));
  Crc32 crc;
  std::uint64_t copied = 0;
  if (!first.empty()) {
    crc.Update(first.data(), first.size());
    if (!out.WriteAll(first.data(), first.size()))
      return Fail(Error::Unavailable(Quote(dest) + ": write failed: " + Errno()));
    copied = first.size();
  }
  std::vector<char> buf(kChunk);
  const bool to_end = size == std::numeric_limits<std::uint64_t>::max();
  while (copied < size) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, size - copied));
    ssize_t got = in.ReadUpTo(buf.data(), want);
    if (got < 0) return Fail(Error::BadRequest(Quote(from) + ": cannot read: " + Errno()));
    if (got == 0 && to_end) break;
    if (static_cast<std::size_t>(got) != want && !to_end)
      return Fail(Error::BadRequest(Quote(from) + ": truncated backup (in " + name + ")"));
    crc.Update(buf.data(), static_cast<std::size_t>(got));
    if (!out.WriteAll(buf.data(), static_cast<std::size_t>(got)))
      return Fail(Error::Unavailable(Quote(dest) + ": write failed: " + Errno()));
    copied += static_cast<std::uint64_t>(got);
  }
  if (!out.Sync() || !out.Close()) return Fail(Error::Unavailable(Quote(dest) + ": fsync failed: " + Errno()));
  return Entry{name, copied, crc.Hex()};
}

Result<void> Skip(File& in, const fs::path& from, std::uint64_t n) {
  std::vector<char> buf(kChunk);
  while (n > 0) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, n));
    if (in.ReadUpTo(buf.data(), want) != static_cast<ssize_t>(want))
      return Fail(Error::BadRequest(Quote(from) + ": truncated backup"));
    n -= want;
  }
  return {};
}

// Unpacks a ustar bundle whose first block is `first` into `staging`.
Result<Unpacked> UnpackBundle(File& in, const fs::path& from, std::array<char, kBlock> block, const fs::path& staging) {
  const std::string not_ours = Quote(from) + ": not a Chamado backup";
  Unpacked u;
  bool first = true;
  for (;;) {
    if (std::all_of(block.begin(), block.end(), [](char c) { return c == 0; })) break;  // end of archive
    const char* h = block.data();
    const auto sum = ParseOctal(h + 148, 8);
    if (!sum || *sum != HeaderChecksum(h) || std::memcmp(h + 257, "ustar", 5) != 0)
      return Fail(Error::BadRequest(first ? not_ours : Quote(from) + ": corrupt backup (bad archive header)"));
    first = false;
    std::string name = Field(h, 100);
    if (const std::string prefix = Field(h + 345, 155); !prefix.empty()) name = prefix + "/" + name;
    const auto size = ParseSize(h + 124);
    if (!size) return Fail(Error::BadRequest(Quote(from) + ": corrupt backup (bad size of " + name + ")"));
    const char type = h[156];
    const std::uint64_t padded = (*size + kBlock - 1) / kBlock * kBlock;
    if (type == 'x' || type == 'g' || type == '5') {  // pax records, directories: nothing to keep
      if (auto r = Skip(in, from, padded); !r) return Fail(r.error());
    } else if (type == '0' || type == '\0') {
      if (!AllowedName(name))
        return Fail(Error::BadRequest(not_ours + " (unexpected member '" + name.substr(0, 100) + "')"));
      if (u.files.contains(name) || (name == kManifestName && !u.manifest.empty()))
        return Fail(Error::BadRequest(Quote(from) + ": corrupt backup (" + name + " twice)"));
      if (name == kManifestName) {
        if (*size > (16u << 20)) return Fail(Error::BadRequest(not_ours + " (oversized manifest)"));
        std::string text(*size, '\0');
        if (in.ReadUpTo(text.data(), text.size()) != static_cast<ssize_t>(text.size()))
          return Fail(Error::BadRequest(Quote(from) + ": truncated backup"));
        u.manifest = std::move(text);
        if (auto r = Skip(in, from, padded - *size); !r) return Fail(r.error());
      } else {
        auto e = Extract(in, from, {}, *size, staging / name, name);
        if (!e) return Fail(e.error());
        u.files.emplace(name, *e);
        if (auto r = Skip(in, from, padded - *size); !r) return Fail(r.error());
      }
    } else {
      return Fail(Error::BadRequest(not_ours + " (unexpected member type of '" + name.substr(0, 100) + "')"));
    }
    if (in.ReadUpTo(block.data(), kBlock) != static_cast<ssize_t>(kBlock))
      return Fail(Error::BadRequest(Quote(from) + ": truncated backup"));
  }
  return u;
}

// Checks the unpacked files against the manifest; fills what the manifest says.
Result<void> CheckManifest(const Unpacked& u, const fs::path& from, RestoreSummary& s) {
  const std::string not_ours = Quote(from) + ": not a Chamado backup";
  if (u.manifest.empty()) return Fail(Error::BadRequest(not_ours + " (no " + std::string(kManifestName) + ")"));
  boost::system::error_code ec;
  auto v = json::parse(u.manifest, ec);
  const json::object* m = (!ec && v.is_object()) ? &v.as_object() : nullptr;
  const auto* format = m ? m->if_contains("format") : nullptr;
  if (!format || !format->is_string() || format->as_string() != kFormat)
    return Fail(Error::BadRequest(not_ours + " (unknown manifest)"));
  const auto* version = m->if_contains("version");
  if (!version || !version->is_int64() || version->as_int64() != kFormatVersion)
    return Fail(Error::BadRequest(Quote(from) + ": backup format version not supported by this Chamado"));
  if (const auto* c = m->if_contains("created_at"); c && c->is_string()) s.created_at = std::string(c->as_string());
  const auto* files = m->if_contains("files");
  if (!files || !files->is_array()) return Fail(Error::BadRequest(not_ours + " (manifest without files)"));
  std::size_t listed = 0;
  for (const auto& f : files->as_array()) {
    const auto* o = f.if_object();
    const auto* path = o ? o->if_contains("path") : nullptr;
    const auto* bytes = o ? o->if_contains("bytes") : nullptr;
    const auto* crc = o ? o->if_contains("crc32") : nullptr;
    const bool sized = bytes && (bytes->is_uint64() || (bytes->is_int64() && bytes->as_int64() >= 0));
    if (!path || !path->is_string() || !sized || !crc || !crc->is_string())
      return Fail(Error::BadRequest(Quote(from) + ": corrupt backup (bad manifest entry)"));
    const std::uint64_t size = bytes->is_uint64() ? bytes->as_uint64() : static_cast<std::uint64_t>(bytes->as_int64());
    const std::string name(path->as_string());
    auto it = u.files.find(name);
    if (it == u.files.end()) return Fail(Error::BadRequest(Quote(from) + ": corrupt backup (" + name + " is missing)"));
    if (it->second.bytes != size || it->second.crc32 != crc->as_string())
      return Fail(Error::BadRequest(Quote(from) + ": corrupt backup (" + name + " does not match its checksum)"));
    ++listed;
  }
  if (listed != u.files.size())
    return Fail(Error::BadRequest(Quote(from) + ": corrupt backup (files not in the manifest)"));
  if (!u.files.contains(std::string(kDbName)))
    return Fail(Error::BadRequest(not_ours + " (no " + std::string(kDbName) + ")"));
  return {};
}

// Opens the restored database: integrity, a schema this binary knows, the counts.
Result<void> CheckDatabase(const fs::path& db_path, const fs::path& from, RestoreSummary& s) {
  try {
    Db db(db_path.string(), false, false);
    auto& ic = db.Prepare("PRAGMA integrity_check");
    std::string verdict = ic.Step() ? ic.Text(0) : "no answer";
    ic.Reset();
    if (verdict != "ok")
      return Fail(Error::BadRequest(Quote(from) + ": the database fails its integrity check: " + verdict));
    try {
      s.schema_version = SchemaVersion(db);
      s.tickets = CountRows(db, "tickets");
      s.users = CountRows(db, "users");
    } catch (const DbError& e) {
      return Fail(Error::BadRequest(Quote(from) + ": not a Chamado database (" + e.what() + ")"));
    }
    if (s.schema_version > LatestMigration())
      return Fail(Error::BadRequest(Quote(from) + ": made by a newer Chamado (schema version " +
                                    std::to_string(s.schema_version) + "; this one knows up to " +
                                    std::to_string(LatestMigration()) + ")"));
  } catch (const DbError& e) {
    return Fail(Error::BadRequest(Quote(from) + ": not a Chamado backup (" + e.what() + ")"));
  }
  File f(db_path, O_RDONLY);  // the WAL was checkpointed into the file on close
  if (!f.ok() || !f.Sync()) return Fail(Error::Unavailable(Quote(db_path) + ": fsync failed: " + Errno()));
  return {};
}

}  // namespace

Result<RestoreSummary> Restore(const fs::path& from, const fs::path& data_dir) {
  std::error_code ec;
  bool created = false;
  if (fs::exists(data_dir, ec)) {
    if (!fs::is_directory(data_dir, ec)) return Fail(Error::BadRequest(Quote(data_dir) + ": not a directory"));
    if (!fs::is_empty(data_dir, ec))
      return Fail(
          Error::BadRequest(Quote(data_dir) + ": not empty; restore only into an empty or missing data directory"));
  }
  File in(from, O_RDONLY);
  if (!in.ok()) return Fail(Error::BadRequest(Quote(from) + ": cannot read: " + Errno()));
  std::array<char, kBlock> block{};
  const ssize_t got = in.ReadUpTo(block.data(), kBlock);
  if (got < 0) return Fail(Error::BadRequest(Quote(from) + ": cannot read: " + Errno()));
  static constexpr std::string_view kSqliteMagic{"SQLite format 3\0", 16};
  const bool plain_db = got >= 100 && std::string_view(block.data(), 16) == kSqliteMagic;
  if (!plain_db && got != static_cast<ssize_t>(kBlock))
    return Fail(Error::BadRequest(Quote(from) + ": not a Chamado backup"));

  if (!fs::exists(data_dir, ec)) {
    fs::create_directories(data_dir, ec);
    if (ec) return Fail(Error::Unavailable(Quote(data_dir) + ": cannot create: " + ec.message()));
    created = true;
  }
  const fs::path staging = data_dir / kPartialDir;
  // On failure the data dir is left as it was found: missing, or empty.
  ScopeExit cleanup{[&] {
    std::error_code ignored;
    if (created) {
      fs::remove_all(data_dir, ignored);
      return;
    }
    for (const auto& e : fs::directory_iterator(data_dir, ignored)) fs::remove_all(e.path(), ignored);
  }};
  fs::create_directory(staging, ec);
  if (ec) return Fail(Error::Unavailable(Quote(staging) + ": cannot create: " + ec.message()));

  RestoreSummary s;
  Unpacked u;
  if (plain_db) {
    s.format = "sqlite";
    auto e = Extract(in, from, std::string_view(block.data(), static_cast<std::size_t>(got)),
                     std::numeric_limits<std::uint64_t>::max(), staging / kDbName, std::string(kDbName));
    if (!e) return Fail(e.error());
    u.files.emplace(std::string(kDbName), *e);
  } else {
    s.format = "bundle";
    auto unpacked = UnpackBundle(in, from, block, staging);
    if (!unpacked) return Fail(unpacked.error());
    u = std::move(*unpacked);
    if (auto r = CheckManifest(u, from, s); !r) return Fail(r.error());
  }
  if (auto r = CheckDatabase(staging / kDbName, from, s); !r) return Fail(r.error());

  // Everything checked out: move into place, the database last.
  for (const auto& name : {std::string(kConfigName), std::string(kBlobsDir)}) {
    if (!fs::exists(staging / name, ec)) continue;
    fs::rename(staging / name, data_dir / name, ec);
    if (ec) return Fail(Error::Unavailable(Quote(data_dir / name) + ": " + ec.message()));
  }
  SyncDir(data_dir);
  fs::rename(staging / kDbName, data_dir / kDbName, ec);
  if (ec) return Fail(Error::Unavailable(Quote(data_dir / kDbName) + ": " + ec.message()));
  fs::remove_all(staging, ec);
  SyncDir(data_dir);
  cleanup.keep = true;

  s.config = u.files.contains(std::string(kConfigName));
  s.blob_files = static_cast<std::size_t>(std::count_if(u.files.begin(), u.files.end(), [](const auto& kv) {
    return kv.first.starts_with(std::string(kBlobsDir) + "/");
  }));
  return s;
}

}  // namespace chamado::sqlite
