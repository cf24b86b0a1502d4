#include "domain/accounts.hpp"

#include <date/tz.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace chamado {
namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

std::size_t CodePoints(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return !IsContinuation(c); }));
}

// ASCII and Latin-1 letters lower-cased (UTF-8 "Ã".."Þ" are C3 80..9E; C3 97 is "×"): enough
// for the list's Portuguese and Spanish words ("CONTRASEÑA1" is "contraseña1").
std::string LowerUtf8(std::string_view s) {
  std::string out(s);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto c = static_cast<unsigned char>(out[i]);
    if (c < 0x80) {
      out[i] = static_cast<char>(std::tolower(c));
    } else if (c == 0xC3 && i + 1 < out.size()) {
      const auto d = static_cast<unsigned char>(out[i + 1]);
      if (d >= 0x80 && d <= 0x9E && d != 0x97) out[i + 1] = static_cast<char>(d + 0x20);
      ++i;
    }
  }
  return out;
}

// The password as code points (an invalid byte counts as one), for the repeat rule.
std::vector<std::string_view> Split(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t n = 1;
    while (i + n < s.size() && IsContinuation(static_cast<unsigned char>(s[i + n]))) ++n;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

// "aaaaaaaaaa", "1212121212", "abcabcabca", "senhasenha": a unit of at most five characters
// repeated over the whole password (at least twice).
bool IsRepeat(std::string_view lower) {
  const auto cps = Split(lower);
  const std::size_t n = cps.size();
  for (std::size_t unit = 1; unit <= 5 && 2 * unit <= n; ++unit) {
    bool same = true;
    for (std::size_t i = unit; i < n && same; ++i) same = cps[i] == cps[i % unit];
    if (same) return true;
  }
  return false;
}

// Plain runs and keyboard walks: the password is a piece of one of these, read either way.
constexpr std::array<std::string_view, 12> kRuns = {
    "012345678901234567890",
    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
    "qwertyuiopasdfghjklzxcvbnm",
    "qwertyuiop[]",
    "asdfghjklç;'",
    "qwertzuiopü",
    "azertyuiop",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "qazwsxedcrfvtgbyhnujmikolp",
    "1q2w3e4r5t6y7u8i9o0p",
    "q1w2e3r4t5y6u7i8o9p0",
    "!@#$%^&*()_+",
};

bool IsRun(std::string_view lower) {
  std::string reversed;
  for (auto cp : Split(lower)) reversed.insert(0, cp);
  for (auto run : kRuns)
    if (run.find(lower) != std::string_view::npos || run.find(reversed) != std::string_view::npos) return true;
  return false;
}

// Letters and digits only, lower-cased: "Ana.Souza" and "ana souza" are both "anasouza".
std::string Letters(std::string_view s) {
  std::string lower = LowerUtf8(s), out;
  for (char c : lower)
    if (static_cast<unsigned char>(c) >= 0x80 || std::isalnum(static_cast<unsigned char>(c))) out += c;
  return out;
}

bool AllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The password is the e-mail, its local part or the name, maybe with digits before or after
// ("anasouza2024"), ignoring case, spaces and punctuation.
bool LikeIdentity(std::string_view password, std::string_view email, std::string_view name) {
  const std::string core = Letters(password);
  const std::string lower_email = LowerUtf8(email);
  if (!lower_email.empty() && LowerUtf8(password).find(lower_email) != std::string::npos) return true;
  const auto at = email.find('@');
  std::vector<std::string> identity = {Letters(email), Letters(name)};
  if (at != std::string_view::npos) identity.push_back(Letters(email.substr(0, at)));
  for (const auto& id : identity) {
    if (id.size() < 3) continue;
    if (core == id) return true;
    if (core.size() > id.size() && core.starts_with(id) && AllDigits(std::string_view(core).substr(id.size())))
      return true;
    if (core.size() > id.size() && core.ends_with(id) &&
        AllDigits(std::string_view(core).substr(0, core.size() - id.size())))
      return true;
  }
  return false;
}

// ---- return_to

bool HasUnsafeByte(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c < 0x21 || c == 0x7f || c == '\\';
  });
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One round of %XX decoding (invalid escapes stay as they are): what a lenient server or
// browser may turn the text into.
std::string PercentDecoded(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int hi = HexValue(s[i + 1]), lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct UrlParts {
  std::string origin;  // "https://help.example.com" (lower-case, default port dropped)
  std::string rest;    // path, query and fragment as given
};

// "scheme://authority<rest>" for http(s) only; nullopt otherwise.
std::optional<UrlParts> SplitHttpUrl(std::string_view url) {
  const auto sep = url.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  const std::string scheme = AsciiLower(url.substr(0, sep));
  if (scheme != "http" && scheme != "https") return std::nullopt;
  const auto end = url.find_first_of("/?#", sep + 3);
  std::string authority = AsciiLower(url.substr(sep + 3, end == std::string_view::npos ? url.npos : end - sep - 3));
  if (authority.empty()) return std::nullopt;
  const std::string_view default_port = scheme == "https" ? ":443" : ":80";
  if (authority.ends_with(default_port)) authority.resize(authority.size() - default_port.size());
  return UrlParts{scheme + "://" + authority,
                  end == std::string_view::npos ? std::string() : std::string(url.substr(end))};
}

// Drops the public URL's own path ("/help") from the front of `path`; false when `path` is
// not under it.
bool StripBase(std::string& path, std::string_view base) {
  if (base.empty()) return true;
  if (!path.starts_with(base)) return false;
  if (path.size() > base.size() && path[base.size()] != '/' && path[base.size()] != '?' && path[base.size()] != '#')
    return false;
  path.erase(0, base.size());
  if (path.empty() || path.front() != '/') path.insert(0, "/");
  return true;
}

constexpr std::string_view kB64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int B64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

}  // namespace

// ---------------------------------------------------------------- passwords

PasswordProblem CheckPassword(std::string_view password, std::string_view email, std::string_view name,
                              const std::function<bool(std::string_view)>& is_common) {
  if (password.size() > kMaxPasswordBytes) return PasswordProblem::kTooLong;
  if (CodePoints(password) < kMinPasswordChars) return PasswordProblem::kTooShort;
  if (LikeIdentity(password, email, name)) return PasswordProblem::kLikeIdentity;
  const std::string lower = LowerUtf8(password);
  if (IsRepeat(lower) || IsRun(lower)) return PasswordProblem::kTooCommon;
  if (is_common && is_common(lower)) return PasswordProblem::kTooCommon;
  return PasswordProblem::kNone;
}

std::string_view PasswordProblemCode(PasswordProblem p) {
  switch (p) {
    case PasswordProblem::kNone: return "";
    case PasswordProblem::kTooShort: return "TooShort";
    case PasswordProblem::kTooLong: return "TooLong";
    case PasswordProblem::kTooCommon: return "TooCommon";
    case PasswordProblem::kLikeIdentity: return "LikeIdentity";
  }
  return "";
}

std::string PasswordProblemText(PasswordProblem p, std::string_view locale) {
  const int l = locale == "en" ? 2 : locale == "es" ? 1 : 0;  // pt-BR, es, en
  auto pick = [&](const char* pt, const char* es, const char* en) {
    return std::string(l == 2 ? en : l == 1 ? es : pt);
  };
  switch (p) {
    case PasswordProblem::kNone: return {};
    case PasswordProblem::kTooShort:
      return pick("A senha deve ter pelo menos 10 caracteres.", "La contraseña debe tener al menos 10 caracteres.",
                  "Password must be at least 10 characters long.");
    case PasswordProblem::kTooLong:
      return pick("A senha é longa demais (no máximo 1024 bytes).",
                  "La contraseña es demasiado larga (como máximo 1024 bytes).",
                  "Password is too long (at most 1024 bytes).");
    case PasswordProblem::kTooCommon:
      return pick(
          "Essa senha é comum ou fácil demais de adivinhar (sequências e repetições como 1234567890 ou "
          "aaaaaaaaaa). Escolha outra.",
          "Esa contraseña es común o demasiado fácil de adivinar (secuencias y repeticiones como 1234567890 o "
          "aaaaaaaaaa). Elige otra.",
          "This password is too common or too easy to guess (sequences and repeats like 1234567890 or "
          "aaaaaaaaaa). Choose another one.");
    case PasswordProblem::kLikeIdentity:
      return pick("A senha não pode ser parecida com o seu nome ou e-mail.",
                  "La contraseña no puede parecerse a tu nombre o correo electrónico.",
                  "Password must not be like your name or e-mail address.");
  }
  return {};
}

Error PasswordError(PasswordProblem p, std::string_view locale) {
  return Error::Invalid("password", std::string(PasswordProblemCode(p)), PasswordProblemText(p, locale));
}

// ---------------------------------------------------------------- sessions and throttles

SessionState JudgeSession(const SessionPolicy& p, Instant created_at, Instant last_seen_at, Instant now) {
  if (now - created_at >= p.absolute) return SessionState::kExpired;
  if (now - last_seen_at >= p.idle) return SessionState::kIdleExpired;
  return SessionState::kValid;
}

bool SessionNeedsTouch(const SessionPolicy& p, Instant last_seen_at, Instant now) {
  return now - last_seen_at >= p.touch_every;
}

std::int64_t RetryAfterSeconds(const ThrottleRule& r, std::int64_t count_in_window,
                               std::optional<Instant> oldest_in_window, Instant now) {
  if (count_in_window < r.max) return 0;
  const std::int64_t window = std::max<std::int64_t>(1, r.window.count());
  // One more is allowed once the oldest counted attempt leaves the window.
  if (!oldest_in_window) return window;
  const std::int64_t left = (*oldest_in_window + r.window - now).count();
  return std::clamp<std::int64_t>(left, 1, window);
}

// ---------------------------------------------------------------- return_to

std::string SafeReturnTo(std::string_view return_to, std::string_view public_url) {
  if (return_to.empty() || HasUnsafeByte(return_to)) return "/";
  // Encoded CR/LF, backslashes or a second slash are refused too: whatever decodes them
  // later must not find a header break or a scheme-relative URL.
  const std::string decoded = PercentDecoded(return_to);
  if (HasUnsafeByte(decoded) || decoded.starts_with("//")) return "/";
  const auto ours = SplitHttpUrl(public_url);
  std::string base;
  if (ours) {
    base = ours->rest.substr(0, ours->rest.find_first_of("?#"));
    while (!base.empty() && base.back() == '/') base.pop_back();
  }
  std::string path;
  if (return_to.front() == '/') {
    if (return_to.starts_with("//")) return "/";
    path = std::string(return_to);
    StripBase(path, base);  // "/help/requests/1" and "/requests/1" both mean the same page
  } else {
    const auto theirs = SplitHttpUrl(return_to);
    if (!ours || !theirs || theirs->origin != ours->origin) return "/";
    path = theirs->rest;
    if (path.empty()) return "/";
    if (path.front() != '/') path.insert(0, "/");
    if (path.starts_with("//")) return "/";
    if (!StripBase(path, base)) return "/";
  }
  return path.empty() ? std::string("/") : path;
}

// ---------------------------------------------------------------- JWT

std::optional<std::string> Base64UrlDecode(std::string_view in) {
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);  // tolerated, never needed
  if (in.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(in.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    const int v = B64Value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  // The unused low bits of the last character must be zero (one encoding per value).
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

std::string Base64UrlEncode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    acc = (acc << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kB64[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += kB64[(acc << (6 - bits)) & 63];
  return out;
}

Result<JwtParts> SplitJwt(std::string_view token) {
  constexpr std::size_t kMaxJwtBytes = 16 * 1024;  // a claim set is a few hundred bytes
  if (token.empty()) return Fail(Error::BadRequest("JWT: missing"));
  if (token.size() > kMaxJwtBytes) return Fail(Error::BadRequest("JWT: too long"));
  const auto d1 = token.find('.');
  const auto d2 = d1 == std::string_view::npos ? d1 : token.find('.', d1 + 1);
  if (d2 == std::string_view::npos || token.find('.', d2 + 1) != std::string_view::npos)
    return Fail(Error::BadRequest("JWT: expected three dot-separated parts"));
  const auto header = token.substr(0, d1), payload = token.substr(d1 + 1, d2 - d1 - 1), sig = token.substr(d2 + 1);
  if (header.empty() || payload.empty()) return Fail(Error::BadRequest("JWT: empty header or payload"));
  JwtParts p;
  auto h = Base64UrlDecode(header);
  if (!h) return Fail(Error::BadRequest("JWT: the header is not base64url"));
  auto b = Base64UrlDecode(payload);
  if (!b) return Fail(Error::BadRequest("JWT: the payload is not base64url"));
  // An empty signature ("alg": "none") splits fine: the algorithm check refuses it (401).
  auto s = Base64UrlDecode(sig);
  if (!s) return Fail(Error::BadRequest("JWT: the signature is not base64url"));
  p.header_json = std::move(*h);
  p.payload_json = std::move(*b);
  p.signing_input = std::string(token.substr(0, d2));
  p.signature = std::move(*s);
  return p;
}

JwtProblem JudgeJwtClaims(const JwtClaims& c, Instant now, std::chrono::seconds skew) {
  if (c.alg != "HS256") return JwtProblem::kBadAlgorithm;
  if (!c.iat || c.jti.empty() || c.email.empty() || c.name.empty()) return JwtProblem::kMissingClaim;
  const std::int64_t t = UnixSeconds(now), s = skew.count();
  if (*c.iat > t + s) return JwtProblem::kIssuedInFuture;
  if (*c.iat < t - s) return JwtProblem::kTooOld;
  if (c.exp && *c.exp <= t - s) return JwtProblem::kExpired;
  return JwtProblem::kNone;
}

std::string_view JwtProblemText(JwtProblem p) {
  switch (p) {
    case JwtProblem::kNone: return "";
    case JwtProblem::kBadAlgorithm: return "the JWT must be signed with HS256";
    case JwtProblem::kMissingClaim: return "the JWT must carry iat, jti, email and name";
    case JwtProblem::kIssuedInFuture: return "the JWT's iat is in the future";
    case JwtProblem::kTooOld: return "the JWT's iat is too old";
    case JwtProblem::kExpired: return "the JWT has expired";
  }
  return "";
}

std::string LocaleFromZendeskId(std::string_view id) {
  while (!id.empty() && std::isspace(static_cast<unsigned char>(id.front()))) id.remove_prefix(1);
  while (!id.empty() && std::isspace(static_cast<unsigned char>(id.back()))) id.remove_suffix(1);
  if (id.empty()) return {};
  int n = 0;
  if (auto [p, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
      ec == std::errc() && p == id.data() + id.size()) {
    switch (n) {
      case 1: return "en";      // en-US
      case 2: return "es";      // Spanish
      case 19: return "pt-BR";  // Brazilian Portuguese
      default: return {};
    }
  }
  const std::string tag = AsciiLower(id);
  if (tag == "pt-br" || tag == "pt_br" || tag == "pt") return "pt-BR";
  if (tag == "es" || tag.starts_with("es-") || tag.starts_with("es_")) return "es";
  if (tag == "en" || tag.starts_with("en-") || tag.starts_with("en_")) return "en";
  return {};
}

bool IsValidTimeZone(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  try {
    return date::locate_zone(name) != nullptr;
  } catch (const std::runtime_error&) {
    return false;
  }
}

}  // namespace chamado
