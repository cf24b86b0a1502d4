#pragma once
// The PostgreSQL BlobStore (storage.backend = postgresql, the default with this store): every
// node of the database reads every file. A blob is its row in blob_objects (sha256, size) and
// its bytes in blob_chunks, kChunkBytes per row (migration 0007_blobs.sql). Bytes travel as
// binary parameters and results (no hex or escape text), and a reader holds one chunk at a
// time: one query per chunk, each on a pooled connection for just that query, so a slow
// download does not keep a connection.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "app/blobs.hpp"

namespace chamado::postgres {

class Db;
class PgStore;

// 256 KiB: what a download holds per chunk, and what each pooled connection's libpq buffers
// grow to (they keep their size); 80 queries for a 20 MB file.
inline constexpr std::size_t kBlobChunkBytes = 256 * 1024;

class PgBlobStore final : public app::BlobStore {
 public:
  explicit PgBlobStore(PgStore& store, std::size_t chunk_bytes = kBlobChunkBytes);

  // Hashes the file, then (unless the blob exists) inserts its chunks and, last, its
  // blob_objects row in one transaction. Two nodes storing the same bytes at once both
  // succeed with one copy (ON CONFLICT DO NOTHING; the second waits for the first's commit).
  Result<app::BlobInfo> PutFile(const std::string& path) override;
  Result<std::unique_ptr<app::BlobReader>> Open(std::string_view sha256) override;
  Result<void> Delete(std::string_view sha256) override;

 private:
  PgStore& store_;
  std::size_t chunk_bytes_;
};

// For `chamado store copy`, inside the caller's transaction on `db`: stores the file whose
// SHA-256 is `sha256` (its name in a local blob directory) and returns what it stored;
// throws std::runtime_error when the bytes do not hash to that name, DbError on failures.
app::BlobInfo PutBlobInTransaction(Db& db, const std::string& path, std::string_view sha256,
                                   std::size_t chunk_bytes = kBlobChunkBytes);
// SHA-256 and size of a stored blob computed from its chunks as read back through `db`;
// nullopt when there is no such blob.
std::optional<app::BlobInfo> HashStoredBlob(Db& db, std::string_view sha256);

}  // namespace chamado::postgres
