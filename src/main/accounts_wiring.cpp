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

}  // namespace chamado
