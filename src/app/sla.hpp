#pragma once
// SLA policies and each ticket's targets, the use cases (docs/sla.md; PRODUCT.md §5;
// zendesk-compat.md §12). The rules are domain/sla.hpp's: which policy applies, the targets
// from the ticket's history on its group's business calendar (app/calendars.hpp).
//
// - Policies: admins create, change and delete them (/api/v2/slas/policies); agents read them.
// - RecomputeSla runs inside every transaction that writes a ticket (tickets, requests,
//   comments, timers, escalation, merges, duplicates): it stores the ticket's targets
//   (ticket_slas, tickets.sla_next_breach_at) and arms the ticket's SLA timers.
// - Timers: kind "sla_warning:<metric>" due warn_before ahead of the breach, "sla_breach:<metric>"
//   due at it (from/to status 0). Firing one writes an "SlaEvent" on the ticket's timeline by
//   the system (RegisterSlaTimers); nothing else changes.
// - Reads: the stored targets (?include=slas, listings), the customer's resolution due date
//   (chamado_due_at), and for agents each target computed now with its explanation
//   (GET /api/v2/chamado/tickets/{id}/sla).
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports.hpp"
#include "domain/access.hpp"
#include "domain/sla.hpp"
#include "domain/workflow.hpp"

namespace chamado::app {

class CalendarService;
class TimerService;

// [sla] in chamado.toml, resolved by main (the topic field's key to its id).
struct SlaSettings {
  std::chrono::minutes warn_before{60};  // sla.warn_before_minutes: the "about to breach" event
  std::int64_t topic_field_id = 0;       // sla.topic_field: the custom field a "topic" condition reads (0: none)
};

// What every RecomputeSla, SLA timer and SlaService of this process uses: the settings and the
// calendars (app/calendars.hpp CalendarForGroup: a group's schedule, cached). main sets them
// once, before the server and the scheduler start; until then the defaults and no calendars
// (business-hours targets then count calendar time).
void ConfigureSla(const SlaSettings& s, CalendarService* calendars);
const SlaSettings& SlaConfig();

// Timer kinds (ports.hpp timers: one pending per ticket and kind).
inline constexpr std::string_view kSlaWarningTimer = "sla_warning:";
inline constexpr std::string_view kSlaBreachTimer = "sla_breach:";
// The timeline event of a firing: type "SlaEvent", field_name the metric, value one of these,
// previous_value the target's breach_at (ISO 8601).
inline constexpr std::string_view kSlaEventType = "SlaEvent";
inline constexpr std::string_view kSlaAboutToBreach = "about_to_breach";
inline constexpr std::string_view kSlaBreached = "breached";

// Inside the transaction that wrote `t` (after its audit is saved, so the history includes
// this write): picks the policy, computes the targets from the creation at `now`, stores them
// with sla_next_breach_at when they changed, and arms, moves or cancels the ticket's SLA
// timers. A ticket no policy matches keeps no targets and no SLA timers.
Result<void> RecomputeSla(WriteTx& tx, const Workflow& wf, const Ticket& t, Instant now);

// The business calendar of `t` (its group's schedule, else the default; none when there is no
// schedule or no calendars were configured), with the holidays of its life up to `now` and a
// little beyond. Used by the targets and by the ticket metrics' business minutes.
Result<std::optional<Calendar>> TicketCalendar(ReadTx& tx, const Ticket& t, Instant now);

// Registers the "sla_warning:" and "sla_breach:" handlers on the timer service. A firing whose
// target no longer stands (recomputed, achieved, paused, or a warning once breached) is void.
void RegisterSlaTimers(TimerService& timers);

// The targets of one ticket as the agents' explanation endpoint shows them: computed now,
// each with the business-time segments of its current cycle.
struct SlaCalendarInfo {
  std::optional<std::int64_t> schedule_id;  // none: calendar time only (no schedule exists)
  std::string name;
  std::string time_zone;
  int business_day_minutes = 0;
};
struct SlaExplanation {
  std::int64_t ticket_id = 0;
  std::optional<SlaPolicy> policy;  // none: no policy applies
  Priority priority = Priority::kNormal;
  SlaCalendarInfo calendar;
  std::vector<SlaTarget> targets;
  Instant now{};
};

// A policy as a request gives it: what is absent keeps its value on update (on create: empty
// description, no conditions, no metrics, the last position + 1).
struct SlaPolicyInput {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<int> position;
  std::optional<SlaFilter> filter;
  std::optional<std::vector<SlaPolicyMetric>> metrics;
};

class SlaService final {
 public:
  SlaService(Store& store, Clock& clock, const Workflow& wf) : store_(store), clock_(clock), wf_(wf) {}

  // Policies. Staff read; admins write (agents 403, end users 403). A 422 names the field and
  // rule (ValidatePolicy); an unknown id is a 404. Creating without a position appends it
  // (last position + 1). Changing or deleting a policy recomputes the tickets that were under it
  // in the same transaction; other tickets pick up a new policy at their next write (Zendesk's
  // rule).
  Result<std::vector<SlaPolicy>> ListPolicies(const Caller& c);
  Result<SlaPolicy> ShowPolicy(const Caller& c, std::int64_t id);
  Result<SlaPolicy> CreatePolicy(const Caller& c, const SlaPolicyInput& in);
  Result<SlaPolicy> UpdatePolicy(const Caller& c, std::int64_t id, const SlaPolicyInput& in);
  Result<void> DeletePolicy(const Caller& c, std::int64_t id);

  // The stored targets of `tickets` (which the caller may already see), in their order: staff
  // only. One read for the lot.
  Result<std::vector<std::vector<TicketSla>>> TargetsOf(const Caller& c, const std::vector<Ticket>& tickets);
  // The resolution due date of each of `tickets` (the customer's chamado_due_at): the stored
  // resolution_time target's breach_at, none when there is none or it is paused or achieved.
  Result<std::vector<std::optional<Instant>>> DueDatesOf(const std::vector<Ticket>& tickets);
  // GET /api/v2/chamado/tickets/{id}/sla: staff only; 404 for an unknown ticket.
  Result<SlaExplanation> Explain(const Caller& c, std::int64_t ticket_id);

  // Tickets soonest next breach first (GET /tickets?sort_by=chamado_next_breach_at): staff only.
  Result<Page<Ticket>> ListByNextBreach(const Caller& c, const TicketFilter& f, const PageRequest& p);

  Instant Now() { return clock_.Now(); }

 private:
  Store& store_;
  Clock& clock_;
  const Workflow& wf_;
};

}  // namespace chamado::app
