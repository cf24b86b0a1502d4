#pragma once
// Offset pagination (page, per_page; next_page/previous_page/count) and cursor
// pagination (page[size], page[after], page[before]; meta + links), §4.
#include <boost/json.hpp>

#include "adapters/http/json_mapping.hpp"
#include "adapters/http/message.hpp"
#include "app/ports.hpp"

namespace chamado::http {

struct Paging {
  app::PageRequest req;
  bool cursor = false;
  std::int64_t page = 1;
  std::int64_t per_page = 100;
};

// `cursor_allowed`: endpoints that offer cursor pagination; `descending` default order.
Result<Paging> ParsePaging(const Request& r, bool cursor_allowed, bool descending = false);

// Adds the pagination members to `body` for a page whose items have `first_id`/`last_id`.
void AddPaging(json::object& body, const Request& r, const Urls& u, const Paging& p, std::int64_t count, bool has_more,
               std::size_t items, std::int64_t first_id, std::int64_t last_id);

template <typename T>
void AddPagingFor(json::object& body, const Request& r, const Urls& u, const Paging& p, const app::Page<T>& page) {
  std::int64_t first = page.items.empty() ? 0 : page.items.front().id;
  std::int64_t last = page.items.empty() ? 0 : page.items.back().id;
  AddPaging(body, r, u, p, page.count, page.has_more, page.items.size(), first, last);
}

std::string PercentEncode(std::string_view s);

}  // namespace chamado::http
