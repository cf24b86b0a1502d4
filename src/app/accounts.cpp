#include "app/accounts.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "app/notifications.hpp"

namespace chamado::app {
namespace {

// What the mail limits count per address and per IP (app/account_records.hpp AuthEvent).
const std::vector<std::string> kMailAskedKinds = {"signup", "password_forgot", "verify_resend"};
const std::vector<std::string> kLoginFailedKinds = {"login_failed"};

constexpr std::size_t kMaxUserAgentBytes = 200;
constexpr std::size_t kMaxNameBytes = 255;

std::string Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// At most `max` bytes, cut before a UTF-8 continuation byte.
std::string Utf8Prefix(std::string_view s, std::size_t max) {
  if (s.size() <= max) return std::string(s);
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n));
}

// The e-mail as typed, trimmed and lower-cased: what events record and the throttles count,
// so a malformed or unknown address is counted like a known one.
std::string TypedEmail(std::string_view raw) {
  std::string e = Utf8Prefix(Trim(raw), 254);
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return c < 0x80 ? std::tolower(c) : c; });
  return e;
}

std::string_view LocaleOf(const User& u) { return IsSupportedLocale(u.locale) ? u.locale : kDefaultLocale; }

bool CanSignIn(const User& u) { return u.active && !u.suspended; }

// Why a one-time token cannot be used ("" when it can).
std::string TokenProblem(const std::optional<AccountToken>& t, std::string_view purpose, Instant now) {
  if (!t || t->purpose != purpose) return "unknown link";
  if (t->used_at) return "link already used";
  if (now >= t->expires_at) return "link expired";
  return {};
}

Error BadToken(const std::string& why) {
  return Error::Invalid("token", "InvalidValue", "Token: " + why + "; ask for a new e-mail");
}

Error WrongCurrentPassword(std::string_view locale) {
  const char* text = locale == "en"   ? "Current password is wrong."
                     : locale == "es" ? "La contraseña actual no es correcta."
                                      : "A senha atual não confere.";
  return Error::Invalid("current_password", "InvalidValue", text);
}

Error ThrottledLogin(std::int64_t retry) {
  return Error::RateLimited("Too many failed sign-in attempts; try again later", static_cast<int>(retry));
}

Error ThrottledMail(std::int64_t retry) {
  return Error::RateLimited("Too many e-mails asked for; try again later", static_cast<int>(retry));
}

// A phone for WhatsApp: digits with the usual punctuation, 8 to 15 digits (E.164's limit).
bool PlausiblePhone(std::string_view p) {
  int digits = 0;
  for (char c : p) {
    if (c >= '0' && c <= '9')
      ++digits;
    else if (c != '+' && c != ' ' && c != '-' && c != '(' && c != ')' && c != '.')
      return false;
  }
  return digits >= 8 && digits <= 15 && p.find('+', 1) == std::string_view::npos;
}

}  // namespace

std::string CsrfTokenFor(Crypto& crypto, std::string_view session_token) {
  return crypto.Sha256Hex("csrf:" + std::string(session_token));
}

AccountService::AccountService(Store& store, Clock& clock, Crypto& crypto, AccountSettings settings,
                               std::function<bool(std::string_view)> is_common)
    : store_(store),
      clock_(clock),
      crypto_(crypto),
      settings_(std::move(settings)),
      is_common_(std::move(is_common)),
      // A hash of a random password nobody knows: an unknown e-mail's login verifies against
      // it, so it costs one argon2 like a known one (computed once, with today's parameters).
      dummy_hash_(crypto_.HashPassword(crypto_.RandomToken())) {
  while (!settings_.public_url.empty() && settings_.public_url.back() == '/') settings_.public_url.pop_back();
}

// ---------------------------------------------------------------- shared steps

namespace {

// The throttles count attempts in the last `window` seconds, the oldest one's second excluded:
// so a client that waits the Retry-After it was given (RetryAfterSeconds: the oldest attempt's
// time + window - now) finds that attempt out of the count.
// The detail of an ask recorded by a request and done after it (DrainPendingMails).
constexpr const char* kPending = "pending";

Instant WindowStart(const ThrottleRule& r, Instant now) { return now - r.window + std::chrono::seconds(1); }

struct Steps {
  Crypto& crypto;
  const AccountSettings& s;

  void Record(WriteTx& tx, std::string_view kind, std::optional<std::int64_t> user_id, std::string_view email,
              const ClientInfo& from, std::string detail, Instant now) const {
    AuthEvent e;
    e.at = now;
    e.user_id = user_id;
    e.kind = std::string(kind);
    e.email = std::string(email);
    e.ip = from.ip;
    e.detail = std::move(detail);
    tx.InsertAuthEvent(e);
  }

  // Seconds until one more account mail may be asked for this address and IP (0: now).
  std::int64_t MailRetryAfter(ReadTx& tx, std::string_view email, std::string_view ip, Instant now) const {
    const auto by_mail = tx.CountAttemptsByEmail(kMailAskedKinds, email, WindowStart(s.mail_per_address, now));
    std::int64_t retry = RetryAfterSeconds(s.mail_per_address, by_mail.count, by_mail.oldest, now);
    if (!ip.empty()) {
      const auto by_ip = tx.CountAttemptsByIp(kMailAskedKinds, ip, WindowStart(s.mail_per_ip, now));
      retry = std::max(retry, RetryAfterSeconds(s.mail_per_ip, by_ip.count, by_ip.oldest, now));
    }
    return retry;
  }

  // Seconds until one more sign-in may be tried for this address and IP (0: now).
  std::int64_t LoginRetryAfter(ReadTx& tx, std::string_view email, std::string_view ip, Instant now) const {
    const auto by_mail = tx.CountAttemptsByEmail(kLoginFailedKinds, email, WindowStart(s.login_per_account, now));
    std::int64_t retry = RetryAfterSeconds(s.login_per_account, by_mail.count, by_mail.oldest, now);
    if (!ip.empty()) {
      const auto by_ip = tx.CountAttemptsByIp(kLoginFailedKinds, ip, WindowStart(s.login_per_ip, now));
      retry = std::max(retry, RetryAfterSeconds(s.login_per_ip, by_ip.count, by_ip.oldest, now));
    }
    return retry;
  }

  OpenedSession NewSession(WriteTx& tx, const User& u, std::string_view via, const ClientInfo& from,
                           Instant now) const {
    OpenedSession o;
    o.token = crypto.RandomToken();
    o.csrf = CsrfTokenFor(crypto, o.token);
    o.session.user_id = u.id;
    o.session.token_sha256 = crypto.Sha256Hex(o.token);
    o.session.via = std::string(via);
    o.session.ip = from.ip;
    o.session.user_agent = Utf8Prefix(from.user_agent, kMaxUserAgentBytes);
    o.session.created_at = o.session.last_seen_at = now;
    tx.InsertSession(o.session);
    o.user = u;
    return o;
  }

  // A one-time link of `purpose` for `u`, mailed as `kind`. The token itself exists only in
  // the mail: the row keeps its SHA-256.
  Result<void> MailLink(WriteTx& tx, const User& u, std::string_view purpose, std::string_view kind,
                        std::string pending_hash, Instant now) const {
    const bool verify = purpose == "verify";
    const std::string token = crypto.RandomToken();
    AccountToken t;
    t.user_id = u.id;
    t.purpose = std::string(purpose);
    t.token_sha256 = crypto.Sha256Hex(token);
    t.pending_password_hash = std::move(pending_hash);
    t.created_at = now;
    t.expires_at = now + (verify ? s.verify_ttl : s.reset_ttl);
    tx.InsertAccountToken(t);
    TemplateValue d;
    // In the fragment: the token never reaches a server log or a Referer (the portal reads it).
    if (verify)
      d.Set("verify_url", s.public_url + "/verify-email#token=" + token);
    else
      d.Set("reset_url", s.public_url + "/reset-password#token=" + token);
    d.Set("expires_in", DelayWords(verify ? s.verify_ttl : s.reset_ttl, LocaleOf(u)));
    return QueueAccountMail(tx, kind, u, d, now);
  }
};

}  // namespace

// ---------------------------------------------------------------- sign-up and verification

Result<void> AccountService::Signup(const SignupInput& in, const ClientInfo& from) {
  if (!settings_.signup_enabled) return Fail(Error::Forbidden("Sign-up is turned off: ask the help desk for access."));
  const std::string locale = in.locale.empty() ? std::string(kDefaultLocale) : in.locale;
  if (!IsSupportedLocale(locale))
    return Fail(Error::Invalid("locale", "InvalidValue", "Locale: must be pt-BR, es or en"));
  const std::string email = NormalizeEmail(in.email);
  if (email.empty()) return Fail(Error::Invalid("email", "InvalidValue", "Email: is not a valid e-mail address"));
  const std::string name = Trim(in.name);
  if (name.empty()) return Fail(Error::Invalid("name", "BlankValue", "Name: cannot be blank"));
  if (name.size() > kMaxNameBytes) return Fail(Error::Invalid("name", "TooLong", "Name: at most 255 characters"));
  if (auto p = CheckPassword(in.password, email, name, is_common_); p != PasswordProblem::kNone)
    return Fail(PasswordError(p, locale));

  const Steps steps{crypto_, settings_};
  const Instant now = clock_.Now();
  std::int64_t retry = 0;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    retry = steps.MailRetryAfter(tx, email, from.ip, now);
    return {};
  });
  if (!r) return Fail(r.error());
  if (retry > 0) {
    auto w = store_.Write([&](WriteTx& tx) -> Result<void> {
      steps.Record(tx, "mail_throttled", std::nullopt, email, from, "signup", now);
      return {};
    });
    if (!w) return Fail(w.error());
    return Fail(ThrottledMail(retry));
  }

  // Hashed whether or not the address is known: the same work, the same answer time.
  const std::string hash = crypto_.HashPassword(in.password);
  return store_.Write([&](WriteTx& tx) -> Result<void> {
    auto user = tx.UserByEmail(email);
    if (!user) {
      User u;
      u.name = name;
      u.email = email;
      u.role = Role::kEndUser;
      u.verified = false;
      u.locale = locale;
      u.created_at = u.updated_at = now;
      tx.InsertUser(u);
      steps.Record(tx, "signup", u.id, email, from, "new address: verification mailed", now);
      return steps.MailLink(tx, u, "verify", kMailAccountVerify, hash, now);
    }
    if (!CanSignIn(*user)) {
      steps.Record(tx, "signup", user->id, email, from, "inactive or suspended account: nothing mailed", now);
      return {};
    }
    const auto existing = tx.PasswordHashOf(user->id);
    if (!existing || existing->empty()) {
      // Someone who wrote to support before: the link proves the address and sets the password.
      steps.Record(tx, "signup", user->id, email, from, "known address without a password: verification mailed", now);
      return steps.MailLink(tx, *user, "verify", kMailAccountVerify, hash, now);
    }
    steps.Record(tx, "signup", user->id, email, from, "account exists: reset link mailed", now);
    return steps.MailLink(tx, *user, "reset", kMailAccountExists, "", now);
  });
}

Result<OpenedSession> AccountService::Verify(std::string_view token, const ClientInfo& from) {
  const Steps steps{crypto_, settings_};
  const Instant now = clock_.Now();
  const std::string sha = crypto_.Sha256Hex(token);
  std::optional<Error> refused;
  OpenedSession out;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    refused.reset();
    auto t = tx.AccountTokenByHash(sha);
    std::string why = TokenProblem(t, "verify", now);
    std::optional<User> u = why.empty() ? tx.UserById(t->user_id) : std::nullopt;
    if (why.empty() && (!u || !CanSignIn(*u))) why = "account inactive";
    if (why.empty() && !tx.UseAccountToken(t->id, now)) why = "link already used";
    if (!why.empty()) {
      steps.Record(tx, "verify", u ? std::optional(u->id) : std::nullopt, u ? u->email : "", from, "refused: " + why,
                   now);
      refused = BadToken(why);
      return {};
    }
    tx.VoidAccountTokens(u->id, "verify", now);  // one address, one confirmation
    const auto current = tx.PasswordHashOf(u->id);
    if ((!current || current->empty()) && !t->pending_password_hash.empty()) {
      tx.SetPasswordHashAndVerify(u->id, t->pending_password_hash);
    } else if (!u->verified) {
      // A password set since this link was mailed (a reset) wins over the sign-up's.
      u->verified = true;
      u->updated_at = now;
      tx.UpdateUser(*u);
    }
    u->verified = true;
    steps.Record(tx, "verify", u->id, u->email, from, "e-mail verified", now);
    out = steps.NewSession(tx, *u, "verify", from, now);
    return {};
  });
  if (!r) return Fail(r.error());
  if (refused) return Fail(*refused);
  return out;
}

Result<void> AccountService::ResendVerification(std::string_view email_raw, const ClientInfo& from) {
  const Steps steps{crypto_, settings_};
  const Instant now = clock_.Now();
  const std::string typed = TypedEmail(email_raw);
  const std::string email = NormalizeEmail(email_raw);
  std::int64_t retry = 0;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    retry = steps.MailRetryAfter(tx, typed, from.ip, now);
    return {};
  });
  if (!r) return Fail(r.error());
  std::optional<Error> throttled;
  auto w = store_.Write([&](WriteTx& tx) -> Result<void> {
    throttled.reset();
    if (retry > 0) {
      steps.Record(tx, "mail_throttled", std::nullopt, typed, from, "verify_resend", now);
      throttled = ThrottledMail(retry);
      return {};
    }
    auto user = email.empty() ? std::nullopt : tx.UserByEmail(email);
    if (!user || !CanSignIn(*user) || user->verified) {
      steps.Record(tx, "verify_resend", user ? std::optional(user->id) : std::nullopt, typed, from,
                   !user ? "unknown address" : "nothing to verify", now);
      return {};
    }
    const auto hash = tx.PasswordHashOf(user->id);
    if (!hash || hash->empty()) {
      // The sign-up's password travelled in the first link only: this one sets a new password
      // (and a reset verifies the address too).
      steps.Record(tx, "verify_resend", user->id, typed, from, "no password yet: reset link mailed", now);
      return steps.MailLink(tx, *user, "reset", kMailAccountReset, "", now);
    }
    steps.Record(tx, "verify_resend", user->id, typed, from, "verification mailed", now);
    return steps.MailLink(tx, *user, "verify", kMailAccountVerify, "", now);
  });
  if (!w) return Fail(w.error());
  if (throttled) return Fail(*throttled);
  return {};
}

// ---------------------------------------------------------------- login and logout

Result<OpenedSession> AccountService::Login(std::string_view email_raw, std::string_view password,
                                            const ClientInfo& from) {
  const Steps steps{crypto_, settings_};
  const Instant now = clock_.Now();
  const std::string typed = TypedEmail(email_raw);
  const std::string email = NormalizeEmail(email_raw);
  std::optional<User> user;
  std::string hash;
  std::int64_t retry = 0;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    retry = steps.LoginRetryAfter(tx, typed, from.ip, now);
    user = email.empty() ? std::nullopt : tx.UserByEmail(email);
    hash.clear();
    if (user)
      if (auto h = tx.PasswordHashOf(user->id)) hash = *h;
    return {};
  });
  if (!r) return Fail(r.error());
  if (retry > 0) {
    auto w = store_.Write([&](WriteTx& tx) -> Result<void> {
      steps.Record(tx, "login_throttled", user ? std::optional(user->id) : std::nullopt, typed, from,
                   "retry after " + std::to_string(retry) + " s", now);
      return {};
    });
    if (!w) return Fail(w.error());
    return Fail(ThrottledLogin(retry));
  }

  // Exactly one argon2 verification whatever the address: an unknown one (or one without a
  // password) is checked against the dummy hash, so the answer takes as long.
  const bool real = !hash.empty() && password.size() <= kMaxPasswordBytes;
  const bool ok = crypto_.VerifyPassword(real ? std::string_view(hash) : std::string_view(dummy_hash_),
                                         password.substr(0, kMaxPasswordBytes)) &&
                  real;
  std::string why;
  if (!user)
    why = "unknown address";
  else if (hash.empty())
    why = "no password set";
  else if (!ok)
    why = "wrong password";
  else if (!user->active)
    why = "inactive account";
  else if (user->suspended)
    why = "suspended account";
  else if (!user->verified)
    why = "e-mail not verified";

  // Parameters changed since this hash was made: store one made with today's (the password
  // is at hand only now).
  const std::string rehash = why.empty() && crypto_.PasswordNeedsRehash(hash) ? crypto_.HashPassword(password) : "";
  OpenedSession out;
  auto w = store_.Write([&](WriteTx& tx) -> Result<void> {
    if (why.empty()) {
      auto fresh = tx.UserById(user->id);
      if (!fresh || !CanSignIn(*fresh))
        why = "inactive account";
      else
        user = std::move(fresh);
    }
    if (!why.empty()) {
      steps.Record(tx, "login_failed", user ? std::optional(user->id) : std::nullopt, typed, from, why, now);
      return {};
    }
    if (!rehash.empty() && tx.PasswordHashOf(user->id) == hash) tx.SetPasswordHash(user->id, rehash);
    steps.Record(tx, "login", user->id, typed, from, rehash.empty() ? "password" : "password (rehashed)", now);
    out = steps.NewSession(tx, *user, "password", from, now);
    return {};
  });
  if (!w) return Fail(w.error());
  if (!why.empty()) return Fail(Error::Unauthenticated());
  return out;
}

Result<void> AccountService::Logout(std::int64_t session_id, const ClientInfo& from) {
  if (session_id <= 0) return {};
  const Steps steps{crypto_, settings_};
  const Instant now = clock_.Now();
  return store_.Write([&](WriteTx& tx) -> Result<void> {
    tx.DeleteSession(session_id);
    steps.Record(tx, "logout", std::nullopt, "", from, "session " + std::to_string(session_id), now);
    return {};
  });
}

Result<std::int64_t> AccountService::LogoutEverywhere(const Caller& c, const ClientInfo& from) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  const Steps steps{crypto_, settings_};
  const Instant now = clock_.Now();
  std::int64_t ended = 0;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    ended = tx.DeleteSessionsOf(c.user_id, std::nullopt);
    auto u = tx.UserById(c.user_id);
    steps.Record(tx, "logout_all", c.user_id, u ? u->email : "", from, std::to_string(ended) + " sessions ended", now);
    return {};
  });
  if (!r) return Fail(r.error());
  return ended;
}

// ---------------------------------------------------------------- passwords

Result<void> AccountService::ForgotPassword(std::string_view email_raw, const ClientInfo& from) {
  const Steps steps{crypto_, settings_};
  const Instant now = clock_.Now();
  const std::string typed = TypedEmail(email_raw);
  std::int64_t retry = 0;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    retry = steps.MailRetryAfter(tx, typed, from.ip, now);
    return {};
  });
  if (!r) return Fail(r.error());
  // The request only records the ask, the same row for a known address or not: looking the
  // address up and mailing the link happen after the answer (DrainPendingMails), so neither
  // the answer nor its time tells whether the address is registered.
  auto w = store_.Write([&](WriteTx& tx) -> Result<void> {
    if (retry > 0)
      steps.Record(tx, "mail_throttled", std::nullopt, typed, from, "password_forgot", now);
    else
      steps.Record(tx, "password_forgot", std::nullopt, typed, from, kPending, now);
    return {};
  });
  if (!w) return Fail(w.error());
  if (retry > 0) return Fail(ThrottledMail(retry));
  if (mail_pending_)
    mail_pending_();
  else
    (void)DrainPendingMails();  // no background pass wired (tests, CLI): do it now
  return {};
}

Result<int> AccountService::DrainPendingMails() {
  const Steps steps{crypto_, settings_};
  std::vector<AuthEvent> pending;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    pending = tx.PendingAuthEvents("password_forgot", 100);
    return {};
  });
  if (!r) return Fail(r.error());
  int mailed = 0;
  for (const AuthEvent& e : pending) {
    const Instant now = clock_.Now();
    bool sent = false;
    auto w = store_.Write([&](WriteTx& tx) -> Result<void> {
      sent = false;
      const std::string email = NormalizeEmail(e.email);
      auto user = email.empty() ? std::nullopt : tx.UserByEmail(email);
      const bool can = user && CanSignIn(*user);
      const char* detail =
          !user ? "unknown address" : (can ? "reset link mailed" : "inactive or suspended account: nothing mailed");
      // Settled once: another node (or an earlier pass) that got there first has mailed it.
      if (!tx.SettlePendingAuthEvent(e.id, detail, user ? std::optional(user->id) : std::nullopt)) return {};
      if (!can) return {};
      sent = true;
      return steps.MailLink(tx, *user, "reset", kMailAccountReset, "", now);
    });
    if (!w) return Fail(w.error());
    if (sent) ++mailed;
  }
  return mailed;
}

Result<OpenedSession> AccountService::ResetPassword(std::string_view token, std::string_view password,
                                                    const ClientInfo& from) {
  const Steps steps{crypto_, settings_};
  const Instant now = clock_.Now();
  const std::string sha = crypto_.Sha256Hex(token);
  std::optional<User> user;
  std::string why;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    auto t = tx.AccountTokenByHash(sha);
    why = TokenProblem(t, "reset", now);
    user = why.empty() ? tx.UserById(t->user_id) : std::nullopt;
    if (why.empty() && (!user || !CanSignIn(*user))) why = "account inactive";
    return {};
  });
  if (!r) return Fail(r.error());

  std::string hash;
  if (why.empty()) {
    // The rule in the person's language, checked before the token is spent.
    if (auto p = CheckPassword(password, user->email, user->name, is_common_); p != PasswordProblem::kNone)
      return Fail(PasswordError(p, LocaleOf(*user)));
    hash = crypto_.HashPassword(password);
  }
  OpenedSession out;
  auto w = store_.Write([&](WriteTx& tx) -> Result<void> {
    if (why.empty()) {
      auto t = tx.AccountTokenByHash(sha);
      why = TokenProblem(t, "reset", now);
      if (why.empty() && !tx.UseAccountToken(t->id, now)) why = "link already used";
    }
    if (!why.empty()) {
      steps.Record(tx, "password_reset", user ? std::optional(user->id) : std::nullopt, user ? user->email : "", from,
                   "refused: " + why, now);
      return {};
    }
    // Every other way in ends: reset and verification links, sessions.
    tx.VoidAccountTokens(user->id, "reset", now);
    tx.VoidAccountTokens(user->id, "verify", now);
    tx.SetPasswordHashAndVerify(user->id, hash);
    const std::int64_t ended = tx.DeleteSessionsOf(user->id, std::nullopt);
    user->verified = true;
    steps.Record(tx, "password_reset", user->id, user->email, from,
                 "password set; " + std::to_string(ended) + " sessions ended", now);
    out = steps.NewSession(tx, *user, "reset", from, now);
    return {};
  });
  if (!w) return Fail(w.error());
  if (!why.empty()) return Fail(BadToken(why));
  return out;
}

Result<void> AccountService::ChangePassword(const Caller& c, std::int64_t session_id, std::string_view current,
                                            std::string_view password, const ClientInfo& from) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  const Steps steps{crypto_, settings_};
  const Instant now = clock_.Now();
  std::optional<User> user;
  std::string hash;
  std::int64_t retry = 0;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    user = tx.UserById(c.user_id);
    if (!user) return Fail(Error::Unauthenticated());
    hash = tx.PasswordHashOf(c.user_id).value_or("");
    // Guessing the current password through a stolen session counts as failed logins.
    retry = steps.LoginRetryAfter(tx, user->email, from.ip, now);
    return {};
  });
  if (!r) return Fail(r.error());
  const std::string_view locale = LocaleOf(*user);
  if (retry > 0) {
    auto w = store_.Write([&](WriteTx& tx) -> Result<void> {
      steps.Record(tx, "login_throttled", user->id, user->email, from, "password change", now);
      return {};
    });
    if (!w) return Fail(w.error());
    return Fail(ThrottledLogin(retry));
  }
  if (auto p = CheckPassword(password, user->email, user->name, is_common_); p != PasswordProblem::kNone)
    return Fail(PasswordError(p, locale));
  const bool real = !hash.empty() && current.size() <= kMaxPasswordBytes;
  const bool ok = crypto_.VerifyPassword(real ? std::string_view(hash) : std::string_view(dummy_hash_),
                                         current.substr(0, kMaxPasswordBytes)) &&
                  real;
  if (!ok) {
    auto w = store_.Write([&](WriteTx& tx) -> Result<void> {
      steps.Record(tx, "login_failed", user->id, user->email, from, "wrong current password (password change)", now);
      return {};
    });
    if (!w) return Fail(w.error());
    return Fail(WrongCurrentPassword(locale));
  }
  const std::string new_hash = crypto_.HashPassword(password);
  return store_.Write([&](WriteTx& tx) -> Result<void> {
    tx.SetPasswordHash(user->id, new_hash);
    tx.VoidAccountTokens(user->id, "reset", now);
    const std::int64_t ended = tx.DeleteSessionsOf(user->id, session_id > 0 ? std::optional(session_id) : std::nullopt);
    steps.Record(tx, "password_changed", user->id, user->email, from, std::to_string(ended) + " other sessions ended",
                 now);
    return {};
  });
}

// ---------------------------------------------------------------- sessions

Result<OpenedSession> AccountService::OpenSession(std::int64_t user_id, std::string_view via, const ClientInfo& from) {
  const Steps steps{crypto_, settings_};
  const Instant now = clock_.Now();
  OpenedSession out;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    auto u = tx.UserById(user_id);
    if (!u || !CanSignIn(*u)) return Fail(Error::Unauthenticated());
    out = steps.NewSession(tx, *u, via, from, now);
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

Result<SessionAuth> AccountService::AuthenticateSession(std::string_view token) {
  // Ours are 43 characters; anything much longer is not worth a hash and a lookup.
  if (token.empty() || token.size() > 256) return Fail(Error::Unauthenticated());
  const Instant now = clock_.Now();
  const std::string sha = crypto_.Sha256Hex(token);
  SessionAuth out;
  bool touch = false;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    auto s = tx.SessionByHash(sha);
    if (!s || JudgeSession(settings_.sessions, s->created_at, s->last_seen_at, now) != SessionState::kValid)
      return Fail(Error::Unauthenticated());
    auto u = tx.UserById(s->user_id);
    if (!u || !CanSignIn(*u)) return Fail(Error::Unauthenticated());
    out = SessionAuth{Caller{u->id, u->role, false}, s->id};
    touch = SessionNeedsTouch(settings_.sessions, s->last_seen_at, now);
    return {};
  });
  if (!r) return Fail(r.error());
  if (touch) {
    // Best effort: a request is not refused because its session's last_seen_at lagged.
    (void)store_.Write([&](WriteTx& tx) -> Result<void> {
      tx.TouchSession(out.session_id, now);
      return {};
    });
  }
  return out;
}

Result<std::vector<Session>> AccountService::Sessions(const Caller& c) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  std::vector<Session> out;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    out = tx.SessionsOf(c.user_id);
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

Result<std::int64_t> AccountService::SweepSessions() {
  const Instant now = clock_.Now();
  std::int64_t n = 0;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    // JudgeSession ends a session at exactly its limit; the store deletes those strictly before.
    n = tx.DeleteExpiredSessions(now - settings_.sessions.idle + std::chrono::seconds(1),
                                 now - settings_.sessions.absolute + std::chrono::seconds(1));
    return {};
  });
  if (!r) return Fail(r.error());
  return n;
}

// ---------------------------------------------------------------- profile

Result<User> AccountService::Profile(const Caller& c) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  std::optional<User> u;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    u = tx.UserById(c.user_id);
    return {};
  });
  if (!r) return Fail(r.error());
  if (!u) return Fail(Error::NotFound());
  return *u;
}

Result<User> AccountService::UpdateProfile(const Caller& c, const ProfileInput& in) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  std::optional<std::string> name, phone;
  if (in.name) {
    name = Trim(*in.name);
    if (name->empty()) return Fail(Error::Invalid("name", "BlankValue", "Name: cannot be blank"));
    if (name->size() > kMaxNameBytes) return Fail(Error::Invalid("name", "TooLong", "Name: at most 255 characters"));
  }
  if (in.locale && !IsSupportedLocale(*in.locale))
    return Fail(Error::Invalid("locale", "InvalidValue", "Locale: must be pt-BR, es or en"));
  if (in.time_zone && !IsValidTimeZone(*in.time_zone))
    return Fail(Error::Invalid(
        "time_zone", "InvalidTimeZone",
        "Time zone: '" + Utf8Prefix(*in.time_zone, 64) + "' is not an IANA time zone name (e.g. America/Sao_Paulo)"));
  if (in.phone) {
    phone = Trim(*in.phone);
    if (!phone->empty() && !PlausiblePhone(*phone))
      return Fail(Error::Invalid("phone", "InvalidValue",
                                 "Phone: 8 to 15 digits, optionally with + and spaces (e.g. +55 11 91234-5678)"));
  }
  const Instant now = clock_.Now();
  User out;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    auto u = tx.UserById(c.user_id);
    if (!u) return Fail(Error::NotFound());
    if (name) u->name = *name;
    if (in.locale) u->locale = *in.locale;
    if (in.time_zone) u->time_zone = *in.time_zone;
    if (phone) u->phone = *phone;
    if (in.notify_email) u->notify_email = *in.notify_email;
    if (in.notify_whatsapp) u->notify_whatsapp = *in.notify_whatsapp;
    u->updated_at = now;
    tx.UpdateUser(*u);
    out = *u;
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

}  // namespace chamado::app
