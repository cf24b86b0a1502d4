#include "domain/calendar.hpp"

#include <date/tz.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <stdexcept>

namespace chamado {

namespace {

constexpr int kMinutesPerDay = 1440;
constexpr int kMinutesPerWeek = 7 * kMinutesPerDay;

std::string HhMm(int minute) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60, minute % 60);
  return buf;
}

int OpenMinutes(const std::vector<DayInterval>& v) {
  int total = 0;
  for (const auto& i : v) total += i.end - i.start;
  return total;
}

// Sorts, checks bounds and overlaps, and joins touching intervals (12:00-13:00 + 13:00-14:00).
Result<std::vector<DayInterval>> NormalizeDay(std::vector<DayInterval> v, std::string_view field) {
  std::ranges::sort(v, [](const DayInterval& a, const DayInterval& b) { return a.start < b.start; });
  std::vector<DayInterval> out;
  for (const auto& i : v) {
    if (i.start < 0 || i.end > kMinutesPerDay || i.start >= i.end) {
      return Fail(Error::Invalid(std::string(field), "InvalidInterval",
                                 std::string(field) +
                                     ": an interval must start before it ends, between 00:00 and 24:00 (got " +
                                     std::to_string(i.start) + " to " + std::to_string(i.end) + " minutes)"));
    }
    if (!out.empty() && i.start < out.back().end) {
      return Fail(Error::Invalid(std::string(field), "OverlappingIntervals",
                                 std::string(field) + ": " + HhMm(i.start) + "-" + HhMm(i.end) + " overlaps " +
                                     HhMm(out.back().start) + "-" + HhMm(out.back().end)));
    }
    if (!out.empty() && i.start == out.back().end) {
      out.back().end = i.end;
    } else {
      out.push_back(i);
    }
  }
  return out;
}

}  // namespace

std::vector<WeekInterval> ToWeekIntervals(const WeekHours& h) {
  std::vector<WeekInterval> out;
  for (int d = 0; d < 7; ++d) {
    for (const auto& i : h[static_cast<std::size_t>(d)]) {
      const int s = d * kMinutesPerDay + i.start;
      const int e = d * kMinutesPerDay + i.end;
      // An interval FromWeekIntervals split at midnight comes back whole.
      if (!out.empty() && out.back().end_time == s) {
        out.back().end_time = e;
      } else {
        out.push_back({s, e});
      }
    }
  }
  return out;
}

Result<WeekHours> FromWeekIntervals(const std::vector<WeekInterval>& v, std::string_view field) {
  std::vector<WeekInterval> sorted = v;
  std::ranges::sort(sorted, [](const WeekInterval& a, const WeekInterval& b) { return a.start_time < b.start_time; });
  WeekHours h;
  int previous_end = -1;
  for (const auto& i : sorted) {
    if (i.start_time < 0 || i.end_time > kMinutesPerWeek || i.start_time >= i.end_time) {
      return Fail(Error::Invalid(std::string(field), "InvalidInterval",
                                 std::string(field) + ": start_time must be before end_time, both between 0 and " +
                                     std::to_string(kMinutesPerWeek) + " minutes from Sunday 00:00 (got " +
                                     std::to_string(i.start_time) + "-" + std::to_string(i.end_time) + ")"));
    }
    if (i.start_time < previous_end) {
      return Fail(Error::Invalid(std::string(field), "OverlappingIntervals",
                                 std::string(field) + ": the interval " + std::to_string(i.start_time) + "-" +
                                     std::to_string(i.end_time) + " overlaps the one ending at " +
                                     std::to_string(previous_end)));
    }
    previous_end = i.end_time;
    // Split at each midnight it crosses.
    for (int s = i.start_time; s < i.end_time;) {
      const int day = s / kMinutesPerDay;
      const int day_end = (day + 1) * kMinutesPerDay;
      const int e = std::min(i.end_time, day_end);
      auto& list = h[static_cast<std::size_t>(day)];
      const DayInterval piece{s - day * kMinutesPerDay, e - day * kMinutesPerDay};
      if (!list.empty() && list.back().end == piece.start) {
        list.back().end = piece.end;
      } else {
        list.push_back(piece);
      }
      s = e;
    }
  }
  return h;
}

Result<Calendar> Calendar::Make(std::string_view time_zone, WeekHours hours, std::vector<HolidayDay> holidays) {
  Calendar c;
  try {
    c.zone_ = date::locate_zone(time_zone);
  } catch (const std::runtime_error&) {
    c.zone_ = nullptr;
  }
  if (c.zone_ == nullptr) {
    return Fail(Error::Invalid("time_zone", "InvalidTimeZone",
                               "time_zone: '" + std::string(time_zone) + "' is not an IANA time zone name"));
  }
  c.zone_name_ = std::string(time_zone);

  for (auto& day : hours) {
    auto normalized = NormalizeDay(std::move(day), "intervals");
    if (!normalized) return Fail(normalized.error());
    day = std::move(*normalized);
  }
  c.week_ = std::move(hours);

  for (auto& h : holidays) {
    auto normalized = NormalizeDay(std::move(h.hours), "holidays");
    if (!normalized) return Fail(normalized.error());
    h.hours = std::move(*normalized);
  }
  // One entry per date: the first listed wins unless a later one closes more.
  std::ranges::stable_sort(holidays, [](const HolidayDay& a, const HolidayDay& b) { return a.day < b.day; });
  for (auto& h : holidays) {
    if (!c.holidays_.empty() && c.holidays_.back().day == h.day) {
      if (OpenMinutes(h.hours) < OpenMinutes(c.holidays_.back().hours)) c.holidays_.back() = std::move(h);
      continue;
    }
    c.holidays_.push_back(std::move(h));
  }

  // The most common non-zero weekday length; on a tie the longer one.
  std::map<int, int> count;
  for (const auto& day : c.week_) {
    if (const int m = OpenMinutes(day); m > 0) ++count[m];
  }
  int best = 0;
  for (const auto& [minutes, n] : count) {
    if (n >= best) {
      best = n;
      c.day_minutes_ = minutes;
    }
  }
  return c;
}

const std::vector<DayInterval>& Calendar::HoursOn(LocalDay d, const HolidayDay** holiday) const {
  const auto it = std::ranges::lower_bound(holidays_, d, {}, &HolidayDay::day);
  if (it != holidays_.end() && it->day == d) {
    if (holiday != nullptr) *holiday = &*it;
    return it->hours;
  }
  if (holiday != nullptr) *holiday = nullptr;
  return week_[std::chrono::weekday{d}.c_encoding()];
}

LocalDay Calendar::LocalDate(Instant t) const {
  const auto local = zone_->to_local(t);
  return LocalDay{std::chrono::floor<std::chrono::days>(local.time_since_epoch())};
}

Instant Calendar::ToInstant(LocalDay d, int minute_of_day) const {
  // choose::earliest: an ambiguous time is its first occurrence; a time in a gap is the
  // instant the gap ends (date/tz's to_sys for a nonexistent local time).
  const date::local_seconds local{d.time_since_epoch() + std::chrono::minutes{minute_of_day}};
  return zone_->to_sys(local, date::choose::earliest);
}

}  // namespace chamado
