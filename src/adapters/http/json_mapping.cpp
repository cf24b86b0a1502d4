#include "adapters/http/json_mapping.hpp"

#include "adapters/http/json_satisfaction.hpp"

namespace chamado::http {

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    switch (ch) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\n': out += "<br>"; break;
      default: out.push_back(ch);
    }
  }
  return out;
}

json::value Time(Instant t) { return json::string(FormatIso(t)); }
json::value OptTime(const std::optional<Instant>& t) { return t ? Time(*t) : json::value(nullptr); }
json::value OptId(const std::optional<std::int64_t>& id) { return id ? json::value(*id) : json::value(nullptr); }

namespace {
json::array Ids(const std::vector<std::int64_t>& ids) {
  json::array a;
  for (auto id : ids) a.push_back(id);
  return a;
}
json::array Strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.push_back(json::string(s));
  return a;
}
json::object Via(const std::string& channel) {
  // Zendesk shows a change its automations made as via {channel: "rule", source.rel: "automation"}.
  const json::value rel = channel == kViaRule ? json::value("automation") : json::value(nullptr);
  return {{"channel", channel}, {"source", {{"from", json::object{}}, {"to", json::object{}}, {"rel", rel}}}};
}
json::array CustomFields(const Ticket& t) {
  json::array a;
  for (const auto& f : t.custom_fields) a.push_back({{"id", f.id}, {"value", FieldValueJson(f.value)}});
  return a;
}
json::value OptString(const std::optional<std::string>& s) {
  return s ? json::value(json::string(*s)) : json::value(nullptr);
}
}  // namespace

json::value FieldValueJson(const FieldValue& v) {
  struct V {
    json::value operator()(std::monostate) const { return nullptr; }
    json::value operator()(bool b) const { return b; }
    json::value operator()(std::int64_t i) const { return i; }
    json::value operator()(double d) const { return d; }
    json::value operator()(const std::string& s) const { return json::string(s); }
    json::value operator()(const std::vector<std::string>& l) const { return Strings(l); }
  };
  return std::visit(V{}, v);
}

json::object TicketJson(const Ticket& t, const Workflow& wf, const Urls& u) {
  const Status* s = wf.ById(t.custom_status_id);
  json::object o;
  o["id"] = t.id;
  o["url"] = u.Api("tickets/" + std::to_string(t.id));
  o["external_id"] = OptString(t.external_id);
  o["via"] = Via(t.via_channel);
  o["created_at"] = Time(t.created_at);
  o["updated_at"] = Time(t.updated_at);
  o["generated_timestamp"] = UnixSeconds(t.updated_at);
  o["type"] = t.type ? json::value(json::string(TicketTypeName(*t.type))) : json::value(nullptr);
  o["subject"] = t.subject;
  o["raw_subject"] = t.subject;
  o["description"] = t.description;
  o["priority"] = t.priority ? json::value(json::string(PriorityName(*t.priority))) : json::value(nullptr);
  o["status"] = s ? json::string(LegacyStatus(*s)) : json::string("open");
  o["custom_status_id"] = t.custom_status_id;
  o["recipient"] = nullptr;
  o["requester_id"] = t.requester_id;
  o["submitter_id"] = t.submitter_id;
  o["assignee_id"] = OptId(t.assignee_id);
  o["organization_id"] = OptId(t.organization_id);
  o["group_id"] = OptId(t.group_id);
  o["collaborator_ids"] = Ids(t.collaborator_ids);
  o["follower_ids"] = Ids(t.follower_ids);
  o["email_cc_ids"] = Ids(t.collaborator_ids);
  o["forum_topic_id"] = nullptr;
  o["problem_id"] = OptId(t.problem_id);
  o["has_incidents"] = false;
  o["is_public"] = t.is_public;
  o["due_at"] = OptTime(t.due_at);
  o["tags"] = Strings(t.tags);
  o["custom_fields"] = CustomFields(t);
  o["fields"] = CustomFields(t);
  o["satisfaction_rating"] = TicketSatisfactionJson(t);  // ---- satisfaction
  o["sharing_agreement_ids"] = json::array{};
  o["followup_ids"] = json::array{};
  o["via_followup_source_id"] = OptId(t.followup_source_id);
  o["chamado_merged_into"] = OptId(t.merged_into);  // ---- duplicates: the case it was merged into
  o["ticket_form_id"] = nullptr;
  o["brand_id"] = nullptr;
  o["allow_channelback"] = false;
  o["allow_attachments"] = true;
  o["from_messaging_channel"] = false;
  return o;
}

json::object RequestJson(const Ticket& t, const Workflow& wf, const Urls& u, bool can_be_solved_by_me) {
  const Status* s = wf.ById(t.custom_status_id);
  json::object o;
  o["id"] = t.id;
  o["url"] = u.Api("requests/" + std::to_string(t.id));
  o["subject"] = t.subject;
  o["description"] = t.description;
  o["status"] = s ? json::string(LegacyStatus(*s)) : json::string("open");
  o["custom_status_id"] = t.custom_status_id;
  o["priority"] = t.priority ? json::value(json::string(PriorityName(*t.priority))) : json::value(nullptr);
  o["type"] = t.type ? json::value(json::string(TicketTypeName(*t.type))) : json::value(nullptr);
  o["requester_id"] = t.requester_id;
  o["assignee_id"] = OptId(t.assignee_id);
  o["group_id"] = OptId(t.group_id);
  o["organization_id"] = OptId(t.organization_id);
  o["collaborator_ids"] = Ids(t.collaborator_ids);
  o["email_cc_ids"] = Ids(t.collaborator_ids);
  o["is_public"] = t.is_public;
  o["can_be_solved_by_me"] = can_be_solved_by_me;
  o["solved"] = s ? s->category == Category::kSolved : false;
  o["due_at"] = OptTime(t.due_at);
  o["recipient"] = nullptr;
  o["followup_source_id"] = OptId(t.followup_source_id);
  o["chamado_merged_into"] = OptId(t.merged_into);       // ---- duplicates: the case it was merged into
  o["satisfaction_rating"] = TicketSatisfactionJson(t);  // ---- satisfaction: the requester's own
  o["ticket_form_id"] = nullptr;
  o["custom_fields"] = CustomFields(t);
  o["fields"] = CustomFields(t);
  o["via"] = Via(t.via_channel);
  o["created_at"] = Time(t.created_at);
  o["updated_at"] = Time(t.updated_at);
  return o;
}

json::object CommentJson(const Comment& c, std::optional<std::int64_t> request_id) {
  json::object o;
  o["id"] = c.id;
  o["type"] = "Comment";
  o["author_id"] = c.author_id;
  o["body"] = c.body;
  // Limit: html_body is always rendered from the escaped plain body; client HTML is not
  // trusted (the Markdown/HTML sanitizer arrives with the e-mail issue).
  o["html_body"] = "<div class=\"zd-comment\"><p>" + HtmlEscape(c.body) + "</p></div>";
  o["plain_body"] = c.body;
  o["public"] = c.is_public;
  o["attachments"] = json::array{};
  o["audit_id"] = c.audit_id;
  o["via"] = Via(c.via_channel);
  o["metadata"] = json::object{};
  o["created_at"] = Time(c.created_at);
  if (request_id) o["request_id"] = *request_id;
  return o;
}

json::object AuditJson(const Audit& a, const std::vector<Comment>& comments) {
  json::array events;
  for (const auto& e : a.events) {
    json::object ev;
    ev["id"] = e.id;
    ev["type"] = e.type;
    if (e.type == "Comment") {
      for (const auto& c : comments)
        if (c.id == e.comment_id) {
          ev["author_id"] = c.author_id;
          ev["body"] = c.body;
          ev["plain_body"] = c.body;
          ev["public"] = c.is_public;
          ev["attachments"] = json::array{};
          ev["audit_id"] = a.id;
        }
    } else {
      ev["field_name"] = e.field_name;
      ev["value"] = e.value.empty() ? json::value(nullptr) : json::value(json::string(e.value));
      if (e.comment_id) ev["comment_id"] = e.comment_id;  // ---- redaction: the comment acted on
      if (e.type == "Change" || e.type == "SlaEvent")     // ---- sla: the breach_at the event is about
        ev["previous_value"] =
            e.previous_value.empty() ? json::value(nullptr) : json::value(json::string(e.previous_value));
    }
    events.push_back(std::move(ev));
  }
  return {{"id", a.id},
          {"ticket_id", a.ticket_id},
          {"author_id", a.author_id},
          {"created_at", Time(a.created_at)},
          {"via", Via(a.via_channel)},
          {"metadata", json::object{}},
          {"events", std::move(events)}};
}

json::object TimerJson(const Timer& t, const Workflow& wf) {
  auto key = [&](std::int64_t id) {
    const Status* s = wf.ById(id);
    return s ? json::value(json::string(s->key)) : json::value(nullptr);
  };
  return {{"id", t.id},
          {"ticket_id", t.ticket_id},
          {"kind", t.kind},
          {"state", t.pending() ? "pending" : "fired"},
          {"outcome", OptString(t.outcome)},
          {"from_custom_status_id", t.from_status_id},
          {"from_status_key", key(t.from_status_id)},
          {"to_custom_status_id", t.to_status_id},
          {"to_status_key", key(t.to_status_id)},
          {"due_at", Time(t.due_at)},
          {"created_at", Time(t.created_at)},
          {"fired_at", OptTime(t.fired_at)},
          {"fired_by", OptString(t.fired_by)}};
}

json::object UserJson(const User& user, const Urls& u) {
  json::object o;
  o["id"] = user.id;
  o["url"] = u.Api("users/" + std::to_string(user.id));
  o["name"] = user.name;
  o["email"] = user.email;
  o["role"] = RoleName(user.role);
  o["active"] = user.active;
  o["verified"] = user.verified;
  o["suspended"] = user.suspended;
  o["organization_id"] = OptId(user.organization_id);
  o["default_group_id"] = OptId(user.default_group_id);
  o["phone"] = user.phone.empty() ? json::value(nullptr) : json::value(json::string(user.phone));
  o["time_zone"] = user.time_zone;
  o["iana_time_zone"] = user.time_zone;
  o["locale"] = user.locale;
  o["tags"] = Strings(user.tags);
  o["user_fields"] = json::object{};
  o["external_id"] = OptString(user.external_id);
  o["notes"] = user.notes;
  o["details"] = "";
  o["photo"] = nullptr;
  o["shared"] = false;
  o["moderator"] = IsStaff(user.role);
  o["ticket_restriction"] = IsStaff(user.role) ? json::value(nullptr) : json::value("requested");
  o["created_at"] = Time(user.created_at);
  o["updated_at"] = Time(user.updated_at);
  return o;
}

json::object AnonymousUserJson() {
  return {{"id", nullptr},
          {"url", nullptr},
          {"name", "Anonymous user"},
          {"email", "invalid@example.com"},
          {"role", "end-user"},
          {"active", true},
          {"verified", false},
          {"locale", std::string(kDefaultLocale)},
          {"time_zone", "America/Sao_Paulo"},
          {"created_at", nullptr},
          {"updated_at", nullptr}};
}

json::object IdentityJson(const Identity& i, const Urls& u) {
  return {{"id", i.id},
          {"url", u.Api("users/" + std::to_string(i.user_id) + "/identities/" + std::to_string(i.id))},
          {"user_id", i.user_id},
          {"type", i.type},
          {"value", i.value},
          {"verified", i.verified},
          {"primary", i.primary},
          {"created_at", Time(i.created_at)},
          {"updated_at", Time(i.created_at)}};
}

json::object GroupJson(const Group& g, const Urls& u) {
  return {{"id", g.id},
          {"url", u.Api("groups/" + std::to_string(g.id))},
          {"name", g.name},
          {"description", g.description},
          {"default", g.is_default},
          {"deleted", false},
          {"is_public", true},
          {"created_at", Time(g.created_at)},
          {"updated_at", Time(g.updated_at)},
          {"chamado_schedule_id", OptId(g.schedule_id)}};  // ---- schedules
}

json::object MembershipJson(const GroupMembership& m, const Urls& u) {
  return {{"id", m.id},
          {"url", u.Api("group_memberships/" + std::to_string(m.id))},
          {"user_id", m.user_id},
          {"group_id", m.group_id},
          {"default", m.is_default},
          {"created_at", Time(m.created_at)},
          {"updated_at", Time(m.created_at)}};
}

json::object OrganizationJson(const Organization& o, const Urls& u) {
  return {{"id", o.id},
          {"url", u.Api("organizations/" + std::to_string(o.id))},
          {"name", o.name},
          {"domain_names", Strings(o.domain_names)},
          {"details", o.details},
          {"notes", o.notes},
          {"shared_tickets", o.shared_tickets},
          {"shared_comments", o.shared_comments},
          {"tags", Strings(o.tags)},
          {"external_id", OptString(o.external_id)},
          {"group_id", nullptr},
          {"organization_fields", json::object{}},
          {"created_at", Time(o.created_at)},
          {"updated_at", Time(o.updated_at)}};
}

json::object TicketFieldJson(const app::TicketField& f, const Urls& u) {
  json::object o;
  o["id"] = f.id;
  o["url"] = u.Api("ticket_fields/" + std::to_string(f.id));
  o["type"] = f.type;
  o["title"] = f.title;
  o["raw_title"] = f.title;
  o["description"] = f.description;
  o["raw_description"] = f.description;
  o["title_in_portal"] = f.title_in_portal.empty() ? f.title : f.title_in_portal;
  o["raw_title_in_portal"] = o["title_in_portal"];
  o["position"] = f.position;
  o["active"] = f.active;
  o["required"] = f.required;
  o["collapsed_for_agents"] = false;
  o["visible_in_portal"] = f.visible_in_portal;
  o["editable_in_portal"] = f.editable_in_portal;
  o["required_in_portal"] = f.required_in_portal;
  o["removable"] = !f.system;
  o["agent_description"] = nullptr;
  o["tag"] = nullptr;
  o["chamado_key"] = f.key;
  o["chamado_read_only"] = f.read_only;
  if (f.type == "tagger" || f.type == "multiselect") {
    json::array opts;
    for (const auto& op : f.options)
      opts.push_back(
          {{"id", op.id}, {"name", op.name}, {"raw_name", op.name}, {"value", op.value}, {"default", op.is_default}});
    o["custom_field_options"] = std::move(opts);
  }
  o["created_at"] = Time(f.created_at);
  o["updated_at"] = Time(f.updated_at);
  return o;
}

json::object CustomStatusJson(const Status& s, const Urls& u, std::string_view locale) {
  auto labels = [](const Labels& l) { return json::object{{"pt-BR", l.pt_br}, {"es", l.es}, {"en", l.en}}; };
  json::object o;
  o["id"] = s.id;
  o["url"] = u.Api("custom_statuses/" + std::to_string(s.id));
  o["status_category"] = CategoryName(s.category);
  o["agent_label"] = s.agent_label.For(locale);
  o["raw_agent_label"] = s.agent_label.For(locale);
  o["end_user_label"] = s.customer_label.For(locale);
  o["raw_end_user_label"] = s.customer_label.For(locale);
  o["description"] = s.description;
  o["raw_description"] = s.description;
  o["end_user_description"] = "";
  o["active"] = true;
  o["default"] = s.is_default;
  o["chamado_key"] = s.key;
  o["chamado_closed"] = s.closed;
  o["chamado_labels"] = {{"agent", labels(s.agent_label)}, {"end_user", labels(s.customer_label)}};
  // A CC's wording where the requester's would be wrong for them ("Closed by you").
  if (!s.cc_label.pt_br.empty()) o["chamado_labels"].as_object()["cc"] = labels(s.cc_label);
  o["chamado_customer_may_comment"] = CustomerMayComment(s);
  o["chamado_customer_may_close"] = s.customer_may_close;
  o["chamado_customer_may_reopen"] = s.customer_may_reopen;
  o["chamado_pauses_sla"] = s.pauses_sla;
  if (s.auto_transition)
    o["chamado_auto_transition"] = {{"after_seconds", s.auto_transition->after.count()}, {"to", s.auto_transition->to}};
  o["created_at"] = "2026-01-01T00:00:00Z";
  o["updated_at"] = "2026-01-01T00:00:00Z";
  return o;
}

}  // namespace chamado::http
