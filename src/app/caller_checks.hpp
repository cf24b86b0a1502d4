#pragma once
// The role checks every use case starts with: anonymous callers get 401, signed-in callers
// without the role 403.
#include "domain/access.hpp"
#include "domain/error.hpp"

namespace chamado::app {

inline Result<void> RequireStaff(const Caller& c) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsStaff()) return Fail(Error::Forbidden());
  return {};
}

inline Result<void> RequireAdmin(const Caller& c) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsAdmin()) return Fail(Error::Forbidden());
  return {};
}

}  // namespace chamado::app
