#include "app/staff.hpp"

#include <utility>

#include "app/caller_checks.hpp"

namespace chamado::app {
namespace {

std::optional<std::int64_t> ActorOf(std::optional<std::int64_t> actor, std::int64_t user_id) {
  if (actor && *actor == user_id) return std::nullopt;  // the person themself
  return actor;
}

void Record(WriteTx& tx, std::string kind, const User& u, std::optional<std::int64_t> actor, std::string_view ip,
            Instant now, std::string detail) {
  AuthEvent e;
  e.at = now;
  e.user_id = u.id;
  e.actor_id = ActorOf(actor, u.id);
  e.kind = std::move(kind);
  e.email = u.email;
  e.ip = std::string(ip);
  e.detail = std::move(detail);
  tx.InsertAuthEvent(e);
}

std::string TokenWords(const ApiToken& t) {
  std::string s = "token " + t.prefix + "…";
  if (!t.description.empty()) s += " (" + t.description + ")";
  return s;
}

Error NoSuchEmail(const std::string& email) {
  return Error::Invalid("email", "NotFound", "No user with e-mail " + email);
}

// Revokes one token (idempotent: an already revoked one stays as it was, without an event).
Result<void> Revoke(WriteTx& tx, const ApiToken& t, std::optional<std::int64_t> actor, std::string_view ip,
                    Instant now) {
  if (!tx.RevokeApiToken(t.id, now)) return {};
  auto owner = tx.UserById(t.user_id);
  if (!owner) return {};
  Record(tx, "token_revoked", *owner, actor, ip, now, TokenWords(t));
  return {};
}

// The user stops being able to sign in: inactive, every session ended, every token revoked.
User Deactivate(WriteTx& tx, User u, std::optional<std::int64_t> actor, std::string_view ip, Instant now) {
  u.active = false;
  u.updated_at = now;
  tx.UpdateUser(u);
  const auto sessions = tx.DeleteSessionsOf(u.id, std::nullopt);
  const auto tokens = tx.RevokeApiTokensOf(u.id, now);
  Record(tx, "user_deactivated", u, actor, ip, now,
         std::to_string(sessions) + " sessions ended, " + std::to_string(tokens) + " tokens revoked");
  return u;
}

}  // namespace

CreatedToken IssueApiToken(WriteTx& tx, Crypto& crypto, const User& owner, std::string description, Instant now,
                           std::optional<std::int64_t> actor_id, std::string_view ip) {
  CreatedToken out;
  out.value = crypto.RandomToken();
  out.token.user_id = owner.id;
  out.token.prefix = out.value.substr(0, 6);
  out.token.description = std::move(description);
  out.token.created_at = now;
  tx.InsertToken(out.token, crypto.Sha256Hex(out.value));
  Record(tx, "token_created", owner, actor_id, ip, now, TokenWords(out.token));
  return out;
}

Result<CreatedToken> StaffService::CreateToken(const Caller& c, std::optional<std::int64_t> user_id,
                                               std::string description, const ClientInfo& from) {
  if (auto ok = RequireStaff(c); !ok) return Fail(ok.error());
  const std::int64_t owner_id = user_id.value_or(c.user_id);
  if (owner_id != c.user_id && !c.IsAdmin()) return Fail(Error::Forbidden("Agents manage only their own API tokens"));
  if (description.size() > 255)
    return Fail(Error::Invalid("description", "InvalidValue", "Description: at most 255 characters"));
  const Instant now = clock_.Now();
  CreatedToken out;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    auto owner = tx.UserById(owner_id);
    if (!owner) return Fail(Error::NotFound());
    if (!IsStaff(owner->role))
      return Fail(Error::Invalid("user_id", "InvalidValue", "API tokens are for agents and admins"));
    if (!owner->active)
      return Fail(Error::Invalid("user_id", "InvalidValue", "The user is inactive: their tokens would not work"));
    out = IssueApiToken(tx, crypto_, *owner, description, now, c.user_id, from.ip);
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

Result<std::vector<ApiToken>> StaffService::ListTokens(const Caller& c, std::optional<std::int64_t> user_id) {
  if (auto ok = RequireStaff(c); !ok) return Fail(ok.error());
  const std::int64_t owner_id = user_id.value_or(c.user_id);
  if (owner_id != c.user_id && !c.IsAdmin()) return Fail(Error::Forbidden("Agents see only their own API tokens"));
  std::vector<ApiToken> out;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    if (!tx.UserById(owner_id)) return Fail(Error::NotFound());
    out = tx.ListApiTokens(owner_id);
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

Result<void> StaffService::RevokeToken(const Caller& c, std::int64_t token_id, const ClientInfo& from) {
  if (auto ok = RequireStaff(c); !ok) return Fail(ok.error());
  const Instant now = clock_.Now();
  return store_.Write([&](WriteTx& tx) -> Result<void> {
    auto t = tx.ApiTokenById(token_id);
    // Somebody else's token, to an agent, is as unknown as a token that does not exist.
    if (!t || (t->user_id != c.user_id && !c.IsAdmin())) return Fail(Error::NotFound());
    return Revoke(tx, *t, c.user_id, from.ip, now);
  });
}

Result<User> StaffService::DeactivateUser(const Caller& c, std::int64_t user_id, const ClientInfo& from) {
  if (auto ok = RequireAdmin(c); !ok) return Fail(ok.error());
  if (user_id == c.user_id) return Fail(Error::Invalid("user_id", "InvalidValue", "You cannot deactivate yourself"));
  const Instant now = clock_.Now();
  User out;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    auto u = tx.UserById(user_id);
    if (!u) return Fail(Error::NotFound());
    out = Deactivate(tx, *u, c.user_id, from.ip, now);
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

Result<std::int64_t> StaffService::EndSessions(const Caller& c, std::int64_t user_id, const ClientInfo& from) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsAdmin() && c.user_id != user_id) return Fail(Error::Forbidden());
  const Instant now = clock_.Now();
  std::int64_t ended = 0;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    auto u = tx.UserById(user_id);
    if (!u) return Fail(Error::NotFound());
    ended = tx.DeleteSessionsOf(user_id, std::nullopt);
    Record(tx, "sessions_ended", *u, c.user_id, from.ip, now, std::to_string(ended) + " sessions ended");
    return {};
  });
  if (!r) return Fail(r.error());
  return ended;
}

Result<Page<AuthEvent>> StaffService::AuthEvents(const Caller& c, const AuthEventFilter& f, const PageRequest& p) {
  if (auto ok = RequireAdmin(c); !ok) return Fail(ok.error());
  Page<AuthEvent> page;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    page = tx.ListAuthEvents(f, p);
    return {};
  });
  if (!r) return Fail(r.error());
  return page;
}

Result<std::vector<ApiToken>> StaffService::AdminListTokens(const std::string& email) {
  std::vector<ApiToken> out;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    auto u = tx.UserByEmail(NormalizeEmail(email));
    if (!u) return Fail(NoSuchEmail(email));
    out = tx.ListApiTokens(u->id);
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

Result<void> StaffService::AdminRevokeToken(std::int64_t token_id) {
  const Instant now = clock_.Now();
  return store_.Write([&](WriteTx& tx) -> Result<void> {
    auto t = tx.ApiTokenById(token_id);
    if (!t) return Fail(Error::NotFound());
    return Revoke(tx, *t, std::nullopt, "", now);
  });
}

Result<User> StaffService::AdminDeactivate(const std::string& email) {
  const Instant now = clock_.Now();
  User out;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    auto u = tx.UserByEmail(NormalizeEmail(email));
    if (!u) return Fail(NoSuchEmail(email));
    out = Deactivate(tx, *u, std::nullopt, "", now);
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

}  // namespace chamado::app
