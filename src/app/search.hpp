#pragma once
// Search use cases (docs/search.md, zendesk-compat.md §8 "Search"): GET /search and
// /search/export for agents, GET /requests/search for anybody signed in (their own requests
// and CC'd tickets; full text sees public text only).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/ports.hpp"
#include "app/tickets.hpp"
#include "domain/access.hpp"
#include "domain/search_query.hpp"
#include "domain/workflow.hpp"

namespace chamado::app {

// Results per query reachable by offset pages, and the cap of `count` (Zendesk's 1,000).
inline constexpr std::int64_t kSearchMaxResults = 1000;

// ---- portal: the "status" filters of GET /requests and /requests/search ("My tickets").
// Legacy statuses (Zendesk's status=new,open,...) and workflow status ids
// (chamado_custom_status_id=1,2); both given: a request must match both.
struct StatusFilter {
  std::optional<std::vector<StatusLevel>> levels;
  std::optional<std::vector<std::int64_t>> custom_status_ids;
  bool active() const { return levels || custom_status_ids; }
};

struct SearchParams {
  std::string query;
  StatusFilter status;                 // ---- portal: /requests/search only
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

// ---- portal: GET /requests (and /open, /solved, /ccd) with the "My tickets" filters.
enum class RequestSort { kCreated, kUpdated };
struct RequestListQuery {
  RequestScope scope = RequestScope::kAll;
  bool include_ccd = false;  // chamado_include_ccd: the caller's requests and CC'd tickets together
  StatusFilter status;
  RequestSort sort = RequestSort::kCreated;
  PageRequest page;  // descending: sort_order=desc. By updated_at: offset pages only.
};

class SearchService final {
 public:
  SearchService(Store& store, Clock& clock, const Workflow& wf) : store_(store), clock_(clock), wf_(wf) {}

  // GET /search: offset pages within the first kSearchMaxResults results. Agents only.
  Result<SearchResults> Search(const Caller& c, const SearchParams& p);
  // GET /search/export: every match of `type`, newest first, walked by cursor. Agents only.
  Result<SearchResults> Export(const Caller& c, SearchType type, const SearchParams& p);
  // GET /requests/search: the caller's requests and CC'd tickets, as their requester sees them.
  // ---- portal: a query that is a ticket number ("123", "#123") finds that request first (when
  // the caller may see it), then the tickets whose text has the number.
  Result<SearchResults> SearchRequests(const Caller& c, const SearchParams& p);
  // ---- portal: the Requests API's lists with filters and sorting. An unknown status id or a
  // cursor with sort_by=updated_at is a 400 naming the parameter.
  Result<Page<Ticket>> ListRequests(const Caller& c, const RequestListQuery& q);

 private:
  Result<SearchResults> Run(const Caller& c, SearchType type, const SearchQuery& q, const SearchParams& p,
                            bool requests_view, const std::optional<std::vector<std::int64_t>>& only_statuses = {});
  Store& store_;
  Clock& clock_;
  const Workflow& wf_;
};

}  // namespace chamado::app
