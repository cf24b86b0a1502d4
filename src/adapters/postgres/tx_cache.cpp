// PgTx's use of the node cache (cache.hpp) and the notifications of the writes that change
// what it holds (docs/postgresql.md, "Several nodes: caches and invalidation").
#include <algorithm>

#include "adapters/postgres/cache.hpp"
#include "adapters/postgres/listener.hpp"
#include "adapters/postgres/tx.hpp"

namespace chamado::postgres {

// ---------------------------------------------------------------- reads

std::optional<User> PgTx::UserById(std::int64_t id) {
  if (!cache_) return CommonTx::UserById(id);
  if (auto u = cache_->FindUser(id)) return u;
  auto u = CommonTx::UserById(id);
  if (u) cache_->PutUser(*u, epoch_);
  return u;
}

std::optional<std::int64_t> PgTx::UserIdByTokenHash(std::string_view sha256_hex) {
  if (!cache_) return CommonTx::UserIdByTokenHash(sha256_hex);
  if (auto id = cache_->FindToken(sha256_hex)) return id;
  auto id = CommonTx::UserIdByTokenHash(sha256_hex);
  if (id) cache_->PutToken(sha256_hex, *id, epoch_);
  return id;
}

std::vector<app::TicketField> PgTx::ListTicketFields() {
  if (!cache_) return CommonTx::ListTicketFields();
  if (auto f = cache_->FindFields()) return f->list;
  return cache_->PutFields(CommonTx::ListTicketFields(), epoch_)->list;
}

// Answered from the whole list (the same rows and options as the query by id): one fill
// serves every field.
std::optional<app::TicketField> PgTx::TicketFieldById(std::int64_t id) {
  if (!cache_) return CommonTx::TicketFieldById(id);
  auto f = cache_->FindFields();
  if (!f) f = cache_->PutFields(CommonTx::ListTicketFields(), epoch_);
  return f->Find(id);
}

// ---------------------------------------------------------------- writes

void PgTx::Changed(std::string key) {
  if (!changed_) return;
  if (std::find(changed_->begin(), changed_->end(), key) != changed_->end()) return;
  Notify(db_, key);
  changed_->push_back(std::move(key));
}

void PgTx::UpdateUser(const User& u) {
  CommonTx::UpdateUser(u);
  Changed(UserKey(u.id));
}

// The password hash is not cached; the key goes anyway, so that nothing derived from the
// user (now or later) outlives a password change.
void PgTx::SetPasswordHash(std::int64_t user_id, std::string_view hash) {
  CommonTx::SetPasswordHash(user_id, hash);
  Changed(UserKey(user_id));
}

// Only tokens that exist are cached, so a new one invalidates nothing today; the key keeps
// that true should a "no such token" answer ever be cached.
void PgTx::InsertToken(app::ApiToken& t, std::string_view sha256_hex) {
  CommonTx::InsertToken(t, sha256_hex);
  Changed(TokenKey(sha256_hex));
}

void PgTx::InsertTicketField(app::TicketField& f) {
  CommonTx::InsertTicketField(f);
  Changed(std::string(kFieldsKey));
}

void PgTx::UpdateTicketField(const app::TicketField& f) {
  CommonTx::UpdateTicketField(f);
  Changed(std::string(kFieldsKey));
}

// ---- accounts: a revoked token leaves every node's cache at COMMIT (the cache holds only
// tokens that authenticate); a password set or an identity erased drops the user.

void PgTx::TokensRevoked() {
  for (auto& h : revoked_token_hashes_) Changed(TokenKey(h));
  revoked_token_hashes_.clear();
}

bool PgTx::RevokeApiToken(std::int64_t id, Instant at) {
  const bool revoked = CommonTx::RevokeApiToken(id, at);
  TokensRevoked();
  return revoked;
}

std::int64_t PgTx::RevokeApiTokensOf(std::int64_t user_id, Instant at) {
  const auto n = CommonTx::RevokeApiTokensOf(user_id, at);
  TokensRevoked();
  return n;
}

void PgTx::SetPasswordHashAndVerify(std::int64_t user_id, std::string_view hash) {
  CommonTx::SetPasswordHashAndVerify(user_id, hash);
  Changed(UserKey(user_id));
}

std::vector<std::string> PgTx::EraseUserIdentity(std::int64_t user_id, std::string_view erased_name, Instant at) {
  auto raws = CommonTx::EraseUserIdentity(user_id, erased_name, at);
  Changed(UserKey(user_id));
  TokensRevoked();
  return raws;
}

}  // namespace chamado::postgres
