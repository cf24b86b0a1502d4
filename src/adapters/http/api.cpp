#include "adapters/http/api.hpp"

#include <boost/beast/core/detail/base64.hpp>

#include "adapters/http/error_mapping.hpp"
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
  // Limit: X-Forwarded-* are believed from anyone until [server] trusted_proxies exists.
  std::string scheme = "http";
  if (auto* p = r.Header("x-forwarded-proto"); p && (*p == "https" || *p == "http")) scheme = *p;
  std::string host = "localhost";
  if (auto* h = r.Header("x-forwarded-host"); h && !h->empty())
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
}

Response Api::Handle(Request& req) {
  Response res;
  std::vector<std::int64_t> ids;
  bool method_mismatch = false;
  const Route* route = router_.Match(req.method, req.path, ids, method_mismatch);
  if (!route) {
    if (method_mismatch) {
      res = JsonResponse(405, boost::json::object{{"error", "MethodNotAllowed"},
                                                  {"description", "This endpoint does not accept " + req.method}});
    } else {
      res = ErrorResponse(Error::NotFound());
    }
    AddStandardHeaders(res);
    return res;
  }
  Ctx ctx{req, Caller{}, UrlsFor(req), std::move(ids), std::string(kDefaultLocale)};
  if (route->auth != AuthMode::kNone) {
    auto caller = app::Authenticate(deps_.store, deps_.crypto, ParseAuthorization(req));
    if (caller) {
      ctx.caller = *caller;
    } else if (route->auth != AuthMode::kLenient) {
      res = ErrorResponse(caller.error());
      AddStandardHeaders(res);
      return res;
    }
    if (route->auth == AuthMode::kRequired && ctx.caller.anonymous) {
      res = ErrorResponse(Error::Unauthenticated());
      AddStandardHeaders(res);
      return res;
    }
  }
  if (auto* l = req.Query("locale"); l && IsSupportedLocale(*l)) ctx.locale = *l;
  res = route->handler(ctx);
  AddStandardHeaders(res);
  return res;
}

}  // namespace chamado::http
