#include "domain/calendar.hpp"

#include <gtest/gtest.h>

#include "domain/testing/calendars.hpp"

namespace chamado {
namespace {

using testing::At;
using testing::Day;
using testing::Hm;
using testing::MakeCalendar;
using testing::MondayToFriday;
using testing::SaoPauloBusinessHours;

TEST(Calendar, UnknownTimeZoneIs422OnTimeZone) {
  const auto c = Calendar::Make("America/Atlantis", MondayToFriday({{Hm(9), Hm(17)}}), {});
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().code, ErrorCode::kInvalid);
  ASSERT_EQ(c.error().fields.size(), 1u);
  EXPECT_EQ(c.error().fields[0].field, "time_zone");
  EXPECT_EQ(c.error().fields[0].error, "InvalidTimeZone");
}

TEST(Calendar, EmptyTimeZoneIsRefused) { EXPECT_FALSE(Calendar::Make("", {}, {}).has_value()); }

TEST(Calendar, IntervalEndingBeforeItStartsIsRefused) {
  const auto c = Calendar::Make("Europe/Madrid", MondayToFriday({{Hm(18), Hm(9)}}), {});
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().fields[0].field, "intervals");
  EXPECT_EQ(c.error().fields[0].error, "InvalidInterval");
}

TEST(Calendar, IntervalPastMidnightIsRefused) {
  const auto c = Calendar::Make("Europe/Madrid", MondayToFriday({{Hm(9), 1441}}), {});
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().fields[0].error, "InvalidInterval");
}

TEST(Calendar, OverlappingIntervalsAreRefused) {
  const auto c = Calendar::Make("Europe/Madrid", MondayToFriday({{Hm(9), Hm(13)}, {Hm(12), Hm(18)}}), {});
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().fields[0].field, "intervals");
  EXPECT_EQ(c.error().fields[0].error, "OverlappingIntervals");
  EXPECT_NE(c.error().fields[0].description.find("12:00-18:00"), std::string::npos);
}

TEST(Calendar, HalfDayWithBadHoursIsRefusedOnHolidays) {
  const auto c = Calendar::Make("Europe/Madrid", MondayToFriday({{Hm(9), Hm(18)}}),
                                {testing::Holiday(Day(2026, 12, 24), "Nochebuena", {{Hm(14), Hm(9)}})});
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().fields[0].field, "holidays");
}

TEST(Calendar, IntervalsAreSortedAndTouchingOnesJoined) {
  const auto c = MakeCalendar("Europe/Madrid", MondayToFriday({{Hm(14), Hm(18)}, {Hm(9), Hm(12)}, {Hm(12), Hm(13)}}));
  const std::vector<DayInterval> expected{{Hm(9), Hm(13)}, {Hm(14), Hm(18)}};
  EXPECT_EQ(c.week()[1], expected);
}

TEST(Calendar, TwentyFourHundredEndsTheDay) {
  const auto c = MakeCalendar("America/Sao_Paulo", MondayToFriday({{Hm(18), 1440}}));
  EXPECT_EQ(c.week()[3].front().end, 1440);
  EXPECT_EQ(c.business_day_minutes(), 360);
}

TEST(Calendar, BusinessDayIsTheUsualWeekdayLength) {
  EXPECT_EQ(SaoPauloBusinessHours().business_day_minutes(), 570);
  EXPECT_EQ(testing::SaoPauloNineToHalfFive().business_day_minutes(), 510);
  // Mon-Fri 09:00-13:00 + 14:00-18:00, Saturday 09:00-12:00: the weekday length wins.
  auto week = MondayToFriday({{Hm(9), Hm(13)}, {Hm(14), Hm(18)}});
  week[6] = {{Hm(9), Hm(12)}};
  EXPECT_EQ(MakeCalendar("America/Sao_Paulo", week).business_day_minutes(), 480);
  EXPECT_EQ(MakeCalendar("America/Sao_Paulo", {}).business_day_minutes(), 0);
}

TEST(Calendar, ZendeskWeekIntervalsRoundTrip) {
  // Monday 08:30-18:00 is 1950-2520 minutes from Sunday 00:00.
  const auto w = ToWeekIntervals(MondayToFriday({{Hm(8, 30), Hm(18)}}));
  ASSERT_EQ(w.size(), 5u);
  EXPECT_EQ(w[0], (WeekInterval{1950, 2520}));
  EXPECT_EQ(w[4], (WeekInterval{5 * 1440 + 510, 5 * 1440 + 1080}));
  const auto back = FromWeekIntervals(w);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, MondayToFriday({{Hm(8, 30), Hm(18)}}));
}

TEST(Calendar, WeekIntervalAcrossMidnightIsSplitIntoDays) {
  // Friday 22:00 to Saturday 06:00.
  const auto h = FromWeekIntervals({{5 * 1440 + Hm(22), 6 * 1440 + Hm(6)}});
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ((*h)[5], (std::vector<DayInterval>{{Hm(22), 1440}}));
  EXPECT_EQ((*h)[6], (std::vector<DayInterval>{{0, Hm(6)}}));
  // ... and comes back whole.
  EXPECT_EQ(ToWeekIntervals(*h), (std::vector<WeekInterval>{{5 * 1440 + Hm(22), 6 * 1440 + Hm(6)}}));
}

TEST(Calendar, WeekIntervalsOutOfRangeOrOverlappingAre422) {
  auto bad = FromWeekIntervals({{100, 50}}, "intervals");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().fields[0].error, "InvalidInterval");
  bad = FromWeekIntervals({{0, 10081}});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().fields[0].error, "InvalidInterval");
  bad = FromWeekIntervals({{2000, 2600}, {1950, 2520}}, "workweek");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().fields[0].field, "workweek");
  EXPECT_EQ(bad.error().fields[0].error, "OverlappingIntervals");
  // A whole week is fine.
  EXPECT_TRUE(FromWeekIntervals({{0, 10080}}).has_value());
}

TEST(Calendar, HolidayHoursReplaceTheWeekday) {
  const auto c =
      SaoPauloBusinessHours({testing::Holiday(Day(2026, 2, 16), "Carnaval"),
                             testing::Holiday(Day(2026, 12, 24), "Véspera de Natal", {{Hm(8, 30), Hm(12)}})});
  const HolidayDay* h = nullptr;
  EXPECT_TRUE(c.HoursOn(Day(2026, 2, 16), &h).empty());
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->name, "Carnaval");
  EXPECT_EQ(c.HoursOn(Day(2026, 12, 24), &h), (std::vector<DayInterval>{{Hm(8, 30), Hm(12)}}));
  EXPECT_EQ(h->name, "Véspera de Natal");
  EXPECT_EQ(c.HoursOn(Day(2026, 2, 18), &h), (std::vector<DayInterval>{{Hm(8, 30), Hm(18)}}));
  EXPECT_EQ(h, nullptr);
  EXPECT_TRUE(c.HoursOn(Day(2026, 2, 15)).empty());  // a Sunday
}

TEST(Calendar, OverlaysKeepTheFirstDateUnlessALaterOneClosesMore) {
  const auto c = SaoPauloBusinessHours({
      testing::Holiday(Day(2026, 1, 25), "Aniversário de São Paulo"),
      testing::Holiday(Day(2026, 1, 1), "Confraternização Universal"),
      testing::Holiday(Day(2026, 1, 1), "Ano Novo (municipal)"),
      testing::Holiday(Day(2026, 12, 24), "Véspera de Natal", {{Hm(8, 30), Hm(12)}}),
      testing::Holiday(Day(2026, 12, 24), "Recesso"),
  });
  ASSERT_EQ(c.holidays().size(), 3u);  // sorted, one per date
  EXPECT_EQ(c.holidays()[0].name, "Confraternização Universal");
  EXPECT_EQ(c.holidays()[1].name, "Aniversário de São Paulo");
  EXPECT_EQ(c.holidays()[2].name, "Recesso");  // the whole day beats the half day
  EXPECT_TRUE(c.holidays()[2].hours.empty());
}

TEST(Calendar, LocalDateFollowsTheZone) {
  const auto sp = SaoPauloBusinessHours();
  EXPECT_EQ(sp.LocalDate(At("2026-03-03T02:59:59Z")), Day(2026, 3, 2));
  EXPECT_EQ(sp.LocalDate(At("2026-03-03T03:00:00Z")), Day(2026, 3, 3));
  // Summer time (-02) before 2019: midnight was 02:00Z.
  EXPECT_EQ(sp.LocalDate(At("2019-01-10T02:00:00Z")), Day(2019, 1, 10));
  // The repeated hour of 16 Feb 2019 (23:00-24:00 twice) is still the 16th.
  EXPECT_EQ(sp.LocalDate(At("2019-02-17T02:30:00Z")), Day(2019, 2, 16));
}

TEST(Calendar, ToInstantMapsGapsForwardAndRepeatsToTheFirst) {
  const auto sp = SaoPauloBusinessHours();
  EXPECT_EQ(sp.ToInstant(Day(2026, 2, 13), Hm(17)), At("2026-02-13T20:00:00Z"));
  EXPECT_EQ(sp.ToInstant(Day(2026, 2, 13), 1440), At("2026-02-14T03:00:00Z"));
  // 4 Nov 2018 00:00 did not exist in São Paulo (clocks went to 01:00 -02).
  EXPECT_EQ(sp.ToInstant(Day(2018, 11, 4), 0), At("2018-11-04T03:00:00Z"));
  EXPECT_EQ(sp.ToInstant(Day(2018, 11, 4), Hm(0, 30)), At("2018-11-04T03:00:00Z"));
  EXPECT_EQ(sp.ToInstant(Day(2018, 11, 4), Hm(1)), At("2018-11-04T03:00:00Z"));
  // 16 Feb 2019 23:30 happened twice: the first one (-02).
  EXPECT_EQ(sp.ToInstant(Day(2019, 2, 16), Hm(23, 30)), At("2019-02-17T01:30:00Z"));
  // Madrid, 29 Mar 2026 02:30 does not exist: 03:00 CEST.
  const auto madrid = MakeCalendar("Europe/Madrid", {});
  EXPECT_EQ(madrid.ToInstant(Day(2026, 3, 29), Hm(2, 30)), At("2026-03-29T01:00:00Z"));
  EXPECT_EQ(madrid.ToInstant(Day(2026, 10, 25), Hm(2, 30)), At("2026-10-25T00:30:00Z"));
}

}  // namespace
}  // namespace chamado
