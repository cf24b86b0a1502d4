#pragma once
// SLA policies and targets (PRODUCT.md §5, docs/sla.md), in Zendesk's shape: a policy has
// conditions on the ticket and per-priority targets ("policy metrics"), each in business or
// calendar minutes. Pure: the ticket's history, the calendar and `now` are arguments, and the
// targets are always recomputed from the ticket's creation (so a priority or group change
// applies to the whole life of the ticket, as PRODUCT.md §5 asks).
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/business_time.hpp"
#include "domain/calendar.hpp"
#include "domain/error.hpp"
#include "domain/ticket.hpp"
#include "domain/time.hpp"
#include "domain/workflow.hpp"

namespace chamado {

// Zendesk's metric names, and ours (resolution_time; chamado_escalation_time: an escalated
// ticket's time until its problem is concluded, "6 business days" in PRODUCT.md §5).
inline constexpr std::string_view kFirstReplyTime = "first_reply_time";
inline constexpr std::string_view kNextReplyTime = "next_reply_time";
inline constexpr std::string_view kPeriodicUpdateTime = "periodic_update_time";
inline constexpr std::string_view kRequesterWaitTime = "requester_wait_time";
inline constexpr std::string_view kAgentWorkTime = "agent_work_time";
inline constexpr std::string_view kResolutionTime = "resolution_time";
inline constexpr std::string_view kEscalationTime = "chamado_escalation_time";
bool IsSlaMetric(std::string_view name);

// Zendesk's stages; a breach is breach_at <= now on an active target, or achieved late.
inline constexpr std::string_view kStageActive = "active";
inline constexpr std::string_view kStagePaused = "paused";
inline constexpr std::string_view kStageAchieved = "achieved";

// A condition: field "priority" | "group_id" | "type" | "via" | "topic" (the configured topic
// custom field's value) | "custom_fields_<id>"; operator "is" | "is_not" (and for priority
// "less_than" | "greater_than"); value as text ("high", "12", "incident", "web").
struct SlaCondition {
  std::string field;
  std::string op;
  std::string value;
};
struct SlaFilter {
  std::vector<SlaCondition> all;  // every one must hold
  std::vector<SlaCondition> any;  // at least one (when not empty)
};

struct SlaPolicyMetric {
  Priority priority = Priority::kNormal;
  std::string metric;
  std::int64_t target = 0;  // minutes
  bool business_hours = false;
  // Ours: "N business days" = N x the calendar's business-day length; overrides `target`.
  std::optional<int> business_days;
  // Ours: the statuses that pause this target; empty = the workflow's pauses_sla statuses.
  std::vector<std::int64_t> pause_status_ids;
};

struct SlaPolicy {
  std::int64_t id = 0;
  std::string title;
  std::string description;
  int position = 0;  // the first matching policy (lowest position) applies
  SlaFilter filter;
  std::vector<SlaPolicyMetric> metrics;
  Instant created_at{};
  Instant updated_at{};
};

// 422s naming the field and rule: unknown metric/priority/field/operator, target <= 0,
// business_days without business_hours, a pause status the workflow lacks, two metrics for
// one (priority, metric).
Result<void> ValidatePolicy(const SlaPolicy& p, const Workflow& wf);

// Does `t` satisfy the filter? `topic_field_id` names the custom field "topic" reads (0: none).
bool PolicyMatches(const SlaFilter& f, const Ticket& t, std::int64_t topic_field_id);
// The first policy by (position, id) whose filter matches, nullptr when none does.
const SlaPolicy* PickPolicy(std::span<const SlaPolicy> policies, const Ticket& t, std::int64_t topic_field_id);

// PRODUCT.md §5 as a policy: resolution 5/15/30 calendar days for high(and urgent)/normal/low,
// first reply 24 calendar hours, chamado_escalation_time 6 business days; pausing statuses
// from the workflow.
SlaPolicy DefaultSlaPolicy();

// Priority at creation from the shipped "availability_impact" field (PRODUCT.md §5; ticket
// field 102, seeded by both stores' 0001 migrations): "impact_total" (totally unavailable) ->
// High, "impact_partial" -> Normal, "impact_none" (available) -> Low; no value or another -> Normal.
inline constexpr std::int64_t kAvailabilityImpactFieldId = 102;
Priority PriorityFromAvailability(std::optional<std::string_view> option_value);
// The same, reading field 102 among a ticket's custom field values.
Priority PriorityFromCustomFields(const std::vector<CustomFieldValue>& fields);

// What the targets are computed from: the ticket's timeline reduced to what SLAs look at,
// oldest first. The creation is an kStatus event with the initial status at created_at.
struct SlaHistoryEvent {
  enum class Kind {
    kStatus,                  // the ticket entered status_id
    kAgentPublicReply,        // a public comment by an agent
    kRequesterPublicComment,  // a public comment by the requester (or a CC)
    kEscalated,               // linked to a problem (escalation began)
    kEscalationConcluded,     // its problem was solved, or the link was removed
  };
  Kind kind = Kind::kStatus;
  Instant at{};
  std::int64_t status_id = 0;
};
// Builds the history from the ticket's audits (oldest first, as AllAuditsOf returns them):
// status-change events, "Comment" events with their author, escalation events. A comment's
// author is the `comments` entry its event names when given (an agent may enter an end user's
// comment: the audit is the agent's, the comment the user's), else the audit's author. The
// requester's own comments count as the requester's even when the requester is an agent.
std::vector<SlaHistoryEvent> SlaHistoryFromAudits(const std::vector<Audit>& audits,
                                                  const std::function<bool(std::int64_t author_id)>& is_agent,
                                                  std::int64_t requester_id, std::span<const Comment> comments = {});

struct SlaTarget {
  std::string metric;
  Priority priority = Priority::kNormal;
  std::int64_t target_minutes = 0;  // after resolving business_days
  bool business_hours = false;
  Instant started_at{};              // the current cycle's start
  std::optional<Instant> breach_at;  // nullopt while paused (unknown until it resumes)
  std::string stage;                 // kStageActive, kStagePaused, kStageAchieved
  std::optional<Instant> achieved_at;
  bool breached = false;                 // breach_at <= now (active), or achieved after breach_at
  std::vector<TimeSegment> explanation;  // counted and skipped time of the current cycle
};

struct SlaInputs {
  const Ticket& ticket;
  const Workflow& wf;
  const SlaPolicy& policy;
  const Calendar* calendar;  // for business_hours metrics; nullptr: they count calendar time
  std::span<const SlaHistoryEvent> history;
  Instant now;
};

// The ticket's targets under the policy, for its current priority (Normal when it has none),
// one per metric the policy defines for that priority once it has started (next_reply_time
// waits for a requester comment, periodic_update_time for an agent's first public comment,
// chamado_escalation_time for an escalation). docs/sla.md "Targets" has the rules.
std::vector<SlaTarget> ComputeSlaTargets(const SlaInputs& in);

// The earliest breach_at among active, not yet achieved targets (sorting "next breach").
std::optional<Instant> NextBreach(std::span<const SlaTarget> targets);

}  // namespace chamado
