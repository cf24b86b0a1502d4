#include "domain/escalation.hpp"

#include <array>

namespace chamado {
namespace {

const std::array<Labels, 4> kLabels = {
    Labels{"Não necessário", "No requerido", "Not required"},
    Labels{"Aguardando abertura", "Pendiente de apertura", "Awaiting opening"},
    Labels{"Em andamento", "En curso", "In progress"},
    Labels{"Concluído", "Concluido", "Concluded"},
};

Error Refused(std::string error, std::string description) {
  return Error::Invalid("escalation", std::move(error), "Escalation: " + std::move(description));
}

std::string Id(std::int64_t id) { return std::to_string(id); }

// Cuts `s` to at most `n` bytes without splitting a UTF-8 sequence.
std::string CutUtf8(std::string s, std::size_t n) {
  if (s.size() <= n) return s;
  std::size_t end = n;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  s.resize(end);
  return s;
}

}  // namespace

std::string_view EscalationStateName(EscalationState s) {
  switch (s) {
    case EscalationState::kNotRequired: return "not_required";
    case EscalationState::kAwaitingOpening: return "awaiting_opening";
    case EscalationState::kInProgress: return "in_progress";
    case EscalationState::kConcluded: return "concluded";
  }
  return "not_required";
}

std::string EscalationTag(EscalationState s) { return "escalation_" + std::string(EscalationStateName(s)); }

const Labels& EscalationLabels(EscalationState s) { return kLabels[static_cast<std::size_t>(s)]; }

std::optional<EscalationState> DeriveEscalation(const Ticket& t, std::optional<Category> problem_category) {
  if (t.problem_id && problem_category) {
    switch (*problem_category) {
      case Category::kNew: return EscalationState::kAwaitingOpening;
      case Category::kOpen:
      case Category::kPending:
      case Category::kHold: return EscalationState::kInProgress;
      case Category::kSolved: return EscalationState::kConcluded;
    }
  }
  if (t.escalation_not_required) return EscalationState::kNotRequired;
  return std::nullopt;
}

Result<void> CheckEscalatable(const Ticket& t, const Workflow& wf) {
  if (t.type == TicketType::kProblem)
    return Fail(
        Refused("IsProblem", "ticket " + Id(t.id) + " is a problem ticket; only customer tickets are escalated"));
  const Status* s = wf.ById(t.custom_status_id);
  if (s && s->closed)
    return Fail(Refused("TicketClosed", "ticket " + Id(t.id) + " is closed; nothing changes on a closed ticket"));
  if (t.problem_id)
    return Fail(
        Refused("AlreadyEscalated", "ticket " + Id(t.id) + " is already linked to problem " + Id(*t.problem_id)));
  return {};
}

Result<void> CheckProblemOpenForIncidents(const Ticket& problem, const Workflow& wf) {
  if (problem.type != TicketType::kProblem)
    return Fail(Refused("NotAProblem", "ticket " + Id(problem.id) + " is not a problem ticket"));
  const Status* s = wf.ById(problem.custom_status_id);
  if (s && s->category == Category::kSolved)
    return Fail(Refused("ProblemSolved", "problem " + Id(problem.id) +
                                             " is already solved; reopen it or escalate to a group for a new one"));
  return {};
}

const Status* EscalatedStatus(const Workflow& wf) { return wf.DefaultFor(Category::kHold); }

bool SolvesProblem(const Workflow& wf, std::int64_t status_before, const Ticket& after) {
  if (after.type != TicketType::kProblem || status_before == after.custom_status_id) return false;
  const Status* from = wf.ById(status_before);
  const Status* to = wf.ById(after.custom_status_id);
  return to && to->category == Category::kSolved && (!from || from->category != Category::kSolved);
}

const Status* StatusAfterConclusion(const Workflow& wf, const Ticket& incident) {
  const Status* from = wf.ById(incident.custom_status_id);
  if (!from || from->category != Category::kHold) return nullptr;
  const std::string& own_queue = incident.assignee_id ? wf.queue_assigned : wf.queue_unassigned;
  for (const Status* to : {wf.ByKey(own_queue), wf.ByKey(wf.queue_assigned), wf.DefaultFor(Category::kOpen)}) {
    if (to && to->id != from->id && CheckTransition(wf, *from, *to, Actor::kSystem)) return to;
  }
  return nullptr;
}

Event EscalationEvent(std::string_view name, std::int64_t other_ticket_id) {
  Event e;
  e.type = std::string(kEscalationEvent);
  e.field_name = std::string(name);
  e.value = Id(other_ticket_id);
  return e;
}

std::string ProblemSubject(const Ticket& incident) {
  std::string s = "Escalation of ticket #" + Id(incident.id);
  if (!incident.subject.empty()) s += ": " + incident.subject;
  return CutUtf8(std::move(s), kMaxSubjectLength);
}

}  // namespace chamado
