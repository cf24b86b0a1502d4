// Business-hours schedules (docs/calendars.md "API"; zendesk-compat.md §12; PRODUCT.md §5):
// the shipped default calendar, Zendesk's schedules/workweek/holidays endpoints with their
// 422s, a group's own schedule, and ours: the shipped holiday sets and a schedule's resolved
// days, which follow every change at once (the calendar cache is keyed by version).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "harness.hpp"

namespace it {
namespace {

constexpr const char* kSchedules = "/api/v2/business_hours/schedules";

std::string SchedulePath(std::int64_t id, const std::string& rest = "") {
  return std::string(kSchedules) + "/" + S(id) + rest + ".json";
}

std::string CalendarPath(std::int64_t id, const std::string& from, const std::string& to) {
  return "/api/v2/chamado/schedules/" + S(id) + "/calendar.json?from=" + from + "&to=" + to;
}

// The days of a calendar response by date.
json::object DayOf(const Response& r, const std::string& date) {
  for (const auto& d : r["calendar"].at("days").as_array())
    if (d.at("date") == date.c_str()) return d.as_object();
  ADD_FAILURE() << "no day " << date << " in " << r.body;
  return {};
}

std::string Hours(const json::object& day) { return json::serialize(day.at("hours")); }

class Schedules : public ::testing::Test {
 protected:
  Desk d;

  std::int64_t NewSchedule(const std::string& body) {
    auto r = d.Admin().Post(std::string(kSchedules) + ".json", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r["schedule"].at("id").as_int64() : 0;
  }
};

TEST_F(Schedules, TheDefaultScheduleAndZendeskCrudWithWhoMayDoWhat) {
  // Shipped: schedule 1, Mon-Fri 08:30-18:00 in Sao Paulo with Brazil's national holidays.
  auto list = d.Agent().Get(std::string(kSchedules) + ".json");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list["schedules"].as_array().size(), 1u) << list.body;
  const auto& def = list["schedules"].as_array().at(0);
  EXPECT_EQ(def.at("id").as_int64(), 1);
  EXPECT_EQ(def.at("name"), "Horário comercial");
  EXPECT_EQ(def.at("time_zone"), "America/Sao_Paulo");
  EXPECT_EQ(json::serialize(def.at("intervals").at(0)), R"({"start_time":1950,"end_time":2520})");
  EXPECT_EQ(def.at("intervals").as_array().size(), 5u);
  EXPECT_EQ(json::serialize(def.at("chamado_holiday_sets")), R"(["br"])");

  // Agents read, admins write, customers see nothing.
  EXPECT_EQ(d.Alice().Get(std::string(kSchedules) + ".json").status, 403);
  EXPECT_EQ(d.Anonymous().Get(std::string(kSchedules) + ".json").status, 401);
  EXPECT_EQ(d.Agent().Post(std::string(kSchedules) + ".json", R"({"schedule":{"name":"x","time_zone":"UTC"}})").status,
            403);
  EXPECT_EQ(d.Agent().Put(SchedulePath(1), R"({"schedule":{"name":"x"}})").status, 403);

  // A new schedule gets Zendesk's Mon-Fri 09:00-17:00.
  const auto id = NewSchedule(R"({"schedule":{"name":"Suporte Madri","time_zone":"Europe/Madrid"}})");
  ASSERT_GT(id, 1);
  auto shown = d.Agent().Get(SchedulePath(id));
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(shown["schedule"].at("name"), "Suporte Madri");
  EXPECT_EQ(json::serialize(shown["schedule"].at("intervals").at(0)), R"({"start_time":1980,"end_time":2460})");
  EXPECT_EQ(json::serialize(shown["schedule"].at("chamado_holiday_sets")), "[]");

  // The workweek: 09:00-17:30 with a lunch break on Mondays.
  auto week = d.Admin().Put(SchedulePath(id, "/workweek"),
                            R"({"workweek":{"intervals":[{"start_time":1980,"end_time":2160},)"
                            R"({"start_time":2220,"end_time":2490},{"start_time":3420,"end_time":3930}]}})");
  ASSERT_EQ(week.status, 200) << week.body;
  EXPECT_EQ(week["workweek"].at("intervals").as_array().size(), 3u);
  auto renamed = d.Admin().Put(SchedulePath(id), R"({"schedule":{"name":"Suporte Espanha"}})");
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed["schedule"].at("name"), "Suporte Espanha");
  EXPECT_EQ(renamed["schedule"].at("time_zone"), "Europe/Madrid") << "absent fields keep their values";
  EXPECT_EQ(renamed["schedule"].at("intervals").as_array().size(), 3u);

  // 422s name the field; nothing changes.
  auto tz = d.Admin().Put(SchedulePath(id), R"({"schedule":{"time_zone":"Europe/Atlantis"}})");
  EXPECT_EQ(tz.status, 422) << tz.body;
  EXPECT_TRUE(DetailsName(tz, "time_zone")) << tz.body;
  auto overlap =
      d.Admin().Put(SchedulePath(id, "/workweek"), R"({"workweek":{"intervals":[{"start_time":1980,"end_time":2460},)"
                                                   R"({"start_time":2400,"end_time":2500}]}})");
  EXPECT_EQ(overlap.status, 422) << overlap.body;
  EXPECT_TRUE(DetailsName(overlap, "intervals")) << overlap.body;
  auto backwards = d.Admin().Put(SchedulePath(id, "/workweek"),
                                 R"({"workweek":{"intervals":[{"start_time":2460,"end_time":1980}]}})");
  EXPECT_EQ(backwards.status, 422) << backwards.body;
  EXPECT_TRUE(DetailsName(backwards, "intervals")) << backwards.body;
  auto shape = d.Admin().Put(SchedulePath(id, "/workweek"), R"({"workweek":{"intervals":[{"start_time":"9h"}]}})");
  EXPECT_EQ(shape.status, 422) << shape.body;
  EXPECT_TRUE(DetailsName(shape, "intervals")) << shape.body;
  auto nameless = d.Admin().Post(std::string(kSchedules) + ".json", R"({"schedule":{"time_zone":"UTC"}})");
  EXPECT_EQ(nameless.status, 422) << nameless.body;
  EXPECT_TRUE(DetailsName(nameless, "name")) << nameless.body;
  auto unknown_set =
      d.Admin().Put("/api/v2/chamado/schedules/" + S(id) + "/holiday_sets.json", R"({"holiday_sets":["es","xx"]})");
  EXPECT_EQ(unknown_set.status, 422) << unknown_set.body;
  EXPECT_TRUE(DetailsName(unknown_set, "holiday_sets")) << unknown_set.body;
  EXPECT_EQ(d.Agent().Get(SchedulePath(id))["schedule"].at("intervals").as_array().size(), 3u);

  // Attaching a shipped set (ours).
  auto sets = d.Admin().Put("/api/v2/chamado/schedules/" + S(id) + "/holiday_sets.json", R"({"holiday_sets":["es"]})");
  ASSERT_EQ(sets.status, 200) << sets.body;
  EXPECT_EQ(json::serialize(sets["schedule"].at("chamado_holiday_sets")), R"(["es"])");

  // Holidays: create, list, show, change, delete; bad dates are 422s naming the field.
  auto made = d.Admin().Post(SchedulePath(id, "/holidays"),
                             R"({"holiday":{"name":"Inventário","start_date":"2026-07-09","end_date":"2026-07-10"}})");
  ASSERT_EQ(made.status, 201) << made.body;
  const auto hid = made["holiday"].at("id").as_int64();
  EXPECT_EQ(made["holiday"].at("start_date"), "2026-07-09");
  EXPECT_EQ(made["holiday"].at("end_date"), "2026-07-10");
  EXPECT_TRUE(made["holiday"].at("chamado_hours").is_null());
  auto one_day =
      d.Admin().Post(SchedulePath(id, "/holidays"), R"({"holiday":{"name":"Véspera","start_date":"2026-12-24",)"
                                                    R"("chamado_hours":[{"start":"09:00","end":"13:00"}]}})");
  ASSERT_EQ(one_day.status, 201) << one_day.body;
  EXPECT_EQ(one_day["holiday"].at("end_date"), "2026-12-24") << "one day when end_date is absent";
  EXPECT_EQ(json::serialize(one_day["holiday"].at("chamado_hours")), R"([{"start":"09:00","end":"13:00"}])");
  auto holidays = d.Agent().Get(SchedulePath(id, "/holidays"));
  ASSERT_EQ(holidays.status, 200) << holidays.body;
  ASSERT_EQ(holidays["holidays"].as_array().size(), 2u);
  EXPECT_EQ(holidays["holidays"].as_array().at(0).at("name"), "Inventário") << "by start date";
  auto moved = d.Admin().Put(SchedulePath(id, "/holidays/" + S(hid)), R"({"holiday":{"end_date":"2026-07-09"}})");
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved["holiday"].at("end_date"), "2026-07-09");
  EXPECT_EQ(moved["holiday"].at("name"), "Inventário");
  EXPECT_EQ(d.Agent().Get(SchedulePath(id, "/holidays/" + S(hid)))["holiday"].at("end_date"), "2026-07-09");
  auto reversed = d.Admin().Put(SchedulePath(id, "/holidays/" + S(hid)), R"({"holiday":{"end_date":"2026-07-01"}})");
  EXPECT_EQ(reversed.status, 422) << reversed.body;
  EXPECT_TRUE(DetailsName(reversed, "end_date")) << reversed.body;
  auto not_a_date =
      d.Admin().Post(SchedulePath(id, "/holidays"), R"({"holiday":{"name":"X","start_date":"2026-02-30"}})");
  EXPECT_EQ(not_a_date.status, 422) << not_a_date.body;
  EXPECT_TRUE(DetailsName(not_a_date, "start_date")) << not_a_date.body;
  EXPECT_EQ(
      d.Agent().Post(SchedulePath(id, "/holidays"), R"({"holiday":{"name":"X","start_date":"2026-03-01"}})").status,
      403);
  EXPECT_EQ(d.Admin().Delete(SchedulePath(id, "/holidays/" + S(hid))).status, 204);
  EXPECT_EQ(d.Agent().Get(SchedulePath(id, "/holidays/" + S(hid))).status, 404);
  EXPECT_EQ(d.Admin().Delete(SchedulePath(1, "/holidays/" + S(hid))).status, 404) << "not schedule 1's";

  // A group's own schedule: shown on the group; unknown ids are 422; in use, no delete.
  auto group =
      d.Admin().Post("/api/v2/groups.json", R"({"group":{"name":"Erros","chamado_schedule_id":)" + S(id) + "}}");
  ASSERT_EQ(group.status, 201) << group.body;
  const auto gid = group["group"].at("id").as_int64();
  EXPECT_EQ(group["group"].at("chamado_schedule_id").as_int64(), id);
  EXPECT_EQ(d.Agent().Get("/api/v2/groups/" + S(gid) + ".json")["group"].at("chamado_schedule_id").as_int64(), id);
  auto bad_group = d.Admin().Put("/api/v2/groups/" + S(gid) + ".json", R"({"group":{"chamado_schedule_id":999}})");
  EXPECT_EQ(bad_group.status, 422) << bad_group.body;
  EXPECT_TRUE(DetailsName(bad_group, "chamado_schedule_id")) << bad_group.body;
  auto in_use = d.Admin().Delete(SchedulePath(id));
  EXPECT_EQ(in_use.status, 422) << in_use.body;
  EXPECT_NE(in_use.body.find("group " + S(gid)), std::string::npos) << in_use.body;
  auto unlinked = d.Admin().Put("/api/v2/groups/" + S(gid) + ".json", R"({"group":{"chamado_schedule_id":null}})");
  ASSERT_EQ(unlinked.status, 200) << unlinked.body;
  EXPECT_TRUE(unlinked["group"].at("chamado_schedule_id").is_null());
  EXPECT_EQ(d.Agent().Delete(SchedulePath(id)).status, 403);
  EXPECT_EQ(d.Admin().Delete(SchedulePath(id)).status, 204);
  EXPECT_EQ(d.Agent().Get(SchedulePath(id)).status, 404);
  EXPECT_EQ(d.Agent().Get(SchedulePath(id, "/holidays")).status, 404);
}

TEST_F(Schedules, TheResolvedCalendarShowsWhatTheSlaCountsAndFollowsEveryChange) {
  // Carnival 2026 on the default calendar: Mon 16 and Tue 17 Feb are closed holidays.
  auto cal = d.Agent().Get(CalendarPath(1, "2026-02-13", "2026-02-19"));
  ASSERT_EQ(cal.status, 200) << cal.body;
  EXPECT_EQ(cal["calendar"].at("time_zone"), "America/Sao_Paulo");
  EXPECT_EQ(cal["calendar"].at("business_day_minutes").as_int64(), 570);
  EXPECT_EQ(cal["calendar"].at("days").as_array().size(), 7u);
  auto fri = DayOf(cal, "2026-02-13");
  EXPECT_EQ(fri.at("weekday"), "friday");
  EXPECT_EQ(Hours(fri), R"([{"start":"08:30","end":"18:00"}])");
  EXPECT_EQ(fri.at("business_minutes").as_int64(), 570);
  EXPECT_TRUE(fri.at("holiday").is_null());
  auto sat = DayOf(cal, "2026-02-14");
  EXPECT_EQ(Hours(sat), "[]");
  EXPECT_TRUE(sat.at("holiday").is_null()) << "a weekend, not a holiday";
  for (const char* carnival : {"2026-02-16", "2026-02-17"}) {
    auto day = DayOf(cal, carnival);
    EXPECT_EQ(Hours(day), "[]") << carnival;
    ASSERT_TRUE(day.at("holiday").is_string()) << carnival << ": " << cal.body;
    EXPECT_NE(std::string(day.at("holiday").as_string()).find("Carnaval"), std::string::npos) << cal.body;
  }
  EXPECT_EQ(DayOf(cal, "2026-02-19").at("business_minutes").as_int64(), 570);

  // The shipped sets (ours): Brazil's, with the national 20 November from 2024 on.
  auto sets = d.Agent().Get("/api/v2/chamado/holiday_sets.json?from=2026&to=2026");
  ASSERT_EQ(sets.status, 200) << sets.body;
  json::object br;
  std::vector<std::string> ids;
  for (const auto& s : sets["holiday_sets"].as_array()) {
    ids.emplace_back(s.at("id").as_string());
    if (s.at("id") == "br") br = s.as_object();
  }
  for (const char* want : {"br", "br-sp", "br-sp-sao-paulo", "es", "mx", "ar", "co"})
    EXPECT_NE(std::find(ids.begin(), ids.end(), want), ids.end()) << want << " in " << sets.body;
  ASSERT_FALSE(br.empty());
  EXPECT_FALSE(br.at("version").as_string().empty());
  auto has_date = [](const json::object& set, const std::string& date) {
    for (const auto& x : set.at("dates").as_array())
      if (x.at("date") == date.c_str()) return true;
    return false;
  };
  EXPECT_TRUE(has_date(br, "2026-02-16"));
  EXPECT_TRUE(has_date(br, "2026-11-20"));
  EXPECT_FALSE(has_date(br, "2026-07-09")) << "a São Paulo state holiday";
  auto br2023 = d.Agent().Get("/api/v2/chamado/holiday_sets/br.json?from=2023");
  ASSERT_EQ(br2023.status, 200) << br2023.body;
  EXPECT_FALSE(has_date(br2023["holiday_set"].as_object(), "2023-11-20")) << "national from 2024";
  EXPECT_EQ(d.Agent().Get("/api/v2/chamado/holiday_sets/xx.json").status, 404);
  EXPECT_EQ(d.Agent().Get("/api/v2/chamado/holiday_sets.json?from=2027&to=2026").status, 400);
  EXPECT_EQ(d.Alice().Get("/api/v2/chamado/holiday_sets.json").status, 403);

  // Each change shows at once: the São Paulo overlay, then a half day of the schedule's own.
  EXPECT_EQ(Hours(DayOf(d.Agent().Get(CalendarPath(1, "2026-07-09", "2026-07-09")), "2026-07-09")),
            R"([{"start":"08:30","end":"18:00"}])");
  ASSERT_EQ(d.Admin().Put("/api/v2/chamado/schedules/1/holiday_sets.json", R"({"holiday_sets":["br","br-sp"]})").status,
            200);
  auto july = DayOf(d.Agent().Get(CalendarPath(1, "2026-07-09", "2026-07-09")), "2026-07-09");
  EXPECT_EQ(Hours(july), "[]");
  EXPECT_TRUE(july.at("holiday").is_string());

  auto half = d.Admin().Post(SchedulePath(1, "/holidays"),
                             R"({"holiday":{"name":"Treinamento da equipe, meio período","start_date":"2026-02-19",)"
                             R"("chamado_hours":[{"start":"13:00","end":"18:00"}]}})");
  ASSERT_EQ(half.status, 201) << half.body;
  auto thu = DayOf(d.Agent().Get(CalendarPath(1, "2026-02-19", "2026-02-19")), "2026-02-19");
  EXPECT_EQ(Hours(thu), R"([{"start":"13:00","end":"18:00"}])");
  EXPECT_EQ(thu.at("business_minutes").as_int64(), 300);
  EXPECT_EQ(thu.at("holiday"), "Treinamento da equipe, meio período");
  ASSERT_EQ(d.Admin().Delete(SchedulePath(1, "/holidays/" + S(half["holiday"].at("id").as_int64()))).status, 204);
  EXPECT_EQ(
      DayOf(d.Agent().Get(CalendarPath(1, "2026-02-19", "2026-02-19")), "2026-02-19").at("business_minutes").as_int64(),
      570);

  // A new workweek too.
  ASSERT_EQ(
      d.Admin()
          .Put(SchedulePath(1, "/workweek"), R"({"workweek":{"intervals":[{"start_time":6300,"end_time":6840}]}})")
          .status,
      200);
  auto after = d.Agent().Get(CalendarPath(1, "2026-02-19", "2026-02-20"));
  EXPECT_EQ(Hours(DayOf(after, "2026-02-19")), R"([{"start":"09:00","end":"18:00"}])");
  EXPECT_EQ(Hours(DayOf(after, "2026-02-20")), "[]");

  // Ranges: both dates, in order, at most a year; customers may not look.
  EXPECT_EQ(d.Agent().Get("/api/v2/chamado/schedules/1/calendar.json?from=2026-02-13").status, 400);
  EXPECT_EQ(d.Agent().Get(CalendarPath(1, "2026-02-13", "2026-02-12")).status, 400);
  EXPECT_EQ(d.Agent().Get(CalendarPath(1, "2026-01-01", "2027-06-01")).status, 400);
  EXPECT_EQ(d.Agent().Get(CalendarPath(99, "2026-01-01", "2026-01-02")).status, 404);
  EXPECT_EQ(d.Alice().Get(CalendarPath(1, "2026-01-01", "2026-01-02")).status, 403);
}

}  // namespace
}  // namespace it
