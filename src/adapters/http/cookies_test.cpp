#include "adapters/http/cookies.hpp"

#include <gtest/gtest.h>

namespace chamado::http {
namespace {

Request WithHeader(const std::string& name, const std::string& value) {
  Request r;
  r.headers[name] = value;
  return r;
}

TEST(Cookies, TheSessionCookieIsFoundAmongOthers) {
  auto r = WithHeader("cookie", "theme=dark; chamado_session=abc123 ;chamado_csrf=x");
  EXPECT_EQ(CookieValue(r, kSessionCookie), "abc123");
  EXPECT_EQ(CookieValue(r, kCsrfCookie), "x");
  EXPECT_EQ(CookieValue(r, "missing"), std::nullopt);
  // A name that merely ends like ours is another cookie; an empty value is none.
  EXPECT_EQ(CookieValue(WithHeader("cookie", "not_chamado_session=evil"), kSessionCookie), std::nullopt);
  EXPECT_EQ(CookieValue(WithHeader("cookie", "chamado_session="), kSessionCookie), std::nullopt);
  EXPECT_EQ(CookieValue(Request{}, kSessionCookie), std::nullopt);
}

TEST(Cookies, TheSessionCookieIsHttpOnlyAndSecureOnHttps) {
  auto c = SessionCookies("tok", "csrf", 3600, /*secure=*/true);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0], "chamado_session=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600; Secure");
  // The page's scripts read the CSRF cookie: not HttpOnly.
  EXPECT_EQ(c[1], "chamado_csrf=csrf; Path=/; SameSite=Lax; Max-Age=3600; Secure");
  auto plain = SessionCookies("tok", "csrf", 60, false);
  EXPECT_EQ(plain[0].find("Secure"), std::string::npos);
  auto gone = ClearedSessionCookies(false);
  EXPECT_EQ(gone[0], "chamado_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
  EXPECT_EQ(gone[1], "chamado_csrf=; Path=/; SameSite=Lax; Max-Age=0");
}

TEST(Cookies, OnlyReadsAreSafeMethods) {
  EXPECT_TRUE(IsSafeMethod("GET"));
  EXPECT_TRUE(IsSafeMethod("HEAD"));
  EXPECT_TRUE(IsSafeMethod("OPTIONS"));
  EXPECT_FALSE(IsSafeMethod("POST"));
  EXPECT_FALSE(IsSafeMethod("DELETE"));
}

TEST(Cookies, TheUserAgentIsCutWithoutSplittingACharacter) {
  std::string ua(199, 'a');
  ua += "é and more";  // é is two bytes: bytes 199 and 200
  auto r = WithHeader("user-agent", ua);
  EXPECT_EQ(UserAgentOf(r), std::string(199, 'a'));
  EXPECT_EQ(UserAgentOf(WithHeader("user-agent", "curl/8")), "curl/8");
  Request req = WithHeader("user-agent", "x");
  req.client_addr = "203.0.113.9";
  req.remote_addr = "127.0.0.1";
  EXPECT_EQ(ClientOf(req).ip, "203.0.113.9");
}

TEST(Cookies, FormBodiesAreDecoded) {
  auto f = ParseFormBody("jwt=a.b.c&return_to=https%3A%2F%2Fhelp.example.com%2Frequests%3Fx%3D1&note=two+words");
  ASSERT_TRUE(f) << f.error().description;
  EXPECT_EQ(f->at("jwt"), "a.b.c");
  EXPECT_EQ(f->at("return_to"), "https://help.example.com/requests?x=1");
  EXPECT_EQ(f->at("note"), "two words");
  EXPECT_TRUE(ParseFormBody("")->empty());
  EXPECT_FALSE(ParseFormBody("jwt=%zz"));
}

}  // namespace
}  // namespace chamado::http
