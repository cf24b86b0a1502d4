#pragma once
// Ports of the attachments use cases (app/attachments.hpp): where file bytes live, what a
// file is, and whether it carries malware. Adapters: adapters/blob/ (a local directory),
// adapters/postgres/ (chunked bytea, shared by every node), adapters/filetype/ (libmagic),
// adapters/clamd/ (a clamd daemon). Files arrive spooled to a temporary file by the HTTP
// server, so nothing here holds a whole file in memory.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "domain/error.hpp"

namespace chamado::app {

// Is `s` a blob's name (64 lower-case hex digits)? Adapters refuse anything else before it can
// become a path or a query value.
inline bool IsBlobName(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

struct BlobInfo {
  std::string sha256;  // lower-case hex: the blob's name
  std::uint64_t size = 0;
};

// Reads one blob from its start, chunk by chunk. Not thread-safe; one reader per download.
class BlobReader {
 public:
  virtual ~BlobReader() = default;
  virtual std::uint64_t Size() const = 0;
  // Copies up to `n` bytes into `buf`; 0 at the end. An error means the download is cut.
  virtual Result<std::size_t> Read(char* buf, std::size_t n) = 0;
};

// Content-addressed file storage: a blob's name is the SHA-256 of its bytes, so storing the
// same file twice keeps one copy (deduplication), and a blob never changes once stored.
class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // Stores the complete file at `path` (read in chunks, never whole) and returns its name.
  // Atomic: a reader sees the whole blob or none of it. Storing an existing blob is a no-op.
  // `path` is left in place; the caller deletes it.
  virtual Result<BlobInfo> PutFile(const std::string& path) = 0;
  // NotFound when there is no such blob.
  virtual Result<std::unique_ptr<BlobReader>> Open(std::string_view sha256) = 0;
  // Removes the blob; absent is fine. Callers delete only blobs no attachment refers to.
  virtual Result<void> Delete(std::string_view sha256) = 0;
};

// What a file is by its content (libmagic): a MIME type such as "application/pdf";
// "application/octet-stream" when nothing matches.
class FileTypeDetector {
 public:
  virtual ~FileTypeDetector() = default;
  virtual std::string MimeTypeOfFile(const std::string& path) = 0;
};

struct ScanVerdict {
  enum class Kind { kClean, kInfected, kFailed };
  Kind kind = Kind::kClean;
  std::string detail;  // the signature name (infected) or what failed
};

// A malware scan of a whole file (clamd INSTREAM). Optional: no scanner configured, no scan.
class VirusScanner {
 public:
  virtual ~VirusScanner() = default;
  virtual ScanVerdict ScanFile(const std::string& path) = 0;
};

}  // namespace chamado::app
