#include "domain/holidays.hpp"

#include <algorithm>

namespace chamado {

namespace {

using std::chrono::days;
using std::chrono::year;

bool AppliesIn(const HolidayRule& r, int y) {
  if (r.from_year && y < *r.from_year) return false;
  if (r.until_year && y > *r.until_year) return false;
  return std::ranges::find(r.except_years, y) == r.except_years.end();
}

// The rule's date in year `y`, before any move; nullopt when the year lacks it.
std::optional<LocalDay> DateIn(const HolidayRule& r, int y) {
  using std::chrono::month;
  using std::chrono::weekday;
  switch (r.kind) {
    case HolidayRule::Kind::kFixed: {
      const std::chrono::year_month_day ymd{year{y}, month{r.month}, std::chrono::day{r.day}};
      if (!ymd.ok()) return std::nullopt;
      return LocalDay{ymd};
    }
    case HolidayRule::Kind::kEaster: return EasterSunday(y) + days{r.easter_offset};
    case HolidayRule::Kind::kNthWeekday: {
      if (r.nth == -1) {
        const std::chrono::year_month_weekday_last last{year{y}, month{r.month},
                                                        std::chrono::weekday_last{weekday{r.weekday}}};
        if (!last.ok()) return std::nullopt;
        return LocalDay{last};
      }
      if (r.nth < 1 || r.nth > 5) return std::nullopt;
      const std::chrono::year_month_weekday nth{year{y}, month{r.month},
                                                weekday{r.weekday}[static_cast<unsigned>(r.nth)]};
      if (!nth.ok()) return std::nullopt;
      return LocalDay{nth};
    }
    case HolidayRule::Kind::kOnce:
      if (std::chrono::year_month_day{r.date}.year() != year{y}) return std::nullopt;
      return r.date;
  }
  return std::nullopt;
}

LocalDay Moved(HolidayRule::Move move, LocalDay d) {
  const unsigned wd = std::chrono::weekday{d}.c_encoding();  // 0 Sunday .. 6 Saturday
  switch (move) {
    case HolidayRule::Move::kNone: return d;
    case HolidayRule::Move::kNextMonday: return wd == 1 ? d : d + days{(8 - wd) % 7};
    case HolidayRule::Move::kArgentina:
      switch (wd) {
        case 2: return d - days{1};  // Tuesday -> previous Monday
        case 3: return d - days{2};  // Wednesday -> previous Monday
        case 4: return d + days{4};  // Thursday -> next Monday
        case 5: return d + days{3};  // Friday -> next Monday
        default: return d;
      }
  }
  return d;
}

}  // namespace

LocalDay EasterSunday(int y) {
  const int a = y % 19;
  const int b = y / 100;
  const int c = y % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return LocalDay{year{y} / std::chrono::month{static_cast<unsigned>(month)} /
                  std::chrono::day{static_cast<unsigned>(day)}};
}

std::vector<HolidayDay> ExpandHolidays(const HolidaySet& set, int from_year, int to_year) {
  std::vector<HolidayDay> out;
  for (int y = from_year; y <= to_year; ++y) {
    const std::size_t year_begin = out.size();
    // Unmoved holidays first: an Argentine move onto one of them is not made.
    for (const auto& r : set.rules) {
      if (r.move == HolidayRule::Move::kArgentina || !AppliesIn(r, y)) continue;
      if (const auto d = DateIn(r, y)) out.push_back({Moved(r.move, *d), r.name, r.hours});
    }
    const std::size_t fixed_end = out.size();
    for (const auto& r : set.rules) {
      if (r.move != HolidayRule::Move::kArgentina || !AppliesIn(r, y)) continue;
      const auto d = DateIn(r, y);
      if (!d) continue;
      LocalDay target = Moved(r.move, *d);
      const auto taken = [&](LocalDay t) {
        return std::any_of(out.begin() + static_cast<std::ptrdiff_t>(year_begin),
                           out.begin() + static_cast<std::ptrdiff_t>(fixed_end),
                           [&](const HolidayDay& h) { return h.day == t; });
      };
      if (target != *d && taken(target)) target = *d;
      out.push_back({target, r.name, r.hours});
    }
  }
  std::ranges::stable_sort(out, {}, &HolidayDay::day);
  return out;
}

Result<std::vector<HolidayDay>> ResolveHolidaySet(std::span<const HolidaySet> sets, std::string_view id, int from_year,
                                                  int to_year, std::string_view field) {
  std::vector<HolidayDay> out;
  std::vector<std::string_view> seen;
  std::optional<std::string_view> next = id;
  while (next) {
    const auto it = std::ranges::find(sets, *next, &HolidaySet::id);
    if (it == sets.end()) {
      return Fail(Error::Invalid(std::string(field), "InvalidValue",
                                 std::string(field) + ": unknown holiday set '" + std::string(*next) + "'"));
    }
    if (std::ranges::find(seen, *next) != seen.end()) {
      return Fail(Error::Invalid(std::string(field), "InvalidValue",
                                 std::string(field) + ": holiday set '" + std::string(id) + "' extends itself"));
    }
    seen.push_back(it->id);
    auto own = ExpandHolidays(*it, from_year, to_year);
    out.insert(out.end(), std::make_move_iterator(own.begin()), std::make_move_iterator(own.end()));
    next = it->extends ? std::optional<std::string_view>(*it->extends) : std::nullopt;
  }
  std::ranges::stable_sort(out, {}, &HolidayDay::day);
  return out;
}

}  // namespace chamado
