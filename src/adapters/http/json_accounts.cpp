#include "adapters/http/json_accounts.hpp"

#include "adapters/http/attachment_json.hpp"
#include "adapters/http/json_satisfaction.hpp"
#include "domain/mail.hpp"

namespace chamado::http {
namespace {

template <typename T, typename F>
json::array Each(const std::vector<T>& xs, F f) {
  json::array a;
  a.reserve(xs.size());
  for (const auto& x : xs) a.push_back(f(x));
  return a;
}

json::object MailJson(const OutboundEmail& m) {
  return {{"id", m.id},
          {"ticket_id", OptId(m.ticket_id)},
          {"kind", m.kind},
          {"to", m.to_address},
          {"subject", m.subject},
          {"state", std::string(DeliveryStateName(m.state))},
          {"text_body", m.text_body},
          {"created_at", Time(m.created_at)},
          {"sent_at", OptTime(m.sent_at)}};
}

// A claim that is text, or a number written as text (ids in some products are numbers).
std::optional<std::string> TextOrNumber(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_int64()) return std::to_string(v->as_int64());
  if (v->is_uint64()) return std::to_string(v->as_uint64());
  if (v->is_double()) return std::to_string(static_cast<std::int64_t>(v->as_double()));
  return std::nullopt;
}

// iat and exp: seconds since the epoch; some libraries write them as floats.
std::optional<std::int64_t> Seconds(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(v->as_uint64());
  if (v->is_double() && v->as_double() > -9e15 && v->as_double() < 9e15)
    return static_cast<std::int64_t>(v->as_double());
  return std::nullopt;
}

Result<json::object> ObjectOf(const std::string& text, const char* part) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return Fail(Error::BadRequest(std::string("The JWT's ") + part + " is not a JSON object"));
  return std::move(v.as_object());
}

}  // namespace

json::object SessionJson(const app::Session& s, bool full, std::int64_t current_id) {
  json::object o{
      {"id", s.id}, {"via", s.via}, {"created_at", Time(s.created_at)}, {"last_seen_at", Time(s.last_seen_at)}};
  if (full) {
    o["ip"] = s.ip;
    o["user_agent"] = s.user_agent;
    o["current"] = s.id == current_id;
  }
  return o;
}

json::object ProfileJson(const User& u) {
  return {{"id", u.id},
          {"name", u.name},
          {"email", u.email},
          {"role", std::string(RoleName(u.role))},
          {"verified", u.verified},
          {"locale", u.locale},
          {"time_zone", u.time_zone},
          {"phone", u.phone.empty() ? json::value(nullptr) : json::value(u.phone)},
          {"notify_email", u.notify_email},
          {"notify_whatsapp", u.notify_whatsapp}};
}

json::object ApiTokenJson(const app::ApiToken& t) {
  return {{"id", t.id},
          {"user_id", t.user_id},
          {"description", t.description},
          {"prefix", t.prefix},
          {"created_at", Time(t.created_at)},
          {"last_used_at", OptTime(t.last_used_at)},
          {"revoked_at", OptTime(t.revoked_at)},
          {"active", !t.revoked_at.has_value()}};
}

json::object AuthEventJson(const app::AuthEvent& e) {
  return {{"id", e.id},
          {"created_at", Time(e.at)},
          {"user_id", OptId(e.user_id)},
          {"actor_id", OptId(e.actor_id)},
          {"kind", e.kind},
          {"email", e.email},
          {"ip", e.ip},
          {"detail", e.detail}};
}

json::object PersonExportJson(const app::PersonExport& x, const Workflow& wf, const Urls& u, Instant generated_at) {
  json::object o;
  o["generated_at"] = Time(generated_at);
  o["user"] = UserJson(x.user, u);
  o["identities"] = Each(x.identities, [&](const Identity& i) { return IdentityJson(i, u); });
  o["group_memberships"] = Each(x.memberships, [&](const GroupMembership& m) { return MembershipJson(m, u); });
  o["tickets"] = Each(x.tickets, [&](const Ticket& t) { return TicketJson(t, wf, u); });
  o["comments"] = Each(x.comments, [&](const Comment& c) { return CommentJson(c); });
  o["satisfaction_ratings"] =
      Each(x.ratings, [&](const SatisfactionRating& r) { return SatisfactionRatingJson(r, u); });
  o["mails"] = Each(x.mails, [](const OutboundEmail& m) { return MailJson(m); });
  o["sessions"] = Each(x.sessions, [](const app::Session& s) { return SessionJson(s, true); });
  o["api_tokens"] = Each(x.tokens, [](const app::ApiToken& t) { return ApiTokenJson(t); });
  o["auth_events"] = Each(x.events, [](const app::AuthEvent& e) { return AuthEventJson(e); });
  o["attachments"] = Each(x.files, [&](const app::ExportFile& f) {
    Attachment a;
    a.id = f.attachment_id;
    a.file_name = f.file_name;
    return json::object{{"id", f.attachment_id},    {"ticket_id", f.ticket_id},
                        {"file_name", f.file_name}, {"content_type", f.content_type},
                        {"size", f.size},           {"content_url", AttachmentContentUrl(a, u)}};
  });
  return json::object{{"export", std::move(o)}};
}

Result<app::JwtToken> ReadJwt(std::string_view token) {
  auto parts = SplitJwt(token);
  if (!parts) return Fail(parts.error());
  auto header = ObjectOf(parts->header_json, "header");
  if (!header) return Fail(header.error());
  auto payload = ObjectOf(parts->payload_json, "payload");
  if (!payload) return Fail(payload.error());
  app::JwtToken t{*parts, {}};
  JwtClaims& c = t.claims;
  c.alg = TextOrNumber(*header, "alg").value_or("");
  c.iat = Seconds(*payload, "iat");
  c.exp = Seconds(*payload, "exp");
  c.jti = TextOrNumber(*payload, "jti").value_or("");
  c.email = TextOrNumber(*payload, "email").value_or("");
  c.name = TextOrNumber(*payload, "name").value_or("");
  c.external_id = TextOrNumber(*payload, "external_id");
  if (c.external_id && c.external_id->empty()) c.external_id.reset();
  if (auto l = TextOrNumber(*payload, "locale_id")) c.locale = LocaleFromZendeskId(*l);
  c.phone = TextOrNumber(*payload, "phone").value_or("");
  if (const json::value* tags = payload->if_contains("tags")) {
    if (tags->is_array()) {
      for (const auto& v : tags->as_array())
        if (v.is_string() && !v.as_string().empty()) c.tags.emplace_back(v.as_string());
    } else if (tags->is_string()) {
      std::string_view rest(tags->as_string());
      while (!rest.empty()) {
        auto comma = rest.find(',');
        std::string_view tag = rest.substr(0, comma);
        while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
        while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
        if (!tag.empty()) c.tags.emplace_back(tag);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      }
    }
  }
  return t;
}

}  // namespace chamado::http
