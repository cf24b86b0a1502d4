#pragma once
// ---- portal: the "My tickets" filters of GET /requests (and /open, /solved, /ccd) and
// GET /requests/search (docs/api.md "Portal"): Zendesk's status= (comma-separated legacy
// statuses) and ours, chamado_custom_status_id= (comma-separated workflow status ids). A bad
// value is a 400 naming the parameter.
#include <charconv>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/http/message.hpp"
#include "app/search.hpp"
#include "domain/search_query.hpp"

namespace chamado::http {

// The comma-separated parts of `text`, blanks around each dropped, empty parts skipped.
inline std::vector<std::string_view> CommaParts(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i <= text.size()) {
    auto j = text.find(',', i);
    if (j == std::string_view::npos) j = text.size();
    auto part = text.substr(i, j - i);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) out.push_back(part);
    i = j + 1;
  }
  return out;
}

inline Result<app::StatusFilter> ParseStatusFilter(const Request& r) {
  app::StatusFilter f;
  if (const std::string* st = r.Query("status"); st && !st->empty()) {
    std::vector<StatusLevel> levels;
    for (auto part : CommaParts(*st)) {
      auto level = ParseStatusLevel(part);
      if (!level)
        return Fail(Error::BadRequest("status: '" + std::string(part) +
                                      "' is not a status; use new, open, pending, hold, solved or closed, "
                                      "comma-separated"));
      levels.push_back(*level);
    }
    if (!levels.empty()) f.levels = std::move(levels);
  }
  if (const std::string* ids = r.Query("chamado_custom_status_id"); ids && !ids->empty()) {
    std::vector<std::int64_t> out;
    for (auto part : CommaParts(*ids)) {
      std::int64_t v = 0;
      auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
      if (ec != std::errc() || p != part.data() + part.size())
        return Fail(Error::BadRequest("chamado_custom_status_id: '" + std::string(part) +
                                      "' is not a status id; use ids of GET /custom_statuses, comma-separated"));
      out.push_back(v);
    }
    if (!out.empty()) f.custom_status_ids = std::move(out);
  }
  return f;
}

}  // namespace chamado::http
