// Accounts and sign-in (issue 8; docs/accounts.md): sign-up, verification, login and logout,
// password reset and change, sessions, the profile, and JWT single sign-on at /access/*.
// Thin: parse -> AccountService / SsoService -> JSON and cookies. Authentication and the CSRF
// check of cookie-authenticated writes happen before, in Api::Handle.
#include "adapters/http/api.hpp"
#include "adapters/http/cookies.hpp"
#include "adapters/http/error_mapping.hpp"
#include "adapters/http/json_accounts.hpp"
#include "adapters/http/json_input.hpp"
#include "adapters/http/paging.hpp"
#include "app/accounts.hpp"
#include "app/sso.hpp"

namespace chamado::http {
namespace {

Response NotConfigured() { return ErrorResponse(Error::Unavailable("Accounts are not available on this server")); }

Response Status(int status) {
  Response r;
  r.status = status;
  return r;
}

Response Accepted() { return JsonResponse(202, json::object{{"status", "accepted"}}); }

bool SecureCookies(const app::AccountService& a) { return a.settings().public_url.starts_with("https://"); }

// public_url without a trailing slash: the base every redirect of ours starts with.
std::string Base(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// A path SafeReturnTo gave (relative to public_url) as an absolute URL; anything else as is.
std::string OnOurSite(std::string_view public_url, const std::string& target) {
  if (target.starts_with("/") && !target.starts_with("//")) return Base(std::string(public_url)) + target;
  return target;
}

Response Redirect(const std::string& location) {
  Response r = Status(302);
  r.headers.emplace_back("Location", location);
  return r;
}

// POSTs to /auth/* must say application/json: a cross-site HTML form cannot, so nobody can
// sign a visitor in to an account of theirs (login CSRF). The body is a JSON object ("" = {}).
Result<json::object> JsonBody(const Ctx& c) {
  const std::string* ct = c.req.Header("content-type");
  std::string type = ct ? ct->substr(0, ct->find(';')) : std::string();
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (auto& ch : type) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (type != "application/json") return Fail(Error::BadRequest("Content-Type must be application/json"));
  if (c.req.body.find_first_not_of(" \t\r\n") == std::string::npos) return json::object{};
  auto v = ParseJson(c.req.body);
  if (!v) return Fail(v.error());
  if (!v->is_object()) return Fail(Error::BadRequest("The request body must be a JSON object"));
  return std::move(v->as_object());
}

// Reads string fields of a body; a wrong type is a 422 naming the field.
struct Fields {
  explicit Fields(const json::object& o) : fr(o) {}
  std::string Get(const char* key) { return fr.Str(key).value_or(""); }
  FieldReader fr;
};

// The session the request's cookie names (a login never keeps it: session fixation).
void EndCookieSession(app::AccountService& a, const Ctx& c, std::int64_t keep) {
  auto token = CookieValue(c.req, kSessionCookie);
  if (!token) return;
  auto old = a.AuthenticateSession(*token);
  if (old && old->session_id != keep) (void)a.Logout(old->session_id, ClientOf(c.req));
}

Response WithSessionCookies(Response r, const app::AccountService& a, const app::OpenedSession& s) {
  AddSetCookies(r, SessionCookies(s.token, s.csrf, a.settings().sessions.absolute.count(), SecureCookies(a)));
  return r;
}

// 200 {"user", "csrf_token"} and the two cookies of the new session.
Response SignedIn(app::AccountService& a, const Ctx& c, const Result<app::OpenedSession>& s) {
  if (!s) return ErrorResponse(s.error());
  EndCookieSession(a, c, s->session.id);
  return WithSessionCookies(
      JsonResponse(200, json::object{{"user", UserJson(s->user, c.urls)}, {"csrf_token", s->csrf}}), a, *s);
}

Response SignedOut(const app::AccountService& a, Response r) {
  AddSetCookies(r, ClearedSessionCookies(SecureCookies(a)));
  return r;
}

Result<app::ProfileInput> ParseProfile(const json::object& o) {
  FieldReader fr(o);
  app::ProfileInput in;
  in.name = fr.Str("name");
  in.locale = fr.Str("locale");
  in.time_zone = fr.Str("time_zone");
  in.phone = fr.Str("phone");
  in.notify_email = fr.Bool("notify_email");
  in.notify_whatsapp = fr.Bool("notify_whatsapp");
  if (!fr.ok()) return Fail(fr.error());
  return in;
}

// The asks that take only an e-mail (forgot password, resend verification): 202 whatever the
// address, so the answer never tells whether it is registered.
Response AskByEmail(app::AccountService* acc, Ctx& c,
                    Result<void> (app::AccountService::*ask)(std::string_view, const app::ClientInfo&)) {
  if (!acc) return NotConfigured();
  auto body = JsonBody(c);
  if (!body) return ErrorResponse(body.error());
  Fields f(*body);
  const std::string email = f.Get("email");
  if (!f.fr.ok()) return ErrorResponse(f.fr.error());
  auto res = (acc->*ask)(email, ClientOf(c.req));
  return res ? Accepted() : ErrorResponse(res.error());
}

void AddAccountRoutes(Router& r, ApiDeps& d) {
  app::AccountService* acc = d.accounts;

  r.Add("POST", "/api/v2/chamado/auth/signup", AuthMode::kNone, [acc](Ctx& c) {
    if (!acc) return NotConfigured();
    auto body = JsonBody(c);
    if (!body) return ErrorResponse(body.error());
    Fields f(*body);
    app::SignupInput in{f.Get("name"), f.Get("email"), f.Get("password"), f.Get("locale")};
    if (!f.fr.ok()) return ErrorResponse(f.fr.error());
    auto res = acc->Signup(in, ClientOf(c.req));
    return res ? Accepted() : ErrorResponse(res.error());
  });
  r.Add("POST", "/api/v2/chamado/auth/verify", AuthMode::kNone, [acc](Ctx& c) {
    if (!acc) return NotConfigured();
    auto body = JsonBody(c);
    if (!body) return ErrorResponse(body.error());
    Fields f(*body);
    const std::string token = f.Get("token");
    if (!f.fr.ok()) return ErrorResponse(f.fr.error());
    return SignedIn(*acc, c, acc->Verify(token, ClientOf(c.req)));
  });
  r.Add("POST", "/api/v2/chamado/auth/verify/resend", AuthMode::kNone,
        [acc](Ctx& c) { return AskByEmail(acc, c, &app::AccountService::ResendVerification); });
  r.Add("POST", "/api/v2/chamado/auth/login", AuthMode::kNone, [acc](Ctx& c) {
    if (!acc) return NotConfigured();
    auto body = JsonBody(c);
    if (!body) return ErrorResponse(body.error());
    Fields f(*body);
    const std::string email = f.Get("email");
    const std::string password = f.Get("password");
    if (!f.fr.ok()) return ErrorResponse(f.fr.error());
    return SignedIn(*acc, c, acc->Login(email, password, ClientOf(c.req)));
  });
  // Reads the cookie (kOptional): a valid session ends; without one it still answers 204 and
  // clears the cookies. A cookie-authenticated logout needs its CSRF token (Api::Handle).
  r.Add("POST", "/api/v2/chamado/auth/logout", AuthMode::kOptional, [acc](Ctx& c) {
    if (!acc) return NotConfigured();
    if (auto body = JsonBody(c); !body) return ErrorResponse(body.error());
    if (c.session_id)
      if (auto res = acc->Logout(c.session_id, ClientOf(c.req)); !res) return ErrorResponse(res.error());
    return SignedOut(*acc, Status(204));
  });
  r.Add("POST", "/api/v2/chamado/auth/logout_all", AuthMode::kRequired, [acc](Ctx& c) {
    if (!acc) return NotConfigured();
    if (auto body = JsonBody(c); !body) return ErrorResponse(body.error());
    auto res = acc->LogoutEverywhere(c.caller, ClientOf(c.req));
    if (!res) return ErrorResponse(res.error());
    return c.session_id ? SignedOut(*acc, Status(204)) : Status(204);
  });
  r.Add("POST", "/api/v2/chamado/auth/password/forgot", AuthMode::kNone,
        [acc](Ctx& c) { return AskByEmail(acc, c, &app::AccountService::ForgotPassword); });
  r.Add("POST", "/api/v2/chamado/auth/password/reset", AuthMode::kNone, [acc](Ctx& c) {
    if (!acc) return NotConfigured();
    auto body = JsonBody(c);
    if (!body) return ErrorResponse(body.error());
    Fields f(*body);
    const std::string token = f.Get("token");
    const std::string password = f.Get("password");
    if (!f.fr.ok()) return ErrorResponse(f.fr.error());
    return SignedIn(*acc, c, acc->ResetPassword(token, password, ClientOf(c.req)));
  });
  r.Add("POST", "/api/v2/chamado/auth/password/change", AuthMode::kRequired, [acc](Ctx& c) {
    if (!acc) return NotConfigured();
    auto body = JsonBody(c);
    if (!body) return ErrorResponse(body.error());
    Fields f(*body);
    const std::string current = f.Get("current_password");
    const std::string password = f.Get("password");
    if (!f.fr.ok()) return ErrorResponse(f.fr.error());
    auto res = acc->ChangePassword(c.caller, c.session_id, current, password, ClientOf(c.req));
    return res ? Status(204) : ErrorResponse(res.error());
  });
  // The browser's own session: who it is and the CSRF token its scripts send back.
  r.Add("GET", "/api/v2/chamado/auth/session", AuthMode::kRequired, [acc, &d](Ctx& c) {
    if (!acc) return NotConfigured();
    auto token = CookieValue(c.req, kSessionCookie);
    if (!c.session_id || !token) return ErrorResponse(Error::Unauthenticated());
    auto user = acc->Profile(c.caller);
    if (!user) return ErrorResponse(user.error());
    auto sessions = acc->Sessions(c.caller);
    if (!sessions) return ErrorResponse(sessions.error());
    auto it =
        std::find_if(sessions->begin(), sessions->end(), [&](const app::Session& s) { return s.id == c.session_id; });
    if (it == sessions->end()) return ErrorResponse(Error::Unauthenticated());
    return JsonResponse(200, json::object{{"user", UserJson(*user, c.urls)},
                                          {"csrf_token", app::CsrfTokenFor(d.crypto, *token)},
                                          {"session", SessionJson(*it)}});
  });
  r.Add("GET", "/api/v2/chamado/auth/sessions", AuthMode::kRequired, [acc](Ctx& c) {
    if (!acc) return NotConfigured();
    auto sessions = acc->Sessions(c.caller);
    if (!sessions) return ErrorResponse(sessions.error());
    json::array arr;
    for (const auto& s : *sessions) arr.push_back(SessionJson(s, /*full=*/true, c.session_id));
    return JsonResponse(200, json::object{{"sessions", std::move(arr)}});
  });
  // What the portal's sign-in page needs to draw itself.
  r.Add("GET", "/api/v2/chamado/auth/config", AuthMode::kNone, [acc, &d](Ctx&) {
    const bool sso_on = d.sso && d.sso->enabled();
    json::value remote = nullptr;
    if (sso_on && !d.sso->settings().remote_login_url.empty()) remote = d.sso->settings().remote_login_url;
    return JsonResponse(200, json::object{{"signup", acc && acc->settings().signup_enabled},
                                          {"sso", json::object{{"enabled", sso_on}, {"remote_login_url", remote}}},
                                          {"password_min_length", static_cast<std::int64_t>(kMinPasswordChars)}});
  });

  // ---- the profile: what a customer may change about themself
  r.Add("GET", "/api/v2/chamado/profile", AuthMode::kRequired, [acc](Ctx& c) {
    if (!acc) return NotConfigured();
    auto u = acc->Profile(c.caller);
    if (!u) return ErrorResponse(u.error());
    return JsonResponse(200, json::object{{"profile", ProfileJson(*u)}});
  });
  r.Add("PUT", "/api/v2/chamado/profile", AuthMode::kRequired, [acc](Ctx& c) {
    if (!acc) return NotConfigured();
    auto obj = ParseRoot(c.req.body, "profile");
    if (!obj) return ErrorResponse(obj.error());
    auto in = ParseProfile(*obj);
    if (!in) return ErrorResponse(in.error());
    auto u = acc->UpdateProfile(c.caller, *in);
    if (!u) return ErrorResponse(u.error());
    return JsonResponse(200, json::object{{"profile", ProfileJson(*u)}});
  });
}

// ---- JWT single sign-on, the Zendesk way: the company's product sends the browser here.
Response JwtSignIn(ApiDeps& d, Ctx& c, const std::string& jwt, const std::string& return_to) {
  if (!d.sso || !d.sso->enabled() || !d.accounts) return ErrorResponse(Error::NotFound());
  auto token = ReadJwt(jwt);
  if (!token) return ErrorResponse(token.error());
  auto in = d.sso->SignIn(*token, return_to, ClientOf(c.req));
  if (!in) return ErrorResponse(in.error());
  EndCookieSession(*d.accounts, c, in->session.session.id);
  return WithSessionCookies(Redirect(OnOurSite(d.sso->settings().public_url, in->redirect_to)), *d.accounts,
                            in->session);
}

std::string QueryOr(const Request& r, const char* key) {
  const std::string* v = r.Query(key);
  return v ? *v : std::string();
}

void AddAccessRoutes(Router& r, ApiDeps& d) {
  r.Add("GET", "/access/jwt", AuthMode::kNone,
        [&d](Ctx& c) { return JwtSignIn(d, c, QueryOr(c.req, "jwt"), QueryOr(c.req, "return_to")); });
  r.Add("POST", "/access/jwt", AuthMode::kNone, [&d](Ctx& c) {
    if (!d.sso || !d.sso->enabled()) return ErrorResponse(Error::NotFound());
    auto form = ParseFormBody(c.req.body);
    if (!form) return ErrorResponse(form.error());
    auto field = [&](const char* k) {
      auto it = form->find(k);
      return it == form->end() ? QueryOr(c.req, k) : it->second;
    };
    return JwtSignIn(d, c, field("jwt"), field("return_to"));
  });
  // Where a page sends a browser that must sign in: the company's login (remote_login_url),
  // else the portal's own page.
  r.Add("GET", "/access/login", AuthMode::kNone, [&d](Ctx& c) {
    const std::string return_to = QueryOr(c.req, "return_to");
    if (d.sso) {
      const std::string remote = d.sso->RemoteLoginUrl(return_to);
      if (!remote.empty()) return Redirect(remote);
    }
    if (!d.accounts) return NotConfigured();
    const std::string& site = d.accounts->settings().public_url;
    return Redirect(Base(site) + "/login?return_to=" + PercentEncode(SafeReturnTo(return_to, site)));
  });
  // Ends the cookie's session (GET, as Zendesk's): then remote_logout_url, else return_to.
  r.Add("GET", "/access/logout", AuthMode::kOptional, [&d](Ctx& c) {
    if (!d.accounts) return NotConfigured();
    if (c.session_id)
      if (auto res = d.accounts->Logout(c.session_id, ClientOf(c.req)); !res) return ErrorResponse(res.error());
    const std::string return_to = QueryOr(c.req, "return_to");
    const std::string& site = d.accounts->settings().public_url;
    const std::string to = d.sso ? d.sso->AfterLogoutUrl(return_to) : SafeReturnTo(return_to, site);
    return SignedOut(*d.accounts, Redirect(OnOurSite(site, to)));
  });
}

}  // namespace

void AddAuthRoutes(Router& r, ApiDeps& d) {
  AddAccountRoutes(r, d);
  AddAccessRoutes(r, d);
}

}  // namespace chamado::http
