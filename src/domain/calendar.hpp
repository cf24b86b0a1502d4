#pragma once
// Business calendars (PRODUCT.md §5, docs/calendars.md): an IANA time zone, weekly business
// hours at minute resolution (several intervals a day, 24:00 as the end of a day) and holidays
// (whole days closed, or half days with their own hours). Pure: instants are arguments; the
// zone comes from the OS tz database through date/tz (never TZ). Holiday *rules* (fixed,
// Easter-relative, nth weekday, moved to Monday, valid from/until a year, one-off) live in
// domain/holidays.hpp and expand to the HolidayDay values a Calendar is made of.
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/time.hpp"

namespace date {
class time_zone;
}

namespace chamado {

using LocalDay = std::chrono::sys_days;  // a local calendar date (the days since 1970-01-01)

// [start, end) in minutes from local midnight; 0 <= start < end <= 1440 (1440 = 24:00).
struct DayInterval {
  int start = 0;
  int end = 0;
  friend bool operator==(const DayInterval&, const DayInterval&) = default;
};

// Business hours per weekday: [0] Sunday ... [6] Saturday; intervals sorted, not overlapping.
using WeekHours = std::array<std::vector<DayInterval>, 7>;

// Zendesk's shape: minutes from Sunday 00:00 local time (Monday 08:30-18:00 = 1950-2520).
struct WeekInterval {
  int start_time = 0;
  int end_time = 0;
  friend bool operator==(const WeekInterval&, const WeekInterval&) = default;
};
std::vector<WeekInterval> ToWeekIntervals(const WeekHours& h);
// Validates (0 <= start < end <= 10080, no overlap; an interval across midnight is split into
// days). Errors are 422s on `field` naming the rule ("InvalidInterval", "OverlappingIntervals").
Result<WeekHours> FromWeekIntervals(const std::vector<WeekInterval>& v, std::string_view field = "intervals");

// One local date that is not an ordinary business day: closed all day (`hours` empty), or a
// half day open only during `hours`.
struct HolidayDay {
  LocalDay day{};
  std::string name;  // "Carnaval", "Corpus Christi", "Véspera de Natal (meio período)"
  std::vector<DayInterval> hours;
};

class Calendar {
 public:
  // Errors: 422 on "time_zone" ("InvalidTimeZone") for a name the tz database lacks.
  // `holidays` may be unsorted and hold one date twice (overlays): the first of a date wins
  // unless a later one closes more (a whole-day holiday beats a half day).
  static Result<Calendar> Make(std::string_view time_zone, WeekHours hours, std::vector<HolidayDay> holidays);

  const std::string& time_zone_name() const { return zone_name_; }
  const date::time_zone* zone() const { return zone_; }
  const WeekHours& week() const { return week_; }
  const std::vector<HolidayDay>& holidays() const { return holidays_; }  // sorted by day

  // "N business days" = N x this (PRODUCT.md §5): the length in minutes of the calendar's
  // usual business day, the most common non-zero weekday length (570 for 08:30-18:00).
  int business_day_minutes() const { return day_minutes_; }

  // The business hours of a local date (the holiday's when it is one) and, when it is a
  // holiday, the holiday.
  const std::vector<DayInterval>& HoursOn(LocalDay d, const HolidayDay** holiday = nullptr) const;

  // Local date and minute-of-day of an instant, and back. A local time in a DST gap maps to
  // the first instant after the gap; an ambiguous one to its first occurrence.
  LocalDay LocalDate(Instant t) const;
  Instant ToInstant(LocalDay d, int minute_of_day) const;

 private:
  std::string zone_name_;
  const date::time_zone* zone_ = nullptr;
  WeekHours week_;
  std::vector<HolidayDay> holidays_;
  int day_minutes_ = 0;
};

}  // namespace chamado
