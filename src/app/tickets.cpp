#include "app/tickets.hpp"

#include <algorithm>

#include "app/attachments.hpp"
#include "app/custom_fields.hpp"
#include "app/duplicates.hpp"
#include "app/escalation.hpp"
#include "app/notifications.hpp"
#include "app/priority_volume.hpp"
#include "app/self_help.hpp"
#include "app/sla.hpp"
#include "app/timers.hpp"
#include "domain/satisfaction.hpp"

namespace chamado::app {
namespace {

// A follow-up (via_followup_source_id) continues a closed ticket, never an open one.
Result<void> CheckFollowUpSource(ReadTx& tx, const Workflow& wf, std::int64_t source_id) {
  auto src = tx.TicketById(source_id);
  const Status* s = src ? wf.ById(src->custom_status_id) : nullptr;
  if (!s || !s->closed)
    return Fail(Error::Invalid("via_followup_source_id", "InvalidValue",
                               "Follow-up: the source ticket must exist and be closed"));
  return {};
}

Result<std::int64_t> ResolveUserRef(WriteTx& tx, const UserRef& ref, Instant now, const std::string& field) {
  if (ref.id) {
    if (!tx.UserById(*ref.id))
      return Fail(Error::Invalid(field, "InvalidValue", "User " + std::to_string(*ref.id) + " does not exist"));
    return *ref.id;
  }
  const std::string email = NormalizeEmail(ref.email);
  if (email.empty())
    return Fail(Error::Invalid(field, "InvalidValue", "Email: '" + ref.email + "' is not a valid e-mail address"));
  if (auto u = tx.UserByEmail(email)) return u->id;
  User u;
  u.email = email;
  u.name = ref.name.empty() ? email.substr(0, email.find('@')) : ref.name;
  if (!ref.locale.empty() && IsSupportedLocale(ref.locale)) u.locale = ref.locale;
  u.role = Role::kEndUser;
  u.created_at = u.updated_at = now;
  tx.InsertUser(u);
  return u.id;
}

Result<std::vector<std::int64_t>> ResolveUserRefs(WriteTx& tx, const std::vector<UserRef>& refs, Instant now,
                                                  const std::string& field) {
  std::vector<std::int64_t> ids;
  for (const auto& r : refs) {
    auto id = ResolveUserRef(tx, r, now, field);
    if (!id) return Fail(id.error());
    ids.push_back(*id);
  }
  return ids;
}

Result<void> CheckRefs(ReadTx& tx, const TicketPatch& p) {
  if (p.assignee_id && *p.assignee_id) {
    auto u = tx.UserById(**p.assignee_id);
    if (!u || !IsStaff(u->role) || !u->active)
      return Fail(Error::Invalid("assignee_id", "InvalidValue",
                                 "Assignee: " + std::to_string(**p.assignee_id) + " is not an active agent"));
  }
  if (p.group_id && *p.group_id && !tx.GroupById(**p.group_id))
    return Fail(
        Error::Invalid("group_id", "InvalidValue", "Group: " + std::to_string(**p.group_id) + " does not exist"));
  if (p.organization_id && *p.organization_id && !tx.OrganizationById(**p.organization_id))
    return Fail(Error::Invalid("organization_id", "InvalidValue",
                               "Organization: " + std::to_string(**p.organization_id) + " does not exist"));
  if (p.problem_id && *p.problem_id) {
    auto prob = tx.TicketById(**p.problem_id);
    if (!prob || prob->type != TicketType::kProblem)
      return Fail(Error::Invalid("problem_id", "InvalidValue",
                                 "Problem: ticket " + std::to_string(**p.problem_id) + " is not a problem ticket"));
  }
  if (p.requester_id && !tx.UserById(*p.requester_id))
    return Fail(Error::Invalid("requester_id", "InvalidValue",
                               "Requester: user " + std::to_string(*p.requester_id) + " does not exist"));
  for (auto id : p.add_collaborator_ids)
    if (!tx.UserById(id))
      return Fail(
          Error::Invalid("collaborator_ids", "InvalidValue", "CC: user " + std::to_string(id) + " does not exist"));
  if (p.collaborator_ids)
    for (auto id : *p.collaborator_ids)
      if (!tx.UserById(id))
        return Fail(
            Error::Invalid("collaborator_ids", "InvalidValue", "CC: user " + std::to_string(id) + " does not exist"));
  return {};
}

// The people a command names by e-mail (assignee, CCs) become ids on the patch; then every
// reference and custom field is checked. Shared by ticket create and update.
Result<void> ResolvePeopleAndCheck(WriteTx& tx, const TicketCommand& cmd, TicketPatch& patch, Instant now) {
  if (cmd.assignee_email) {
    auto a = tx.UserByEmail(NormalizeEmail(*cmd.assignee_email));
    if (!a) return Fail(Error::Invalid("assignee_email", "InvalidValue", "Assignee: no agent with that e-mail"));
    patch.assignee_id = a->id;
  }
  if (cmd.collaborators) {
    auto ids = ResolveUserRefs(tx, *cmd.collaborators, now, "collaborators");
    if (!ids) return Fail(ids.error());
    patch.collaborator_ids = *ids;
  }
  auto more = ResolveUserRefs(tx, cmd.additional_collaborators, now, "additional_collaborators");
  if (!more) return Fail(more.error());
  patch.add_collaborator_ids.insert(patch.add_collaborator_ids.end(), more->begin(), more->end());
  if (auto ok = CheckRefs(tx, patch); !ok) return ok;
  return ValidateCustomFields(tx, patch.custom_fields, /*end_user=*/false);
}

Comment MakeComment(const Ticket& t, const CommentInput& in, std::int64_t author, const std::string& via, Instant now) {
  Comment c;
  c.ticket_id = t.id;
  c.author_id = author;
  c.body = in.body;
  c.html_body = in.html_body;
  c.is_public = in.is_public.value_or(true);
  c.via_channel = via;
  c.created_at = now;
  return c;
}

// Inserts the comment (if any) and the audit; fills `result`.
void SaveAuditAndComment(WriteTx& tx, const Ticket& t, std::vector<Event> events, std::optional<Comment> comment,
                         std::int64_t author, const std::string& via, Instant now, TicketResult& result) {
  if (comment) {
    tx.InsertComment(*comment);
    events.push_back(CommentEvent(*comment));
  }
  if (events.empty()) return;
  Audit a;
  a.ticket_id = t.id;
  a.author_id = author;
  a.via_channel = via;
  a.created_at = now;
  a.events = std::move(events);
  tx.InsertAudit(a);
  if (comment) {
    comment->audit_id = a.id;
    result.comments.push_back(*comment);
  }
  result.audit = std::move(a);
}

// ---- attachments: the saved comment (the last of `r.comments`) takes the files of the upload
// tokens it names (app/attachments.hpp). Called right after SaveAuditAndComment.
Result<void> AttachCommentUploads(WriteTx& tx, const TicketResult& r, const CommentInput& in, const Caller& c,
                                  Instant now, const Settings& s) {
  if (in.uploads.empty() || r.comments.empty()) return {};
  auto linked = AttachUploads(tx, r.comments.back(), in.uploads, c, now, AttachmentPolicy(s.attachment_limits));
  if (!linked) return Fail(linked.error());
  return {};
}

// The ticket as its requester or CCs see it: a first comment that was an internal note
// must not reach them as the request's description.
Ticket AsSeenByRequester(Ticket t) {
  if (!t.is_public) t.description.clear();
  return t;
}

std::vector<std::int64_t> StatusIdsWhere(const Workflow& wf, bool solved) {
  std::vector<std::int64_t> ids;
  for (const auto& s : wf.statuses)
    if ((s.category == Category::kSolved) == solved) ids.push_back(s.id);
  return ids;
}

}  // namespace

// ---------------------------------------------------------------- Tickets API

Result<TicketResult> TicketService::Create(const Caller& c, const TicketCommand& cmd) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsStaff()) return Fail(Error::Forbidden());
  CommentInput first;
  if (cmd.comment)
    first = *cmd.comment;
  else if (cmd.description)
    first.body = *cmd.description;
  else
    return Fail(Error::Invalid("comment", "BlankValue", "Comment: is required to create a ticket"));
  if (auto ok = ValidateCommentBody(first.body, "comment"); !ok) return Fail(ok.error());

  const Instant now = clock_.Now();
  TicketResult result;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    TicketPatch patch = cmd.patch;
    Ticket base;
    // Requester: an object (found or created by e-mail), an id, or the caller.
    if (cmd.requester) {
      auto id = ResolveUserRef(tx, *cmd.requester, now, "requester");
      if (!id) return Fail(id.error());
      base.requester_id = *id;
    } else if (patch.requester_id) {
      if (!tx.UserById(*patch.requester_id))
        return Fail(Error::Invalid("requester_id", "InvalidValue",
                                   "Requester: user " + std::to_string(*patch.requester_id) + " does not exist"));
      base.requester_id = *patch.requester_id;
    } else {
      base.requester_id = c.user_id;
    }
    patch.requester_id.reset();
    base.submitter_id = cmd.submitter_id.value_or(c.user_id);
    if (cmd.submitter_id && !tx.UserById(*cmd.submitter_id))
      return Fail(Error::Invalid("submitter_id", "InvalidValue", "Submitter: user does not exist"));
    if (auto ok = ResolvePeopleAndCheck(tx, cmd, patch, now); !ok) return Fail(ok.error());
    if (cmd.followup_source_id) {
      if (auto ok = CheckFollowUpSource(tx, wf_, *cmd.followup_source_id); !ok) return Fail(ok.error());
      base.followup_source_id = cmd.followup_source_id;
    }
    const std::int64_t author = first.author_id.value_or(base.submitter_id);
    if (!tx.UserById(author)) return Fail(Error::Invalid("comment", "InvalidValue", "Comment: author does not exist"));
    base.description = first.body;
    base.is_public = first.is_public.value_or(true);
    base.via_channel = cmd.via_channel;
    if (auto req = tx.UserById(base.requester_id)) base.organization_id = req->organization_id;
    // ---- sla: PRODUCT §5: from the availability-impact field (domain/sla.hpp), else Normal
    if (!patch.priority) patch.priority = PriorityFromCustomFields(patch.custom_fields);

    auto out = NewTicket(base, patch, wf_, Actor::kAgent, now);
    if (!out) return Fail(out.error());
    Ticket t = out->after;
    OfferSatisfactionOnSolve(wf_, std::nullopt, t);  // ---- satisfaction: created already solved
    t.version = 1;
    tx.InsertTicket(t);
    SyncStatusTimer(tx, wf_, std::nullopt, t, now);
    Comment comment = MakeComment(t, first, author, cmd.via_channel, now);
    SaveAuditAndComment(tx, t, out->events, comment, c.user_id, cmd.via_channel, now, result);
    if (auto ok = AttachCommentUploads(tx, result, first, c, now, settings_); !ok) return ok;  // ---- attachments
    auto self_help = OfferSelfHelp(tx, wf_, t, now);  // ---- self-help e-mail (app/self_help.hpp)
    if (!self_help) return Fail(self_help.error());
    t = *self_help;
    if (auto ok = RecomputeSla(tx, wf_, t, now); !ok) return ok;  // ---- sla
    if (t.problem_id)  // ---- priority from volume: an incident linked to its problem at creation
      if (auto ok = NoteIncidentLinked(tx, wf_, *t.problem_id, t.id, c.user_id, settings_.priority_volume, now); !ok)
        return ok;
    // ---- e-mail: after the SLA, so "ticket received" tells the due date
    if (result.audit)
      if (auto ok = NotifyAudit(tx, wf_, t, *result.audit, now); !ok) return ok;
    result.ticket = t;
    if (cmd.within_tx)  // ---- e-mail: the inbound message commits with its ticket or comment
      if (auto ok = cmd.within_tx(tx, result); !ok) return ok;
    return {};
  });
  if (!r) return Fail(r.error());
  return result;
}

Result<TicketResult> TicketService::Update(const Caller& c, std::int64_t id, const TicketCommand& cmd) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsStaff()) return Fail(Error::Forbidden());
  if (cmd.comment)
    if (auto ok = ValidateCommentBody(cmd.comment->body, "comment"); !ok) return Fail(ok.error());
  const Instant now = clock_.Now();
  TicketResult result;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    auto before = tx.TicketById(id);
    if (!before) return Fail(Error::NotFound());
    if (cmd.safe_update) {
      if (!cmd.updated_stamp)
        return Fail(Error::Invalid("updated_stamp", "BlankValue", "Updated stamp: is required with safe_update"));
      if (*cmd.updated_stamp != before->updated_at)
        return Fail(Error::Conflict("Safe Update prevented the update due to outdated ticket data: ticket " +
                                    std::to_string(id) + " was updated at " + FormatIso(before->updated_at) +
                                    ". Please fetch it and try again."));
    }
    TicketPatch patch = cmd.patch;
    if (cmd.requester) {
      auto rid = ResolveUserRef(tx, *cmd.requester, now, "requester");
      if (!rid) return Fail(rid.error());
      patch.requester_id = *rid;
    }
    if (auto ok = ResolvePeopleAndCheck(tx, cmd, patch, now); !ok) return Fail(ok.error());

    auto out = ApplyPatch(*before, patch, wf_, Actor::kAgent, now);
    if (!out) return Fail(out.error());
    Ticket t = out->after;
    std::optional<Comment> comment;
    if (cmd.comment) {
      const std::int64_t author = cmd.comment->author_id.value_or(c.user_id);
      auto author_user = tx.UserById(author);
      if (!author_user) return Fail(Error::Invalid("comment", "InvalidValue", "Comment: author does not exist"));
      if (tx.CommentCount(id) >= static_cast<std::int64_t>(kMaxCommentsPerTicket))
        return Fail(Error::Invalid("comment", "TooMany", "Comment: a ticket holds at most 5000 comments"));
      // An end user's comment entered by an agent acts as the customer's reply.
      const bool customer = !IsStaff(author_user->role) && cmd.comment->is_public.value_or(true);
      const bool status_set = t.custom_status_id != before->custom_status_id;
      auto next = StatusAfterComment(wf_, *before, customer && !status_set ? Actor::kCustomer : Actor::kAgent);
      if (!next) return Fail(next.error());
      if (!status_set && (*next)->id != t.custom_status_id) {
        AddStatusEvents(out->events, wf_, t.custom_status_id, (*next)->id);
        t.custom_status_id = (*next)->id;
      }
      comment = MakeComment(t, *cmd.comment, author, cmd.via_channel, now);
      t.updated_at = now;
    }
    if (out->events.empty() && !comment) {
      result.ticket = *before;
      return {};
    }
    OfferSatisfactionOnSolve(wf_, before->custom_status_id, t);  // ---- satisfaction
    t.version = before->version + 1;
    if (!tx.UpdateTicket(t, before->version))
      return Fail(Error::Conflict("Ticket " + std::to_string(id) + " changed meanwhile; please retry"));
    SyncStatusTimer(tx, wf_, before->custom_status_id, t, now);
    SaveAuditAndComment(tx, t, out->events, comment, c.user_id, cmd.via_channel, now, result);
    if (cmd.comment)  // ---- attachments
      if (auto ok = AttachCommentUploads(tx, result, *cmd.comment, c, now, settings_); !ok) return ok;
    // ---- escalation: solving a problem sends its incidents back (app/escalation.hpp)
    if (auto ok = ConcludeEscalations(tx, wf_, before->custom_status_id, t, now); !ok) return ok;
    if (auto ok = RecomputeSla(tx, wf_, t, now); !ok) return ok;  // ---- sla
    // ---- priority from volume: linked to a problem (app/priority_volume.hpp)
    if (t.problem_id && t.problem_id != before->problem_id)
      if (auto ok = NoteIncidentLinked(tx, wf_, *t.problem_id, t.id, c.user_id, settings_.priority_volume, now); !ok)
        return ok;
    if (result.audit)  // ---- e-mail (app/notifications.hpp)
      if (auto ok = NotifyAudit(tx, wf_, t, *result.audit, now); !ok) return ok;
    result.ticket = t;
    if (cmd.within_tx)  // ---- e-mail: the inbound message commits with its ticket or comment
      if (auto ok = cmd.within_tx(tx, result); !ok) return ok;
    return {};
  });
  if (!r) return Fail(r.error());
  return result;
}

Result<Ticket> TicketService::Show(const Caller& c, std::int64_t id) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsStaff()) return Fail(Error::Forbidden());
  std::optional<Ticket> t;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    t = tx.TicketById(id);
    return {};
  });
  if (!r) return Fail(r.error());
  if (!t) return Fail(Error::NotFound());
  return *t;
}

Result<std::vector<Ticket>> TicketService::ShowMany(const Caller& c, const std::vector<std::int64_t>& ids) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsStaff()) return Fail(Error::Forbidden());
  if (ids.size() > 100) return Fail(Error::BadRequest("show_many takes at most 100 ids"));
  std::vector<Ticket> out;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    out = tx.TicketsByIds(ids);
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

Result<Page<Ticket>> TicketService::List(const Caller& c, const TicketFilter& f, const PageRequest& p) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsStaff()) return Fail(Error::Forbidden());
  Page<Ticket> page;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    page = tx.ListTickets(f, p);
    return {};
  });
  if (!r) return Fail(r.error());
  return page;
}

Result<Page<Comment>> TicketService::Comments(const Caller& c, std::int64_t id, const PageRequest& p) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsStaff()) return Fail(Error::Forbidden());
  Page<Comment> page;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    if (!tx.TicketById(id)) return Fail(Error::NotFound());
    page = tx.CommentsOf(id, /*public_only=*/false, p);
    return {};
  });
  if (!r) return Fail(r.error());
  return page;
}

// ---------------------------------------------------------------- Requests API

bool TicketService::CanBeSolvedBy(const Caller& c, const Ticket& t) const {
  if (c.anonymous || t.requester_id != c.user_id) return false;
  const Status* s = wf_.ById(t.custom_status_id);
  if (!s) return false;
  auto target = CustomerClose(wf_, *s);
  return target.has_value() && (*target)->id != s->id;
}

Result<Page<Ticket>> TicketService::ListRequests(const Caller& c, RequestScope scope, const PageRequest& p) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  TicketFilter f;
  // Like Zendesk: /requests (and /open, /solved) are the caller's own; /ccd the CC'd ones.
  if (scope == RequestScope::kCcd)
    f.cc_user_id = c.user_id;
  else
    f.requester_id = c.user_id;
  if (scope == RequestScope::kOpen) f.custom_status_ids = StatusIdsWhere(wf_, false);
  if (scope == RequestScope::kSolved) f.custom_status_ids = StatusIdsWhere(wf_, true);
  Page<Ticket> page;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    page = tx.ListTickets(f, p);
    return {};
  });
  if (!r) return Fail(r.error());
  for (auto& t : page.items) t = AsSeenByRequester(std::move(t));
  return page;
}

Result<TicketResult> TicketService::CreateRequest(const Caller& c, const RequestCommand& cmd) {
  if (c.anonymous && (!settings_.anonymous_requests || !cmd.requester)) return Fail(Error::Unauthenticated());
  if (!cmd.comment) return Fail(Error::Invalid("comment", "BlankValue", "Comment: is required to create a request"));
  if (auto ok = ValidateCommentBody(cmd.comment->body, "comment"); !ok) return Fail(ok.error());
  const Instant now = clock_.Now();
  TicketResult result;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    Ticket base;
    if (c.anonymous) {
      auto id = ResolveUserRef(tx, *cmd.requester, now, "requester");
      if (!id) return Fail(id.error());
      base.requester_id = *id;
    } else {
      base.requester_id = c.user_id;
    }
    base.submitter_id = base.requester_id;
    base.description = cmd.comment->body;
    base.via_channel = cmd.via_channel;
    if (cmd.followup_source_id) {  // ---- e-mail: a follow-up of a closed ticket
      if (auto ok = CheckFollowUpSource(tx, wf_, *cmd.followup_source_id); !ok) return Fail(ok.error());
      base.followup_source_id = cmd.followup_source_id;
    }
    if (auto req = tx.UserById(base.requester_id)) base.organization_id = req->organization_id;
    TicketPatch patch;
    patch.subject = cmd.subject;
    // ---- sla: PRODUCT §5: from the availability-impact field (domain/sla.hpp), else Normal
    patch.priority = cmd.priority ? cmd.priority : Patch<Priority>{PriorityFromCustomFields(cmd.custom_fields)};
    patch.type = cmd.type;
    if (cmd.type && *cmd.type == TicketType::kProblem) patch.type.reset();  // problems are internal
    auto ccs = ResolveUserRefs(tx, cmd.collaborators, now, "collaborators");
    if (!ccs) return Fail(ccs.error());
    patch.collaborator_ids = *ccs;
    if (auto ok = ValidateCustomFields(tx, cmd.custom_fields, /*end_user=*/true); !ok) return Fail(ok.error());
    patch.custom_fields = cmd.custom_fields;
    // ---- duplicates: the customer's active case, looked up under a lock on the customer
    // (app/duplicates.hpp); the contact then joins it as a Duplicate, below.
    const auto active_case = cmd.followup_source_id ? std::nullopt
                                                    : FindActiveCaseFor(tx, wf_, settings_.duplicates,
                                                                        base.requester_id, cmd.custom_fields, now);
    auto out = NewTicket(base, patch, wf_, Actor::kCustomer, now);
    if (!out) return Fail(out.error());
    Ticket t = out->after;
    t.version = 1;
    tx.InsertTicket(t);
    SyncStatusTimer(tx, wf_, std::nullopt, t, now);
    CommentInput ci = *cmd.comment;
    ci.is_public = true;
    Comment comment = MakeComment(t, ci, base.requester_id, cmd.via_channel, now);
    SaveAuditAndComment(tx, t, out->events, comment, base.requester_id, cmd.via_channel, now, result);
    if (auto ok = AttachCommentUploads(tx, result, ci, c, now, settings_); !ok) return ok;  // ---- attachments
    // ---- duplicates: last, once the contact and its message (and attachments) exist
    if (active_case) {
      auto joined = JoinActiveCase(tx, wf_, t, result.comments.front(), *active_case, now);
      if (!joined) return Fail(joined.error());
      t = *joined;
    }
    auto self_help = OfferSelfHelp(tx, wf_, t, now);  // ---- self-help e-mail (app/self_help.hpp)
    if (!self_help) return Fail(self_help.error());
    t = *self_help;
    if (auto ok = RecomputeSla(tx, wf_, t, now); !ok) return ok;  // ---- sla
    // ---- e-mail: the ticket as it ends up (a contact that joined a case is not acknowledged)
    if (result.audit)
      if (auto ok = NotifyAudit(tx, wf_, t, *result.audit, now); !ok) return ok;
    result.ticket = t;
    if (cmd.within_tx)  // ---- e-mail: the inbound message commits with its ticket or comment
      if (auto ok = cmd.within_tx(tx, result); !ok) return ok;
    return {};
  });
  if (!r) return Fail(r.error());
  return result;
}

Result<Ticket> TicketService::ShowRequest(const Caller& c, std::int64_t id) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  std::optional<Ticket> t;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    t = tx.TicketById(id);
    return {};
  });
  if (!r) return Fail(r.error());
  // Not visible reads exactly like not existing: 404, never 403.
  if (!t || !IsRequesterOrCc(c, *t)) return Fail(Error::NotFound());
  return AsSeenByRequester(*t);
}

Result<TicketResult> TicketService::UpdateRequest(const Caller& c, std::int64_t id, const RequestCommand& cmd) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (cmd.comment)
    if (auto ok = ValidateCommentBody(cmd.comment->body, "comment"); !ok) return Fail(ok.error());
  const Instant now = clock_.Now();
  TicketResult result;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    auto before = tx.TicketById(id);
    if (!before || !IsRequesterOrCc(c, *before)) return Fail(Error::NotFound());
    Ticket t = *before;
    std::vector<Event> events;
    std::optional<Comment> comment;
    if (cmd.comment) {
      if (tx.CommentCount(id) >= static_cast<std::int64_t>(kMaxCommentsPerTicket))
        return Fail(Error::Invalid("comment", "TooMany", "Comment: a ticket holds at most 5000 comments"));
      auto next = StatusAfterComment(wf_, t, Actor::kCustomer);
      if (!next) return Fail(next.error());
      AddStatusEvents(events, wf_, t.custom_status_id, (*next)->id);
      t.custom_status_id = (*next)->id;
      CommentInput ci = *cmd.comment;
      ci.is_public = true;  // requesters only write public comments
      comment = MakeComment(t, ci, c.user_id, cmd.via_channel, now);
    }
    if (!cmd.additional_collaborators.empty()) {
      auto ids = ResolveUserRefs(tx, cmd.additional_collaborators, now, "additional_collaborators");
      if (!ids) return Fail(ids.error());
      TicketPatch p;
      p.add_collaborator_ids = *ids;
      auto out = ApplyPatch(t, p, wf_, Actor::kCustomer, now);
      if (!out) return Fail(out.error());
      t = out->after;
      events.insert(events.end(), out->events.begin(), out->events.end());
    }
    if (cmd.solved && *cmd.solved) {
      if (t.requester_id != c.user_id)
        return Fail(Error::Invalid("solved", "NotRequester", "Solved: only the requester can close this request"));
      const Status* s = wf_.ById(t.custom_status_id);
      auto target = CustomerClose(wf_, *s);
      if (!target) return Fail(target.error());
      AddStatusEvents(events, wf_, t.custom_status_id, (*target)->id);
      t.custom_status_id = (*target)->id;
    }
    if (events.empty() && !comment) {
      result.ticket = *before;
      return {};
    }
    t.updated_at = now;
    OfferSatisfactionOnSolve(wf_, before->custom_status_id, t);  // ---- satisfaction
    t.version = before->version + 1;
    if (!tx.UpdateTicket(t, before->version))
      return Fail(Error::Conflict("Request " + std::to_string(id) + " changed meanwhile; please retry"));
    SyncStatusTimer(tx, wf_, before->custom_status_id, t, now);
    SaveAuditAndComment(tx, t, events, comment, c.user_id, cmd.via_channel, now, result);
    if (cmd.comment)  // ---- attachments
      if (auto ok = AttachCommentUploads(tx, result, *cmd.comment, c, now, settings_); !ok) return ok;
    // ---- escalation: a problem's requester (an agent) closing it concludes its incidents
    if (auto ok = ConcludeEscalations(tx, wf_, before->custom_status_id, t, now); !ok) return ok;
    if (auto ok = RecomputeSla(tx, wf_, t, now); !ok) return ok;  // ---- sla
    if (result.audit)                                             // ---- e-mail (app/notifications.hpp)
      if (auto ok = NotifyAudit(tx, wf_, t, *result.audit, now); !ok) return ok;
    result.ticket = t;
    if (cmd.within_tx)  // ---- e-mail: the inbound message commits with its ticket or comment
      if (auto ok = cmd.within_tx(tx, result); !ok) return ok;
    return {};
  });
  if (!r) return Fail(r.error());
  result.ticket = AsSeenByRequester(std::move(result.ticket));
  return result;
}

Result<Page<Comment>> TicketService::RequestComments(const Caller& c, std::int64_t id, const PageRequest& p) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  Page<Comment> page;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    auto t = tx.TicketById(id);
    if (!t || !IsRequesterOrCc(c, *t)) return Fail(Error::NotFound());
    page = tx.CommentsOf(id, /*public_only=*/true, p);
    return {};
  });
  if (!r) return Fail(r.error());
  return page;
}

}  // namespace chamado::app
