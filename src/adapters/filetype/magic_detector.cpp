#include "adapters/filetype/magic_detector.hpp"

#include <magic.h>

#include <stdexcept>

namespace chamado::filetype {

namespace {
constexpr const char* kUnknown = "application/octet-stream";
constexpr std::size_t kBytesMax = 256 * 1024;
magic_t Cookie(void* p) { return static_cast<magic_t>(p); }
}  // namespace

MagicFileTypeDetector::MagicFileTypeDetector() {
  // MIME type only (no charset); no looking inside compressed files; errors reported as
  // errors rather than as a description.
  magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
  if (!m) throw std::runtime_error("libmagic: cannot allocate a handle");
  if (magic_load(m, nullptr) != 0) {
    std::string why = magic_error(m) ? magic_error(m) : "unknown error";
    magic_close(m);
    throw std::runtime_error("libmagic: cannot load the magic database: " + why + " (install libmagic-mgc)");
  }
  // libmagic 5.44 reads up to 7 MiB of a file into memory by default; types are decided by
  // their first bytes (Office zips by their first members, ELF and OLE files are read through
  // the descriptor), so 256 KiB keeps a 20 MB upload's memory flat at no loss.
  const std::size_t bytes_max = kBytesMax;
  magic_setparam(m, MAGIC_PARAM_BYTES_MAX, &bytes_max);
  cookie_ = m;
}

MagicFileTypeDetector::~MagicFileTypeDetector() { magic_close(Cookie(cookie_)); }

std::string MagicFileTypeDetector::MimeTypeOfFile(const std::string& path) {
  std::lock_guard lk(mu_);
  const char* t = magic_file(Cookie(cookie_), path.c_str());
  if (!t || !*t) return kUnknown;
  std::string type(t);
  // A directory, a device or a missing file is no upload's content.
  if (type.starts_with("inode/") || type == "cannot open") return kUnknown;
  return type;
}

}  // namespace chamado::filetype
