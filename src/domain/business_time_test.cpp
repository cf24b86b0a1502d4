#include "domain/business_time.hpp"

#include <gtest/gtest.h>

#include "domain/testing/calendars.hpp"

// Golden tables (issue 6 "Done when"): each row pins a start, an amount or an end, and the
// exact answer a support lead could check on a wall calendar. Local times carry their UTC
// offset, so DST rows show the offset change: São Paulo kept summer time (-02) until Feb 2019;
// Madrid changes on the last Sundays of March and October; Mexico City dropped DST after Oct 2022.

namespace chamado {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using testing::At;
using testing::Day;
using testing::Hm;
using testing::Holiday;
using testing::MakeCalendar;
using testing::MondayToFriday;

// Brazil's holidays in the years the rows touch, written out by hand (not expanded from
// rules: holidays_test.cpp checks the rules against the same dates), plus a test half day.
std::vector<HolidayDay> BrazilGoldenHolidays() {
  return {
      Holiday(Day(2018, 11, 2), "Finados"),
      Holiday(Day(2018, 11, 15), "Proclamação da República"),
      Holiday(Day(2019, 3, 4), "Carnaval"),
      Holiday(Day(2019, 3, 5), "Carnaval"),
      Holiday(Day(2019, 4, 19), "Sexta-feira Santa"),
      Holiday(Day(2019, 6, 20), "Corpus Christi"),
      Holiday(Day(2019, 11, 2), "Finados"),  // a Saturday
      Holiday(Day(2019, 11, 15), "Proclamação da República"),
      Holiday(Day(2020, 2, 24), "Carnaval"),
      Holiday(Day(2020, 2, 25), "Carnaval"),
      Holiday(Day(2024, 2, 12), "Carnaval"),
      Holiday(Day(2024, 2, 13), "Carnaval"),
      Holiday(Day(2025, 3, 3), "Carnaval"),
      Holiday(Day(2025, 3, 4), "Carnaval"),
      Holiday(Day(2025, 6, 19), "Corpus Christi"),
      Holiday(Day(2025, 11, 15), "Proclamação da República"),  // a Saturday
      Holiday(Day(2025, 11, 20), "Dia Nacional de Zumbi e da Consciência Negra"),
      Holiday(Day(2026, 1, 1), "Confraternização Universal"),
      Holiday(Day(2026, 2, 16), "Carnaval"),
      Holiday(Day(2026, 2, 17), "Carnaval"),
      Holiday(Day(2026, 4, 3), "Sexta-feira Santa"),
      Holiday(Day(2026, 4, 21), "Tiradentes"),
      Holiday(Day(2026, 6, 4), "Corpus Christi"),
      Holiday(Day(2026, 11, 2), "Finados"),
      Holiday(Day(2026, 11, 15), "Proclamação da República"),  // a Sunday
      Holiday(Day(2026, 11, 20), "Dia Nacional de Zumbi e da Consciência Negra"),
      Holiday(Day(2026, 12, 24), "Véspera de Natal", {{Hm(8, 30), Hm(12)}}),  // a test half day
      Holiday(Day(2026, 12, 25), "Natal"),
      Holiday(Day(2027, 1, 1), "Confraternização Universal"),
      Holiday(Day(2027, 2, 8), "Carnaval"),
      Holiday(Day(2027, 2, 9), "Carnaval"),
      Holiday(Day(2027, 5, 27), "Corpus Christi"),
  };
}

enum class Cal {
  kCalendarTime,      // nullptr: 24 x 7, pauses only
  kSp,                // Mon-Fri 08:30-18:00 America/Sao_Paulo + BrazilGoldenHolidays
  kSpPlain,           // the same without holidays
  kSpNineToHalfFive,  // Mon-Fri 09:00-17:30 America/Sao_Paulo
  kSpSplit,           // Mon-Fri 09:00-13:00, 14:00-18:00 America/Sao_Paulo
  kSpEvening,         // Mon-Fri 18:00-24:00 America/Sao_Paulo
  kSpNights,          // Mon-Fri nights 22:00-06:00 America/Sao_Paulo (Friday's ends Saturday)
  kSpAlways,          // every day 00:00-24:00 America/Sao_Paulo
  kMadridAlways,      // every day 00:00-24:00 Europe/Madrid
  kMadridOffice,      // Mon-Fri 09:00-18:00 Europe/Madrid + 2026 national holidays
  kMadridSundays,     // Sunday 01:00-04:00 Europe/Madrid (straddles the DST change hour)
  kMexicoAlways,      // every day 00:00-24:00 America/Mexico_City
  kMexicoOffice,      // Mon-Fri 09:00-18:00 America/Mexico_City + 2026 nth-Monday holidays
};

const Calendar* Get(Cal c) {
  static const Calendar sp = testing::SaoPauloBusinessHours(BrazilGoldenHolidays());
  static const Calendar sp_plain = testing::SaoPauloBusinessHours();
  static const Calendar sp_nine = testing::SaoPauloNineToHalfFive();
  static const Calendar sp_split =
      MakeCalendar("America/Sao_Paulo", MondayToFriday({{Hm(9), Hm(13)}, {Hm(14), Hm(18)}}));
  static const Calendar sp_evening = MakeCalendar("America/Sao_Paulo", MondayToFriday({{Hm(18), 1440}}));
  static const Calendar sp_nights = [] {
    std::vector<WeekInterval> nights;
    for (int d = 1; d <= 5; ++d) nights.push_back({d * 1440 + Hm(22), (d + 1) * 1440 + Hm(6)});
    return MakeCalendar("America/Sao_Paulo", *FromWeekIntervals(nights));
  }();
  static const Calendar sp_always = testing::AlwaysOpen("America/Sao_Paulo");
  static const Calendar madrid_always = testing::AlwaysOpen("Europe/Madrid");
  static const Calendar madrid_office =
      MakeCalendar("Europe/Madrid", MondayToFriday({{Hm(9), Hm(18)}}),
                   {Holiday(Day(2026, 1, 1), "Año Nuevo"), Holiday(Day(2026, 1, 6), "Epifanía del Señor"),
                    Holiday(Day(2026, 4, 3), "Viernes Santo")});
  static const Calendar madrid_sundays = [] {
    WeekHours w;
    w[0] = {{Hm(1), Hm(4)}};
    return MakeCalendar("Europe/Madrid", w);
  }();
  static const Calendar mexico_always = testing::AlwaysOpen("America/Mexico_City");
  static const Calendar mexico_office = MakeCalendar(
      "America/Mexico_City", MondayToFriday({{Hm(9), Hm(18)}}),
      {Holiday(Day(2026, 2, 2), "Día de la Constitución"), Holiday(Day(2026, 3, 16), "Natalicio de Benito Juárez")});
  switch (c) {
    case Cal::kCalendarTime: return nullptr;
    case Cal::kSp: return &sp;
    case Cal::kSpPlain: return &sp_plain;
    case Cal::kSpNineToHalfFive: return &sp_nine;
    case Cal::kSpSplit: return &sp_split;
    case Cal::kSpEvening: return &sp_evening;
    case Cal::kSpNights: return &sp_nights;
    case Cal::kSpAlways: return &sp_always;
    case Cal::kMadridAlways: return &madrid_always;
    case Cal::kMadridOffice: return &madrid_office;
    case Cal::kMadridSundays: return &madrid_sundays;
    case Cal::kMexicoAlways: return &mexico_always;
    case Cal::kMexicoOffice: return &mexico_office;
  }
  return nullptr;
}

struct Pause {
  const char* from;
  const char* to;  // nullptr: still paused
};

std::vector<PauseInterval> Pauses(const std::vector<Pause>& v) {
  std::vector<PauseInterval> out;
  for (const auto& p : v) {
    out.push_back(
        {At(p.from), p.to ? std::optional<Instant>(At(p.to)) : std::nullopt, "paused: Awaiting your response"});
  }
  return out;
}

constexpr seconds Min(long n) { return minutes{n}; }

struct AddCase {
  const char* name;
  Cal cal;
  const char* start;
  seconds amount;
  const char* expected;  // nullptr: unknown (paused until further notice)
  std::vector<Pause> pauses = {};
};

void PrintTo(const AddCase& c, std::ostream* os) { *os << c.name; }

const std::vector<AddCase> kAddCases = {
    // PRODUCT.md §5: Friday 17:00 + 6 business days, Carnival Monday and Tuesday skipped.
    {"ProductExample6BusinessDaysAcrossCarnival2026", Cal::kSp, "2026-02-13T17:00:00-03:00", Min(6 * 570),
     "2026-02-25T17:00:00-03:00"},
    {"SameWithoutHolidays", Cal::kSpPlain, "2026-02-13T17:00:00-03:00", Min(6 * 570), "2026-02-23T17:00:00-03:00"},
    {"EndsExactlyAtClosing", Cal::kSp, "2026-02-13T17:00:00-03:00", Min(60), "2026-02-13T18:00:00-03:00"},
    {"OneMinuteMoreSkipsWeekendAndCarnival", Cal::kSp, "2026-02-13T17:00:00-03:00", Min(61),
     "2026-02-18T08:31:00-03:00"},
    {"StartOnSaturdayBeforeCarnival", Cal::kSp, "2026-02-14T10:00:00-03:00", Min(1), "2026-02-18T08:31:00-03:00"},
    {"StartAtMidnight", Cal::kSp, "2026-03-02T00:00:00-03:00", Min(570), "2026-03-02T18:00:00-03:00"},
    {"ZeroAmountIsTheStart", Cal::kSp, "2026-03-07T08:30:00-03:00", Min(0), "2026-03-07T08:30:00-03:00"},
    {"StartAtClosingMovesToNextMorning", Cal::kSp, "2026-03-02T18:00:00-03:00", Min(1), "2026-03-03T08:31:00-03:00"},
    {"StartBeforeOpening", Cal::kSp, "2026-03-02T07:00:00-03:00", Min(30), "2026-03-02T09:00:00-03:00"},
    {"StartLateFridayNight", Cal::kSp, "2026-03-06T23:59:30-03:00", Min(1), "2026-03-09T08:31:00-03:00"},
    {"SecondsCarryOverNight", Cal::kSp, "2026-03-02T17:59:30-03:00", seconds{60}, "2026-03-03T08:30:30-03:00"},
    {"LastSecondOfTheDay", Cal::kSp, "2026-03-06T17:59:59-03:00", seconds{1}, "2026-03-06T18:00:00-03:00"},
    // São Paulo before and after the end of DST (last summer time: 4 Nov 2018 - 17 Feb 2019).
    {"SaoPauloIntoSummerTime2018OverFinados", Cal::kSp, "2018-11-01T17:00:00-03:00", Min(570),
     "2018-11-05T17:00:00-02:00"},
    {"SaoPauloIntoSummerTime2018NoHoliday", Cal::kSpPlain, "2018-11-01T17:00:00-03:00", Min(570),
     "2018-11-02T17:00:00-03:00"},
    {"SaoPauloLastSummerTimeEnd2019", Cal::kSp, "2019-02-15T17:00:00-02:00", Min(570), "2019-02-18T17:00:00-03:00"},
    {"SaoPauloAlwaysOpenOverSpringForward2018", Cal::kSpAlways, "2018-11-03T12:00:00-03:00", Min(1440),
     "2018-11-04T13:00:00-02:00"},
    {"SaoPauloAlwaysOpenOverFallBack2019", Cal::kSpAlways, "2019-02-16T12:00:00-02:00", Min(1440),
     "2019-02-17T11:00:00-03:00"},
    {"SaoPauloNoSummerTimeAnyMoreNov2019", Cal::kSp, "2019-11-01T17:00:00-03:00", Min(570),
     "2019-11-04T17:00:00-03:00"},
    // Madrid: 29 Mar 2026 02:00 -> 03:00; 25 Oct 2026 03:00 -> 02:00.
    {"MadridOfficeOverSpringForward", Cal::kMadridOffice, "2026-03-27T17:00:00+01:00", Min(120),
     "2026-03-30T10:00:00+02:00"},
    {"MadridOfficeOverFallBack", Cal::kMadridOffice, "2026-10-23T17:30:00+02:00", Min(60), "2026-10-26T09:30:00+01:00"},
    {"MadridAlwaysOpenThreeHoursOverTheGap", Cal::kMadridAlways, "2026-03-29T00:00:00+01:00", Min(180),
     "2026-03-29T04:00:00+02:00"},
    {"MadridAlwaysOpenThreeHoursOverTheRepeat", Cal::kMadridAlways, "2026-10-25T00:00:00+02:00", Min(180),
     "2026-10-25T02:00:00+01:00"},
    {"MadridSundayHoursShortenedByTheGap", Cal::kMadridSundays, "2026-03-29T01:30:00+01:00", Min(60),
     "2026-03-29T03:30:00+02:00"},
    {"MadridSundayHoursCarryToNextSunday", Cal::kMadridSundays, "2026-03-29T01:30:00+01:00", Min(120),
     "2026-04-05T01:30:00+02:00"},
    {"MadridNewYearAcrossTheYearBoundary", Cal::kMadridOffice, "2025-12-31T17:00:00+01:00", Min(120),
     "2026-01-02T10:00:00+01:00"},
    {"MadridEpiphany", Cal::kMadridOffice, "2026-01-05T17:00:00+01:00", Min(120), "2026-01-07T10:00:00+01:00"},
    {"MadridGoodFriday2026", Cal::kMadridOffice, "2026-04-02T17:00:00+02:00", Min(540), "2026-04-06T17:00:00+02:00"},
    // Mexico City: DST until 30 Oct 2022, none since.
    {"MexicoSpringForward2022", Cal::kMexicoOffice, "2022-04-01T17:00:00-06:00", Min(120), "2022-04-04T10:00:00-05:00"},
    {"MexicoLastFallBack2022", Cal::kMexicoOffice, "2022-10-28T17:00:00-05:00", Min(120), "2022-10-31T10:00:00-06:00"},
    {"MexicoNoDst2023", Cal::kMexicoOffice, "2023-10-27T17:00:00-06:00", Min(120), "2023-10-30T10:00:00-06:00"},
    {"MexicoConstitutionDayFirstMondayOfFebruary", Cal::kMexicoOffice, "2026-01-30T17:00:00-06:00", Min(120),
     "2026-02-03T10:00:00-06:00"},
    {"MexicoBeforeBenitoJuarezEndsAtClosing", Cal::kMexicoOffice, "2026-03-13T17:00:00-06:00", Min(60),
     "2026-03-13T18:00:00-06:00"},
    {"MexicoBenitoJuarezThirdMondayOfMarch", Cal::kMexicoOffice, "2026-03-13T17:00:00-06:00", Min(61),
     "2026-03-17T09:01:00-06:00"},
    // Year boundary, midnight and 24:00.
    {"NewYear2027OnAFriday", Cal::kSp, "2026-12-31T17:00:00-03:00", Min(570), "2027-01-04T17:00:00-03:00"},
    {"EveningShiftEndsAt2400", Cal::kSpEvening, "2026-03-02T23:00:00-03:00", Min(60), "2026-03-03T00:00:00-03:00"},
    {"EveningShiftNextEvening", Cal::kSpEvening, "2026-03-02T23:00:00-03:00", Min(61), "2026-03-03T18:01:00-03:00"},
    {"NightShiftAcrossMidnight", Cal::kSpNights, "2026-03-02T23:00:00-03:00", Min(120), "2026-03-03T01:00:00-03:00"},
    {"NightShiftMorningToNextNight", Cal::kSpNights, "2026-03-03T05:00:00-03:00", Min(120),
     "2026-03-03T23:00:00-03:00"},
    {"NightShiftSaturdayMorningToMondayNight", Cal::kSpNights, "2026-03-07T05:00:00-03:00", Min(120),
     "2026-03-09T23:00:00-03:00"},
    // Half day (Christmas Eve until 12:00) then Christmas.
    {"HalfDayThenChristmas", Cal::kSp, "2026-12-24T11:00:00-03:00", Min(120), "2026-12-28T09:30:00-03:00"},
    {"WholeHalfDay", Cal::kSp, "2026-12-24T07:00:00-03:00", Min(210), "2026-12-24T12:00:00-03:00"},
    // Holidays on weekends cost nothing; on weekdays they do.
    {"HolidayOnSaturday2025", Cal::kSp, "2025-11-14T17:00:00-03:00", Min(570), "2025-11-17T17:00:00-03:00"},
    {"ConscienciaNegraThursday2025", Cal::kSp, "2025-11-19T17:00:00-03:00", Min(570), "2025-11-21T17:00:00-03:00"},
    {"ConscienciaNegraFridayAfterSundayHoliday2026", Cal::kSp, "2026-11-19T17:00:00-03:00", Min(570),
     "2026-11-23T17:00:00-03:00"},
    // Carnival over several years (6 business days from the Friday before).
    {"Carnival2019", Cal::kSp, "2019-03-01T17:00:00-03:00", Min(6 * 570), "2019-03-13T17:00:00-03:00"},
    {"Carnival2020", Cal::kSp, "2020-02-21T17:00:00-03:00", Min(6 * 570), "2020-03-04T17:00:00-03:00"},
    {"Carnival2024", Cal::kSp, "2024-02-09T17:00:00-03:00", Min(6 * 570), "2024-02-21T17:00:00-03:00"},
    {"Carnival2025", Cal::kSp, "2025-02-28T17:00:00-03:00", Min(6 * 570), "2025-03-12T17:00:00-03:00"},
    {"Carnival2027", Cal::kSp, "2027-02-05T17:00:00-03:00", Min(6 * 570), "2027-02-17T17:00:00-03:00"},
    // Corpus Christi (Easter + 60, a Thursday).
    {"CorpusChristi2026", Cal::kSp, "2026-06-03T17:00:00-03:00", Min(570), "2026-06-05T17:00:00-03:00"},
    {"CorpusChristi2019TwoDays", Cal::kSp, "2019-06-19T12:00:00-03:00", Min(2 * 570), "2019-06-24T12:00:00-03:00"},
    {"StartOnCorpusChristi2027", Cal::kSp, "2027-05-27T10:00:00-03:00", Min(30), "2027-05-28T09:00:00-03:00"},
    // Pauses, across nights and weekends.
    {"PauseOvernightIntoMorning",
     Cal::kSp,
     "2026-03-02T09:00:00-03:00",
     Min(570),
     "2026-03-03T11:30:00-03:00",
     {{"2026-03-02T17:00:00-03:00", "2026-03-03T10:00:00-03:00"}}},
    {"PauseOnlyAtNightChangesNothing",
     Cal::kSp,
     "2026-03-02T09:00:00-03:00",
     Min(570),
     "2026-03-03T09:00:00-03:00",
     {{"2026-03-02T19:00:00-03:00", "2026-03-03T08:00:00-03:00"}}},
    {"OpenPauseBeforeDueIsUnknown",
     Cal::kSp,
     "2026-03-02T09:00:00-03:00",
     Min(570),
     nullptr,
     {{"2026-03-03T08:00:00-03:00", nullptr}}},
    {"OpenPauseAfterDueChangesNothing",
     Cal::kSp,
     "2026-03-02T09:00:00-03:00",
     Min(570),
     "2026-03-03T09:00:00-03:00",
     {{"2026-03-03T10:00:00-03:00", nullptr}}},
    {"OverlappingUnsortedPauses",
     Cal::kSp,
     "2026-03-02T09:00:00-03:00",
     Min(570),
     "2026-03-03T12:30:00-03:00",
     {{"2026-03-03T09:00:00-03:00", "2026-03-03T11:00:00-03:00"},
      {"2026-03-02T17:00:00-03:00", "2026-03-03T10:00:00-03:00"}}},
    {"PauseStartedBeforeStart",
     Cal::kSp,
     "2026-03-02T08:30:00-03:00",
     Min(60),
     "2026-03-02T11:00:00-03:00",
     {{"2026-03-01T00:00:00-03:00", "2026-03-02T10:00:00-03:00"}}},
    {"ProductExampleWithAPauseOnAshWednesday",
     Cal::kSp,
     "2026-02-13T17:00:00-03:00",
     Min(6 * 570),
     "2026-02-27T11:00:00-03:00",
     {{"2026-02-18T08:30:00-03:00", "2026-02-19T12:00:00-03:00"}}},
    {"CalendarTimeSkipsOnlyThePause",
     Cal::kCalendarTime,
     "2026-03-02T12:00:00Z",
     Min(1440),
     "2026-03-04T00:00:00Z",
     {{"2026-03-02T20:00:00Z", "2026-03-03T08:00:00Z"}}},
    {"CalendarTimeOpenPauseIsUnknown",
     Cal::kCalendarTime,
     "2026-03-02T12:00:00Z",
     Min(60),
     nullptr,
     {{"2026-03-02T12:30:00Z", nullptr}}},
    {"CalendarTime24Hours", Cal::kCalendarTime, "2026-03-02T12:00:00Z", Min(1440), "2026-03-03T12:00:00Z"},
    // Other shapes of business hours.
    {"SplitShiftOverLunch", Cal::kSpSplit, "2026-03-02T12:30:00-03:00", Min(60), "2026-03-02T14:30:00-03:00"},
    {"SplitShiftStartAtLunch", Cal::kSpSplit, "2026-03-02T13:30:00-03:00", Min(1), "2026-03-02T14:01:00-03:00"},
    {"NineToHalfFiveOneDay", Cal::kSpNineToHalfFive, "2026-03-06T17:00:00-03:00", Min(510),
     "2026-03-09T17:00:00-03:00"},
    {"NineToHalfFiveSixDaysEndAtClosing", Cal::kSpNineToHalfFive, "2026-03-02T09:00:00-03:00", Min(6 * 510),
     "2026-03-09T17:30:00-03:00"},
};

class AddBusinessTimeGolden : public ::testing::TestWithParam<AddCase> {};

TEST_P(AddBusinessTimeGolden, DueInstant) {
  const auto& c = GetParam();
  const auto pauses = Pauses(c.pauses);
  const auto due = AddBusinessTime(Get(c.cal), At(c.start), c.amount, pauses);
  if (c.expected == nullptr) {
    EXPECT_FALSE(due.has_value()) << FormatIso(*due);
    return;
  }
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ(FormatIso(*due), FormatIso(At(c.expected)));
  // Measuring back gives the amount (the due instant is the end of the last counted second).
  EXPECT_EQ(BusinessTimeBetween(Get(c.cal), At(c.start), *due, pauses), c.amount);
}

INSTANTIATE_TEST_SUITE_P(Golden, AddBusinessTimeGolden, ::testing::ValuesIn(kAddCases),
                         [](const auto& p) { return std::string(p.param.name); });

struct BetweenCase {
  const char* name;
  Cal cal;
  const char* from;
  const char* to;
  seconds expected;
  std::vector<Pause> pauses = {};
};

void PrintTo(const BetweenCase& c, std::ostream* os) { *os << c.name; }

const std::vector<BetweenCase> kBetweenCases = {
    {"SaoPauloFridayToSummerTimeMonday2018", Cal::kSpPlain, "2018-11-02T08:00:00-03:00", "2018-11-05T09:00:00-02:00",
     Min(600)},
    {"SaoPauloFinadosFridayToSummerTimeMonday2018", Cal::kSp, "2018-11-02T08:00:00-03:00", "2018-11-05T09:00:00-02:00",
     Min(30)},
    {"SaoPauloFallBackDayHas25Hours", Cal::kSpAlways, "2019-02-16T00:00:00-02:00", "2019-02-17T00:00:00-03:00",
     Min(25 * 60)},
    {"SaoPauloSpringForwardWeekendHas47Hours", Cal::kSpAlways, "2018-11-03T00:00:00-03:00", "2018-11-05T00:00:00-02:00",
     Min(47 * 60)},
    {"SaoPauloFridayEveningToMonday2019", Cal::kSp, "2019-11-01T17:00:00-03:00", "2019-11-04T09:00:00-03:00", Min(90)},
    {"MadridSpringForwardWeekendHas47Hours", Cal::kMadridAlways, "2026-03-28T00:00:00+01:00",
     "2026-03-30T00:00:00+02:00", Min(47 * 60)},
    {"MadridFallBackWeekendHas49Hours", Cal::kMadridAlways, "2026-10-24T00:00:00+02:00", "2026-10-26T00:00:00+01:00",
     Min(49 * 60)},
    {"MadridSundayHoursOnGapDay", Cal::kMadridSundays, "2026-03-23T00:00:00+01:00", "2026-03-30T00:00:00+02:00",
     Min(120)},
    {"MadridSundayHoursOnRepeatDay", Cal::kMadridSundays, "2026-10-19T00:00:00+02:00", "2026-10-26T00:00:00+01:00",
     Min(240)},
    {"MadridSundayHoursOrdinaryWeek", Cal::kMadridSundays, "2026-04-27T00:00:00+02:00", "2026-05-04T00:00:00+02:00",
     Min(180)},
    {"MexicoSpringForwardWeekend2022", Cal::kMexicoAlways, "2022-04-02T00:00:00-06:00", "2022-04-04T00:00:00-05:00",
     Min(47 * 60)},
    {"MexicoFallBackWeekend2022", Cal::kMexicoAlways, "2022-10-29T00:00:00-05:00", "2022-10-31T00:00:00-06:00",
     Min(49 * 60)},
    {"MexicoAprilWeekend2023IsPlain", Cal::kMexicoAlways, "2023-04-01T00:00:00-06:00", "2023-04-03T00:00:00-06:00",
     Min(48 * 60)},
    {"MexicoOctoberWeekend2023IsPlain", Cal::kMexicoAlways, "2023-10-28T00:00:00-06:00", "2023-10-30T00:00:00-06:00",
     Min(48 * 60)},
    {"AcrossNewYear", Cal::kSp, "2026-12-30T12:00:00-03:00", "2027-01-04T12:00:00-03:00", Min(360 + 570 + 210)},
    {"CalendarTimeAcrossNewYear", Cal::kCalendarTime, "2026-12-31T12:00:00Z", "2027-01-01T12:00:00Z", Min(1440)},
    {"EveningShiftMidnightToMidnight", Cal::kSpEvening, "2026-03-02T00:00:00-03:00", "2026-03-03T00:00:00-03:00",
     Min(360)},
    {"NightShiftsOfAWeek", Cal::kSpNights, "2026-03-02T00:00:00-03:00", "2026-03-07T12:00:00-03:00", Min(40 * 60)},
    {"HalfDayCountsItsHours", Cal::kSp, "2026-12-24T00:00:00-03:00", "2026-12-25T00:00:00-03:00", Min(210)},
    {"SaturdayHolidayCostsNothing", Cal::kSp, "2025-11-14T00:00:00-03:00", "2025-11-17T00:00:00-03:00", Min(570)},
    {"Carnival2026CostsTwoDays", Cal::kSp, "2026-02-13T08:30:00-03:00", "2026-02-18T08:30:00-03:00", Min(570)},
    {"CorpusChristiWeek2025", Cal::kSp, "2025-06-16T08:30:00-03:00", "2025-06-23T08:30:00-03:00", Min(4 * 570)},
    {"CalendarTimeOpenPauseRunsToTheEnd",
     Cal::kCalendarTime,
     "2026-03-02T00:00:00Z",
     "2026-03-03T00:00:00Z",
     Min(720),
     {{"2026-03-02T12:00:00Z", nullptr}}},
    {"PauseOverAWeekend",
     Cal::kSp,
     "2026-03-06T12:00:00-03:00",
     "2026-03-10T12:00:00-03:00",
     Min(300 + 480 + 210),
     {{"2026-03-06T17:00:00-03:00", "2026-03-09T10:00:00-03:00"}}},
    {"PausedThroughout",
     Cal::kSp,
     "2026-03-02T09:00:00-03:00",
     "2026-03-03T18:00:00-03:00",
     Min(0),
     {{"2026-03-01T00:00:00-03:00", nullptr}}},
    {"SplitShiftDay", Cal::kSpSplit, "2026-03-02T09:00:00-03:00", "2026-03-02T18:00:00-03:00", Min(480)},
    {"ToBeforeFromIsZero", Cal::kSp, "2026-03-03T10:00:00-03:00", "2026-03-02T10:00:00-03:00", Min(0)},
    {"WeekendIsZero", Cal::kSp, "2026-03-07T00:00:00-03:00", "2026-03-09T00:00:00-03:00", Min(0)},
    {"PlainWeek", Cal::kSpPlain, "2026-03-02T00:00:00-03:00", "2026-03-09T00:00:00-03:00", Min(5 * 570)},
    {"InsideOneInterval", Cal::kSp, "2026-03-02T10:00:00-03:00", "2026-03-02T11:15:00-03:00", Min(75)},
};

class BusinessTimeBetweenGolden : public ::testing::TestWithParam<BetweenCase> {};

TEST_P(BusinessTimeBetweenGolden, Measured) {
  const auto& c = GetParam();
  EXPECT_EQ(BusinessTimeBetween(Get(c.cal), At(c.from), At(c.to), Pauses(c.pauses)), c.expected);
}

INSTANTIATE_TEST_SUITE_P(Golden, BusinessTimeBetweenGolden, ::testing::ValuesIn(kBetweenCases),
                         [](const auto& p) { return std::string(p.param.name); });

// ---- Explanations

std::string Show(const std::vector<TimeSegment>& v) {
  std::string s;
  for (const auto& x : v) {
    s += FormatIso(x.from) + " " + FormatIso(x.to) + " " + (x.counted ? "counted" : x.reason) + "\n";
  }
  return s;
}

TEST(BusinessTimeExplain, ProductExampleSaysWeekendAndCarnaval) {
  std::vector<TimeSegment> why;
  const auto due = AddBusinessTime(Get(Cal::kSp), At("2026-02-13T17:00:00-03:00"), Min(6 * 570), {}, &why);
  ASSERT_TRUE(due.has_value());
  ASSERT_GE(why.size(), 7u) << Show(why);
  const std::vector<TimeSegment> first{
      {At("2026-02-13T17:00:00-03:00"), At("2026-02-13T18:00:00-03:00"), true, ""},
      {At("2026-02-13T18:00:00-03:00"), At("2026-02-14T00:00:00-03:00"), false, "outside business hours"},
      {At("2026-02-14T00:00:00-03:00"), At("2026-02-16T00:00:00-03:00"), false, "weekend"},
      {At("2026-02-16T00:00:00-03:00"), At("2026-02-18T00:00:00-03:00"), false, "Carnaval"},
      {At("2026-02-18T00:00:00-03:00"), At("2026-02-18T08:30:00-03:00"), false, "outside business hours"},
      {At("2026-02-18T08:30:00-03:00"), At("2026-02-18T18:00:00-03:00"), true, ""},
      {At("2026-02-18T18:00:00-03:00"), At("2026-02-19T08:30:00-03:00"), false, "outside business hours"},
  };
  EXPECT_EQ(std::vector<TimeSegment>(why.begin(), why.begin() + 7), first) << Show(why);
  // Consecutive, from the start to the due instant; counted time adds up to the amount.
  seconds counted{0};
  for (std::size_t i = 0; i < why.size(); ++i) {
    if (i > 0) {
      EXPECT_EQ(why[i].from, why[i - 1].to);
    }
    if (why[i].counted) counted += why[i].to - why[i].from;
  }
  EXPECT_EQ(why.front().from, At("2026-02-13T17:00:00-03:00"));
  EXPECT_EQ(why.back().to, *due);
  EXPECT_TRUE(why.back().counted);
  EXPECT_EQ(counted, Min(6 * 570));
}

TEST(BusinessTimeExplain, PauseReasonAndHalfDayName) {
  std::vector<TimeSegment> why;
  const std::vector<PauseInterval> pauses{
      {At("2026-12-23T17:00:00-03:00"), At("2026-12-24T09:00:00-03:00"), "paused: Awaiting your response"}};
  const auto due = AddBusinessTime(Get(Cal::kSp), At("2026-12-23T16:00:00-03:00"), Min(240), pauses, &why);
  ASSERT_TRUE(due.has_value());
  // Wed 16:00-17:00 (60) + Thu 09:00-12:00 (180) = 240: due at the half day's close.
  EXPECT_EQ(*due, At("2026-12-24T12:00:00-03:00"));
  const std::vector<TimeSegment> expected{
      {At("2026-12-23T16:00:00-03:00"), At("2026-12-23T17:00:00-03:00"), true, ""},
      {At("2026-12-23T17:00:00-03:00"), At("2026-12-24T09:00:00-03:00"), false, "paused: Awaiting your response"},
      {At("2026-12-24T09:00:00-03:00"), At("2026-12-24T12:00:00-03:00"), true, ""},
  };
  EXPECT_EQ(why, expected) << Show(why);

  BusinessTimeBetween(Get(Cal::kSp), At("2026-12-24T11:00:00-03:00"), At("2026-12-28T09:00:00-03:00"), {}, &why);
  const std::vector<TimeSegment> after{
      {At("2026-12-24T11:00:00-03:00"), At("2026-12-24T12:00:00-03:00"), true, ""},
      // The half day's closed afternoon is the holiday's; Christmas the next day is too.
      {At("2026-12-24T12:00:00-03:00"), At("2026-12-25T00:00:00-03:00"), false, "Véspera de Natal"},
      {At("2026-12-25T00:00:00-03:00"), At("2026-12-26T00:00:00-03:00"), false, "Natal"},
      {At("2026-12-26T00:00:00-03:00"), At("2026-12-28T00:00:00-03:00"), false, "weekend"},
      {At("2026-12-28T00:00:00-03:00"), At("2026-12-28T08:30:00-03:00"), false, "outside business hours"},
      {At("2026-12-28T08:30:00-03:00"), At("2026-12-28T09:00:00-03:00"), true, ""},
  };
  EXPECT_EQ(why, after) << Show(why);
}

TEST(BusinessTimeExplain, HolidayOnAWeekendIsWeekend) {
  std::vector<TimeSegment> why;
  BusinessTimeBetween(Get(Cal::kSp), At("2026-11-14T00:00:00-03:00"), At("2026-11-16T00:00:00-03:00"), {}, &why);
  ASSERT_EQ(why.size(), 1u) << Show(why);
  EXPECT_EQ(why[0].reason, "weekend");
}

TEST(BusinessTimeExplain, OpenPauseStopsTheExplanationWhereTimeStops) {
  std::vector<TimeSegment> why;
  const std::vector<PauseInterval> pauses{{At("2026-03-02T10:00:00-03:00"), std::nullopt, "paused: On hold"}};
  EXPECT_FALSE(AddBusinessTime(Get(Cal::kSp), At("2026-03-02T09:00:00-03:00"), Min(570), pauses, &why).has_value());
  ASSERT_EQ(why.size(), 1u) << Show(why);
  EXPECT_EQ(why[0].to, At("2026-03-02T10:00:00-03:00"));
}

// ---- Edge rules

TEST(BusinessTime, CalendarThatNeverOpensGivesNoDueDate) {
  const auto closed = MakeCalendar("America/Sao_Paulo", {}, {Holiday(Day(2026, 3, 7), "Mutirão", {{Hm(9), Hm(12)}})});
  // Only the Saturday half day opens: 3 hours fit, 4 never do.
  EXPECT_EQ(AddBusinessTime(&closed, At("2026-03-02T00:00:00-03:00"), Min(180)), At("2026-03-07T12:00:00-03:00"));
  EXPECT_FALSE(AddBusinessTime(&closed, At("2026-03-02T00:00:00-03:00"), Min(240)).has_value());
  EXPECT_EQ(BusinessTimeBetween(&closed, At("2026-03-01T00:00:00-03:00"), At("2026-04-01T00:00:00-03:00")), Min(180));
}

TEST(BusinessTime, AddThenMeasureAgreesAcrossAYear) {
  // Every 7 hours 13 minutes through 2018-2019 (São Paulo's last summer time), 3 business days.
  const Calendar* sp = Get(Cal::kSp);
  for (Instant t = At("2018-10-01T00:00:00Z"); t < At("2019-04-01T00:00:00Z"); t += minutes{433}) {
    const auto due = AddBusinessTime(sp, t, Min(3 * 570));
    ASSERT_TRUE(due.has_value());
    ASSERT_EQ(BusinessTimeBetween(sp, t, *due), Min(3 * 570)) << FormatIso(t);
    // The due instant is inside business hours (or at a closing time).
    const auto local = sp->LocalDate(*due - seconds{1});
    EXPECT_FALSE(sp->HoursOn(local).empty()) << FormatIso(*due);
  }
}

TEST(BusinessTime, AddThenMeasureAgreesOverDstChanges) {
  // Calendars whose hours straddle the changes (Sunday 01:00-04:00 in Madrid; always open in
  // São Paulo 2018-2019 and Mexico City 2022), from starts all over the year.
  for (const Cal c : {Cal::kMadridSundays, Cal::kSpAlways, Cal::kMexicoAlways, Cal::kSpNights}) {
    for (Instant t = At("2018-09-01T00:00:00Z"); t < At("2019-03-01T00:00:00Z"); t += minutes{1201}) {
      for (const auto amount : {Min(1), Min(150), Min(900)}) {
        const auto due = AddBusinessTime(Get(c), t, amount);
        ASSERT_TRUE(due.has_value());
        ASSERT_EQ(BusinessTimeBetween(Get(c), t, *due), amount) << FormatIso(t);
      }
    }
    for (Instant t = At("2022-03-01T00:00:00Z"); t < At("2022-11-15T00:00:00Z"); t += minutes{1201}) {
      const auto due = AddBusinessTime(Get(c), t, Min(200));
      ASSERT_TRUE(due.has_value());
      ASSERT_EQ(BusinessTimeBetween(Get(c), t, *due), Min(200)) << FormatIso(t);
    }
  }
}

TEST(BusinessTime, LongSpansWalkWholeMonths) {
  // 30 business days from 2 Mar 2026 on the plain calendar: 6 weeks later, at closing.
  EXPECT_EQ(AddBusinessTime(Get(Cal::kSpPlain), At("2026-03-02T08:30:00-03:00"), Min(30 * 570)),
            At("2026-04-10T18:00:00-03:00"));
  EXPECT_EQ(BusinessTimeBetween(Get(Cal::kSpPlain), At("2026-01-01T00:00:00-03:00"), At("2027-01-01T00:00:00-03:00")),
            Min(261 * 570));  // 2026 has 261 weekdays
}

}  // namespace
}  // namespace chamado
