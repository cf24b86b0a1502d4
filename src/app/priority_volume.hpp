#pragma once
// Priority from volume (PRODUCT.md §3; domain/priority_volume.hpp): linking incidents to a
// problem ticket may raise the problem's priority. Called inside the transaction that links
// an incident (app/escalation.cpp, app/tickets.cpp), so the raise commits with the link.
#include <cstdint>

#include "app/ports.hpp"
#include "domain/priority_volume.hpp"
#include "domain/workflow.hpp"

namespace chamado::app {

// Records on problem `problem_id` that `incident_id` was linked to it, when the link was not
// made through an escalation (which records it itself): an audit by `author` with the
// "incident_linked" event, and a new version of the problem (its incident count changed).
// Then RaisePriorityFromVolume. A missing problem or one that is not a problem ticket:
// nothing (the caller checked).
Result<void> NoteIncidentLinked(WriteTx& tx, const Workflow& wf, std::int64_t problem_id, std::int64_t incident_id,
                                std::int64_t author, const VolumeRule& rule, Instant now);

// When `rule` says so (DecidePriorityFromVolume over the problem's audits of the window), the
// problem's priority rises one step: a new version of the problem, and an audit by the
// system via "rule" with the priority change and the "Rule" event naming the rule; then its
// SLA targets are recomputed. Nothing when the rule is off or not met.
Result<void> RaisePriorityFromVolume(WriteTx& tx, const Workflow& wf, std::int64_t problem_id, const VolumeRule& rule,
                                     Instant now);

}  // namespace chamado::app
