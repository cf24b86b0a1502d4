#pragma once
// FileTypeDetector on libmagic (the library behind file(1)): the MIME type of a file by its
// content, e.g. "application/pdf", "image/png", "text/csv", "application/x-executable".
#include <mutex>
#include <string>

#include "app/blobs.hpp"

namespace chamado::filetype {

class MagicFileTypeDetector final : public app::FileTypeDetector {
 public:
  // Loads the system's compiled magic database once. Throws std::runtime_error when it
  // cannot (libmagic-mgc missing).
  MagicFileTypeDetector();
  ~MagicFileTypeDetector() override;
  MagicFileTypeDetector(const MagicFileTypeDetector&) = delete;
  MagicFileTypeDetector& operator=(const MagicFileTypeDetector&) = delete;

  // libmagic reads the file's first 256 KiB at most. "application/octet-stream" when it
  // recognises nothing or the file cannot be read.
  std::string MimeTypeOfFile(const std::string& path) override;

 private:
  // A libmagic handle is not thread-safe; one handle behind a mutex (a lookup reads a few
  // KB and takes well under a millisecond).
  std::mutex mu_;
  void* cookie_ = nullptr;  // magic_t
};

}  // namespace chamado::filetype
