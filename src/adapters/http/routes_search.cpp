// Search API (docs/search.md): /search (agents, offset pages), /requests/search (anybody
// signed in: their own requests), /search/export (agents, cursor pages).
#include <memory>

#include "adapters/http/api.hpp"
#include "adapters/http/error_mapping.hpp"
#include "adapters/http/escalation_json.hpp"
#include "adapters/http/json_sla.hpp"
#include "adapters/http/paging.hpp"
#include "adapters/http/request_filters.hpp"
#include "app/search.hpp"

namespace chamado::http {
namespace {

Result<app::SearchParams> ParseParams(const Request& r, const Paging& p) {
  app::SearchParams sp;
  const std::string* q = r.Query("query");
  if (!q) return Fail(Error::BadRequest("query is required, e.g. ?query=type:ticket status:open"));
  sp.query = *q;
  if (auto* sb = r.Query("sort_by")) sp.sort_by = *sb;
  if (auto* so = r.Query("sort_order")) sp.descending = *so == "desc";  // ParsePaging checked the value
  sp.page = p.req;
  return sp;
}

json::object WithType(json::object o, std::string_view type) {
  o["result_type"] = type;
  return o;
}

template <typename T>
void Bounds(const std::vector<T>& items, std::int64_t& first, std::int64_t& last) {
  if (items.empty()) return;
  first = items.front().id;
  last = items.back().id;
}

// {"results":[...], "facets":null, <pagination>, "chamado_count_capped":bool}
Response ResultsResponse(Ctx& c, ApiDeps& d, const Paging& p, const app::SearchResults& r) {
  json::array arr;
  std::int64_t first = 0, last = 0;
  std::size_t n = 0;
  switch (r.type) {
    case SearchType::kTicket:
      for (const auto& t : r.tickets) arr.push_back(WithType(TicketJson(t, d.workflow, c.urls), "ticket"));
      Bounds(r.tickets, first, last);
      n = r.tickets.size();
      break;
    case SearchType::kUser:
      for (const auto& u : r.users) arr.push_back(WithType(UserJson(u, c.urls), "user"));
      Bounds(r.users, first, last);
      n = r.users.size();
      break;
    case SearchType::kOrganization:
      for (const auto& o : r.organizations) arr.push_back(WithType(OrganizationJson(o, c.urls), "organization"));
      Bounds(r.organizations, first, last);
      n = r.organizations.size();
      break;
  }
  json::object body{{"results", std::move(arr)}, {"facets", nullptr}};
  AddPaging(body, c.req, c.urls, p, r.count, r.has_more, n, first, last);
  if (!p.cursor) body["chamado_count_capped"] = r.count_capped;
  return JsonResponse(200, body);
}

}  // namespace

void AddSearchRoutes(Router& r, ApiDeps& d) {
  auto svc = std::make_shared<app::SearchService>(d.store, d.clock, d.workflow);

  // Offset only, like Zendesk: page[size] is a 400 here (search/export has cursors).
  r.Add("GET", "/api/v2/search", AuthMode::kRequired, [&d, svc](Ctx& c) {
    auto p = ParsePaging(c.req, /*cursor_allowed=*/false);
    if (!p) return ErrorResponse(p.error());
    auto params = ParseParams(c.req, *p);
    if (!params) return ErrorResponse(params.error());
    auto res = svc->Search(c.caller, *params);
    if (!res) return ErrorResponse(res.error());
    return ResultsResponse(c, d, *p, *res);
  });

  r.Add("GET", "/api/v2/requests/search", AuthMode::kRequired, [&d, svc](Ctx& c) {
    auto p = ParsePaging(c.req, /*cursor_allowed=*/false);
    if (!p) return ErrorResponse(p.error());
    auto params = ParseParams(c.req, *p);
    if (!params) return ErrorResponse(params.error());
    auto status = ParseStatusFilter(c.req);  // ---- portal: status=, chamado_custom_status_id=
    if (!status) return ErrorResponse(status.error());
    params->status = std::move(*status);
    auto res = svc->SearchRequests(c.caller, *params);
    if (!res) return ErrorResponse(res.error());
    json::array arr;
    for (const auto& t : res->tickets)
      arr.push_back(RequestJson(t, d.workflow, c.urls, d.tickets.CanBeSolvedBy(c.caller, t)));
    // ---- escalation: the customer's view of each request's escalation (escalation_json.hpp)
    if (auto ok = AddEscalationFields(arr, res->tickets, c, d, true); !ok) return ErrorResponse(ok.error());
    // ---- sla: chamado_due_at, as the other request lists show it
    if (auto ok = AddSlaFields(arr, res->tickets, c, d, true); !ok) return ErrorResponse(ok.error());
    json::object body{{"requests", std::move(arr)}};
    AddPagingFor(body, c.req, c.urls, *p, app::Page<Ticket>{res->tickets, res->count, res->has_more});
    body["chamado_count_capped"] = res->count_capped;
    return JsonResponse(200, body);
  });

  // ?query=&filter[type]=ticket&page[size]=N, then page[after]=<cursor>: every match, newest first.
  r.Add("GET", "/api/v2/search/export", AuthMode::kRequired, [&d, svc](Ctx& c) {
    const std::string* filter = c.req.Query("filter[type]");
    if (!filter) return ErrorResponse(Error::BadRequest("filter[type] is required: ticket, user or organization"));
    auto type = ParseSearchType(*filter);
    if (!type) return ErrorResponse(Error::BadRequest("filter[type] must be ticket, user or organization"));
    auto p = ParsePaging(c.req, /*cursor_allowed=*/true, /*descending=*/true);
    if (!p) return ErrorResponse(p.error());
    if (!p->cursor) {  // cursor pages even without page[size]
      p->cursor = true;
      p->req = app::PageRequest{};
      p->req.want_count = false;
    }
    p->req.descending = true;
    auto params = ParseParams(c.req, *p);
    if (!params) return ErrorResponse(params.error());
    auto res = svc->Export(c.caller, *type, *params);
    if (!res) return ErrorResponse(res.error());
    return ResultsResponse(c, d, *p, *res);
  });
}

}  // namespace chamado::http
