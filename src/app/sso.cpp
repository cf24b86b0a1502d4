#include "app/sso.hpp"

#include <utility>

namespace chamado::app {
namespace {

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0x0f]);
  }
  return out;
}

// RFC 3986: everything but the unreserved characters becomes %XX.
std::string PercentEncode(std::string_view in) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : in) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 0x0f]);
    }
  }
  return out;
}

// `path` (SafeReturnTo's answer, relative to public_url's own path) as an absolute URL.
std::string AbsoluteUrl(std::string_view public_url, const std::string& path) {
  std::string base(public_url);
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + path;
}

// Why a token was refused, and the answer it gets.
struct Refusal {
  Error error;
  std::string detail;  // the sso_rejected event's words
};

Refusal Unauthenticated(std::string detail) {
  return {Error{ErrorCode::kUnauthenticated, "JWT refused: " + detail, {}}, std::move(detail)};
}

Refusal Invalid(std::string field, std::string detail) {
  return {Error::Invalid(std::move(field), "InvalidValue", "JWT: " + detail), std::move(detail)};
}

}  // namespace

SsoService::SsoService(Store& store, Clock& clock, Crypto& crypto, AccountService& accounts, SsoSettings settings)
    : store_(store), clock_(clock), crypto_(crypto), accounts_(accounts), settings_(std::move(settings)) {}

Result<SsoSignIn> SsoService::SignIn(const JwtToken& token, std::string_view return_to, const ClientInfo& from) {
  if (!enabled()) return Fail(Error::NotFound());
  const Instant now = clock_.Now();
  const JwtClaims& claims = token.claims;
  std::optional<std::int64_t> user_id;
  std::string email;  // only once the signature is good: unsigned claims are nobody's

  auto refuse = [&](Refusal r) -> Result<SsoSignIn> {
    // Its own transaction: the refused change (if any) rolled back, the record stays.
    (void)store_.Write([&](WriteTx& tx) -> Result<void> {
      AuthEvent e;
      e.at = now;
      e.user_id = user_id;
      e.kind = "sso_rejected";
      e.email = email;
      e.ip = from.ip;
      e.detail = r.detail;
      tx.InsertAuthEvent(e);
      return {};
    });
    return Fail(std::move(r.error));
  };

  // The algorithm first: "none" or RS256 tricks never reach the signature check.
  if (claims.alg != "HS256") return refuse(Unauthenticated("algorithm '" + claims.alg + "' is not HS256"));
  const std::string expected = crypto_.HmacSha256Hex(settings_.jwt_secret, token.parts.signing_input);
  if (!crypto_.ConstantTimeEqual(expected, Hex(token.parts.signature))) return refuse(Unauthenticated("bad signature"));

  email = NormalizeEmail(claims.email);
  switch (const JwtProblem p = JudgeJwtClaims(claims, now, settings_.skew)) {
    case JwtProblem::kNone: break;
    case JwtProblem::kMissingClaim: return refuse(Invalid("jwt", std::string(JwtProblemText(p))));
    default: return refuse(Unauthenticated(std::string(JwtProblemText(p))));
  }
  if (email.empty()) return refuse(Invalid("email", "'" + claims.email + "' is not a valid e-mail address"));
  if (claims.name.size() > 255) return refuse(Invalid("name", "the name is longer than 255 characters"));

  // A jti older than this can no longer pass the iat check: its row may go.
  const Instant forget_before = now - 2 * settings_.skew - std::chrono::hours(1);
  std::optional<Refusal> refused;
  User user;
  auto w = store_.Write([&](WriteTx& tx) -> Result<void> {
    refused.reset();  // a store may run this again (PostgreSQL retries)
    user = User{};
    auto stop = [&](Refusal r) -> Result<void> {
      refused = std::move(r);
      return Fail(refused->error);
    };
    if (!tx.RememberJwtId(claims.jti, now, forget_before)) return stop(Unauthenticated("jti reused"));
    const bool has_external = claims.external_id && !claims.external_id->empty();
    std::optional<User> by_external = has_external ? tx.UserByExternalId(*claims.external_id) : std::nullopt;
    std::optional<User> by_email = tx.UserByEmail(email);
    // Staff accounts are the help desk's own: the company's product cannot vouch for them.
    if ((by_external && IsStaff(by_external->role)) || (by_email && IsStaff(by_email->role))) {
      user_id = by_external && IsStaff(by_external->role) ? by_external->id : by_email->id;
      return stop(Unauthenticated("staff accounts cannot sign in with a JWT"));
    }
    std::optional<User> found = by_external ? by_external : by_email;
    if (!found) {
      user.name = claims.name;
      user.email = email;
      user.role = Role::kEndUser;
      user.verified = true;  // the product vouches for the address
      if (IsSupportedLocale(claims.locale)) user.locale = claims.locale;
      if (claims.phone.size() <= 32) user.phone = claims.phone;
      if (has_external) user.external_id = claims.external_id;
      user.tags = NormalizeTags(claims.tags);
      user.created_at = user.updated_at = now;
      tx.InsertUser(user);
    } else {
      user = *found;
      user_id = user.id;
      if (!user.active) return stop(Unauthenticated("the account is inactive"));
      if (user.suspended) return stop(Unauthenticated("the account is suspended"));
      bool changed = false;
      if (!claims.name.empty() && claims.name != user.name) {
        user.name = claims.name;
        changed = true;
      }
      if (has_external && !user.external_id) {
        user.external_id = claims.external_id;
        changed = true;
      }
      if (!user.verified && user.email == email) {
        user.verified = true;
        changed = true;
      }
      if (changed) {
        user.updated_at = now;
        tx.UpdateUser(user);
      }
    }
    user_id = user.id;
    AuthEvent e;
    e.at = now;
    e.user_id = user.id;
    e.kind = "sso_login";
    e.email = email;
    e.ip = from.ip;
    e.detail = (found ? "jti " : "new user, jti ") + claims.jti;
    tx.InsertAuthEvent(e);
    return {};
  });
  if (refused) return refuse(std::move(*refused));
  if (!w) return Fail(w.error());

  auto opened = accounts_.OpenSession(user.id, "jwt", from);
  if (!opened) return Fail(opened.error());
  return SsoSignIn{std::move(*opened), SafeReturnTo(return_to, settings_.public_url)};
}

std::string SsoService::RemoteLoginUrl(std::string_view return_to) const {
  if (settings_.remote_login_url.empty()) return "";
  const std::string back = AbsoluteUrl(settings_.public_url, SafeReturnTo(return_to, settings_.public_url));
  const char* sep = settings_.remote_login_url.find('?') == std::string::npos ? "?" : "&";
  return settings_.remote_login_url + sep + "return_to=" + PercentEncode(back);
}

std::string SsoService::AfterLogoutUrl(std::string_view return_to) const {
  if (!settings_.remote_logout_url.empty()) return settings_.remote_logout_url;
  return SafeReturnTo(return_to, settings_.public_url);
}

}  // namespace chamado::app
