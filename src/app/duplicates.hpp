#pragma once
// Automatic duplicates (PRODUCT.md §7, docs/duplicates.md): a customer who already has an
// active case and contacts support again through an end-user channel (the portal's
// POST /requests today; e-mail and chat later, through TicketService::CreateRequest with their
// via_channel) does not open a second case. The new contact is still created (it gets its own
// number and keeps its message) but the system moves it straight to the workflow's merge target
// (Duplicate, closed) with merged_into = the active case, appends its message to the active
// case as the customer's reply (which moves that case as a reply would: Awaiting response ->
// In progress) and tells the customer the case number in a public comment on the Duplicate.
// Both timelines record it, and a `merges` row remembers it so an agent can undo it
// (app/merge.hpp).
//
// Concurrency: the lookup runs under a row lock on the customer (WriteTx::LockUser), taken
// before it reads anything, so two contacts at once decide one after the other: the second
// sees the first's new case and joins it. One active case results, never two.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/ports.hpp"
#include "domain/merge.hpp"
#include "domain/workflow.hpp"

namespace chamado::app {

// [duplicates] in chamado.toml, resolved by main against the workflow (ResolveDuplicates).
struct DuplicateSettings {
  bool enabled = false;
  int window_days = 30;
  std::string topic_field;  // a ticket field's key; empty: any topic
};

// duplicates.mode ("" | "merge" | "off") against the workflow: "" merges when the workflow has
// a merge target the system may move a new ticket to (case-lifecycle) and is off otherwise
// (simple); "merge" on a workflow without one is an error naming the setting.
Result<DuplicateSettings> ResolveDuplicates(const std::string& mode, int window_days, std::string topic_field,
                                            const Workflow& wf);

// Can the workflow make automatic duplicates at all? It has a merge target and the system
// may move a ticket from the initial status there.
bool WorkflowMakesDuplicates(const Workflow& wf);

// Inside the write transaction of a new contact, before the contact is created: locks the
// requester's row, then returns their active case (domain/merge.hpp, FindActiveCase), re-read
// with its row locked, if the rule applies: enabled, the requester is an end user, and
// `contact_fields` (the new contact's custom fields) carry the same topic when one is set.
std::optional<Ticket> FindActiveCaseFor(WriteTx& tx, const Workflow& wf, const DuplicateSettings& s,
                                        std::int64_t requester_id, const std::vector<CustomFieldValue>& contact_fields,
                                        Instant now);

// Makes the just-created `contact` (version 1, in the initial status, with its first comment
// `message` inserted) a Duplicate of `active_case` (from FindActiveCaseFor), as described
// above. Returns the contact as it now is.
Result<Ticket> JoinActiveCase(WriteTx& tx, const Workflow& wf, const Ticket& contact, const Comment& message,
                              const Ticket& active_case, Instant now);

// ---- shared with app/merge.cpp

// A "Change" event of one of our fields (chamado_merged_into, chamado_merged_ids).
Event ChangeEvent(std::string field, std::string value, std::string previous);
// The sources currently merged into `target_id` (active merge rows), oldest first.
std::vector<std::int64_t> MergedIds(ReadTx& tx, std::int64_t target_id);
// Inserts an audit with `events`; returns it (ids set).
Audit SaveAudit(WriteTx& tx, std::int64_t ticket_id, std::int64_t author, const std::string& via, Instant now,
                std::vector<Event> events);

// The user who signs the comments the system writes itself (the Duplicate's notice): an
// inactive agent "Chamado" <system@chamado.invalid>, made on first use. Comments need an
// author who is a user; this one cannot sign in, be assigned, or receive e-mail.
std::int64_t SystemUserId(WriteTx& tx, Instant now);
inline constexpr std::string_view kSystemUserEmail = "system@chamado.invalid";

}  // namespace chamado::app
