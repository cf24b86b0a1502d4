#include "adapters/http/router.hpp"

#include <charconv>

namespace chamado::http {
namespace {

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    auto j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace

void Router::Add(std::string method, const std::string& pattern, AuthMode auth, RouteHandler h) {
  routes_.push_back(Route{std::move(method), Split(pattern), auth, std::move(h)});
}

const Route* Router::Match(const std::string& method, const std::string& path, std::vector<std::int64_t>& ids,
                           bool& method_mismatch, std::vector<std::string>* words) const {
  const auto segs = Split(path);
  method_mismatch = false;
  for (const auto& r : routes_) {
    if (r.segments.size() != segs.size()) continue;
    std::vector<std::int64_t> found;
    std::vector<std::string> texts;
    bool ok = true;
    for (std::size_t i = 0; i < segs.size() && ok; ++i) {
      if (r.segments[i] == ":id") {
        std::int64_t v = 0;
        const auto& s = segs[i];
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        ok = ec == std::errc() && p == s.data() + s.size() && v > 0;
        if (ok) found.push_back(v);
      } else if (r.segments[i].size() > 1 && r.segments[i][0] == ':') {
        texts.push_back(segs[i]);  // Split() never yields an empty segment
      } else {
        ok = r.segments[i] == segs[i];
      }
    }
    if (!ok) continue;
    if (r.method != method) {
      method_mismatch = true;
      continue;
    }
    ids = std::move(found);
    if (words) *words = std::move(texts);
    return &r;
  }
  return nullptr;
}

}  // namespace chamado::http
