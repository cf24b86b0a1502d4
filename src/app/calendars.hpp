#pragma once
// Business-hours schedules, the use cases (docs/calendars.md "API"; zendesk-compat.md §12):
// admins create and change schedules, their weekly hours, holiday sets and own holidays;
// agents read them; end users may not (403). CalendarForGroup gives the SLA arithmetic the
// Calendar a ticket's group works on, built once per schedule version and cached: it runs
// inside every ticket write.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "app/ports.hpp"
#include "domain/access.hpp"
#include "domain/calendar.hpp"
#include "domain/holidays.hpp"
#include "domain/schedule.hpp"

namespace chamado::app {

// ---- Inputs: absent fields keep what is stored.
struct ScheduleInput {
  std::optional<std::string> name;
  std::optional<std::string> time_zone;
  std::optional<std::vector<WeekInterval>> intervals;
  std::optional<std::vector<std::string>> holiday_sets;
};

struct HolidayInput {
  std::optional<std::string> name;
  std::optional<LocalDay> start_date;
  std::optional<LocalDay> end_date;  // absent on create: start_date (one day)
  // A half day's hours; null: closed all day.
  std::optional<std::optional<std::vector<DayInterval>>> hours;
};

// A shipped set with its days in a range of years.
struct HolidaySetDays {
  const HolidaySet* set = nullptr;  // one of the service's sets
  std::vector<HolidayDay> days;
};

// One local date of a schedule as the SLA arithmetic sees it.
struct CalendarDay {
  LocalDay day{};
  std::vector<DayInterval> hours;      // empty: closed
  std::optional<std::string> holiday;  // its name, when a holiday (closed or a half day)
};

struct CalendarDays {
  Schedule schedule;
  int business_day_minutes = 0;
  std::vector<CalendarDay> days;
  std::vector<std::string> warnings;  // holiday sets this version does not ship (skipped)
};

// The most days GET .../calendar lists at once.
inline constexpr int kMaxCalendarDays = 366;
// The most years GET /chamado/holiday_sets expands at once.
inline constexpr int kMaxHolidaySetYears = 25;

class CalendarService final {
 public:
  // `sets`: the shipped holiday sets (config/holidays/*.toml, parsed by the config adapter and
  // handed in by src/main), by id.
  CalendarService(Store& store, Clock& clock, std::vector<HolidaySet> sets);

  // Schedules (agents read; admins write; end users 403). Create defaults to Zendesk's
  // Mon-Fri 09:00-17:00 and no holiday sets. Errors are 422s naming the field: "name",
  // "time_zone" (not in the tz database), "intervals", "holiday_sets" (not shipped).
  Result<std::vector<Schedule>> ListSchedules(const Caller& c);
  Result<Schedule> ShowSchedule(const Caller& c, std::int64_t id);
  Result<Schedule> CreateSchedule(const Caller& c, const ScheduleInput& in);
  // PUT {id}, PUT {id}/workweek and PUT /chamado/schedules/{id}/holiday_sets.
  Result<Schedule> UpdateSchedule(const Caller& c, std::int64_t id, const ScheduleInput& in);
  // 422 on "base" while live groups use it.
  Result<void> DeleteSchedule(const Caller& c, std::int64_t id);

  // A schedule's own holidays, by start date. 404 for an unknown schedule or holiday.
  Result<std::vector<ScheduleHoliday>> ListHolidays(const Caller& c, std::int64_t schedule_id);
  Result<ScheduleHoliday> ShowHoliday(const Caller& c, std::int64_t schedule_id, std::int64_t holiday_id);
  Result<ScheduleHoliday> CreateHoliday(const Caller& c, std::int64_t schedule_id, const HolidayInput& in);
  Result<ScheduleHoliday> UpdateHoliday(const Caller& c, std::int64_t schedule_id, std::int64_t holiday_id,
                                        const HolidayInput& in);
  Result<void> DeleteHoliday(const Caller& c, std::int64_t schedule_id, std::int64_t holiday_id);

  // The shipped sets with their days (their `extends` included) in from_year..to_year
  // (staff). 400 for a reversed or too long range.
  Result<std::vector<HolidaySetDays>> ListHolidaySets(const Caller& c, int from_year, int to_year);
  Result<HolidaySetDays> ShowHolidaySet(const Caller& c, std::string_view id, int from_year, int to_year);

  // Schedule `id`'s days from..to (inclusive, at most kMaxCalendarDays) as CalendarForGroup
  // builds them: what a support lead checks a due date against (staff).
  Result<CalendarDays> Days(const Caller& c, std::int64_t id, LocalDay from, LocalDay to);

  // The calendar of a group's tickets (its schedule, else the default: the lowest id) with the
  // holidays of from_year..to_year: its holiday sets' days and its own. nullopt when there is
  // no schedule at all (calendar time). No access check: the SLA use cases call it inside
  // their transaction. Cached per (schedule id, version, years); the cost of a hit is one
  // indexed read. A holiday set this version does not ship is skipped (Days() warns).
  Result<std::optional<Calendar>> CalendarForGroup(ReadTx& tx, std::optional<std::int64_t> group_id, int from_year,
                                                   int to_year);

 private:
  struct Built {
    std::shared_ptr<const Calendar> calendar;
    std::vector<std::string> warnings;
  };
  // The calendar of `s` (as read in `tx`) for the years, from the cache or built now.
  Result<Built> CalendarOf(ReadTx& tx, const Schedule& s, int from_year, int to_year);
  // Checks a schedule about to be saved: it must make a calendar, and name shipped sets only.
  Result<void> Check(const Schedule& s) const;
  Result<ScheduleHoliday> WriteHoliday(const Caller& c, std::int64_t schedule_id,
                                       std::optional<std::int64_t> holiday_id, const HolidayInput& in);

  Store& store_;
  Clock& clock_;
  const std::vector<HolidaySet> sets_;

  using Key = std::tuple<std::int64_t, std::int64_t, int, int>;  // id, version, from_year, to_year
  std::mutex mu_;
  std::map<Key, Built> cache_;
};

}  // namespace chamado::app
