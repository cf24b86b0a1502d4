#pragma once
// Escalation to internal teams (PRODUCT.md §3): a customer's ticket escalated to a technical
// group becomes an incident of an internal problem ticket (Zendesk's problem/incident link).
// The escalation state the customer sees is never stored: it is derived here from the ticket's
// `escalation_not_required` flag and the status category of its linked problem. Pure rules:
// the app layer (app/escalation.hpp) loads the problem and saves.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "domain/ticket.hpp"
#include "domain/workflow.hpp"

namespace chamado {

enum class EscalationState {
  kNotRequired,      // an agent decided no escalation is needed
  kAwaitingOpening,  // the linked problem is in the new category
  kInProgress,       // the linked problem is open, pending or on hold
  kConcluded,        // the linked problem is solved (closed included)
};

// "not_required", "awaiting_opening", "in_progress", "concluded" (the API's `state`).
std::string_view EscalationStateName(EscalationState s);
// The label in pt-BR, es and en; Labels::For picks one (pt-BR for an unknown locale).
const Labels& EscalationLabels(EscalationState s);

// The derivation table of PRODUCT.md §3. `problem_category` is the status category of the
// ticket's linked problem, nullopt when it has none (or the problem cannot be read). A linked
// problem decides; otherwise the not-required flag; otherwise nothing (never escalated).
std::optional<EscalationState> DeriveEscalation(const Ticket& t, std::optional<Category> problem_category);

// May `t` be escalated (linked to a problem) or marked "not required"? A 422 naming the rule
// otherwise: a problem ticket cannot be an incident ("IsProblem"), a closed ticket is terminal
// ("TicketClosed"), a ticket already linked stays with its problem ("AlreadyEscalated").
Result<void> CheckEscalatable(const Ticket& t, const Workflow& wf);

// May `problem` receive a new incident? It must be a problem ticket ("NotAProblem") and not
// solved ("ProblemSolved": a solved problem would never send the incident back).
Result<void> CheckProblemOpenForIncidents(const Ticket& problem, const Workflow& wf);

// Where escalating moves the incident: the workflow's default hold status (Escalated in
// case-lifecycle), nullptr when the workflow has no hold category (the status then stays).
const Status* EscalatedStatus(const Workflow& wf);

// Did this write solve a problem: a problem ticket that was not in the solved category before
// and is now? (Its incidents are then concluded.)
bool SolvesProblem(const Workflow& wf, std::int64_t status_before, const Ticket& after);

// Where the system sends an incident on hold when its problem is solved: back to its agent,
// i.e. the workflow's queue for its assignment (In progress when assigned), else the assigned
// queue, else the default open status -- the first that Actor::kSystem may move to from the
// incident's status (CheckTransition). nullptr when the incident is not in the hold category,
// or the workflow allows the system none of these moves (the status then stays).
const Status* StatusAfterConclusion(const Workflow& wf, const Ticket& incident);

// The audit event of an escalation step that is not a field change: type kEscalationEvent,
// field_name one of the names below, value the other ticket's id.
inline constexpr std::string_view kEscalationEvent = "ChamadoEscalation";
// On a problem: an incident was linked to it (value: the incident's id).
inline constexpr std::string_view kIncidentLinked = "incident_linked";
// On an incident: its problem was solved (value: the problem's id). The seam for telling the
// requester: the e-mail outbox picks these events up (docs/escalation.md).
inline constexpr std::string_view kEscalationConcluded = "escalation_concluded";
Event EscalationEvent(std::string_view name, std::int64_t other_ticket_id);

// The shipped read-only ticket field "escalation_status" ("Status do chamado", seed 002; both
// stores' 0001 migrations) shows the same state as a tagger value: "escalation_" + the state's
// name ("escalation_awaiting_opening", ...).
inline constexpr std::int64_t kEscalationStatusFieldId = 103;
std::string EscalationTag(EscalationState s);

// The subject of a problem made by escalating `incident` (within kMaxSubjectLength).
std::string ProblemSubject(const Ticket& incident);

}  // namespace chamado
