#include "domain/holidays.hpp"

#include <gtest/gtest.h>

#include "domain/testing/calendars.hpp"

// The rule kinds on small hand-made sets. The shipped country sets (config/holidays) are
// checked date by date in adapters/config/holiday_sets_test.cpp.

namespace chamado {
namespace {

using testing::Day;
using testing::Hm;

HolidayRule Fixed(std::string name, unsigned m, unsigned d, HolidayRule::Move move = HolidayRule::Move::kNone) {
  HolidayRule r;
  r.name = std::move(name);
  r.month = m;
  r.day = d;
  r.move = move;
  return r;
}
HolidayRule Easter(std::string name, int offset, HolidayRule::Move move = HolidayRule::Move::kNone) {
  HolidayRule r;
  r.kind = HolidayRule::Kind::kEaster;
  r.name = std::move(name);
  r.easter_offset = offset;
  r.move = move;
  return r;
}
HolidayRule Nth(std::string name, int nth, unsigned weekday, unsigned m) {
  HolidayRule r;
  r.kind = HolidayRule::Kind::kNthWeekday;
  r.name = std::move(name);
  r.nth = nth;
  r.weekday = weekday;
  r.month = m;
  return r;
}
HolidayRule Once(std::string name, LocalDay d) {
  HolidayRule r;
  r.kind = HolidayRule::Kind::kOnce;
  r.name = std::move(name);
  r.date = d;
  return r;
}
HolidaySet Set(std::string id, std::vector<HolidayRule> rules, std::optional<std::string> extends = std::nullopt) {
  HolidaySet s;
  s.id = std::move(id);
  s.name = s.id;
  s.version = "test";
  s.extends = std::move(extends);
  s.rules = std::move(rules);
  return s;
}
std::vector<LocalDay> Days(const std::vector<HolidayDay>& v) {
  std::vector<LocalDay> out;
  for (const auto& h : v) out.push_back(h.day);
  return out;
}

TEST(EasterSunday, GoldenDates2015To2035) {
  const LocalDay expected[] = {
      Day(2015, 4, 5),  Day(2016, 3, 27), Day(2017, 4, 16), Day(2018, 4, 1),  Day(2019, 4, 21), Day(2020, 4, 12),
      Day(2021, 4, 4),  Day(2022, 4, 17), Day(2023, 4, 9),  Day(2024, 3, 31), Day(2025, 4, 20), Day(2026, 4, 5),
      Day(2027, 3, 28), Day(2028, 4, 16), Day(2029, 4, 1),  Day(2030, 4, 21), Day(2031, 4, 13), Day(2032, 3, 28),
      Day(2033, 4, 17), Day(2034, 4, 9),  Day(2035, 3, 25),
  };
  for (int y = 2015; y <= 2035; ++y) {
    EXPECT_EQ(EasterSunday(y), expected[y - 2015]) << y;
    EXPECT_EQ(std::chrono::weekday{EasterSunday(y)}, std::chrono::Sunday) << y;
  }
  // Extremes of the Gregorian range of dates (22 March .. 25 April).
  EXPECT_EQ(EasterSunday(1818), Day(1818, 3, 22));
  EXPECT_EQ(EasterSunday(1943), Day(1943, 4, 25));
  EXPECT_EQ(EasterSunday(2000), Day(2000, 4, 23));
}

TEST(ExpandHolidays, FixedDatesEveryYearAndLeapDayOnlyInLeapYears) {
  const auto s = Set("x", {Fixed("Natal", 12, 25), Fixed("Bissexto", 2, 29)});
  const auto days = ExpandHolidays(s, 2023, 2025);
  EXPECT_EQ(Days(days),
            (std::vector<LocalDay>{Day(2023, 12, 25), Day(2024, 2, 29), Day(2024, 12, 25), Day(2025, 12, 25)}));
  EXPECT_EQ(days[0].name, "Natal");
}

TEST(ExpandHolidays, EasterRelativeCarnivalGoodFridayCorpusChristi) {
  const auto s = Set("x", {Easter("Carnaval", -48), Easter("Carnaval", -47), Easter("Sexta-feira Santa", -2),
                           Easter("Corpus Christi", 60)});
  EXPECT_EQ(Days(ExpandHolidays(s, 2026, 2026)),
            (std::vector<LocalDay>{Day(2026, 2, 16), Day(2026, 2, 17), Day(2026, 4, 3), Day(2026, 6, 4)}));
  EXPECT_EQ(Days(ExpandHolidays(s, 2024, 2024)),
            (std::vector<LocalDay>{Day(2024, 2, 12), Day(2024, 2, 13), Day(2024, 3, 29), Day(2024, 5, 30)}));
  // 2035: Easter on 25 March, Carnival early in February.
  EXPECT_EQ(Days(ExpandHolidays(s, 2035, 2035)),
            (std::vector<LocalDay>{Day(2035, 2, 5), Day(2035, 2, 6), Day(2035, 3, 23), Day(2035, 5, 24)}));
}

TEST(ExpandHolidays, NthAndLastWeekdayOfAMonth) {
  const auto s = Set("x", {Nth("Constitución", 1, 1, 2), Nth("Benito Juárez", 3, 1, 3), Nth("Revolución", 3, 1, 11),
                           Nth("last Monday of May", -1, 1, 5), Nth("fifth Monday of February", 5, 1, 2)});
  // 2026: February has four Mondays, so the fifth is skipped.
  EXPECT_EQ(Days(ExpandHolidays(s, 2026, 2026)),
            (std::vector<LocalDay>{Day(2026, 2, 2), Day(2026, 3, 16), Day(2026, 5, 25), Day(2026, 11, 16)}));
  EXPECT_EQ(Days(ExpandHolidays(s, 2024, 2024)),
            (std::vector<LocalDay>{Day(2024, 2, 5), Day(2024, 3, 18), Day(2024, 5, 27), Day(2024, 11, 18)}));
}

TEST(ExpandHolidays, EmilianiMovesToTheNextMonday) {
  using M = HolidayRule::Move;
  const auto s =
      Set("co", {Fixed("Reyes Magos", 1, 6, M::kNextMonday), Fixed("San Pedro y San Pablo", 6, 29, M::kNextMonday),
                 Fixed("Asunción", 8, 15, M::kNextMonday), Fixed("Todos los Santos", 11, 1, M::kNextMonday),
                 Easter("Ascensión del Señor", 39, M::kNextMonday)});
  // 2026: Tuesday -> 12 Jan; Monday stays; Saturday -> 17 Aug; Sunday -> 2 Nov; Thursday 14 May -> 18 May.
  EXPECT_EQ(Days(ExpandHolidays(s, 2026, 2026)),
            (std::vector<LocalDay>{Day(2026, 1, 12), Day(2026, 5, 18), Day(2026, 6, 29), Day(2026, 8, 17),
                                   Day(2026, 11, 2)}));
}

TEST(ExpandHolidays, ArgentineTrasladablesAndTheCollisionRule) {
  using M = HolidayRule::Move;
  const auto s = Set("ar", {Fixed("Güemes", 6, 17, M::kArgentina), Fixed("Belgrano", 6, 20),
                            Fixed("San Martín", 8, 17, M::kArgentina), Fixed("Soberanía", 11, 20, M::kArgentina)});
  auto days = [&](int y) { return Days(ExpandHolidays(s, y, y)); };
  // 2021: Thu 17 Jun -> Mon 21; Tue 17 Aug -> Mon 16; Sat 20 Nov stays.
  EXPECT_EQ(days(2021),
            (std::vector<LocalDay>{Day(2021, 6, 20), Day(2021, 6, 21), Day(2021, 8, 16), Day(2021, 11, 20)}));
  // 2022: Fri 17 Jun would land on Belgrano's Monday 20: it stays; Wed 17 Aug -> Mon 15.
  EXPECT_EQ(days(2022),
            (std::vector<LocalDay>{Day(2022, 6, 17), Day(2022, 6, 20), Day(2022, 8, 15), Day(2022, 11, 20)}));
  // 2025: Tue 17 Jun -> Mon 16; Thu 20 Nov -> Mon 24.
  EXPECT_EQ(days(2025),
            (std::vector<LocalDay>{Day(2025, 6, 16), Day(2025, 6, 20), Day(2025, 8, 17), Day(2025, 11, 24)}));
  // 2026: Wed 17 Jun -> Mon 15; Mon 17 Aug stays; Fri 20 Nov -> Mon 23.
  EXPECT_EQ(days(2026),
            (std::vector<LocalDay>{Day(2026, 6, 15), Day(2026, 6, 20), Day(2026, 8, 17), Day(2026, 11, 23)}));
}

TEST(ExpandHolidays, ValidFromUntilExceptAndOnce) {
  auto negra = Fixed("Consciência Negra", 11, 20);
  negra.from_year = 2024;
  auto municipal = Fixed("Consciência Negra (municipal)", 11, 20);
  municipal.until_year = 2023;
  auto raza = Fixed("Diversidad", 10, 12, HolidayRule::Move::kArgentina);
  raza.except_years = {2023};
  const auto s = Set("x", {negra, municipal, raza, Once("Diversidad (decreto)", Day(2023, 10, 12)),
                           Once("Transmisión del Poder Ejecutivo", Day(2024, 10, 1))});
  const auto days = ExpandHolidays(s, 2022, 2025);
  ASSERT_EQ(days.size(), 9u);
  EXPECT_EQ(days[0].day, Day(2022, 10, 10));  // Wednesday -> Monday
  EXPECT_EQ(days[1].name, "Consciência Negra (municipal)");
  EXPECT_EQ(days[2].day, Day(2023, 10, 12));  // the decree kept Thursday
  EXPECT_EQ(days[2].name, "Diversidad (decreto)");
  EXPECT_EQ(days[3].name, "Consciência Negra (municipal)");
  EXPECT_EQ(days[4].day, Day(2024, 10, 1));
  EXPECT_EQ(days[5].day, Day(2024, 10, 12));  // Saturday stays
  EXPECT_EQ(days[6].name, "Consciência Negra");
  EXPECT_EQ(days[7].day, Day(2025, 10, 12));  // Sunday stays
  EXPECT_EQ(days[8].day, Day(2025, 11, 20));
  EXPECT_EQ(days[8].name, "Consciência Negra");
  EXPECT_TRUE(ExpandHolidays(s, 2030, 2030).size() == 2u);  // the one-offs are gone
}

TEST(ExpandHolidays, HalfDaysKeepTheirHours) {
  auto eve = Fixed("Véspera de Natal", 12, 24);
  eve.hours = {{Hm(8, 30), Hm(12)}};
  const auto days = ExpandHolidays(Set("x", {eve}), 2026, 2026);
  ASSERT_EQ(days.size(), 1u);
  EXPECT_EQ(days[0].hours, (std::vector<DayInterval>{{Hm(8, 30), Hm(12)}}));
}

TEST(ResolveHolidaySet, FollowsExtendsMostSpecificFirst) {
  const std::vector<HolidaySet> sets{
      Set("br", {Fixed("Natal", 12, 25), Fixed("Finados", 11, 2)}),
      Set("br-sp", {Fixed("Revolução Constitucionalista", 7, 9)}, "br"),
      Set("br-sp-sao-paulo", {Fixed("Aniversário de São Paulo", 1, 25), Fixed("Natal (municipal)", 12, 25)}, "br-sp"),
  };
  const auto days = ResolveHolidaySet(sets, "br-sp-sao-paulo", 2026, 2026);
  ASSERT_TRUE(days.has_value());
  ASSERT_EQ(days->size(), 5u);
  EXPECT_EQ((*days)[0].name, "Aniversário de São Paulo");
  EXPECT_EQ((*days)[1].name, "Revolução Constitucionalista");
  EXPECT_EQ((*days)[3].name, "Natal (municipal)");  // the city's entry before the nation's
  EXPECT_EQ((*days)[4].name, "Natal");
  // A Calendar keeps the first of a date.
  const auto cal = testing::SaoPauloBusinessHours(*days);
  EXPECT_EQ(cal.holidays().size(), 4u);
  EXPECT_EQ(cal.holidays().back().name, "Natal (municipal)");
  EXPECT_EQ(ResolveHolidaySet(sets, "br", 2026, 2026)->size(), 2u);
}

TEST(ResolveHolidaySet, UnknownIdsAndCyclesAre422) {
  const std::vector<HolidaySet> sets{Set("a", {}, "b"), Set("b", {}, "a"), Set("c", {}, "zz")};
  auto r = ResolveHolidaySet(sets, "nope", 2026, 2026);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().fields[0].field, "holiday_sets");
  EXPECT_NE(r.error().fields[0].description.find("nope"), std::string::npos);
  EXPECT_FALSE(ResolveHolidaySet(sets, "a", 2026, 2026).has_value());
  r = ResolveHolidaySet(sets, "c", 2026, 2026);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().fields[0].description.find("zz"), std::string::npos);
}

}  // namespace
}  // namespace chamado
