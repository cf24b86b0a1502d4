#include "adapters/http/paging.hpp"

#include <charconv>

namespace chamado::http {
namespace {

std::optional<std::int64_t> ToInt(const std::string& s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

bool IsPagingKey(const std::string& k) { return k == "page" || k == "per_page" || k.starts_with("page["); }

std::string Link(const Request& r, const Urls& u, const std::vector<std::pair<std::string, std::string>>& extra) {
  std::string q;
  for (const auto& [k, v] : r.query) {
    if (IsPagingKey(k)) continue;
    q += (q.empty() ? "" : "&") + PercentEncode(k) + "=" + PercentEncode(v);
  }
  for (const auto& [k, v] : extra) q += (q.empty() ? "" : "&") + PercentEncode(k) + "=" + PercentEncode(v);
  return u.base + r.path + ".json" + (q.empty() ? "" : "?" + q);
}

}  // namespace

std::string PercentEncode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ',' || c == ':') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

Result<Paging> ParsePaging(const Request& r, bool cursor_allowed, bool descending) {
  Paging p;
  p.req.descending = descending;
  if (auto* so = r.Query("sort_order")) {
    if (*so == "desc")
      p.req.descending = true;
    else if (*so == "asc")
      p.req.descending = false;
    else
      return Fail(Error::BadRequest("sort_order must be asc or desc"));
  }
  const std::string* size = r.Query("page[size]");
  if (size && cursor_allowed) {
    auto n = ToInt(*size);
    if (!n || *n < 1) return Fail(Error::BadRequest("page[size] must be a positive integer"));
    p.cursor = true;
    p.req.limit = std::min<std::int64_t>(*n, 100);
    p.req.want_count = false;
    if (auto* a = r.Query("page[after]"); a && !a->empty()) {
      auto id = ToInt(*a);
      if (!id) return Fail(Error::BadRequest("page[after] is not a valid cursor"));
      p.req.after_id = *id;
    }
    if (auto* b = r.Query("page[before]"); b && !b->empty()) {
      auto id = ToInt(*b);
      if (!id) return Fail(Error::BadRequest("page[before] is not a valid cursor"));
      p.req.before_id = *id;
    }
    return p;
  }
  if (size && !cursor_allowed) return Fail(Error::BadRequest("This endpoint does not support cursor pagination"));
  if (auto* pp = r.Query("per_page")) {
    auto n = ToInt(*pp);
    if (!n || *n < 1) return Fail(Error::BadRequest("per_page must be a positive integer"));
    p.per_page = std::min<std::int64_t>(*n, 100);
  }
  if (auto* pg = r.Query("page")) {
    auto n = ToInt(*pg);
    if (!n || *n < 1) return Fail(Error::BadRequest("page must be a positive integer"));
    p.page = *n;
  }
  if ((p.page - 1) * p.per_page >= 10000)
    return Fail(Error::BadRequest("Offset pagination is limited to the first 10,000 records; use cursor pagination"));
  p.req.limit = p.per_page;
  p.req.offset = (p.page - 1) * p.per_page;
  return p;
}

void AddPaging(json::object& body, const Request& r, const Urls& u, const Paging& p, std::int64_t count, bool has_more,
               std::size_t items, std::int64_t first_id, std::int64_t last_id) {
  const std::string size = std::to_string(p.req.limit);
  if (p.cursor) {
    // Walking forward, has_more speaks of the next page; walking back, of the previous.
    const bool backwards = p.req.before_id.has_value();
    const bool more_after = backwards ? true : has_more;
    const bool more_before = backwards ? has_more : (p.req.after_id.has_value());
    const bool next = items > 0 && more_after;
    const bool prev = items > 0 && more_before;
    body["meta"] = {{"has_more", next},
                    {"after_cursor", items ? json::value(std::to_string(last_id)) : json::value(nullptr)},
                    {"before_cursor", items ? json::value(std::to_string(first_id)) : json::value(nullptr)}};
    body["links"] = {
        {"prev", prev ? json::value(Link(r, u, {{"page[size]", size}, {"page[before]", std::to_string(first_id)}}))
                      : json::value(nullptr)},
        {"next", next ? json::value(Link(r, u, {{"page[size]", size}, {"page[after]", std::to_string(last_id)}}))
                      : json::value(nullptr)}};
    return;
  }
  const bool next = p.page * p.per_page < count;
  body["next_page"] =
      next ? json::value(Link(r, u, {{"page", std::to_string(p.page + 1)}, {"per_page", std::to_string(p.per_page)}}))
           : json::value(nullptr);
  body["previous_page"] =
      p.page > 1
          ? json::value(Link(r, u, {{"page", std::to_string(p.page - 1)}, {"per_page", std::to_string(p.per_page)}}))
          : json::value(nullptr);
  body["count"] = count;
}

}  // namespace chamado::http
