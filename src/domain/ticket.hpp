#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/time.hpp"

namespace chamado {

enum class Priority { kLow, kNormal, kHigh, kUrgent };
std::string_view PriorityName(Priority p);
std::optional<Priority> ParsePriority(std::string_view name);

enum class TicketType { kQuestion, kIncident, kProblem, kTask };
std::string_view TicketTypeName(TicketType t);
std::optional<TicketType> ParseTicketType(std::string_view name);

// A custom field's value as clients send it: null, checkbox, number, text or multiselect.
using FieldValue = std::variant<std::monostate, bool, std::int64_t, double, std::string, std::vector<std::string>>;

struct CustomFieldValue {
  std::int64_t id = 0;
  FieldValue value;
};

inline constexpr std::size_t kMaxCollaborators = 48;
inline constexpr std::size_t kMaxTags = 100;
inline constexpr std::size_t kMaxSubjectLength = 255;
inline constexpr std::size_t kMaxCommentsPerTicket = 5000;
inline constexpr std::size_t kMaxCommentBytes = 64 * 1024;

struct Ticket {
  std::int64_t id = 0;  // the customer's protocol number
  std::optional<std::string> external_id;
  std::optional<TicketType> type;
  std::string subject;
  std::string description;  // the first comment's body
  std::optional<Priority> priority;
  std::int64_t custom_status_id = 0;
  std::int64_t requester_id = 0;
  std::int64_t submitter_id = 0;
  std::optional<std::int64_t> assignee_id;
  std::optional<std::int64_t> group_id;
  std::optional<std::int64_t> organization_id;
  std::optional<std::int64_t> problem_id;
  std::optional<std::int64_t> followup_source_id;
  std::vector<std::int64_t> collaborator_ids;  // CCs: see the ticket, get public replies
  std::vector<std::int64_t> follower_ids;      // agents following it
  std::vector<std::string> tags;
  std::vector<CustomFieldValue> custom_fields;
  std::string via_channel = "api";  // web, api, email, chat
  std::optional<Instant> due_at;
  bool is_public = true;  // false when the first comment is an internal note
  // Duplicate (PRODUCT.md §7): the active case this ticket's contact was merged into, by the
  // automatic duplicate rule or an agent's merge (app/merge.hpp). Shown as chamado_merged_into.
  std::optional<std::int64_t> merged_into;
  // An agent decided this ticket needs no escalation (PRODUCT.md §3, "Not required").
  bool escalation_not_required = false;
  // Satisfaction (app/satisfaction.hpp): "unoffered", "offered", "good" or "bad", with the
  // requester's comment and the rating's id once rated.
  std::string satisfaction_score = "unoffered";
  std::string satisfaction_comment;
  std::optional<std::int64_t> satisfaction_rating_id;
  Instant created_at{};
  Instant updated_at{};
  std::int64_t version = 0;  // bumped on every change; safe_update compares updated_at
};

struct Comment {
  std::int64_t id = 0;
  std::int64_t ticket_id = 0;
  std::int64_t author_id = 0;
  std::int64_t audit_id = 0;
  std::string body;
  std::string html_body;
  bool is_public = true;  // false: internal note, never shown to customers
  std::string via_channel = "api";
  Instant created_at{};
};

// One field change, comment or creation inside an audit (the timeline's atoms).
struct Event {
  std::int64_t id = 0;
  std::string type;  // "Create", "Change", "Comment"
  std::string field_name;
  std::string value;            // JSON text of the new value
  std::string previous_value;   // JSON text of the old value ("" when none)
  std::int64_t comment_id = 0;  // for "Comment" events
};

// The author and channel of the audits the system writes by itself (a workflow's automatic
// moves, app/timers.hpp), as Zendesk shows changes made by its automations: author_id -1,
// via channel "rule". No user has this id.
inline constexpr std::int64_t kSystemAuthorId = -1;
inline constexpr std::string_view kViaRule = "rule";
// The event naming the rule in such an audit (a timer's, priority from volume): type "Rule",
// field_name "rule", value the rule ("status_auto awaiting_response 48h -> closed").
inline constexpr std::string_view kRuleEventType = "Rule";
inline Event RuleEvent(std::string_view rule) {
  return Event{0, std::string(kRuleEventType), "rule", std::string(rule), "", 0};
}

// Everything one action changed, by whom and when: the append-only event log.
struct Audit {
  std::int64_t id = 0;
  std::int64_t ticket_id = 0;
  std::int64_t author_id = 0;
  std::string via_channel = "api";
  Instant created_at{};
  std::vector<Event> events;
};

// An audit the system writes by itself (kSystemAuthorId, via "rule") with `events`.
inline Audit SystemAudit(std::int64_t ticket_id, std::vector<Event> events, Instant now) {
  Audit a;
  a.ticket_id = ticket_id;
  a.author_id = kSystemAuthorId;
  a.via_channel = std::string(kViaRule);
  a.created_at = now;
  a.events = std::move(events);
  return a;
}

// The "Comment" event that puts comment `c` on its audit's timeline.
inline Event CommentEvent(const Comment& c) {
  return Event{0, "Comment", "comment", c.is_public ? "public" : "internal", "", c.id};
}

std::vector<std::string> NormalizeTags(const std::vector<std::string>& raw);

}  // namespace chamado
