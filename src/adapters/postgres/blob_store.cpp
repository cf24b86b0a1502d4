#include "adapters/postgres/blob_store.hpp"

#include <fcntl.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "adapters/crypto/sha256.hpp"
#include "adapters/postgres/db.hpp"
#include "adapters/postgres/store.hpp"

namespace chamado::postgres {

namespace {

constexpr Oid kByteaOid = 17;

std::string Quote(const std::string& p) { return "'" + p + "'"; }

using crypto::Sha256;

using app::IsBlobName;

// An open file read in chunks; throws std::runtime_error naming it.
class InFile {
 public:
  explicit InFile(const std::string& path) : path_(path), fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
    if (fd_ < 0) throw std::runtime_error(Quote(path) + ": cannot open: " + std::strerror(errno));
  }
  ~InFile() { ::close(fd_); }
  InFile(const InFile&) = delete;
  InFile& operator=(const InFile&) = delete;
  // Fills `buf` as far as the file goes; the bytes read (fewer than its size only at the end).
  std::size_t Fill(std::vector<char>& buf) {
    std::size_t got = 0;
    while (got < buf.size()) {
      const ssize_t r = ::read(fd_, buf.data() + got, buf.size() - got);
      if (r < 0) {
        if (errno == EINTR) continue;
        throw std::runtime_error(Quote(path_) + ": " + std::strerror(errno));
      }
      if (r == 0) break;
      got += static_cast<std::size_t>(r);
    }
    return got;
  }

 private:
  std::string path_;
  int fd_;
};

// Text parameters (sha256, seq, ...) and at most one binary bytea; result in `binary` format.
// Throws DbError on failure; the caller PQclear()s the result.
PGresult* ExecParams(Db& db, const char* sql, const std::vector<std::string>& text_params, const char* bytes = nullptr,
                     std::size_t nbytes = 0, bool binary_result = false) {
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
  std::vector<Oid> types;
  for (const auto& p : text_params) {
    values.push_back(p.c_str());
    lengths.push_back(0);
    formats.push_back(0);
    types.push_back(0);
  }
  if (bytes) {
    values.push_back(bytes);
    lengths.push_back(static_cast<int>(nbytes));
    formats.push_back(1);
    types.push_back(kByteaOid);
  }
  PGresult* res = PQexecParams(db.raw(), sql, static_cast<int>(values.size()), types.data(), values.data(),
                               lengths.data(), formats.data(), binary_result ? 1 : 0);
  const auto st = PQresultStatus(res);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) ThrowResult(db.raw(), res, sql);
  return res;
}

// Owns a PGresult.
struct PgResult {
  PGresult* r = nullptr;
  PgResult() = default;
  explicit PgResult(PGresult* res) : r(res) {}
  PgResult(PgResult&& o) noexcept : r(o.r) { o.r = nullptr; }
  PgResult& operator=(PgResult&& o) noexcept {
    if (this != &o) {
      PQclear(r);
      r = o.r;
      o.r = nullptr;
    }
    return *this;
  }
  ~PgResult() { PQclear(r); }
  // The first column of the first row (a binary bytea: its bytes).
  const char* data() const { return r ? PQgetvalue(r, 0, 0) : nullptr; }
  std::size_t size() const { return r ? static_cast<std::size_t>(PQgetlength(r, 0, 0)) : 0; }
};

std::optional<std::uint64_t> ObjectSize(Db& db, std::string_view sha256) {
  PgResult res{ExecParams(db, "SELECT size FROM blob_objects WHERE sha256 = $1", {std::string(sha256)})};
  if (PQntuples(res.r) == 0) return std::nullopt;
  return std::stoull(PQgetvalue(res.r, 0, 0));
}

// Chunk `seq` of blob `sha256` (its bytes as the result holds them: no copy); false when
// there is no such chunk.
bool ReadChunk(Db& db, const std::string& sha256, std::int64_t seq, PgResult& out) {
  PgResult res{ExecParams(db, "SELECT data FROM blob_chunks WHERE sha256 = $1 AND seq = $2",
                          {sha256, std::to_string(seq)}, nullptr, 0, /*binary_result=*/true)};
  if (PQntuples(res.r) == 0) return false;
  out = std::move(res);
  return true;
}

// Inserts the chunks of `path` under `sha256`, then the object row; returns the bytes and
// their hash as read now (the caller compares them with what it expected).
app::BlobInfo InsertChunks(Db& db, const std::string& path, const std::string& sha256, std::size_t chunk_bytes) {
  InFile in(path);
  Sha256 sha;
  std::vector<char> buf(chunk_bytes);
  app::BlobInfo info;
  for (std::int64_t seq = 0;; ++seq) {
    const std::size_t n = in.Fill(buf);
    if (n == 0 && seq > 0) break;
    sha.Update(buf.data(), n);
    info.size += n;
    // An empty file is one empty chunk: every blob has a chunk 0.
    PgResult res{ExecParams(db,
                            "INSERT INTO blob_chunks (sha256, seq, data) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                            {sha256, std::to_string(seq)}, buf.data(), n)};
    if (n < buf.size()) break;
  }
  info.sha256 = sha.Hex();
  if (info.sha256 != sha256) return info;  // the caller refuses it; its transaction rolls back
  // Last: the blob exists (Open finds it) only once every chunk is there, in the same commit.
  PgResult res{ExecParams(db,
                          "INSERT INTO blob_objects (sha256, size, created_at) VALUES ($1, $2, "
                          "CAST(extract(epoch FROM now()) AS BIGINT)) ON CONFLICT DO NOTHING",
                          {sha256, std::to_string(info.size)})};
  return info;
}

// Reads a blob one chunk at a time, each chunk by one query on a pooled connection.
class ChunkReader final : public app::BlobReader {
 public:
  ChunkReader(PgStore& store, std::string sha256, std::uint64_t size)
      : store_(store), sha256_(std::move(sha256)), size_(size) {}
  std::uint64_t Size() const override { return size_; }
  Result<std::size_t> Read(char* buf, std::size_t n) override {
    if (delivered_ >= size_ || n == 0) return 0;
    if (pos_ >= chunk_.size()) {
      chunk_ = PgResult();  // one chunk held at a time
      pos_ = 0;
      bool found = false;
      auto r = store_.WithConnection([&](Db& db) -> Result<void> {
        found = ReadChunk(db, sha256_, next_seq_, chunk_);
        return {};
      });
      if (!r) return Fail(r.error());
      if (!found || chunk_.size() == 0)
        return Fail(Error::Unavailable("blob " + sha256_ + ": chunk " + std::to_string(next_seq_) + " is missing"));
      ++next_seq_;
    }
    const std::size_t k = std::min({n, chunk_.size() - pos_, static_cast<std::size_t>(size_ - delivered_)});
    std::memcpy(buf, chunk_.data() + pos_, k);
    pos_ += k;
    delivered_ += k;
    return k;
  }

 private:
  PgStore& store_;
  std::string sha256_;
  std::uint64_t size_;
  PgResult chunk_;
  std::size_t pos_ = 0;
  std::int64_t next_seq_ = 0;
  std::uint64_t delivered_ = 0;
};

Result<app::BlobInfo> HashLocal(const std::string& path, std::size_t chunk_bytes) {
  try {
    InFile in(path);
    Sha256 sha;
    std::vector<char> buf(std::min<std::size_t>(chunk_bytes, 64 * 1024));
    app::BlobInfo info;
    for (;;) {
      const std::size_t n = in.Fill(buf);
      sha.Update(buf.data(), n);
      info.size += n;
      if (n < buf.size()) break;
    }
    info.sha256 = sha.Hex();
    return info;
  } catch (const std::exception& e) {
    return Fail(Error::Unavailable(e.what()));
  }
}

}  // namespace

PgBlobStore::PgBlobStore(PgStore& store, std::size_t chunk_bytes)
    : store_(store), chunk_bytes_(std::max<std::size_t>(1, chunk_bytes)) {}

Result<app::BlobInfo> PgBlobStore::PutFile(const std::string& path) {
  // The name first (a read of the file, no database), so that a blob already stored costs
  // one query and nothing is sent.
  auto want = HashLocal(path, chunk_bytes_);
  if (!want) return want;
  bool exists = false;
  auto r = store_.WithConnection([&](Db& db) -> Result<void> {
    exists = ObjectSize(db, want->sha256).has_value();
    return {};
  });
  if (!r) return Fail(r.error());
  if (exists) return want;
  app::BlobInfo got;
  r = store_.WriteDb([&](Db& db) -> Result<void> {
    got = InsertChunks(db, path, want->sha256, chunk_bytes_);
    if (got.sha256 != want->sha256 || got.size != want->size)
      return Fail(Error::Internal(Quote(path) + ": the file changed while it was being stored"));
    return {};
  });
  if (!r) return Fail(r.error());
  return got;
}

Result<std::unique_ptr<app::BlobReader>> PgBlobStore::Open(std::string_view sha256) {
  if (!IsBlobName(sha256)) return Fail(Error::NotFound());
  std::optional<std::uint64_t> size;
  auto r = store_.WithConnection([&](Db& db) -> Result<void> {
    size = ObjectSize(db, sha256);
    return {};
  });
  if (!r) return Fail(r.error());
  if (!size) return Fail(Error::NotFound());
  return std::make_unique<ChunkReader>(store_, std::string(sha256), *size);
}

Result<void> PgBlobStore::Delete(std::string_view sha256) {
  if (!IsBlobName(sha256)) return {};
  return store_.WriteDb([&](Db& db) -> Result<void> {
    // The object row first: from then on Open says NotFound, whatever a reader still holds.
    PgResult a{ExecParams(db, "DELETE FROM blob_objects WHERE sha256 = $1", {std::string(sha256)})};
    PgResult b{ExecParams(db, "DELETE FROM blob_chunks WHERE sha256 = $1", {std::string(sha256)})};
    return {};
  });
}

app::BlobInfo PutBlobInTransaction(Db& db, const std::string& path, std::string_view sha256, std::size_t chunk_bytes) {
  if (!IsBlobName(sha256)) throw std::runtime_error(Quote(path) + ": not a blob name");
  const std::string name(sha256);
  if (auto size = ObjectSize(db, name)) return {name, *size};
  auto got = InsertChunks(db, path, name, std::max<std::size_t>(1, chunk_bytes));
  if (got.sha256 != name)
    throw std::runtime_error(Quote(path) + ": its bytes hash to " + got.sha256 + ", not to its name (a damaged file)");
  return got;
}

std::optional<app::BlobInfo> HashStoredBlob(Db& db, std::string_view sha256) {
  const std::string name(sha256);
  auto size = ObjectSize(db, name);
  if (!size) return std::nullopt;
  Sha256 sha;
  app::BlobInfo info;
  PgResult chunk;
  for (std::int64_t seq = 0; ReadChunk(db, name, seq, chunk); ++seq) {
    sha.Update(chunk.data(), chunk.size());
    info.size += chunk.size();
  }
  info.sha256 = sha.Hex();
  return info;
}

}  // namespace chamado::postgres
