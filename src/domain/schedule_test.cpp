#include "domain/schedule.hpp"

#include <gtest/gtest.h>

#include "domain/testing/calendars.hpp"

namespace chamado {
namespace {

using testing::Day;

// The shipped default (sqlite 0008_schedules.sql): Mon-Fri 08:30-18:00 in Sao Paulo.
Schedule Comercial() {
  Schedule s;
  s.id = 1;
  s.name = "Horário comercial";
  s.time_zone = "America/Sao_Paulo";
  for (int d = 1; d <= 5; ++d) s.intervals.push_back({d * 1440 + 510, d * 1440 + 1080});
  return s;
}

ScheduleHoliday Holiday(std::string name, LocalDay from, LocalDay to,
                        std::optional<std::vector<DayInterval>> hours = std::nullopt) {
  ScheduleHoliday h;
  h.name = std::move(name);
  h.start_date = from;
  h.end_date = to;
  h.hours = std::move(hours);
  return h;
}

TEST(Schedule, ZendeskDefaultWorkweekIsMondayToFridayNineToFive) {
  const auto w = DefaultWorkweek();
  ASSERT_EQ(w.size(), 5u);
  EXPECT_EQ(w.front(), (WeekInterval{1980, 2460})) << "Monday 09:00-17:00";
  EXPECT_EQ(w.back(), (WeekInterval{7740, 8220})) << "Friday 09:00-17:00";
}

TEST(Schedule, NamesMustNotBeBlank) {
  EXPECT_TRUE(ValidateScheduleName("Suporte N2"));
  auto blank = ValidateScheduleName("  ");
  ASSERT_FALSE(blank);
  EXPECT_EQ(blank.error().fields.at(0).field, "name");
  EXPECT_FALSE(ValidateScheduleName(std::string(256, 'x')));
}

TEST(Schedule, HolidayChecksNameTheField) {
  auto ok = Holiday("Recesso", Day(2026, 12, 24), Day(2026, 12, 31));
  EXPECT_TRUE(ValidateHoliday(ok));

  auto reversed = Holiday("Recesso", Day(2026, 12, 31), Day(2026, 12, 24));
  auto r = ValidateHoliday(reversed);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields.at(0).field, "end_date");

  auto too_long = Holiday("Ano sabático", Day(2026, 1, 1), Day(2027, 1, 2));
  auto long_r = ValidateHoliday(too_long);
  ASSERT_FALSE(long_r) << "367 days";
  EXPECT_EQ(long_r.error().fields.at(0).field, "end_date");
  auto a_year = Holiday("Ano bissexto", Day(2028, 1, 1), Day(2028, 12, 31));
  EXPECT_TRUE(ValidateHoliday(a_year)) << "366 days";

  auto nameless = Holiday(" ", Day(2026, 1, 1), Day(2026, 1, 1));
  auto nameless_r = ValidateHoliday(nameless);
  ASSERT_FALSE(nameless_r);
  EXPECT_EQ(nameless_r.error().fields.at(0).field, "name");

  auto far = Holiday("Futuro", Day(2300, 1, 1), Day(2300, 1, 1));
  auto far_r = ValidateHoliday(far);
  ASSERT_FALSE(far_r);
  EXPECT_EQ(far_r.error().fields.at(0).field, "start_date");
}

TEST(Schedule, HalfDayHoursAreSortedAndMustNotOverlap) {
  auto half =
      Holiday("Véspera", Day(2026, 12, 24), Day(2026, 12, 24), std::vector<DayInterval>{{840, 1080}, {510, 720}});
  ASSERT_TRUE(ValidateHoliday(half));
  EXPECT_EQ(half.hours->front(), (DayInterval{510, 720}));

  auto overlap =
      Holiday("Véspera", Day(2026, 12, 24), Day(2026, 12, 24), std::vector<DayInterval>{{510, 720}, {700, 800}});
  auto overlap_r = ValidateHoliday(overlap);
  ASSERT_FALSE(overlap_r);
  EXPECT_EQ(overlap_r.error().fields.at(0).error, "OverlappingIntervals");
  auto past_midnight = Holiday("Véspera", Day(2026, 12, 24), Day(2026, 12, 24), std::vector<DayInterval>{{1200, 1500}});
  auto past_r = ValidateHoliday(past_midnight);
  ASSERT_FALSE(past_r);
  EXPECT_EQ(past_r.error().fields.at(0).field, "chamado_hours");
  auto empty = Holiday("Véspera", Day(2026, 12, 24), Day(2026, 12, 24), std::vector<DayInterval>{});
  EXPECT_FALSE(ValidateHoliday(empty)) << "a half day with no hours is a mistake; a closed day omits them";
}

TEST(Schedule, OwnHolidaysExpandToTheirDaysWithinTheYears) {
  const std::vector<ScheduleHoliday> own = {
      Holiday("Recesso", Day(2025, 12, 29), Day(2026, 1, 2)),
      Holiday("Inventário", Day(2026, 7, 10), Day(2026, 7, 10), std::vector<DayInterval>{{510, 720}}),
  };
  const auto days = ExpandScheduleHolidays(own, 2026, 2026);
  ASSERT_EQ(days.size(), 3u) << "29-31 Dec 2025 fall outside 2026";
  EXPECT_EQ(days[0].day, Day(2026, 1, 1));
  EXPECT_EQ(days[1].day, Day(2026, 1, 2));
  EXPECT_EQ(days[2].name, "Inventário");
  EXPECT_EQ(days[2].hours, (std::vector<DayInterval>{{510, 720}}));
  EXPECT_EQ(ExpandScheduleHolidays(own, 2025, 2026).size(), 6u);
}

TEST(Schedule, BecomesACalendarWithItsSetsAndItsOwnHolidays) {
  const std::vector<HolidayDay> set_days = {{Day(2026, 2, 16), "Carnaval", {}}, {Day(2026, 2, 17), "Carnaval", {}}};
  const std::vector<ScheduleHoliday> own = {
      Holiday("Quarta-feira de Cinzas", Day(2026, 2, 18), Day(2026, 2, 18), std::vector<DayInterval>{{780, 1080}}),
  };
  auto cal = CalendarOfSchedule(Comercial(), set_days, own, 2026, 2026);
  ASSERT_TRUE(cal) << cal.error().description;
  EXPECT_EQ(cal->business_day_minutes(), 570);
  const HolidayDay* h = nullptr;
  EXPECT_TRUE(cal->HoursOn(Day(2026, 2, 16), &h).empty());
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->name, "Carnaval");
  EXPECT_EQ(cal->HoursOn(Day(2026, 2, 18), &h), (std::vector<DayInterval>{{780, 1080}}));
  EXPECT_EQ(h->name, "Quarta-feira de Cinzas");
  h = nullptr;
  EXPECT_EQ(cal->HoursOn(Day(2026, 2, 19), &h), (std::vector<DayInterval>{{510, 1080}}));
  EXPECT_EQ(h, nullptr);
}

TEST(Schedule, ABadTimeZoneOrIntervalNamesTheField) {
  auto s = Comercial();
  s.time_zone = "America/Atlantis";
  auto tz = CalendarOfSchedule(s, {}, {}, 2026, 2026);
  ASSERT_FALSE(tz);
  EXPECT_EQ(tz.error().fields.at(0).field, "time_zone");

  s = Comercial();
  s.intervals.push_back({1440 + 600, 1440 + 700});  // inside Monday's 08:30-18:00
  auto overlap = CalendarOfSchedule(s, {}, {}, 2026, 2026);
  ASSERT_FALSE(overlap);
  EXPECT_EQ(overlap.error().fields.at(0).field, "intervals");
}

}  // namespace
}  // namespace chamado
