#pragma once
// Wiring of accounts and sign-in (issue 8; docs/accounts.md), for main.cpp:
//
//   crypto::SodiumCrypto crypto(Argon2ParamsFrom(*settings));      // [auth] argon2_*
//   AccountServices accounts(*settings, *store, *clock, crypto, blobs);
//   api_deps.accounts = accounts.accounts.get(); ... sso, staff, privacy
//   AddSessionSweep(timer_scheduler, *accounts.accounts);          // expired sessions go
#include <condition_variable>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

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

// The background pass that turns recorded forgot-password asks into reset mails
// (AccountService::DrainPendingMails): woken by each ask, and every few seconds anyway for asks
// another node recorded or a crash left. Stops (joins) on destruction.
class AccountMailPass {
 public:
  AccountMailPass(app::AccountService& accounts, app::Logger& log);
  ~AccountMailPass();
  AccountMailPass(const AccountMailPass&) = delete;
  AccountMailPass& operator=(const AccountMailPass&) = delete;

 private:
  void Run();
  app::AccountService& accounts_;
  app::Logger& log_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool woken_ = false;
  bool stop_ = false;
  std::minstd_rand rng_{std::random_device{}()};
  std::uniform_int_distribution<int> jitter_{0, 999};
  std::thread thread_;
};

}  // namespace chamado
