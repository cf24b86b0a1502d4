#include "app/escalation.hpp"

#include <algorithm>

#include "app/notifications.hpp"
#include "app/priority_volume.hpp"
#include "app/sla.hpp"
#include "app/timers.hpp"
#include "domain/ticket_change.hpp"

namespace chamado::app {
namespace {

// An internal note on `t` by `author` (none when `body` is empty).
std::optional<Comment> InternalNote(const Ticket& t, const std::string& body, std::int64_t author, Instant now) {
  if (body.empty()) return std::nullopt;
  Comment c;
  c.ticket_id = t.id;
  c.author_id = author;
  c.body = body;
  c.is_public = false;
  c.via_channel = "api";
  c.created_at = now;
  return c;
}

// Inserts the note (if any) and one audit holding `events` and the note; returns the audit
// (none when there was nothing to record).
std::optional<Audit> SaveAudit(WriteTx& tx, std::int64_t ticket_id, std::vector<Event> events,
                               std::optional<Comment> note, std::int64_t author, std::string_view via, Instant now) {
  if (note) {
    tx.InsertComment(*note);
    events.push_back(CommentEvent(*note));
  }
  if (events.empty()) return std::nullopt;
  Audit a;
  a.ticket_id = ticket_id;
  a.author_id = author;
  a.via_channel = std::string(via);
  a.created_at = now;
  a.events = std::move(events);
  tx.InsertAudit(a);
  return a;
}

Error Conflict(std::int64_t id) {
  return Error::Conflict("Ticket " + std::to_string(id) + " changed meanwhile; please retry");
}

// The new internal problem ticket for `incident`, owned by `group_id`, requested by the agent.
Result<Ticket> CreateProblem(WriteTx& tx, const Workflow& wf, const Ticket& incident, std::int64_t group_id,
                             std::int64_t agent_id, const std::string& reason, Instant now) {
  if (!tx.GroupById(group_id))
    return Fail(Error::Invalid("group_id", "InvalidValue", "Group: " + std::to_string(group_id) + " does not exist"));
  std::string body = "Escalated from ticket #" + std::to_string(incident.id) + ".";
  if (!reason.empty()) body += "\n\n" + reason;
  if (body.size() > kMaxCommentBytes) body = reason;  // the reason alone was checked against the limit
  Ticket base;
  base.requester_id = agent_id;  // never the customer: the problem must stay out of their view
  base.submitter_id = agent_id;
  base.description = body;
  base.is_public = false;  // its first comment is an internal note
  base.via_channel = "api";
  TicketPatch patch;
  patch.subject = ProblemSubject(incident);
  patch.type = TicketType::kProblem;
  patch.group_id = group_id;
  patch.priority = incident.priority ? incident.priority : std::optional<Priority>(Priority::kNormal);
  auto out = NewTicket(base, patch, wf, Actor::kAgent, now);
  if (!out) return Fail(out.error());
  Ticket p = out->after;
  p.version = 1;
  tx.InsertTicket(p);
  SyncStatusTimer(tx, wf, std::nullopt, p, now);
  std::vector<Event> events = std::move(out->events);
  events.push_back(EscalationEvent(kIncidentLinked, incident.id));
  // Comment first, like a ticket's creation audit: Create events, then the comment.
  auto note = InternalNote(p, body, agent_id, now);
  SaveAudit(tx, p.id, std::move(events), std::move(note), agent_id, "api", now);
  if (auto ok = RecomputeSla(tx, wf, p, now); !ok) return Fail(ok.error());  // ---- sla
  return p;
}

// Records on an existing problem that `incident_id` was linked to it; its version and
// updated_at move too (its incident count changed: caches and incremental exports see it).
Result<Ticket> LinkToProblem(WriteTx& tx, const Workflow& wf, Ticket problem, std::int64_t incident_id,
                             std::int64_t agent_id, Instant now) {
  const std::int64_t version = problem.version;
  problem.version = version + 1;
  problem.updated_at = now;
  if (!tx.UpdateTicket(problem, version)) return Fail(Conflict(problem.id));
  SaveAudit(tx, problem.id, {EscalationEvent(kIncidentLinked, incident_id)}, std::nullopt, agent_id, "api", now);
  if (auto ok = RecomputeSla(tx, wf, problem, now); !ok) return Fail(ok.error());  // ---- sla
  return problem;
}

std::vector<std::int64_t> UnsolvedStatusIds(const Workflow& wf) {
  std::vector<std::int64_t> ids;
  for (const auto& s : wf.statuses)
    if (s.category != Category::kSolved) ids.push_back(s.id);
  return ids;
}

}  // namespace

Result<EscalationResult> EscalationService::Escalate(const Caller& c, std::int64_t ticket_id,
                                                     const EscalateCommand& cmd) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsStaff()) return Fail(Error::Forbidden());
  const int choices = (cmd.group_id ? 1 : 0) + (cmd.problem_id ? 1 : 0) + (cmd.not_required ? 1 : 0);
  if (choices != 1)
    return Fail(Error::Invalid("escalation", "InvalidValue",
                               "Escalation: give exactly one of group_id, problem_id or not_required: true"));
  if (!cmd.comment.empty())
    if (auto ok = ValidateCommentBody(cmd.comment, "comment"); !ok) return Fail(ok.error());
  const Instant now = clock_.Now();
  EscalationResult result;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    // An existing problem is read (and on PostgreSQL locked) before the incident: the same order
    // as solving a problem (problem, then its incidents), so the two never deadlock.
    std::optional<Ticket> existing;
    if (cmd.problem_id) existing = tx.TicketById(*cmd.problem_id);
    auto before = tx.TicketById(ticket_id);
    if (!before) return Fail(Error::NotFound());
    if (auto ok = CheckEscalatable(*before, wf_); !ok) return Fail(ok.error());
    auto note = InternalNote(*before, cmd.comment, c.user_id, now);

    if (cmd.not_required) {
      result.incident = *before;
      if (before->escalation_not_required && !note) return {};
      Ticket t = *before;
      std::vector<Event> events;
      if (!t.escalation_not_required) events.push_back({0, "Change", "escalation_not_required", "true", "false", 0});
      t.escalation_not_required = true;
      t.updated_at = now;
      t.version = before->version + 1;
      if (!tx.UpdateTicket(t, before->version)) return Fail(Conflict(t.id));
      SaveAudit(tx, t.id, std::move(events), std::move(note), c.user_id, "api", now);
      result.incident = t;
      return RecomputeSla(tx, wf_, t, now);  // ---- sla
    }

    Ticket problem;
    if (cmd.problem_id) {
      if (!existing)
        return Fail(Error::Invalid("problem_id", "InvalidValue",
                                   "Problem: ticket " + std::to_string(*cmd.problem_id) + " does not exist"));
      if (auto ok = CheckProblemOpenForIncidents(*existing, wf_); !ok) return Fail(ok.error());
    }
    // The incident's move first: a refused transition must leave no problem behind.
    TicketPatch patch;
    patch.type = TicketType::kIncident;
    patch.problem_id = cmd.problem_id.value_or(0);  // a placeholder until a new problem has its id
    if (const Status* hold = EscalatedStatus(wf_)) patch.custom_status_id = hold->id;
    auto out = ApplyPatch(*before, patch, wf_, Actor::kAgent, now);
    if (!out) return Fail(out.error());

    if (cmd.problem_id) {
      auto linked = LinkToProblem(tx, wf_, *existing, ticket_id, c.user_id, now);
      if (!linked) return Fail(linked.error());
      problem = *linked;
    } else {
      auto created = CreateProblem(tx, wf_, *before, *cmd.group_id, c.user_id, cmd.comment, now);
      if (!created) return Fail(created.error());
      problem = *created;
      for (auto& e : out->events)
        if (e.field_name == "problem_id") e.value = std::to_string(problem.id);
    }
    Ticket t = out->after;
    t.problem_id = problem.id;
    if (t.escalation_not_required) {
      out->events.push_back({0, "Change", "escalation_not_required", "false", "true", 0});
      t.escalation_not_required = false;  // the agent changed their mind: the problem decides now
    }
    t.updated_at = now;
    t.version = before->version + 1;
    if (!tx.UpdateTicket(t, before->version)) return Fail(Conflict(t.id));
    SyncStatusTimer(tx, wf_, before->custom_status_id, t, now);
    // ---- e-mail: the customer sees their case forwarded (app/notifications.hpp)
    if (auto a = SaveAudit(tx, t.id, std::move(out->events), std::move(note), c.user_id, "api", now))
      if (auto ok = NotifyAudit(tx, wf_, t, *a, now); !ok) return ok;
    result.incident = t;
    if (auto ok = RecomputeSla(tx, wf_, t, now); !ok) return ok;  // ---- sla: the escalation target starts
    // ---- priority from volume: this link may raise the problem's priority
    if (auto ok = RaisePriorityFromVolume(tx, wf_, problem.id, volume_, now); !ok) return ok;
    if (auto p = tx.TicketById(problem.id)) problem = *p;
    result.problem = problem;
    return {};
  });
  if (!r) return Fail(r.error());
  return result;
}

Result<Page<Ticket>> EscalationService::Incidents(const Caller& c, std::int64_t problem_id, const PageRequest& p) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsStaff()) return Fail(Error::Forbidden());
  Page<Ticket> page;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    if (!tx.TicketById(problem_id)) return Fail(Error::NotFound());
    TicketFilter f;
    f.problem_id = problem_id;
    page = tx.ListTickets(f, p);
    return {};
  });
  if (!r) return Fail(r.error());
  return page;
}

Result<EscalationViews> EscalationService::ViewsFor(const Caller& c, const std::vector<Ticket>& tickets,
                                                    bool incident_counts, bool locale_of_viewer) {
  EscalationViews views;
  views.items.resize(tickets.size());
  const bool counts = incident_counts && c.IsStaff();
  std::vector<std::int64_t> problem_ids, counted;
  for (const auto& t : tickets) {
    if (t.problem_id) problem_ids.push_back(*t.problem_id);
    if (counts && t.type == TicketType::kProblem) counted.push_back(t.id);
  }
  std::sort(problem_ids.begin(), problem_ids.end());
  problem_ids.erase(std::unique(problem_ids.begin(), problem_ids.end()), problem_ids.end());
  const bool viewer = locale_of_viewer && !c.anonymous;

  std::vector<Ticket> problems;
  std::vector<std::int64_t> count_values;
  if (!problem_ids.empty() || !counted.empty() || viewer) {
    auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
      if (!problem_ids.empty()) problems = tx.TicketsByIds(problem_ids);
      if (!counted.empty()) count_values = tx.IncidentCounts(counted);
      if (viewer)
        if (auto u = tx.UserById(c.user_id)) views.viewer_locale = u->locale;
      return {};
    });
    if (!r) return Fail(r.error());
  }
  std::size_t next_count = 0;
  for (std::size_t i = 0; i < tickets.size(); ++i) {
    const Ticket& t = tickets[i];
    std::optional<Category> category;
    if (t.problem_id) {
      auto it = std::find_if(problems.begin(), problems.end(), [&](const Ticket& p) { return p.id == *t.problem_id; });
      if (it != problems.end())
        if (const Status* s = wf_.ById(it->custom_status_id)) category = s->category;
    }
    views.items[i].state = DeriveEscalation(t, category);
    if (counts && t.type == TicketType::kProblem && next_count < count_values.size())
      views.items[i].incident_count = count_values[next_count++];
  }
  return views;
}

Result<void> ConcludeEscalations(WriteTx& tx, const Workflow& wf, std::int64_t status_before, const Ticket& after,
                                 Instant now) {
  if (!SolvesProblem(wf, status_before, after)) return {};
  // The incidents not yet solved, by id, in keyset pages: first the ids, then each row read
  // again (and on PostgreSQL locked) as it is changed.
  std::vector<std::int64_t> ids;
  TicketFilter f;
  f.problem_id = after.id;
  f.custom_status_ids = UnsolvedStatusIds(wf);
  PageRequest p;
  p.limit = 500;
  p.want_count = false;
  for (;;) {
    auto page = tx.ListTickets(f, p);
    for (const auto& t : page.items) ids.push_back(t.id);
    if (!page.has_more || page.items.empty()) break;
    p.after_id = page.items.back().id;
  }
  for (std::int64_t id : ids) {
    auto before = tx.TicketById(id);
    if (!before || before->problem_id != after.id) continue;
    const Status* s = wf.ById(before->custom_status_id);
    if (!s || s->category == Category::kSolved) continue;
    Ticket t = *before;
    std::vector<Event> events;
    if (const Status* to = StatusAfterConclusion(wf, t)) {
      AddStatusEvents(events, wf, t.custom_status_id, to->id);
      t.custom_status_id = to->id;
    }
    events.push_back(EscalationEvent(kEscalationConcluded, after.id));
    t.updated_at = now;
    t.version = before->version + 1;
    if (!tx.UpdateTicket(t, before->version)) return Fail(Conflict(t.id));
    SyncStatusTimer(tx, wf, before->custom_status_id, t, now);
    // ---- e-mail: "escalation concluded" to the customer (app/notifications.hpp)
    if (auto a = SaveAudit(tx, t.id, std::move(events), std::nullopt, kSystemAuthorId, kViaRule, now))
      if (auto ok = NotifyAudit(tx, wf, t, *a, now); !ok) return ok;
    if (auto ok = RecomputeSla(tx, wf, t, now); !ok) return ok;  // ---- sla: the escalation target is achieved
  }
  return {};
}

}  // namespace chamado::app
