#pragma once
// Agents, admins and their credentials (issue 8; docs/accounts.md "Agents and API tokens"):
// API tokens created (shown once), listed (prefix only), revoked; deactivation that ends a
// person's sessions and tokens; the audit log of sign-ins and token use.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/accounts.hpp"
#include "app/ports.hpp"
#include "domain/access.hpp"

namespace chamado::app {

struct CreatedToken {
  ApiToken token;
  std::string value;  // the secret, shown once
};

// A new API token of `owner` inside `tx`: 256 random bits (shown once), stored as their
// SHA-256 with the first characters as the prefix, and a token_created auth event (actor_id
// when someone else made it). No rights checked: callers do (StaffService; the CLI).
CreatedToken IssueApiToken(WriteTx& tx, Crypto& crypto, const User& owner, std::string description, Instant now,
                           std::optional<std::int64_t> actor_id, std::string_view ip);

class StaffService final {
 public:
  StaffService(Store& store, Clock& clock, Crypto& crypto) : store_(store), clock_(clock), crypto_(crypto) {}

  // Staff only. An agent creates, lists and revokes their own tokens; an admin anybody's
  // (user_id: the owner; nullopt: the caller). End users get kForbidden.
  Result<CreatedToken> CreateToken(const Caller& c, std::optional<std::int64_t> user_id, std::string description,
                                   const ClientInfo& from);
  Result<std::vector<ApiToken>> ListTokens(const Caller& c, std::optional<std::int64_t> user_id);
  Result<void> RevokeToken(const Caller& c, std::int64_t token_id, const ClientInfo& from);

  // Admins: the user becomes inactive (Zendesk's DELETE /users/{id}), their sessions end and
  // their tokens are revoked, in one transaction. Not oneself.
  Result<User> DeactivateUser(const Caller& c, std::int64_t user_id, const ClientInfo& from);
  // Admins (any user) or the user themself: ends every session.
  Result<std::int64_t> EndSessions(const Caller& c, std::int64_t user_id, const ClientInfo& from);

  // Admins: the audit log, newest first.
  Result<Page<AuthEvent>> AuthEvents(const Caller& c, const AuthEventFilter& f, const PageRequest& p);

  // Operator commands (CLI): no caller, full rights.
  Result<std::vector<ApiToken>> AdminListTokens(const std::string& email);
  Result<void> AdminRevokeToken(std::int64_t token_id);
  Result<User> AdminDeactivate(const std::string& email);

 private:
  Store& store_;
  Clock& clock_;
  Crypto& crypto_;
};

}  // namespace chamado::app
