// Tickets API (agents) and Requests API (end users).
#include <charconv>
#include <memory>

#include "adapters/http/api.hpp"
#include "adapters/http/attachment_json.hpp"
#include "adapters/http/error_mapping.hpp"
#include "adapters/http/escalation_json.hpp"
#include "adapters/http/json_input.hpp"
#include "adapters/http/json_sla.hpp"
#include "adapters/http/paging.hpp"
#include "adapters/http/request_filters.hpp"
#include "adapters/http/ticket_input.hpp"

namespace chamado::http {
namespace {

bool Includes(const Request& r, std::string_view what) {
  auto* inc = r.Query("include");
  if (!inc) return false;
  std::string_view s(*inc);
  std::size_t i = 0;
  while (i <= s.size()) {
    auto j = s.find(',', i);
    if (j == std::string_view::npos) j = s.size();
    if (s.substr(i, j - i) == what) return true;
    i = j + 1;
  }
  return false;
}

// ?include=users,custom_statuses sideloads (zendesk-compat §11.10).
void Sideload(json::object& body, Ctx& c, ApiDeps& d, const std::vector<Ticket>& tickets) {
  if (Includes(c.req, "users")) {
    std::vector<std::int64_t> ids;
    for (const auto& t : tickets) {
      ids.push_back(t.requester_id);
      ids.push_back(t.submitter_id);
      if (t.assignee_id) ids.push_back(*t.assignee_id);
      ids.insert(ids.end(), t.collaborator_ids.begin(), t.collaborator_ids.end());
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    json::array users;
    if (auto us = d.directory.UsersByIds(ids))
      for (const auto& u : *us) users.push_back(UserJson(u, c.urls));
    body["users"] = std::move(users);
  }
  if (Includes(c.req, "custom_statuses")) {
    json::array st;
    for (const auto& s : d.workflow.statuses) st.push_back(CustomStatusJson(s, c.urls, c.locale));
    body["custom_statuses"] = std::move(st);
  }
}

// The ticket with its escalation fields (escalation_json.hpp; best effort, the write is done).
Response TicketWithAudit(int status, const app::TicketResult& r, Ctx& c, ApiDeps& d) {
  json::object ticket = TicketJson(r.ticket, d.workflow, c.urls);
  (void)AddEscalationFields(ticket, r.ticket, c, d, /*customer_view=*/false);
  json::object body{{"ticket", std::move(ticket)}};
  if (r.audit) {
    body["audit"] = AuditJson(*r.audit, r.comments);
    // ---- attachments: the new comment's files (best effort, the write is done)
    if (d.attachments)
      if (auto by = d.attachments->OfComments(c.caller, r.comments))
        FillAuditAttachments(body["audit"].as_object(), *r.audit, *by, c.urls);
  }
  return JsonResponse(status, body);
}

Result<std::vector<std::int64_t>> ParseIds(const std::string* text) {
  std::vector<std::int64_t> ids;
  if (!text || text->empty()) return Fail(Error::BadRequest("ids is required: ?ids=1,2,3"));
  std::string_view s(*text);
  std::size_t i = 0;
  while (i <= s.size()) {
    auto j = s.find(',', i);
    if (j == std::string_view::npos) j = s.size();
    auto part = s.substr(i, j - i);
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    if (ec != std::errc() || p != part.data() + part.size()) return Fail(Error::BadRequest("ids must be integers"));
    ids.push_back(v);
    i = j + 1;
  }
  return ids;
}

// As Zendesk's request comments: the authors in the short shape a requester may see (name and
// whether they are support staff; no e-mail), so the portal can say who wrote.
Result<json::array> CommentAuthors(app::DirectoryService& directory, const std::vector<Comment>& comments) {
  std::vector<std::int64_t> ids;
  for (const auto& cm : comments) ids.push_back(cm.author_id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  auto authors = directory.UsersByIds(ids);
  if (!authors) return Fail(authors.error());
  json::array users;
  for (const auto& u : *authors)
    users.push_back(json::object{{"id", u.id},
                                 {"name", u.name},
                                 {"photo", nullptr},
                                 {"agent", u.role != Role::kEndUser},
                                 {"organization_id", OptId(u.organization_id)}});
  return users;
}

Response ListOfComments(Ctx& c, const Result<app::Page<Comment>>& page, const Paging& p,
                        std::optional<std::int64_t> request_id, app::AttachmentService* attachments = nullptr,
                        app::DirectoryService* authors_from = nullptr) {
  if (!page) return ErrorResponse(page.error());
  json::array arr;
  for (const auto& cm : page->items) arr.push_back(CommentJson(cm, request_id));
  // ---- attachments: the page's files in one query (a customer's page has public comments only)
  if (attachments) {
    auto by = attachments->OfComments(c.caller, page->items);
    if (!by) return ErrorResponse(by.error());
    FillCommentAttachments(arr, *by, c.urls);
  }
  json::object body{{"comments", std::move(arr)}};
  if (authors_from) {
    auto users = CommentAuthors(*authors_from, page->items);
    if (!users) return ErrorResponse(users.error());
    body["users"] = std::move(*users);
  }
  AddPagingFor(body, c.req, c.urls, p, *page);
  return JsonResponse(200, body);
}

app::RequestScope ScopeOf(const std::string& path) {
  if (path.ends_with("/open")) return app::RequestScope::kOpen;
  if (path.ends_with("/solved")) return app::RequestScope::kSolved;
  if (path.ends_with("/ccd")) return app::RequestScope::kCcd;
  return app::RequestScope::kAll;
}

// ---- portal: the query of a requests list (GET /requests, /open, /solved, /ccd).
Result<app::RequestListQuery> ParseRequestList(const Request& r, const Paging& p) {
  app::RequestListQuery q;
  q.scope = ScopeOf(r.path);
  q.page = p.req;
  auto status = ParseStatusFilter(r);
  if (!status) return Fail(status.error());
  q.status = std::move(*status);
  if (const std::string* inc = r.Query("chamado_include_ccd"); inc && !inc->empty()) {
    if (*inc != "true" && *inc != "false") return Fail(Error::BadRequest("chamado_include_ccd must be true or false"));
    q.include_ccd = *inc == "true";
  }
  if (const std::string* sb = r.Query("sort_by"); sb && !sb->empty()) {
    if (*sb == "updated_at")
      q.sort = app::RequestSort::kUpdated;
    else if (*sb != "created_at")
      return Fail(Error::BadRequest("sort_by must be created_at or updated_at"));
  }
  return q;
}

}  // namespace

void AddTicketRoutes(Router& r, ApiDeps& d) {
  r.Add("POST", "/api/v2/tickets", AuthMode::kRequired, [&d](Ctx& c) {
    auto obj = ParseRoot(c.req.body, "ticket");
    if (!obj) return ErrorResponse(obj.error());
    auto cmd = ParseTicketCommand(*obj);
    if (!cmd) return ErrorResponse(cmd.error());
    auto res = d.tickets.Create(c.caller, *cmd);
    if (!res) return ErrorResponse(res.error());
    auto resp = TicketWithAudit(201, *res, c, d);
    resp.headers.emplace_back("Location", c.urls.Api("tickets/" + std::to_string(res->ticket.id)));
    return resp;
  });

  r.Add("GET", "/api/v2/tickets", AuthMode::kRequired, [&d](Ctx& c) {
    // ---- sla: ?sort_by=chamado_next_breach_at (soonest first; sort_order=desc reverses) and
    // ?group_id= (a group's queue); offset pages only, since the cursor walks ids.
    const std::string* sort_by = c.req.Query("sort_by");
    const bool by_breach = sort_by && *sort_by == "chamado_next_breach_at";
    auto p = ParsePaging(c.req, /*cursor_allowed=*/!by_breach);
    if (!p) return ErrorResponse(p.error());
    app::TicketFilter f;
    if (const std::string* g = c.req.Query("group_id"); g && !g->empty()) {
      std::int64_t gid = 0;
      auto [end, ec] = std::from_chars(g->data(), g->data() + g->size(), gid);
      if (ec != std::errc() || end != g->data() + g->size())
        return ErrorResponse(Error::BadRequest("group_id must be an integer"));
      f.group_id = gid;
    }
    auto page = by_breach ? app::SlaService(d.store, d.clock, d.workflow).ListByNextBreach(c.caller, f, p->req)
                          : d.tickets.List(c.caller, f, p->req);
    if (!page) return ErrorResponse(page.error());
    json::array arr;
    for (const auto& t : page->items) arr.push_back(TicketJson(t, d.workflow, c.urls));
    if (auto ok = AddEscalationFields(arr, page->items, c, d, false); !ok) return ErrorResponse(ok.error());
    if (auto ok = AddSlaFields(arr, page->items, c, d, false); !ok) return ErrorResponse(ok.error());  // ---- sla
    json::object body{{"tickets", std::move(arr)}};
    AddPagingFor(body, c.req, c.urls, *p, *page);
    Sideload(body, c, d, page->items);
    return JsonResponse(200, body);
  });

  r.Add("GET", "/api/v2/tickets/show_many", AuthMode::kRequired, [&d](Ctx& c) {
    auto ids = ParseIds(c.req.Query("ids"));
    if (!ids) return ErrorResponse(ids.error());
    auto ts = d.tickets.ShowMany(c.caller, *ids);
    if (!ts) return ErrorResponse(ts.error());
    json::array arr;
    for (const auto& t : *ts) arr.push_back(TicketJson(t, d.workflow, c.urls));
    if (auto ok = AddEscalationFields(arr, *ts, c, d, false); !ok) return ErrorResponse(ok.error());
    if (auto ok = AddSlaFields(arr, *ts, c, d, false); !ok) return ErrorResponse(ok.error());  // ---- sla
    json::object body{{"tickets", std::move(arr)}};
    Sideload(body, c, d, *ts);
    return JsonResponse(200, body);
  });

  r.Add("GET", "/api/v2/tickets/:id", AuthMode::kRequired, [&d](Ctx& c) {
    auto t = d.tickets.Show(c.caller, c.ids[0]);
    if (!t) return ErrorResponse(t.error());
    json::object tj = TicketJson(*t, d.workflow, c.urls);
    if (auto ok = AddEscalationFields(tj, *t, c, d, false); !ok) return ErrorResponse(ok.error());
    if (auto ok = AddSlaFields(tj, *t, c, d, false); !ok) return ErrorResponse(ok.error());  // ---- sla
    json::object body{{"ticket", std::move(tj)}};
    Sideload(body, c, d, {*t});
    return JsonResponse(200, body);
  });

  r.Add("PUT", "/api/v2/tickets/:id", AuthMode::kRequired, [&d](Ctx& c) {
    auto obj = ParseRoot(c.req.body, "ticket");
    if (!obj) return ErrorResponse(obj.error());
    auto cmd = ParseTicketCommand(*obj);
    if (!cmd) return ErrorResponse(cmd.error());
    auto res = d.tickets.Update(c.caller, c.ids[0], *cmd);
    if (!res) return ErrorResponse(res.error());
    return TicketWithAudit(200, *res, c, d);
  });

  r.Add("GET", "/api/v2/tickets/:id/comments", AuthMode::kRequired, [&d](Ctx& c) {
    auto p = ParsePaging(c.req, /*cursor_allowed=*/true);
    if (!p) return ErrorResponse(p.error());
    return ListOfComments(c, d.tickets.Comments(c.caller, c.ids[0], p->req), *p, std::nullopt, d.attachments);
  });

  r.Add("GET", "/api/v2/custom_statuses", AuthMode::kRequired, [&d](Ctx& c) {
    json::array arr;
    for (const auto& s : d.workflow.statuses) {
      if (auto* cat = c.req.Query("status_categories"); cat && cat->find(CategoryName(s.category)) == std::string::npos)
        continue;
      arr.push_back(CustomStatusJson(s, c.urls, c.locale));
    }
    return JsonResponse(200, json::object{{"custom_statuses", std::move(arr)}});
  });

  r.Add("GET", "/api/v2/custom_statuses/:id", AuthMode::kRequired, [&d](Ctx& c) {
    const Status* s = d.workflow.ById(c.ids[0]);
    if (!s) return ErrorResponse(Error::NotFound());
    return JsonResponse(200, json::object{{"custom_status", CustomStatusJson(*s, c.urls, c.locale)}});
  });
}

void AddRequestRoutes(Router& r, ApiDeps& d) {
  // ---- portal: "My tickets" filters (request_filters.hpp): status=, chamado_custom_status_id=,
  // chamado_include_ccd=true, sort_by=created_at|updated_at, sort_order=asc|desc.
  auto svc = std::make_shared<app::SearchService>(d.store, d.clock, d.workflow);
  auto list = [&d, svc](Ctx& c) {
    auto p = ParsePaging(c.req, /*cursor_allowed=*/true, /*descending=*/false);
    if (!p) return ErrorResponse(p.error());
    auto q = ParseRequestList(c.req, *p);
    if (!q) return ErrorResponse(q.error());
    auto page = svc->ListRequests(c.caller, *q);
    if (!page) return ErrorResponse(page.error());
    json::array arr;
    for (const auto& t : page->items)
      arr.push_back(RequestJson(t, d.workflow, c.urls, d.tickets.CanBeSolvedBy(c.caller, t)));
    if (auto ok = AddEscalationFields(arr, page->items, c, d, true); !ok) return ErrorResponse(ok.error());
    if (auto ok = AddSlaFields(arr, page->items, c, d, true); !ok) return ErrorResponse(ok.error());  // ---- sla
    json::object body{{"requests", std::move(arr)}};
    AddPagingFor(body, c.req, c.urls, *p, *page);
    return JsonResponse(200, body);
  };
  for (const char* path :
       {"/api/v2/requests", "/api/v2/requests/open", "/api/v2/requests/solved", "/api/v2/requests/ccd"})
    r.Add("GET", path, AuthMode::kRequired, list);

  // Anonymous creation (the public web form) needs request.requester {name, email}.
  r.Add("POST", "/api/v2/requests", AuthMode::kOptional, [&d](Ctx& c) {
    auto obj = ParseRoot(c.req.body, "request");
    if (!obj) return ErrorResponse(obj.error());
    auto cmd = ParseRequestCommand(*obj);
    if (!cmd) return ErrorResponse(cmd.error());
    auto res = d.tickets.CreateRequest(c.caller, *cmd);
    if (!res) return ErrorResponse(res.error());
    Caller as = c.caller;
    if (as.anonymous) as = Caller{res->ticket.requester_id, Role::kEndUser, false};
    json::object rj = RequestJson(res->ticket, d.workflow, c.urls, d.tickets.CanBeSolvedBy(as, res->ticket));
    (void)AddEscalationFields(rj, res->ticket, c, d, true);  // ---- escalation; best effort after the write
    (void)AddSlaFields(rj, res->ticket, c, d, true);         // ---- sla: chamado_due_at; best effort
    return JsonResponse(201, json::object{{"request", std::move(rj)}});
  });

  r.Add("GET", "/api/v2/requests/:id", AuthMode::kRequired, [&d](Ctx& c) {
    auto t = d.tickets.ShowRequest(c.caller, c.ids[0]);
    if (!t) return ErrorResponse(t.error());
    json::object rj = RequestJson(*t, d.workflow, c.urls, d.tickets.CanBeSolvedBy(c.caller, *t));
    if (auto ok = AddEscalationFields(rj, *t, c, d, true); !ok) return ErrorResponse(ok.error());
    if (auto ok = AddSlaFields(rj, *t, c, d, true); !ok) return ErrorResponse(ok.error());  // ---- sla
    return JsonResponse(200, json::object{{"request", std::move(rj)}});
  });

  r.Add("PUT", "/api/v2/requests/:id", AuthMode::kRequired, [&d](Ctx& c) {
    auto obj = ParseRoot(c.req.body, "request");
    if (!obj) return ErrorResponse(obj.error());
    auto cmd = ParseRequestCommand(*obj);
    if (!cmd) return ErrorResponse(cmd.error());
    auto res = d.tickets.UpdateRequest(c.caller, c.ids[0], *cmd);
    if (!res) return ErrorResponse(res.error());
    json::object rj = RequestJson(res->ticket, d.workflow, c.urls, d.tickets.CanBeSolvedBy(c.caller, res->ticket));
    (void)AddEscalationFields(rj, res->ticket, c, d, true);  // ---- escalation; best effort after the write
    (void)AddSlaFields(rj, res->ticket, c, d, true);         // ---- sla: chamado_due_at; best effort
    return JsonResponse(200, json::object{{"request", std::move(rj)}});
  });

  r.Add("GET", "/api/v2/requests/:id/comments", AuthMode::kRequired, [&d](Ctx& c) {
    auto p = ParsePaging(c.req, /*cursor_allowed=*/true);
    if (!p) return ErrorResponse(p.error());
    return ListOfComments(c, d.tickets.RequestComments(c.caller, c.ids[0], p->req), *p, c.ids[0], d.attachments,
                          &d.directory);
  });
}

}  // namespace chamado::http
