#include "app/timers.hpp"

#include "app/escalation.hpp"
#include "domain/satisfaction.hpp"

namespace chamado::app {
namespace {

std::string KeyOf(const Workflow& wf, std::int64_t status_id) {
  const Status* s = wf.ById(status_id);
  return s ? "'" + s->key + "'" : "status " + std::to_string(status_id);
}

}  // namespace

void SyncStatusTimer(WriteTx& tx, const Workflow& wf, std::optional<std::int64_t> before_status, const Ticket& t,
                     Instant now) {
  if (before_status && *before_status == t.custom_status_id) return;
  const Status* s = wf.ById(t.custom_status_id);
  std::optional<Timer> next = s ? StatusAutoTimer(wf, *s, t.id, now) : std::nullopt;
  if (next) {
    tx.ScheduleTimer(*next);  // replaces the pending one of the status left, if any
  } else if (before_status) {
    tx.CancelTimers(t.id, kStatusAutoTimer);
  }
}

Result<int> TimerService::FireDue(Instant now, int limit, std::vector<FiredTimer>* report) {
  std::vector<FiredTimer> handled;
  int moved = 0;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    handled.clear();  // the store may run this function again (a retried transaction)
    moved = 0;
    for (Timer& timer : tx.ClaimDueTimers(now, limit)) {
      auto ticket = tx.TicketById(timer.ticket_id);
      TimerFiring firing;
      if (ticket)
        firing = FireTimer(wf_, *ticket, timer, now);
      else
        firing.void_reason = "ticket " + std::to_string(timer.ticket_id) + " does not exist";
      const bool applies = firing.change.has_value();
      const std::string_view outcome = applies ? kTimerApplied : kTimerVoid;
      // Marked before the move: the status entered may schedule a timer of the same kind,
      // which must be a new row, not this one rescheduled.
      if (!tx.MarkTimerFired(timer.id, now, node_, outcome))
        return Fail(Error::Conflict("timer " + std::to_string(timer.id) + " is no longer pending"));
      timer.fired_at = now;
      timer.fired_by = node_;
      timer.outcome = std::string(outcome);
      if (!applies) {
        handled.push_back({timer, firing.void_reason});
        continue;
      }
      Ticket t = std::move(firing.change->after);
      OfferSatisfactionOnSolve(wf_, ticket->custom_status_id, t);  // ---- satisfaction: a timer can close
      t.version = ticket->version + 1;
      if (!tx.UpdateTicket(t, ticket->version))
        return Fail(Error::Conflict("ticket " + std::to_string(t.id) + " changed while its timer fired"));
      Audit a;
      a.ticket_id = t.id;
      a.author_id = kSystemAuthorId;
      a.via_channel = std::string(kViaRule);
      a.created_at = now;
      a.events = std::move(firing.change->events);
      tx.InsertAudit(a);
      SyncStatusTimer(tx, wf_, ticket->custom_status_id, t, now);
      // ---- escalation: a problem closed by its timer concludes its incidents
      if (auto ok = ConcludeEscalations(tx, wf_, ticket->custom_status_id, t, now); !ok) return ok;
      ++moved;
      handled.push_back({timer, KeyOf(wf_, timer.from_status_id) + " -> " + KeyOf(wf_, timer.to_status_id) +
                                    " (audit " + std::to_string(a.id) + ")"});
    }
    return {};
  });
  if (!r) return Fail(r.error());
  if (report) *report = std::move(handled);
  return moved;
}

}  // namespace chamado::app
