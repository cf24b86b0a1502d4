#include "app/auth.hpp"

#include <mutex>
#include <unordered_map>

namespace chamado::app {
namespace {

// The token's user, or kUnauthenticated.
Result<Caller> TokenCaller(Store& store, const Credentials& cred, const std::string& hash) {
  Caller caller;
  Result<void> r = store.Read([&](ReadTx& tx) -> Result<void> {
    auto uid = tx.UserIdByTokenHash(hash);  // revoked tokens are not found
    if (!uid) return Fail(Error::Unauthenticated());
    auto user = tx.UserById(*uid);
    if (!user || !user->active || user->suspended) return Fail(Error::Unauthenticated());
    if (cred.kind == Credentials::Kind::kBasicToken && NormalizeEmail(cred.email) != user->email)
      return Fail(Error::Unauthenticated());
    caller = Caller{user->id, user->role, false};
    return {};
  });
  if (!r) return Fail(r.error());
  return caller;
}

// When this process last recorded each token's use: a request costs no write unless the gap
// passed (RecordApiTokenUse keeps it to one write per gap across nodes as well).
class RecentUses {
 public:
  bool Due(const std::string& hash, Instant now, std::chrono::seconds gap) {
    std::lock_guard lk(mu_);
    if (last_.size() > 10000) last_.clear();  // a bound, not a cache policy: worst case one more write each
    auto [it, fresh] = last_.try_emplace(hash, now);
    if (!fresh && now - it->second < gap) return false;
    it->second = now;
    return true;
  }

 private:
  std::mutex mu_;
  std::unordered_map<std::string, Instant> last_;
};

RecentUses& Uses() {
  static RecentUses u;
  return u;
}

}  // namespace

Result<Caller> Authenticate(Store& store, Crypto& crypto, const Credentials& cred) {
  using Kind = Credentials::Kind;
  if (cred.kind == Kind::kNone) return Caller{};
  // API passwords (Zendesk's optional Basic email:password) are refused: browsers sign in
  // through sessions (app/accounts.hpp).
  if (cred.kind == Kind::kBasicPassword || cred.kind == Kind::kSession || cred.secret.empty())
    return Fail(Error::Unauthenticated());
  return TokenCaller(store, cred, crypto.Sha256Hex(cred.secret));
}

Result<SessionAuth> Authenticate(Store& store, Crypto& crypto, Clock& clock, AccountService* accounts,
                                 const Credentials& cred, std::string_view client_ip,
                                 std::chrono::seconds token_use_gap) {
  using Kind = Credentials::Kind;
  if (cred.kind == Kind::kNone) return SessionAuth{};
  if (cred.kind == Kind::kSession) {
    if (!accounts) return Fail(Error::Unauthenticated());
    return accounts->AuthenticateSession(cred.secret);
  }
  if (cred.kind == Kind::kBasicPassword || cred.secret.empty()) return Fail(Error::Unauthenticated());
  const std::string hash = crypto.Sha256Hex(cred.secret);
  auto caller = TokenCaller(store, cred, hash);
  if (!caller) return Fail(caller.error());
  const Instant now = clock.Now();
  if (Uses().Due(hash, now, token_use_gap)) {
    // Best effort: the audit trail lagging is no reason to refuse the request.
    (void)store.Write([&](WriteTx& tx) -> Result<void> {
      tx.RecordApiTokenUse(hash, client_ip, now, token_use_gap);
      return {};
    });
  }
  return SessionAuth{*caller, 0};
}

}  // namespace chamado::app
