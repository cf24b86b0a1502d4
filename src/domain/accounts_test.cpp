#include "domain/accounts.hpp"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace chamado {
namespace {

using namespace std::chrono_literals;

const std::function<bool(std::string_view)> kCommon = [](std::string_view lower) {
  static const std::set<std::string, std::less<>> list = {"password123", "senha12345", "contraseña1"};
  return list.contains(lower);
};

PasswordProblem Check(std::string_view pw, std::string_view email = "ana.souza@cliente.com.br",
                      std::string_view name = "Ana Souza") {
  return CheckPassword(pw, email, name, kCommon);
}

TEST(Passwords, LengthIsCountedInCharactersNotBytes) {
  EXPECT_EQ(Check("short1!"), PasswordProblem::kTooShort);
  EXPECT_EQ(Check("9-letras!"), PasswordProblem::kTooShort);
  EXPECT_EQ(Check("dez-letra!"), PasswordProblem::kNone);
  // Nine accented letters are 18 bytes but still nine characters.
  EXPECT_EQ(Check("çãéíóúñàâ"), PasswordProblem::kTooShort);
  EXPECT_EQ(Check("çãéíóúñàâê"), PasswordProblem::kNone);
  EXPECT_EQ(Check(std::string(1024, 'x') + ""), PasswordProblem::kTooCommon);  // a repeat, but not too long
  std::string long_pw;
  for (int i = 0; i < 200; ++i) long_pw += "k9#Lm";
  EXPECT_EQ(Check(long_pw.substr(0, 1024)), PasswordProblem::kTooCommon);  // "k9#Lm" repeated
  std::string varied;
  for (int i = 0; varied.size() <= 1024; ++i) varied += std::to_string(i * 7919) + "-";
  EXPECT_EQ(Check(varied), PasswordProblem::kTooLong);
  EXPECT_EQ(Check(varied.substr(0, 1024)), PasswordProblem::kNone);
}

TEST(Passwords, TheCommonListIsCheckedLowerCased) {
  EXPECT_EQ(Check("password123"), PasswordProblem::kTooCommon);
  EXPECT_EQ(Check("PassWord123"), PasswordProblem::kTooCommon);
  EXPECT_EQ(Check("SENHA12345"), PasswordProblem::kTooCommon);
  EXPECT_EQ(Check("CONTRASEÑA1"), PasswordProblem::kTooCommon);
  EXPECT_EQ(Check("correct horse battery staple"), PasswordProblem::kNone);
  // Without a list only the built-in rules apply.
  EXPECT_EQ(CheckPassword("password123", "a@b.co", "A", nullptr), PasswordProblem::kNone);
}

TEST(Passwords, RunsRepeatsAndKeyboardWalksAreTooEasy) {
  for (std::string_view pw :
       {"1234567890", "0987654321", "abcdefghij", "JIHGFEDCBA", "qwertyuiop", "QWERTYUIOPASDF", "1qaz2wsx3edc",
        "1q2w3e4r5t", "aaaaaaaaaaaa", "1212121212", "abcabcabca", "senhasenha", "!@#$%^&*()", "ññññññññññ"}) {
    EXPECT_EQ(Check(pw), PasswordProblem::kTooCommon) << pw;
  }
  EXPECT_EQ(Check("1234567890x"), PasswordProblem::kNone);  // not a plain run any more
  EXPECT_EQ(Check("tomate-azul-17"), PasswordProblem::kNone);
}

TEST(Passwords, MayNotBeTheEmailOrTheName) {
  EXPECT_EQ(Check("ana.souza@cliente.com.br"), PasswordProblem::kLikeIdentity);
  EXPECT_EQ(Check("ANA.SOUZA@CLIENTE.COM.BR!"), PasswordProblem::kLikeIdentity);
  EXPECT_EQ(Check("Ana.Souza2024"), PasswordProblem::kLikeIdentity);  // local part + digits
  EXPECT_EQ(Check("2024anasouza"), PasswordProblem::kLikeIdentity);
  EXPECT_EQ(Check("Ana Souza 123"), PasswordProblem::kLikeIdentity);  // the name
  EXPECT_EQ(Check("anasouzacliente"), PasswordProblem::kNone);        // more than the name
  // Identity wins over the list: the user learns the more useful rule.
  EXPECT_EQ(CheckPassword("password123", "password@x.io", "P", kCommon), PasswordProblem::kLikeIdentity);
}

TEST(Passwords, ProblemsAreNamedAndWordedInTheUsersLanguage) {
  EXPECT_EQ(PasswordProblemCode(PasswordProblem::kTooShort), "TooShort");
  EXPECT_EQ(PasswordProblemCode(PasswordProblem::kTooLong), "TooLong");
  EXPECT_EQ(PasswordProblemCode(PasswordProblem::kTooCommon), "TooCommon");
  EXPECT_EQ(PasswordProblemCode(PasswordProblem::kLikeIdentity), "LikeIdentity");
  EXPECT_EQ(PasswordProblemText(PasswordProblem::kTooShort, "pt-BR"), "A senha deve ter pelo menos 10 caracteres.");
  EXPECT_EQ(PasswordProblemText(PasswordProblem::kTooShort, "es"), "La contraseña debe tener al menos 10 caracteres.");
  EXPECT_EQ(PasswordProblemText(PasswordProblem::kTooShort, "en"), "Password must be at least 10 characters long.");
  EXPECT_EQ(PasswordProblemText(PasswordProblem::kTooShort, "fr"), PasswordProblemText(PasswordProblem::kTooShort, ""));
  for (auto p : {PasswordProblem::kTooShort, PasswordProblem::kTooLong, PasswordProblem::kTooCommon,
                 PasswordProblem::kLikeIdentity}) {
    std::set<std::string> texts;
    for (auto loc : {"pt-BR", "es", "en"}) texts.insert(PasswordProblemText(p, loc));
    EXPECT_EQ(texts.size(), 3u) << PasswordProblemCode(p);
  }
  const Error e = PasswordError(PasswordProblem::kTooCommon, "en");
  EXPECT_EQ(e.code, ErrorCode::kInvalid);
  ASSERT_EQ(e.fields.size(), 1u);
  EXPECT_EQ(e.fields[0].field, "password");
  EXPECT_EQ(e.fields[0].error, "TooCommon");
  EXPECT_NE(e.fields[0].description.find("too common"), std::string::npos);
}

// ---------------------------------------------------------------- sessions, throttles

const Instant kT0 = FromUnix(1'760'000'000);

TEST(Sessions, IdleAndAbsoluteLimits) {
  const SessionPolicy p{.idle = 24h, .absolute = 720h, .touch_every = 60s};
  EXPECT_EQ(JudgeSession(p, kT0, kT0, kT0 + 23h), SessionState::kValid);
  EXPECT_EQ(JudgeSession(p, kT0, kT0, kT0 + 24h), SessionState::kIdleExpired);
  // Used every day, it still ends 30 days after sign-in.
  EXPECT_EQ(JudgeSession(p, kT0, kT0 + 719h, kT0 + 719h + 30min), SessionState::kValid);
  EXPECT_EQ(JudgeSession(p, kT0, kT0 + 719h, kT0 + 720h), SessionState::kExpired);
  EXPECT_FALSE(SessionNeedsTouch(p, kT0, kT0 + 59s));
  EXPECT_TRUE(SessionNeedsTouch(p, kT0, kT0 + 60s));
}

TEST(Throttles, RetryAfterCountsFromTheOldestAttemptInTheWindow) {
  const ThrottleRule r{.max = 10, .window = 15min};
  EXPECT_EQ(RetryAfterSeconds(r, 9, kT0, kT0 + 1min), 0);
  EXPECT_EQ(RetryAfterSeconds(r, 10, kT0, kT0 + 1min), 14 * 60);
  EXPECT_EQ(RetryAfterSeconds(r, 12, kT0, kT0 + 15min), 1);  // at least one second
  EXPECT_EQ(RetryAfterSeconds(r, 10, std::nullopt, kT0), 15 * 60);
  EXPECT_EQ(RetryAfterSeconds(ThrottleRule{.max = 0, .window = 1h}, 0, std::nullopt, kT0), 3600);
}

// ---------------------------------------------------------------- return_to

TEST(ReturnTo, OwnPathsPassAndOurAbsoluteUrlBecomesItsPath) {
  const std::string_view pub = "https://help.example.com";
  EXPECT_EQ(SafeReturnTo("/requests/5?x=1#c", pub), "/requests/5?x=1#c");
  EXPECT_EQ(SafeReturnTo("https://help.example.com/requests/5?x=1", pub), "/requests/5?x=1");
  EXPECT_EQ(SafeReturnTo("HTTPS://Help.Example.COM:443/a", pub), "/a");
  EXPECT_EQ(SafeReturnTo("https://help.example.com", pub), "/");
  EXPECT_EQ(SafeReturnTo("https://help.example.com?x=1", pub), "/?x=1");
  EXPECT_EQ(SafeReturnTo("", pub), "/");
}

TEST(ReturnTo, EveryOtherOriginAndTrickGoesHome) {
  const std::string_view pub = "http://ourhost";
  for (std::string_view attack : {"//evil.com",
                                  "//evil.com/path",
                                  "/\\evil.com",
                                  "\\\\evil.com",
                                  "https://evil.com",
                                  "http://evil.com/",
                                  "http://ourhost.evil.com",
                                  "http://ourhost.evil.com/x",
                                  "http://ourhost@evil.com/",
                                  "http://ourhost:81/x",
                                  "https://ourhost/x",
                                  "javascript:alert(1)",
                                  "JavaScript://ourhost/%0aalert(1)",
                                  "data:text/html,hi",
                                  "/x%0d%0aSet-Cookie:a=b",
                                  "/x%0ALocation:%20http://evil.com",
                                  "/x\r\nSet-Cookie: a=b",
                                  "/%2f/evil.com",
                                  "/%5Cevil.com",
                                  " //evil.com",
                                  "\t/x",
                                  "requests/5",
                                  "ftp://ourhost/x",
                                  "http:///evil.com"}) {
    EXPECT_EQ(SafeReturnTo(attack, pub), "/") << attack;
  }
  EXPECT_EQ(SafeReturnTo("http://ourhost/ok", pub), "/ok");
  EXPECT_EQ(SafeReturnTo("/anything", ""), "/anything");
  EXPECT_EQ(SafeReturnTo("http://ourhost/ok", ""), "/");  // no public URL: no absolute URL is ours
}

TEST(ReturnTo, APublicUrlWithAPathIsTheBase) {
  const std::string_view pub = "https://example.com/help/";
  EXPECT_EQ(SafeReturnTo("https://example.com/help/requests/1", pub), "/requests/1");
  EXPECT_EQ(SafeReturnTo("https://example.com/help", pub), "/");
  EXPECT_EQ(SafeReturnTo("https://example.com/other", pub), "/");     // our host, not our app
  EXPECT_EQ(SafeReturnTo("https://example.com/helpdesk", pub), "/");  // a prefix is not the base
  EXPECT_EQ(SafeReturnTo("/help/requests/1", pub), "/requests/1");
  EXPECT_EQ(SafeReturnTo("/requests/1", pub), "/requests/1");
}

// ---------------------------------------------------------------- JWT

TEST(Jwt, Base64UrlRoundTripsWithoutPadding) {
  for (const std::string& s :
       std::vector<std::string>{"", "f", "fo", "foo", "foob", "fooba", "foobar", std::string("\xff\xfe\x00?>", 5)}) {
    const std::string enc = Base64UrlEncode(s);
    EXPECT_EQ(enc.find('='), std::string::npos);
    EXPECT_EQ(enc.find('+'), std::string::npos);
    EXPECT_EQ(enc.find('/'), std::string::npos);
    EXPECT_EQ(Base64UrlDecode(enc), s) << enc;
  }
  EXPECT_EQ(Base64UrlEncode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64UrlEncode(std::string("\xfb\xff", 2)), "-_8");
  EXPECT_EQ(Base64UrlDecode("Zm9vYg=="), "foob");  // padding tolerated
  EXPECT_FALSE(Base64UrlDecode("Zm9vY"));          // impossible length
  EXPECT_FALSE(Base64UrlDecode("Zm9v+mFy"));       // the standard alphabet's + is not base64url
  EXPECT_FALSE(Base64UrlDecode("Zm9=vYmFy"));
  EXPECT_FALSE(Base64UrlDecode("Zh"));  // non-zero unused bits: not a canonical encoding
}

TEST(Jwt, SplitsIntoDecodedParts) {
  const std::string h = Base64UrlEncode(R"({"alg":"HS256","typ":"JWT"})");
  const std::string b = Base64UrlEncode(R"({"email":"a@b.co"})");
  const std::string s = Base64UrlEncode("\x01\x02sig");
  auto p = SplitJwt(h + "." + b + "." + s);
  ASSERT_TRUE(p) << p.error().description;
  EXPECT_EQ(p->header_json, R"({"alg":"HS256","typ":"JWT"})");
  EXPECT_EQ(p->payload_json, R"({"email":"a@b.co"})");
  EXPECT_EQ(p->signing_input, h + "." + b);
  EXPECT_EQ(p->signature, "\x01\x02sig");
  // alg "none" has an empty signature: it splits, and the algorithm check refuses it.
  auto none = SplitJwt(h + "." + b + ".");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->signature, "");
  for (const std::string& bad :
       std::vector<std::string>{std::string(), h, h + "." + b, h + "." + b + "." + s + ".x", "." + b + "." + s,
                                h + "...", h + ".*bad*." + s, std::string(20000, 'a') + "." + b + "." + s}) {
    auto r = SplitJwt(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kBadRequest);
  }
}

JwtClaims Good() {
  JwtClaims c;
  c.alg = "HS256";
  c.iat = UnixSeconds(kT0);
  c.jti = "j-1";
  c.email = "ana@cliente.com.br";
  c.name = "Ana";
  return c;
}

TEST(Jwt, ClaimsAreJudgedAgainstTheClockWithSkew) {
  EXPECT_EQ(JudgeJwtClaims(Good(), kT0, 180s), JwtProblem::kNone);
  EXPECT_EQ(JudgeJwtClaims(Good(), kT0 + 180s, 180s), JwtProblem::kNone);
  EXPECT_EQ(JudgeJwtClaims(Good(), kT0 + 181s, 180s), JwtProblem::kTooOld);
  EXPECT_EQ(JudgeJwtClaims(Good(), kT0 - 181s, 180s), JwtProblem::kIssuedInFuture);
  auto c = Good();
  c.alg = "none";
  EXPECT_EQ(JudgeJwtClaims(c, kT0, 180s), JwtProblem::kBadAlgorithm);
  c.alg = "RS256";
  EXPECT_EQ(JudgeJwtClaims(c, kT0, 180s), JwtProblem::kBadAlgorithm);
  for (int missing = 0; missing < 4; ++missing) {
    c = Good();
    if (missing == 0) c.iat.reset();
    if (missing == 1) c.jti.clear();
    if (missing == 2) c.email.clear();
    if (missing == 3) c.name.clear();
    EXPECT_EQ(JudgeJwtClaims(c, kT0, 180s), JwtProblem::kMissingClaim) << missing;
  }
  c = Good();
  c.exp = UnixSeconds(kT0) + 60;
  EXPECT_EQ(JudgeJwtClaims(c, kT0 + 100s, 180s), JwtProblem::kNone);  // within the skew
  c.exp = UnixSeconds(kT0) - 200;
  EXPECT_EQ(JudgeJwtClaims(c, kT0, 180s), JwtProblem::kExpired);
  EXPECT_FALSE(JwtProblemText(JwtProblem::kExpired).empty());
}

TEST(Jwt, ZendeskLocaleIds) {
  EXPECT_EQ(LocaleFromZendeskId("1"), "en");
  EXPECT_EQ(LocaleFromZendeskId("2"), "es");
  EXPECT_EQ(LocaleFromZendeskId("19"), "pt-BR");
  EXPECT_EQ(LocaleFromZendeskId(" 19 "), "pt-BR");
  EXPECT_EQ(LocaleFromZendeskId("pt-br"), "pt-BR");
  EXPECT_EQ(LocaleFromZendeskId("es-419"), "es");
  EXPECT_EQ(LocaleFromZendeskId("en-US"), "en");
  EXPECT_EQ(LocaleFromZendeskId("8"), "");
  EXPECT_EQ(LocaleFromZendeskId("fr"), "");
  EXPECT_EQ(LocaleFromZendeskId(""), "");
}

TEST(Profile, TimeZonesComeFromTheTzDatabase) {
  EXPECT_TRUE(IsValidTimeZone("America/Sao_Paulo"));
  EXPECT_TRUE(IsValidTimeZone("America/Argentina/Buenos_Aires"));
  EXPECT_TRUE(IsValidTimeZone("UTC"));
  EXPECT_FALSE(IsValidTimeZone("Mars/Olympus_Mons"));
  EXPECT_FALSE(IsValidTimeZone(""));
  EXPECT_FALSE(IsValidTimeZone("../../etc/passwd"));
}

}  // namespace
}  // namespace chamado
