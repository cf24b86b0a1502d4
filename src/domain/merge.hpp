#pragma once
// Duplicates and merging (PRODUCT.md §7, docs/duplicates.md): the pure rules. Which of a
// customer's tickets is the "active case" a new contact joins; which tickets an agent may
// merge; where a split-out ticket goes; the texts the customer and the agents read. The app
// layer (app/duplicates.hpp, app/merge.hpp) loads, saves and records; this decides.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/ticket.hpp"
#include "domain/workflow.hpp"

namespace chamado {

// One merge of a source ticket into a target, as the store keeps it (table `merges`). The
// source's own `merged_into` says the same while the merge stands; this row also remembers
// what was copied, so an undo knows what it splits back out, and stays after the undo.
struct MergeRecord {
  std::int64_t id = 0;
  std::int64_t job_id = 0;  // the merges one request made share it (GET /job_statuses/{job_id})
  std::string kind;         // "auto" (a customer's new contact) or "manual" (an agent's merge)
  std::int64_t source_id = 0;
  std::int64_t target_id = 0;
  std::optional<std::int64_t> source_comment_id;  // auto: the contact's message on the source
  std::optional<std::int64_t> target_comment_id;  // auto: its copy on the target; manual: target_comment
  std::int64_t author_id = 0;                     // the merging agent; auto: the customer
  Instant created_at{};
  std::optional<Instant> undone_at;
  std::optional<std::int64_t> undone_by;
  bool active() const { return !undone_at.has_value(); }
};

inline constexpr std::string_view kMergeAuto = "auto";
inline constexpr std::string_view kMergeManual = "manual";

// The automatic duplicate rule's settings ([duplicates] in chamado.toml).
struct DuplicatePolicy {
  bool enabled = false;  // resolved from duplicates.mode and the workflow (merge_target)
  std::chrono::seconds window{std::chrono::hours(24 * 30)};
  // The topic field's id, when duplicates.topic_field names one: a case with another value of
  // it is not the same subject. "No value" is a value: it matches only cases without one.
  std::optional<std::int64_t> topic_field_id;
};

// The value of custom field `field_id` on `fields` (monostate when absent or null).
FieldValue FieldValueOf(const std::vector<CustomFieldValue>& fields, std::int64_t field_id);

// Is `t` an active case a new contact of its requester may join at `now`? Not merged, not a
// problem; status of category new/open/pending/hold, not terminal, and one the customer may
// comment in (the contact becomes their reply there); updated within the window; same topic
// when configured.
bool IsActiveCase(const Ticket& t, const Workflow& wf, const DuplicatePolicy& p, const FieldValue& topic, Instant now);

// The active case among `tickets` (the requester's own), if any: the most recently updated
// one (ties: the higher id). `requester_id` is checked again here: another customer's ticket
// is never a merge target, whatever the caller passed in.
std::optional<Ticket> FindActiveCase(const std::vector<Ticket>& tickets, std::int64_t requester_id, const Workflow& wf,
                                     const DuplicatePolicy& p, const FieldValue& topic, Instant now);

// May `source` be merged into `target` by an agent? Both exist and are different; neither is
// a problem ticket (problems are internal and own their incidents); the target is not terminal;
// the workflow has a merge target and allows the source's move there for Actor::kMerge (a
// terminal source never is). The error is a 422 naming `field` ("ids" for a source, "id" for
// the target) and the rule.
Result<const Status*> CheckManualMerge(const Workflow& wf, const Ticket& source, const Ticket& target);

// Where an undone merge puts the source back: "back to the queue" (New when nobody is
// assigned, In progress otherwise), or the initial status when the workflow has no queue.
const Status& AfterUnmerge(const Workflow& wf, const Ticket& source);

// ---- texts (pt-BR, es, en; anything else reads pt-BR, the default locale)

// The public system comment on an automatic Duplicate: the customer is told their case number.
std::string DuplicateNotice(std::string_view locale, std::int64_t case_id);

// A manual merge's default source comment: "This request was closed and merged into request
// #T "subject"."
std::string MergedSourceText(std::string_view locale, std::int64_t target_id, std::string_view target_subject);

// A manual merge's default target comment, one paragraph per source: "Request #S "subject" was
// closed and merged into this request." followed by the source's last public comment, quoted
// (at most kMaxQuotedBytes of it).
struct MergedSource {
  std::int64_t id = 0;
  std::string subject;
  std::string last_public_comment;  // empty: none
};
inline constexpr std::size_t kMaxQuotedBytes = 4096;
std::string MergedTargetText(std::string_view locale, const std::vector<MergedSource>& sources);

// The internal note an undo leaves on the target: "Ticket #S was split back out of this
// ticket; its message stays above for the record."
std::string UnmergedTargetNote(std::string_view locale, std::int64_t source_id);

// Ids as the timeline shows lists ("5 9 12").
std::string JoinIdList(const std::vector<std::int64_t>& ids);

}  // namespace chamado
