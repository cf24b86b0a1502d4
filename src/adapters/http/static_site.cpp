#include "adapters/http/static_site.hpp"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <unordered_map>

namespace chamado::http {
namespace {

// Only the portal's own files run here: scripts and styles from this origin, API calls to
// it, images from it or data:/blob: (previews of files chosen for upload). No inline script,
// style attribute, eval, plugin, framing, or form posting elsewhere.
constexpr const char* kPortalCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

bool IsImmutable(std::string_view site_path) { return site_path.starts_with("assets/"); }

class TableSite final : public StaticSite {
 public:
  explicit TableSite(std::span<const EmbeddedFile> files) {
    for (const auto& f : files) files_.emplace(f.path, f);
  }
  std::optional<StaticFile> Find(std::string_view path) const override {
    auto rel = SitePath(path);
    if (!rel) return std::nullopt;
    auto it = files_.find(*rel);
    if (it == files_.end()) return std::nullopt;
    const auto& f = it->second;
    return StaticFile{std::string(reinterpret_cast<const char*>(f.data), f.size), std::string(ContentTypeFor(*rel)),
                      IsImmutable(*rel)};
  }

 private:
  std::unordered_map<std::string, EmbeddedFile> files_;
};

class DirSite final : public StaticSite {
 public:
  explicit DirSite(std::string root) : root_(std::move(root)) {}
  std::optional<StaticFile> Find(std::string_view path) const override {
    auto rel = SitePath(path);
    if (!rel) return std::nullopt;
    const std::filesystem::path file = root_ / *rel;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return StaticFile{std::move(body), std::string(ContentTypeFor(*rel)), IsImmutable(*rel)};
  }

 private:
  std::filesystem::path root_;
};

bool HasExtension(std::string_view path) {
  const auto slash = path.rfind('/');
  const auto dot = path.rfind('.');
  return dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash);
}

// "gzip" listed without q=0 (browsers send "gzip, deflate, br, zstd").
bool AcceptsGzip(std::string_view accept) {
  std::size_t start = 0;
  while (start < accept.size()) {
    auto end = accept.find(',', start);
    if (end == std::string_view::npos) end = accept.size();
    std::string_view item = accept.substr(start, end - start);
    start = end + 1;
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    if (!item.starts_with("gzip")) continue;
    std::string_view rest = item.substr(4);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (rest.empty()) return true;
    if (rest.front() != ';') continue;
    const auto q = rest.find("q=");
    if (q == std::string_view::npos) return true;
    double weight = 1;
    std::from_chars(rest.data() + q + 2, rest.data() + rest.size(), weight);
    return weight > 0;
  }
  return false;
}

}  // namespace

std::unique_ptr<StaticSite> EmbeddedSite(std::span<const EmbeddedFile> files) {
  if (files.empty()) return nullptr;
  return std::make_unique<TableSite>(files);
}

std::unique_ptr<StaticSite> DirectorySite(std::string root) { return std::make_unique<DirSite>(std::move(root)); }

std::string_view ContentTypeFor(std::string_view path) {
  static const std::unordered_map<std::string_view, std::string_view> kTypes{
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json; charset=utf-8"},
      {"map", "application/json; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"ico", "image/x-icon"},
      {"webp", "image/webp"},
      {"woff2", "font/woff2"},
      {"woff", "font/woff"},
      {"txt", "text/plain; charset=utf-8"},
      {"webmanifest", "application/manifest+json"},
  };
  const auto dot = path.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  auto it = kTypes.find(path.substr(dot + 1));
  return it == kTypes.end() ? std::string_view("application/octet-stream") : it->second;
}

std::optional<std::string> SitePath(std::string_view p) {
  if (p.empty() || p.front() != '/') return std::nullopt;
  if (p == "/") return "index.html";
  p.remove_prefix(1);
  std::string out;
  std::size_t start = 0;
  while (start <= p.size()) {
    const auto end = std::min(p.find('/', start), p.size());
    const std::string_view seg = p.substr(start, end - start);
    // Empty, "." and ".." segments, hidden files, backslashes and control bytes never map.
    if (seg.empty() || seg.front() == '.') return std::nullopt;
    for (char c : seg)
      if (c == '\\' || static_cast<unsigned char>(c) < 0x20) return std::nullopt;
    if (!out.empty()) out.push_back('/');
    out.append(seg);
    start = end + 1;
  }
  return out;
}

std::optional<Response> ServeStatic(const StaticSite& site, const Request& req) {
  if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
  // A path that could leave the site's root is nobody's page: a plain 404, not the app.
  if (!SitePath(req.path)) return std::nullopt;
  std::string path = req.path == "/" ? "/index.html" : req.path;
  auto file = site.Find(path);
  // The app's own routes (/tickets/12, /verify-email) are index.html: the app reads the path.
  if (!file && !HasExtension(path)) {
    path = "/index.html";
    file = site.Find(path);
  }
  if (!file) return std::nullopt;
  Response res;
  res.status = 200;
  res.content_type = std::move(file->content_type);
  res.body = std::move(file->body);
  // The build wrote a gzip copy beside each text file (web/vite.config.ts): send it to browsers
  // that take gzip.
  if (const std::string* accept = req.Header("accept-encoding"); accept && AcceptsGzip(*accept))
    if (auto gz = site.Find(path + ".gz")) {
      res.body = std::move(gz->body);
      res.headers.emplace_back("Content-Encoding", "gzip");
    }
  res.headers.emplace_back("Vary", "Accept-Encoding");
  res.headers.emplace_back("Cache-Control", file->immutable ? "public, max-age=31536000, immutable" : "no-cache");
  res.headers.emplace_back("Content-Security-Policy", kPortalCsp);
  res.headers.emplace_back("X-Content-Type-Options", "nosniff");
  res.headers.emplace_back("X-Frame-Options", "DENY");
  res.headers.emplace_back("Referrer-Policy", "same-origin");
  return res;
}

}  // namespace chamado::http
