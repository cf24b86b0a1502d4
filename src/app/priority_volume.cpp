#include "app/priority_volume.hpp"

#include <string>
#include <vector>

#include "app/sla.hpp"
#include "domain/escalation.hpp"
#include "domain/ticket_change.hpp"

namespace chamado::app {
namespace {

// The problem's audits created after `since`, newest first: pages walked down by id until an
// older one (ids grow with time), so a problem with a long history costs only its window.
std::vector<Audit> AuditsSince(ReadTx& tx, std::int64_t ticket_id, Instant since) {
  PageRequest p;
  p.limit = 200;
  p.descending = true;
  p.want_count = false;
  std::vector<Audit> out;
  for (;;) {
    auto page = tx.AuditsOf(ticket_id, p);
    for (auto& a : page.items) {
      if (a.created_at <= since) return out;
      out.push_back(std::move(a));
    }
    if (!page.has_more || out.empty()) return out;
    p.after_id = out.back().id;
  }
}

Error Conflict(std::int64_t id) {
  return Error::Conflict("Ticket " + std::to_string(id) + " changed meanwhile; please retry");
}

}  // namespace

Result<void> NoteIncidentLinked(WriteTx& tx, const Workflow& wf, std::int64_t problem_id, std::int64_t incident_id,
                                std::int64_t author, const VolumeRule& rule, Instant now) {
  auto problem = tx.TicketById(problem_id);
  if (!problem || problem->type != TicketType::kProblem) return {};
  Ticket p = *problem;
  p.version = problem->version + 1;
  p.updated_at = now;
  if (!tx.UpdateTicket(p, problem->version)) return Fail(Conflict(p.id));
  Audit a;
  a.ticket_id = p.id;
  a.author_id = author;
  a.via_channel = "api";
  a.created_at = now;
  a.events.push_back(EscalationEvent(kIncidentLinked, incident_id));
  tx.InsertAudit(a);
  return RaisePriorityFromVolume(tx, wf, problem_id, rule, now);
}

Result<void> RaisePriorityFromVolume(WriteTx& tx, const Workflow& wf, std::int64_t problem_id, const VolumeRule& rule,
                                     Instant now) {
  if (!rule.on()) return {};
  auto problem = tx.TicketById(problem_id);
  if (!problem || problem->type != TicketType::kProblem) return {};
  const auto decision = DecidePriorityFromVolume(*problem, AuditsSince(tx, problem_id, now - rule.window), rule, now);
  if (!decision.raise_to) return {};
  Ticket t = *problem;
  std::vector<Event> events;
  events.push_back(Event{0, "Change", "priority", std::string(PriorityName(*decision.raise_to)),
                         t.priority ? std::string(PriorityName(*t.priority)) : "", 0});
  events.push_back(RuleEvent(decision.rule));
  t.priority = decision.raise_to;
  t.updated_at = now;
  t.version = problem->version + 1;
  if (!tx.UpdateTicket(t, problem->version)) return Fail(Conflict(t.id));
  Audit a = SystemAudit(t.id, std::move(events), now);
  tx.InsertAudit(a);
  return RecomputeSla(tx, wf, t, now);  // ---- sla: targets follow the priority
}

}  // namespace chamado::app
