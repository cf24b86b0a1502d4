// The accounts part of the Store ports' contract (app/ports.hpp, "accounts"; issue 8), run on
// both stores like store_conformance_test.cpp: sessions, one-time e-mail tokens, the auth
// events the throttles count, API tokens and their use, JWT ids, and the LGPD erasure.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/ports.hpp"
#include "store_contract.hpp"

namespace chamado {
namespace {

using namespace store_test;
using namespace std::chrono_literals;

class AccountsContract : public StoreContract {
 protected:
  app::Session NewSession(std::int64_t user, const std::string& hash, std::int64_t created, std::int64_t seen) {
    app::Session s{.user_id = user,
                   .token_sha256 = hash,
                   .via = "password",
                   .ip = "203.0.113.7",
                   .user_agent = "Firefox",
                   .created_at = FromUnix(created),
                   .last_seen_at = FromUnix(seen)};
    EXPECT_TRUE(Write([&](app::WriteTx& tx) { tx.InsertSession(s); }));
    return s;
  }
  std::int64_t AddToken(std::int64_t user, const std::string& hash, const std::string& prefix) {
    app::ApiToken t{.user_id = user, .prefix = prefix, .created_at = FromUnix(1000), .description = "CI " + prefix};
    EXPECT_TRUE(Write([&](app::WriteTx& tx) { tx.InsertToken(t, hash); }));
    return t.id;
  }
  app::AuthEvent AddEvent(std::optional<std::int64_t> user, const std::string& kind, const std::string& email,
                          const std::string& ip, std::int64_t at) {
    app::AuthEvent e{.at = FromUnix(at), .user_id = user, .kind = kind, .email = email, .ip = ip, .detail = "d"};
    EXPECT_TRUE(Write([&](app::WriteTx& tx) { tx.InsertAuthEvent(e); }));
    return e;
  }
  // A read of `hash` (on PostgreSQL this fills the node cache, so a later read after a change
  // proves the change dropped it).
  std::optional<std::int64_t> TokenUser(const std::string& hash) {
    std::optional<std::int64_t> id;
    EXPECT_TRUE(Read([&](app::ReadTx& tx) { id = tx.UserIdByTokenHash(hash); }));
    return id;
  }
  std::optional<User> ReadUser(std::int64_t id) {
    std::optional<User> u;
    EXPECT_TRUE(Read([&](app::ReadTx& tx) { u = tx.UserById(id); }));
    return u;
  }
};

// ---------------------------------------------------------------- users

TEST_P(AccountsContract, NotificationPreferencesAreStoredWithTheUser) {
  const auto plain = AddUser("plain@example.com");
  std::int64_t quiet = 0;
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    auto u = NewUser("quiet@example.com");
    u.notify_email = false;
    u.notify_whatsapp = true;
    tx.InsertUser(u);
    quiet = u.id;
  }));
  EXPECT_TRUE(ReadUser(plain)->notify_email);  // the defaults
  EXPECT_FALSE(ReadUser(plain)->notify_whatsapp);
  EXPECT_FALSE(ReadUser(quiet)->notify_email);
  EXPECT_TRUE(ReadUser(quiet)->notify_whatsapp);
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    auto u = *tx.UserById(quiet);
    u.notify_email = true;
    u.notify_whatsapp = false;
    tx.UpdateUser(u);
  }));
  EXPECT_TRUE(ReadUser(quiet)->notify_email);
  EXPECT_FALSE(ReadUser(quiet)->notify_whatsapp);
}

TEST_P(AccountsContract, UsersByExternalIdAndPasswordSetWithVerification) {
  const auto ana = AddUser("ana@customer.test", "Ana");
  AddUser("bia@customer.test", "Bia");
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    auto u = *tx.UserById(ana);
    u.external_id = "crm-42";
    tx.UpdateUser(u);
  }));
  EXPECT_FALSE(ReadUser(ana)->verified);  // read (on PostgreSQL: cached) before the change
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { tx.SetPasswordHashAndVerify(ana, "argon2id$new"); }));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    auto u = tx.UserByExternalId("crm-42");
    ASSERT_TRUE(u);
    EXPECT_EQ(u->id, ana);
    EXPECT_FALSE(tx.UserByExternalId("crm-43"));
    EXPECT_TRUE(tx.UserById(ana)->verified);
    EXPECT_EQ(tx.PasswordHashOf(ana), "argon2id$new");
    auto ids = tx.IdentitiesOf(ana);
    ASSERT_EQ(ids.size(), 1u);
    EXPECT_TRUE(ids[0].verified);
  }));
}

// ---------------------------------------------------------------- sessions

TEST_P(AccountsContract, SessionsAreFoundByHashListedNewestFirstAndEnded) {
  const auto ana = AddUser("ana@customer.test");
  const auto bia = AddUser("bia@customer.test");
  auto s1 = NewSession(ana, "s-1", 1000, 1000);
  auto s2 = NewSession(ana, "s-2", 2000, 2000);
  auto s3 = NewSession(ana, "s-3", 3000, 3000);
  auto other = NewSession(bia, "s-bia", 1000, 1000);
  EXPECT_GT(s1.id, 0);
  EXPECT_LT(s1.id, s2.id);
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    auto found = tx.SessionByHash("s-2");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, s2.id);
    EXPECT_EQ(found->user_id, ana);
    EXPECT_EQ(found->via, "password");
    EXPECT_EQ(found->ip, "203.0.113.7");
    EXPECT_EQ(found->user_agent, "Firefox");
    EXPECT_EQ(found->created_at, FromUnix(2000));
    EXPECT_FALSE(tx.SessionByHash("s-unknown"));
    EXPECT_EQ(Ids(tx.SessionsOf(ana)), (IdList{s3.id, s2.id, s1.id}));
  }));
  // Touching moves last_seen_at forward, never back.
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    tx.TouchSession(s1.id, FromUnix(5000));
    tx.TouchSession(s1.id, FromUnix(4000));
  }));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) { EXPECT_EQ(tx.SessionByHash("s-1")->last_seen_at, FromUnix(5000)); }));
  // "Log out everywhere else": all but the one kept; the other user's stay.
  std::int64_t ended = 0;
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { ended = tx.DeleteSessionsOf(ana, s3.id); }));
  EXPECT_EQ(ended, 2);
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    EXPECT_EQ(Ids(tx.SessionsOf(ana)), (IdList{s3.id}));
    EXPECT_EQ(Ids(tx.SessionsOf(bia)), (IdList{other.id}));
  }));
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { ended = tx.DeleteSessionsOf(ana, std::nullopt); }));
  EXPECT_EQ(ended, 1);
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { tx.DeleteSession(other.id); }));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    EXPECT_TRUE(tx.SessionsOf(ana).empty());
    EXPECT_FALSE(tx.SessionByHash("s-bia"));
  }));
  // A new session never takes an ended one's id.
  auto s4 = NewSession(ana, "s-4", 6000, 6000);
  EXPECT_GT(s4.id, other.id);
}

TEST_P(AccountsContract, TheSweepEndsIdleAndTooOldSessionsOnly) {
  const auto ana = AddUser("ana@customer.test");
  auto idle = NewSession(ana, "idle", 5000, 5000);    // last seen before 6000
  auto old = NewSession(ana, "old", 1000, 9000);      // created before 2000
  auto fresh = NewSession(ana, "fresh", 3000, 9000);  // neither
  auto edge = NewSession(ana, "edge", 2000, 6000);    // exactly at both limits: stays
  std::int64_t swept = 0;
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { swept = tx.DeleteExpiredSessions(FromUnix(6000), FromUnix(2000)); }));
  EXPECT_EQ(swept, 2);
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    IdList left = Ids(tx.SessionsOf(ana));
    std::sort(left.begin(), left.end());
    EXPECT_EQ(left, (IdList{fresh.id, edge.id}));
  }));
  (void)idle;
  (void)old;
}

// ---------------------------------------------------------------- one-time e-mail tokens

TEST_P(AccountsContract, AccountTokensAreUsedOnceAndANewResetVoidsTheOlderLinks) {
  const auto ana = AddUser("ana@customer.test");
  auto token = [&](const std::string& purpose, const std::string& hash, const std::string& pending = "") {
    app::AccountToken t{.user_id = ana,
                        .purpose = purpose,
                        .token_sha256 = hash,
                        .pending_password_hash = pending,
                        .created_at = FromUnix(1000),
                        .expires_at = FromUnix(4600)};
    EXPECT_TRUE(Write([&](app::WriteTx& tx) { tx.InsertAccountToken(t); }));
    return t;
  };
  auto verify = token("verify", "v-1", "argon2id$chosen");
  auto reset1 = token("reset", "r-1");
  auto reset2 = token("reset", "r-2");
  EXPECT_GT(verify.id, 0);
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    auto v = tx.AccountTokenByHash("v-1");
    ASSERT_TRUE(v);
    EXPECT_EQ(v->id, verify.id);
    EXPECT_EQ(v->purpose, "verify");
    EXPECT_EQ(v->pending_password_hash, "argon2id$chosen");
    EXPECT_EQ(v->expires_at, FromUnix(4600));
    EXPECT_FALSE(v->used_at);
    EXPECT_FALSE(tx.AccountTokenByHash("nope"));
  }));
  bool first = false, second = true;
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    first = tx.UseAccountToken(reset2.id, FromUnix(2000));
    second = tx.UseAccountToken(reset2.id, FromUnix(2001));
  }));
  EXPECT_TRUE(first);
  EXPECT_FALSE(second);  // a link works once
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { tx.VoidAccountTokens(ana, "reset", FromUnix(3000)); }));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    EXPECT_EQ(tx.AccountTokenByHash("r-2")->used_at, FromUnix(2000));  // its use stays
    EXPECT_EQ(tx.AccountTokenByHash("r-1")->used_at, FromUnix(3000));  // voided
    EXPECT_FALSE(tx.AccountTokenByHash("v-1")->used_at);               // another purpose
  }));
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { EXPECT_FALSE(tx.UseAccountToken(reset1.id, FromUnix(3500))); }));
}

// ---------------------------------------------------------------- auth events

TEST_P(AccountsContract, TheThrottlesCountEventsPerAddressAndPerIpSinceATime) {
  const auto ana = AddUser("ana@customer.test");
  AddEvent(ana, "login_failed", "ana@customer.test", "10.0.0.1", 1000);
  AddEvent(ana, "login_failed", "ana@customer.test", "10.0.0.2", 1100);
  AddEvent(std::nullopt, "login_failed", "ghost@customer.test", "10.0.0.1", 1200);  // unknown address
  AddEvent(ana, "login", "ana@customer.test", "10.0.0.1", 1300);
  AddEvent(ana, "password_forgot", "ana@customer.test", "10.0.0.1", 1400);
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    auto a = tx.CountAttemptsByEmail({"login_failed"}, "ana@customer.test", FromUnix(1000));
    EXPECT_EQ(a.count, 2);
    EXPECT_EQ(a.oldest, FromUnix(1000));
    a = tx.CountAttemptsByEmail({"login_failed"}, "ana@customer.test", FromUnix(1001));
    EXPECT_EQ(a.count, 1);
    EXPECT_EQ(a.oldest, FromUnix(1100));
    a = tx.CountAttemptsByEmail({"login_failed", "password_forgot"}, "ana@customer.test", FromUnix(0));
    EXPECT_EQ(a.count, 3);
    a = tx.CountAttemptsByEmail({"login_failed"}, "ghost@customer.test", FromUnix(0));
    EXPECT_EQ(a.count, 1);  // an unknown address counts the same
    a = tx.CountAttemptsByEmail({"login_failed"}, "nobody@customer.test", FromUnix(0));
    EXPECT_EQ(a.count, 0);
    EXPECT_FALSE(a.oldest);
    a = tx.CountAttemptsByEmail({}, "ana@customer.test", FromUnix(0));
    EXPECT_EQ(a.count, 0);
    auto ip = tx.CountAttemptsByIp({"login_failed"}, "10.0.0.1", FromUnix(0));
    EXPECT_EQ(ip.count, 2);  // ana's and the unknown address's
    EXPECT_EQ(ip.oldest, FromUnix(1000));
    EXPECT_EQ(tx.CountAttemptsByIp({"login_failed", "login", "password_forgot"}, "10.0.0.1", FromUnix(1250)).count, 2);
  }));
}

TEST_P(AccountsContract, AuthEventsAreListedNewestFirstByUserAndKindInPages) {
  const auto ana = AddUser("ana@customer.test");
  const auto admin = AddUser("admin@helpdesk.test");
  std::vector<app::AuthEvent> ev;
  for (int i = 0; i < 5; ++i)
    ev.push_back(AddEvent(ana, i % 2 ? "login" : "login_failed", "ana@customer.test", "10.0.0.1", 1000 + i));
  app::AuthEvent by_admin{.at = FromUnix(2000),
                          .user_id = ana,
                          .actor_id = admin,
                          .kind = "token_created",
                          .email = "ana@customer.test",
                          .ip = "10.9.9.9",
                          .detail = "token abc…"};
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { tx.InsertAuthEvent(by_admin); }));
  AddEvent(admin, "login", "admin@helpdesk.test", "10.0.0.9", 3000);
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    app::AuthEventFilter mine{.user_id = ana};
    auto page = tx.ListAuthEvents(mine, app::PageRequest{.limit = 4});
    EXPECT_EQ(page.count, 6);
    EXPECT_TRUE(page.has_more);
    EXPECT_EQ(Ids(page.items), (IdList{by_admin.id, ev[4].id, ev[3].id, ev[2].id}));
    EXPECT_EQ(page.items[0].actor_id, admin);
    EXPECT_EQ(page.items[0].detail, "token abc…");
    EXPECT_EQ(page.items[0].ip, "10.9.9.9");
    EXPECT_FALSE(page.items[1].actor_id);
    auto next = tx.ListAuthEvents(mine, app::PageRequest{.limit = 4, .after_id = ev[2].id});
    EXPECT_EQ(Ids(next.items), (IdList{ev[1].id, ev[0].id}));
    EXPECT_FALSE(next.has_more);
    app::AuthEventFilter failed{.user_id = ana, .kind = "login_failed"};
    EXPECT_EQ(Ids(tx.ListAuthEvents(failed, app::PageRequest{}).items), (IdList{ev[4].id, ev[2].id, ev[0].id}));
    app::AuthEventFilter logins{.kind = "login"};
    EXPECT_EQ(tx.ListAuthEvents(logins, app::PageRequest{}).count, 3);
    EXPECT_EQ(tx.ListAuthEvents({}, app::PageRequest{}).items.size(), 7u);
  }));
}

// ---------------------------------------------------------------- API tokens

// A forgot-password ask is recorded "pending" by the request and settled once by a later pass
// (on any node): the second settle of one event changes nothing.
TEST_P(AccountsContract, PendingAsksAreListedOldestFirstAndSettledOnce) {
  const std::int64_t ana = AddUser("ana@example.com");
  app::AuthEvent first{.at = FromUnix(100), .kind = "password_forgot", .email = "ana@example.com", .detail = "pending"};
  app::AuthEvent other{.at = FromUnix(101), .kind = "verify_resend", .email = "x@example.com", .detail = "pending"};
  app::AuthEvent second{
      .at = FromUnix(102), .kind = "password_forgot", .email = "who@example.com", .detail = "pending"};
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    tx.InsertAuthEvent(first);
    tx.InsertAuthEvent(other);
    tx.InsertAuthEvent(second);
  }));
  std::vector<app::AuthEvent> pending;
  ASSERT_TRUE(Read([&](app::ReadTx& tx) { pending = tx.PendingAuthEvents("password_forgot", 10); }));
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0].id, first.id);
  EXPECT_EQ(pending[1].id, second.id);

  bool once = false, twice = true;
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    once = tx.SettlePendingAuthEvent(first.id, "reset link mailed", ana);
    twice = tx.SettlePendingAuthEvent(first.id, "reset link mailed", ana);
  }));
  EXPECT_TRUE(once);
  EXPECT_FALSE(twice);
  ASSERT_TRUE(Read([&](app::ReadTx& tx) { pending = tx.PendingAuthEvents("password_forgot", 10); }));
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].id, second.id);
  app::Page<app::AuthEvent> ana_events;
  ASSERT_TRUE(Read([&](app::ReadTx& tx) {
    ana_events = tx.ListAuthEvents(app::AuthEventFilter{.user_id = ana}, app::PageRequest{.limit = 10});
  }));
  ASSERT_EQ(ana_events.items.size(), 1u);  // the settle names the person
  EXPECT_EQ(ana_events.items[0].detail, "reset link mailed");
}

TEST_P(AccountsContract, ApiTokensAreListedWithoutSecretsAndARevokedOneNeverAuthenticates) {
  const auto agent = AddUser("agent@helpdesk.test");
  const auto other = AddUser("other@helpdesk.test");
  const auto t1 = AddToken(agent, "hash-1", "aaa");
  const auto t2 = AddToken(agent, "hash-2", "bbb");
  const auto t3 = AddToken(other, "hash-3", "ccc");
  EXPECT_EQ(TokenUser("hash-1"), agent);  // on PostgreSQL this fills the node cache
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    EXPECT_EQ(Ids(tx.ListApiTokens(agent)), (IdList{t2, t1}));
    EXPECT_EQ(Ids(tx.ListApiTokens(std::nullopt)), (IdList{t3, t2, t1}));
    auto t = tx.ApiTokenById(t1);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->user_id, agent);
    EXPECT_EQ(t->prefix, "aaa");
    EXPECT_EQ(t->description, "CI aaa");
    EXPECT_EQ(t->created_at, FromUnix(1000));
    EXPECT_FALSE(t->last_used_at);
    EXPECT_FALSE(t->revoked_at);
    EXPECT_FALSE(tx.ApiTokenById(999999));
  }));
  bool first = false, again = true, unknown = true;
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    first = tx.RevokeApiToken(t1, FromUnix(2000));
    again = tx.RevokeApiToken(t1, FromUnix(2001));
    unknown = tx.RevokeApiToken(999999, FromUnix(2001));
  }));
  EXPECT_TRUE(first);
  EXPECT_FALSE(again);
  EXPECT_FALSE(unknown);
  EXPECT_EQ(TokenUser("hash-1"), std::nullopt);  // at once, on every store
  EXPECT_EQ(TokenUser("hash-2"), agent);
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    EXPECT_EQ(tx.ApiTokenById(t1)->revoked_at, FromUnix(2000));  // still listed, revoked
    EXPECT_EQ(tx.ListApiTokens(agent).size(), 2u);
  }));
  std::int64_t n = 0;
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { n = tx.RevokeApiTokensOf(agent, FromUnix(3000)); }));
  EXPECT_EQ(n, 1);  // the one still live
  EXPECT_EQ(TokenUser("hash-2"), std::nullopt);
  EXPECT_EQ(TokenUser("hash-3"), other);
  EXPECT_TRUE(Read([&](app::ReadTx& tx) { EXPECT_EQ(tx.ApiTokenById(t1)->revoked_at, FromUnix(2000)); }));
}

TEST_P(AccountsContract, ATokensUseIsRecordedAtMostOncePerGap) {
  const auto agent = AddUser("agent@helpdesk.test");
  const auto t = AddToken(agent, "hash-1", "abc123");
  const auto dead = AddToken(agent, "hash-dead", "dead00");
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { tx.RevokeApiToken(dead, FromUnix(500)); }));
  auto use = [&](const std::string& hash, std::int64_t at) {
    EXPECT_TRUE(Write([&](app::WriteTx& tx) { tx.RecordApiTokenUse(hash, "198.51.100.4", FromUnix(at), 300s); }));
  };
  auto uses = [&] {
    app::Page<app::AuthEvent> p;
    EXPECT_TRUE(Read([&](app::ReadTx& tx) {
      p = tx.ListAuthEvents(app::AuthEventFilter{.kind = "token_used"}, app::PageRequest{});
    }));
    return p.items;
  };
  use("hash-1", 1000);
  use("hash-1", 1100);  // within the gap: nothing written
  use("hash-1", 1299);
  EXPECT_TRUE(Read([&](app::ReadTx& tx) { EXPECT_EQ(tx.ApiTokenById(t)->last_used_at, FromUnix(1000)); }));
  auto events = uses();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].user_id, agent);
  EXPECT_EQ(events[0].ip, "198.51.100.4");
  EXPECT_EQ(events[0].email, "agent@helpdesk.test");
  EXPECT_EQ(events[0].at, FromUnix(1000));
  EXPECT_NE(events[0].detail.find("abc123"), std::string::npos) << events[0].detail;
  use("hash-1", 1300);  // the gap has passed
  EXPECT_TRUE(Read([&](app::ReadTx& tx) { EXPECT_EQ(tx.ApiTokenById(t)->last_used_at, FromUnix(1300)); }));
  EXPECT_EQ(uses().size(), 2u);
  use("hash-dead", 5000);  // a revoked token: no use recorded
  use("hash-unknown", 5000);
  EXPECT_EQ(uses().size(), 2u);
  EXPECT_TRUE(Read([&](app::ReadTx& tx) { EXPECT_FALSE(tx.ApiTokenById(dead)->last_used_at); }));
}

// ---------------------------------------------------------------- JWT ids

TEST_P(AccountsContract, AJwtIdPassesOnceAndOldOnesAreForgotten) {
  bool first = false, replay = true, other = false;
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    first = tx.RememberJwtId("jti-1", FromUnix(1000), FromUnix(0));
    replay = tx.RememberJwtId("jti-1", FromUnix(1001), FromUnix(0));
    other = tx.RememberJwtId("jti-2", FromUnix(1001), FromUnix(0));
  }));
  EXPECT_TRUE(first);
  EXPECT_FALSE(replay);
  EXPECT_TRUE(other);
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { replay = tx.RememberJwtId("jti-1", FromUnix(1100), FromUnix(1000)); }));
  EXPECT_FALSE(replay);  // at 1000: not older than forget_before, still remembered
  // Past the skew the row goes (its iat could not pass the check any more).
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { first = tx.RememberJwtId("jti-3", FromUnix(5000), FromUnix(1001)); }));
  EXPECT_TRUE(first);
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { first = tx.RememberJwtId("jti-1", FromUnix(5001), FromUnix(1001)); }));
  EXPECT_TRUE(first);
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { replay = tx.RememberJwtId("jti-2", FromUnix(5002), FromUnix(1001)); }));
  EXPECT_FALSE(replay) << "jti-2 (at 1001) is kept";
}

// ---------------------------------------------------------------- outbox bodies

TEST_P(AccountsContract, ASentAccountMailKeepsNoBody) {
  OutboundEmail m;
  m.kind = "account_reset";
  m.to_address = "ana@customer.test";
  m.from_address = "support@helpdesk.test";
  m.locale = "pt-BR";
  m.subject = "Redefinir senha";
  m.text_body = "https://help.test/reset-password#token=secret";
  m.html_body = "<a href=\"https://help.test/reset-password#token=secret\">";
  m.message_id = "m-1@helpdesk.test";
  m.next_attempt_at = m.created_at = m.updated_at = FromUnix(1000);
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { tx.InsertOutbox(m); }));
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { tx.ClearOutboxBodies(m.id); }));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    auto got = tx.OutboxById(m.id);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->text_body, "");
    EXPECT_EQ(got->html_body, "");
    EXPECT_EQ(got->subject, "Redefinir senha");
    EXPECT_EQ(got->to_address, "ana@customer.test");
  }));
}

// ---------------------------------------------------------------- privacy

TEST_P(AccountsContract, TheTicketsAPersonTouchedAreThoseTheyRequestedAreCcOfOrCommentedOn) {
  const auto ana = AddUser("ana@customer.test");
  const auto bia = AddUser("bia@customer.test");
  const auto requested = AddTicket(NewTicket(ana));
  auto cc = NewTicket(bia);
  cc.collaborator_ids = {ana};
  const auto ccd = AddTicket(cc);
  const auto commented = AddTicket(NewTicket(bia));
  AddTicket(NewTicket(bia));  // not theirs
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    Comment c;
    c.ticket_id = commented;
    c.author_id = ana;
    c.body = "me too";
    c.is_public = true;
    c.via_channel = "web";
    c.created_at = FromUnix(1000);
    tx.InsertComment(c);
    c.id = 0;
    c.ticket_id = requested;  // a second way to the same ticket: listed once
    tx.InsertComment(c);
  }));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    EXPECT_EQ(tx.TicketIdsTouchedBy(ana), (IdList{requested, ccd, commented}));
    EXPECT_TRUE(tx.TicketIdsTouchedBy(999999).empty());
  }));
}

TEST_P(AccountsContract, ErasingAPersonLeavesNoTraceOfWhoTheyWereAndTouchesNobodyElse) {
  const auto ana = AddUser("ana@customer.test", "Ana Lima");
  const auto bia = AddUser("bia@customer.test", "Bia Souza");
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    auto u = *tx.UserById(ana);
    u.phone = "+55 11 99999-0000";
    u.notes = "VIP";
    u.external_id = "crm-1";
    u.tags = {"vip"};
    tx.UpdateUser(u);
    tx.SetPasswordHash(ana, "argon2id$x");
  }));
  const auto ticket = AddTicket(NewTicket(ana, "Impressora da Ana"));
  NewSession(ana, "ana-session", 1000, 1000);
  NewSession(bia, "bia-session", 1000, 1000);
  AddToken(ana, "ana-token", "anaaaa");
  AddToken(bia, "bia-token", "biaaaa");
  EXPECT_EQ(TokenUser("ana-token"), ana);  // cached on PostgreSQL
  EXPECT_EQ(ReadUser(ana)->name, "Ana Lima");
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    app::AccountToken t{.user_id = ana,
                        .purpose = "reset",
                        .token_sha256 = "ana-reset",
                        .created_at = FromUnix(1000),
                        .expires_at = FromUnix(5000)};
    tx.InsertAccountToken(t);
  }));
  AddEvent(ana, "login", "ana@customer.test", "10.0.0.1", 1000);
  AddEvent(std::nullopt, "signup", "ana@customer.test", "10.0.0.2", 900);  // before the address was hers
  AddEvent(bia, "login", "bia@customer.test", "10.0.0.3", 1000);
  OutboundEmail to_ana, to_address, to_bia;
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    auto row = [](std::string to, std::string id) {
      OutboundEmail m;
      m.kind = "agent_reply";
      m.to_address = to;
      m.to_name = "Someone";
      m.from_address = "support@helpdesk.test";
      m.locale = "pt-BR";
      m.subject = "Re: Impressora";
      m.text_body = "Olá Ana";
      m.html_body = "<p>Olá Ana</p>";
      m.message_id = id;
      m.next_attempt_at = m.created_at = m.updated_at = FromUnix(1000);
      return m;
    };
    to_ana = row("ana@customer.test", "o-1@helpdesk.test");
    to_ana.recipient_user_id = ana;
    tx.InsertOutbox(to_ana);
    to_address = row("ana@customer.test", "o-2@helpdesk.test");  // by address only
    tx.InsertOutbox(to_address);
    to_bia = row("bia@customer.test", "o-3@helpdesk.test");
    to_bia.recipient_user_id = bia;
    tx.InsertOutbox(to_bia);
    app::MailMessageRecord in{.message_id = "in-1@customer.test",
                              .direction = "in",
                              .ticket_id = ticket,
                              .from_address = "ana@customer.test",
                              .subject = "Impressora"};
    tx.InsertMailMessage(in);
    app::MailMessageRecord bias{
        .message_id = "in-2@customer.test", .direction = "in", .from_address = "bia@customer.test", .subject = "Oi"};
    tx.InsertMailMessage(bias);
    int n = 0;
    for (auto [author, sha] :
         {std::pair{"ana@customer.test", std::string(64, 'a')}, std::pair{"ana@customer.test", std::string(64, 'a')},
          std::pair{"ana@customer.test", std::string(64, 'b')}, std::pair{"bia@customer.test", std::string(64, 'c')}}) {
      app::SuspendedTicket s{.subject = "held",
                             .author_email = author,
                             .author_name = "x",
                             .cause = "Automated",
                             .message_id = "held-" + std::to_string(++n),
                             .raw_sha256 = sha,
                             .raw_size = 10,
                             .created_at = FromUnix(1000)};
      tx.InsertSuspendedTicket(s);
    }
  }));

  std::vector<std::string> raws;
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { raws = tx.EraseUserIdentity(ana, "Erased user 1", FromUnix(7000)); }));
  std::sort(raws.begin(), raws.end());
  EXPECT_EQ(raws, (std::vector<std::string>{std::string(64, 'a'), std::string(64, 'b')}));

  const std::string erased = "erased-" + std::to_string(ana) + "@invalid";
  auto u = ReadUser(ana);  // on PostgreSQL: not the cached row of before
  ASSERT_TRUE(u);
  EXPECT_EQ(u->name, "Erased user 1");
  EXPECT_EQ(u->email, erased);
  EXPECT_EQ(u->phone, "");
  EXPECT_EQ(u->notes, "");
  EXPECT_FALSE(u->external_id);
  EXPECT_TRUE(u->tags.empty());
  EXPECT_FALSE(u->active);
  EXPECT_EQ(u->updated_at, FromUnix(7000));
  EXPECT_EQ(TokenUser("ana-token"), std::nullopt);
  EXPECT_EQ(TokenUser("bia-token"), bia);
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    EXPECT_EQ(tx.PasswordHashOf(ana).value_or(""), "");
    EXPECT_TRUE(tx.IdentitiesOf(ana).empty());
    EXPECT_TRUE(tx.SessionsOf(ana).empty());
    EXPECT_EQ(tx.SessionsOf(bia).size(), 1u);
    EXPECT_FALSE(tx.AccountTokenByHash("ana-reset"));
    for (const auto& t : tx.ListApiTokens(ana)) EXPECT_EQ(t.revoked_at, FromUnix(7000));
    EXPECT_FALSE(tx.ListApiTokens(bia)[0].revoked_at);
    // Nobody finds them by their old name or address any more (ticket search finds people so).
    EXPECT_FALSE(tx.UserByEmail("ana@customer.test"));
    EXPECT_TRUE(tx.ListUsers(app::UserFilter{.text = "Ana Lima"}, app::PageRequest{}).items.empty());
    EXPECT_TRUE(tx.ListUsers(app::UserFilter{.text = "ana@customer"}, app::PageRequest{}).items.empty());
    EXPECT_FALSE(tx.UserByExternalId("crm-1"));
    EXPECT_EQ(tx.CountAttemptsByEmail({"login", "signup"}, "ana@customer.test", FromUnix(0)).count, 0);
    EXPECT_EQ(tx.CountAttemptsByIp({"login", "signup"}, "10.0.0.1", FromUnix(0)).count, 0);
    for (const auto& e : tx.ListAuthEvents({.user_id = ana}, app::PageRequest{}).items) {
      EXPECT_EQ(e.email, "");
      EXPECT_EQ(e.ip, "");
    }
    EXPECT_EQ(tx.CountAttemptsByEmail({"login"}, "bia@customer.test", FromUnix(0)).count, 1);
    for (auto id : {to_ana.id, to_address.id}) {
      auto m = tx.OutboxById(id);
      EXPECT_EQ(m->to_address, erased);
      EXPECT_EQ(m->to_name, "Erased user 1");
      EXPECT_EQ(m->text_body, "");
      EXPECT_EQ(m->html_body, "");
    }
    EXPECT_EQ(tx.OutboxById(to_bia.id)->text_body, "Olá Ana");
    EXPECT_EQ(tx.OutboxToAddressSince("ana@customer.test", "agent_reply", FromUnix(0)), 0);
    auto msgs = tx.MailMessagesByIds({"in-1@customer.test", "in-2@customer.test"});
    ASSERT_EQ(msgs.size(), 2u);
    for (const auto& m : msgs)
      EXPECT_EQ(m.from_address, m.message_id == "in-1@customer.test" ? erased : "bia@customer.test");
    EXPECT_EQ(tx.InboundFromSenderSince("ana@customer.test", FromUnix(0)), 0);
    auto held = tx.ListSuspendedTickets(app::PageRequest{});
    ASSERT_EQ(held.items.size(), 1u);
    EXPECT_EQ(held.items[0].author_email, "bia@customer.test");
    // Their tickets stay theirs, under the new name.
    EXPECT_EQ(tx.TicketById(ticket)->requester_id, ana);
    EXPECT_EQ(tx.TicketIdsTouchedBy(ana), (IdList{ticket}));
    EXPECT_EQ(tx.UserById(bia)->name, "Bia Souza");
  }));
}

INSTANTIATE_TEST_SUITE_P(Stores, AccountsContract, ::testing::Values("sqlite", "postgres"), StoreName);

}  // namespace
}  // namespace chamado
