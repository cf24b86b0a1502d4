#pragma once
// JWT single sign-on the Zendesk way (issue 8; docs/accounts.md "Single sign-on"): the
// company's product signs an HS256 JWT with the shared secret; /access/jwt verifies it, refuses
// a reused jti or a stale iat, finds or creates the end user (external_id first, then e-mail),
// and opens a session. Staff cannot sign in this way (their accounts are the help desk's own).
#include <chrono>
#include <string>
#include <string_view>

#include "app/accounts.hpp"
#include "domain/accounts.hpp"

namespace chamado::app {

struct SsoSettings {
  std::string jwt_secret;                              // [sso] jwt_secret; empty: SSO off (/access/jwt answers 404)
  std::string remote_login_url;                        // [sso] remote_login_url
  std::string remote_logout_url;                       // [sso] remote_logout_url
  std::chrono::seconds skew{std::chrono::minutes(3)};  // [sso] clock_skew_seconds
  std::string public_url;                              // [server] public_url: return_to must be within it
};

// The token as the http adapter read it: SplitJwt's parts and the claims from its JSON.
struct JwtToken {
  JwtParts parts;
  JwtClaims claims;
};

struct SsoSignIn {
  OpenedSession session;
  std::string redirect_to;  // SafeReturnTo(return_to)
};

class SsoService final {
 public:
  SsoService(Store& store, Clock& clock, Crypto& crypto, AccountService& accounts, SsoSettings settings);
  bool enabled() const { return !settings_.jwt_secret.empty(); }
  const SsoSettings& settings() const { return settings_; }

  // kNotFound when SSO is off; kUnauthenticated (description saying which) for a bad
  // signature, another algorithm, a stale or future iat, an expired exp, a reused jti, a
  // staff e-mail; kInvalid for missing claims. Every refusal is an sso_rejected auth event.
  Result<SsoSignIn> SignIn(const JwtToken& token, std::string_view return_to, const ClientInfo& from);
  // Where to send a browser that must sign in: remote_login_url?return_to=<ours>, or "" when
  // no remote login is configured (the portal's own login page then).
  std::string RemoteLoginUrl(std::string_view return_to) const;
  // Where to send a browser after logout: remote_logout_url, or SafeReturnTo(return_to).
  std::string AfterLogoutUrl(std::string_view return_to) const;

 private:
  Store& store_;
  Clock& clock_;
  Crypto& crypto_;
  AccountService& accounts_;
  SsoSettings settings_;
};

}  // namespace chamado::app
