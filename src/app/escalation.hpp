#pragma once
// Escalation to internal teams (PRODUCT.md §3, docs/escalation.md). An agent escalates a
// customer's ticket to a technical group (a new internal problem ticket owned by the group) or
// to an existing problem; the ticket becomes an incident of that problem and moves to the
// workflow's default hold status (Escalated). Solving the problem sends its incidents back to
// their agents. The state the customer sees is derived (domain/escalation.hpp), never stored.
//
// Who sees the problem: its requester and submitter are the escalating agent, never the
// customer, and its first comment is an internal note, so no Requests API call, search or
// e-mail of the customer can reach it; the customer sees only the derived state on their own
// ticket.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/ports.hpp"
#include "domain/access.hpp"
#include "domain/escalation.hpp"
#include "domain/priority_volume.hpp"
#include "domain/workflow.hpp"

namespace chamado::app {

// Exactly one of group_id, problem_id, not_required.
struct EscalateCommand {
  std::optional<std::int64_t> group_id;    // escalate to this group: a new problem ticket
  std::optional<std::int64_t> problem_id;  // escalate to this existing problem
  bool not_required = false;               // the agent decided no escalation is needed
  std::string comment;                     // optional: the agent's reason, an internal note
};

struct EscalationResult {
  Ticket incident;                // the escalated ticket, as saved
  std::optional<Ticket> problem;  // the problem it is linked to (none for not_required)
};

// What the API shows about one ticket's escalation.
struct EscalationView {
  std::optional<EscalationState> state;        // none: never escalated
  std::optional<std::int64_t> incident_count;  // problem tickets, when counts were asked (staff only)
};

struct EscalationViews {
  std::vector<EscalationView> items;  // in the order of the tickets given
  std::string viewer_locale;          // the viewer's own locale, when asked (else empty)
};

class EscalationService final {
 public:
  // `volume`: priority from volume (app/priority_volume.hpp), checked on each link.
  EscalationService(Store& store, Clock& clock, const Workflow& wf, VolumeRule volume = {})
      : store_(store), clock_(clock), wf_(wf), volume_(volume) {}

  // Agents and admins only (end users: 403); an unknown ticket is a 404. A 422 naming the rule
  // when the ticket is a problem, closed or already linked; when the group or problem does not
  // exist, the problem is not a problem ticket or is solved; or when the workflow does not let
  // an agent move the ticket to Escalated from its status. not_required on a ticket already
  // marked so changes nothing.
  Result<EscalationResult> Escalate(const Caller& c, std::int64_t ticket_id, const EscalateCommand& cmd);

  // A problem's incidents (GET /tickets/{id}/incidents): staff only, 404 for an unknown ticket,
  // an empty page for a ticket that is not a problem.
  Result<Page<Ticket>> Incidents(const Caller& c, std::int64_t problem_id, const PageRequest& p);

  // The escalation state of each of `tickets` (which the caller may already see), and with
  // `incident_counts` (honoured for staff only) each problem ticket's incident count; with
  // `locale_of_viewer`, the caller's own locale too. One read transaction, batched queries: the
  // linked problems through TicketsByIds, the counts through IncidentCounts; none at all when
  // no ticket needs them.
  Result<EscalationViews> ViewsFor(const Caller& c, const std::vector<Ticket>& tickets, bool incident_counts,
                                   bool locale_of_viewer);

 private:
  Store& store_;
  Clock& clock_;
  const Workflow& wf_;
  VolumeRule volume_;
};

// The hook every write that may change a ticket's status calls, inside its transaction, once the
// ticket is saved (like SyncStatusTimer): when `after` is a problem ticket that this write moved
// into the solved category (from `status_before`), each of its incidents not yet solved gets an
// audit by the system (kSystemAuthorId, via "rule") with the kEscalationConcluded event -- the
// seam the e-mail outbox will use to tell the requester -- and those on hold move back to their
// agent (StatusAfterConclusion: Escalated -> In progress in case-lifecycle). Callers today:
// TicketService::Update and UpdateRequest (app/tickets.cpp), TimerService::FireDue.
Result<void> ConcludeEscalations(WriteTx& tx, const Workflow& wf, std::int64_t status_before, const Ticket& after,
                                 Instant now);

}  // namespace chamado::app
