#include "domain/ticket_change.hpp"

#include <algorithm>
#include <set>

namespace chamado {
namespace {

std::string IdText(const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : std::string(); }

std::string JoinIds(const std::vector<std::int64_t>& ids) {
  std::string s;
  for (auto id : ids) s += (s.empty() ? "" : " ") + std::to_string(id);
  return s;
}

std::string JoinTags(const std::vector<std::string>& tags) {
  std::string s;
  for (const auto& t : tags) s += (s.empty() ? "" : " ") + t;
  return s;
}

void Changed(std::vector<Event>& out, std::string field, std::string value, std::string previous) {
  if (value == previous) return;
  Event e;
  e.type = "Change";
  e.field_name = std::move(field);
  e.value = std::move(value);
  e.previous_value = std::move(previous);
  out.push_back(std::move(e));
}

std::string FieldValueText(const FieldValue& v) {
  struct V {
    std::string operator()(std::monostate) const { return ""; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return std::to_string(d); }
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(const std::vector<std::string>& v) const { return JoinTags(v); }
  };
  return std::visit(V{}, v);
}

std::vector<std::int64_t> Unique(std::vector<std::int64_t> ids) {
  std::vector<std::int64_t> out;
  for (auto id : ids)
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  return out;
}

// Resolves the status a patch asks for, if any.
Result<const Status*> RequestedStatus(const TicketPatch& p, const Workflow& wf) {
  if (p.custom_status_id) {
    const Status* s = wf.ById(*p.custom_status_id);
    if (!s)
      return Fail(Error::Invalid(
          "custom_status_id", "InvalidValue",
          "Custom status: " + std::to_string(*p.custom_status_id) + " is not a status of workflow '" + wf.name + "'"));
    if (p.legacy_status && *p.legacy_status != LegacyStatus(*s) && *p.legacy_status != CategoryName(s->category))
      return Fail(Error::Invalid(
          "status", "InvalidValue",
          "Status: '" + *p.legacy_status + "' does not match custom_status_id " + std::to_string(s->id)));
    return s;
  }
  if (p.legacy_status) {
    auto cat = ParseCategory(*p.legacy_status);
    if (!cat) {
      if (*p.legacy_status == "closed")
        return Fail(Error::Invalid("status", "InvalidValue",
                                   "Status: 'closed' is set only by the workflow's automatic rules, not directly"));
      return Fail(Error::Invalid("status", "InvalidValue", "Status: '" + *p.legacy_status + "' is not a valid status"));
    }
    const Status* s = wf.DefaultFor(*cat);
    if (!s)
      return Fail(
          Error::Invalid("status", "InvalidValue",
                         "Status: workflow '" + wf.name + "' has no status in category '" + *p.legacy_status + "'"));
    return s;
  }
  return static_cast<const Status*>(nullptr);
}

}  // namespace

Result<void> ValidateCommentBody(const std::string& body, const std::string& field) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos)
    return Fail(Error::Invalid(field, "BlankValue", "Comment: cannot be blank"));
  if (body.size() > kMaxCommentBytes)
    return Fail(Error::Invalid(field, "TooLong",
                               "Comment: is too long (maximum is " + std::to_string(kMaxCommentBytes / 1024) + " KB)"));
  return {};
}

Result<ChangeOutcome> ApplyPatch(const Ticket& before, const TicketPatch& p, const Workflow& wf, Actor actor,
                                 Instant now) {
  ChangeOutcome out{before, {}};
  Ticket& t = out.after;
  auto& ev = out.events;

  if (p.subject) {
    if (p.subject->size() > kMaxSubjectLength)
      return Fail(Error::Invalid("subject", "TooLong", "Subject: is too long (maximum is 255 characters)"));
    Changed(ev, "subject", *p.subject, t.subject);
    t.subject = *p.subject;
  }
  if (p.type) {
    Changed(ev, "type", *p.type ? std::string(TicketTypeName(**p.type)) : "",
            t.type ? std::string(TicketTypeName(*t.type)) : "");
    t.type = *p.type;
  }
  if (p.priority) {
    Changed(ev, "priority", *p.priority ? std::string(PriorityName(**p.priority)) : "",
            t.priority ? std::string(PriorityName(*t.priority)) : "");
    t.priority = *p.priority;
  }
  if (p.requester_id) {
    Changed(ev, "requester_id", std::to_string(*p.requester_id), std::to_string(t.requester_id));
    t.requester_id = *p.requester_id;
  }
  const bool was_assigned = t.assignee_id.has_value();
  if (p.assignee_id) {
    Changed(ev, "assignee_id", IdText(*p.assignee_id), IdText(t.assignee_id));
    t.assignee_id = *p.assignee_id;
  }
  if (p.group_id) {
    Changed(ev, "group_id", IdText(*p.group_id), IdText(t.group_id));
    t.group_id = *p.group_id;
  }
  if (p.organization_id) {
    Changed(ev, "organization_id", IdText(*p.organization_id), IdText(t.organization_id));
    t.organization_id = *p.organization_id;
  }
  if (p.problem_id) {
    if (*p.problem_id && *p.problem_id == t.id && t.id != 0)
      return Fail(Error::Invalid("problem_id", "InvalidValue", "Problem: a ticket cannot be its own problem"));
    Changed(ev, "problem_id", IdText(*p.problem_id), IdText(t.problem_id));
    t.problem_id = *p.problem_id;
  }
  if (t.problem_id && t.type != TicketType::kIncident)
    return Fail(Error::Invalid("problem_id", "InvalidValue", "Problem: only incidents can be linked to a problem"));

  if (p.collaborator_ids || !p.add_collaborator_ids.empty()) {
    auto ccs = p.collaborator_ids ? *p.collaborator_ids : t.collaborator_ids;
    ccs.insert(ccs.end(), p.add_collaborator_ids.begin(), p.add_collaborator_ids.end());
    ccs = Unique(std::move(ccs));
    std::erase(ccs, t.requester_id);  // the requester is not their own CC
    if (ccs.size() > kMaxCollaborators)
      return Fail(Error::Invalid("collaborator_ids", "TooMany", "CCs: at most 48 per ticket"));
    Changed(ev, "collaborator_ids", JoinIds(ccs), JoinIds(t.collaborator_ids));
    t.collaborator_ids = std::move(ccs);
  }
  if (p.follower_ids) {
    auto f = Unique(*p.follower_ids);
    Changed(ev, "follower_ids", JoinIds(f), JoinIds(t.follower_ids));
    t.follower_ids = std::move(f);
  }
  if (p.tags || !p.add_tags.empty() || !p.remove_tags.empty()) {
    auto tags = p.tags ? NormalizeTags(*p.tags) : t.tags;
    for (const auto& a : NormalizeTags(p.add_tags))
      if (std::find(tags.begin(), tags.end(), a) == tags.end()) tags.push_back(a);
    for (const auto& r : NormalizeTags(p.remove_tags)) std::erase(tags, r);
    if (tags.size() > kMaxTags) return Fail(Error::Invalid("tags", "TooMany", "Tags: at most 100 per ticket"));
    Changed(ev, "tags", JoinTags(tags), JoinTags(t.tags));
    t.tags = std::move(tags);
  }
  for (const auto& cf : p.custom_fields) {
    auto it =
        std::find_if(t.custom_fields.begin(), t.custom_fields.end(), [&](const auto& x) { return x.id == cf.id; });
    const std::string prev = it == t.custom_fields.end() ? "" : FieldValueText(it->value);
    Changed(ev, "custom_fields_" + std::to_string(cf.id), FieldValueText(cf.value), prev);
    if (it == t.custom_fields.end())
      t.custom_fields.push_back(cf);
    else
      it->value = cf.value;
  }
  if (p.due_at) {
    Changed(ev, "due_at", *p.due_at ? FormatIso(**p.due_at) : "", t.due_at ? FormatIso(*t.due_at) : "");
    t.due_at = *p.due_at;
  }
  if (p.external_id) {
    Changed(ev, "external_id", p.external_id->value_or(""), t.external_id.value_or(""));
    t.external_id = *p.external_id;
  }

  // Status last: an assignment may imply a system move (New -> In progress).
  const Status* from = wf.ById(before.custom_status_id);
  if (!from)
    return Fail(Error::Internal("ticket " + std::to_string(before.id) + " has a status unknown to the workflow"));
  auto requested = RequestedStatus(p, wf);
  if (!requested) return Fail(requested.error());
  const Status* to = *requested;
  Actor mover = actor;
  if (!to && !was_assigned && t.assignee_id) {
    to = AfterAssignment(wf, *from);
    mover = Actor::kSystem;
  }
  if (to && to != from) {
    if (auto ok = CheckTransition(wf, *from, *to, mover); !ok) return Fail(ok.error());
    Changed(ev, "status", std::string(LegacyStatus(*to)), std::string(LegacyStatus(*from)));
    Changed(ev, "custom_status_id", std::to_string(to->id), std::to_string(from->id));
    t.custom_status_id = to->id;
  }
  if (from->closed && !ev.empty())
    return Fail(Error::Invalid("status", "TicketClosed",
                               "Status: ticket " + std::to_string(before.id) +
                                   " is closed; closed tickets cannot be changed (open a follow-up)"));
  if (!ev.empty()) t.updated_at = now;
  return out;
}

Result<ChangeOutcome> NewTicket(Ticket base, const TicketPatch& patch, const Workflow& wf, Actor actor, Instant now) {
  base.custom_status_id = wf.Initial().id;
  base.created_at = now;
  base.updated_at = now;
  TicketPatch p = patch;
  // A status given at creation is checked as a move from the initial status.
  auto out = ApplyPatch(base, p, wf, actor, now);
  if (!out) return out;
  out->after.updated_at = now;
  if (out->after.subject.empty()) {
    // Zendesk takes the first words of the description when no subject is given.
    std::string s = out->after.description.substr(0, 80);
    if (auto nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
    out->after.subject = s;
  }
  // Creation reads as one "Create" event per field set, like Zendesk's audits.
  for (auto& e : out->events) e.type = "Create";
  return out;
}

Result<const Status*> StatusAfterComment(const Workflow& wf, const Ticket& t, Actor actor) {
  const Status* s = wf.ById(t.custom_status_id);
  if (!s) return Fail(Error::Internal("ticket has a status unknown to the workflow"));
  if (s->closed)
    return Fail(Error::Invalid(
        "status", "TicketClosed",
        "Status: ticket " + std::to_string(t.id) + " is closed; reply in a new follow-up ticket instead"));
  if (actor != Actor::kCustomer) return s;
  if (!CustomerMayComment(*s))
    return Fail(
        Error::Invalid("comment", "CommentNotAllowed",
                       "Comment: the requester cannot comment while the ticket is '" + s->customer_label.en + "'"));
  return &AfterCustomerReply(wf, *s, t.assignee_id.has_value());
}

void AddStatusEvents(std::vector<Event>& ev, const Workflow& wf, std::int64_t from_id, std::int64_t to_id) {
  const Status* from = wf.ById(from_id);
  const Status* to = wf.ById(to_id);
  if (from_id == to_id || !from || !to) return;
  ev.push_back({0, "Change", "status", std::string(LegacyStatus(*to)), std::string(LegacyStatus(*from)), 0});
  ev.push_back({0, "Change", "custom_status_id", std::to_string(to_id), std::to_string(from_id), 0});
}

}  // namespace chamado
