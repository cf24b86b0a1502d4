#include "app/timers.hpp"

#include "app/escalation.hpp"
#include "app/notifications.hpp"
#include "app/sla.hpp"
#include "domain/satisfaction.hpp"

namespace chamado::app {
namespace {

std::string KeyOf(const Workflow& wf, std::int64_t status_id) {
  const Status* s = wf.ById(status_id);
  return s ? "'" + s->key + "'" : "status " + std::to_string(status_id);
}

std::string BareKeyOf(const Workflow& wf, std::int64_t status_id) {
  const Status* s = wf.ById(status_id);
  return s ? s->key : std::to_string(status_id);
}

// "status_auto": the status's `auto` move, as the system (domain/timers.hpp FireTimer).
Result<TimerAction> FireStatusAuto(const TimerContext& c) {
  TimerFiring firing = FireTimer(c.wf, c.ticket, c.timer, c.now);
  TimerAction a;
  if (!firing.change) {
    a.void_reason = std::move(firing.void_reason);
    return a;
  }
  const Status& from = *c.wf.ById(c.timer.from_status_id);  // FireTimer checked both
  a.rule = std::string(kStatusAutoTimer) + " " + from.key + " " + DelayText(from.auto_transition->after) + " -> " +
           BareKeyOf(c.wf, c.timer.to_status_id);
  a.events = std::move(firing.change->events);
  a.after = std::move(firing.change->after);
  a.detail = KeyOf(c.wf, c.timer.from_status_id) + " -> " + KeyOf(c.wf, c.timer.to_status_id);
  return a;
}

// "reminder": a "Reminder" event naming the status the customer is reminded of (the e-mail
// of the notifications issue reads it); the ticket does not change.
Result<TimerAction> FireReminder(const TimerContext& c) {
  TimerAction a;
  a.void_reason = ReminderVoidReason(c.wf, c.ticket, c.timer, c.now);
  if (!a.void_reason.empty()) return a;
  const Status& s = *c.wf.ById(c.timer.from_status_id);
  a.rule = std::string(kReminderTimer) + " " + s.key + " " + DelayText(s.remind->after);
  a.events.push_back(Event{0, "Reminder", "custom_status_id", std::to_string(s.id), "", 0});
  a.detail = "reminder in " + KeyOf(c.wf, s.id);
  return a;
}

}  // namespace

void SyncStatusTimer(WriteTx& tx, const Workflow& wf, std::optional<std::int64_t> before_status, const Ticket& t,
                     Instant now) {
  if (before_status && *before_status == t.custom_status_id) return;
  const Status* s = wf.ById(t.custom_status_id);
  // Each kind: the status entered's timer replaces the pending one of the status left (an
  // upsert), or the status left's is cancelled when the one entered has none.
  auto sync = [&](std::string_view kind, std::optional<Timer> next) {
    if (next)
      tx.ScheduleTimer(*next);
    else if (before_status)
      tx.CancelTimers(t.id, kind);
  };
  sync(kStatusAutoTimer, s ? StatusAutoTimer(wf, *s, t.id, now) : std::nullopt);
  sync(kReminderTimer, s ? StatusReminderTimer(*s, t.id, now) : std::nullopt);
}

TimerService::TimerService(Store& store, const Workflow& wf, std::string node)
    : store_(store), wf_(wf), node_(std::move(node)) {
  Handle(std::string(kStatusAutoTimer), FireStatusAuto);
  Handle(std::string(kReminderTimer), FireReminder);
}

void TimerService::Handle(std::string kind_prefix, TimerHandler handler) {
  for (auto& [prefix, h] : handlers_)
    if (prefix == kind_prefix) {
      h = std::move(handler);
      return;
    }
  handlers_.emplace_back(std::move(kind_prefix), std::move(handler));
}

const TimerHandler* TimerService::HandlerFor(std::string_view kind) const {
  const TimerHandler* best = nullptr;
  std::size_t best_len = 0;
  for (const auto& [prefix, h] : handlers_)
    if (kind.starts_with(prefix) && (!best || prefix.size() > best_len)) {
      best = &h;
      best_len = prefix.size();
    }
  return best;
}

Result<int> TimerService::FireDue(Instant now, int limit, std::vector<FiredTimer>* report) {
  std::vector<FiredTimer> handled;
  int applied = 0;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    handled.clear();  // the store may run this function again (a retried transaction)
    applied = 0;
    for (Timer& timer : tx.ClaimDueTimers(now, limit)) {
      auto ticket = tx.TicketById(timer.ticket_id);
      TimerAction action;
      if (!ticket) {
        action.void_reason = "ticket " + std::to_string(timer.ticket_id) + " does not exist";
      } else if (const TimerHandler* handler = HandlerFor(timer.kind)) {
        auto decided = (*handler)(TimerContext{tx, wf_, timer, *ticket, now});
        if (!decided) return Fail(decided.error());
        action = std::move(*decided);
      } else {
        action.void_reason = "no handler takes timers of kind '" + timer.kind + "'";
      }
      const bool applies = action.void_reason.empty();
      const std::string_view outcome = applies ? kTimerApplied : kTimerVoid;
      // Marked before the move: the status entered may schedule a timer of the same kind,
      // which must be a new row, not this one rescheduled.
      if (!tx.MarkTimerFired(timer.id, now, node_, outcome))
        return Fail(Error::Conflict("timer " + std::to_string(timer.id) + " is no longer pending"));
      timer.fired_at = now;
      timer.fired_by = node_;
      timer.outcome = std::string(outcome);
      if (!applies) {
        handled.push_back({timer, std::move(action.void_reason)});
        continue;
      }
      std::optional<Ticket> after = std::move(action.after);
      if (after) {
        OfferSatisfactionOnSolve(wf_, ticket->custom_status_id, *after);  // ---- satisfaction: a timer can close
        after->version = ticket->version + 1;
        if (!tx.UpdateTicket(*after, ticket->version))
          return Fail(Error::Conflict("ticket " + std::to_string(after->id) + " changed while its timer fired"));
      }
      Audit a = SystemAudit(ticket->id, std::move(action.events), now);
      a.events.push_back(RuleEvent(action.rule));
      tx.InsertAudit(a);
      // ---- e-mail: reminders, auto-close (app/notifications.hpp)
      if (auto ok = NotifyAudit(tx, wf_, after ? *after : *ticket, a, now); !ok) return ok;
      if (after) {
        SyncStatusTimer(tx, wf_, ticket->custom_status_id, *after, now);
        // ---- escalation: a problem closed by its timer concludes its incidents
        if (auto ok = ConcludeEscalations(tx, wf_, ticket->custom_status_id, *after, now); !ok) return ok;
        if (auto ok = RecomputeSla(tx, wf_, *after, now); !ok) return ok;  // ---- sla: a move made by a timer
      }
      ++applied;
      handled.push_back({timer, action.detail + " (audit " + std::to_string(a.id) + ")"});
    }
    return {};
  });
  if (!r) return Fail(r.error());
  if (report) *report = std::move(handled);
  return applied;
}

Result<std::optional<Instant>> TimerService::NextDue() {
  std::optional<Instant> out;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    out = tx.NextTimerDue();
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

Result<std::int64_t> TimerService::PendingDue(Instant now) {
  std::int64_t n = 0;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    n = tx.PendingDueTimers(now);
    return {};
  });
  if (!r) return Fail(r.error());
  return n;
}

}  // namespace chamado::app
