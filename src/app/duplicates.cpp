#include "app/duplicates.hpp"

#include <algorithm>

#include "app/notifications.hpp"
#include "app/sla.hpp"
#include "app/timers.hpp"
#include "domain/ticket_change.hpp"

namespace chamado::app {

// ---------------------------------------------------------------- shared helpers

Event ChangeEvent(std::string field, std::string value, std::string previous) {
  Event e;
  e.type = "Change";
  e.field_name = std::move(field);
  e.value = std::move(value);
  e.previous_value = std::move(previous);
  return e;
}

std::vector<std::int64_t> MergedIds(ReadTx& tx, std::int64_t target_id) {
  std::vector<std::int64_t> ids;
  MergeFilter f;
  f.target_id = target_id;
  for (const auto& m : tx.ListMerges(f))
    if (m.active() && std::find(ids.begin(), ids.end(), m.source_id) == ids.end()) ids.push_back(m.source_id);
  return ids;
}

Audit SaveAudit(WriteTx& tx, std::int64_t ticket_id, std::int64_t author, const std::string& via, Instant now,
                std::vector<Event> events) {
  Audit a;
  a.ticket_id = ticket_id;
  a.author_id = author;
  a.via_channel = via;
  a.created_at = now;
  a.events = std::move(events);
  tx.InsertAudit(a);
  return a;
}

std::int64_t SystemUserId(WriteTx& tx, Instant now) {
  if (auto u = tx.UserByEmail(kSystemUserEmail)) return u->id;
  // Two nodes making it at once: one insert hits the unique e-mail, and PostgreSQL runs that
  // transaction again (store.cpp, Retryable), which then finds this row.
  User u;
  u.email = std::string(kSystemUserEmail);
  u.name = "Chamado";
  u.role = Role::kAgent;
  u.active = false;  // cannot sign in or be assigned
  u.notes = "Signs the comments the help desk writes by itself (docs/duplicates.md).";
  u.created_at = u.updated_at = now;
  tx.InsertUser(u);
  return u.id;
}

// ---------------------------------------------------------------- the rule

bool WorkflowMakesDuplicates(const Workflow& wf) {
  if (!wf.merge_target) return false;
  const Status* to = wf.ByKey(*wf.merge_target);
  const Status* from = wf.ByKey(wf.initial);
  return to && from && CheckTransition(wf, *from, *to, Actor::kSystem).has_value();
}

Result<DuplicateSettings> ResolveDuplicates(const std::string& mode, int window_days, std::string topic_field,
                                            const Workflow& wf) {
  DuplicateSettings s;
  s.window_days = window_days;
  s.topic_field = std::move(topic_field);
  if (mode == "off") return s;
  const bool possible = WorkflowMakesDuplicates(wf);
  if (mode == "merge" && !possible)
    return Fail(Error::Invalid("duplicates.mode", "InvalidValue",
                               "duplicates.mode = \"merge\" needs a workflow with a merge_target status the system "
                               "may move a new ticket to; workflow '" +
                                   wf.name + "' has none (set duplicates.mode = \"off\" or leave it empty)"));
  s.enabled = possible;
  return s;
}

std::optional<Ticket> FindActiveCaseFor(WriteTx& tx, const Workflow& wf, const DuplicateSettings& s,
                                        std::int64_t requester_id, const std::vector<CustomFieldValue>& contact_fields,
                                        Instant now) {
  if (!s.enabled) return std::nullopt;
  // First the lock, then every read about this customer: a concurrent contact of theirs waits
  // here until this one commits, and then sees its case (READ COMMITTED reads anew).
  tx.LockUser(requester_id);
  auto user = tx.UserById(requester_id);
  if (!user || user->role != Role::kEndUser) return std::nullopt;  // agents' own requests never merge

  DuplicatePolicy p;
  p.enabled = true;
  p.window = std::chrono::hours(24) * s.window_days;
  if (!s.topic_field.empty())
    for (const auto& f : tx.ListTicketFields())
      if (f.key == s.topic_field) p.topic_field_id = f.id;  // a field removed since startup: any topic
  const FieldValue topic = p.topic_field_id ? FieldValueOf(contact_fields, *p.topic_field_id) : FieldValue{};

  TicketFilter f;
  f.requester_id = requester_id;
  for (const auto& st : wf.statuses)
    if (!st.closed && st.category != Category::kSolved) f.custom_status_ids.push_back(st.id);
  PageRequest page;
  page.limit = 100;  // the newest 100 unsolved cases of one customer are plenty to choose from
  page.descending = true;
  page.want_count = false;
  auto found = FindActiveCase(tx.ListTickets(f, page).items, requester_id, wf, p, topic, now);
  if (!found) return std::nullopt;
  // Re-read with the case's row locked: an agent may have solved it a moment ago.
  auto locked = tx.TicketById(found->id);
  if (!locked || locked->requester_id != requester_id || !IsActiveCase(*locked, wf, p, topic, now)) return std::nullopt;
  return locked;
}

Result<Ticket> JoinActiveCase(WriteTx& tx, const Workflow& wf, const Ticket& contact, const Comment& message,
                              const Ticket& active_case, Instant now) {
  const Status* dup = wf.merge_target ? wf.ByKey(*wf.merge_target) : nullptr;
  if (!dup) return Fail(Error::Internal("workflow '" + wf.name + "' has no merge target"));
  const std::string via = message.via_channel;
  const std::int64_t customer = contact.requester_id;

  // 1. The active case: the message again, as the customer's reply, and their CCs.
  Ticket target = active_case;
  auto next = StatusAfterComment(wf, target, Actor::kCustomer);
  if (!next) return Fail(next.error());
  if (tx.CommentCount(target.id) >= static_cast<std::int64_t>(kMaxCommentsPerTicket))
    return Fail(Error::Invalid("comment", "TooMany",
                               "Comment: case #" + std::to_string(target.id) + " holds at most 5000 comments"));
  std::vector<Event> target_events;
  if (!contact.collaborator_ids.empty()) {
    TicketPatch ccs;
    ccs.add_collaborator_ids = contact.collaborator_ids;
    auto out = ApplyPatch(target, ccs, wf, Actor::kCustomer, now);
    if (!out) return Fail(out.error());
    target = out->after;
    target_events = out->events;
  }
  AddStatusEvents(target_events, wf, target.custom_status_id, (*next)->id);
  target.custom_status_id = (*next)->id;
  Comment copy;
  copy.ticket_id = target.id;
  copy.author_id = customer;
  copy.body = message.body;
  copy.html_body = message.html_body;
  copy.is_public = true;
  copy.via_channel = via;
  copy.created_at = now;
  tx.InsertComment(copy);
  tx.CopyAttachments(message.id, copy.id, target.id);  // the files too (same blobs, new rows)
  target_events.push_back(CommentEvent(copy));
  auto merged = MergedIds(tx, target.id);
  const std::string merged_before = JoinIdList(merged);
  merged.push_back(contact.id);
  target_events.push_back(ChangeEvent("chamado_merged_ids", JoinIdList(merged), merged_before));
  target.updated_at = now;
  target.version = active_case.version + 1;
  if (!tx.UpdateTicket(target, active_case.version))
    return Fail(Error::Conflict("Ticket " + std::to_string(target.id) + " changed meanwhile; please retry"));
  SyncStatusTimer(tx, wf, active_case.custom_status_id, target, now);
  // ---- e-mail: the customer's words reach the case's agent (app/notifications.hpp)
  if (auto ok =
          NotifyAudit(tx, wf, target, SaveAudit(tx, target.id, customer, via, now, std::move(target_events)), now);
      !ok)
    return Fail(ok.error());
  // ---- sla: the reply may resume or start targets (the contact's are its creator's to compute)
  if (auto ok = RecomputeSla(tx, wf, target, now); !ok) return Fail(ok.error());

  // 2. The contact: closed as Duplicate by the system, which tells the customer the number.
  Ticket source = contact;
  std::vector<Event> source_events;
  if (auto ok = CheckTransition(wf, *wf.ById(contact.custom_status_id), *dup, Actor::kSystem); !ok)
    return Fail(ok.error());
  AddStatusEvents(source_events, wf, source.custom_status_id, dup->id);
  source.custom_status_id = dup->id;
  source.merged_into = target.id;
  source_events.push_back(ChangeEvent("chamado_merged_into", std::to_string(target.id), ""));
  const auto user = tx.UserById(customer);
  Comment notice;
  notice.ticket_id = source.id;
  notice.author_id = SystemUserId(tx, now);
  notice.body = DuplicateNotice(user ? user->locale : std::string(kDefaultLocale), target.id);
  notice.is_public = true;
  notice.via_channel = std::string(kViaRule);
  notice.created_at = now;
  tx.InsertComment(notice);
  source_events.push_back(CommentEvent(notice));
  source.updated_at = now;
  source.version = contact.version + 1;
  if (!tx.UpdateTicket(source, contact.version))
    return Fail(Error::Conflict("Request " + std::to_string(source.id) + " changed meanwhile; please retry"));
  SyncStatusTimer(tx, wf, contact.custom_status_id, source, now);
  // ---- e-mail: the duplicate notice, as a mail naming the active case
  if (auto ok = NotifyAudit(
          tx, wf, source,
          SaveAudit(tx, source.id, kSystemAuthorId, std::string(kViaRule), now, std::move(source_events)), now);
      !ok)
    return Fail(ok.error());

  // 3. The record an undo needs.
  MergeRecord m;
  m.kind = std::string(kMergeAuto);
  m.source_id = source.id;
  m.target_id = target.id;
  m.source_comment_id = message.id;
  m.target_comment_id = copy.id;
  m.author_id = customer;
  m.created_at = now;
  tx.InsertMerge(m);
  return source;
}

}  // namespace chamado::app
