#pragma once
// CommonTx's account queries (app/ports.hpp, "accounts"), for both stores. Tables sessions,
// account_tokens, auth_events, jwt_ids, and api_tokens (sqlite 0011_accounts.sql, postgres
// 0013_accounts.sql). The store keeps only the SHA-256 of a session, link or API token.
// A revocation notes the hashes it revoked (revoked_token_hashes_): PostgreSQL drops them from
// every node's cache (postgres/tx_cache.cpp).
#include <algorithm>
#include <string>
#include <vector>

#include "adapters/sql/common_tx.hpp"

namespace chamado::sql {
namespace accounts_detail {

inline constexpr const char* kSessionCols = "id, user_id, token_sha256, via, ip, user_agent, created_at, last_seen_at";
template <typename S>
app::Session SessionRow(const S& s) {
  app::Session r;
  r.id = s.Int(0);
  r.user_id = s.Int(1);
  r.token_sha256 = s.Text(2);
  r.via = s.Text(3);
  r.ip = s.Text(4);
  r.user_agent = s.Text(5);
  r.created_at = FromUnix(s.Int(6));
  r.last_seen_at = FromUnix(s.Int(7));
  return r;
}

inline constexpr const char* kAccountTokenCols =
    "id, user_id, purpose, token_sha256, pending_password_hash, created_at, expires_at, used_at";
template <typename S>
app::AccountToken AccountTokenRow(const S& s) {
  app::AccountToken t;
  t.id = s.Int(0);
  t.user_id = s.Int(1);
  t.purpose = s.Text(2);
  t.token_sha256 = s.Text(3);
  t.pending_password_hash = s.Text(4);
  t.created_at = FromUnix(s.Int(5));
  t.expires_at = FromUnix(s.Int(6));
  if (auto u = s.OptInt(7)) t.used_at = FromUnix(*u);
  return t;
}

// Never the hash: a listing shows the prefix only.
inline constexpr const char* kApiTokenCols = "id, user_id, prefix, created_at, description, last_used_at, revoked_at";
template <typename S>
app::ApiToken ApiTokenRow(const S& s) {
  app::ApiToken t;
  t.id = s.Int(0);
  t.user_id = s.Int(1);
  t.prefix = s.Text(2);
  t.created_at = FromUnix(s.Int(3));
  t.description = s.Text(4);
  if (auto u = s.OptInt(5)) t.last_used_at = FromUnix(*u);
  if (auto r = s.OptInt(6)) t.revoked_at = FromUnix(*r);
  return t;
}

inline constexpr const char* kAuthEventCols = "id, at, user_id, actor_id, kind, email, ip, detail";
template <typename S>
app::AuthEvent AuthEventRow(const S& s) {
  app::AuthEvent e;
  e.id = s.Int(0);
  e.at = FromUnix(s.Int(1));
  e.user_id = s.OptInt(2);
  e.actor_id = s.OptInt(3);
  e.kind = s.Text(4);
  e.email = s.Text(5);
  e.ip = s.Text(6);
  e.detail = s.Text(7);
  return e;
}

// The throttles' count: events of any of `kinds` whose `column` (email or ip: a fixed name,
// never user text) is `value`, since `since`. On the (email|ip, kind, at) indexes.
template <typename Db>
app::AttemptCount CountAttempts(Db& db, const char* column, const std::vector<std::string>& kinds,
                                std::string_view value, Instant since) {
  app::AttemptCount out;
  if (kinds.empty()) return out;
  std::vector<Param> ps{std::string(value)};
  for (const auto& k : kinds) ps.emplace_back(k);
  ps.emplace_back(UnixSeconds(since));
  auto& s = db.Prepare(std::string("SELECT count(*), min(at) FROM auth_events WHERE ") + column + " = ? AND kind IN " +
                       detail::InList(kinds.size()) + " AND at >= ?");
  BindAll(s, ps);
  if (s.Step()) {
    out.count = s.Int(0);
    if (auto o = s.OptInt(1)) out.oldest = FromUnix(*o);
  }
  s.Reset();
  return out;
}

// Runs an UPDATE ... RETURNING token_hash and returns the hashes.
template <typename St>
std::vector<std::string> ReturnedHashes(St& s) {
  std::vector<std::string> out;
  while (s.Step()) out.push_back(s.Text(0));
  s.Reset();
  return out;
}

}  // namespace accounts_detail

// ------------------------------------------------------------------ reads

template <typename Db>
std::optional<app::Session> CommonTx<Db>::SessionByHash(std::string_view token_sha256) {
  using namespace accounts_detail;
  auto& s = db_.Prepare(std::string("SELECT ") + kSessionCols + " FROM sessions WHERE token_sha256 = ?");
  s.Bind(1, token_sha256);
  std::optional<app::Session> r;
  if (s.Step()) r = SessionRow(s);
  s.Reset();
  return r;
}

template <typename Db>
std::vector<app::Session> CommonTx<Db>::SessionsOf(std::int64_t user_id) {
  using namespace accounts_detail;
  auto& s = db_.Prepare(std::string("SELECT ") + kSessionCols +
                        " FROM sessions WHERE user_id = ? ORDER BY created_at DESC, id DESC");
  s.Bind(1, user_id);
  std::vector<app::Session> out;
  while (s.Step()) out.push_back(SessionRow(s));
  s.Reset();
  return out;
}

template <typename Db>
std::optional<app::AccountToken> CommonTx<Db>::AccountTokenByHash(std::string_view token_sha256) {
  using namespace accounts_detail;
  auto& s = db_.Prepare(std::string("SELECT ") + kAccountTokenCols + " FROM account_tokens WHERE token_sha256 = ?");
  s.Bind(1, token_sha256);
  std::optional<app::AccountToken> r;
  if (s.Step()) r = AccountTokenRow(s);
  s.Reset();
  return r;
}

template <typename Db>
std::vector<app::ApiToken> CommonTx<Db>::ListApiTokens(std::optional<std::int64_t> user_id) {
  using namespace accounts_detail;
  auto& s = db_.Prepare(std::string("SELECT ") + kApiTokenCols + " FROM api_tokens" +
                        (user_id ? " WHERE user_id = ?" : "") + " ORDER BY id DESC");
  if (user_id) s.Bind(1, *user_id);
  std::vector<app::ApiToken> out;
  while (s.Step()) out.push_back(ApiTokenRow(s));
  s.Reset();
  return out;
}

template <typename Db>
std::optional<app::ApiToken> CommonTx<Db>::ApiTokenById(std::int64_t id) {
  using namespace accounts_detail;
  auto& s = db_.Prepare(std::string("SELECT ") + kApiTokenCols + " FROM api_tokens WHERE id = ?");
  s.Bind(1, id);
  std::optional<app::ApiToken> r;
  if (s.Step()) r = ApiTokenRow(s);
  s.Reset();
  return r;
}

// external_id is not unique in the schema (Zendesk's is not either): the oldest user wins.
template <typename Db>
std::optional<User> CommonTx<Db>::UserByExternalId(std::string_view external_id) {
  auto& s = db_.Prepare(std::string("SELECT ") + kUserCols + " FROM users WHERE external_id = ? ORDER BY id LIMIT 1");
  s.Bind(1, external_id);
  std::optional<User> u;
  if (s.Step()) u = UserRow(s);
  s.Reset();
  return u;
}

template <typename Db>
app::AttemptCount CommonTx<Db>::CountAttemptsByEmail(const std::vector<std::string>& kinds, std::string_view email,
                                                     Instant since) {
  return accounts_detail::CountAttempts(db_, "email", kinds, email, since);
}

template <typename Db>
app::AttemptCount CommonTx<Db>::CountAttemptsByIp(const std::vector<std::string>& kinds, std::string_view ip,
                                                  Instant since) {
  return accounts_detail::CountAttempts(db_, "ip", kinds, ip, since);
}

// Always newest first (the audit log): the request's direction is not asked.
template <typename Db>
app::Page<app::AuthEvent> CommonTx<Db>::ListAuthEvents(const app::AuthEventFilter& f, const app::PageRequest& p) {
  using namespace accounts_detail;
  Conds w;
  if (f.user_id) w.Add("user_id = ?", {*f.user_id});
  if (!f.kind.empty()) w.Add("kind = ?", {f.kind});
  app::PageRequest newest = p;
  newest.descending = true;
  return detail::Paged<app::AuthEvent>(db_, kAuthEventCols, "auth_events", std::move(w), newest,
                                       [](const auto& s) { return AuthEventRow(s); });
}

// The literal 'pending' (not a parameter) lets both stores use the partial index
// auth_events_pending.
template <typename Db>
std::vector<app::AuthEvent> CommonTx<Db>::PendingAuthEvents(std::string_view kind, int limit) {
  using namespace accounts_detail;
  auto& s = db_.Prepare(std::string("SELECT ") + kAuthEventCols +
                        " FROM auth_events WHERE kind = ? AND detail = 'pending' ORDER BY id LIMIT ?");
  s.Bind(1, kind).Bind(2, static_cast<std::int64_t>(limit));
  std::vector<app::AuthEvent> out;
  while (s.Step()) out.push_back(AuthEventRow(s));
  s.Reset();
  return out;
}

template <typename Db>
std::vector<std::int64_t> CommonTx<Db>::TicketIdsTouchedBy(std::int64_t user_id) {
  auto& s = db_.Prepare(
      "SELECT id FROM tickets WHERE requester_id = ? UNION SELECT ticket_id FROM ticket_ccs WHERE user_id = ? "
      "UNION SELECT ticket_id FROM comments WHERE author_id = ? ORDER BY 1");
  s.Bind(1, user_id).Bind(2, user_id).Bind(3, user_id);
  std::vector<std::int64_t> out;
  while (s.Step()) out.push_back(s.Int(0));
  s.Reset();
  return out;
}

// ------------------------------------------------------------------ sessions

template <typename Db>
void CommonTx<Db>::InsertSession(app::Session& r) {
  auto& s = db_.Prepare(
      "INSERT INTO sessions (user_id, token_sha256, via, ip, user_agent, created_at, last_seen_at) "
      "VALUES (?,?,?,?,?,?,?) RETURNING id");
  s.Bind(1, r.user_id).Bind(2, r.token_sha256).Bind(3, r.via).Bind(4, r.ip).Bind(5, r.user_agent);
  s.Bind(6, UnixSeconds(r.created_at)).Bind(7, UnixSeconds(r.last_seen_at));
  r.id = detail::ReturnedId(s);
}

// Never moves back (two requests of one session finishing out of order).
template <typename Db>
void CommonTx<Db>::TouchSession(std::int64_t id, Instant at) {
  auto& s = db_.Prepare("UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?");
  s.Bind(1, UnixSeconds(at)).Bind(2, id).Bind(3, UnixSeconds(at));
  s.Run();
}

template <typename Db>
void CommonTx<Db>::DeleteSession(std::int64_t id) {
  auto& s = db_.Prepare("DELETE FROM sessions WHERE id = ?");
  s.Bind(1, id);
  s.Run();
}

template <typename Db>
std::int64_t CommonTx<Db>::DeleteSessionsOf(std::int64_t user_id, std::optional<std::int64_t> keep) {
  auto& s = db_.Prepare("DELETE FROM sessions WHERE user_id = ? AND id <> ?");
  s.Bind(1, user_id).Bind(2, keep.value_or(0));  // ids start at 1: 0 keeps none
  s.Run();
  return db_.Changes();
}

template <typename Db>
std::int64_t CommonTx<Db>::DeleteExpiredSessions(Instant idle_before, Instant created_before) {
  auto& s = db_.Prepare("DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?");
  s.Bind(1, UnixSeconds(idle_before)).Bind(2, UnixSeconds(created_before));
  s.Run();
  return db_.Changes();
}

// ------------------------------------------------------------------ one-time e-mail tokens

template <typename Db>
void CommonTx<Db>::InsertAccountToken(app::AccountToken& t) {
  auto& s = db_.Prepare(
      "INSERT INTO account_tokens (user_id, purpose, token_sha256, pending_password_hash, created_at, expires_at, "
      "used_at) VALUES (?,?,?,?,?,?,?) RETURNING id");
  std::optional<std::int64_t> used;
  if (t.used_at) used = UnixSeconds(*t.used_at);
  s.Bind(1, t.user_id).Bind(2, t.purpose).Bind(3, t.token_sha256).Bind(4, t.pending_password_hash);
  s.Bind(5, UnixSeconds(t.created_at)).Bind(6, UnixSeconds(t.expires_at)).Bind(7, used);
  t.id = detail::ReturnedId(s);
}

// "used_at IS NULL": of two concurrent uses of one link, the second changes nothing.
template <typename Db>
bool CommonTx<Db>::UseAccountToken(std::int64_t id, Instant at) {
  auto& s = db_.Prepare("UPDATE account_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL");
  s.Bind(1, UnixSeconds(at)).Bind(2, id);
  s.Run();
  return db_.Changes() > 0;
}

template <typename Db>
void CommonTx<Db>::VoidAccountTokens(std::int64_t user_id, std::string_view purpose, Instant at) {
  auto& s = db_.Prepare("UPDATE account_tokens SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL");
  s.Bind(1, UnixSeconds(at)).Bind(2, user_id).Bind(3, purpose);
  s.Run();
}

// ------------------------------------------------------------------ audit log, API tokens, JWT ids

template <typename Db>
void CommonTx<Db>::InsertAuthEvent(app::AuthEvent& e) {
  auto& s = db_.Prepare(
      "INSERT INTO auth_events (at, user_id, actor_id, kind, email, ip, detail) VALUES (?,?,?,?,?,?,?) RETURNING id");
  s.Bind(1, UnixSeconds(e.at)).Bind(2, e.user_id).Bind(3, e.actor_id).Bind(4, e.kind).Bind(5, e.email);
  s.Bind(6, e.ip).Bind(7, e.detail);
  e.id = detail::ReturnedId(s);
}

template <typename Db>
bool CommonTx<Db>::SettlePendingAuthEvent(std::int64_t id, std::string_view detail,
                                          std::optional<std::int64_t> user_id) {
  auto& s = db_.Prepare("UPDATE auth_events SET detail = ?, user_id = ? WHERE id = ? AND detail = 'pending'");
  s.Bind(1, detail).Bind(2, user_id).Bind(3, id);
  s.Run();
  return db_.Changes() > 0;
}

template <typename Db>
bool CommonTx<Db>::RevokeApiToken(std::int64_t id, Instant at) {
  auto& s =
      db_.Prepare("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING token_hash");
  s.Bind(1, UnixSeconds(at)).Bind(2, id);
  auto hashes = accounts_detail::ReturnedHashes(s);
  revoked_token_hashes_.insert(revoked_token_hashes_.end(), hashes.begin(), hashes.end());
  return !hashes.empty();
}

template <typename Db>
std::int64_t CommonTx<Db>::RevokeApiTokensOf(std::int64_t user_id, Instant at) {
  auto& s =
      db_.Prepare("UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL RETURNING token_hash");
  s.Bind(1, UnixSeconds(at)).Bind(2, user_id);
  auto hashes = accounts_detail::ReturnedHashes(s);
  revoked_token_hashes_.insert(revoked_token_hashes_.end(), hashes.begin(), hashes.end());
  return static_cast<std::int64_t>(hashes.size());
}

// One conditional UPDATE: of two requests racing past the gap only one writes (the other's
// WHERE no longer holds once the first has), and a revoked token is never recorded.
template <typename Db>
void CommonTx<Db>::RecordApiTokenUse(std::string_view token_sha256, std::string_view ip, Instant at,
                                     std::chrono::seconds min_gap) {
  auto& s = db_.Prepare(
      "UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ? AND revoked_at IS NULL AND "
      "(last_used_at IS NULL OR last_used_at <= ?) RETURNING user_id, prefix");
  s.Bind(1, UnixSeconds(at)).Bind(2, token_sha256).Bind(3, UnixSeconds(at) - min_gap.count());
  std::optional<std::int64_t> user_id;
  std::string prefix;
  if (s.Step()) {
    user_id = s.Int(0);
    prefix = s.Text(1);
  }
  s.Reset();
  if (!user_id) return;
  std::string email;
  auto& u = db_.Prepare("SELECT email FROM users WHERE id = ?");
  u.Bind(1, *user_id);
  if (u.Step()) email = u.Text(0);
  u.Reset();
  app::AuthEvent e{.at = at, .user_id = user_id, .kind = "token_used", .email = email, .ip = std::string(ip)};
  e.detail = "token " + prefix + "…";
  InsertAuthEvent(e);
}

// ON CONFLICT DO NOTHING: a jti seen (or being inserted by a concurrent transaction, which it
// waits for) changes no row.
template <typename Db>
bool CommonTx<Db>::RememberJwtId(std::string_view jti, Instant at, Instant forget_before) {
  auto& d = db_.Prepare("DELETE FROM jwt_ids WHERE at < ?");
  d.Bind(1, UnixSeconds(forget_before));
  d.Run();
  auto& s = db_.Prepare("INSERT INTO jwt_ids (jti, at) VALUES (?, ?) ON CONFLICT (jti) DO NOTHING");
  s.Bind(1, jti).Bind(2, UnixSeconds(at));
  s.Run();
  return db_.Changes() > 0;
}

template <typename Db>
void CommonTx<Db>::SetPasswordHashAndVerify(std::int64_t user_id, std::string_view hash) {
  auto& s = db_.Prepare("UPDATE users SET password_hash = ?, verified = 1 WHERE id = ?");
  s.Bind(1, hash).Bind(2, user_id);
  s.Run();
  // The primary e-mail is the address the link went to: it is verified too.
  auto& i = db_.Prepare(
      "UPDATE user_identities SET verified = 1 WHERE user_id = ? AND type = 'email' AND value = "
      "(SELECT email FROM users WHERE id = ?)");
  i.Bind(1, user_id).Bind(2, user_id);
  i.Run();
}

// ------------------------------------------------------------------ privacy (LGPD erase)

// Search follows by itself: its index (0002_search.sql of each store) holds subjects and
// comment texts only, and requester:/cc: terms find people through the users row rewritten
// here, so the old name or address finds nothing any more.
template <typename Db>
std::vector<std::string> CommonTx<Db>::EraseUserIdentity(std::int64_t user_id, std::string_view erased_name,
                                                         Instant at) {
  const auto old = UserById(user_id);
  if (!old) return {};
  const std::string old_email = old->email;
  const std::string erased_email = "erased-" + std::to_string(user_id) + "@invalid";
  const auto run = [&](const char* sql, std::vector<Param> ps) {
    auto& s = db_.Prepare(sql);
    BindAll(s, ps);
    s.Run();
  };
  run("UPDATE users SET name = ?, email = ?, phone = '', notes = '', external_id = NULL, tags = '[]', "
      "password_hash = NULL, active = 0, updated_at = ? WHERE id = ?",
      {std::string(erased_name), erased_email, UnixSeconds(at), user_id});
  run("DELETE FROM user_identities WHERE user_id = ?", {user_id});
  run("DELETE FROM sessions WHERE user_id = ?", {user_id});
  run("DELETE FROM account_tokens WHERE user_id = ?", {user_id});
  RevokeApiTokensOf(user_id, at);
  // Events naming them: theirs, and those of the address typed before it was theirs.
  run("UPDATE auth_events SET email = '', ip = '' WHERE user_id = ? OR email = ?", {user_id, old_email});
  run("UPDATE mail_outbox SET to_address = ?, to_name = ?, text_body = '', html_body = '' "
      "WHERE recipient_user_id = ? OR to_address = ?",
      {erased_email, std::string(erased_name), user_id, old_email});
  run("UPDATE mail_messages SET from_address = ? WHERE direction = 'in' AND from_address = ?",
      {erased_email, old_email});
  // Their held mail goes with its raw message; the caller forgets the blobs no row names now.
  std::vector<std::string> raws;
  {
    auto& s = db_.Prepare("DELETE FROM suspended_tickets WHERE author_email = ? RETURNING raw_sha256");
    s.Bind(1, old_email);
    while (s.Step()) raws.push_back(s.Text(0));
    s.Reset();
  }
  std::sort(raws.begin(), raws.end());
  raws.erase(std::unique(raws.begin(), raws.end()), raws.end());
  std::erase_if(raws, [&](const std::string& sha) {
    auto& s = db_.Prepare("SELECT count(*) FROM suspended_tickets WHERE raw_sha256 = ?");
    s.Bind(1, sha);
    const bool still = s.Step() && s.Int(0) > 0;
    s.Reset();
    return still;
  });
  return raws;
}

}  // namespace chamado::sql
