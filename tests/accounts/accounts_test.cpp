// AccountService over the real SQLite store (a fresh temporary directory per test), real
// argon2id (libsodium, small parameters) counted by a wrapper, the shipped mail templates and
// a manual clock. What a person signing up, in or out would notice, and what an attacker
// probing e-mails would (not) learn.
#include "app/accounts.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "adapters/clock/clock.hpp"
#include "adapters/crypto/crypto.hpp"
#include "adapters/mail/templates.hpp"
#include "adapters/sqlite/store.hpp"
#include "app/auth.hpp"
#include "app/notifications.hpp"
#include "app/outbox.hpp"

namespace chamado {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// SodiumCrypto with every argon2 call counted.
class CountingCrypto final : public app::Crypto {
 public:
  std::atomic<int> hashes{0}, verifies{0};
  std::string RandomToken() override { return real_.RandomToken(); }
  std::string Sha256Hex(std::string_view d) override { return real_.Sha256Hex(d); }
  std::string HmacSha256Hex(std::string_view k, std::string_view d) override { return real_.HmacSha256Hex(k, d); }
  bool ConstantTimeEqual(std::string_view a, std::string_view b) override { return real_.ConstantTimeEqual(a, b); }
  std::string HashPassword(std::string_view p) override {
    ++hashes;
    return real_.HashPassword(p);
  }
  bool VerifyPassword(std::string_view h, std::string_view p) override {
    ++verifies;
    return real_.VerifyPassword(h, p);
  }
  bool PasswordNeedsRehash(std::string_view h) override { return real_.PasswordNeedsRehash(h); }

 private:
  crypto::SodiumCrypto real_{crypto::Argon2Params{1, 8 * 1024, 0}};  // cheap: behaviour, not cost
};

// Takes every message and keeps it (the account mails' links).
class KeepingTransport final : public app::MailTransport {
 public:
  Result<void> Send(const OutboundEmail&) override { return {}; }
  std::string Describe() const override { return "memory"; }
};

const Instant kStart = FromUnix(1'760'000'000);
const app::ClientInfo kFrom{"203.0.113.7", "Mozilla/5.0 (test)"};
constexpr std::string_view kPassword = "tomate-azul-17";

class Accounts : public ::testing::Test {
 protected:
  void SetUp() override {
    static int n = 0;
    dir_ = fs::temp_directory_path() / ("chamado-accounts-" + std::to_string(::getpid()) + "-" + std::to_string(++n));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = std::make_unique<sqlite::SqliteStore>(dir_ / "chamado.db", true);
    clock_.Set(kStart);
    app::NotificationSettings ns;
    ns.enabled = true;
    ns.from_address = "help@acme.test";
    ns.public_url = "https://help.acme.test";
    app::ConfigureNotifications(ns, &renderer_, &crypto_);
    Start(app::AccountSettings{});
  }
  void TearDown() override {
    svc_.reset();
    store_.reset();
    app::ConfigureNotifications({}, nullptr, nullptr);
    fs::remove_all(dir_);
  }

  void Start(app::AccountSettings s) {
    s.public_url = "https://help.acme.test";
    svc_.reset();
    svc_ = std::make_unique<app::AccountService>(
        *store_, clock_, crypto_, s, [](std::string_view p) { return p == "password123" || p == "senha12345"; });
  }

  std::vector<OutboundEmail> Mails() {
    std::vector<OutboundEmail> out;
    EXPECT_TRUE(store_->Read([&](app::ReadTx& tx) -> Result<void> {
      out = tx.ListOutbox({}, app::PageRequest{.limit = 100}).items;
      return {};
    }));
    return out;
  }

  // The one-time token in a mail's link (".../verify-email#token=<token>").
  static std::string TokenIn(const OutboundEmail& m) {
    const auto at = m.text_body.find("#token=");
    if (at == std::string::npos) return {};
    const auto start = at + 7;
    return m.text_body.substr(start, m.text_body.find_first_of(" \r\n", start) - start);
  }

  std::optional<User> UserByEmail(const std::string& email) {
    std::optional<User> u;
    EXPECT_TRUE(store_->Read([&](app::ReadTx& tx) -> Result<void> {
      u = tx.UserByEmail(email);
      return {};
    }));
    return u;
  }

  // Sign-up and the verification link: a customer who can log in.
  app::OpenedSession Registered(const std::string& email) {
    EXPECT_TRUE(svc_->Signup({"Ana Souza", email, std::string(kPassword), "pt-BR"}, kFrom));
    auto mails = Mails();
    EXPECT_FALSE(mails.empty());
    auto s = svc_->Verify(TokenIn(mails.back()), kFrom);
    EXPECT_TRUE(s) << (s ? "" : s.error().description);
    return s ? *s : app::OpenedSession{};
  }

  fs::path dir_;
  std::unique_ptr<sqlite::SqliteStore> store_;
  clock::MemoryManualClock clock_;
  CountingCrypto crypto_;
  mail::TemplateRenderer renderer_{mail::MailBranding{}, ""};
  std::unique_ptr<app::AccountService> svc_;
};

TEST_F(Accounts, AnUnknownEmailStillCostsExactlyOneArgon2Verification) {
  Registered("ana@cliente.com.br");
  const int hashes = crypto_.hashes, verifies = crypto_.verifies;

  auto unknown = svc_->Login("nobody@cliente.com.br", kPassword, kFrom);
  EXPECT_EQ(crypto_.verifies - verifies, 1);
  EXPECT_EQ(crypto_.hashes - hashes, 0);

  auto wrong = svc_->Login("ana@cliente.com.br", "not-the-password", kFrom);
  EXPECT_EQ(crypto_.verifies - verifies, 2);
  EXPECT_EQ(crypto_.hashes - hashes, 0);

  // The same answer either way.
  ASSERT_FALSE(unknown);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(unknown.error().description, "Couldn't authenticate you");
  EXPECT_EQ(wrong.error().code, unknown.error().code);
  EXPECT_EQ(wrong.error().description, unknown.error().description);

  // A malformed address and an account without a password cost the same verification.
  EXPECT_FALSE(svc_->Login("not an e-mail", kPassword, kFrom));
  EXPECT_EQ(crypto_.verifies - verifies, 3);
}

TEST_F(Accounts, SignUpVerifyThenLogIn) {
  ASSERT_TRUE(svc_->Signup({"Ana Souza", "Ana@Cliente.com.br", std::string(kPassword), "es"}, kFrom));
  auto mails = Mails();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].kind, "account_verify");
  EXPECT_EQ(mails[0].to_address, "ana@cliente.com.br");
  EXPECT_FALSE(mails[0].ticket_id);
  EXPECT_TRUE(mails[0].auto_submitted);
  EXPECT_EQ(mails[0].subject, "Confirma tu correo electrónico");  // the locale chosen at sign-up
  EXPECT_NE(mails[0].text_body.find("https://help.acme.test/verify-email#token="), std::string::npos);

  // Not verified yet: no login, with the right password.
  auto early = svc_->Login("ana@cliente.com.br", kPassword, kFrom);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kUnauthenticated);

  auto verified = svc_->Verify(TokenIn(mails[0]), kFrom);
  ASSERT_TRUE(verified) << verified.error().description;
  EXPECT_TRUE(verified->user.verified);
  EXPECT_EQ(verified->session.via, "verify");
  EXPECT_EQ(verified->csrf, app::CsrfTokenFor(crypto_, verified->token));

  auto again = svc_->Verify(TokenIn(mails[0]), kFrom);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(again.error().fields.at(0).field, "token");

  auto login = svc_->Login(" ANA@cliente.com.br ", kPassword, kFrom);
  ASSERT_TRUE(login) << login.error().description;
  EXPECT_EQ(login->user.email, "ana@cliente.com.br");
  EXPECT_EQ(login->session.ip, "203.0.113.7");
  EXPECT_NE(login->token, verified->token);
  auto who = svc_->AuthenticateSession(login->token);
  ASSERT_TRUE(who);
  EXPECT_EQ(who->caller.user_id, login->user.id);
  EXPECT_EQ(who->session_id, login->session.id);
  EXPECT_FALSE(svc_->AuthenticateSession("made-up-cookie"));
}

TEST_F(Accounts, SignUpAnswersTheSameForAKnownAddressAndHashesOnce) {
  Registered("ana@cliente.com.br");
  const auto before = Mails().size();
  const int hashes = crypto_.hashes;
  ASSERT_TRUE(svc_->Signup({"Mallory", "ana@cliente.com.br", "outra-senha-forte", "en"}, kFrom));
  EXPECT_EQ(crypto_.hashes - hashes, 1);  // the same work as a new address
  auto mails = Mails();
  ASSERT_EQ(mails.size(), before + 1);
  EXPECT_EQ(mails.back().kind, "account_exists");
  EXPECT_NE(mails.back().text_body.find("/reset-password#token="), std::string::npos);
  // Nothing about the account changed: the old password still works, the new one does not.
  EXPECT_TRUE(svc_->Login("ana@cliente.com.br", kPassword, kFrom));
  EXPECT_FALSE(svc_->Login("ana@cliente.com.br", "outra-senha-forte", kFrom));
  EXPECT_EQ(UserByEmail("ana@cliente.com.br")->name, "Ana Souza");

  ASSERT_TRUE(svc_->Signup({"Bia", "bia@cliente.com.br", "outra-senha-forte", "en"}, kFrom));
  EXPECT_EQ(crypto_.hashes - hashes, 2);
}

TEST_F(Accounts, SomeoneWhoOnlyEmailedSupportSetsAPasswordByForgot) {
  ASSERT_TRUE(store_->Write([&](app::WriteTx& tx) -> Result<void> {
    User u;
    u.name = "Carla";
    u.email = "carla@cliente.com.br";
    u.locale = "en";
    tx.InsertUser(u);
    return {};
  }));
  ASSERT_TRUE(svc_->ForgotPassword("carla@cliente.com.br", kFrom));
  auto mails = Mails();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].kind, "account_reset");
  EXPECT_EQ(mails[0].subject, "Set your password");
  EXPECT_NE(mails[0].text_body.find("valid for 1 hour"), std::string::npos) << mails[0].text_body;

  // The password rule is checked (in the person's language) before the link is spent.
  auto weak = svc_->ResetPassword(TokenIn(mails[0]), "senha12345", kFrom);
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().fields.at(0).error, "TooCommon");
  EXPECT_NE(weak.error().fields.at(0).description.find("too common"), std::string::npos);

  auto reset = svc_->ResetPassword(TokenIn(mails[0]), kPassword, kFrom);
  ASSERT_TRUE(reset) << reset.error().description;
  EXPECT_TRUE(reset->user.verified);
  EXPECT_TRUE(UserByEmail("carla@cliente.com.br")->verified);  // the link proved the address
  EXPECT_TRUE(svc_->Login("carla@cliente.com.br", kPassword, kFrom));

  // Unknown address: accepted all the same, nothing mailed.
  ASSERT_TRUE(svc_->ForgotPassword("nobody@cliente.com.br", kFrom));
  EXPECT_EQ(Mails().size(), 1u);
}

// With a background pass wired, the request only records the ask — the same row whether the
// address is known — and the pass mails the link once, however often it runs.
TEST_F(Accounts, AForgotAskIsMailedAfterTheAnswerAndOnlyOnce) {
  Registered("ana@cliente.com.br");
  const std::size_t before = Mails().size();
  int wakes = 0;
  svc_->OnMailPending([&] { ++wakes; });
  ASSERT_TRUE(svc_->ForgotPassword("ana@cliente.com.br", kFrom));
  ASSERT_TRUE(svc_->ForgotPassword("nobody@cliente.com.br", kFrom));
  EXPECT_EQ(wakes, 2);
  EXPECT_EQ(Mails().size(), before);  // nothing yet: the answer came first

  auto mailed = svc_->DrainPendingMails();
  ASSERT_TRUE(mailed);
  EXPECT_EQ(*mailed, 1);  // ana's; the unknown address gets nothing
  ASSERT_EQ(Mails().size(), before + 1);
  EXPECT_EQ(Mails().back().kind, "account_reset");
  EXPECT_EQ(svc_->DrainPendingMails().value_or(-1), 0);  // settled: never mailed twice
  svc_->OnMailPending(nullptr);
}

TEST_F(Accounts, AResetEndsEverySessionAndVoidsOlderLinks) {
  auto first = Registered("ana@cliente.com.br");
  auto laptop = svc_->Login("ana@cliente.com.br", kPassword, kFrom);
  ASSERT_TRUE(laptop);
  ASSERT_TRUE(svc_->ForgotPassword("ana@cliente.com.br", kFrom));
  ASSERT_TRUE(svc_->ForgotPassword("ana@cliente.com.br", kFrom));
  auto mails = Mails();
  const std::string older = TokenIn(mails[mails.size() - 2]), newer = TokenIn(mails.back());

  auto reset = svc_->ResetPassword(newer, "nova-senha-forte-1", kFrom);
  ASSERT_TRUE(reset) << reset.error().description;
  EXPECT_FALSE(svc_->AuthenticateSession(first.token));
  EXPECT_FALSE(svc_->AuthenticateSession(laptop->token));
  EXPECT_TRUE(svc_->AuthenticateSession(reset->token));

  for (const auto& t : {newer, older}) {  // used, and voided by the reset
    auto again = svc_->ResetPassword(t, "terceira-senha-forte", kFrom);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().fields.at(0).field, "token");
  }
  EXPECT_FALSE(svc_->Login("ana@cliente.com.br", kPassword, kFrom));
  EXPECT_TRUE(svc_->Login("ana@cliente.com.br", "nova-senha-forte-1", kFrom));
}

TEST_F(Accounts, ResetLinksExpire) {
  Registered("ana@cliente.com.br");
  ASSERT_TRUE(svc_->ForgotPassword("ana@cliente.com.br", kFrom));
  const std::string token = TokenIn(Mails().back());
  clock_.Advance(61min);
  auto late = svc_->ResetPassword(token, "nova-senha-forte-1", kFrom);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().fields.at(0).field, "token");
  EXPECT_NE(late.error().fields.at(0).description.find("expired"), std::string::npos);
}

TEST_F(Accounts, FailedLoginsAreThrottledPerAccountTheSameForUnknownAddresses) {
  app::AccountSettings s;
  s.login_per_account = {3, 15min};
  Start(s);
  Registered("ana@cliente.com.br");
  for (const std::string email : {"ana@cliente.com.br", "nobody@cliente.com.br"}) {
    for (int i = 0; i < 3; ++i) {
      auto r = svc_->Login(email, "wrong-password-" + std::to_string(i), kFrom);
      ASSERT_FALSE(r);
      EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated) << email << " " << i;
    }
    const int verifies = crypto_.verifies;
    auto blocked = svc_->Login(email, kPassword, kFrom);  // even the right password
    ASSERT_FALSE(blocked);
    EXPECT_EQ(blocked.error().code, ErrorCode::kRateLimited) << email;
    EXPECT_GT(blocked.error().retry_after_seconds, 0);
    EXPECT_LE(blocked.error().retry_after_seconds, 15 * 60);
    EXPECT_EQ(crypto_.verifies, verifies);  // no argon2 spent on a throttled attempt
  }
  clock_.Advance(15min + 1s);
  EXPECT_TRUE(svc_->Login("ana@cliente.com.br", kPassword, kFrom));
}

TEST_F(Accounts, AccountMailIsLimitedPerAddress) {
  app::AccountSettings s;
  s.mail_per_address = {2, 1h};
  Start(s);
  EXPECT_TRUE(svc_->ForgotPassword("nobody@cliente.com.br", kFrom));
  EXPECT_TRUE(svc_->ForgotPassword("nobody@cliente.com.br", kFrom));
  auto third = svc_->ForgotPassword("nobody@cliente.com.br", kFrom);
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().code, ErrorCode::kRateLimited);
  auto signup = svc_->Signup({"N", "nobody@cliente.com.br", std::string(kPassword), "en"}, kFrom);
  ASSERT_FALSE(signup);
  EXPECT_EQ(signup.error().code, ErrorCode::kRateLimited);
  EXPECT_TRUE(Mails().empty());
  EXPECT_TRUE(svc_->ForgotPassword("other@cliente.com.br", kFrom));  // another address is not held back
}

TEST_F(Accounts, SessionsExpireWhenIdleAndAfterTheAbsoluteLimit) {
  auto s = Registered("ana@cliente.com.br");
  clock_.Advance(23h);
  ASSERT_TRUE(svc_->AuthenticateSession(s.token));  // and touched: idle counts from now
  clock_.Advance(23h);
  ASSERT_TRUE(svc_->AuthenticateSession(s.token));
  clock_.Advance(24h + 1min);
  EXPECT_FALSE(svc_->AuthenticateSession(s.token));
  auto swept = svc_->SweepSessions();
  ASSERT_TRUE(swept);
  EXPECT_EQ(*swept, 1);

  auto t = svc_->Login("ana@cliente.com.br", kPassword, kFrom);
  ASSERT_TRUE(t);
  for (int day = 0; day < 30; ++day) {  // used every day: never idle
    clock_.Advance(24h - 1min);
    ASSERT_TRUE(svc_->AuthenticateSession(t->token)) << day;
  }
  clock_.Advance(31min);
  EXPECT_FALSE(svc_->AuthenticateSession(t->token));  // 30 days after sign-in, used or not
}

TEST_F(Accounts, ChangingThePasswordEndsTheOtherSessions) {
  auto here = Registered("ana@cliente.com.br");
  auto there = svc_->Login("ana@cliente.com.br", kPassword, kFrom);
  ASSERT_TRUE(there);
  const Caller me{here.user.id, Role::kEndUser, false};
  auto wrong = svc_->ChangePassword(me, here.session.id, "not-it-at-all", "nova-senha-forte-1", kFrom);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().fields.at(0).field, "current_password");
  EXPECT_EQ(wrong.error().fields.at(0).description, "A senha atual não confere.");
  ASSERT_TRUE(svc_->ChangePassword(me, here.session.id, kPassword, "nova-senha-forte-1", kFrom));
  EXPECT_TRUE(svc_->AuthenticateSession(here.token));
  EXPECT_FALSE(svc_->AuthenticateSession(there->token));
  EXPECT_TRUE(svc_->Login("ana@cliente.com.br", "nova-senha-forte-1", kFrom));

  auto everywhere = svc_->LogoutEverywhere(me, kFrom);
  ASSERT_TRUE(everywhere);
  EXPECT_EQ(*everywhere, 2);
  EXPECT_FALSE(svc_->AuthenticateSession(here.token));
}

TEST_F(Accounts, LoginRehashesWhenTheParametersChanged) {
  Registered("ana@cliente.com.br");
  std::string old_hash = "$argon2id$v=19$m=8192,t=1,p=1$";  // the fixture's parameters
  {
    crypto::SodiumCrypto stronger(crypto::Argon2Params{2, 16 * 1024, 0});
    std::string h;
    ASSERT_TRUE(store_->Read([&](app::ReadTx& tx) -> Result<void> {
      h = *tx.PasswordHashOf(UserByEmail("ana@cliente.com.br")->id);
      return {};
    }));
    EXPECT_TRUE(h.starts_with(old_hash)) << h;
    EXPECT_TRUE(stronger.PasswordNeedsRehash(h));
    // A hash made with other parameters (as after a config change) is replaced at login.
    ASSERT_TRUE(store_->Write([&](app::WriteTx& tx) -> Result<void> {
      tx.SetPasswordHash(UserByEmail("ana@cliente.com.br")->id, stronger.HashPassword(kPassword));
      return {};
    }));
  }
  const int hashes = crypto_.hashes;
  ASSERT_TRUE(svc_->Login("ana@cliente.com.br", kPassword, kFrom));
  EXPECT_EQ(crypto_.hashes - hashes, 1);
  ASSERT_TRUE(store_->Read([&](app::ReadTx& tx) -> Result<void> {
    EXPECT_TRUE(tx.PasswordHashOf(UserByEmail("ana@cliente.com.br")->id)->starts_with(old_hash));
    return {};
  }));
  ASSERT_TRUE(svc_->Login("ana@cliente.com.br", kPassword, kFrom));
  EXPECT_EQ(crypto_.hashes - hashes, 1);  // once
}

TEST_F(Accounts, ProfileChecksLocaleAndTimeZone) {
  auto s = Registered("ana@cliente.com.br");
  const Caller me{s.user.id, Role::kEndUser, false};
  app::ProfileInput in;
  in.locale = "fr";
  EXPECT_EQ(svc_->UpdateProfile(me, in).error().fields.at(0).field, "locale");
  in = {};
  in.time_zone = "Mars/Olympus";
  EXPECT_EQ(svc_->UpdateProfile(me, in).error().fields.at(0).field, "time_zone");
  in = {};
  in.phone = "call me";
  EXPECT_EQ(svc_->UpdateProfile(me, in).error().fields.at(0).field, "phone");
  in = {};
  in.name = "Ana S.";
  in.locale = "en";
  in.time_zone = "America/Argentina/Buenos_Aires";
  in.phone = "+55 11 91234-5678";
  in.notify_email = false;
  in.notify_whatsapp = true;
  auto u = svc_->UpdateProfile(me, in);
  ASSERT_TRUE(u) << u.error().description;
  auto p = svc_->Profile(me);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->name, "Ana S.");
  EXPECT_EQ(p->locale, "en");
  EXPECT_EQ(p->time_zone, "America/Argentina/Buenos_Aires");
  EXPECT_EQ(p->phone, "+55 11 91234-5678");
  EXPECT_FALSE(p->notify_email);
  EXPECT_TRUE(p->notify_whatsapp);
  EXPECT_EQ(svc_->Profile(Caller{}).error().code, ErrorCode::kUnauthenticated);
}

TEST_F(Accounts, TicketMailHonoursNotifyEmailAccountMailDoesNot) {
  User quiet;
  ASSERT_TRUE(store_->Write([&](app::WriteTx& tx) -> Result<void> {
    quiet.name = "Quiet";
    quiet.email = "quiet@cliente.com.br";
    quiet.verified = true;
    quiet.notify_email = false;
    tx.InsertUser(quiet);
    Ticket t;
    t.requester_id = t.submitter_id = quiet.id;
    t.custom_status_id = 1;
    t.version = 1;
    t.subject = "Printer";
    t.created_at = t.updated_at = kStart;
    tx.InsertTicket(t);
    if (auto r = app::QueueTicketMail(tx, "ticket_received", t, quiet, {}, kStart); !r) return r;
    quiet.notify_email = true;
    return app::QueueTicketMail(tx, "ticket_received", t, quiet, {}, kStart);
  }));
  EXPECT_EQ(Mails().size(), 1u);  // only the one sent with notify_email on
  ASSERT_TRUE(store_->Write([&](app::WriteTx& tx) -> Result<void> {
    quiet.notify_email = false;
    tx.UpdateUser(quiet);
    return {};
  }));
  ASSERT_TRUE(svc_->ForgotPassword("quiet@cliente.com.br", kFrom));
  ASSERT_EQ(Mails().size(), 2u);
  EXPECT_EQ(Mails().back().kind, "account_reset");
}

TEST_F(Accounts, ASentAccountMailKeepsNoLiveLink) {
  ASSERT_TRUE(svc_->Signup({"Ana", "ana@cliente.com.br", std::string(kPassword), "pt-BR"}, kFrom));
  KeepingTransport transport;
  app::OutboxService outbox(*store_, clock_, transport, app::OutboxSettings{}, nullptr);
  auto sent = outbox.DrainDue(clock_.Now());
  ASSERT_TRUE(sent);
  EXPECT_EQ(*sent, 1);
  auto mails = Mails();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].state, DeliveryState::kSent);
  EXPECT_EQ(mails[0].text_body, "");
  EXPECT_EQ(mails[0].html_body, "");
  EXPECT_EQ(mails[0].subject, "Confirme o seu e-mail");
}

TEST_F(Accounts, OneEntryPointForTokensAndSessions) {
  auto s = Registered("ana@cliente.com.br");
  const std::string key = crypto_.RandomToken();
  std::int64_t token_id = 0;
  ASSERT_TRUE(store_->Write([&](app::WriteTx& tx) -> Result<void> {
    app::ApiToken t;
    t.user_id = s.user.id;
    t.prefix = key.substr(0, 6);
    t.created_at = kStart;
    tx.InsertToken(t, crypto_.Sha256Hex(key));
    token_id = t.id;
    return {};
  }));
  using Kind = app::Credentials::Kind;
  auto auth = [&](Kind k, std::string email, std::string secret) {
    return app::Authenticate(*store_, crypto_, clock_, svc_.get(), app::Credentials{k, email, secret}, "198.51.100.2",
                             5min);
  };
  auto bearer = auth(Kind::kBearer, "", key);
  ASSERT_TRUE(bearer) << bearer.error().description;
  EXPECT_EQ(bearer->caller.user_id, s.user.id);
  EXPECT_EQ(bearer->session_id, 0);
  EXPECT_TRUE(auth(Kind::kBasicToken, "ana@cliente.com.br", key));
  EXPECT_FALSE(auth(Kind::kBasicToken, "other@cliente.com.br", key));
  EXPECT_FALSE(auth(Kind::kBasicPassword, "ana@cliente.com.br", std::string(kPassword)));
  auto cookie = auth(Kind::kSession, "", s.token);
  ASSERT_TRUE(cookie);
  EXPECT_EQ(cookie->session_id, s.session.id);
  EXPECT_FALSE(auth(Kind::kSession, "", "forged"));
  EXPECT_FALSE(
      app::Authenticate(*store_, crypto_, clock_, nullptr, app::Credentials{Kind::kSession, "", s.token}, "", 5min));
  auto anonymous = auth(Kind::kNone, "", "");
  ASSERT_TRUE(anonymous);
  EXPECT_TRUE(anonymous->caller.anonymous);

  ASSERT_TRUE(store_->Read([&](app::ReadTx& tx) -> Result<void> {
    auto t = tx.ApiTokenById(token_id);
    EXPECT_TRUE(t && t->last_used_at);  // the use was recorded
    return {};
  }));
  ASSERT_TRUE(store_->Write([&](app::WriteTx& tx) -> Result<void> {
    tx.RevokeApiToken(token_id, kStart);
    return {};
  }));
  EXPECT_FALSE(auth(Kind::kBearer, "", key));
}

}  // namespace
}  // namespace chamado
