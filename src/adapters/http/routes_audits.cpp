// Audits, metrics and incremental exports (zendesk-compat.md §8 "Incremental exports", §12),
// and our ticket timers.
#include <boost/beast/core/detail/base64.hpp>
#include <cctype>
#include <charconv>
#include <memory>

#include "adapters/http/api.hpp"
#include "adapters/http/attachment_json.hpp"
#include "adapters/http/error_mapping.hpp"
#include "adapters/http/paging.hpp"
#include "app/activity.hpp"

namespace chamado::http {
namespace {

std::optional<std::int64_t> ToInt(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// ---- export cursors: opaque, URL-safe (base64url of "v1.<updated_at>.<id>")

std::string EncodeCursor(const app::ExportPosition& pos) {
  namespace b64 = boost::beast::detail::base64;
  const std::string text = "v1." + std::to_string(UnixSeconds(pos.since)) + "." + std::to_string(pos.after_id);
  std::string out(b64::encoded_size(text.size()), '\0');
  out.resize(b64::encode(out.data(), text.data(), text.size()));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (auto& ch : out) ch = ch == '+' ? '-' : ch == '/' ? '_' : ch;
  return out;
}

Result<app::ExportPosition> DecodeCursor(std::string s) {
  namespace b64 = boost::beast::detail::base64;
  const auto bad = Error::BadRequest("cursor is not a valid export cursor; pass after_cursor from a previous page");
  for (auto& ch : s) {
    if (ch == '-')
      ch = '+';
    else if (ch == '_')
      ch = '/';
    else if (!std::isalnum(static_cast<unsigned char>(ch)))
      return Fail(bad);
  }
  if (s.size() > 64) return Fail(bad);
  while (s.size() % 4) s.push_back('=');
  std::string text(b64::decoded_size(s.size()), '\0');
  text.resize(b64::decode(text.data(), s.data(), s.size()).first);
  if (!text.starts_with("v1.")) return Fail(bad);
  const std::string_view rest = std::string_view(text).substr(3);
  const auto dot = rest.find('.');
  if (dot == std::string_view::npos) return Fail(bad);
  auto since = ToInt(rest.substr(0, dot));
  auto id = ToInt(rest.substr(dot + 1));
  if (!since || !id || *since < 0 || *id < 0) return Fail(bad);
  return app::ExportPosition{FromUnix(*since), *id};
}

// ---- query parameters

Result<Instant> ParseStartTime(const Request& r) {
  const std::string* st = r.Query("start_time");
  if (!st || st->empty()) return Fail(Error::BadRequest("start_time is required: a unix time in seconds"));
  auto v = ToInt(*st);
  if (!v || *v < 0) return Fail(Error::BadRequest("start_time must be a unix time in seconds, not '" + *st + "'"));
  return FromUnix(*v);
}

// `per_page` (Zendesk's) or `page[size]` (node-zendesk adds it); at most 1,000, default 1,000.
Result<std::optional<std::int64_t>> ParseExportSize(const Request& r) {
  const std::string* n = r.Query("per_page");
  if (!n) n = r.Query("page[size]");
  if (!n) return std::optional<std::int64_t>{};
  auto v = ToInt(*n);
  if (!v || *v < 1) return Fail(Error::BadRequest("per_page must be a positive integer (at most 1000)"));
  return std::optional<std::int64_t>{std::min(*v, app::ActivityService::kMaxExportPage)};
}

std::string SizeParam(const std::optional<std::int64_t>& size) {
  return size ? "&per_page=" + std::to_string(*size) : "";
}

// ---- JSON

json::value Minutes(const MetricMinutes& m) {
  return json::object{{"calendar", m.calendar ? json::value(*m.calendar) : json::value(nullptr)},
                      {"business", m.business ? json::value(*m.business) : json::value(nullptr)}};
}

json::object MetricJson(const TicketMetrics& m, const Urls& u) {
  json::object o;
  o["id"] = m.ticket_id;  // one metric set per ticket: it shares the ticket's id
  o["url"] = u.Api("ticket_metrics/" + std::to_string(m.ticket_id));
  o["ticket_id"] = m.ticket_id;
  o["created_at"] = Time(m.created_at);
  o["updated_at"] = Time(m.updated_at);
  o["group_stations"] = m.group_stations;
  o["assignee_stations"] = m.assignee_stations;
  o["reopens"] = m.reopens;
  o["replies"] = m.replies;
  o["assignee_updated_at"] = OptTime(m.assignee_updated_at);
  o["requester_updated_at"] = OptTime(m.requester_updated_at);
  o["status_updated_at"] = Time(m.status_updated_at);
  o["custom_status_updated_at"] = Time(m.status_updated_at);
  o["initially_assigned_at"] = OptTime(m.initially_assigned_at);
  o["assigned_at"] = OptTime(m.assigned_at);
  o["solved_at"] = OptTime(m.solved_at);
  o["latest_comment_added_at"] = OptTime(m.latest_comment_added_at);
  o["reply_time_in_minutes"] = Minutes(m.reply_time);
  o["reply_time_in_seconds"] = json::object{
      {"calendar", m.reply_time_in_seconds ? json::value(*m.reply_time_in_seconds) : json::value(nullptr)}};
  o["first_resolution_time_in_minutes"] = Minutes(m.first_resolution_time);
  o["full_resolution_time_in_minutes"] = Minutes(m.full_resolution_time);
  o["agent_wait_time_in_minutes"] = Minutes(m.agent_wait_time);
  o["requester_wait_time_in_minutes"] = Minutes(m.requester_wait_time);
  o["on_hold_time_in_minutes"] = Minutes(m.on_hold_time);
  o["chamado_first_status_activity_at"] = Time(m.first_status_activity_at);
  o["chamado_last_status_activity_at"] = Time(m.last_status_activity_at);
  return o;
}

json::array TicketsJson(const std::vector<Ticket>& ts, const Workflow& wf, const Urls& u) {
  json::array arr;
  for (const auto& t : ts) arr.push_back(TicketJson(t, wf, u));
  return arr;
}

Response CursorExportResponse(const Result<app::CursorExportPage>& page, const std::optional<std::int64_t>& size,
                              const Workflow& wf, const Urls& u) {
  if (!page) return ErrorResponse(page.error());
  const std::string cursor = EncodeCursor(page->after);
  json::object body{{"tickets", TicketsJson(page->tickets, wf, u)},
                    {"after_url", u.Api("incremental/tickets/cursor") + "?cursor=" + cursor + SizeParam(size)},
                    {"after_cursor", cursor},
                    // Limit: exports walk forward only; no before cursor is issued.
                    {"before_url", nullptr},
                    {"before_cursor", nullptr},
                    {"end_of_stream", page->end_of_stream}};
  return JsonResponse(200, body);
}

}  // namespace

void AddAuditRoutes(Router& r, ApiDeps& d) {
  auto svc = std::make_shared<app::ActivityService>(d.store, d.clock, d.workflow);

  r.Add("GET", "/api/v2/tickets/:id/audits", AuthMode::kRequired, [svc, &d](Ctx& c) {
    auto p = ParsePaging(c.req, /*cursor_allowed=*/true);
    if (!p) return ErrorResponse(p.error());
    auto res = svc->Audits(c.caller, c.ids[0], p->req);
    if (!res) return ErrorResponse(res.error());
    // ---- attachments: the comment events' files, one query for the page
    AttachmentsByComment files;
    if (d.attachments) {
      auto by = d.attachments->OfComments(c.caller, res->comments);
      if (!by) return ErrorResponse(by.error());
      files = std::move(*by);
    }
    json::array arr;
    for (const auto& a : res->page.items) {
      json::object audit = AuditJson(a, res->comments);
      FillAuditAttachments(audit, a, files, c.urls);
      arr.push_back(std::move(audit));
    }
    json::object body{{"audits", std::move(arr)}};
    AddPagingFor(body, c.req, c.urls, *p, res->page);
    return JsonResponse(200, body);
  });

  auto metrics = [svc](Ctx& c) {
    auto m = svc->Metrics(c.caller, c.ids[0]);
    if (!m) return ErrorResponse(m.error());
    return JsonResponse(200, json::object{{"ticket_metric", MetricJson(*m, c.urls)}});
  };
  r.Add("GET", "/api/v2/tickets/:id/metrics", AuthMode::kRequired, metrics);
  r.Add("GET", "/api/v2/ticket_metrics/:id", AuthMode::kRequired, metrics);

  // Ours: the ticket's durable timers (docs/workflows.md, "Timers"), pending and fired.
  r.Add("GET", "/api/v2/chamado/tickets/:id/timers", AuthMode::kRequired, [svc, &d](Ctx& c) {
    auto timers = svc->Timers(c.caller, c.ids[0]);
    if (!timers) return ErrorResponse(timers.error());
    json::array arr;
    for (const auto& t : *timers) arr.push_back(TimerJson(t, d.workflow));
    const auto count = static_cast<std::int64_t>(arr.size());
    return JsonResponse(200, json::object{{"timers", std::move(arr)}, {"count", count}});
  });

  // ?start_time=<unix> starts; ?cursor=<after_cursor> continues (and wins over start_time,
  // which node-zendesk's exportCursor sends along).
  r.Add("GET", "/api/v2/incremental/tickets/cursor", AuthMode::kRequired, [svc, &d](Ctx& c) {
    auto size = ParseExportSize(c.req);
    if (!size) return ErrorResponse(size.error());
    const std::int64_t limit = size->value_or(app::ActivityService::kMaxExportPage);
    if (const std::string* cur = c.req.Query("cursor"); cur && !cur->empty()) {
      auto pos = DecodeCursor(*cur);
      if (!pos) return ErrorResponse(pos.error());
      return CursorExportResponse(svc->ExportByCursor(c.caller, *pos, limit), *size, d.workflow, c.urls);
    }
    auto start = ParseStartTime(c.req);
    if (!start) return ErrorResponse(start.error());
    return CursorExportResponse(svc->StartCursorExport(c.caller, *start, limit), *size, d.workflow, c.urls);
  });

  r.Add("GET", "/api/v2/incremental/tickets", AuthMode::kRequired, [svc, &d](Ctx& c) {
    auto size = ParseExportSize(c.req);
    if (!size) return ErrorResponse(size.error());
    auto start = ParseStartTime(c.req);
    if (!start) return ErrorResponse(start.error());
    auto page = svc->ExportByTime(c.caller, *start, size->value_or(app::ActivityService::kMaxExportPage));
    if (!page) return ErrorResponse(page.error());
    const std::int64_t end = UnixSeconds(page->end_time);
    const auto count = static_cast<std::int64_t>(page->tickets.size());
    json::object body{
        {"tickets", TicketsJson(page->tickets, d.workflow, c.urls)},
        {"next_page", c.urls.Api("incremental/tickets") + "?start_time=" + std::to_string(end) + SizeParam(*size)},
        {"count", count},
        {"end_time", end},
        {"end_of_stream", page->end_of_stream}};
    return JsonResponse(200, body);
  });
}

}  // namespace chamado::http
