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

std::optional<Timer> StatusReminderTimer(const Status& status, std::int64_t ticket_id, Instant entered) {
  if (!status.remind) return std::nullopt;
  Timer t;
  t.ticket_id = ticket_id;
  t.kind = std::string(kReminderTimer);
  t.from_status_id = status.id;
  t.to_status_id = status.id;
  t.due_at = entered + status.remind->after;
  t.created_at = entered;
  return t;
}

std::string ReminderVoidReason(const Workflow& wf, const Ticket& t, const Timer& timer, Instant now) {
  if (t.custom_status_id != timer.from_status_id)
    return "the ticket left status " + Named(wf, timer.from_status_id) + " (it is in " + Named(wf, t.custom_status_id) +
           ")";
  const Status* s = wf.ById(timer.from_status_id);
  if (!s) return "workflow '" + wf.name + "' has no status " + Named(wf, timer.from_status_id);
  if (!s->remind) return "status " + Named(wf, s->id) + " no longer declares a reminder";
  if (s->auto_transition && now >= timer.created_at + s->auto_transition->after)
    return "too late: the automatic move to '" + s->auto_transition->to + "' was due at " +
           FormatIso(timer.created_at + s->auto_transition->after);
  return "";
}

std::string DelayText(std::chrono::seconds d) {
  const auto n = d.count();
  if (n > 0 && n % 86400 == 0 && n >= 3 * 86400) return std::to_string(n / 86400) + "d";
  if (n > 0 && n % 3600 == 0) return std::to_string(n / 3600) + "h";
  if (n > 0 && n % 60 == 0) return std::to_string(n / 60) + "m";
  return std::to_string(n) + "s";
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
