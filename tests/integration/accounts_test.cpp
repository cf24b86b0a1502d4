// Accounts and sign-in for customers (issue 8; docs/accounts.md): sign-up with e-mail
// verification, login with the session cookie on every /api/v2 route, password reset by a
// one-time link (the same flow serves someone who only ever e-mailed support), and the attacks
// the issue names: account enumeration, reset-link reuse and expiry, CSRF, session fixation,
// brute force, mail bombing. Links are read from the .eml files of DATA/mail-out (no smtp_url).
// On both stores.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness.hpp"

namespace it {
namespace {

const std::string kPassword = "Blue-Lagoon-42-Piano";
const std::string kOtherPassword = "Seventeen-Red-Kites";

std::string J(const json::object& o) { return json::serialize(o); }

Response Signup(const Server& s, const std::string& email, const std::string& password,
                const std::string& name = "Dora Maria", const std::string& locale = "en") {
  return Client(s).Post(AuthPath("signup"),
                        J({{"name", name}, {"email", email}, {"password", password}, {"locale", locale}}));
}

Response Login(Browser& b, const std::string& email, const std::string& password) {
  return b.Post(AuthPath("login"), J({{"email", email}, {"password", password}}));
}

Response Forgot(const Server& s, const std::string& email) {
  return Client(s).Post(AuthPath("password/forgot"), J({{"email", email}}));
}

Response Reset(Browser& b, const std::string& token, const std::string& password) {
  return b.Post(AuthPath("password/reset"), J({{"token", token}, {"password", password}}));
}

// Is this browser's session still good? GET auth/session answers 200 or 401.
int SessionStatus(const Server& s, const std::string& session_cookie) {
  Browser b(s);
  b.SetCookieValue("chamado_session", session_cookie);
  return b.Get(AuthPath("session")).status;
}

std::vector<std::int64_t> Ids(const json::value& list) {
  std::vector<std::int64_t> out;
  for (const auto& t : list.as_array()) out.push_back(t.at("id").as_int64());
  return out;
}

std::string PasswordRule(const Response& r) {
  if (r.status != 422 || !DetailsName(r, "password")) return "";
  return Str(r["details"].at("password").at(0).at("error"));
}

void ExpectCouldNotAuthenticate(const Response& r, const std::string& what) {
  EXPECT_EQ(r.status, 401) << what << ": " << r.body;
  EXPECT_EQ(r.body, R"({"error":"Couldn't authenticate you"})") << what;
  EXPECT_FALSE(CookieSet(r, "chamado_session")) << what << " must not set a session";
}

// ------------------------------------------------------------------ sign-up, verify, login

TEST(Accounts, ConfigTellsThePortalWhatIsOn) {
  Server s;
  auto r = Client(s).Get(AuthPath("config"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r["signup"].as_bool());
  EXPECT_FALSE(r["sso"].at("enabled").as_bool());
  EXPECT_EQ(r["password_min_length"].as_int64(), 10);
}

TEST(Accounts, SignupVerifyAndLoginGiveASessionCookieTheWholeApiAccepts) {
  Server s;
  const std::string email = "dora@customer.example";
  auto up = Signup(s, email, kPassword);
  ASSERT_EQ(up.status, 202) << up.body;
  EXPECT_EQ(up.body, R"({"status":"accepted"})");
  // Not verified yet: the password does not open anything, and says nothing more.
  Browser early(s);
  ExpectCouldNotAuthenticate(Login(early, email, kPassword), "unverified");

  const std::string mail = WaitForMailTo(s, email, 0);
  ASSERT_NE(mail, "") << "no verification mail";
  EXPECT_NE(mail.find("http://127.0.0.1:8080/verify-email#token="), std::string::npos)
      << "the link is built from [server] public_url and carries the token in the fragment";
  const std::string token = LinkToken(mail, "verify-email");
  ASSERT_GE(token.size(), 20u);

  Browser b(s);
  auto v = b.Post(AuthPath("verify"), J({{"token", token}}));
  ASSERT_EQ(v.status, 200) << v.body;
  EXPECT_EQ(Str(v["user"].at("email")), email);
  EXPECT_TRUE(v["user"].at("verified").as_bool());
  auto session = CookieSet(v, "chamado_session");
  auto csrf = CookieSet(v, "chamado_csrf");
  ASSERT_TRUE(session && csrf) << v.body;
  EXPECT_GE(session->value.size(), 32u);
  EXPECT_TRUE(session->Has("HttpOnly")) << session->line;
  EXPECT_TRUE(session->Has("SameSite=Lax")) << session->line;
  EXPECT_TRUE(session->Has("Path=/")) << session->line;
  EXPECT_TRUE(session->Has("Max-Age=2592000")) << session->line;  // 720 hours
  EXPECT_FALSE(session->Has("Secure")) << "public_url is http here: " << session->line;
  EXPECT_FALSE(csrf->Has("HttpOnly")) << "the page's JavaScript reads it: " << csrf->line;
  EXPECT_EQ(Str(v["csrf_token"]), csrf->value);
  // The link works once.
  auto again = Browser(s).Post(AuthPath("verify"), J({{"token", token}}));
  EXPECT_EQ(again.status, 422) << again.body;
  EXPECT_TRUE(DetailsName(again, "token")) << again.body;

  auto me = b.Get("/api/v2/users/me.json");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(Str(me["user"].at("email")), email);
  EXPECT_EQ(Str(me["user"].at("name")), "Dora Maria");
  EXPECT_EQ(Str(me["user"].at("role")), "end-user");
  EXPECT_EQ(Str(me["user"].at("locale")), "en");

  // Later, from another browser: the password.
  Browser later(s);
  auto in = Login(later, email, kPassword);
  ASSERT_EQ(in.status, 200) << in.body;
  EXPECT_EQ(Str(in["user"].at("email")), email);
  EXPECT_NE(later.session(), b.session());
  auto none = later.Get("/api/v2/requests.json");
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_TRUE(none["requests"].as_array().empty());
  auto created = later.Post("/api/v2/requests.json", R"({"request":{"subject":"Printer","comment":{"body":"Jam"}}})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(Ids(later.Get("/api/v2/requests.json")["requests"]),
            std::vector<std::int64_t>{created["request"].at("id").as_int64()});
  auto who = later.Get(AuthPath("session"));
  ASSERT_EQ(who.status, 200) << who.body;
  EXPECT_EQ(Str(who["user"].at("email")), email);
  EXPECT_EQ(Str(who["csrf_token"]), later.csrf());
  EXPECT_TRUE(who["session"].as_object().contains("created_at")) << who.body;
}

TEST(Accounts, ACustomerSessionSeesOnlyHerOwnAndCcTicketsAndNoInternalNote) {
  ScopedEnv no_duplicates("CHAMADO_DUPLICATES_MODE", "off");
  Desk d;
  const auto own = d.NewTicket("alice@customer.example", "Alice's router");
  const auto ccd = d.NewTicket("bob@customer.example", "Bob's, Alice CC", R"("collaborators":[)" + S(d.alice_id) + "]");
  const auto bobs = d.NewTicket("bob@customer.example", "Bob's secret");
  ASSERT_EQ(d.Agent()
                .Put(TicketPath(own), R"({"ticket":{"comment":{"body":"INTERNAL: check her billing","public":false}}})")
                .status,
            200);
  Browser alice = SetPasswordByMail(d.server, "alice@customer.example", kPassword);

  auto mine = alice.Get("/api/v2/requests.json");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(Ids(mine["requests"]), std::vector<std::int64_t>{own});
  EXPECT_EQ(Ids(alice.Get("/api/v2/requests/ccd.json")["requests"]), std::vector<std::int64_t>{ccd});
  EXPECT_EQ(alice.Get("/api/v2/requests/" + S(bobs) + ".json").status, 404);
  auto comments = alice.Get("/api/v2/requests/" + S(own) + "/comments.json");
  ASSERT_EQ(comments.status, 200) << comments.body;
  EXPECT_EQ(comments["comments"].as_array().size(), 1u);
  EXPECT_EQ(comments.body.find("INTERNAL"), std::string::npos);
  EXPECT_EQ(alice.Get("/api/v2/tickets.json").status, 403) << "a session is still an end user";
  EXPECT_EQ(alice.Get(TicketPath(own)).status, 403);
}

TEST(Accounts, SomeoneWhoOnlyEmailedSupportSetsAPasswordThroughForgotAndSeesTheirTickets) {
  Desk d;
  const std::string carol = "carol@customer.example";
  const auto id = d.NewTicket(carol, "Wrote by e-mail");  // Carol exists only as a requester
  Browser b(d.server);
  ExpectCouldNotAuthenticate(Login(b, carol, kPassword), "no password yet");

  Browser reset = SetPasswordByMail(d.server, carol, kPassword);
  auto me = reset.Get("/api/v2/users/me.json");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(Str(me["user"].at("email")), carol);
  EXPECT_TRUE(me["user"].at("verified").as_bool()) << "the link proved the address";
  EXPECT_EQ(Ids(reset.Get("/api/v2/requests.json")["requests"]), std::vector<std::int64_t>{id});

  auto in = Login(b, carol, kPassword);
  ASSERT_EQ(in.status, 200) << in.body;
  EXPECT_EQ(Ids(b.Get("/api/v2/requests.json")["requests"]), std::vector<std::int64_t>{id});
}

TEST(Accounts, SigningUpWithAnAddressThatWroteBeforeSendsTheLinkThatSetsThePassword) {
  Desk d;
  const std::string carol = "carol@customer.example";
  const auto id = d.NewTicket(carol, "Wrote by e-mail");
  const auto before = MailsTo(d.server, carol).size();
  ASSERT_EQ(Signup(d.server, carol, kPassword, "Carol").status, 202);
  const std::string token = LinkToken(WaitForMailTo(d.server, carol, before), "verify-email");
  ASSERT_NE(token, "");
  Browser b(d.server);
  ASSERT_EQ(b.Post(AuthPath("verify"), J({{"token", token}})).status, 200);
  EXPECT_EQ(Ids(b.Get("/api/v2/requests.json")["requests"]), std::vector<std::int64_t>{id});
  Browser again(d.server);
  EXPECT_EQ(Login(again, carol, kPassword).status, 200) << "the verified sign-up set the password";
}

TEST(Accounts, VerificationCanBeResent) {
  Server s;
  const std::string email = "dora@customer.example";
  ASSERT_EQ(Signup(s, email, kPassword).status, 202);
  ASSERT_NE(WaitForMailTo(s, email, 0), "");
  auto r = Client(s).Post(AuthPath("verify/resend"), J({{"email", email}}));
  EXPECT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(r.body, R"({"status":"accepted"})");
  // The sign-up's password travelled with the first link only (it is nobody's until the
  // address is proved): the new link asks for a password again, and proves the address too.
  const std::string token = LinkToken(WaitForMailTo(s, email, 1), "reset-password");
  ASSERT_NE(token, "");
  Browser b(s);
  auto set = Reset(b, token, kOtherPassword);
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_TRUE(set["user"].at("verified").as_bool());
  EXPECT_EQ(Str(b.Get("/api/v2/users/me.json")["user"].at("email")), email);
  // For an address nobody signed up with: the same answer.
  auto unknown = Client(s).Post(AuthPath("verify/resend"), J({{"email", "nobody@customer.example"}}));
  EXPECT_EQ(unknown.status, r.status);
  EXPECT_EQ(unknown.body, r.body);
}

TEST(Accounts, SignupCanBeTurnedOff) {
  ScopedEnv off("CHAMADO_AUTH_SIGNUP", "false");
  Server s;
  EXPECT_FALSE(Client(s).Get(AuthPath("config"))["signup"].as_bool());
  EXPECT_EQ(Signup(s, "dora@customer.example", kPassword).status, 403);
}

TEST(Accounts, AuthPostsMustBeJsonSoNoOtherSiteCanPostAForm) {
  Desk d;
  SetPasswordByMail(d.server, "alice@customer.example", kPassword);
  auto form =
      Browser(d.server).Send("POST", AuthPath("login"), "email=alice%40customer.example&password=Blue-Lagoon-42-Piano",
                             {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(form.status, 400) << form.body;
  EXPECT_FALSE(CookieSet(form, "chamado_session"));
}

// ------------------------------------------------------------------ enumeration

TEST(Accounts, AnswersNeverTellWhetherAnEmailIsRegistered) {
  Desk d;
  SetPasswordByMail(d.server, "alice@customer.example", kPassword);
  const std::string stranger = "stranger@customer.example", ghost = "ghost@customer.example";

  // Sign-up: a registered address (with a password) and a new one.
  const auto alice_mails = MailsTo(d.server, "alice@customer.example").size();
  auto known = Signup(d.server, "alice@customer.example", kOtherPassword, "Alice");
  auto unknown = Signup(d.server, stranger, kOtherPassword, "Alice");
  EXPECT_EQ(known.status, 202);
  EXPECT_EQ(known.status, unknown.status);
  EXPECT_EQ(known.body, unknown.body);
  EXPECT_FALSE(CookieSet(known, "chamado_session") || CookieSet(unknown, "chamado_session"));
  // The owner learns of it by mail (with a reset link); the password did not change.
  const std::string exists = WaitForMailTo(d.server, "alice@customer.example", alice_mails);
  EXPECT_NE(LinkToken(exists, "reset-password"), "") << exists;
  Browser alice(d.server);
  EXPECT_EQ(Login(alice, "alice@customer.example", kPassword).status, 200);

  // Forgot password.
  auto forgot_known = Forgot(d.server, "alice@customer.example");
  auto forgot_unknown = Forgot(d.server, ghost);
  EXPECT_EQ(forgot_known.status, 202);
  EXPECT_EQ(forgot_known.status, forgot_unknown.status);
  EXPECT_EQ(forgot_known.body, forgot_unknown.body);
  ClockAdvance(d.server, 0);  // sends what is due
  EXPECT_TRUE(MailsTo(d.server, ghost).empty()) << "no mail to an address nobody registered";

  // Login: wrong e-mail, wrong password, unknown and known.
  Browser b(d.server);
  auto wrong_email = Login(b, ghost, kPassword);
  auto wrong_password = Login(b, "alice@customer.example", kOtherPassword);
  ExpectCouldNotAuthenticate(wrong_email, "wrong e-mail");
  ExpectCouldNotAuthenticate(wrong_password, "wrong password");
  EXPECT_EQ(wrong_email.body, wrong_password.body);
  // An address with tickets but no password answers the same too.
  ExpectCouldNotAuthenticate(Login(b, "bob@customer.example", kPassword), "no password");
}

// ------------------------------------------------------------------ password rules

TEST(Accounts, PasswordRulesAnswer422NamingTheRule) {
  Desk d;
  auto too_short = Signup(d.server, "ricardo.mendes@customer.example", "Short-1", "Ricardo Mendes");
  EXPECT_EQ(PasswordRule(too_short), "TooShort") << too_short.body;
  EXPECT_FALSE(Str(too_short["details"].at("password").at(0).at("description")).empty());
  auto common = Signup(d.server, "ricardo.mendes@customer.example", "qwertyuiop", "Ricardo Mendes");
  EXPECT_EQ(PasswordRule(common), "TooCommon") << common.body;  // a keyboard walk
  auto listed = Signup(d.server, "ricardo.mendes@customer.example", "CONTRASEÑA123", "Ricardo Mendes");
  EXPECT_EQ(PasswordRule(listed), "TooCommon") << listed.body;  // on the list, whatever the case
  auto like_email = Signup(d.server, "ricardo.mendes@customer.example", "ricardo.mendes", "Ricardo Mendes");
  EXPECT_EQ(PasswordRule(like_email), "LikeIdentity") << like_email.body;
  auto whole_email =
      Signup(d.server, "ricardo.mendes@customer.example", "Ricardo.Mendes@customer.example", "Ricardo Mendes");
  EXPECT_EQ(PasswordRule(whole_email), "LikeIdentity") << whole_email.body;
  auto too_long = Signup(d.server, "ricardo.mendes@customer.example", std::string(2000, 'k') + "x1", "Ricardo Mendes");
  EXPECT_EQ(PasswordRule(too_long), "TooLong") << too_long.status;
  ClockAdvance(d.server, 0);
  EXPECT_TRUE(MailsTo(d.server, "ricardo.mendes@customer.example").empty()) << "a refused sign-up mails nobody";

  // The reset answers the same way, and the link survives a refused password.
  const std::string token = ResetToken(d.server, "alice@customer.example");
  Browser b(d.server);
  EXPECT_EQ(PasswordRule(Reset(b, token, "short")), "TooShort");
  EXPECT_EQ(PasswordRule(Reset(b, token, "alice@customer.example")), "LikeIdentity");
  EXPECT_EQ(Reset(b, token, kPassword).status, 200);

  // Changing it: the current password must be right, the new one must pass the rules.
  auto wrong =
      b.Post(AuthPath("password/change"), J({{"current_password", "not-it-at-all"}, {"password", kOtherPassword}}));
  EXPECT_EQ(wrong.status, 422) << wrong.body;
  EXPECT_TRUE(DetailsName(wrong, "current_password")) << wrong.body;
  EXPECT_EQ(
      PasswordRule(b.Post(AuthPath("password/change"), J({{"current_password", kPassword}, {"password", "tiny"}}))),
      "TooShort");
  auto ok = b.Post(AuthPath("password/change"), J({{"current_password", kPassword}, {"password", kOtherPassword}}));
  EXPECT_EQ(ok.status, 204) << ok.body;
  Browser fresh(d.server);
  EXPECT_EQ(Login(fresh, "alice@customer.example", kPassword).status, 401);
  EXPECT_EQ(Login(fresh, "alice@customer.example", kOtherPassword).status, 200);
}

// ------------------------------------------------------------------ reset links

TEST(Accounts, AResetLinkWorksOnceAndNotAfterItExpires) {
  Desk d;
  const std::string alice = "alice@customer.example";
  const std::string first = ResetToken(d.server, alice);
  Browser b(d.server);
  ASSERT_EQ(Reset(b, first, kPassword).status, 200);
  auto reused = Reset(b, first, kOtherPassword);
  EXPECT_EQ(reused.status, 422) << reused.body;
  EXPECT_TRUE(DetailsName(reused, "token")) << reused.body;

  // Expired: reset_link_minutes is 60.
  const std::string late = ResetToken(d.server, alice);
  ClockAdvance(d.server, 61 * 60);
  auto expired = Reset(b, late, kOtherPassword);
  EXPECT_EQ(expired.status, 422) << expired.body;
  EXPECT_TRUE(DetailsName(expired, "token")) << expired.body;
  auto bogus = Reset(b, "not-a-token-we-ever-sent-0123456789", kOtherPassword);
  EXPECT_EQ(bogus.status, 422) << bogus.body;
  Browser check(d.server);
  EXPECT_EQ(Login(check, alice, kPassword).status, 200) << "nothing changed the password";

  // Using one link voids the others still out there.
  const std::string a = ResetToken(d.server, alice);
  const std::string c = ResetToken(d.server, alice);
  ASSERT_EQ(Reset(b, c, kOtherPassword).status, 200);
  EXPECT_EQ(Reset(b, a, kPassword).status, 422);
}

TEST(Accounts, AResetEndsEveryOtherSession) {
  Desk d;
  const std::string alice = "alice@customer.example";
  SetPasswordByMail(d.server, alice, kPassword);
  Browser laptop = LoggedIn(d.server, alice, kPassword);
  Browser phone = LoggedIn(d.server, alice, kPassword);
  ASSERT_EQ(laptop.Get(AuthPath("session")).status, 200);

  Browser thief_suspected(d.server);
  ASSERT_EQ(Reset(thief_suspected, ResetToken(d.server, alice), kOtherPassword).status, 200);
  EXPECT_EQ(laptop.Get(AuthPath("session")).status, 401);
  EXPECT_EQ(phone.Get("/api/v2/requests.json").status, 401);
  EXPECT_EQ(thief_suspected.Get(AuthPath("session")).status, 200);

  // A password change ends the others too, but keeps the one that changed it.
  Browser other = LoggedIn(d.server, alice, kOtherPassword);
  ASSERT_EQ(thief_suspected
                .Post(AuthPath("password/change"), J({{"current_password", kOtherPassword}, {"password", kPassword}}))
                .status,
            204);
  EXPECT_EQ(other.Get(AuthPath("session")).status, 401);
  EXPECT_EQ(thief_suspected.Get(AuthPath("session")).status, 200);
}

// ------------------------------------------------------------------ CSRF and credentials

TEST(Accounts, ACookieWriteNeedsTheCsrfToken) {
  Desk d;
  Browser alice = SetPasswordByMail(d.server, "alice@customer.example", kPassword);
  const std::string body = R"({"request":{"subject":"Forged","comment":{"body":"from another site"}}})";
  alice.send_csrf = false;
  auto missing = alice.Post("/api/v2/requests.json", body);
  EXPECT_EQ(missing.status, 403) << missing.body;
  EXPECT_EQ(Str(missing["error"]), "InvalidCsrfToken") << missing.body;
  auto wrong = alice.Send("POST", "/api/v2/requests.json", body, {{"X-CSRF-Token", "0123456789abcdef"}});
  EXPECT_EQ(wrong.status, 403) << wrong.body;
  auto profile = alice.Put("/api/v2/chamado/profile", R"({"profile":{"name":"Mallory"}})");
  EXPECT_EQ(profile.status, 403) << profile.body;
  EXPECT_TRUE(d.Alice().Get("/api/v2/requests.json")["requests"].as_array().empty()) << "nothing was created";
  EXPECT_EQ(Str(d.Alice().Get("/api/v2/users/me.json")["user"].at("name")), "Alice");
  // Reads need no token; with the token, the write goes through.
  EXPECT_EQ(alice.Get("/api/v2/requests.json").status, 200);
  alice.send_csrf = true;
  auto ok = alice.Post("/api/v2/requests.json", body);
  EXPECT_EQ(ok.status, 201) << ok.body;
}

TEST(Accounts, TheAuthorizationHeaderWinsOverTheCookie) {
  Desk d;
  Browser alice = SetPasswordByMail(d.server, "alice@customer.example", kPassword);
  // Bob's token with Alice's cookie and no CSRF token: Bob's request, no CSRF check.
  auto r = alice.Send(
      "POST", "/api/v2/requests.json", R"({"request":{"subject":"Bob's","comment":{"body":"x"}}})",
      {{"Authorization", httplib::make_basic_authentication_header("bob@customer.example/token", d.bob_token).second},
       {"X-CSRF-Token", "ignored"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r["request"].at("requester_id").as_int64(), d.bob_id);
  // A bad Authorization header is 401 even with a good cookie.
  auto bad = alice.Send("GET", "/api/v2/requests.json", "", {{"Authorization", "Bearer not-a-token"}});
  EXPECT_EQ(bad.status, 401) << bad.body;
}

TEST(Accounts, ABadSessionCookieIs401OnPrivateRoutesAndAnonymousElsewhere) {
  Desk d;
  Browser b(d.server);
  b.SetCookieValue("chamado_session", "made-up-session-value-0123456789abcdef");
  EXPECT_EQ(b.Get("/api/v2/requests.json").status, 401);
  EXPECT_EQ(b.Get(AuthPath("session")).status, 401);
  auto me = b.Get("/api/v2/users/me.json");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_TRUE(me["user"].at("id").is_null()) << "anonymous";
  EXPECT_EQ(b.Get(AuthPath("config")).status, 200);
}

// ------------------------------------------------------------------ session fixation

TEST(Accounts, LoginNeverKeepsASessionTheClientSent) {
  Desk d;
  const std::string alice = "alice@customer.example";
  SetPasswordByMail(d.server, alice, kPassword);
  // An attacker planted a cookie of their choosing.
  const std::string planted = "attacker-chose-this-value-0123456789abcdef";
  Browser victim(d.server);
  victim.SetCookieValue("chamado_session", planted);
  auto in = Login(victim, alice, kPassword);
  ASSERT_EQ(in.status, 200) << in.body;
  auto set = CookieSet(in, "chamado_session");
  ASSERT_TRUE(set);
  EXPECT_NE(set->value, planted);
  EXPECT_EQ(SessionStatus(d.server, planted), 401) << "the planted value never authenticates";
  EXPECT_EQ(SessionStatus(d.server, set->value), 200);

  // A real session sent at login is ended, not reused.
  const std::string old_session = victim.session();
  ASSERT_EQ(Login(victim, alice, kPassword).status, 200);
  EXPECT_NE(victim.session(), old_session);
  EXPECT_EQ(SessionStatus(d.server, old_session), 401);
  EXPECT_EQ(SessionStatus(d.server, victim.session()), 200);
}

// ------------------------------------------------------------------ throttles

TEST(Accounts, TheEleventhFailedLoginForOneEmailIs429WithRetryAfter) {
  Desk d;
  const std::string alice = "alice@customer.example";
  SetPasswordByMail(d.server, alice, kPassword);
  Browser b(d.server);
  for (int i = 1; i <= 10; ++i) ASSERT_EQ(Login(b, alice, "Wrong-Guess-" + S(i) + "x").status, 401) << "attempt " << i;
  auto blocked = Login(b, alice, "Wrong-Guess-11x");
  ASSERT_EQ(blocked.status, 429) << blocked.body;
  const int retry = std::stoi("0" + blocked.Header("Retry-After"));
  EXPECT_GE(retry, 1);
  EXPECT_LE(retry, 15 * 60) << "login_window_minutes is 15";
  EXPECT_EQ(Login(b, alice, kPassword).status, 429) << "the right password waits too";
  // An unknown e-mail is throttled the same way, with the same answer.
  for (int i = 1; i <= 10; ++i) ASSERT_EQ(Login(b, "ghost@customer.example", "Wrong-" + S(i) + "-guess").status, 401);
  auto ghost = Login(b, "ghost@customer.example", "Wrong-11-guess");
  EXPECT_EQ(ghost.status, 429);
  EXPECT_EQ(ghost.body, blocked.body);
  EXPECT_FALSE(ghost.Header("Retry-After").empty());
  // Other accounts are not locked out.
  SetPasswordByMail(d.server, "bob@customer.example", kOtherPassword);
  EXPECT_EQ(Login(b, "bob@customer.example", kOtherPassword).status, 200);
  // Once the window has passed, Alice gets in.
  ClockAdvance(d.server, retry);
  EXPECT_EQ(Login(b, alice, kPassword).status, 200);
}

TEST(Accounts, FailedLoginsFromOneAddressAreThrottled) {
  ScopedEnv per_ip("CHAMADO_AUTH_LOGIN_FAILURES_PER_IP", "3");
  Desk d;
  SetPasswordByMail(d.server, "alice@customer.example", kPassword);
  Browser b(d.server);
  for (const char* who : {"one@customer.example", "two@customer.example", "bob@customer.example"})
    ASSERT_EQ(Login(b, who, kOtherPassword).status, 401) << who;
  auto blocked = Login(b, "alice@customer.example", kPassword);
  EXPECT_EQ(blocked.status, 429) << blocked.body;
  EXPECT_FALSE(blocked.Header("Retry-After").empty());
  ClockAdvance(d.server, 15 * 60 + 1);
  EXPECT_EQ(Login(b, "alice@customer.example", kPassword).status, 200);
}

TEST(Accounts, NobodyCanMakeUsMailOneAddressMoreThanFiveTimesAnHour) {
  Desk d;
  const std::string alice = "alice@customer.example";
  const auto before = MailsTo(d.server, alice).size();
  for (int i = 1; i <= 5; ++i) ASSERT_EQ(Forgot(d.server, alice).status, 202) << "request " << i;
  auto sixth = Forgot(d.server, alice);
  EXPECT_EQ(sixth.status, 429) << sixth.body;
  EXPECT_FALSE(sixth.Header("Retry-After").empty());
  ClockAdvance(d.server, 0);
  EXPECT_EQ(MailsTo(d.server, alice).size(), before + 5);
  // The same for an unknown address: the limit does not tell which ones exist.
  for (int i = 1; i <= 5; ++i) ASSERT_EQ(Forgot(d.server, "ghost@customer.example").status, 202);
  auto ghost = Forgot(d.server, "ghost@customer.example");
  EXPECT_EQ(ghost.status, 429);
  EXPECT_EQ(ghost.body, sixth.body);
  // An hour later it is allowed again.
  ClockAdvance(d.server, 3601);
  EXPECT_EQ(Forgot(d.server, alice).status, 202);
}

// ------------------------------------------------------------------ session expiry, logout

TEST(Accounts, SessionsEndWhenIdleAndAfterTheAbsoluteLimit) {
  ScopedEnv idle("CHAMADO_AUTH_SESSION_IDLE_MINUTES", "60");
  ScopedEnv absolute("CHAMADO_AUTH_SESSION_ABSOLUTE_HOURS", "3");
  Desk d;
  const std::string alice = "alice@customer.example";
  SetPasswordByMail(d.server, alice, kPassword);

  // Idle: 59 minutes apart is fine, then 61 minutes without a request ends it.
  Browser idle_one = LoggedIn(d.server, alice, kPassword);
  ClockAdvance(d.server, 59 * 60);
  EXPECT_EQ(idle_one.Get(AuthPath("session")).status, 200);
  ClockAdvance(d.server, 61 * 60);
  EXPECT_EQ(idle_one.Get(AuthPath("session")).status, 401);

  // Absolute: used every 50 minutes, still over after 3 hours.
  Browser busy(d.server);
  auto login = Login(busy, alice, kPassword);
  ASSERT_EQ(login.status, 200);
  EXPECT_TRUE(CookieSet(login, "chamado_session")->Has("Max-Age=10800")) << CookieSet(login, "chamado_session")->line;
  for (int i = 0; i < 3; ++i) {
    ClockAdvance(d.server, 50 * 60);
    EXPECT_EQ(busy.Get(AuthPath("session")).status, 200) << "after " << (i + 1) * 50 << " minutes";
  }
  ClockAdvance(d.server, 31 * 60);  // 181 minutes since the login
  EXPECT_EQ(busy.Get(AuthPath("session")).status, 401);
  EXPECT_EQ(busy.Get("/api/v2/requests.json").status, 401);
}

TEST(Accounts, LogoutEndsThisSessionAndLogoutEverywhereEndsAll) {
  Desk d;
  const std::string alice = "alice@customer.example";
  SetPasswordByMail(d.server, alice, kPassword);
  Browser laptop = LoggedIn(d.server, alice, kPassword);
  Browser phone = LoggedIn(d.server, alice, kPassword);
  Browser tablet = LoggedIn(d.server, alice, kPassword);

  auto list = phone.Get(AuthPath("sessions"));
  ASSERT_EQ(list.status, 200) << list.body;
  int current = 0;
  for (const auto& s : list["sessions"].as_array()) current += s.at("current").as_bool() ? 1 : 0;
  EXPECT_GE(list["sessions"].as_array().size(), 3u);
  EXPECT_EQ(current, 1);

  // Logout needs the CSRF token (else any site could log you out), clears the cookies.
  const std::string laptop_session = laptop.session();
  laptop.send_csrf = false;
  EXPECT_EQ(laptop.Post(AuthPath("logout"), "{}").status, 403);
  laptop.send_csrf = true;
  auto out = laptop.Post(AuthPath("logout"), "{}");
  EXPECT_EQ(out.status, 204) << out.body;
  auto cleared = CookieSet(out, "chamado_session");
  ASSERT_TRUE(cleared);
  EXPECT_EQ(cleared->value, "");
  EXPECT_TRUE(cleared->Has("Max-Age=0")) << cleared->line;
  EXPECT_EQ(SessionStatus(d.server, laptop_session), 401);
  EXPECT_EQ(phone.Get(AuthPath("session")).status, 200) << "only that one ended";
  EXPECT_EQ(Browser(d.server).Post(AuthPath("logout"), "{}").status, 204) << "no session: nothing to do";

  // Everywhere: every session of hers, from any credential.
  EXPECT_EQ(phone.Post(AuthPath("logout_all"), "{}").status, 204);
  EXPECT_EQ(phone.Get(AuthPath("session")).status, 401);
  EXPECT_EQ(tablet.Get(AuthPath("session")).status, 401);
  Browser again = LoggedIn(d.server, alice, kPassword);
  EXPECT_EQ(d.Alice().Post(AuthPath("logout_all"), "{}").status, 204);
  EXPECT_EQ(again.Get(AuthPath("session")).status, 401);
  EXPECT_EQ(d.Alice().Get("/api/v2/requests.json").status, 200) << "an API token is not a session";
}

// ------------------------------------------------------------------ profile

TEST(Accounts, ACustomerChangesHerProfileAndTurnsTicketMailOff) {
  Desk d;
  const auto hers = d.NewTicket("alice@customer.example", "Hers");
  const auto his = d.NewTicket("bob@customer.example", "His");
  Browser alice = SetPasswordByMail(d.server, "alice@customer.example", kPassword);

  auto shown = alice.Get("/api/v2/chamado/profile");
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(Str(shown["profile"].at("email")), "alice@customer.example");
  EXPECT_TRUE(shown["profile"].at("notify_email").as_bool());

  auto put = alice.Put("/api/v2/chamado/profile", R"({"profile":{"name":"Alice Souza","locale":"es",
      "time_zone":"America/Bogota","phone":"+5511999990000","notify_email":false}})");
  ASSERT_EQ(put.status, 200) << put.body;
  const auto& p = put["profile"];
  EXPECT_EQ(Str(p.at("name")), "Alice Souza");
  EXPECT_EQ(Str(p.at("locale")), "es");
  EXPECT_EQ(Str(p.at("time_zone")), "America/Bogota");
  EXPECT_EQ(Str(p.at("phone")), "+5511999990000");
  EXPECT_FALSE(p.at("notify_email").as_bool());
  EXPECT_EQ(Str(d.Agent().Get("/api/v2/users/" + S(d.alice_id) + ".json")["user"].at("name")), "Alice Souza");

  auto bad_locale = alice.Put("/api/v2/chamado/profile", R"({"profile":{"locale":"xx-YY"}})");
  EXPECT_EQ(bad_locale.status, 422) << bad_locale.body;
  EXPECT_TRUE(DetailsName(bad_locale, "locale")) << bad_locale.body;
  auto bad_zone = alice.Put("/api/v2/chamado/profile", R"({"profile":{"time_zone":"Mars/Olympus_Mons"}})");
  EXPECT_EQ(bad_zone.status, 422) << bad_zone.body;
  EXPECT_TRUE(DetailsName(bad_zone, "time_zone")) << bad_zone.body;

  // An agent replies to both: Bob is mailed, Alice (notify_email off) is not.
  ClockAdvance(d.server, 0);
  const auto alice_before = MailsTo(d.server, "alice@customer.example").size();
  const auto bob_before = MailsTo(d.server, "bob@customer.example").size();
  const std::string reply = R"({"ticket":{"comment":{"body":"We fixed it","public":true}}})";
  ASSERT_EQ(d.Agent().Put(TicketPath(hers), reply).status, 200);
  ASSERT_EQ(d.Agent().Put(TicketPath(his), reply).status, 200);
  EXPECT_NE(WaitForMailTo(d.server, "bob@customer.example", bob_before), "");
  EXPECT_EQ(MailsTo(d.server, "alice@customer.example").size(), alice_before);
  // Account mail still comes: it is not ticket mail.
  EXPECT_NE(ResetToken(d.server, "alice@customer.example"), "");
}

}  // namespace
}  // namespace it
