#pragma once
// Durable timers (PRODUCT.md §2, §5): the workflow's automatic moves ("no answer in 48 h →
// Closed") as values. Pure: the instant a ticket entered its status and the instant a timer
// fires are arguments; nothing here reads a clock. The store keeps the timers (app/ports.hpp),
// the app keeps them in step with each ticket's status, a scheduler fires the due ones.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/ticket.hpp"
#include "domain/ticket_change.hpp"
#include "domain/time.hpp"
#include "domain/workflow.hpp"

namespace chamado {

// The kind of a status's `auto` timer. A ticket has at most one pending timer per kind.
inline constexpr std::string_view kStatusAutoTimer = "status_auto";
// The kind of a status's `remind` timer (from_status_id = to_status_id = the status).
inline constexpr std::string_view kReminderTimer = "reminder";

// What happened when a timer fired.
inline constexpr std::string_view kTimerApplied = "applied";  // the move was made
inline constexpr std::string_view kTimerVoid = "void";        // it no longer applied: nothing moved

struct Timer {
  std::int64_t id = 0;
  std::int64_t ticket_id = 0;
  std::string kind;
  std::int64_t from_status_id = 0;  // the status the ticket must still be in when it fires
  std::int64_t to_status_id = 0;    // where the system then moves it
  Instant due_at{};
  Instant created_at{};  // when it was (re)scheduled: the ticket's entry into from_status
  // Set once, when it fires: a fired timer is history and never fires again.
  std::optional<Instant> fired_at;
  std::optional<std::string> fired_by;  // the node that fired it (host:pid)
  std::optional<std::string> outcome;   // kTimerApplied or kTimerVoid
  bool pending() const { return !fired_at.has_value(); }
};

// The timer a ticket needs after entering `status` at `entered`: the status's `auto` move,
// due `after` later in calendar time (PRODUCT.md §5: the automatic closes run on the
// customer's clock). None when the status has no `auto` (or names a status the workflow lacks).
std::optional<Timer> StatusAutoTimer(const Workflow& wf, const Status& status, std::int64_t ticket_id, Instant entered);

// The reminder a ticket needs after entering `status` at `entered`: due `remind.after` later
// (calendar time). None when the status has no `remind`.
std::optional<Timer> StatusReminderTimer(const Status& status, std::int64_t ticket_id, Instant entered);

// Why a reminder firing at `now` no longer applies to `t` ("" when it does): the ticket left
// the status, the status no longer declares a reminder, or it fires so late (downtime) that
// the status's automatic move is already due: it would remind of a deadline already past.
std::string ReminderVoidReason(const Workflow& wf, const Ticket& t, const Timer& timer, Instant now);

// A delay as the workflow file writes it: "48h", "7d", "30m", "90s" (days from 3 days up,
// when whole).
std::string DelayText(std::chrono::seconds d);

// What firing `timer` at `now` does to `t`. Either the change (the system's move to the
// timer's to_status, checked by the workflow's rules as Actor::kSystem, with its status
// events and updated_at = now), or no change and the reason it no longer applies: the ticket
// is no longer in from_status (it left without the timer being cancelled), a status is
// unknown, from_status no longer declares this `auto` move, or the transitions no longer let
// the system make it (the workflow file changed under a pending timer).
struct TimerFiring {
  std::optional<ChangeOutcome> change;
  std::string void_reason;  // set when there is no change
};
TimerFiring FireTimer(const Workflow& wf, const Ticket& t, const Timer& timer, Instant now);

}  // namespace chamado
