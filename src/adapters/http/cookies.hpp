#pragma once
// Browser sessions on the wire (issue 8; docs/accounts.md "Sessions"): the session and CSRF
// cookies, reading a cookie from a request, the client a request came from, and form bodies.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/http/message.hpp"
#include "app/accounts.hpp"
#include "domain/error.hpp"

namespace chamado::http {

// HttpOnly: the session token never reaches the page's scripts.
inline constexpr std::string_view kSessionCookie = "chamado_session";
// Readable by the page: it sends it back as X-CSRF-Token on writes.
inline constexpr std::string_view kCsrfCookie = "chamado_csrf";

// The value of cookie `name` in the request's Cookie header; nullopt when absent or empty.
std::optional<std::string> CookieValue(const Request& r, std::string_view name);

// The two Set-Cookie values of a new session: `max_age_seconds` is the session's absolute
// limit; `secure` when [server] public_url is https.
std::vector<std::string> SessionCookies(std::string_view token, std::string_view csrf, std::int64_t max_age_seconds,
                                        bool secure);
// The two Set-Cookie values that clear them (empty, Max-Age=0).
std::vector<std::string> ClearedSessionCookies(bool secure);
void AddSetCookies(Response& res, const std::vector<std::string>& cookies);

// GET, HEAD and OPTIONS change nothing, so they need no CSRF token.
bool IsSafeMethod(std::string_view method);

// The User-Agent header, at most `max_bytes` (cut on a UTF-8 character boundary).
std::string UserAgentOf(const Request& r, std::size_t max_bytes = 200);
// Who sent the request, for the audit log and the per-IP throttles: the client address
// (Request::client_addr, after trusted proxies) and the user agent.
app::ClientInfo ClientOf(const Request& r);

// An application/x-www-form-urlencoded body ('+' is a space); kBadRequest when malformed. A
// repeated key keeps its first value.
Result<std::map<std::string, std::string>> ParseFormBody(std::string_view body);

}  // namespace chamado::http
