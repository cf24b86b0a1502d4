#pragma once
// Durable timers, the use cases (docs/workflows.md, "Timers"): keeping each ticket's status
// timers in step with its status, and firing the due ones. The store keeps the timers
// (ports.hpp); a scheduler adapter calls FireDue when the next one is due (and the manual
// clock's endpoint calls it before it answers).
//
// Exactly once, with any number of nodes on one database: FireDue claims, handles, audits and
// marks fired in ONE store transaction. The claim locks the timer and its ticket so another
// node's claim skips them; once committed the timer is fired and no claim returns it again; if
// the node dies before COMMIT nothing of it persists and the timer is still pending for the
// next claim, on any node.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/ports.hpp"
#include "domain/timers.hpp"
#include "domain/workflow.hpp"

namespace chamado::app {

// Keeps `t`'s status timers in step with its status: the status's `auto` move (kind
// "status_auto") and its `remind` (kind "reminder"). Call it inside the transaction that
// writes the ticket, once the write succeeded, with the status the ticket had before
// (nullopt for a new ticket) and `now`, the instant of the write. A change of status cancels
// the pending timers of the status left and schedules those of the status entered, due from
// `now`; no change of status leaves them as they are (they keep counting from the entry). So
// a ticket that leaves a status and comes back is rescheduled from its return.
void SyncStatusTimer(WriteTx& tx, const Workflow& wf, std::optional<std::int64_t> before_status, const Ticket& t,
                     Instant now);

// ---- timer kinds: the registry (TimerService::Handle). Each claimed timer goes to the handler
// registered for the longest prefix of its kind. Built in: "status_auto" (a status's `auto`
// move) and "reminder" (a status's `remind`). app/sla registers "sla_warning:" and
// "sla_breach:" (kinds "sla_breach:resolution_time", ...; from/to status 0).
//
// A handler DECIDES what a firing does; FireDue WRITES it, the same way for every kind:
//   - void (`void_reason` set): nothing is written; the timer is marked fired, outcome "void";
//   - else one audit by the system (author kSystemAuthorId, via "rule", created_at now) with
//     `events` followed by RuleEvent(`rule`) (domain/ticket.hpp: type "Rule", field_name
//     "rule"): each firing is an event on the ticket's timeline naming the rule; and, when `after` is
//     set, the ticket as it becomes (written with version + 1, then what every ticket write
//     does: status timers re-armed, escalations concluded, SLA recomputed); outcome "applied".
// A handler runs inside FireDue's transaction (it may read through ctx.tx, and write rows of
// its own). An error result rolls back the whole batch, which is retried at the next poll:
// return an error only for a failure that may pass (the store); a timer that can never apply
// is void.
struct TimerContext {
  WriteTx& tx;
  const Workflow& wf;
  const Timer& timer;    // as claimed (still pending)
  const Ticket& ticket;  // as stored when claimed
  Instant now;           // the firing instant (the clock's time)
};
struct TimerAction {
  std::string void_reason;      // set: the timer no longer applies; nothing else is read
  std::string rule;             // the rule on the timeline: "status_auto awaiting_response 48h -> closed"
  std::vector<Event> events;    // the audit's own events ("Change" of a move, "Reminder", "SlaEvent")
  std::optional<Ticket> after;  // the ticket as it becomes (updated_at = now), when the firing changes it
  std::string detail;           // for the log line ("'awaiting_response' -> 'closed'")
};
using TimerHandler = std::function<Result<TimerAction>(const TimerContext&)>;

// One timer FireDue handled: as stored after firing (fired_at, fired_by, outcome set).
struct FiredTimer {
  Timer timer;
  std::string detail;  // "'awaiting_response' -> 'closed'", or why it was void
};

class TimerService final {
 public:
  // `node` names this process in fired_by (host:pid). Registers the built-in kinds.
  TimerService(Store& store, const Workflow& wf, std::string node);

  const std::string& node() const { return node_; }
  const Workflow& workflow() const { return wf_; }

  // Registers `handler` for the kinds starting with `kind_prefix` (a later registration of
  // the same prefix replaces the earlier). Call before the scheduler starts: not thread-safe.
  void Handle(std::string kind_prefix, TimerHandler handler);

  // Fires the timers due at `now`, at most `limit`, oldest due first, in one store
  // transaction, each through its kind's handler (above). A timer of a kind no handler takes,
  // or whose ticket no longer exists, is void. Every handled timer is marked fired (kept as
  // history). Returns how many applied; `report`, when given, receives every handled timer
  // once the transaction has committed. On an error nothing was fired: the timers stay
  // pending for the next call.
  Result<int> FireDue(Instant now, int limit, std::vector<FiredTimer>* report = nullptr);

  // ---- for the scheduler's sleep and the manual clock's wait: the earliest due_at of any
  // pending timer (nullopt: none), and how many pending timers are due at or before `now`.
  Result<std::optional<Instant>> NextDue();
  Result<std::int64_t> PendingDue(Instant now);

 private:
  const TimerHandler* HandlerFor(std::string_view kind) const;

  Store& store_;
  const Workflow& wf_;
  std::string node_;
  std::vector<std::pair<std::string, TimerHandler>> handlers_;
};

}  // namespace chamado::app
