#pragma once
// Rows of the account tables (issue 8; docs/accounts.md): what the store port (app/ports.hpp,
// "accounts") reads and writes. Secrets are never stored: sessions, one-time tokens and API
// tokens are kept as the SHA-256 (hex) of the random value the client holds.
#include <cstdint>
#include <optional>
#include <string>

#include "domain/time.hpp"

namespace chamado::app {

// A browser session (table sessions).
struct Session {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string token_sha256;
  std::string via;  // "password" | "jwt" | "verify" | "reset"
  std::string ip;
  std::string user_agent;  // first 200 bytes
  Instant created_at{};
  Instant last_seen_at{};
};

// A one-time e-mail token (table account_tokens): verification or password reset.
struct AccountToken {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string purpose;  // "verify" | "reset"
  std::string token_sha256;
  // verify: the password chosen at sign-up (argon2id), applied when the link is used, so
  // nobody gets a password on an address they do not own. Empty for reset.
  std::string pending_password_hash;
  Instant created_at{};
  Instant expires_at{};
  std::optional<Instant> used_at;
};

// The audit log of sign-ins and token use (table auth_events). Also what the throttles count:
// failed logins per e-mail and per IP, account mails asked per e-mail and per IP.
struct AuthEvent {
  std::int64_t id = 0;
  Instant at{};
  std::optional<std::int64_t> user_id;   // the person concerned (when known)
  std::optional<std::int64_t> actor_id;  // who did it, when not the person (an admin)
  // signup, verify, login, login_failed, login_throttled, logout, logout_all, password_forgot,
  // password_reset, password_changed, sso_login, sso_rejected, token_created, token_revoked,
  // token_used, user_deactivated, sessions_ended, verify_resend, mail_throttled,
  // privacy_export, privacy_erase
  std::string kind;
  std::string email;   // as typed (lower-cased), for the per-address throttles; "" once erased
  std::string ip;      // "" once erased
  std::string detail;  // words: "wrong password", "token abc123…", "jti reused"
};

// Which auth events ListAuthEvents returns (all set conditions hold), newest first.
struct AuthEventFilter {
  std::optional<std::int64_t> user_id;
  std::string kind;  // "" any
};

// What the throttles count: events of any of `kinds` with e-mail `email` (or IP `ip`) since.
struct AttemptCount {
  std::int64_t count = 0;
  std::optional<Instant> oldest;
};

}  // namespace chamado::app
