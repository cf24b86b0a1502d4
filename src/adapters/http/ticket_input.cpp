#include "adapters/http/ticket_input.hpp"

#include "adapters/http/json_input.hpp"

namespace chamado::http {
namespace {

std::string StripTags(const std::string& html) {
  std::string out;
  bool in_tag = false;
  for (char c : html) {
    if (c == '<')
      in_tag = true;
    else if (c == '>')
      in_tag = false;
    else if (!in_tag)
      out.push_back(c);
  }
  return out;
}

std::optional<app::CommentInput> ReadComment(const json::object& parent, FieldReader& fr) {
  auto* v = parent.if_contains("comment");
  if (!v || v->is_null()) return std::nullopt;
  if (v->is_string()) {  // {"comment": "text"} is accepted by Zendesk too
    app::CommentInput c;
    c.body = std::string(v->as_string());
    return c;
  }
  if (!v->is_object()) {
    fr.Invalid("comment", "Comment: must be an object with a body");
    return std::nullopt;
  }
  FieldReader cr(v->as_object());
  app::CommentInput c;
  auto body = cr.Str("body");
  auto html = cr.Str("html_body");
  c.body = body ? *body : (html ? StripTags(*html) : std::string());
  c.html_body = html.value_or("");
  c.is_public = cr.Bool("public");
  c.author_id = cr.Int("author_id");
  // ---- attachments: upload tokens (POST /uploads) whose files this comment takes.
  if (auto* up = v->as_object().if_contains("uploads"); up && !up->is_null()) {
    bool ok = up->is_array();
    if (ok)
      for (const auto& t : up->as_array()) {
        if (!t.is_string()) {
          ok = false;
          break;
        }
        c.uploads.emplace_back(t.as_string());
      }
    if (!ok) cr.Invalid("uploads", "Uploads: must be an array of upload tokens");
  }
  if (!cr.ok()) {
    for (const auto& f : cr.error().fields) fr.Invalid("comment." + f.field, f.description);
    return std::nullopt;
  }
  return c;
}

// A user named by id, e-mail, or {name, email}.
std::optional<std::vector<app::UserRef>> ReadUserRefs(const json::object& o, const char* key, FieldReader& fr) {
  auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_array()) {
    fr.Invalid(key, std::string(key) + ": must be an array of user ids, e-mails or {name, email}");
    return std::nullopt;
  }
  std::vector<app::UserRef> out;
  for (const auto& e : v->as_array()) {
    app::UserRef r;
    if (e.is_int64())
      r.id = e.as_int64();
    else if (e.is_string())
      r.email = std::string(e.as_string());
    else if (e.is_object()) {
      const auto& eo = e.as_object();
      if (auto* id = eo.if_contains("user_id"); id && id->is_int64()) r.id = id->as_int64();
      if (auto* em = eo.if_contains("email"); em && em->is_string()) r.email = std::string(em->as_string());
      if (auto* em = eo.if_contains("user_email"); em && em->is_string()) r.email = std::string(em->as_string());
      if (auto* nm = eo.if_contains("name"); nm && nm->is_string()) r.name = std::string(nm->as_string());
      if (auto* nm = eo.if_contains("user_name"); nm && nm->is_string()) r.name = std::string(nm->as_string());
      // email_ccs: {"user_email": ..., "action": "delete"} removes; handled as not adding.
      if (auto* act = eo.if_contains("action"); act && act->is_string() && act->as_string() == "delete") continue;
      if (!r.id && r.email.empty()) {
        fr.Invalid(key, std::string(key) + ": each entry needs a user id or an e-mail");
        return std::nullopt;
      }
    } else {
      fr.Invalid(key, std::string(key) + ": must be an array of user ids, e-mails or {name, email}");
      return std::nullopt;
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<CustomFieldValue> ReadCustomFields(const json::object& o, FieldReader& fr) {
  std::vector<CustomFieldValue> out;
  for (const char* key : {"custom_fields", "fields"}) {
    auto* v = o.if_contains(key);
    if (!v || v->is_null()) continue;
    if (!v->is_array()) {
      fr.Invalid(key, std::string(key) + ": must be an array of {id, value}");
      return out;
    }
    for (const auto& e : v->as_array()) {
      if (!e.is_object() || !e.as_object().contains("id") || !e.as_object().at("id").is_int64()) {
        fr.Invalid(key, std::string(key) + ": each entry needs an integer id");
        return out;
      }
      CustomFieldValue f;
      f.id = e.as_object().at("id").as_int64();
      const json::value* val = e.as_object().if_contains("value");
      if (!val || val->is_null())
        f.value = std::monostate{};
      else if (val->is_bool())
        f.value = val->as_bool();
      else if (val->is_int64())
        f.value = val->as_int64();
      else if (val->is_double())
        f.value = val->as_double();
      else if (val->is_string())
        f.value = std::string(val->as_string());
      else if (val->is_array()) {
        std::vector<std::string> l;
        for (const auto& s : val->as_array()) {
          if (!s.is_string()) {
            fr.Invalid(key, std::string(key) + ": multiselect values must be strings");
            return out;
          }
          l.emplace_back(s.as_string());
        }
        f.value = l;
      } else {
        fr.Invalid(key, std::string(key) + ": unsupported value type");
        return out;
      }
      out.push_back(std::move(f));
    }
    break;  // custom_fields wins over the legacy fields
  }
  return out;
}

template <typename E, typename ParseFn>
Patch<E> ReadEnum(FieldReader& fr, const char* key, ParseFn parse, const char* allowed) {
  auto v = fr.NullableStr(key);
  if (!v) return std::nullopt;
  if (!*v) return std::optional<E>{};
  auto e = parse(**v);
  if (!e) {
    fr.Invalid(key, std::string(key) + ": '" + **v + "' is not one of " + allowed);
    return std::nullopt;
  }
  return std::optional<E>{*e};
}

}  // namespace

Result<app::TicketCommand> ParseTicketCommand(const json::object& o) {
  FieldReader fr(o);
  app::TicketCommand cmd;
  auto& p = cmd.patch;
  p.subject = fr.Str("subject");
  p.type = ReadEnum<TicketType>(fr, "type", ParseTicketType, "question, incident, problem, task");
  p.priority = ReadEnum<Priority>(fr, "priority", ParsePriority, "low, normal, high, urgent");
  p.legacy_status = fr.Str("status");
  p.custom_status_id = fr.Int("custom_status_id");
  p.requester_id = fr.Int("requester_id");
  p.assignee_id = fr.NullableInt("assignee_id");
  p.group_id = fr.NullableInt("group_id");
  p.organization_id = fr.NullableInt("organization_id");
  p.problem_id = fr.NullableInt("problem_id");
  p.collaborator_ids = fr.IntList("collaborator_ids");
  p.follower_ids = fr.IntList("follower_ids");
  p.tags = fr.StrList("tags");
  if (auto a = fr.StrList("additional_tags")) p.add_tags = *a;
  if (auto r = fr.StrList("remove_tags")) p.remove_tags = *r;
  p.external_id = fr.NullableStr("external_id");
  if (auto due = fr.NullableStr("due_at")) {
    if (!*due)
      p.due_at = std::optional<Instant>{};
    else if (auto t = ParseIso(**due))
      p.due_at = std::optional<Instant>{*t};
    else
      fr.Invalid("due_at", "Due at: '" + **due + "' is not an ISO 8601 time");
  }
  p.custom_fields = ReadCustomFields(o, fr);
  cmd.comment = ReadComment(o, fr);
  cmd.description = fr.Str("description");
  if (auto* req = o.if_contains("requester"); req && !req->is_null()) {
    if (req->is_object()) {
      FieldReader rr(req->as_object());
      app::UserRef ref;
      ref.email = rr.Str("email").value_or("");
      ref.name = rr.Str("name").value_or("");
      if (auto loc = rr.Str("locale")) ref.locale = *loc;
      if (auto loc = rr.Str("locale_id")) ref.locale = *loc;
      if (ref.email.empty()) fr.Invalid("requester", "Requester: needs an e-mail");
      cmd.requester = ref;
    } else {
      fr.Invalid("requester", "Requester: must be an object {name, email}");
    }
  }
  cmd.submitter_id = fr.Int("submitter_id");
  cmd.assignee_email = fr.Str("assignee_email");
  if (auto c = ReadUserRefs(o, "collaborators", fr)) cmd.collaborators = *c;
  if (auto c = ReadUserRefs(o, "email_ccs", fr)) {
    auto& add = cmd.additional_collaborators;
    add.insert(add.end(), c->begin(), c->end());
  }
  if (auto c = ReadUserRefs(o, "additional_collaborators", fr)) {
    auto& add = cmd.additional_collaborators;
    add.insert(add.end(), c->begin(), c->end());
  }
  cmd.followup_source_id = fr.Int("via_followup_source_id");
  cmd.safe_update = fr.Bool("safe_update").value_or(false);
  if (auto stamp = fr.Str("updated_stamp")) {
    if (auto t = ParseIso(*stamp))
      cmd.updated_stamp = *t;
    else
      fr.Invalid("updated_stamp", "Updated stamp: '" + *stamp + "' is not an ISO 8601 time");
  }
  if (!fr.ok()) return Fail(fr.error());
  return cmd;
}

Result<app::RequestCommand> ParseRequestCommand(const json::object& o) {
  FieldReader fr(o);
  app::RequestCommand cmd;
  cmd.subject = fr.Str("subject").value_or("");
  cmd.comment = ReadComment(o, fr);
  if (auto* req = o.if_contains("requester"); req && req->is_object()) {
    FieldReader rr(req->as_object());
    app::UserRef ref;
    ref.email = rr.Str("email").value_or("");
    ref.name = rr.Str("name").value_or("");
    if (auto loc = rr.Str("locale")) ref.locale = *loc;
    if (auto loc = rr.Str("locale_id")) ref.locale = *loc;
    cmd.requester = ref;
  }
  if (auto c = ReadUserRefs(o, "collaborators", fr)) cmd.collaborators = *c;
  if (auto c = ReadUserRefs(o, "email_ccs", fr))
    cmd.collaborators.insert(cmd.collaborators.end(), c->begin(), c->end());
  if (auto c = ReadUserRefs(o, "additional_collaborators", fr)) cmd.additional_collaborators = *c;
  cmd.priority = ReadEnum<Priority>(fr, "priority", ParsePriority, "low, normal, high, urgent");
  cmd.type = ReadEnum<TicketType>(fr, "type", ParseTicketType, "question, incident, problem, task");
  cmd.custom_fields = ReadCustomFields(o, fr);
  cmd.solved = fr.Bool("solved");
  if (!fr.ok()) return Fail(fr.error());
  return cmd;
}

}  // namespace chamado::http
