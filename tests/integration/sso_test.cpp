// JWT single sign-on the Zendesk way (issue 8; docs/accounts.md "Single sign-on", README
// "Single sign-on (JWT)"): the company's product signs an HS256 token with the shared secret and
// sends the browser to /access/jwt; we check the signature, the algorithm, iat within the skew,
// the jti never seen before, refuse staff, create or update the end user, set the session cookie
// and redirect only within our own origin. Tokens are signed here with OpenSSL's HMAC, and once
// with the README's Python example. On both stores.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cctype>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "harness.hpp"

namespace it {
namespace {

namespace fs = std::filesystem;

const std::string kSecret = "s3cret-shared-with-the-product-0123456789";
const std::string kPublic = "https://help.example.com";

std::string B64Url(std::string_view in) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    for (int s : {18, 12, 6, 0}) out.push_back(kAlphabet[(v >> s) & 63]);
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    for (int s : {18, 12}) out.push_back(kAlphabet[(v >> s) & 63]);
  } else if (i + 2 == in.size()) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    for (int s : {18, 12, 6}) out.push_back(kAlphabet[(v >> s) & 63]);
  }
  return out;
}

std::string HmacSha256(const std::string& key, const std::string& data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), mac, &len);
  return std::string(reinterpret_cast<char*>(mac), len);
}

// header.payload.signature, HS256 under `secret` (the header's alg is whatever it says).
std::string Sign(const json::object& claims, const std::string& secret = kSecret,
                 const json::object& header = {{"alg", "HS256"}, {"typ", "JWT"}}) {
  const std::string input = B64Url(json::serialize(header)) + "." + B64Url(json::serialize(claims));
  return input + "." + B64Url(HmacSha256(secret, input));
}

std::string Enc(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

// A server with SSO on, public at https://help.example.com (so cookies are Secure), and an
// admin, an agent and the customers of Desk.
class Sso : public ::testing::Test {
 protected:
  ScopedEnv secret_{"CHAMADO_SSO_JWT_SECRET", kSecret};
  ScopedEnv public_{"CHAMADO_SERVER_PUBLIC_URL", kPublic};
  ScopedEnv login_{"CHAMADO_SSO_REMOTE_LOGIN_URL", "https://app.example.com/login"};
  ScopedEnv logout_{"CHAMADO_SSO_REMOTE_LOGOUT_URL", "https://app.example.com/logout"};
  Desk d;
  std::int64_t now_ = ClockNow(d.server);
  int jti_ = 0;

  json::object Claims(const std::string& email, const std::string& name) {
    return {{"iat", now_}, {"jti", "jti-" + S(++jti_) + "-" + S(now_)}, {"email", email}, {"name", name}};
  }

  Response Jwt(Browser& b, const std::string& token, const std::string& return_to = "") {
    std::string path = "/access/jwt?jwt=" + Enc(token);
    if (!return_to.empty()) path += "&return_to=" + Enc(return_to);
    return b.Get(path);
  }
  Response Jwt(const std::string& token, const std::string& return_to = "") {
    Browser b(d.server);
    return Jwt(b, token, return_to);
  }

  void ExpectRefused(const Response& r, const std::string& what) {
    EXPECT_EQ(r.status, 401) << what << ": " << r.body;
    EXPECT_FALSE(CookieSet(r, "chamado_session")) << what;
    EXPECT_EQ(r.Header("Location"), "") << what;
  }

  // The end users whose e-mail is `email` (the admin's search).
  json::array UsersWithEmail(const std::string& email) {
    auto r = d.Admin().Get("/api/v2/users/search.json?query=" + Enc(email));
    EXPECT_EQ(r.status, 200) << r.body;
    json::array out;
    if (r.status != 200) return out;
    for (const auto& u : r["users"].as_array())
      if (Str(u.at("email")) == email) out.push_back(u);
    return out;
  }
};

TEST_F(Sso, AGoodTokenSignsTheCustomerInCreatesThemAndRedirectsWithinOurOrigin) {
  auto claims = Claims("nina@customer.example", "Nina Costa");
  claims["external_id"] = "crm-7781";
  claims["locale_id"] = 2;  // Zendesk's id of Spanish
  Browser b(d.server);
  auto r = Jwt(b, Sign(claims), kPublic + "/requests/42?tab=all");
  ASSERT_EQ(r.status, 302) << r.body;
  EXPECT_EQ(r.Header("Location"), kPublic + "/requests/42?tab=all");
  auto cookie = CookieSet(r, "chamado_session");
  ASSERT_TRUE(cookie);
  EXPECT_TRUE(cookie->Has("Secure")) << "public_url is https: " << cookie->line;
  EXPECT_TRUE(cookie->Has("HttpOnly")) << cookie->line;
  EXPECT_TRUE(cookie->Has("SameSite=Lax")) << cookie->line;

  auto me = b.Get("/api/v2/users/me.json");
  ASSERT_EQ(me.status, 200) << me.body;
  const auto& u = me["user"];
  EXPECT_EQ(Str(u.at("email")), "nina@customer.example");
  EXPECT_EQ(Str(u.at("name")), "Nina Costa");
  EXPECT_EQ(Str(u.at("external_id")), "crm-7781");
  EXPECT_EQ(Str(u.at("role")), "end-user");
  EXPECT_EQ(Str(u.at("locale")), "es");
  EXPECT_TRUE(u.at("verified").as_bool());
  auto session = b.Get(AuthPath("session"));
  ASSERT_EQ(session.status, 200) << session.body;
  EXPECT_EQ(Str(session["session"].at("via")), "jwt");
  // The session writes like any other (with its CSRF token).
  EXPECT_EQ(b.Post("/api/v2/requests.json", R"({"request":{"subject":"From the app","comment":{"body":"Hi"}}})").status,
            201);
}

TEST_F(Sso, ALaterTokenUpdatesTheSameUserAndAnExistingRequesterIsFoundByEmail) {
  auto first = Claims("nina@customer.example", "Nina Costa");
  first["external_id"] = "crm-7781";
  ASSERT_EQ(Jwt(Sign(first)).status, 302);
  const auto id = Str(UsersWithEmail("nina@customer.example").at(0).at("id"));
  // Same external_id, new name and e-mail: the same person.
  auto second = Claims("nina.costa@customer.example", "Nina C. Costa");
  second["external_id"] = "crm-7781";
  Browser b(d.server);
  ASSERT_EQ(Jwt(b, Sign(second)).status, 302);
  auto me = b.Get("/api/v2/users/me.json");
  EXPECT_EQ(Str(me["user"].at("id")), id);
  EXPECT_EQ(Str(me["user"].at("name")), "Nina C. Costa");

  // Alice wrote to support before; her first SSO sign-in finds her by e-mail and she sees her ticket.
  const auto ticket = d.NewTicket("alice@customer.example", "Before SSO");
  auto alice = Claims("alice@customer.example", "Alice");
  alice["external_id"] = "crm-1";
  Browser ab(d.server);
  ASSERT_EQ(Jwt(ab, Sign(alice)).status, 302);
  auto mine = ab.Get("/api/v2/requests.json");
  ASSERT_EQ(mine.status, 200) << mine.body;
  ASSERT_EQ(mine["requests"].as_array().size(), 1u);
  EXPECT_EQ(mine["requests"].at(0).at("id").as_int64(), ticket);
  EXPECT_EQ(Str(ab.Get("/api/v2/users/me.json")["user"].at("id")), S(d.alice_id));
  EXPECT_EQ(UsersWithEmail("alice@customer.example").size(), 1u);
}

TEST_F(Sso, ABadSignatureOrAnotherAlgorithmIsRefused) {
  ExpectRefused(Jwt(Sign(Claims("nina@customer.example", "Nina"), "not-the-secret")), "wrong secret");
  // A token someone edited after signing.
  std::string token = Sign(Claims("nina@customer.example", "Nina"));
  const auto dot = token.find('.');
  std::string payload = B64Url(json::serialize(Claims("admin@test.example", "Admin")));
  std::string forged = token.substr(0, dot + 1) + payload + token.substr(token.rfind('.'));
  ExpectRefused(Jwt(forged), "payload swapped");
  // alg none, no signature: the classic downgrade.
  const std::string none = B64Url(R"({"alg":"none","typ":"JWT"})") + "." +
                           B64Url(json::serialize(Claims("nina@customer.example", "Nina"))) + ".";
  ExpectRefused(Jwt(none), "alg none");
  // HS256 is the only one: a correct HMAC under a header naming HS512 is refused too.
  ExpectRefused(Jwt(Sign(Claims("nina@customer.example", "Nina"), kSecret, {{"alg", "HS512"}, {"typ", "JWT"}})),
                "alg HS512");
  EXPECT_TRUE(UsersWithEmail("nina@customer.example").empty()) << "no user was created";
  // Not a JWT at all.
  auto garbage = Jwt("this-is-not-a-jwt");
  EXPECT_EQ(garbage.status, 400) << garbage.body;
}

TEST_F(Sso, AnIatOutsideTheClockSkewOrAPassedExpIsRefused) {
  auto old = Claims("nina@customer.example", "Nina");
  old["iat"] = now_ - 181;  // clock_skew_seconds is 180
  ExpectRefused(Jwt(Sign(old)), "iat too old");
  auto future = Claims("nina@customer.example", "Nina");
  future["iat"] = now_ + 181;
  ExpectRefused(Jwt(Sign(future)), "iat in the future");
  auto expired = Claims("nina@customer.example", "Nina");
  expired["exp"] = now_ - 600;
  ExpectRefused(Jwt(Sign(expired)), "exp passed");
  // Within the skew it is fine.
  auto slightly_old = Claims("nina@customer.example", "Nina");
  slightly_old["iat"] = now_ - 170;
  EXPECT_EQ(Jwt(Sign(slightly_old)).status, 302);
  // A token signed now and used 4 minutes later is stale.
  const std::string later = Sign(Claims("otto@customer.example", "Otto"));
  ClockAdvance(d.server, 4 * 60);
  ExpectRefused(Jwt(later), "used after the skew");
}

TEST_F(Sso, AJtiIsUsedOnce) {
  const std::string token = Sign(Claims("nina@customer.example", "Nina"));
  ASSERT_EQ(Jwt(token).status, 302);
  ExpectRefused(Jwt(token), "replayed");
  // Even with another payload: the jti alone is what was seen.
  auto again = Claims("otto@customer.example", "Otto");
  again["jti"] = "jti-1-" + S(now_);  // the first Claims() of the test
  ExpectRefused(Jwt(Sign(again)), "jti reused by another token");
}

TEST_F(Sso, MissingClaimsAre422) {
  json::object no_email{{"iat", now_}, {"jti", "no-email-1"}, {"name", "Nina"}};
  auto r = Jwt(Sign(no_email));
  EXPECT_EQ(r.status, 422) << r.body;
  json::object no_jti{{"iat", now_}, {"email", "nina@customer.example"}, {"name", "Nina"}};
  EXPECT_EQ(Jwt(Sign(no_jti)).status, 422);
  json::object no_iat{{"jti", "no-iat-1"}, {"email", "nina@customer.example"}, {"name", "Nina"}};
  EXPECT_EQ(Jwt(Sign(no_iat)).status, 422);
}

TEST_F(Sso, ReturnToAnotherOriginGoesToOurHomeInstead) {
  for (const std::string& evil : {std::string("https://evil.example/phish"), std::string("//evil.example/x"),
                                  std::string("https://help.example.com.evil.example/"),
                                  std::string("javascript:alert(1)"), std::string("/\\evil.example")}) {
    auto r = Jwt(Sign(Claims("nina@customer.example", "Nina")), evil);
    EXPECT_EQ(r.status, 302) << evil << ": " << r.body;
    EXPECT_EQ(r.Header("Location"), kPublic + "/") << evil;
  }
  // A path of ours is fine, relative or absolute.
  auto rel = Jwt(Sign(Claims("nina@customer.example", "Nina")), "/requests");
  EXPECT_EQ(rel.Header("Location"), kPublic + "/requests");
  auto none = Jwt(Sign(Claims("nina@customer.example", "Nina")));
  EXPECT_EQ(none.Header("Location"), kPublic + "/");
}

TEST_F(Sso, StaffCannotSignInThroughTheProduct) {
  ExpectRefused(Jwt(Sign(Claims("agent@test.example", "Agent Smith"))), "agent");
  ExpectRefused(Jwt(Sign(Claims("admin@test.example", "Admin"))), "admin");
  EXPECT_EQ(Str(d.Admin().Get("/api/v2/users/" + S(d.agent_id) + ".json")["user"].at("name")), "Agent Smith");
}

TEST_F(Sso, ThePostFormVariantWorksLikeTheGet) {
  Browser b(d.server);
  auto r = b.Send("POST", "/access/jwt",
                  "jwt=" + Enc(Sign(Claims("nina@customer.example", "Nina"))) + "&return_to=" + Enc("/requests/9"),
                  {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(r.status, 302) << r.body;
  EXPECT_EQ(r.Header("Location"), kPublic + "/requests/9");
  EXPECT_EQ(Str(b.Get("/api/v2/users/me.json")["user"].at("email")), "nina@customer.example");
}

TEST_F(Sso, LoginAndLogoutGoThroughTheCompanysProduct) {
  // Raw HTTP: cpp-httplib decodes a Location header it reads, and the encoding is the point.
  RawConn conn(d.server.port());
  ASSERT_TRUE(conn.Send("GET /access/login?return_to=" + Enc("/requests/3") +
                        " HTTP/1.1\r\nHost: help.example.com\r\nConnection: close\r\n\r\n"));
  auto login = conn.ReadResponse();
  ASSERT_EQ(login.status, 302) << login.body;
  EXPECT_EQ(login.Header("Location"), "https://app.example.com/login?return_to=" + Enc(kPublic + "/requests/3"));

  Browser b(d.server);
  ASSERT_EQ(Jwt(b, Sign(Claims("nina@customer.example", "Nina"))).status, 302);
  const std::string session = b.session();
  auto out = b.Get("/access/logout?return_to=" + Enc("/"));
  ASSERT_EQ(out.status, 302) << out.body;
  EXPECT_TRUE(out.Header("Location").starts_with("https://app.example.com/logout")) << out.Header("Location");
  Browser check(d.server);
  check.SetCookieValue("chamado_session", session);
  EXPECT_EQ(check.Get(AuthPath("session")).status, 401);
}

TEST_F(Sso, TheConfigSaysSsoIsOnAndWhereToSignIn) {
  auto r = Browser(d.server).Get(AuthPath("config"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r["sso"].at("enabled").as_bool());
  EXPECT_EQ(Str(r["sso"].at("remote_login_url")), "https://app.example.com/login");
}

TEST_F(Sso, TheAuditLogRecordsSignInsAndRefusals) {
  ASSERT_EQ(Jwt(Sign(Claims("nina@customer.example", "Nina"))).status, 302);
  ASSERT_EQ(Jwt(Sign(Claims("nina@customer.example", "Nina"), "bad-secret")).status, 401);
  auto events = d.Admin().Get("/api/v2/chamado/auth_events.json");
  ASSERT_EQ(events.status, 200) << events.body;
  bool rejected = false, signed_in = false;
  for (const auto& e : events["auth_events"].as_array()) {
    rejected |= Str(e.at("kind")) == "sso_rejected";
    signed_in |= Str(e.at("email")) == "nina@customer.example" && Str(e.at("kind")) != "sso_rejected";
  }
  EXPECT_TRUE(rejected) << events.body;
  EXPECT_TRUE(signed_in) << events.body;
}

// Without a secret the routes say nothing is here, and /access/login goes to our own page.
TEST(SsoOff, AccessJwtIs404AndLoginIsOurOwnPage) {
  Desk d;
  auto r = Client(d.server).Get("/access/jwt?jwt=" + Sign({{"iat", 1}, {"jti", "x"}, {"email", "a@b.example"}}));
  EXPECT_EQ(r.status, 404) << r.body;
  auto login = Client(d.server).Get("/access/login?return_to=%2Frequests");
  ASSERT_EQ(login.status, 302) << login.body;
  EXPECT_NE(login.Header("Location").find("/login?return_to="), std::string::npos) << login.Header("Location");
  EXPECT_NE(login.Header("Location").find("requests"), std::string::npos) << login.Header("Location");
}

// The README's ten-line Python example (standard library only) makes a token the server accepts.
TEST(SsoReadme, ThePythonExampleSignsATokenWeAccept) {
  if (Shell("command -v python3").empty()) GTEST_SKIP() << "python3 not installed";
  std::ifstream readme(std::string(CHAMADO_SOURCE_DIR) + "/README.md");
  std::stringstream text;
  text << readme.rdbuf();
  const std::string md = text.str();
  const auto section = md.find("## Single sign-on (JWT)");
  ASSERT_NE(section, std::string::npos) << "README has no \"Single sign-on (JWT)\" section";
  const auto begin = md.find("```python\n", section);
  ASSERT_NE(begin, std::string::npos);
  const auto end = md.find("```", begin + 10);
  const std::string code = md.substr(begin + 10, end - begin - 10);
  int lines = 0;
  for (char c : code) lines += c == '\n';
  EXPECT_LE(lines, 12) << "the README promises about ten lines";

  ScopedEnv secret("CHAMADO_SSO_JWT_SECRET", kSecret);
  Desk d;
  ClockSet(d.server, static_cast<std::int64_t>(std::time(nullptr)));  // the example signs with time.time()
  const std::string dir = MakeTempDir("chamado-sso-py");
  {
    std::ofstream py(dir + "/sign.py");
    py << code << "\nprint(zendesk_jwt(\"" << kSecret << "\", \"py@customer.example\", \"Py Thon\", \"py-1\"))\n";
  }
  int rc = -1;
  std::string token = Shell("python3 " + dir + "/sign.py", &rc);
  fs::remove_all(dir);
  ASSERT_EQ(rc, 0) << token;
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  Browser b(d.server);
  auto r = b.Get("/access/jwt?jwt=" + Enc(token));
  ASSERT_EQ(r.status, 302) << r.body;
  auto me = b.Get("/api/v2/users/me.json");
  EXPECT_EQ(Str(me["user"].at("email")), "py@customer.example");
  EXPECT_EQ(Str(me["user"].at("external_id")), "py-1");
}

}  // namespace
}  // namespace it
