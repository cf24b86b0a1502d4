#pragma once
// Holiday rules and sets (docs/calendars.md "Holiday sets"): the rules a country's holidays
// follow, expanded to the dated HolidayDay values a Calendar is made of. A set may extend
// another (São Paulo city -> São Paulo state -> Brazil). The shipped sets are data files
// (config/holidays/*.toml) read by the config adapter; this is the pure part. Pure.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/error.hpp"

namespace chamado {

struct HolidayRule {
  enum class Kind {
    kFixed,       // every year on month/day ("11-20")
    kEaster,      // Easter Sunday + easter_offset days (Carnival -48/-47, Good Friday -2, Corpus Christi +60)
    kNthWeekday,  // the nth `weekday` of `month`; nth -1 = the last (Mexico's "tercer lunes de marzo")
    kOnce,        // one date only (`date`): a decree, an inauguration day
  };
  enum class Move {
    kNone,
    kNextMonday,  // Colombia's Ley Emiliani: any day but Monday moves to the next Monday
    // Argentina's "feriados trasladables" (Ley 27.399 art. 6): Tuesday and Wednesday move to the
    // previous Monday, Thursday and Friday to the next Monday; weekends stay. A move onto
    // another holiday of the set is not made (17 June on a Friday stays: Monday is 20 June).
    kArgentina,
  };
  Kind kind = Kind::kFixed;
  std::string name;
  unsigned month = 1;     // kFixed, kNthWeekday
  unsigned day = 1;       // kFixed (29 February: leap years only)
  int easter_offset = 0;  // kEaster
  unsigned weekday = 1;   // kNthWeekday: 0 Sunday .. 6 Saturday
  int nth = 1;            // kNthWeekday: 1..5, or -1 for the last
  LocalDay date{};        // kOnce
  Move move = Move::kNone;
  std::optional<int> from_year;    // valid from this year on (20 November in Brazil: 2024)
  std::optional<int> until_year;   // ... up to and including this year
  std::vector<int> except_years;   // years a decree replaced it (with a kOnce rule)
  std::vector<DayInterval> hours;  // empty: closed all day; else a half day open during these
};

struct HolidaySet {
  std::string id;                      // "br-sp"
  std::string name;                    // "Brasil — São Paulo (estado)"
  std::string version;                 // "2026.1": bumped with every data change
  std::string region;                  // "BR-SP" (ISO 3166)
  std::optional<std::string> extends;  // the set this one adds to ("br")
  int first_year = 0;                  // the years whose dates were checked (one-off decrees included)
  int last_year = 0;
  std::vector<HolidayRule> rules;
};

// Gregorian Easter Sunday (the anonymous algorithm, Meeus/Jones/Butcher).
LocalDay EasterSunday(int year);

// The set's own days in the years from_year..to_year (inclusive), sorted by day. A moved
// holiday belongs to the year it commemorates. Rules outside their years are skipped, and so
// is a date a year lacks (29 February, a fifth Monday). Years outside first_year..last_year
// follow the rules as written (no later decree is known).
std::vector<HolidayDay> ExpandHolidays(const HolidaySet& set, int from_year, int to_year);

// The days of set `id` and every set it extends, sorted by day; for one date the most
// specific set comes first (so its name wins, Calendar::Make). Errors: 422 on `field`
// ("InvalidValue") for an unknown id, an unknown parent, or a cycle of extends.
Result<std::vector<HolidayDay>> ResolveHolidaySet(std::span<const HolidaySet> sets, std::string_view id, int from_year,
                                                  int to_year, std::string_view field = "holiday_sets");

}  // namespace chamado
