#pragma once
// Test data builders for calendars (ARCHITECTURE.md §Style 7): named calendars, local dates,
// holidays and instants pinned as text ("2026-02-13T17:00:00-03:00").
#include <chrono>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/time.hpp"

namespace chamado::testing {

inline LocalDay Day(int y, unsigned m, unsigned d) {
  return LocalDay{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

// An instant from ISO text with an offset; aborts on a typo (a test bug, not a case).
inline Instant At(std::string_view iso) {
  const auto t = ParseIso(iso);
  if (!t) std::abort();
  return *t;
}

inline int Hm(int h, int m = 0) { return h * 60 + m; }

// The same intervals on Monday to Friday.
inline WeekHours MondayToFriday(std::vector<DayInterval> day) {
  WeekHours w;
  for (std::size_t d = 1; d <= 5; ++d) w[d] = day;
  return w;
}
inline WeekHours EveryDay(std::vector<DayInterval> day) {
  WeekHours w;
  for (auto& d : w) d = day;
  return w;
}

inline HolidayDay Holiday(LocalDay d, std::string name, std::vector<DayInterval> hours = {}) {
  return HolidayDay{d, std::move(name), std::move(hours)};
}

// Aborts on an invalid calendar (a test bug).
inline Calendar MakeCalendar(std::string_view zone, WeekHours hours, std::vector<HolidayDay> holidays = {}) {
  auto c = Calendar::Make(zone, std::move(hours), std::move(holidays));
  if (!c) std::abort();
  return std::move(*c);
}

// PRODUCT.md §5's default calendar: Mon-Fri 08:30-18:00 America/Sao_Paulo (+ holidays given).
inline Calendar SaoPauloBusinessHours(std::vector<HolidayDay> holidays = {}) {
  return MakeCalendar("America/Sao_Paulo", MondayToFriday({{Hm(8, 30), Hm(18)}}), std::move(holidays));
}
// PRODUCT.md §5's second example: Mon-Fri 09:00-17:30 America/Sao_Paulo.
inline Calendar SaoPauloNineToHalfFive(std::vector<HolidayDay> holidays = {}) {
  return MakeCalendar("America/Sao_Paulo", MondayToFriday({{Hm(9), Hm(17, 30)}}), std::move(holidays));
}
// Open all the time, in a zone (24 x 7 measured in local days).
inline Calendar AlwaysOpen(std::string_view zone) { return MakeCalendar(zone, EveryDay({{0, 1440}})); }

}  // namespace chamado::testing
