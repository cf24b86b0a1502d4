#include "adapters/http/api.hpp"

#include <boost/beast/core/detail/base64.hpp>

#include "adapters/http/cookies.hpp"
#include "adapters/http/error_mapping.hpp"
#include "adapters/http/proxies.hpp"
#include "adapters/http/rate_limit.hpp"
#include "adapters/http/static_site.hpp"
#include "app/auth.hpp"

namespace chamado::http {
namespace {

std::string Base64Decode(std::string_view in) {
  namespace b64 = boost::beast::detail::base64;
  std::string out(b64::decoded_size(in.size()), '\0');
  auto [written, read] = b64::decode(out.data(), in.data(), in.size());
  (void)read;
  out.resize(written);
  return out;
}

// Authorization: Basic base64(email/token:KEY) | Basic base64(email:password) | Bearer KEY.
app::Credentials ParseAuthorization(const Request& r) {
  app::Credentials c;
  const std::string* h = r.Header("authorization");
  if (!h) return c;
  std::string_view v(*h);
  auto starts = [&](std::string_view p) {
    return v.size() >= p.size() &&
           std::equal(p.begin(), p.end(), v.begin(), [](char a, char b) { return std::tolower(a) == std::tolower(b); });
  };
  if (starts("bearer ")) {
    c.kind = app::Credentials::Kind::kBearer;
    c.secret = std::string(v.substr(7));
    while (!c.secret.empty() && c.secret.back() == ' ') c.secret.pop_back();
    return c;
  }
  if (starts("basic ")) {
    std::string decoded = Base64Decode(v.substr(6));
    auto colon = decoded.find(':');
    if (colon == std::string::npos) {
      c.kind = app::Credentials::Kind::kBasicPassword;  // unusable: refused
      return c;
    }
    std::string user = decoded.substr(0, colon);
    c.secret = decoded.substr(colon + 1);
    if (user.size() > 6 && user.ends_with("/token")) {
      c.kind = app::Credentials::Kind::kBasicToken;
      c.email = user.substr(0, user.size() - 6);
    } else {
      c.kind = app::Credentials::Kind::kBasicPassword;
      c.email = user;
    }
    return c;
  }
  c.kind = app::Credentials::Kind::kBasicPassword;  // unknown scheme: refused
  return c;
}

}  // namespace

Urls UrlsFor(const Request& r) {
  // Links must start with exactly the base the client used (node-zendesk checks it).
  // X-Forwarded-* are believed only from a trusted proxy ([server] trusted_proxies).
  std::string scheme = "http";
  const bool proxied = r.via_trusted_proxy;
  if (auto* p = r.Header("x-forwarded-proto"); proxied && p && (*p == "https" || *p == "http")) scheme = *p;
  std::string host = "localhost";
  if (auto* h = r.Header("x-forwarded-host"); proxied && h && !h->empty())
    host = *h;
  else if (auto* h2 = r.Header("host"); h2 && !h2->empty())
    host = *h2;
  // A Host header may not inject a path or query into our links.
  std::string clean;
  for (char c : host)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']')
      clean.push_back(c);
  return Urls{scheme + "://" + clean};
}

Api::Api(ApiDeps deps) : deps_(deps) {
  AddOpsRoutes(router_, deps_);
  AddTicketRoutes(router_, deps_);
  AddRequestRoutes(router_, deps_);
  AddPeopleRoutes(router_, deps_);
  AddSearchRoutes(router_, deps_);
  AddAuditRoutes(router_, deps_);
  AddUploadRoutes(router_, deps_);        // ---- attachments
  AddEscalationRoutes(router_, deps_);    // ---- escalation
  AddMergeRoutes(router_, deps_);         // ---- duplicates and merging
  AddSatisfactionRoutes(router_, deps_);  // ---- satisfaction
  AddRedactionRoutes(router_, deps_);     // ---- redaction
  AddScheduleRoutes(router_, deps_);      // ---- schedules
  AddSlaRoutes(router_, deps_);           // ---- sla
  AddMailOutRoutes(router_, deps_);       // ---- mail outbox
  AddLinkRoutes(router_, deps_);          // ---- e-mail links' pages
  AddMailInRoutes(router_, deps_);        // ---- inbound mail
  AddAuthRoutes(router_, deps_);          // ---- accounts: sign-in, sessions, profile, SSO
  AddStaffRoutes(router_, deps_);         // ---- accounts: tokens, deactivation, audit log, LGPD
  AddPortalRoutes(router_, deps_);        // ---- portal: a request's activity, the portal's settings
}

namespace {

const TrustedProxies& LoopbackOnly() {
  static const TrustedProxies k = *TrustedProxies::Parse(TrustedProxies::kDefault);
  return k;
}

RateFigures FiguresOf(const RateDecision& d) {
  return RateFigures{d.limit, d.remaining, d.reset_seconds, d.retry_after_seconds};
}

Response Finish(Response res, const RateFigures& f) {
  AddStandardHeaders(res, f);
  return res;
}

Response TooManyRequests(const RateDecision& d, std::string_view whose) {
  Error e{ErrorCode::kRateLimited,
          "Rate limit of " + std::to_string(d.limit) + " requests per minute " + std::string(whose) +
              " exceeded; retry after " + std::to_string(d.retry_after_seconds) + " seconds",
          {}};
  return Finish(ErrorResponse(e), FiguresOf(d));
}

// ---- portal: paths the web app never claims; an unknown one there stays a JSON 404.
bool IsApiPath(const std::string& p) {
  return p.starts_with("/api/") || p.starts_with("/attachments/") || p.starts_with("/access/") ||
         p.starts_with("/chamado/") || p == "/healthz" || p == "/readyz";
}

}  // namespace

bool Api::IsQuickRead(const Request& req) {
  if (req.method != "GET" && req.method != "HEAD") return false;
  const std::string& p = req.path;
  // ---- satisfaction: the report and the ratings list (a count over the filter) can read
  // many rows, so they go to the worker pool too.
  // ---- accounts: an export reads everything about a person; /access/* signs in and out (writes).
  return p.find("/search") == std::string::npos && !p.starts_with("/api/v2/incremental/") &&
         !p.starts_with("/api/v2/chamado/reports/") && p != "/api/v2/satisfaction_ratings" && !p.ends_with("/export") &&
         !p.starts_with("/access/");
}

// ---- uploads: the raw body of POST /uploads may be 20 MB; it goes to a file, never memory.
bool Api::SpoolsBody(const Request& req) {
  if (req.method != "POST") return false;
  return req.path == "/api/v2/uploads" || req.path == "/api/v2/chamado/mail/inbound";  // ---- inbound mail
}

// ---- accounts: a token (Authorization) or a browser session (the cookie) to a caller.
Result<app::SessionAuth> Api::Authenticate(const app::Credentials& cred, const std::optional<std::string>& cookie,
                                           const Request& req) {
  app::Credentials c = cred;
  if (cookie) {
    c.kind = app::Credentials::Kind::kSession;
    c.secret = *cookie;
  }
  const std::chrono::seconds gap =
      deps_.accounts ? deps_.accounts->settings().token_use_gap : app::AccountSettings{}.token_use_gap;
  return app::Authenticate(deps_.store, deps_.crypto, deps_.clock, deps_.accounts, c, req.client_addr, gap);
}

Response Api::Handle(Request& req) {
  const TrustedProxies& proxies = deps_.trusted_proxies ? *deps_.trusted_proxies : LoopbackOnly();
  auto client = proxies.Client(req.remote_addr, req.Header("x-forwarded-for"));
  req.client_addr = std::move(client.address);
  req.via_trusted_proxy = client.peer_trusted;

  // Limits come before any routing or database work; health checks are never refused.
  RateFigures figures;
  RateLimiter* limiter = deps_.limiter;
  const bool exempt = req.path == "/healthz" || req.path == "/readyz";
  if (limiter) {
    auto by_address = exempt ? limiter->PeekAddress(req.client_addr) : limiter->TakeAddress(req.client_addr);
    if (!by_address.allowed) return TooManyRequests(by_address, "per address");
    figures = FiguresOf(by_address);
  }

  std::vector<std::int64_t> ids;
  bool method_mismatch = false;
  std::vector<std::string> words;
  const Route* route = router_.Match(req.method, req.path, ids, method_mismatch, &words);
  if (!route) {
    if (method_mismatch)
      return Finish(
          JsonResponse(405, boost::json::object{{"error", "MethodNotAllowed"},
                                                {"description", "This endpoint does not accept " + req.method}}),
          figures);
    // ---- portal: the web app's files and its own routes, outside the API's prefixes.
    if (deps_.site && !IsApiPath(req.path))
      if (auto page = ServeStatic(*deps_.site, req)) return Finish(std::move(*page), figures);
    return Finish(ErrorResponse(Error::NotFound()), figures);
  }
  Ctx ctx{req, Caller{}, UrlsFor(req), std::move(ids), std::string(kDefaultLocale)};
  ctx.words = std::move(words);
  if (route->auth != AuthMode::kNone) {
    // ---- accounts: the Authorization header wins; without one, the session cookie. A stale
    // cookie is anonymous (a 401 only where credentials are required); a bad header is a 401
    // but on kLenient routes.
    app::Credentials cred = ParseAuthorization(req);
    std::optional<std::string> cookie;
    if (cred.kind == app::Credentials::Kind::kNone && deps_.accounts) cookie = CookieValue(req, kSessionCookie);
    auto auth = Authenticate(cred, cookie, req);
    if (auth) {
      ctx.caller = auth->caller;
      ctx.session_id = auth->session_id;
    } else if ((!cookie && route->auth != AuthMode::kLenient) || auth.error().code != ErrorCode::kUnauthenticated) {
      return Finish(ErrorResponse(auth.error()), figures);
    }
    if (route->auth == AuthMode::kRequired && ctx.caller.anonymous)
      return Finish(ErrorResponse(Error::Unauthenticated()), figures);
    // A write on the cookie's authority must carry the CSRF token the page got at sign-in
    // (another site's page can make the browser send the cookie, not read the token).
    if (ctx.session_id && cookie && !IsSafeMethod(req.method)) {
      const std::string* sent = req.Header("x-csrf-token");
      if (!sent || !deps_.crypto.ConstantTimeEqual(*sent, app::CsrfTokenFor(deps_.crypto, *cookie)))
        return Finish(JsonResponse(403, boost::json::object{{"error", "InvalidCsrfToken"},
                                                            {"description",
                                                             "This request needs the X-CSRF-Token header of the "
                                                             "session (csrf_token at sign-in, or the chamado_csrf "
                                                             "cookie)"}}),
                      figures);
    }
  }
  if (limiter && !exempt && !ctx.caller.anonymous) {
    // Per token: the caller's user (all of a user's tokens share one bucket, as on Zendesk).
    auto by_user = limiter->TakeUser(ctx.caller.user_id);
    if (!by_user.allowed) return TooManyRequests(by_user, "per user");
    // The headers show the limit closest to refusing.
    if (by_user.remaining <= figures.remaining) figures = FiguresOf(by_user);
  }
  if (auto* l = req.Query("locale"); l && IsSupportedLocale(*l)) ctx.locale = *l;
  return Finish(route->handler(ctx), figures);
}

}  // namespace chamado::http
