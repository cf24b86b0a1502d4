#pragma once
// Accounts and sign-in for people (issue 8; docs/accounts.md): sign-up with e-mail
// verification, login and sessions, password reset, profile. Answers never tell whether an
// e-mail is registered: sign-up and forgot always "accepted", login one 401 for any wrong
// e-mail or password, and an unknown e-mail still costs one argon2 verification.
// Every mail goes through the outbox (app/notifications.hpp QueueAccountMail).
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports.hpp"
#include "domain/access.hpp"
#include "domain/accounts.hpp"

namespace chamado::app {

struct AccountSettings {
  SessionPolicy sessions;                                        // [auth] session_idle_minutes, session_absolute_hours
  std::chrono::seconds verify_ttl{std::chrono::hours(48)};       // [auth] verify_link_hours
  std::chrono::seconds reset_ttl{std::chrono::hours(1)};         // [auth] reset_link_minutes
  ThrottleRule login_per_account{10, std::chrono::minutes(15)};  // failed logins per e-mail
  ThrottleRule login_per_ip{100, std::chrono::minutes(15)};      // failed logins per client address
  ThrottleRule mail_per_address{5, std::chrono::hours(1)};       // sign-up/forgot/resend per e-mail
  ThrottleRule mail_per_ip{50, std::chrono::hours(1)};           // sign-up/forgot/resend per address
  bool signup_enabled = true;                                    // [auth] signup
  std::string public_url;                                        // [server] public_url: links in mails
  std::chrono::seconds token_use_gap{std::chrono::minutes(5)};   // API token last_used_at resolution
};

// Where a request came from (the audit log and the per-IP throttles).
struct ClientInfo {
  std::string ip;
  std::string user_agent;
};

// A session just opened: the cookie value (shown once) and the CSRF token derived from it.
struct OpenedSession {
  std::string token;  // 256 random bits, URL-safe: the cookie value
  std::string csrf;   // CsrfTokenFor(token)
  Session session;
  User user;
};

struct SignupInput {
  std::string name, email, password, locale;
};

struct ProfileInput {
  std::optional<std::string> name, locale, time_zone, phone;
  std::optional<bool> notify_email, notify_whatsapp;
};

// What authenticating a request gave (app/auth.hpp): the caller, and for a session the id and
// whether its CSRF token must be checked (cookie-authenticated writes).
struct SessionAuth {
  Caller caller;
  std::int64_t session_id = 0;
};

// The CSRF token of a session: SHA-256 of "csrf:" + its cookie value. Unguessable without the
// HttpOnly cookie, and needs no storage.
std::string CsrfTokenFor(Crypto& crypto, std::string_view session_token);

class AccountService final {
 public:
  // `is_common` is the common-password list (adapters load it; lower-cased lookups).
  AccountService(Store& store, Clock& clock, Crypto& crypto, AccountSettings settings,
                 std::function<bool(std::string_view)> is_common);

  // Always ok (202) unless the input is invalid (422: e-mail, name, password rule, locale) or
  // throttled (429). New e-mail: a user (end-user, unverified, no password yet) and a verify
  // mail carrying the password's hash as pending. Known e-mail without a password: the same
  // verify mail (the link sets the password). Known e-mail with a password: an "account exists"
  // mail with a reset link. Both paths hash the password and write once.
  Result<void> Signup(const SignupInput& in, const ClientInfo& from);
  // 200 + a new session, or kInvalid (422 on "token") for a bad, used or expired token.
  Result<OpenedSession> Verify(std::string_view token, const ClientInfo& from);
  Result<void> ResendVerification(std::string_view email, const ClientInfo& from);
  // kUnauthenticated for any wrong e-mail/password (and inactive, suspended or unverified
  // accounts), kRateLimited (Retry-After) when throttled.
  Result<OpenedSession> Login(std::string_view email, std::string_view password, const ClientInfo& from);
  Result<void> Logout(std::int64_t session_id, const ClientInfo& from);
  Result<std::int64_t> LogoutEverywhere(const Caller& c, const ClientInfo& from);  // how many ended
  // Records the ask (one row, the same whether the address is known) and returns; the reset
  // mail is prepared by DrainPendingMails, at once through the hook below when one is set,
  // else inline.
  Result<void> ForgotPassword(std::string_view email, const ClientInfo& from);
  // Turns recorded forgot-password asks into reset mails (known, active addresses) or nothing
  // (unknown ones); each ask is settled once across nodes. Returns how many were mailed.
  Result<int> DrainPendingMails();
  // Called after a request recorded an ask (the wiring wakes its background pass). Set once
  // before serving.
  void OnMailPending(std::function<void()> wake) { mail_pending_ = std::move(wake); }
  // Sets the password, marks the e-mail verified, ends every other session, voids other reset
  // links; opens a new session.
  Result<OpenedSession> ResetPassword(std::string_view token, std::string_view password, const ClientInfo& from);
  Result<void> ChangePassword(const Caller& c, std::int64_t session_id, std::string_view current,
                              std::string_view password, const ClientInfo& from);
  // A session for a user another path proved (JWT SSO); `via` names it.
  Result<OpenedSession> OpenSession(std::int64_t user_id, std::string_view via, const ClientInfo& from);

  // The session behind a cookie value: the caller, or kUnauthenticated (unknown, expired,
  // user inactive or suspended). Touches last_seen_at at most once a minute.
  Result<SessionAuth> AuthenticateSession(std::string_view token);

  Result<User> Profile(const Caller& c);
  Result<User> UpdateProfile(const Caller& c, const ProfileInput& in);
  Result<std::vector<Session>> Sessions(const Caller& c);

  // Deletes sessions past their idle or absolute limit (the scheduler calls it now and then).
  Result<std::int64_t> SweepSessions();

  const AccountSettings& settings() const { return settings_; }

 private:
  Store& store_;
  Clock& clock_;
  Crypto& crypto_;
  AccountSettings settings_;
  std::function<bool(std::string_view)> is_common_;
  std::string dummy_hash_;  // verified against for unknown e-mails: same cost either way
  std::function<void()> mail_pending_;
};

}  // namespace chamado::app
