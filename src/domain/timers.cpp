#include "domain/timers.hpp"

namespace chamado {
namespace {

// A status named for a log line: its key, or its id when the workflow lacks it.
std::string Named(const Workflow& wf, std::int64_t id) {
  const Status* s = wf.ById(id);
  return s ? "'" + s->key + "'" : "id " + std::to_string(id);
}

}  // namespace

std::optional<Timer> StatusAutoTimer(const Workflow& wf, const Status& status, std::int64_t ticket_id,
                                     Instant entered) {
  if (!status.auto_transition) return std::nullopt;
  const Status* to = wf.ByKey(status.auto_transition->to);
  if (!to) return std::nullopt;  // Validate() refuses such a workflow; nothing to schedule
  Timer t;
  t.ticket_id = ticket_id;
  t.kind = std::string(kStatusAutoTimer);
  t.from_status_id = status.id;
  t.to_status_id = to->id;
  t.due_at = entered + status.auto_transition->after;
  t.created_at = entered;
  return t;
}

TimerFiring FireTimer(const Workflow& wf, const Ticket& t, const Timer& timer, Instant now) {
  TimerFiring out;
  if (t.custom_status_id != timer.from_status_id) {
    out.void_reason = "the ticket left status " + Named(wf, timer.from_status_id) + " (it is in " +
                      Named(wf, t.custom_status_id) + ")";
    return out;
  }
  if (!wf.ById(timer.from_status_id) || !wf.ById(timer.to_status_id)) {
    out.void_reason = "workflow '" + wf.name + "' has no status " +
                      Named(wf, wf.ById(timer.from_status_id) ? timer.to_status_id : timer.from_status_id);
    return out;
  }
  const Status& from = *wf.ById(timer.from_status_id);
  if (!from.auto_transition || from.auto_transition->to != wf.ById(timer.to_status_id)->key) {
    out.void_reason =
        "status " + Named(wf, from.id) + " no longer declares an automatic move to " + Named(wf, timer.to_status_id);
    return out;
  }
  TicketPatch move;
  move.custom_status_id = timer.to_status_id;
  auto change = ApplyPatch(t, move, wf, Actor::kSystem, now);
  if (!change) {
    out.void_reason = change.error().fields.empty() ? change.error().description : change.error().fields[0].description;
    return out;
  }
  out.change = std::move(*change);
  return out;
}

}  // namespace chamado
