// Staff credentials and people's data (issue 8; docs/accounts.md): API tokens, deactivation
// (Zendesk's DELETE /users/{id}), ending someone's sessions, the audit log of sign-ins and
// token use, and LGPD export and erasure. Thin: parse -> StaffService / PrivacyService -> JSON.
#include <charconv>

#include "adapters/http/api.hpp"
#include "adapters/http/cookies.hpp"
#include "adapters/http/error_mapping.hpp"
#include "adapters/http/json_accounts.hpp"
#include "adapters/http/json_input.hpp"
#include "adapters/http/paging.hpp"
#include "app/privacy.hpp"
#include "app/staff.hpp"

namespace chamado::http {
namespace {

Response NotConfigured() { return ErrorResponse(Error::Unavailable("Accounts are not available on this server")); }

// ?user_id=N: nullopt when absent; a 400 when it is not a positive whole number.
Result<std::optional<std::int64_t>> UserIdParam(const Request& r) {
  const std::string* v = r.Query("user_id");
  if (!v || v->empty()) return std::optional<std::int64_t>();
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), id);
  if (ec != std::errc() || end != v->data() + v->size() || id <= 0)
    return Fail(Error::BadRequest("user_id must be a user's id"));
  return std::optional<std::int64_t>(id);
}

void AddTokenRoutes(Router& r, ApiDeps& d) {
  app::StaffService* staff = d.staff;
  r.Add("GET", "/api/v2/chamado/api_tokens", AuthMode::kRequired, [staff](Ctx& c) {
    if (!staff) return NotConfigured();
    auto user_id = UserIdParam(c.req);
    if (!user_id) return ErrorResponse(user_id.error());
    auto tokens = staff->ListTokens(c.caller, *user_id);
    if (!tokens) return ErrorResponse(tokens.error());
    json::array arr;
    for (const auto& t : *tokens) arr.push_back(ApiTokenJson(t));
    return JsonResponse(200, json::object{{"api_tokens", std::move(arr)}});
  });
  r.Add("POST", "/api/v2/chamado/api_tokens", AuthMode::kRequired, [staff](Ctx& c) {
    if (!staff) return NotConfigured();
    auto obj = ParseRoot(c.req.body, "api_token");
    if (!obj) return ErrorResponse(obj.error());
    FieldReader fr(*obj);
    auto description = fr.Str("description");
    auto user_id = fr.Int("user_id");
    if (!fr.ok()) return ErrorResponse(fr.error());
    auto created = staff->CreateToken(c.caller, user_id, description.value_or(""), ClientOf(c.req));
    if (!created) return ErrorResponse(created.error());
    json::object o = ApiTokenJson(created->token);
    o["token"] = created->value;  // the only time it is shown
    return JsonResponse(201, json::object{{"api_token", std::move(o)}});
  });
  r.Add("DELETE", "/api/v2/chamado/api_tokens/:id", AuthMode::kRequired, [staff](Ctx& c) {
    if (!staff) return NotConfigured();
    auto res = staff->RevokeToken(c.caller, c.ids[0], ClientOf(c.req));
    if (!res) return ErrorResponse(res.error());
    Response out;
    out.status = 204;
    return out;
  });
}

void AddPeopleAccountRoutes(Router& r, ApiDeps& d) {
  app::StaffService* staff = d.staff;
  // Zendesk's "delete" of a user is a deactivation here: the record stays for the tickets.
  r.Add("DELETE", "/api/v2/users/:id", AuthMode::kRequired, [staff](Ctx& c) {
    if (!staff) return NotConfigured();
    auto u = staff->DeactivateUser(c.caller, c.ids[0], ClientOf(c.req));
    if (!u) return ErrorResponse(u.error());
    return JsonResponse(200, json::object{{"user", UserJson(*u, c.urls)}});
  });
  r.Add("DELETE", "/api/v2/chamado/users/:id/sessions", AuthMode::kRequired, [staff, &d](Ctx& c) {
    if (!staff) return NotConfigured();
    auto ended = staff->EndSessions(c.caller, c.ids[0], ClientOf(c.req));
    if (!ended) return ErrorResponse(ended.error());
    Response out = JsonResponse(200, json::object{{"ended", *ended}});
    // Someone who ended their own sessions from a browser has no session left there either.
    if (c.session_id && c.ids[0] == c.caller.user_id && d.accounts)
      AddSetCookies(out, ClearedSessionCookies(d.accounts->settings().public_url.starts_with("https://")));
    return out;
  });
  r.Add("GET", "/api/v2/chamado/auth_events", AuthMode::kRequired, [staff](Ctx& c) {
    if (!staff) return NotConfigured();
    auto p = ParsePaging(c.req, /*cursor_allowed=*/true, /*descending=*/true);
    if (!p) return ErrorResponse(p.error());
    auto user_id = UserIdParam(c.req);
    if (!user_id) return ErrorResponse(user_id.error());
    app::AuthEventFilter f;
    f.user_id = *user_id;
    if (auto* k = c.req.Query("kind")) f.kind = *k;
    auto page = staff->AuthEvents(c.caller, f, p->req);
    if (!page) return ErrorResponse(page.error());
    json::array arr;
    for (const auto& e : page->items) arr.push_back(AuthEventJson(e));
    json::object body{{"auth_events", std::move(arr)}};
    AddPagingFor(body, c.req, c.urls, *p, *page);
    return JsonResponse(200, body);
  });
}

// ---- LGPD
void AddPrivacyRoutes(Router& r, ApiDeps& d) {
  r.Add("GET", "/api/v2/chamado/users/:id/export", AuthMode::kRequired, [&d](Ctx& c) {
    if (!d.privacy) return NotConfigured();
    auto x = d.privacy->Export(c.caller, c.ids[0], ClientOf(c.req));
    if (!x) return ErrorResponse(x.error());
    return JsonResponse(200, PersonExportJson(*x, d.workflow, c.urls, d.clock.Now()));
  });
  r.Add("POST", "/api/v2/chamado/users/:id/erase", AuthMode::kRequired, [&d](Ctx& c) {
    if (!d.privacy) return NotConfigured();
    auto v = ParseJson(c.req.body.empty() ? std::string("{}") : c.req.body);
    if (!v) return ErrorResponse(v.error());
    const json::value* confirm = v->is_object() ? v->as_object().if_contains("confirm") : nullptr;
    if (!confirm || !confirm->is_bool() || !confirm->as_bool())
      return ErrorResponse(Error::Invalid("confirm", "ConfirmationRequired",
                                          "Confirm: erasing a person cannot be undone; send {\"confirm\": true}"));
    auto e = d.privacy->Erase(c.caller, c.ids[0], ClientOf(c.req));
    if (!e) return ErrorResponse(e.error());
    return JsonResponse(200, json::object{{"erasure", json::object{{"user_id", e->user_id},
                                                                   {"tickets", e->tickets},
                                                                   {"blobs_forgotten", e->blobs_forgotten}}}});
  });
}

}  // namespace

void AddStaffRoutes(Router& r, ApiDeps& d) {
  AddTokenRoutes(r, d);
  AddPeopleAccountRoutes(r, d);
  AddPrivacyRoutes(r, d);
}

}  // namespace chamado::http
