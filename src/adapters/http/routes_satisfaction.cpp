// Satisfaction ratings (docs/satisfaction.md; zendesk-compat.md §12): the requester's rating,
// the agents' list and our report per agent or group. Thin: parse -> use case -> map.
#include <charconv>
#include <cmath>
#include <memory>

#include "adapters/http/api.hpp"
#include "adapters/http/error_mapping.hpp"
#include "adapters/http/json_input.hpp"
#include "adapters/http/json_satisfaction.hpp"
#include "adapters/http/paging.hpp"
#include "app/satisfaction.hpp"

namespace chamado::http {
namespace {

// {"satisfaction_rating": {"score": "good", "comment": "..."}}; a null comment is none.
Result<app::RatingInput> ParseRating(const Request& req) {
  auto obj = ParseRoot(req.body, "satisfaction_rating");
  if (!obj) return Fail(obj.error());
  FieldReader f(*obj);
  app::RatingInput in;
  if (auto s = f.Str("score")) in.score = *s;
  if (auto cm = f.NullableStr("comment"); cm && *cm) in.comment = **cm;
  if (!f.ok()) return Fail(f.error());
  return in;
}

// A unix-seconds query parameter: absent is none; anything but a non-negative integer is 400.
Result<std::optional<Instant>> UnixParam(const Request& req, const char* name) {
  const std::string* v = req.Query(name);
  if (!v || v->empty()) return std::optional<Instant>{};
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || p != v->data() + v->size() || n < 0)
    return Fail(Error::BadRequest(std::string(name) + " must be a unix time in seconds"));
  return std::optional<Instant>{FromUnix(n)};
}

// score= good, bad, received (both), each also *_with_comment / *_without_comment.
Result<app::SatisfactionFilter> ParseFilter(const Request& req) {
  app::SatisfactionFilter f;
  if (const std::string* s = req.Query("score"); s && !s->empty()) {
    std::string_view v(*s);
    if (v.ends_with("_with_comment")) {
      f.with_comment = true;
      v.remove_suffix(std::string_view("_with_comment").size());
    } else if (v.ends_with("_without_comment")) {
      f.with_comment = false;
      v.remove_suffix(std::string_view("_without_comment").size());
    }
    if (v == kSatisfactionGood || v == kSatisfactionBad)
      f.scores.emplace_back(v);
    else if (v != "received")
      return Fail(Error::BadRequest(
          "score must be good, bad or received, optionally followed by _with_comment or _without_comment (offered "
          "and unoffered are states of tickets, not ratings: see the tickets' satisfaction_rating)"));
  }
  auto start = UnixParam(req, "start_time");
  if (!start) return Fail(start.error());
  auto end = UnixParam(req, "end_time");
  if (!end) return Fail(end.error());
  f.start_time = *start;
  f.end_time = *end;
  return f;
}

Response RatingResponse(const Result<app::RatingResult>& r, const Urls& u) {
  if (!r) return ErrorResponse(r.error());
  // 201 for a new rating; 200 when it replaced the ticket's earlier one (same id).
  return JsonResponse(r->created ? 201 : 200,
                      json::object{{"satisfaction_rating", SatisfactionRatingJson(r->rating, u)}});
}

// Whole percent of good among the rated, rounded half up; null when nothing was rated.
json::value Percent(std::int64_t good, std::int64_t total) {
  if (total == 0) return nullptr;
  return static_cast<std::int64_t>(std::floor(static_cast<double>(good) * 100.0 / static_cast<double>(total) + 0.5));
}

json::object TallyJson(std::int64_t good, std::int64_t bad) {
  return {{"good", good}, {"bad", bad}, {"total", good + bad}, {"score", Percent(good, good + bad)}};
}

}  // namespace

void AddSatisfactionRoutes(Router& r, ApiDeps& d) {
  auto svc = std::make_shared<app::SatisfactionService>(
      d.store, d.clock, d.workflow, std::chrono::days(d.tickets.settings().satisfaction_window_days));

  // The requester rates: Zendesk's endpoint, and the same through the Requests API (the portal).
  auto rate = [svc](Ctx& c) {
    auto in = ParseRating(c.req);
    if (!in) return ErrorResponse(in.error());
    if (c.req.path.starts_with("/api/v2/requests/")) in->via_channel = "web";
    return RatingResponse(svc->Rate(c.caller, c.ids[0], *in), c.urls);
  };
  r.Add("POST", "/api/v2/tickets/:id/satisfaction_rating", AuthMode::kRequired, rate);
  r.Add("POST", "/api/v2/requests/:id/satisfaction_rating", AuthMode::kRequired, rate);

  r.Add("GET", "/api/v2/satisfaction_ratings", AuthMode::kRequired, [svc](Ctx& c) {
    auto p = ParsePaging(c.req, /*cursor_allowed=*/true);
    if (!p) return ErrorResponse(p.error());
    auto f = ParseFilter(c.req);
    if (!f) return ErrorResponse(f.error());
    auto page = svc->List(c.caller, *f, p->req);
    if (!page) return ErrorResponse(page.error());
    json::array arr;
    for (const auto& rating : page->items) arr.push_back(SatisfactionRatingJson(rating, c.urls));
    json::object body{{"satisfaction_ratings", std::move(arr)}};
    AddPagingFor(body, c.req, c.urls, *p, *page);
    return JsonResponse(200, body);
  });

  r.Add("GET", "/api/v2/satisfaction_ratings/:id", AuthMode::kRequired, [svc](Ctx& c) {
    auto rating = svc->Show(c.caller, c.ids[0]);
    if (!rating) return ErrorResponse(rating.error());
    return JsonResponse(200, json::object{{"satisfaction_rating", SatisfactionRatingJson(*rating, c.urls)}});
  });

  // Ours: good, bad, total and score (percent good) per agent or group over a period.
  r.Add("GET", "/api/v2/chamado/reports/satisfaction", AuthMode::kRequired, [svc](Ctx& c) {
    app::SatisfactionGroupBy by = app::SatisfactionGroupBy::kAssignee;
    if (const std::string* g = c.req.Query("group_by"); g && !g->empty()) {
      if (*g == "group")
        by = app::SatisfactionGroupBy::kGroup;
      else if (*g != "assignee")
        return ErrorResponse(Error::BadRequest("group_by must be assignee or group"));
    }
    if (c.req.Query("score")) return ErrorResponse(Error::BadRequest("the report counts every score; omit score"));
    auto f = ParseFilter(c.req);
    if (!f) return ErrorResponse(f.error());
    auto rows = svc->Report(c.caller, *f, by);
    if (!rows) return ErrorResponse(rows.error());
    const char* key = by == app::SatisfactionGroupBy::kGroup ? "group_id" : "assignee_id";
    json::array arr;
    std::int64_t good = 0, bad = 0;
    for (const auto& t : *rows) {
      json::object row{{key, OptId(t.key)}};
      for (auto& kv : TallyJson(t.good, t.bad)) row.emplace(kv.key(), kv.value());
      arr.push_back(std::move(row));
      good += t.good;
      bad += t.bad;
    }
    auto unix_or_null = [](const std::optional<Instant>& t) {
      return t ? json::value(UnixSeconds(*t)) : json::value(nullptr);
    };
    json::object report{{"group_by", by == app::SatisfactionGroupBy::kGroup ? "group" : "assignee"},
                        {"start_time", unix_or_null(f->start_time)},
                        {"end_time", unix_or_null(f->end_time)},
                        {"rows", std::move(arr)},
                        {"total", TallyJson(good, bad)}};
    return JsonResponse(200, json::object{{"satisfaction_report", std::move(report)}});
  });
}

}  // namespace chamado::http
