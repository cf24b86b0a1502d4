#pragma once
// Wiring of accounts and sign-in (issue 8; docs/accounts.md), for main.cpp:
//
//   crypto::SodiumCrypto crypto(Argon2ParamsFrom(*settings));      // [auth] argon2_*
//   AccountServices accounts(*settings, *store, *clock, crypto, blobs);
//   api_deps.accounts = accounts.accounts.get(); ... sso, staff, privacy
//   AddSessionSweep(timer_scheduler, *accounts.accounts);          // expired sessions go
#include <memory>

#include "adapters/config/settings.hpp"
#include "adapters/crypto/crypto.hpp"
#include "adapters/scheduler/scheduler.hpp"
#include "app/accounts.hpp"
#include "app/blobs.hpp"
#include "app/privacy.hpp"
#include "app/sso.hpp"
#include "app/staff.hpp"

namespace chamado {

crypto::Argon2Params Argon2ParamsFrom(const config::Settings& s);
app::AccountSettings AccountSettingsFrom(const config::Settings& s);
app::SsoSettings SsoSettingsFrom(const config::Settings& s);

struct AccountServices {
  // `blobs`: where erasure forgets a person's raw suspended messages (may be null).
  AccountServices(const config::Settings& s, app::Store& store, app::Clock& clock, app::Crypto& crypto,
                  app::BlobStore* blobs);
  std::unique_ptr<app::AccountService> accounts;
  std::unique_ptr<app::SsoService> sso;
  std::unique_ptr<app::StaffService> staff;
  std::unique_ptr<app::PrivacyService> privacy;
};

// Sessions past their idle or absolute limit are deleted every few minutes of the clock's time
// (the manual clock's too). A session past its limit is refused anyway when it is used: the
// sweep only keeps the table small.
void AddSessionSweep(scheduler::Scheduler& s, app::AccountService& accounts);

}  // namespace chamado
