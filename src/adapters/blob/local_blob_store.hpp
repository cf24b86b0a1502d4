#pragma once
// The local-directory BlobStore (storage.backend = local): blob <sha256> lives at
// DIR/<sha256[0:2]>/<sha256[2:4]>/<sha256>. A file is copied (while it is hashed, 64 KB at a
// time) into DIR/tmp/, fsynced, and renamed to its final name, whose directory is then
// fsynced: a blob is whole under its name or not there at all, even after a crash. Several
// processes may share DIR (content addressing makes concurrent writers of one blob agree).
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/blobs.hpp"

namespace chamado::blob {

class LocalBlobStore final : public app::BlobStore {
 public:
  // Creates DIR and DIR/tmp when missing and removes temporary files a crash left there
  // (those older than an hour: another process may be writing the newer ones). Throws
  // std::runtime_error naming the directory when it cannot be created or written.
  explicit LocalBlobStore(std::filesystem::path dir);

  Result<app::BlobInfo> PutFile(const std::string& path) override;
  Result<std::unique_ptr<app::BlobReader>> Open(std::string_view sha256) override;
  Result<void> Delete(std::string_view sha256) override;

  // Where blob `sha256` lives (whether or not it exists); empty for a malformed name.
  std::filesystem::path PathOf(std::string_view sha256) const;
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

using app::IsBlobName;  // a blob name: anything else is refused before it reaches a path

// SHA-256 (lower-case hex) and size of the file at `path`, read 64 KB at a time. Errors name
// the file. For tools that check blobs (store copy).
Result<app::BlobInfo> HashFile(const std::string& path);

// Every blob under `dir` laid out as above (DIR/ab/cd/<sha256>), sorted by name; the
// temporary directory and anything that does not look like a blob are skipped.
std::vector<std::string> ListBlobs(const std::filesystem::path& dir);

}  // namespace chamado::blob
