#pragma once
// Business time arithmetic (PRODUCT.md §5, docs/calendars.md): add an amount of business time
// to an instant, measure business time between two instants, both skipping what is outside
// the calendar's hours, holidays and pause intervals -- and explain what was counted and
// skipped, so a due date can justify itself (GET /api/v2/chamado/tickets/{id}/sla).
// A null calendar means calendar time (24 x 7; only pauses are skipped). Second resolution.
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/time.hpp"

namespace chamado {

// A span during which a target does not count (a pausing status). `to` empty: still paused.
struct PauseInterval {
  Instant from{};
  std::optional<Instant> to;
  std::string reason;  // "paused: Awaiting your response"
};

// One piece of an explanation. Counted pieces carry no reason; skipped ones say why:
// "outside business hours", "weekend", a holiday's name ("Carnaval"), a pause's reason.
struct TimeSegment {
  Instant from{};
  Instant to{};
  bool counted = false;
  std::string reason;
  friend bool operator==(const TimeSegment&, const TimeSegment&) = default;
};

// The instant at which `amount` of business time after `start` has elapsed: the end of the
// last counted second. Pauses may overlap and be unsorted (overlapping ones are merged under
// the earliest one's reason). nullopt when an open-ended pause starts before the amount is
// reached (the due time is unknown while paused), or when the calendar never opens again (no
// weekly hours and no half-day holiday ahead). `explain`, when given, is cleared and receives
// the consecutive segments from `start` to the result (adjacent pieces of one kind and reason
// merged; when nullopt, up to where time stopped). Closed time says why: "weekend" (a weekday
// without hours, holidays on it included), the holiday's name (a holiday on a day that would
// be open; for a half day, its closed gaps that overlap the usual hours), else "outside
// business hours". Cost: one step per business interval and closed day, one tz lookup per
// offset change.
std::optional<Instant> AddBusinessTime(const Calendar* cal, Instant start, std::chrono::seconds amount,
                                       std::span<const PauseInterval> pauses = {},
                                       std::vector<TimeSegment>* explain = nullptr);

// Business time in [from, to) (zero when to <= from), skipping pauses (an open pause runs to `to`).
std::chrono::seconds BusinessTimeBetween(const Calendar* cal, Instant from, Instant to,
                                         std::span<const PauseInterval> pauses = {},
                                         std::vector<TimeSegment>* explain = nullptr);

}  // namespace chamado
