#include "adapters/http/cookies.hpp"

#include <boost/url/encoding_opts.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

namespace chamado::http {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string Cookie(std::string_view name, std::string_view value, std::int64_t max_age, bool http_only, bool secure) {
  std::string c = std::string(name) + "=" + std::string(value) + "; Path=/";
  if (http_only) c += "; HttpOnly";
  c += "; SameSite=Lax; Max-Age=" + std::to_string(max_age);
  if (secure) c += "; Secure";
  return c;
}

}  // namespace

std::optional<std::string> CookieValue(const Request& r, std::string_view name) {
  const std::string* h = r.Header("cookie");
  if (!h) return std::nullopt;
  std::string_view rest(*h);
  while (!rest.empty()) {
    const auto semi = rest.find(';');
    std::string_view pair = Trim(rest.substr(0, semi));
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos || Trim(pair.substr(0, eq)) != name) continue;
    std::string_view value = Trim(pair.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    if (value.empty()) return std::nullopt;
    return std::string(value);
  }
  return std::nullopt;
}

std::vector<std::string> SessionCookies(std::string_view token, std::string_view csrf, std::int64_t max_age_seconds,
                                        bool secure) {
  return {Cookie(kSessionCookie, token, max_age_seconds, true, secure),
          Cookie(kCsrfCookie, csrf, max_age_seconds, false, secure)};
}

std::vector<std::string> ClearedSessionCookies(bool secure) {
  return {Cookie(kSessionCookie, "", 0, true, secure), Cookie(kCsrfCookie, "", 0, false, secure)};
}

void AddSetCookies(Response& res, const std::vector<std::string>& cookies) {
  for (const auto& c : cookies) res.headers.emplace_back("Set-Cookie", c);
}

bool IsSafeMethod(std::string_view method) { return method == "GET" || method == "HEAD" || method == "OPTIONS"; }

std::string UserAgentOf(const Request& r, std::size_t max_bytes) {
  const std::string* h = r.Header("user-agent");
  if (!h) return "";
  if (h->size() <= max_bytes) return *h;
  std::size_t n = max_bytes;
  // Back off continuation bytes (10xxxxxx) so a character is never cut in two.
  while (n > 0 && (static_cast<unsigned char>((*h)[n]) & 0xC0) == 0x80) --n;
  return h->substr(0, n);
}

app::ClientInfo ClientOf(const Request& r) {
  return app::ClientInfo{r.client_addr.empty() ? r.remote_addr : r.client_addr, UserAgentOf(r)};
}

Result<std::map<std::string, std::string>> ParseFormBody(std::string_view body) {
  std::map<std::string, std::string> out;
  if (body.empty()) return out;
  auto parsed = boost::urls::parse_query(body);
  if (!parsed) return Fail(Error::BadRequest("The form body is not application/x-www-form-urlencoded"));
  try {
    boost::urls::params_view params(body, boost::urls::encoding_opts(/*space_as_plus=*/true));
    for (const auto& p : params) out.try_emplace(p.key, p.has_value ? p.value : std::string());
  } catch (const std::exception&) {
    return Fail(Error::BadRequest("The form body is not application/x-www-form-urlencoded"));
  }
  return out;
}

}  // namespace chamado::http
