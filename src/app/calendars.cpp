#include "app/calendars.hpp"

#include <algorithm>
#include <utility>

#include "app/caller_checks.hpp"

namespace chamado::app {
namespace {

// Built calendars kept at most; past it the cache starts over (schedules are few: this is a
// safety net against callers asking for many year ranges).
constexpr std::size_t kMaxCached = 256;
// A schedule's own holidays at most (each may span days): bounds a calendar's build.
constexpr std::size_t kMaxHolidaysPerSchedule = 1000;

Result<void> CheckYears(int from_year, int to_year, int max_years) {
  if (from_year < kMinCalendarYear || to_year > kMaxCalendarYear)
    return Fail(Error::BadRequest("years must be between " + std::to_string(kMinCalendarYear) + " and " +
                                  std::to_string(kMaxCalendarYear)));
  if (to_year < from_year) return Fail(Error::BadRequest("to must not be before from"));
  if (to_year - from_year >= max_years)
    return Fail(Error::BadRequest("at most " + std::to_string(max_years) + " years at once"));
  return {};
}

std::string Joined(const std::vector<std::int64_t>& ids) {
  std::string s;
  for (auto id : ids) s += (s.empty() ? "" : ", ") + std::to_string(id);
  return s;
}

std::vector<HolidaySet> ById(std::vector<HolidaySet> sets) {
  std::sort(sets.begin(), sets.end(), [](const HolidaySet& a, const HolidaySet& b) { return a.id < b.id; });
  return sets;
}

}  // namespace

CalendarService::CalendarService(Store& store, Clock& clock, std::vector<HolidaySet> sets)
    : store_(store), clock_(clock), sets_(ById(std::move(sets))) {}

// ------------------------------------------------------------------ schedules

Result<void> CalendarService::Check(const Schedule& s) const {
  if (auto ok = ValidateScheduleName(s.name); !ok) return ok;
  if (s.time_zone.empty()) return Fail(Error::Invalid("time_zone", "BlankValue", "Time zone: cannot be blank"));
  if (s.intervals.empty())
    return Fail(Error::Invalid("intervals", "BlankValue", "Intervals: a schedule needs some business hours"));
  std::string known;
  for (const auto& set : sets_) known += (known.empty() ? "" : ", ") + set.id;
  for (std::size_t i = 0; i < s.holiday_sets.size(); ++i) {
    const auto& id = s.holiday_sets[i];
    if (std::none_of(sets_.begin(), sets_.end(), [&](const HolidaySet& x) { return x.id == id; }))
      return Fail(Error::Invalid("holiday_sets", "InvalidValue",
                                 "Holiday sets: '" + id + "' is not a shipped holiday set (" + known + ")"));
    if (std::find(s.holiday_sets.begin(), s.holiday_sets.begin() + static_cast<std::ptrdiff_t>(i), id) !=
        s.holiday_sets.begin() + static_cast<std::ptrdiff_t>(i))
      return Fail(Error::Invalid("holiday_sets", "InvalidValue", "Holiday sets: '" + id + "' is listed twice"));
  }
  // The time zone and the intervals: they must make a calendar (the errors name the field).
  auto cal = CalendarOfSchedule(s, {}, {}, 2026, 2026);
  if (!cal) return Fail(cal.error());
  return {};
}

Result<std::vector<Schedule>> CalendarService::ListSchedules(const Caller& c) {
  if (auto ok = RequireStaff(c); !ok) return Fail(ok.error());
  std::vector<Schedule> out;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    out = tx.ListSchedules();
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

Result<Schedule> CalendarService::ShowSchedule(const Caller& c, std::int64_t id) {
  if (auto ok = RequireStaff(c); !ok) return Fail(ok.error());
  std::optional<Schedule> s;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    s = tx.ScheduleById(id);
    return {};
  });
  if (!r) return Fail(r.error());
  if (!s) return Fail(Error::NotFound());
  return *s;
}

Result<Schedule> CalendarService::CreateSchedule(const Caller& c, const ScheduleInput& in) {
  if (auto ok = RequireAdmin(c); !ok) return Fail(ok.error());
  Schedule s;
  s.name = in.name.value_or("");
  s.time_zone = in.time_zone.value_or("");
  s.intervals = in.intervals.value_or(DefaultWorkweek());
  s.holiday_sets = in.holiday_sets.value_or(std::vector<std::string>{});
  if (auto ok = Check(s); !ok) return Fail(ok.error());
  s.created_at = s.updated_at = clock_.Now();
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    s.id = 0;
    tx.InsertSchedule(s);
    return {};
  });
  if (!r) return Fail(r.error());
  return s;
}

Result<Schedule> CalendarService::UpdateSchedule(const Caller& c, std::int64_t id, const ScheduleInput& in) {
  if (auto ok = RequireAdmin(c); !ok) return Fail(ok.error());
  const Instant now = clock_.Now();
  Schedule s;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    auto found = tx.ScheduleById(id);  // locked: changes to one schedule take turns
    if (!found) return Fail(Error::NotFound());
    s = *found;
    if (in.name) s.name = *in.name;
    if (in.time_zone) s.time_zone = *in.time_zone;
    if (in.intervals) s.intervals = *in.intervals;
    if (in.holiday_sets) s.holiday_sets = *in.holiday_sets;
    if (auto ok = Check(s); !ok) return ok;
    s.version = found->version + 1;
    s.updated_at = now;
    tx.UpdateSchedule(s);
    return {};
  });
  if (!r) return Fail(r.error());
  return s;
}

Result<void> CalendarService::DeleteSchedule(const Caller& c, std::int64_t id) {
  if (auto ok = RequireAdmin(c); !ok) return Fail(ok.error());
  return store_.Write([&](WriteTx& tx) -> Result<void> {
    if (!tx.ScheduleById(id)) return Fail(Error::NotFound());
    if (auto groups = tx.GroupsUsingSchedule(id); !groups.empty())
      return Fail(Error::Invalid("base", "InUse",
                                 "Schedule: used by group" + std::string(groups.size() > 1 ? "s " : " ") +
                                     Joined(groups) + "; give them another schedule (chamado_schedule_id) first"));
    tx.DeleteSchedule(id);
    return {};
  });
}

// ------------------------------------------------------------------ holidays

Result<std::vector<ScheduleHoliday>> CalendarService::ListHolidays(const Caller& c, std::int64_t schedule_id) {
  if (auto ok = RequireStaff(c); !ok) return Fail(ok.error());
  std::vector<ScheduleHoliday> out;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    if (!tx.ScheduleById(schedule_id)) return Fail(Error::NotFound());
    out = tx.HolidaysOfSchedule(schedule_id);
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

Result<ScheduleHoliday> CalendarService::ShowHoliday(const Caller& c, std::int64_t schedule_id,
                                                     std::int64_t holiday_id) {
  auto all = ListHolidays(c, schedule_id);
  if (!all) return Fail(all.error());
  for (auto& h : *all)
    if (h.id == holiday_id) return std::move(h);
  return Fail(Error::NotFound());
}

Result<ScheduleHoliday> CalendarService::CreateHoliday(const Caller& c, std::int64_t schedule_id,
                                                       const HolidayInput& in) {
  return WriteHoliday(c, schedule_id, std::nullopt, in);
}

Result<ScheduleHoliday> CalendarService::UpdateHoliday(const Caller& c, std::int64_t schedule_id,
                                                       std::int64_t holiday_id, const HolidayInput& in) {
  return WriteHoliday(c, schedule_id, holiday_id, in);
}

Result<ScheduleHoliday> CalendarService::WriteHoliday(const Caller& c, std::int64_t schedule_id,
                                                      std::optional<std::int64_t> holiday_id, const HolidayInput& in) {
  if (auto ok = RequireAdmin(c); !ok) return Fail(ok.error());
  if (!holiday_id) {
    if (!in.name) return Fail(Error::Invalid("name", "BlankValue", "Name: cannot be blank"));
    if (!in.start_date) return Fail(Error::Invalid("start_date", "BlankValue", "Start date: cannot be blank"));
  }
  const Instant now = clock_.Now();
  ScheduleHoliday h;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    auto s = tx.ScheduleById(schedule_id);  // locked: its version grows with the holiday
    if (!s) return Fail(Error::NotFound());
    auto all = tx.HolidaysOfSchedule(schedule_id);
    if (holiday_id) {
      auto it = std::find_if(all.begin(), all.end(), [&](const ScheduleHoliday& x) { return x.id == *holiday_id; });
      if (it == all.end()) return Fail(Error::NotFound());
      h = *it;
    } else {
      if (all.size() >= kMaxHolidaysPerSchedule)
        return Fail(Error::Invalid("base", "TooMany",
                                   "Holidays: a schedule has at most " + std::to_string(kMaxHolidaysPerSchedule)));
      h = ScheduleHoliday{};
      h.schedule_id = schedule_id;
      h.start_date = h.end_date = *in.start_date;
    }
    if (in.name) h.name = *in.name;
    if (in.start_date) h.start_date = *in.start_date;
    if (in.end_date) h.end_date = *in.end_date;
    if (in.hours) h.hours = *in.hours;
    if (auto ok = ValidateHoliday(h); !ok) return ok;
    if (holiday_id)
      tx.UpdateScheduleHoliday(h);
    else
      tx.InsertScheduleHoliday(h);
    s->version += 1;
    s->updated_at = now;
    tx.UpdateSchedule(*s);
    return {};
  });
  if (!r) return Fail(r.error());
  return h;
}

Result<void> CalendarService::DeleteHoliday(const Caller& c, std::int64_t schedule_id, std::int64_t holiday_id) {
  if (auto ok = RequireAdmin(c); !ok) return Fail(ok.error());
  const Instant now = clock_.Now();
  return store_.Write([&](WriteTx& tx) -> Result<void> {
    auto s = tx.ScheduleById(schedule_id);
    if (!s) return Fail(Error::NotFound());
    const auto all = tx.HolidaysOfSchedule(schedule_id);
    if (std::none_of(all.begin(), all.end(), [&](const ScheduleHoliday& x) { return x.id == holiday_id; }))
      return Fail(Error::NotFound());
    tx.DeleteScheduleHoliday(holiday_id);
    s->version += 1;
    s->updated_at = now;
    tx.UpdateSchedule(*s);
    return {};
  });
}

// ------------------------------------------------------------------ holiday sets

Result<std::vector<HolidaySetDays>> CalendarService::ListHolidaySets(const Caller& c, int from_year, int to_year) {
  if (auto ok = RequireStaff(c); !ok) return Fail(ok.error());
  if (auto ok = CheckYears(from_year, to_year, kMaxHolidaySetYears); !ok) return Fail(ok.error());
  std::vector<HolidaySetDays> out;
  for (const auto& set : sets_) {
    auto days = ResolveHolidaySet(sets_, set.id, from_year, to_year);
    if (!days) return Fail(days.error());
    out.push_back(HolidaySetDays{&set, std::move(*days)});
  }
  return out;
}

Result<HolidaySetDays> CalendarService::ShowHolidaySet(const Caller& c, std::string_view id, int from_year,
                                                       int to_year) {
  auto all = ListHolidaySets(c, from_year, to_year);
  if (!all) return Fail(all.error());
  for (auto& s : *all)
    if (s.set->id == id) return std::move(s);
  return Fail(Error::NotFound());
}

// ------------------------------------------------------------------ calendars

Result<CalendarService::Built> CalendarService::CalendarOf(ReadTx& tx, const Schedule& s, int from_year, int to_year) {
  const Key key{s.id, s.version, from_year, to_year};
  {
    std::lock_guard lock(mu_);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  }
  Built b;
  std::vector<HolidayDay> days;
  for (const auto& id : s.holiday_sets) {
    auto set_days = ResolveHolidaySet(sets_, id, from_year, to_year);
    if (!set_days) {
      // Limit: a set named when saved but not shipped by this version is skipped, not fatal:
      // ticket writes must not fail over it. GET .../calendar shows the warning.
      b.warnings.push_back("holiday set '" + id + "' is not shipped with this version: its holidays are not counted");
      continue;
    }
    days.insert(days.end(), std::make_move_iterator(set_days->begin()), std::make_move_iterator(set_days->end()));
  }
  auto cal = CalendarOfSchedule(s, std::move(days), tx.HolidaysOfSchedule(s.id), from_year, to_year);
  if (!cal) return Fail(cal.error());
  b.calendar = std::make_shared<const Calendar>(std::move(*cal));
  std::lock_guard lock(mu_);
  if (cache_.size() >= kMaxCached) cache_.clear();
  // Older versions of this schedule are of no more use.
  std::erase_if(cache_,
                [&](const auto& kv) { return std::get<0>(kv.first) == s.id && std::get<1>(kv.first) != s.version; });
  cache_.emplace(key, b);
  return b;
}

Result<std::optional<Calendar>> CalendarService::CalendarForGroup(ReadTx& tx, std::optional<std::int64_t> group_id,
                                                                  int from_year, int to_year) {
  if (from_year > to_year) std::swap(from_year, to_year);
  auto s = tx.ScheduleForGroup(group_id);
  if (!s) return std::optional<Calendar>{};
  auto built = CalendarOf(tx, *s, from_year, to_year);
  if (!built) return Fail(built.error());
  return std::optional<Calendar>{*built->calendar};
}

Result<CalendarDays> CalendarService::Days(const Caller& c, std::int64_t id, LocalDay from, LocalDay to) {
  if (auto ok = RequireStaff(c); !ok) return Fail(ok.error());
  if (to < from) return Fail(Error::BadRequest("to must not be before from"));
  if ((to - from).count() >= kMaxCalendarDays)
    return Fail(Error::BadRequest("at most " + std::to_string(kMaxCalendarDays) + " days at once"));
  if (auto ok = CheckYears(YearOf(from), YearOf(to), kMaxHolidaySetYears); !ok) return Fail(ok.error());
  CalendarDays out;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    auto s = tx.ScheduleById(id);
    if (!s) return Fail(Error::NotFound());
    auto built = CalendarOf(tx, *s, YearOf(from), YearOf(to));
    if (!built) return Fail(built.error());
    const Calendar& cal = *built->calendar;
    out.schedule = *s;
    out.business_day_minutes = cal.business_day_minutes();
    out.warnings = built->warnings;
    out.days.clear();
    for (LocalDay d = from; d <= to; d += std::chrono::days(1)) {
      const HolidayDay* holiday = nullptr;
      CalendarDay day{d, cal.HoursOn(d, &holiday), std::nullopt};
      if (holiday) day.holiday = holiday->name;
      out.days.push_back(std::move(day));
    }
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

}  // namespace chamado::app
