#pragma once
// Turning credentials into a Caller. The HTTP adapter parses headers (and the session cookie)
// into Credentials; docs/accounts.md "Credentials".
#include <chrono>
#include <string>
#include <string_view>

#include "app/accounts.hpp"
#include "app/ports.hpp"
#include "domain/access.hpp"

namespace chamado::app {

struct Credentials {
  // kSession: the chamado_session cookie (used only when no Authorization header is sent:
  // the header wins).
  enum class Kind { kNone, kBasicToken, kBasicPassword, kBearer, kSession };
  Kind kind = Kind::kNone;
  std::string email;   // Basic: the part before "/token" or ":"
  std::string secret;  // token, password, or the session cookie's value
};

// The one entry point for every request. kNone gives the anonymous caller (session_id 0).
// API tokens (Basic email/token:KEY, Bearer KEY): the token must be live (not revoked) and its
// user active and not suspended; a Basic header naming another user's e-mail is refused; the
// use is recorded (last_used_at and a token_used auth event) at most once per
// `token_use_gap` (AccountSettings::token_use_gap). Sessions: AccountService::AuthenticateSession
// (session_id set: the caller checks CSRF on cookie-authenticated writes); without an
// AccountService a session is refused. Passwords are not accepted on the API (Basic
// email:password is 401). Every refusal is kUnauthenticated.
Result<SessionAuth> Authenticate(Store& store, Crypto& crypto, Clock& clock, AccountService* accounts,
                                 const Credentials& cred, std::string_view client_ip,
                                 std::chrono::seconds token_use_gap);

// The same for API tokens only, recording no use (CLI and tests; the HTTP adapter calls the
// one above).
Result<Caller> Authenticate(Store& store, Crypto& crypto, const Credentials& cred);

}  // namespace chamado::app
