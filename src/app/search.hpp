#pragma once
// Search use cases (docs/search.md, zendesk-compat.md §8 "Search"): GET /search and
// /search/export for agents, GET /requests/search for anybody signed in (their own requests
// and CC'd tickets; full text sees public text only).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/ports.hpp"
#include "domain/access.hpp"
#include "domain/search_query.hpp"
#include "domain/workflow.hpp"

namespace chamado::app {

// Results per query reachable by offset pages, and the cap of `count` (Zendesk's 1,000).
inline constexpr std::int64_t kSearchMaxResults = 1000;

struct SearchParams {
  std::string query;
  std::optional<std::string> sort_by;  // created_at, updated_at, priority, status, relevance
  std::optional<bool> descending;      // sort_order; default newest (or highest) first
  PageRequest page;                    // offset and limit; after_id/before_id for export
};

struct SearchResults {
  SearchType type = SearchType::kTicket;
  std::vector<Ticket> tickets;
  std::vector<User> users;
  std::vector<Organization> organizations;
  std::int64_t count = 0;     // at most kSearchMaxResults
  bool count_capped = false;  // more than `count` matched
  bool has_more = false;      // more past this page in the walking direction
};

class SearchService final {
 public:
  SearchService(Store& store, Clock& clock, const Workflow& wf) : store_(store), clock_(clock), wf_(wf) {}

  // GET /search: offset pages within the first kSearchMaxResults results. Agents only.
  Result<SearchResults> Search(const Caller& c, const SearchParams& p);
  // GET /search/export: every match of `type`, newest first, walked by cursor. Agents only.
  Result<SearchResults> Export(const Caller& c, SearchType type, const SearchParams& p);
  // GET /requests/search: the caller's requests and CC'd tickets, as their requester sees them.
  Result<SearchResults> SearchRequests(const Caller& c, const SearchParams& p);

 private:
  Result<SearchResults> Run(const Caller& c, SearchType type, const SearchQuery& q, const SearchParams& p,
                            bool requests_view);
  Store& store_;
  Clock& clock_;
  const Workflow& wf_;
};

}  // namespace chamado::app
