#pragma once
// Applying a change to a ticket: pure rules that decide the new ticket and the events
// of its timeline. The app layer resolves users and loads/saves; this decides.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "domain/ticket.hpp"
#include "domain/workflow.hpp"

namespace chamado {

// A field set to null is `Opt<Opt<T>>{std::nullopt}` engaged-with-empty; absent is disengaged.
template <typename T>
using Patch = std::optional<std::optional<T>>;

struct TicketPatch {
  std::optional<std::string> subject;
  Patch<TicketType> type;
  Patch<Priority> priority;
  std::optional<std::int64_t> custom_status_id;
  std::optional<std::string> legacy_status;  // "open", "pending", ... picks the category default
  std::optional<std::int64_t> requester_id;
  Patch<std::int64_t> assignee_id;
  Patch<std::int64_t> group_id;
  Patch<std::int64_t> organization_id;
  Patch<std::int64_t> problem_id;
  std::optional<std::vector<std::int64_t>> collaborator_ids;  // replaces
  std::vector<std::int64_t> add_collaborator_ids;
  std::optional<std::vector<std::int64_t>> follower_ids;
  std::optional<std::vector<std::string>> tags;  // replaces
  std::vector<std::string> add_tags;
  std::vector<std::string> remove_tags;
  std::vector<CustomFieldValue> custom_fields;  // merged by id
  Patch<Instant> due_at;
  Patch<std::string> external_id;
};

struct ChangeOutcome {
  Ticket after;
  std::vector<Event> events;  // "Change" events, in field order
};

// Validates and applies `patch` to `before` as `actor` at `now`. Status moves obey the
// workflow; setting an assignee on a ticket whose status moves on assignment (New) makes
// that system move unless the patch also sets a status.
Result<ChangeOutcome> ApplyPatch(const Ticket& before, const TicketPatch& patch, const Workflow& wf, Actor actor,
                                 Instant now);

// The fields a brand-new ticket starts with, checked: subject/description rules, status
// (the workflow's initial one unless the patch names one the actor may set at creation).
// `base` carries requester, submitter, via, created_at; the patch the rest.
Result<ChangeOutcome> NewTicket(Ticket base, const TicketPatch& patch, const Workflow& wf, Actor actor, Instant now);

// What a comment does to the status: customers may comment only where the workflow
// allows, and their reply may move the ticket (back to the queue, reopen). Agents' and
// internal comments move nothing. Returns the status after the comment.
Result<const Status*> StatusAfterComment(const Workflow& wf, const Ticket& t, Actor actor);

// The events of a status move (legacy `status` and `custom_status_id`); none when the ids are
// equal or either is unknown to the workflow.
void AddStatusEvents(std::vector<Event>& ev, const Workflow& wf, std::int64_t from_id, std::int64_t to_id);

// Text checks shared by every channel: a comment needs a body, within the size limit.
Result<void> ValidateCommentBody(const std::string& body, const std::string& field);

}  // namespace chamado
