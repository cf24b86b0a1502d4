#include "main/accounts_wiring.hpp"

#include "adapters/config/common_passwords.hpp"

namespace chamado {
namespace {

std::string WithoutTrailingSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

crypto::Argon2Params Argon2ParamsFrom(const config::Settings& s) {
  return crypto::Argon2Params{static_cast<std::uint64_t>(s.auth_argon2_opslimit),
                              static_cast<std::size_t>(s.auth_argon2_memlimit_kib),
                              static_cast<unsigned>(s.auth_hash_concurrency)};
}

app::AccountSettings AccountSettingsFrom(const config::Settings& s) {
  app::AccountSettings a;
  a.sessions.idle = std::chrono::minutes(s.auth_session_idle_minutes);
  a.sessions.absolute = std::chrono::hours(s.auth_session_absolute_hours);
  a.verify_ttl = std::chrono::hours(s.auth_verify_link_hours);
  a.reset_ttl = std::chrono::minutes(s.auth_reset_link_minutes);
  const std::chrono::seconds login_window = std::chrono::minutes(s.auth_login_window_minutes);
  a.login_per_account = {s.auth_login_failures_per_account, login_window};
  a.login_per_ip = {s.auth_login_failures_per_ip, login_window};
  a.mail_per_address = {s.auth_mails_per_address_per_hour, std::chrono::hours(1)};
  a.mail_per_ip = {s.auth_mails_per_ip_per_hour, std::chrono::hours(1)};
  a.signup_enabled = s.auth_signup;
  a.public_url = WithoutTrailingSlash(s.public_url);
  return a;
}

app::SsoSettings SsoSettingsFrom(const config::Settings& s) {
  app::SsoSettings o;
  o.jwt_secret = s.sso_jwt_secret;
  o.remote_login_url = s.sso_remote_login_url;
  o.remote_logout_url = s.sso_remote_logout_url;
  o.skew = std::chrono::seconds(s.sso_clock_skew_seconds);
  o.public_url = WithoutTrailingSlash(s.public_url);
  return o;
}

AccountServices::AccountServices(const config::Settings& s, app::Store& store, app::Clock& clock, app::Crypto& crypto,
                                 app::BlobStore* blobs)
    : accounts(std::make_unique<app::AccountService>(store, clock, crypto, AccountSettingsFrom(s),
                                                     config::CommonPasswords())),
      sso(std::make_unique<app::SsoService>(store, clock, crypto, *accounts, SsoSettingsFrom(s))),
      staff(std::make_unique<app::StaffService>(store, clock, crypto)),
      privacy(std::make_unique<app::PrivacyService>(store, clock, blobs)) {}

void AddSessionSweep(scheduler::Scheduler& s, app::AccountService& accounts) {
  s.AddJob("sessions_expired", std::chrono::minutes(5), [&accounts](Instant) -> Result<int> {
    auto n = accounts.SweepSessions();
    if (!n) return Fail(n.error());
    return static_cast<int>(*n);
  });
}

AccountMailPass::AccountMailPass(app::AccountService& accounts, app::Logger& log) : accounts_(accounts), log_(log) {
  accounts_.OnMailPending([this] {
    std::lock_guard lock(mu_);
    woken_ = true;
    cv_.notify_one();
  });
  thread_ = std::thread([this] { Run(); });
}

AccountMailPass::~AccountMailPass() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  thread_.join();
  accounts_.OnMailPending(nullptr);
}

void AccountMailPass::Run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    // Real time here, not the help desk's clock: this is only how often to look.
    cv_.wait_for(lock, std::chrono::seconds(5), [this] { return woken_ || stop_; });
    if (stop_) break;
    // Not at once: the pass's writes would slow the very next request of whoever asked, which
    // would tell them the address is registered. A random delay of 0.2–1.2 s (asks arriving
    // meanwhile share the pass) takes the pass away from their request stream.
    woken_ = false;
    cv_.wait_for(lock, std::chrono::milliseconds(200 + jitter_(rng_)), [this] { return stop_; });
    if (stop_) break;
    woken_ = false;
    lock.unlock();
    auto n = accounts_.DrainPendingMails();
    if (!n) log_.Warn("account_mail", n.error().description);
    lock.lock();
  }
}

}  // namespace chamado
