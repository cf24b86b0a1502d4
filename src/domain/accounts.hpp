#pragma once
// Accounts and sign-in (issue 8; docs/accounts.md): the pure rules. Password rules, session
// expiry, throttling from counted failures, the return_to check and JWT (HS256) claims. No I/O,
// no clock: callers pass `now`. Hashing, HMAC and storage are the app layer's (app/accounts.hpp).
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/time.hpp"

namespace chamado {

// ---- Passwords. At least 10 characters (code points), at most 1024 bytes (argon2 takes any
// length; the cap stops a megabyte password from being a cheap DoS), not on the list of common
// passwords (`is_common` gets the lower-cased password), and not the e-mail, its local part or
// the name (case-insensitive), nor one character repeated or a plain run ("1234567890",
// "abcdefghij", "qwertyuiop").
inline constexpr std::size_t kMinPasswordChars = 10;
inline constexpr std::size_t kMaxPasswordBytes = 1024;

enum class PasswordProblem { kNone, kTooShort, kTooLong, kTooCommon, kLikeIdentity };

PasswordProblem CheckPassword(std::string_view password, std::string_view email, std::string_view name,
                              const std::function<bool(std::string_view)>& is_common);
// Zendesk-style codes for a 422's details: "TooShort", "TooLong", "TooCommon", "LikeIdentity".
std::string_view PasswordProblemCode(PasswordProblem p);
// The rule in words, in `locale` (pt-BR, es, en; anything else pt-BR).
std::string PasswordProblemText(PasswordProblem p, std::string_view locale);
// The 422 naming the rule (field "password"); p must not be kNone.
Error PasswordError(PasswordProblem p, std::string_view locale);

// ---- Sessions: an idle limit (since last use) and an absolute one (since sign-in).
struct SessionPolicy {
  std::chrono::seconds idle{std::chrono::hours(24)};
  std::chrono::seconds absolute{std::chrono::hours(24 * 30)};
  // last_seen_at is written at most this often (a read per request, a write per minute).
  std::chrono::seconds touch_every{60};
};

enum class SessionState { kValid, kIdleExpired, kExpired };
SessionState JudgeSession(const SessionPolicy& p, Instant created_at, Instant last_seen_at, Instant now);
bool SessionNeedsTouch(const SessionPolicy& p, Instant last_seen_at, Instant now);

// ---- Throttling from counted attempts: at most `max` in any `window`. Given how many the
// store counted in [now - window, now] and the oldest of them, the seconds until one more is
// allowed: 0 when allowed now, else at least 1.
struct ThrottleRule {
  int max = 10;
  std::chrono::seconds window{std::chrono::minutes(15)};
};
std::int64_t RetryAfterSeconds(const ThrottleRule& r, std::int64_t count_in_window,
                               std::optional<Instant> oldest_in_window, Instant now);

// ---- return_to (JWT SSO, logout): only our own origin. Returns the path (with query and
// fragment) to redirect to, or "/" when `return_to` is empty, another origin, a
// scheme-relative "//host", has a backslash or control characters, or is not http(s).
// `public_url` is [server] public_url ("https://help.example.com", maybe with a path).
std::string SafeReturnTo(std::string_view return_to, std::string_view public_url);

// ---- JWT (HS256), Zendesk SSO (zendesk-compat.md §JWT). Base64url without padding.
std::optional<std::string> Base64UrlDecode(std::string_view in);
std::string Base64UrlEncode(std::string_view in);

struct JwtParts {
  std::string header_json;    // decoded
  std::string payload_json;   // decoded
  std::string signing_input;  // "<header b64>.<payload b64>", what the signature covers
  std::string signature;      // decoded (raw bytes)
};
// Three dot-separated base64url parts, each decodable; else kBadRequest naming the problem.
Result<JwtParts> SplitJwt(std::string_view token);

// The claims Chamado reads (the http adapter fills them from payload_json).
struct JwtClaims {
  std::string alg;  // from the header; must be "HS256"
  std::optional<std::int64_t> iat;
  std::optional<std::int64_t> exp;
  std::string jti;
  std::string email;
  std::string name;
  std::optional<std::string> external_id;
  std::string locale;  // from locale_id: a Zendesk id (1 en, 2 es, 19 pt-BR) or a tag; "" none
  std::string phone;
  std::vector<std::string> tags;
};

enum class JwtProblem { kNone, kBadAlgorithm, kMissingClaim, kIssuedInFuture, kTooOld, kExpired };
// iat must be within `skew` of now (Zendesk: 3 minutes either way); exp, when given, must not
// have passed (minus skew); jti, email and name must be present.
JwtProblem JudgeJwtClaims(const JwtClaims& c, Instant now, std::chrono::seconds skew);
std::string_view JwtProblemText(JwtProblem p);
// Zendesk's locale_id (number or text) to a supported locale; "" when unknown.
std::string LocaleFromZendeskId(std::string_view id);

// ---- Profile: an IANA time zone name the tz database knows ("America/Sao_Paulo").
bool IsValidTimeZone(std::string_view name);

}  // namespace chamado
