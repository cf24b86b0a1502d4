#pragma once
// Business-hours schedules as stored and edited (docs/calendars.md "API"; zendesk-compat.md
// §12): a name, an IANA time zone, the weekly hours in Zendesk's shape, the shipped holiday
// sets it follows and its own holidays (one or more local dates, closed or a half day). A
// schedule becomes the Calendar the business-time arithmetic runs on (domain/calendar.hpp)
// through CalendarOfSchedule. Pure: the holiday sets' days are resolved by the caller.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/error.hpp"
#include "domain/local_date.hpp"
#include "domain/time.hpp"

namespace chamado {

struct Schedule {
  std::int64_t id = 0;
  std::string name;
  std::string time_zone;                  // IANA ("America/Sao_Paulo")
  std::vector<WeekInterval> intervals;    // minutes from Sunday 00:00 local time
  std::vector<std::string> holiday_sets;  // shipped set ids ("br", "br-sp"), in order
  // Grows with every change to the schedule or its holidays: built calendars are cached per
  // (id, version) (app/calendars.cpp).
  std::int64_t version = 1;
  Instant created_at{};
  Instant updated_at{};
};

// A schedule's own holiday: local dates start_date..end_date (inclusive), closed all day, or
// a half day open only during `hours`.
struct ScheduleHoliday {
  std::int64_t id = 0;
  std::int64_t schedule_id = 0;
  std::string name;
  LocalDay start_date{};
  LocalDay end_date{};
  std::optional<std::vector<DayInterval>> hours;
};

// A holiday spans at most this many days (a whole year).
inline constexpr int kMaxHolidayDays = 366;
// Calendar date range accepted anywhere a year is given (holiday dates, ?from/?to).
inline constexpr int kMinCalendarYear = 1970;
inline constexpr int kMaxCalendarYear = 2200;

// Zendesk's new schedule: Monday to Friday, 09:00-17:00.
std::vector<WeekInterval> DefaultWorkweek();

// 422s naming the field: "name" (blank, over 255 characters).
Result<void> ValidateScheduleName(std::string_view name);
// 422s naming the field: "name" (blank), "end_date" (before start_date, or more than
// kMaxHolidayDays days), "start_date" (outside kMinCalendarYear..kMaxCalendarYear),
// "chamado_hours" (each 0 <= start < end <= 1440, not overlapping; not empty). Sorts the hours.
Result<void> ValidateHoliday(ScheduleHoliday& h);

// The days of a schedule's own holidays in the years from_year..to_year (inclusive).
std::vector<HolidayDay> ExpandScheduleHolidays(const std::vector<ScheduleHoliday>& own, int from_year, int to_year);

// The schedule as a calendar: its hours, the days of its holiday sets (`set_days`, already
// resolved for from_year..to_year) and its own holidays in those years. Where two holidays
// fall on one date the one closing more wins (Calendar::Make). Errors: the schedule's time
// zone ("time_zone") or intervals ("intervals") are invalid.
Result<Calendar> CalendarOfSchedule(const Schedule& s, std::vector<HolidayDay> set_days,
                                    const std::vector<ScheduleHoliday>& own, int from_year, int to_year);

}  // namespace chamado
