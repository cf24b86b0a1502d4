#include "domain/schedule.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

namespace chamado {

using namespace std::chrono;

std::vector<WeekInterval> DefaultWorkweek() {
  std::vector<WeekInterval> v;
  for (int day = 1; day <= 5; ++day) v.push_back({day * 1440 + 9 * 60, day * 1440 + 17 * 60});
  return v;
}

Result<void> ValidateScheduleName(std::string_view name) {
  if (name.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return Fail(Error::Invalid("name", "BlankValue", "Name: cannot be blank"));
  if (name.size() > 255)
    return Fail(Error::Invalid("name", "TooLong", "Name: is too long (maximum is 255 characters)"));
  return {};
}

Result<void> ValidateHoliday(ScheduleHoliday& h) {
  if (h.name.find_first_not_of(" \t\r\n") == std::string::npos)
    return Fail(Error::Invalid("name", "BlankValue", "Name: cannot be blank"));
  const int y = YearOf(h.start_date);
  if (y < kMinCalendarYear || y > kMaxCalendarYear)
    return Fail(Error::Invalid("start_date", "InvalidValue",
                               "Start date: must be a date between " + std::to_string(kMinCalendarYear) + " and " +
                                   std::to_string(kMaxCalendarYear)));
  if (h.end_date < h.start_date)
    return Fail(Error::Invalid("end_date", "InvalidValue", "End date: cannot be before the start date"));
  if ((h.end_date - h.start_date).count() >= kMaxHolidayDays)
    return Fail(Error::Invalid("end_date", "InvalidValue",
                               "End date: a holiday spans at most " + std::to_string(kMaxHolidayDays) + " days"));
  if (h.hours) {
    auto& v = *h.hours;
    if (v.empty())
      return Fail(Error::Invalid("chamado_hours", "InvalidValue",
                                 "Hours: a half day needs at least one interval (omit them for a day closed)"));
    std::sort(v.begin(), v.end(), [](const DayInterval& a, const DayInterval& b) { return a.start < b.start; });
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i].start < 0 || v[i].end > 1440 || v[i].start >= v[i].end)
        return Fail(Error::Invalid("chamado_hours", "InvalidInterval",
                                   "Hours: each interval starts before it ends, between 00:00 and 24:00"));
      if (i > 0 && v[i].start < v[i - 1].end)
        return Fail(Error::Invalid("chamado_hours", "OverlappingIntervals", "Hours: intervals overlap"));
    }
  }
  return {};
}

std::vector<HolidayDay> ExpandScheduleHolidays(const std::vector<ScheduleHoliday>& own, int from_year, int to_year) {
  std::vector<HolidayDay> out;
  const LocalDay first = sys_days(year(from_year) / January / 1);
  const LocalDay last = sys_days(year(to_year) / December / 31);
  for (const auto& h : own) {
    for (LocalDay d = std::max(h.start_date, first); d <= std::min(h.end_date, last); d += days(1))
      out.push_back(HolidayDay{d, h.name, h.hours.value_or(std::vector<DayInterval>{})});
  }
  return out;
}

Result<Calendar> CalendarOfSchedule(const Schedule& s, std::vector<HolidayDay> set_days,
                                    const std::vector<ScheduleHoliday>& own, int from_year, int to_year) {
  auto week = FromWeekIntervals(s.intervals, "intervals");
  if (!week) return Fail(week.error());
  auto mine = ExpandScheduleHolidays(own, from_year, to_year);
  set_days.insert(set_days.end(), std::make_move_iterator(mine.begin()), std::make_move_iterator(mine.end()));
  return Calendar::Make(s.time_zone, std::move(*week), std::move(set_days));
}

}  // namespace chamado
