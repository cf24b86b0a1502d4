#pragma once
// The customer portal's static files (web/, built by Vite): served at "/" by Api::Handle for
// GETs no API route takes. Two sources: the copy embedded in the binary at build time (one file
// to deploy) and, while developing the UI, a directory (`chamado serve --web DIR`).
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "adapters/http/message.hpp"

namespace chamado::http {

struct StaticFile {
  std::string body;
  std::string content_type;
  bool immutable = false;  // under /assets/: content-hashed names, cached for a year
};

class StaticSite {
 public:
  virtual ~StaticSite() = default;
  // The file at a request path ("/" is /index.html); nullopt when there is none or the path
  // is not a plain relative file path (no "..", no backslash, no NUL).
  virtual std::optional<StaticFile> Find(std::string_view path) const = 0;
};

// One embedded file: its path from the site root ("index.html", "assets/index-abc.js").
struct EmbeddedFile {
  const char* path;
  const unsigned char* data;
  std::size_t size;
};

// Null when `files` is empty (a build without the portal).
std::unique_ptr<StaticSite> EmbeddedSite(std::span<const EmbeddedFile> files);
// Reads the files from `root` at every request (development: `vite build --watch` output).
std::unique_ptr<StaticSite> DirectorySite(std::string root);

// The MIME type by file name; application/octet-stream for the unknown.
std::string_view ContentTypeFor(std::string_view path);
// The site's path for a request path: "/" → "index.html", "/a/b.js" → "a/b.js"; nullopt for
// anything that could leave the root.
std::optional<std::string> SitePath(std::string_view request_path);

// The answer for a GET no route took: the file, else the portal's index.html for the app's own
// routes (paths without an extension, e.g. /tickets/12); nullopt: a plain 404.
std::optional<Response> ServeStatic(const StaticSite& site, const Request& req);

}  // namespace chamado::http
