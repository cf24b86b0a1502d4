#pragma once
// The customer's activity tab (issue 9; docs/api.md "Portal"): a ticket's history as its
// requester and CCs may see it. Built from the append-only event log, keeping only what is
// safe to show a customer: the creation, status moves, public comments, the escalation state
// (derived, never the problem itself), merges into another case and the satisfaction rating.
// Never internal notes, nor group, assignee, priority, tags or other internal fields. Pure: the
// audits, comments, who is staff and the linked problems' status histories are arguments.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "domain/escalation.hpp"
#include "domain/ticket.hpp"
#include "domain/time.hpp"
#include "domain/workflow.hpp"

namespace chamado {

// A ticket's status from `at` on.
struct StatusPoint {
  Instant at{};
  std::int64_t status_id = 0;
  friend bool operator==(const StatusPoint&, const StatusPoint&) = default;
};

// A ticket's statuses over time, oldest first: the first at its creation, then every move.
// `audits` oldest first.
std::vector<StatusPoint> StatusHistory(const Ticket& t, const std::vector<Audit>& audits);

// A problem ticket the customer's ticket was linked to at some time, with its StatusHistory:
// the escalation state the customer saw follows its status category.
struct LinkedProblem {
  std::int64_t id = 0;
  std::vector<StatusPoint> statuses;
};

// Who did it, as the viewer reads it.
enum class ActivityActor { kYou, kRequester, kCc, kAgent, kSystem };
std::string_view ActivityActorName(ActivityActor a);  // "you", "requester", "cc", "agent", "system"

enum class ActivityType { kCreated, kStatusChanged, kComment, kEscalation, kMerged, kUnmerged, kSatisfactionRated };
// "created", "status_changed", "comment", "escalation", "merged", "unmerged", "satisfaction_rated"
std::string_view ActivityTypeName(ActivityType t);

struct ActivityEvent {
  Instant at{};
  ActivityType type = ActivityType::kCreated;
  ActivityActor by = ActivityActor::kSystem;
  std::optional<std::int64_t> from_status_id;  // kStatusChanged
  std::optional<std::int64_t> to_status_id;    // kStatusChanged; kCreated: the first status
  std::int64_t comment_id = 0;                 // kComment (always a public one)
  std::optional<EscalationState> escalation;   // kEscalation
  std::optional<std::int64_t> merged_into;     // kMerged: the case it was merged into
  std::string score;                           // kSatisfactionRated: "good" or "bad"
};

// Who `author_id` is to `viewer_id` on ticket `t`: the system (kSystemAuthorId, or anything
// written by a rule: `via` "rule"), the viewer, staff, the requester, else a CC.
ActivityActor ActorOf(std::int64_t author_id, std::string_view via, const Ticket& t,
                      const std::set<std::int64_t>& staff_ids, std::int64_t viewer_id);

// The customer's timeline of `t`, oldest first (events of one audit in their order; an
// escalation state change after the events of its instant). `audits`: oldest first;
// `comments`: those their "Comment" events name (others, and internal notes, are left out);
// `staff_ids`: authors who are agents or admins; `problems`: every problem `t` was linked to.
// The creation's own comment (the description) is part of the "created" event.
std::vector<ActivityEvent> CustomerTimeline(const Ticket& t, const std::vector<Audit>& audits,
                                            const std::vector<Comment>& comments,
                                            const std::set<std::int64_t>& staff_ids,
                                            const std::vector<LinkedProblem>& problems, const Workflow& wf,
                                            std::int64_t viewer_id);

// The problem ids `t` was ever linked to (its problem_id events and its current problem_id),
// ascending, no duplicates.
std::vector<std::int64_t> LinkedProblemIds(const Ticket& t, const std::vector<Audit>& audits);

}  // namespace chamado
