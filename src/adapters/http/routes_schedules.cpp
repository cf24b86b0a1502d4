// Business-hours schedules (docs/calendars.md "API"; zendesk-compat.md §12): Zendesk's
// /business_hours/schedules with their workweek and holidays, and ours: the shipped holiday
// sets, attaching them to a schedule, and a schedule's resolved days. Thin: parse -> use case
// -> map.
#include <charconv>
#include <chrono>
#include <utility>

#include "adapters/http/api.hpp"
#include "adapters/http/error_mapping.hpp"
#include "adapters/http/json_input.hpp"
#include "app/calendars.hpp"

namespace chamado::http {
namespace {

constexpr const char* kWeekdays[] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};

json::array WeekIntervalsJson(const std::vector<WeekInterval>& v) {
  json::array a;
  for (const auto& i : v) a.push_back(json::object{{"start_time", i.start_time}, {"end_time", i.end_time}});
  return a;
}

json::array DayHoursJson(const std::vector<DayInterval>& v) {
  json::array a;
  for (const auto& i : v)
    a.push_back(json::object{{"start", FormatMinuteOfDay(i.start)}, {"end", FormatMinuteOfDay(i.end)}});
  return a;
}

json::array StringsJson(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.push_back(json::string(s));
  return a;
}

json::object ScheduleJson(const Schedule& s) {
  return {{"id", s.id},
          {"name", s.name},
          {"time_zone", s.time_zone},
          {"intervals", WeekIntervalsJson(s.intervals)},
          {"created_at", Time(s.created_at)},
          {"updated_at", Time(s.updated_at)},
          {"chamado_holiday_sets", StringsJson(s.holiday_sets)}};
}

json::object HolidayJson(const ScheduleHoliday& h) {
  return {{"id", h.id},
          {"name", h.name},
          {"start_date", FormatLocalDate(h.start_date)},
          {"end_date", FormatLocalDate(h.end_date)},
          {"chamado_hours", h.hours ? json::value(DayHoursJson(*h.hours)) : json::value(nullptr)}};
}

json::object HolidayDayJson(const HolidayDay& d) {
  return {{"date", FormatLocalDate(d.day)},
          {"name", d.name},
          {"hours", d.hours.empty() ? json::value(nullptr) : json::value(DayHoursJson(d.hours))}};
}

json::object HolidaySetJson(const app::HolidaySetDays& s) {
  json::array days;
  for (const auto& d : s.days) days.push_back(HolidayDayJson(d));
  const HolidaySet& set = *s.set;
  return {{"id", set.id},
          {"name", set.name},
          {"version", set.version},
          {"region", set.region},
          {"extends", set.extends ? json::value(*set.extends) : json::value(nullptr)},
          {"first_year", set.first_year},
          {"last_year", set.last_year},
          {"dates", std::move(days)}};
}

// [{"start_time": 1950, "end_time": 2520}, ...]; anything else is a 422 on `field`.
std::optional<std::vector<WeekInterval>> ParseWeekIntervals(FieldReader& f, const json::object& o, const char* field) {
  const json::value* v = o.if_contains(field);
  if (!v) return std::nullopt;
  const std::string what = std::string(field) + ": must be a list of {\"start_time\", \"end_time\"} in minutes";
  if (!v->is_array()) {
    f.Invalid(field, what);
    return std::nullopt;
  }
  std::vector<WeekInterval> out;
  for (const auto& e : v->as_array()) {
    const auto* i = e.if_object();
    const auto* s = i ? i->if_contains("start_time") : nullptr;
    const auto* t = i ? i->if_contains("end_time") : nullptr;
    if (!s || !t || !s->is_int64() || !t->is_int64() || s->as_int64() < -1'000'000 || s->as_int64() > 1'000'000 ||
        t->as_int64() < -1'000'000 || t->as_int64() > 1'000'000) {
      f.Invalid(field, what);
      return std::nullopt;
    }
    out.push_back({static_cast<int>(s->as_int64()), static_cast<int>(t->as_int64())});
  }
  return out;
}

// A local date "YYYY-MM-DD": a 422 on `field` otherwise.
std::optional<LocalDay> DateField(FieldReader& f, const char* field) {
  auto text = f.Str(field);
  if (!text) return std::nullopt;
  auto d = ParseLocalDate(*text);
  if (!d) f.Invalid(field, std::string(field) + ": must be a date YYYY-MM-DD");
  return d;
}

// "chamado_hours": null (closed all day) or [{"start": "08:30", "end": "12:00"}, ...].
Patch<std::vector<DayInterval>> HoursField(FieldReader& f, const json::object& o) {
  constexpr const char* kField = "chamado_hours";
  const json::value* v = o.if_contains(kField);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<std::vector<DayInterval>>{};
  const std::string what = "chamado_hours: must be null or a list of {\"start\": \"HH:MM\", \"end\": \"HH:MM\"}";
  if (!v->is_array()) {
    f.Invalid(kField, what);
    return std::nullopt;
  }
  std::vector<DayInterval> out;
  for (const auto& e : v->as_array()) {
    const auto* i = e.if_object();
    const auto* s = i ? i->if_contains("start") : nullptr;
    const auto* t = i ? i->if_contains("end") : nullptr;
    std::optional<int> start, end;
    if (s && s->is_string()) start = ParseMinuteOfDay(s->as_string());
    if (t && t->is_string()) end = ParseMinuteOfDay(t->as_string());
    if (!start || !end) {
      f.Invalid(kField, what);
      return std::nullopt;
    }
    out.push_back({*start, *end});
  }
  return std::optional<std::vector<DayInterval>>{std::move(out)};
}

Result<app::ScheduleInput> ParseSchedule(const Request& req) {
  auto obj = ParseRoot(req.body, "schedule");
  if (!obj) return Fail(obj.error());
  FieldReader f(*obj);
  app::ScheduleInput in;
  in.name = f.Str("name");
  in.time_zone = f.Str("time_zone");
  in.intervals = ParseWeekIntervals(f, *obj, "intervals");
  in.holiday_sets = f.StrList("chamado_holiday_sets");
  if (!f.ok()) return Fail(f.error());
  return in;
}

Result<app::HolidayInput> ParseHoliday(const Request& req) {
  auto obj = ParseRoot(req.body, "holiday");
  if (!obj) return Fail(obj.error());
  FieldReader f(*obj);
  app::HolidayInput in;
  in.name = f.Str("name");
  in.start_date = DateField(f, "start_date");
  in.end_date = DateField(f, "end_date");
  in.hours = HoursField(f, *obj);
  if (!f.ok()) return Fail(f.error());
  return in;
}

// ?from=2026&to=2027 (years; each defaults to the clock's year).
Result<std::pair<int, int>> YearRange(const Request& req, Instant now) {
  const int this_year = YearOf(std::chrono::floor<std::chrono::days>(now));
  int years[2] = {this_year, this_year};
  const char* names[2] = {"from", "to"};
  for (int k = 0; k < 2; ++k) {
    const std::string* v = req.Query(names[k]);
    if (!v || v->empty()) continue;
    int n = 0;
    auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || p != v->data() + v->size())
      return Fail(Error::BadRequest(std::string(names[k]) + " must be a year"));
    years[k] = n;
  }
  if (!req.Query("to") && req.Query("from")) years[1] = years[0];
  return std::pair<int, int>{years[0], years[1]};
}

Response NoContent() {
  Response r;
  r.status = 204;
  return r;
}

Response Unavailable() { return ErrorResponse(Error::Unavailable("Schedules are not configured on this server")); }

template <typename T, typename F>
Response One(int status, const char* root, const Result<T>& r, F to_json) {
  if (!r) return ErrorResponse(r.error());
  return JsonResponse(status, json::object{{root, to_json(*r)}});
}

}  // namespace

void AddScheduleRoutes(Router& r, ApiDeps& d) {
  app::CalendarService* svc = d.calendars;
  auto guarded = [svc](auto handler) {
    return [svc, handler](Ctx& c) { return svc ? handler(*svc, c) : Unavailable(); };
  };
  constexpr const char* kBase = "/api/v2/business_hours/schedules";
  const std::string base = kBase;

  r.Add("GET", base, AuthMode::kRequired, guarded([](app::CalendarService& s, Ctx& c) {
          auto list = s.ListSchedules(c.caller);
          if (!list) return ErrorResponse(list.error());
          json::array arr;
          for (const auto& x : *list) arr.push_back(ScheduleJson(x));
          return JsonResponse(200, json::object{{"schedules", std::move(arr)}});
        }));
  r.Add("POST", base, AuthMode::kRequired, guarded([](app::CalendarService& s, Ctx& c) {
          auto in = ParseSchedule(c.req);
          if (!in) return ErrorResponse(in.error());
          return One(201, "schedule", s.CreateSchedule(c.caller, *in), ScheduleJson);
        }));
  r.Add("GET", base + "/:id", AuthMode::kRequired, guarded([](app::CalendarService& s, Ctx& c) {
          return One(200, "schedule", s.ShowSchedule(c.caller, c.ids[0]), ScheduleJson);
        }));
  r.Add("PUT", base + "/:id", AuthMode::kRequired, guarded([](app::CalendarService& s, Ctx& c) {
          auto in = ParseSchedule(c.req);
          if (!in) return ErrorResponse(in.error());
          return One(200, "schedule", s.UpdateSchedule(c.caller, c.ids[0], *in), ScheduleJson);
        }));
  r.Add("DELETE", base + "/:id", AuthMode::kRequired, guarded([](app::CalendarService& s, Ctx& c) {
          auto res = s.DeleteSchedule(c.caller, c.ids[0]);
          return res ? NoContent() : ErrorResponse(res.error());
        }));

  // {"workweek": {"intervals": [...]}} -> the same back.
  r.Add("PUT", base + "/:id/workweek", AuthMode::kRequired, guarded([](app::CalendarService& s, Ctx& c) {
          auto obj = ParseRoot(c.req.body, "workweek");
          if (!obj) return ErrorResponse(obj.error());
          FieldReader f(*obj);
          app::ScheduleInput in;
          in.intervals = ParseWeekIntervals(f, *obj, "intervals");
          if (f.ok() && !in.intervals) f.Invalid("intervals", "intervals: cannot be blank");
          if (!f.ok()) return ErrorResponse(f.error());
          auto sched = s.UpdateSchedule(c.caller, c.ids[0], in);
          if (!sched) return ErrorResponse(sched.error());
          return JsonResponse(
              200, json::object{{"workweek", json::object{{"intervals", WeekIntervalsJson(sched->intervals)}}}});
        }));

  // Holidays.
  r.Add("GET", base + "/:id/holidays", AuthMode::kRequired, guarded([](app::CalendarService& s, Ctx& c) {
          auto list = s.ListHolidays(c.caller, c.ids[0]);
          if (!list) return ErrorResponse(list.error());
          json::array arr;
          for (const auto& h : *list) arr.push_back(HolidayJson(h));
          return JsonResponse(200, json::object{{"holidays", std::move(arr)}});
        }));
  r.Add("POST", base + "/:id/holidays", AuthMode::kRequired, guarded([](app::CalendarService& s, Ctx& c) {
          auto in = ParseHoliday(c.req);
          if (!in) return ErrorResponse(in.error());
          return One(201, "holiday", s.CreateHoliday(c.caller, c.ids[0], *in), HolidayJson);
        }));
  r.Add("GET", base + "/:id/holidays/:id", AuthMode::kRequired, guarded([](app::CalendarService& s, Ctx& c) {
          return One(200, "holiday", s.ShowHoliday(c.caller, c.ids[0], c.ids[1]), HolidayJson);
        }));
  r.Add("PUT", base + "/:id/holidays/:id", AuthMode::kRequired, guarded([](app::CalendarService& s, Ctx& c) {
          auto in = ParseHoliday(c.req);
          if (!in) return ErrorResponse(in.error());
          return One(200, "holiday", s.UpdateHoliday(c.caller, c.ids[0], c.ids[1], *in), HolidayJson);
        }));
  r.Add("DELETE", base + "/:id/holidays/:id", AuthMode::kRequired, guarded([](app::CalendarService& s, Ctx& c) {
          auto res = s.DeleteHoliday(c.caller, c.ids[0], c.ids[1]);
          return res ? NoContent() : ErrorResponse(res.error());
        }));

  // ---- ours: the shipped holiday sets and their dates in ?from..to (years).
  app::Clock& clock = d.clock;
  r.Add("GET", "/api/v2/chamado/holiday_sets", AuthMode::kRequired, guarded([&clock](app::CalendarService& s, Ctx& c) {
          auto years = YearRange(c.req, clock.Now());
          if (!years) return ErrorResponse(years.error());
          auto sets = s.ListHolidaySets(c.caller, years->first, years->second);
          if (!sets) return ErrorResponse(sets.error());
          json::array arr;
          for (const auto& x : *sets) arr.push_back(HolidaySetJson(x));
          return JsonResponse(200, json::object{{"holiday_sets", std::move(arr)}});
        }));
  r.Add("GET", "/api/v2/chamado/holiday_sets/:set", AuthMode::kRequired,
        guarded([&clock](app::CalendarService& s, Ctx& c) {
          auto years = YearRange(c.req, clock.Now());
          if (!years) return ErrorResponse(years.error());
          return One(200, "holiday_set", s.ShowHolidaySet(c.caller, c.words.at(0), years->first, years->second),
                     HolidaySetJson);
        }));

  // {"holiday_sets": ["br", "br-sp"]} -> {"schedule": {...}}.
  r.Add("PUT", "/api/v2/chamado/schedules/:id/holiday_sets", AuthMode::kRequired,
        guarded([](app::CalendarService& s, Ctx& c) {
          auto v = ParseJson(c.req.body);
          if (!v) return ErrorResponse(v.error());
          if (!v->is_object()) return ErrorResponse(Error::BadRequest("the body must be a JSON object"));
          FieldReader f(v->as_object());
          app::ScheduleInput in;
          in.holiday_sets = f.StrList("holiday_sets");
          if (f.ok() && !in.holiday_sets)
            f.Invalid("holiday_sets", "holiday_sets: a list of holiday set ids ([] for none)");
          if (!f.ok()) return ErrorResponse(f.error());
          return One(200, "schedule", s.UpdateSchedule(c.caller, c.ids[0], in), ScheduleJson);
        }));

  // The schedule's days ?from=YYYY-MM-DD&to=YYYY-MM-DD as the SLA arithmetic sees them.
  r.Add("GET", "/api/v2/chamado/schedules/:id/calendar", AuthMode::kRequired,
        guarded([](app::CalendarService& s, Ctx& c) {
          const std::string* from_text = c.req.Query("from");
          const std::string* to_text = c.req.Query("to");
          auto from = from_text ? ParseLocalDate(*from_text) : std::nullopt;
          auto to = to_text ? ParseLocalDate(*to_text) : std::nullopt;
          if (!from || !to) return ErrorResponse(Error::BadRequest("from and to must be dates YYYY-MM-DD"));
          auto days = s.Days(c.caller, c.ids[0], *from, *to);
          if (!days) return ErrorResponse(days.error());
          json::array arr;
          for (const auto& day : days->days) {
            int minutes = 0;
            for (const auto& i : day.hours) minutes += i.end - i.start;
            arr.push_back(json::object{{"date", FormatLocalDate(day.day)},
                                       {"weekday", kWeekdays[std::chrono::weekday(day.day).c_encoding()]},
                                       {"hours", DayHoursJson(day.hours)},
                                       {"business_minutes", minutes},
                                       {"holiday", day.holiday ? json::value(*day.holiday) : json::value(nullptr)}});
          }
          json::object cal{{"schedule_id", days->schedule.id},
                           {"name", days->schedule.name},
                           {"time_zone", days->schedule.time_zone},
                           {"holiday_sets", StringsJson(days->schedule.holiday_sets)},
                           {"business_day_minutes", days->business_day_minutes},
                           {"from", FormatLocalDate(*from)},
                           {"to", FormatLocalDate(*to)},
                           {"warnings", StringsJson(days->warnings)},
                           {"days", std::move(arr)}};
          return JsonResponse(200, json::object{{"calendar", std::move(cal)}});
        }));
}

}  // namespace chamado::http
