// SsoService (app/sso.hpp) over the real SQLite store and real HMAC: what a company signing
// its customers in with a JWT would see, and what a forger or a replayer would not get.
#include <gtest/gtest.h>

#include <string>

#include "app/sso.hpp"
#include "services_fixture.hpp"

namespace chamado::services_test {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kSecret = "s3cret-shared-with-the-product";

std::string Unhex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  return out;
}

class Sso : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    Start(std::string(kSecret));
  }
  void Start(std::string secret, std::string remote_login = "", std::string remote_logout = "") {
    app::SsoSettings s;
    s.jwt_secret = std::move(secret);
    s.remote_login_url = std::move(remote_login);
    s.remote_logout_url = std::move(remote_logout);
    s.skew = 180s;
    s.public_url = "https://help.acme.test";
    sso_ = std::make_unique<app::SsoService>(*store_, clock_, crypto_, *accounts_, s);
  }

  // Claims as the company's product would send them: issued now, a fresh jti.
  JwtClaims Claims(const std::string& email, const std::string& jti) {
    JwtClaims c;
    c.alg = "HS256";
    c.iat = UnixSeconds(clock_.Now());
    c.jti = jti;
    c.email = email;
    c.name = "Carla Dias";
    return c;
  }

  // The token signed under `secret` (the claims travel beside it, as the http adapter reads them).
  app::JwtToken Signed(const JwtClaims& c, std::string_view secret = kSecret) {
    const std::string header = R"({"alg":")" + c.alg + R"(","typ":"JWT"})";
    const std::string payload = R"({"jti":")" + c.jti + R"(","email":")" + c.email + R"("})";
    const std::string input = Base64UrlEncode(header) + "." + Base64UrlEncode(payload);
    const std::string sig = Unhex(crypto_.HmacSha256Hex(secret, input));
    auto parts = SplitJwt(input + "." + Base64UrlEncode(sig));
    EXPECT_TRUE(parts);
    return app::JwtToken{*parts, c};
  }

  Result<app::SsoSignIn> SignIn(const app::JwtToken& t, std::string_view return_to = "/") {
    return sso_->SignIn(t, return_to, kFrom);
  }

  std::unique_ptr<app::SsoService> sso_;
};

TEST_F(Sso, AGoodTokenCreatesAVerifiedCustomerAndOpensAJwtSession) {
  auto c = Claims("Carla@Cliente.com.br", "jti-1");
  c.external_id = "crm-42";
  c.locale = "es";
  c.phone = "+55 11 91234-5678";
  auto r = SignIn(Signed(c), "https://help.acme.test/requests/7?tab=all");
  ASSERT_TRUE(r) << r.error().description;
  EXPECT_EQ(r->redirect_to, "/requests/7?tab=all");
  EXPECT_FALSE(r->session.token.empty());
  EXPECT_EQ(r->session.session.via, "jwt");

  auto u = UserByEmail("carla@cliente.com.br");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->role, Role::kEndUser);
  EXPECT_TRUE(u->verified);
  EXPECT_EQ(u->name, "Carla Dias");
  EXPECT_EQ(u->locale, "es");
  EXPECT_EQ(u->phone, "+55 11 91234-5678");
  EXPECT_EQ(u->external_id, std::optional<std::string>("crm-42"));
  EXPECT_EQ(r->session.user.id, u->id);
  // The cookie value is a working session for that customer.
  auto auth = accounts_->AuthenticateSession(r->session.token);
  ASSERT_TRUE(auth);
  EXPECT_EQ(auth->caller.user_id, u->id);
  auto logins = Events("sso_login");
  ASSERT_EQ(logins.size(), 1u);
  EXPECT_EQ(logins[0].user_id, u->id);
  EXPECT_EQ(logins[0].ip, kFrom.ip);
}

TEST_F(Sso, AnExistingCustomerIsFoundByExternalIdThenByEmailAndKeepsOneAccount) {
  const auto by_ext = AddUser("old@cliente.com.br", Role::kEndUser, "Old Name", "crm-7");
  auto c = Claims("new-address@cliente.com.br", "jti-a");
  c.external_id = "crm-7";
  c.name = "New Name";
  ASSERT_TRUE(SignIn(Signed(c)));
  EXPECT_EQ(UserById(by_ext)->name, "New Name");
  EXPECT_FALSE(UserByEmail("new-address@cliente.com.br")) << "found by external_id: no second account";

  const auto by_email = AddUser("bia@cliente.com.br", Role::kEndUser, "Bia");
  auto d = Claims("BIA@cliente.com.br", "jti-b");
  d.external_id = "crm-8";
  auto r = SignIn(Signed(d));
  ASSERT_TRUE(r) << r.error().description;
  EXPECT_EQ(r->session.user.id, by_email);
  EXPECT_EQ(UserById(by_email)->external_id, std::optional<std::string>("crm-8")) << "it had none: now it has";
}

TEST_F(Sso, ABadSignatureIsRefusedCreatesNobodyAndIsRecorded) {
  auto r = SignIn(Signed(Claims("mallory@evil.example", "jti-x"), "guessed-secret"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
  EXPECT_FALSE(UserByEmail("mallory@evil.example"));
  auto rejected = Events("sso_rejected");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_NE(rejected[0].detail.find("signature"), std::string::npos) << rejected[0].detail;
  EXPECT_EQ(rejected[0].email, "") << "unsigned claims name nobody";
  // The forged token did not use up its jti: the real one with that jti still works.
  EXPECT_TRUE(SignIn(Signed(Claims("mallory@evil.example", "jti-x"))));
}

TEST_F(Sso, AnotherAlgorithmIsRefusedBeforeAnything) {
  auto c = Claims("carla@cliente.com.br", "jti-none");
  c.alg = "none";
  auto t = Signed(c);
  t.parts.signature.clear();
  auto r = SignIn(t);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
  c.alg = "HS512";
  EXPECT_FALSE(SignIn(Signed(c)));
  EXPECT_FALSE(UserByEmail("carla@cliente.com.br"));
  EXPECT_EQ(Events("sso_rejected").size(), 2u);
  EXPECT_TRUE(SignIn(Signed(Claims("carla@cliente.com.br", "jti-none")))) << "the jti was not burned";
}

TEST_F(Sso, IatOutsideTheSkewAndPassedExpAreRefused) {
  auto old = Claims("carla@cliente.com.br", "jti-old");
  old.iat = UnixSeconds(clock_.Now() - 181s);
  auto r = SignIn(Signed(old));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);

  auto future = Claims("carla@cliente.com.br", "jti-future");
  future.iat = UnixSeconds(clock_.Now() + 181s);
  EXPECT_FALSE(SignIn(Signed(future)));

  auto expired = Claims("carla@cliente.com.br", "jti-exp");
  expired.exp = UnixSeconds(clock_.Now() - 600s);
  EXPECT_FALSE(SignIn(Signed(expired)));

  auto within = Claims("carla@cliente.com.br", "jti-ok");
  within.iat = UnixSeconds(clock_.Now() - 170s);
  EXPECT_TRUE(SignIn(Signed(within)));
  EXPECT_EQ(Events("sso_rejected").size(), 3u);
}

TEST_F(Sso, AReusedJtiIsRefused) {
  const auto t = Signed(Claims("carla@cliente.com.br", "jti-once"));
  ASSERT_TRUE(SignIn(t));
  clock_.Advance(5s);
  auto again = SignIn(t);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kUnauthenticated);
  auto rejected = Events("sso_rejected");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_NE(rejected[0].detail.find("jti"), std::string::npos) << rejected[0].detail;
}

TEST_F(Sso, MissingClaimsAndABadEmailAreInvalid) {
  auto c = Claims("carla@cliente.com.br", "");
  auto r = SignIn(Signed(c));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
  auto bad = Claims("not-an-address", "jti-bad-email");
  auto b = SignIn(Signed(bad));
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(Events("sso_rejected").size(), 2u);
}

TEST_F(Sso, StaffCannotSignInWithAJwt) {
  const auto agent = AddUser("agent@acme.test", Role::kAgent, "Agent", "staff-1");
  auto by_email = SignIn(Signed(Claims("agent@acme.test", "jti-s1")));
  ASSERT_FALSE(by_email);
  EXPECT_EQ(by_email.error().code, ErrorCode::kUnauthenticated);
  EXPECT_NE(by_email.error().description.find("staff"), std::string::npos);

  auto c = Claims("someone-else@cliente.com.br", "jti-s2");
  c.external_id = "staff-1";
  EXPECT_FALSE(SignIn(Signed(c)));
  EXPECT_TRUE(SessionsOf(agent).empty());
  EXPECT_EQ(UserById(agent)->name, "Agent") << "nothing about the agent changed";
  EXPECT_EQ(Events("sso_rejected", agent).size(), 2u);
}

TEST_F(Sso, AnInactiveOrSuspendedCustomerIsRefused) {
  const auto id = AddUser("gone@cliente.com.br", Role::kEndUser, "Gone");
  ASSERT_TRUE(store_->Write([&](app::WriteTx& tx) -> Result<void> {
    auto u = *tx.UserById(id);
    u.suspended = true;
    tx.UpdateUser(u);
    return {};
  }));
  auto r = SignIn(Signed(Claims("gone@cliente.com.br", "jti-g")));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
  EXPECT_TRUE(SessionsOf(id).empty());
}

TEST_F(Sso, ReturnToLeavesNeverOurOrigin) {
  auto r = SignIn(Signed(Claims("carla@cliente.com.br", "jti-r1")), "https://evil.example/phish");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->redirect_to, "/");
  auto s = SignIn(Signed(Claims("carla@cliente.com.br", "jti-r2")), "//evil.example/x");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->redirect_to, "/");
}

TEST_F(Sso, RemoteLoginAndLogoutUrls) {
  EXPECT_EQ(sso_->RemoteLoginUrl("/requests/1"), "") << "no remote login: the portal's own page";
  EXPECT_EQ(sso_->AfterLogoutUrl("https://evil.example/"), "/");
  EXPECT_EQ(sso_->AfterLogoutUrl("/requests"), "/requests");
  Start(std::string(kSecret), "https://app.acme.test/sso?from=help", "https://app.acme.test/logout");
  EXPECT_EQ(sso_->RemoteLoginUrl("/requests/1?x=1"),
            "https://app.acme.test/sso?from=help&return_to=https%3A%2F%2Fhelp.acme.test%2Frequests%2F1%3Fx%3D1");
  EXPECT_EQ(sso_->RemoteLoginUrl("https://evil.example/"),
            "https://app.acme.test/sso?from=help&return_to=https%3A%2F%2Fhelp.acme.test%2F");
  EXPECT_EQ(sso_->AfterLogoutUrl("/requests"), "https://app.acme.test/logout");
}

TEST_F(Sso, OffWhenNoSecretIsConfigured) {
  Start("");
  EXPECT_FALSE(sso_->enabled());
  auto r = SignIn(Signed(Claims("carla@cliente.com.br", "jti-off"), ""));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace chamado::services_test
