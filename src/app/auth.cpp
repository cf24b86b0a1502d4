#include "app/auth.hpp"

namespace chamado::app {

Result<Caller> Authenticate(Store& store, Crypto& crypto, const Credentials& cred) {
  using Kind = Credentials::Kind;
  if (cred.kind == Kind::kNone) return Caller{};
  // Limit: API passwords (Zendesk's optional Basic email:password) are refused; the
  // browser sign-in of the accounts issue uses sessions instead.
  if (cred.kind == Kind::kBasicPassword || cred.secret.empty()) return Fail(Error::Unauthenticated());
  const std::string hash = crypto.Sha256Hex(cred.secret);
  Caller caller;
  Result<void> r = store.Read([&](ReadTx& tx) -> Result<void> {
    auto uid = tx.UserIdByTokenHash(hash);
    if (!uid) return Fail(Error::Unauthenticated());
    auto user = tx.UserById(*uid);
    if (!user || !user->active || user->suspended) return Fail(Error::Unauthenticated());
    if (cred.kind == Kind::kBasicToken && NormalizeEmail(cred.email) != user->email)
      return Fail(Error::Unauthenticated());
    caller = Caller{user->id, user->role, false};
    return {};
  });
  if (!r) return Fail(r.error());
  return caller;
}

}  // namespace chamado::app
