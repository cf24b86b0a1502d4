#pragma once
// Durable timers, the use cases (docs/workflows.md, "Timers"): keeping each ticket's status
// timer in step with its status, and firing the due ones. The store keeps the timers
// (ports.hpp), a scheduler adapter calls FireDue every poll.
//
// Exactly once, with any number of nodes on one database: FireDue claims, moves, audits and
// marks fired in ONE store transaction. The claim locks the timer and its ticket so another
// node's claim skips them; once committed the timer is fired and no claim returns it again; if
// the node dies before COMMIT nothing of it persists and the timer is still pending for the
// next claim, on any node.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/ports.hpp"
#include "domain/timers.hpp"
#include "domain/workflow.hpp"

namespace chamado::app {

// Keeps `t`'s status timer in step with its status. Call it inside the transaction that
// writes the ticket, once the write succeeded, with the status the ticket had before
// (nullopt for a new ticket) and `now`, the instant of the write. A change of status cancels
// the pending timer of the status left and schedules the `auto` move of the status entered,
// due from `now`; no change of status leaves the timer as it is (it keeps counting from the
// entry). So a ticket that leaves a status and comes back is rescheduled from its return.
void SyncStatusTimer(WriteTx& tx, const Workflow& wf, std::optional<std::int64_t> before_status, const Ticket& t,
                     Instant now);

// One timer FireDue handled: as stored after firing (fired_at, fired_by, outcome set).
struct FiredTimer {
  Timer timer;
  std::string detail;  // "'awaiting_response' -> 'closed'", or why it was void
};

class TimerService final {
 public:
  // `node` names this process in fired_by (host:pid).
  TimerService(Store& store, const Workflow& wf, std::string node) : store_(store), wf_(wf), node_(std::move(node)) {}

  const std::string& node() const { return node_; }

  // Fires the timers due at `now`, at most `limit`, oldest first, in one store transaction.
  // Each timer whose ticket is still in its from_status moves the ticket to its to_status as
  // the system (the workflow's rules for Actor::kSystem), with an audit by kSystemAuthorId via
  // "rule" holding the status-change events, a new ticket version, and the next status's own
  // timer if it has one. A timer that no longer applies (the ticket left from_status, or the
  // workflow no longer allows the move) moves nothing and is marked fired with outcome "void".
  // Every handled timer is marked fired (kept as history). Returns how many moved a ticket;
  // `report`, when given, receives every handled timer once the transaction has committed.
  // On an error nothing was fired: the timers stay pending for the next call.
  Result<int> FireDue(Instant now, int limit, std::vector<FiredTimer>* report = nullptr);

 private:
  Store& store_;
  const Workflow& wf_;
  std::string node_;
};

}  // namespace chamado::app
