// The Store ports' contract (app/ports.hpp), run with the same test code against both stores:
// SQLite (a fresh temporary directory per test) and PostgreSQL (a fresh database per test on
// the server CHAMADO_TEST_PG names, postgresql://postgres@127.0.0.1:PORT; unset, the
// "postgres" instances skip). What a use case relies on, whichever store it is given.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "adapters/postgres/db.hpp"
#include "adapters/postgres/store.hpp"
#include "adapters/sqlite/db.hpp"
#include "adapters/sqlite/store.hpp"
#include "app/ports.hpp"
#include "store_contract.hpp"

namespace chamado {
namespace {

using namespace store_test;

// ---------------------------------------------------------------- ids, versions, transactions

TEST_P(StoreContract, InsertsReturnIncreasingIdsAndTicketIdsAreNeverReused) {
  const auto uid = AddUser("req@example.com");
  ASSERT_GT(uid, 0);
  IdList ids;
  for (int i = 0; i < 3; ++i) ids.push_back(AddTicket(NewTicket(uid)));
  EXPECT_GT(ids[0], 0);
  EXPECT_LT(ids[0], ids[1]);
  EXPECT_LT(ids[1], ids[2]);
  // Several in one write also increase.
  std::int64_t a = 0, b = 0;
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    auto t1 = NewTicket(uid);
    tx.InsertTicket(t1);
    auto t2 = NewTicket(uid);
    tx.InsertTicket(t2);
    a = t1.id;
    b = t2.id;
  }));
  EXPECT_LT(ids[2], a);
  EXPECT_LT(a, b);
  // Other rows get ids too, distinct from each other.
  std::int64_t g1 = 0, g2 = 0, u2 = 0;
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    Group g;
    g.name = "G1";
    tx.InsertGroup(g);
    g1 = g.id;
    g.id = 0;
    g.name = "G2";
    tx.InsertGroup(g);
    g2 = g.id;
    auto u = NewUser("other@example.com");
    tx.InsertUser(u);
    u2 = u.id;
  }));
  EXPECT_GT(g1, 0);
  EXPECT_LT(g1, g2);
  EXPECT_GT(u2, uid);
}

// The contract (ports.hpp): a committed ticket id is never handed out again. An id that only
// a rolled-back write saw was never shown to anyone: PostgreSQL's sequence skips it, SQLite's
// AUTOINCREMENT counter rolls back with the write and may give it again; both are fine.
TEST_P(StoreContract, CommittedTicketIdsAreNeverHandedOutAgain) {
  const auto uid = AddUser("req@example.com");
  const auto first = AddTicket(NewTicket(uid));
  std::int64_t rolled = 0;
  auto bad = store().Write([&](app::WriteTx& tx) -> Result<void> {
    auto t = NewTicket(uid);
    tx.InsertTicket(t);
    rolled = t.id;
    return Fail(Error::Invalid("x", "InvalidValue", "no"));
  });
  ASSERT_FALSE(bad);
  EXPECT_GT(rolled, first);
  EXPECT_TRUE(Read([&](app::ReadTx& tx) { EXPECT_FALSE(tx.TicketById(rolled)); }));
  const auto next = AddTicket(NewTicket(uid));
  EXPECT_GT(next, first);
  if (GetParam() == "postgres") {
    EXPECT_GT(next, rolled) << "a sequence never goes back";
  }
  const auto last = AddTicket(NewTicket(uid));
  EXPECT_GT(last, next);
}

TEST_P(StoreContract, UpdateTicketWithAStaleVersionReturnsFalseAndChangesNothing) {
  const auto uid = AddUser("req@example.com");
  const auto other = AddUser("cc@example.com");
  auto t = NewTicket(uid, "original");
  t.collaborator_ids = {other};
  const auto tid = AddTicket(t);
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    auto cur = *tx.TicketById(tid);
    cur.subject = "second";
    cur.version = 2;
    cur.updated_at = FromUnix(2000);
    EXPECT_TRUE(tx.UpdateTicket(cur, 1));
  }));
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    auto cur = *tx.TicketById(tid);
    cur.subject = "stale";
    cur.collaborator_ids = {};
    cur.tags = {"x"};
    cur.version = 2;  // written by someone holding version 1
    cur.updated_at = FromUnix(3000);
    EXPECT_FALSE(tx.UpdateTicket(cur, 1));
    EXPECT_FALSE(tx.UpdateTicket(cur, 7));
  }));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    auto back = tx.TicketById(tid);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->subject, "second");
    EXPECT_EQ(back->version, 2);
    EXPECT_EQ(back->updated_at, FromUnix(2000));
    EXPECT_TRUE(back->tags.empty());
    EXPECT_EQ(back->collaborator_ids, IdList{other});
    // The CC list (ticket_ccs) is left alone too.
    EXPECT_EQ(tx.ListTickets(app::TicketFilter{.cc_user_id = other}, {}).count, 1);
  }));
}

TEST_P(StoreContract, AnErrorResultRollsBackOnlyThatWrite) {
  ASSERT_TRUE(Write([](app::WriteTx& tx) {
    auto u = NewUser("before@example.com");
    tx.InsertUser(u);
  }));
  auto bad = store().Write([](app::WriteTx& tx) -> Result<void> {
    auto u = NewUser("rolled@example.com");
    tx.InsertUser(u);
    Group g;
    g.name = "rolled";
    tx.InsertGroup(g);
    return Fail(Error::Invalid("x", "InvalidValue", "no"));
  });
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalid);  // the use case's error, as it was
  auto thrown = store().Write([](app::WriteTx& tx) -> Result<void> {
    auto u = NewUser("thrown@example.com");
    tx.InsertUser(u);
    throw std::runtime_error("boom");
  });
  EXPECT_FALSE(thrown);
  ASSERT_TRUE(Write([](app::WriteTx& tx) {
    auto u = NewUser("after@example.com");
    tx.InsertUser(u);
  }));
  // Writers racing each other: only the failing ones are lost (SQLite commits them in groups).
  std::vector<std::thread> ts;
  std::atomic<int> failed{0};
  for (int i = 0; i < 8; ++i)
    ts.emplace_back([&, i] {
      auto r = store().Write([&](app::WriteTx& tx) -> Result<void> {
        auto u = NewUser("racer" + std::to_string(i) + "@example.com");
        tx.InsertUser(u);
        if (i % 2) return Fail(Error::Invalid("x", "InvalidValue", "odd"));
        return {};
      });
      if (!r) ++failed;
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(failed.load(), 4);
  EXPECT_TRUE(Read([](app::ReadTx& tx) {
    EXPECT_TRUE(tx.UserByEmail("before@example.com"));
    EXPECT_FALSE(tx.UserByEmail("rolled@example.com"));
    EXPECT_FALSE(tx.UserByEmail("thrown@example.com"));
    EXPECT_TRUE(tx.UserByEmail("after@example.com"));
    EXPECT_EQ(tx.ListGroups({}).count, 0);
    for (int i = 0; i < 8; ++i)
      EXPECT_EQ(tx.UserByEmail("racer" + std::to_string(i) + "@example.com").has_value(), i % 2 == 0) << i;
  }));
}

TEST_P(StoreContract, AReadSeesOneConsistentSnapshot) {
  const auto uid = AddUser("req@example.com");
  const auto tid = AddTicket(NewTicket(uid, "before"));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    EXPECT_EQ(tx.ListTickets({}, {}).count, 1);
    EXPECT_EQ(tx.TicketById(tid)->subject, "before");
    // Another writer commits meanwhile: a new ticket and a change to the read one.
    EXPECT_TRUE(Write([&](app::WriteTx& w) {
      auto t = NewTicket(uid);
      w.InsertTicket(t);
      auto cur = *w.TicketById(tid);
      cur.subject = "after";
      cur.version = 2;
      EXPECT_TRUE(w.UpdateTicket(cur, 1));
    }));
    EXPECT_EQ(tx.ListTickets({}, {}).count, 1);
    EXPECT_EQ(tx.ListTickets({}, {}).items.size(), 1u);
    EXPECT_EQ(tx.TicketById(tid)->subject, "before");
    EXPECT_EQ(tx.TicketById(tid)->version, 1);
  }));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    EXPECT_EQ(tx.ListTickets({}, {}).count, 2);
    EXPECT_EQ(tx.TicketById(tid)->subject, "after");
  }));
}

// ---------------------------------------------------------------- tickets: filters, pages

TEST_P(StoreContract, ListTicketsFilters) {
  const auto alice = AddUser("alice@example.com");
  const auto bob = AddUser("bob@example.com");
  const auto agent = AddUser("agent@example.com");
  std::int64_t gid = 0, other_gid = 0;
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    Group g;
    g.name = "Support";
    tx.InsertGroup(g);
    gid = g.id;
    Group o;
    o.name = "Other";
    tx.InsertGroup(o);
    other_gid = o.id;
  }));
  auto t1 = NewTicket(alice);  // alice's, bob CC'd, assigned, in Support, status 2
  t1.collaborator_ids = {bob};
  t1.assignee_id = agent;
  t1.group_id = gid;
  t1.custom_status_id = 2;
  const auto id1 = AddTicket(t1);
  auto t2 = NewTicket(bob);  // bob's, in Other
  t2.group_id = other_gid;
  const auto id2 = AddTicket(t2);
  auto t3 = NewTicket(alice);  // alice's, unassigned, status 3
  t3.custom_status_id = 3;
  const auto id3 = AddTicket(t3);
  auto t4 = NewTicket(agent);  // alice CC'd
  t4.collaborator_ids = {alice, bob};
  t4.assignee_id = agent;
  const auto id4 = AddTicket(t4);

  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    auto ids = [&](const app::TicketFilter& f) {
      auto page = tx.ListTickets(f, {});
      EXPECT_EQ(page.count, static_cast<std::int64_t>(page.items.size()));
      return Ids(page.items);
    };
    EXPECT_EQ(ids({}), (IdList{id1, id2, id3, id4}));
    EXPECT_EQ(ids({.requester_id = alice}), (IdList{id1, id3}));
    EXPECT_EQ(ids({.cc_user_id = bob}), (IdList{id1, id4}));
    EXPECT_EQ(ids({.cc_user_id = alice}), (IdList{id4}));
    EXPECT_EQ(ids({.requester_or_cc_id = alice}), (IdList{id1, id3, id4}));
    EXPECT_EQ(ids({.requester_or_cc_id = bob}), (IdList{id1, id2, id4}));
    EXPECT_EQ(ids({.assignee_id = agent}), (IdList{id1, id4}));
    EXPECT_EQ(ids({.group_id = gid}), (IdList{id1}));
    EXPECT_EQ(ids({.group_id = other_gid}), (IdList{id2}));
    EXPECT_EQ(ids({.custom_status_ids = {2, 3}}), (IdList{id1, id3}));
    EXPECT_EQ(ids({.custom_status_ids = {1}}), (IdList{id2, id4}));
    EXPECT_EQ(ids({.requester_id = alice, .custom_status_ids = {3}}), (IdList{id3}));  // filters combine
    EXPECT_EQ(ids({.requester_id = agent, .assignee_id = alice}), IdList{});
  }));
}

// ---- escalation: a problem's incidents (TicketFilter::problem_id) and counts (IncidentCounts).
TEST_P(StoreContract, IncidentsOfAProblemAndTheirCounts) {
  const auto uid = AddUser("req@example.com");
  auto problem = NewTicket(uid, "problem");
  problem.type = TicketType::kProblem;
  const auto p1 = AddTicket(problem);
  const auto p2 = AddTicket(problem);
  const auto lonely = AddTicket(problem);
  auto incident = NewTicket(uid, "incident");
  incident.type = TicketType::kIncident;
  incident.problem_id = p1;
  const auto i1 = AddTicket(incident);
  incident.custom_status_id = 4;
  const auto i2 = AddTicket(incident);
  incident.problem_id = p2;
  const auto i3 = AddTicket(incident);
  AddTicket(NewTicket(uid, "unrelated"));

  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    auto page = tx.ListTickets({.problem_id = p1}, {});
    EXPECT_EQ(Ids(page.items), (IdList{i1, i2}));
    EXPECT_EQ(page.count, 2);
    EXPECT_EQ(Ids(tx.ListTickets({.custom_status_ids = {4}, .problem_id = p1}, {}).items), IdList{i2});
    EXPECT_EQ(Ids(tx.ListTickets({.problem_id = p2}, {}).items), IdList{i3});
    EXPECT_TRUE(tx.ListTickets({.problem_id = lonely}, {}).items.empty());
    // In the order asked, repeats and unknown ids included; none asked, none answered.
    EXPECT_EQ(tx.IncidentCounts({p2, lonely, p1, 999999, p1}), (std::vector<std::int64_t>{1, 0, 2, 0, 2}));
    EXPECT_TRUE(tx.IncidentCounts({}).empty());
    // More than one chunk of ids (128).
    std::vector<std::int64_t> many(300, lonely);
    many[299] = p1;
    auto counts = tx.IncidentCounts(many);
    ASSERT_EQ(counts.size(), 300u);
    EXPECT_EQ(counts[0], 0);
    EXPECT_EQ(counts[299], 2);
  }));
}

TEST_P(StoreContract, ListTicketsPagesByOffsetAndByCursorBothWays) {
  const auto uid = AddUser("req@example.com");
  IdList all;
  for (int i = 0; i < 5; ++i) all.push_back(AddTicket(NewTicket(uid)));
  const IdList desc_all(all.rbegin(), all.rend());
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    // Offset, ascending.
    auto p1 = tx.ListTickets({}, {.limit = 2});
    EXPECT_EQ(Ids(p1.items), (IdList{all[0], all[1]}));
    EXPECT_TRUE(p1.has_more);
    EXPECT_EQ(p1.count, 5);
    auto p2 = tx.ListTickets({}, {.limit = 2, .offset = 2});
    EXPECT_EQ(Ids(p2.items), (IdList{all[2], all[3]}));
    EXPECT_TRUE(p2.has_more);
    EXPECT_EQ(p2.count, 5);
    auto p3 = tx.ListTickets({}, {.limit = 2, .offset = 4});
    EXPECT_EQ(Ids(p3.items), (IdList{all[4]}));
    EXPECT_FALSE(p3.has_more);
    auto exact = tx.ListTickets({}, {.limit = 5});
    EXPECT_EQ(exact.items.size(), 5u);
    EXPECT_FALSE(exact.has_more);
    auto past = tx.ListTickets({}, {.limit = 2, .offset = 10});
    EXPECT_TRUE(past.items.empty());
    EXPECT_FALSE(past.has_more);
    EXPECT_EQ(past.count, 5);
    // Offset, descending.
    auto d1 = tx.ListTickets({}, {.limit = 2, .descending = true});
    EXPECT_EQ(Ids(d1.items), (IdList{all[4], all[3]}));
    EXPECT_TRUE(d1.has_more);
    EXPECT_EQ(d1.count, 5);

    // Cursor, ascending: after walks forward, before walks back; items stay in ascending order.
    auto a2 = tx.ListTickets({}, {.limit = 2, .after_id = all[1]});
    EXPECT_EQ(Ids(a2.items), (IdList{all[2], all[3]}));
    EXPECT_TRUE(a2.has_more);
    auto a3 = tx.ListTickets({}, {.limit = 2, .after_id = all[3]});
    EXPECT_EQ(Ids(a3.items), (IdList{all[4]}));
    EXPECT_FALSE(a3.has_more);
    auto b1 = tx.ListTickets({}, {.limit = 2, .before_id = all[2]});
    EXPECT_EQ(Ids(b1.items), (IdList{all[0], all[1]}));
    EXPECT_FALSE(b1.has_more);  // nothing before all[0]
    auto b2 = tx.ListTickets({}, {.limit = 2, .before_id = all[4]});
    EXPECT_EQ(Ids(b2.items), (IdList{all[2], all[3]}));
    EXPECT_TRUE(b2.has_more);
    // The offset is ignored with a cursor.
    auto ao = tx.ListTickets({}, {.limit = 2, .offset = 3, .after_id = all[0]});
    EXPECT_EQ(Ids(ao.items), (IdList{all[1], all[2]}));

    // Cursor, descending: after goes to smaller ids, before to larger; items stay descending.
    auto da = tx.ListTickets({}, {.limit = 2, .after_id = all[3], .descending = true});
    EXPECT_EQ(Ids(da.items), (IdList{all[2], all[1]}));
    EXPECT_TRUE(da.has_more);
    auto da_end = tx.ListTickets({}, {.limit = 2, .after_id = all[1], .descending = true});
    EXPECT_EQ(Ids(da_end.items), (IdList{all[0]}));
    EXPECT_FALSE(da_end.has_more);
    auto db = tx.ListTickets({}, {.limit = 2, .before_id = all[2], .descending = true});
    EXPECT_EQ(Ids(db.items), (IdList{all[4], all[3]}));
    EXPECT_FALSE(db.has_more);
    auto db2 = tx.ListTickets({}, {.limit = 2, .before_id = all[0], .descending = true});
    EXPECT_EQ(Ids(db2.items), (IdList{all[2], all[1]}));
    EXPECT_TRUE(db2.has_more);

    // A whole walk each way visits every ticket once.
    IdList walked;
    app::PageRequest p{.limit = 2, .descending = true};
    for (;;) {
      auto page = tx.ListTickets({}, p);
      for (auto id : Ids(page.items)) walked.push_back(id);
      if (!page.has_more) break;
      p.after_id = page.items.back().id;
    }
    EXPECT_EQ(walked, desc_all);
  }));
}

// ---------------------------------------------------------------- comments, audits, changes

TEST_P(StoreContract, CommentsOfPublicOnlyLeavesInternalNotesOut) {
  const auto uid = AddUser("req@example.com");
  const auto tid = AddTicket(NewTicket(uid));
  const auto other = AddTicket(NewTicket(uid));
  IdList cids;
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    for (int i = 0; i < 4; ++i) {
      Comment c;
      c.ticket_id = tid;
      c.author_id = uid;
      c.body = "c" + std::to_string(i);
      c.is_public = i != 1;
      c.created_at = FromUnix(1000 + i);
      tx.InsertComment(c);
      cids.push_back(c.id);
    }
    Comment elsewhere;
    elsewhere.ticket_id = other;
    elsewhere.author_id = uid;
    elsewhere.body = "x";
    tx.InsertComment(elsewhere);
  }));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    auto all = tx.CommentsOf(tid, false, {});
    EXPECT_EQ(Ids(all.items), cids);
    EXPECT_EQ(all.count, 4);
    auto pub = tx.CommentsOf(tid, true, {});
    EXPECT_EQ(Ids(pub.items), (IdList{cids[0], cids[2], cids[3]}));
    EXPECT_EQ(pub.count, 3);
    for (const auto& c : pub.items) EXPECT_TRUE(c.is_public);
    ASSERT_EQ(all.items.size(), 4u);
    EXPECT_FALSE(all.items[1].is_public);
    EXPECT_EQ(all.items[1].body, "c1");
    EXPECT_EQ(tx.CommentCount(tid), 4);
    auto page = tx.CommentsOf(tid, true, {.limit = 2, .descending = true});
    EXPECT_EQ(Ids(page.items), (IdList{cids[3], cids[2]}));
    EXPECT_TRUE(page.has_more);
    EXPECT_EQ(tx.CommentsByIds({cids[2], cids[0], 999999}).size(), 2u);
  }));
}

TEST_P(StoreContract, AuditsOfCarryTheirEventsAndLinkComments) {
  const auto uid = AddUser("req@example.com");
  const auto tid = AddTicket(NewTicket(uid));
  std::int64_t cid = 0;
  IdList aids;
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    Audit create;
    create.ticket_id = tid;
    create.author_id = uid;
    create.created_at = FromUnix(1000);
    create.events.push_back(Event{.type = "Create", .field_name = "subject", .value = "\"s\""});
    create.events.push_back(Event{.type = "Create", .field_name = "status", .value = "\"new\""});
    tx.InsertAudit(create);
    for (const auto& e : create.events) EXPECT_GT(e.id, 0);
    aids.push_back(create.id);
    Comment c;
    c.ticket_id = tid;
    c.author_id = uid;
    c.body = "hello";
    tx.InsertComment(c);
    cid = c.id;
    Audit reply;
    reply.ticket_id = tid;
    reply.author_id = kSystemAuthorId;
    reply.via_channel = std::string(kViaRule);
    reply.created_at = FromUnix(2000);
    reply.events.push_back(Event{.type = "Comment", .comment_id = cid});
    reply.events.push_back(
        Event{.type = "Change", .field_name = "status", .value = "\"open\"", .previous_value = "\"new\""});
    tx.InsertAudit(reply);
    aids.push_back(reply.id);
    Audit third;
    third.ticket_id = tid;
    third.author_id = uid;
    third.created_at = FromUnix(3000);
    tx.InsertAudit(third);
    aids.push_back(third.id);
  }));
  EXPECT_LT(aids[0], aids[1]);
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    auto page = tx.AuditsOf(tid, {});
    EXPECT_EQ(page.count, 3);
    ASSERT_EQ(page.items.size(), 3u);
    EXPECT_EQ(Ids(page.items), aids);
    const auto& first = page.items[0];
    ASSERT_EQ(first.events.size(), 2u);
    EXPECT_EQ(first.events[0].type, "Create");
    EXPECT_EQ(first.events[0].field_name, "subject");
    EXPECT_EQ(first.events[1].value, "\"new\"");
    EXPECT_EQ(first.created_at, FromUnix(1000));
    const auto& reply = page.items[1];
    EXPECT_EQ(reply.author_id, kSystemAuthorId);
    EXPECT_EQ(reply.via_channel, kViaRule);
    ASSERT_EQ(reply.events.size(), 2u);
    EXPECT_EQ(reply.events[0].comment_id, cid);
    EXPECT_EQ(reply.events[1].previous_value, "\"new\"");
    EXPECT_TRUE(page.items[2].events.empty());
    // The comment points back at its audit.
    auto cs = tx.CommentsByIds({cid});
    ASSERT_EQ(cs.size(), 1u);
    EXPECT_EQ(cs[0].audit_id, aids[1]);
    // Pages, newest first, and a cursor.
    auto d = tx.AuditsOf(tid, {.limit = 2, .descending = true});
    EXPECT_EQ(Ids(d.items), (IdList{aids[2], aids[1]}));
    EXPECT_TRUE(d.has_more);
    ASSERT_EQ(d.items.size(), 2u);
    EXPECT_EQ(d.items[1].events.size(), 2u);
    auto next = tx.AuditsOf(tid, {.limit = 2, .after_id = aids[1], .descending = true});
    EXPECT_EQ(Ids(next.items), (IdList{aids[0]}));
    EXPECT_FALSE(next.has_more);
    auto back = tx.AuditsOf(tid, {.limit = 2, .before_id = aids[2]});
    EXPECT_EQ(Ids(back.items), (IdList{aids[0], aids[1]}));
    EXPECT_EQ(tx.AuditsOf(999999, {}).count, 0);
  }));
}

TEST_P(StoreContract, TicketsChangedSinceWalksUpdatedAtThenIdInOrder) {
  const auto uid = AddUser("req@example.com");
  auto at = [&](std::int64_t updated) {
    auto t = NewTicket(uid);
    t.created_at = FromUnix(10);
    t.updated_at = FromUnix(updated);
    return AddTicket(t);
  };
  const auto a = at(100);
  const auto b = at(100);
  const auto c = at(50);
  const auto d = at(200);
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    EXPECT_EQ(Ids(tx.TicketsChangedSince(FromUnix(0), 0, 10)), (IdList{c, a, b, d}));
    EXPECT_EQ(Ids(tx.TicketsChangedSince(FromUnix(0), 0, 2)), (IdList{c, a}));
    // The next page starts after the last (updated_at, id) seen: b at the same instant comes next.
    EXPECT_EQ(Ids(tx.TicketsChangedSince(FromUnix(100), a, 2)), (IdList{b, d}));
    EXPECT_EQ(Ids(tx.TicketsChangedSince(FromUnix(100), b, 2)), (IdList{d}));
    EXPECT_EQ(Ids(tx.TicketsChangedSince(FromUnix(200), d, 2)), IdList{});
    EXPECT_EQ(Ids(tx.TicketsChangedSince(FromUnix(60), 0, 10)), (IdList{a, b, d}));
  }));
  // A change moves a ticket to the end.
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    auto t = *tx.TicketById(c);
    t.updated_at = FromUnix(300);
    t.version = 2;
    EXPECT_TRUE(tx.UpdateTicket(t, 1));
  }));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    EXPECT_EQ(Ids(tx.TicketsChangedSince(FromUnix(0), 0, 10)), (IdList{a, b, d, c}));
  }));
}

// ---------------------------------------------------------------- users, tokens, groups

TEST_P(StoreContract, UsersByEmailByIdsAndByTokenHash) {
  const auto maria = AddUser("maria@example.com", "Maria");
  const auto joao = AddUser("joao@example.com", "João");
  std::int64_t gone_id = 0;
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    app::ApiToken live{.user_id = maria, .prefix = "live", .created_at = FromUnix(1000)};
    tx.InsertToken(live, "hash-live");
    EXPECT_GT(live.id, 0);
    app::ApiToken gone{.user_id = joao, .prefix = "gone", .created_at = FromUnix(1000)};
    tx.InsertToken(gone, "hash-gone");
    EXPECT_GT(gone.id, live.id);
    gone_id = gone.id;
  }));
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { EXPECT_TRUE(tx.RevokeApiToken(gone_id, FromUnix(2000))); }));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    auto m = tx.UserByEmail("maria@example.com");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->id, maria);
    EXPECT_EQ(m->name, "Maria");
    EXPECT_FALSE(tx.UserByEmail("nobody@example.com"));
    EXPECT_EQ(tx.UserById(joao)->name, "João");
    EXPECT_FALSE(tx.UserById(999999));
    auto both = tx.UsersByIds({joao, 999999, maria});
    IdList got = Ids(both);
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, (IdList{maria, joao}));
    EXPECT_TRUE(tx.UsersByIds({}).empty());
    EXPECT_EQ(tx.UserIdByTokenHash("hash-live"), maria);
    EXPECT_EQ(tx.UserIdByTokenHash("hash-gone"), std::nullopt);  // revoked
    EXPECT_EQ(tx.UserIdByTokenHash("hash-unknown"), std::nullopt);
    auto ids = tx.IdentitiesOf(maria);
    ASSERT_EQ(ids.size(), 1u);
    EXPECT_EQ(ids[0].value, "maria@example.com");
  }));
}

TEST_P(StoreContract, ListUsersTextFilterIgnoresCase) {
  const auto maria = AddUser("maria.silva@example.com", "Maria Silva");
  const auto pedro = AddUser("pedro@Acme.example", "Pedro Souza");
  AddUser("ana@example.com", "Ana");
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    auto ids = [&](const std::string& text) {
      auto page = tx.ListUsers(app::UserFilter{.text = text}, {});
      EXPECT_EQ(page.count, static_cast<std::int64_t>(page.items.size())) << text;
      return Ids(page.items);
    };
    EXPECT_EQ(ids("maria"), IdList{maria});
    EXPECT_EQ(ids("MARIA"), IdList{maria});
    EXPECT_EQ(ids("sIlVa"), IdList{maria});  // name or e-mail
    EXPECT_EQ(ids("SOUZA"), IdList{pedro});  // name only
    EXPECT_EQ(ids("acme.EXAMPLE"), IdList{pedro});
    EXPECT_EQ(ids("zzz"), IdList{});
    EXPECT_EQ(ids("").size(), 3u);
  }));
}

TEST_P(StoreContract, ADeletedGroupIsGoneButTicketsKeepPointingAtIt) {
  const auto uid = AddUser("req@example.com");
  std::int64_t kept = 0, gone = 0;
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    Group a;
    a.name = "Kept";
    tx.InsertGroup(a);
    kept = a.id;
    Group b;
    b.name = "Gone";
    tx.InsertGroup(b);
    gone = b.id;
    GroupMembership m{.user_id = uid, .group_id = gone};
    tx.InsertMembership(m);
  }));
  auto t = NewTicket(uid);
  t.group_id = gone;
  const auto tid = AddTicket(t);
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { tx.DeleteGroup(gone); }));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    EXPECT_TRUE(tx.GroupById(kept));
    EXPECT_FALSE(tx.GroupById(gone));
    auto groups = tx.ListGroups({});
    EXPECT_EQ(groups.count, 1);
    EXPECT_EQ(Ids(groups.items), IdList{kept});
    EXPECT_EQ(tx.TicketById(tid)->group_id, gone);
    EXPECT_EQ(Ids(tx.ListTickets(app::TicketFilter{.group_id = gone}, {}).items), IdList{tid});
  }));
}

TEST_P(StoreContract, TicketFieldOptionsKeepTheirIdsOnUpdate) {
  std::int64_t fid = 0;
  std::vector<app::FieldOption> opts;
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    app::TicketField f;
    f.type = "tagger";
    f.key = "conformance";
    f.title = "Conformance";
    f.options = {
        {.name = "A", .value = "a"}, {.name = "B", .value = "b", .is_default = true}, {.name = "C", .value = "c"}};
    f.created_at = f.updated_at = FromUnix(1000);
    tx.InsertTicketField(f);
    fid = f.id;
    opts = f.options;  // the insert sets the options' ids
  }));
  ASSERT_EQ(opts.size(), 3u);
  for (const auto& o : opts) EXPECT_GT(o.id, 0);
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    auto f = *tx.TicketFieldById(fid);
    EXPECT_EQ(Ids(f.options), Ids(opts));
    f.title = "Renamed";
    f.options.erase(f.options.begin());                // drop A
    f.options[0].name = "B2";                          // rename B, keeping its id
    f.options.push_back({.name = "D", .value = "d"});  // a new one
    tx.UpdateTicketField(f);
  }));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    auto f = tx.TicketFieldById(fid);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->title, "Renamed");
    ASSERT_EQ(f->options.size(), 3u);
    EXPECT_EQ(f->options[0].id, opts[1].id);
    EXPECT_EQ(f->options[0].name, "B2");
    EXPECT_TRUE(f->options[0].is_default);
    EXPECT_EQ(f->options[1].id, opts[2].id);
    EXPECT_EQ(f->options[1].value, "c");
    EXPECT_GT(f->options[2].id, 0);
    EXPECT_NE(f->options[2].id, opts[0].id);
    EXPECT_EQ(f->options[2].value, "d");
    auto listed = tx.ListTicketFields();
    EXPECT_TRUE(std::any_of(listed.begin(), listed.end(), [&](const auto& x) { return x.id == fid; }));
  }));
}

// ---------------------------------------------------------------- timers

TEST_P(StoreContract, TimersScheduleCancelClaimAndFire) {
  const auto uid = AddUser("req@example.com");
  const auto t1 = AddTicket(NewTicket(uid));
  const auto t2 = AddTicket(NewTicket(uid));
  const auto t3 = AddTicket(NewTicket(uid));
  auto timer = [](std::int64_t ticket, std::int64_t due, std::string kind = std::string(kStatusAutoTimer)) {
    Timer t;
    t.ticket_id = ticket;
    t.kind = std::move(kind);
    t.from_status_id = 2;
    t.to_status_id = 4;
    t.due_at = FromUnix(due);
    t.created_at = FromUnix(1000);
    return t;
  };
  std::int64_t first_id = 0, t2_id = 0, t3_id = 0;
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    auto a = timer(t1, 5000);
    tx.ScheduleTimer(a);
    first_id = a.id;
    EXPECT_GT(first_id, 0);
    // Rescheduled: still one pending timer of that kind, same id, new values.
    auto again = timer(t1, 3000);
    again.from_status_id = 3;
    again.created_at = FromUnix(1500);
    tx.ScheduleTimer(again);
    EXPECT_EQ(again.id, first_id);
    auto b = timer(t2, 2000);
    tx.ScheduleTimer(b);
    t2_id = b.id;
    auto c = timer(t3, 9000);
    tx.ScheduleTimer(c);
    t3_id = c.id;
    auto other_kind = timer(t3, 1000, "other");
    tx.ScheduleTimer(other_kind);
    EXPECT_NE(other_kind.id, t3_id);
  }));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    auto ts = tx.TimersOf(t1);
    ASSERT_EQ(ts.size(), 1u);
    EXPECT_EQ(ts[0].id, first_id);
    EXPECT_EQ(ts[0].due_at, FromUnix(3000));
    EXPECT_EQ(ts[0].from_status_id, 3);
    EXPECT_EQ(ts[0].created_at, FromUnix(1500));
    EXPECT_TRUE(ts[0].pending());
    EXPECT_EQ(tx.TimersOf(t3).size(), 2u);
  }));
  // Cancel drops only that kind's pending timer.
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { tx.CancelTimers(t3, "other"); }));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) { EXPECT_EQ(Ids(tx.TimersOf(t3)), IdList{t3_id}); }));
  // The claim: only due ones, oldest due first, at most `limit`.
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    EXPECT_TRUE(tx.ClaimDueTimers(FromUnix(1999), 10).empty());
    EXPECT_EQ(Ids(tx.ClaimDueTimers(FromUnix(3000), 10)), (IdList{t2_id, first_id}));
    EXPECT_EQ(Ids(tx.ClaimDueTimers(FromUnix(100000), 1)), IdList{t2_id});
    EXPECT_EQ(Ids(tx.ClaimDueTimers(FromUnix(100000), 10)), (IdList{t2_id, first_id, t3_id}));
  }));
  // Fired: kept as history, never claimed again, fired only once.
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    EXPECT_TRUE(tx.MarkTimerFired(t2_id, FromUnix(2500), "node-a:1", kTimerApplied));
    EXPECT_FALSE(tx.MarkTimerFired(t2_id, FromUnix(2600), "node-b:2", kTimerVoid));
    EXPECT_FALSE(tx.MarkTimerFired(999999, FromUnix(2600), "node-b:2", kTimerVoid));
  }));
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    EXPECT_EQ(Ids(tx.ClaimDueTimers(FromUnix(100000), 10)), (IdList{first_id, t3_id}));
    auto ts = tx.TimersOf(t2);
    ASSERT_EQ(ts.size(), 1u);
    EXPECT_FALSE(ts[0].pending());
    EXPECT_EQ(ts[0].fired_at, FromUnix(2500));
    EXPECT_EQ(ts[0].fired_by, "node-a:1");
    EXPECT_EQ(ts[0].outcome, kTimerApplied);
    // A fired timer stays when its kind is cancelled, and a new one can be scheduled beside it.
    tx.CancelTimers(t2, kStatusAutoTimer);
    EXPECT_EQ(tx.TimersOf(t2).size(), 1u);
    auto fresh = timer(t2, 8000);
    tx.ScheduleTimer(fresh);
    EXPECT_NE(fresh.id, t2_id);
    EXPECT_EQ(tx.TimersOf(t2).size(), 2u);
    // Cancelled ones are not claimed and cannot be fired.
    tx.CancelTimers(t1, kStatusAutoTimer);
    EXPECT_FALSE(tx.MarkTimerFired(first_id, FromUnix(2600), "node-a:1", kTimerApplied));
    EXPECT_EQ(Ids(tx.ClaimDueTimers(FromUnix(100000), 10)), (IdList{fresh.id, t3_id}));
  }));
}

// The scheduler's questions (NextTimerDue, PendingDueTimers) and its wake-up: a committed write
// that scheduled timers calls the store's OnTimerScheduled callback with the earliest due
// time, after COMMIT; a failed write does not.
TEST_P(StoreContract, TimerSchedulingNextDuePendingCountAndTheWakeAfterCommit) {
  std::mutex mu;
  std::vector<std::int64_t> woken;  // due times, unix seconds
  store().OnTimerScheduled([&](Instant due) {
    std::lock_guard lk(mu);
    woken.push_back(UnixSeconds(due));
  });
  auto wakes = [&] {
    std::lock_guard lk(mu);
    return woken;
  };
  const auto uid = AddUser("req@example.com");
  const auto t1 = AddTicket(NewTicket(uid));
  const auto t2 = AddTicket(NewTicket(uid));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    EXPECT_FALSE(tx.NextTimerDue().has_value());
    EXPECT_EQ(tx.PendingDueTimers(FromUnix(1 << 30)), 0);
  }));
  EXPECT_TRUE(wakes().empty()) << "writes that schedule no timer wake nothing";
  auto timer = [](std::int64_t ticket, std::int64_t due, const char* kind) {
    Timer t;
    t.ticket_id = ticket;
    t.kind = kind;
    t.due_at = FromUnix(due);
    t.created_at = FromUnix(1000);
    return t;
  };
  std::int64_t first = 0;
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    for (auto [ticket, due, kind] : {std::tuple{t1, 7000, "a"}, {t2, 5000, "a"}, {t1, 6000, "b"}}) {
      auto t = timer(ticket, due, kind);
      tx.ScheduleTimer(t);
      if (due == 5000) first = t.id;
    }
  }));
  EXPECT_EQ(wakes(), (IdList{5000})) << "one wake per transaction, with its earliest due time";
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    EXPECT_EQ(tx.NextTimerDue(), FromUnix(5000));
    EXPECT_EQ(tx.PendingDueTimers(FromUnix(4999)), 0);
    EXPECT_EQ(tx.PendingDueTimers(FromUnix(6000)), 2) << "due at or before the time";
    EXPECT_EQ(tx.PendingDueTimers(FromUnix(9000)), 3);
  }));
  // A fired timer is no longer pending: neither next nor counted.
  ASSERT_TRUE(
      Write([&](app::WriteTx& tx) { EXPECT_TRUE(tx.MarkTimerFired(first, FromUnix(5000), "n:1", "applied")); }));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    EXPECT_EQ(tx.NextTimerDue(), FromUnix(6000));
    EXPECT_EQ(tx.PendingDueTimers(FromUnix(9000)), 2);
  }));
  // A write that scheduled a timer and then failed is rolled back: no wake.
  auto failed = store().Write([&](app::WriteTx& tx) -> Result<void> {
    auto t = timer(t2, 100, "c");
    tx.ScheduleTimer(t);
    return Fail(Error::Conflict("changed my mind"));
  });
  EXPECT_FALSE(failed.has_value());
  EXPECT_EQ(wakes(), (IdList{5000}));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) { EXPECT_EQ(tx.NextTimerDue(), FromUnix(6000)); }));
  store().OnTimerScheduled(nullptr);
}

// ---------------------------------------------------------------- search

TEST_P(StoreContract, SearchTicketsFindsSubjectWordsAndKeepsInternalNotesOutOfPublicSearches) {
  const auto uid = AddUser("req@example.com");
  const auto printer = AddTicket(NewTicket(uid, "Printer jammed on floor two"));
  const auto mail = AddTicket(NewTicket(uid, "Mail not arriving"));
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    Comment pub;
    pub.ticket_id = mail;
    pub.author_id = uid;
    pub.body = "the mailbox overflows";
    pub.is_public = true;
    tx.InsertComment(pub);
    Comment note;
    note.ticket_id = mail;
    note.author_id = uid;
    note.body = "internal: blame zebrafish server";
    note.is_public = false;
    tx.InsertComment(note);
  }));
  auto search = [&](const std::string& word, bool public_only) {
    app::TicketSearch q;
    q.must = {TextTerm{.text = word}};
    q.public_only = public_only;
    IdList out;
    EXPECT_TRUE(Read([&](app::ReadTx& tx) { out = Ids(tx.SearchTickets(q, {}).items); }));
    return out;
  };
  EXPECT_EQ(search("printer", false), IdList{printer});
  EXPECT_EQ(search("PRINTER", true), IdList{printer});  // case folded
  EXPECT_EQ(search("jammed", false), IdList{printer});
  EXPECT_EQ(search("mailbox", true), IdList{mail});     // a public comment's word
  EXPECT_EQ(search("zebrafish", false), IdList{mail});  // agents search internal notes
  EXPECT_EQ(search("zebrafish", true), IdList{});       // end users do not
  EXPECT_EQ(search("absent", false), IdList{});
  // Every `must` term matches; a `must_not` one excludes.
  app::TicketSearch both;
  both.must = {TextTerm{.text = "mail"}, TextTerm{.text = "arriving"}};
  app::TicketSearch excluded;
  excluded.must = {TextTerm{.text = "mail"}};
  excluded.must_not = {TextTerm{.text = "arriving"}};
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    EXPECT_EQ(Ids(tx.SearchTickets(both, {}).items), IdList{mail});
    EXPECT_EQ(Ids(tx.SearchTickets(excluded, {}).items), IdList{});
  }));
}

// ---- satisfaction: one rating per ticket, rewritten in place; the list filters and the report.
TEST_P(StoreContract, SatisfactionRatingsUpsertListAndReport) {
  const auto uid = AddUser("req@example.com");
  const auto agent = AddUser("agent@example.com");
  std::vector<std::int64_t> tickets;
  for (int i = 0; i < 3; ++i) tickets.push_back(AddTicket(NewTicket(uid)));
  auto rating = [&](std::int64_t ticket, const char* score, const char* comment, std::int64_t at,
                    std::optional<std::int64_t> assignee) {
    SatisfactionRating r;
    r.ticket_id = ticket;
    r.requester_id = uid;
    r.assignee_id = assignee;
    r.score = score;
    r.comment = comment;
    r.created_at = r.updated_at = FromUnix(at);
    return r;
  };
  SatisfactionRating first = rating(tickets[0], "good", "", 100, agent);
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    tx.InsertSatisfactionRating(first);
    auto b = rating(tickets[1], "bad", "slow", 200, agent);
    tx.InsertSatisfactionRating(b);
    auto c = rating(tickets[2], "good", "thanks", 300, std::nullopt);
    tx.InsertSatisfactionRating(c);
  }));
  first.score = "bad";
  first.comment = "changed my mind";
  first.updated_at = FromUnix(400);
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { tx.UpdateSatisfactionRating(first); }));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    auto back = tx.SatisfactionRatingOfTicket(tickets[0]);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->id, first.id);
    EXPECT_EQ(back->score, "bad");
    EXPECT_EQ(back->comment, "changed my mind");
    EXPECT_EQ(back->created_at, FromUnix(100));
    EXPECT_EQ(back->updated_at, FromUnix(400));
    EXPECT_EQ(back->assignee_id, agent);
    EXPECT_EQ(tx.SatisfactionRatingById(first.id)->ticket_id, tickets[0]);
    EXPECT_FALSE(tx.SatisfactionRatingById(first.id + 1000));

    auto list = [&](app::SatisfactionFilter f) {
      IdList out;
      for (const auto& r : tx.ListSatisfactionRatings(f, {}).items) out.push_back(r.ticket_id);
      return out;
    };
    EXPECT_EQ(list({}), (IdList{tickets[0], tickets[1], tickets[2]}));
    EXPECT_EQ(list({.scores = {"bad"}}), (IdList{tickets[0], tickets[1]}));
    EXPECT_EQ(list({.scores = {"good"}, .with_comment = true}), IdList{tickets[2]});
    EXPECT_EQ(list({.start_time = FromUnix(200), .end_time = FromUnix(400)}), (IdList{tickets[1], tickets[2]}));

    // Per assignee: the agent 0 good / 2 bad, nobody 1 good; most rated first.
    auto rows = tx.SatisfactionReport({}, app::SatisfactionGroupBy::kAssignee);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].key, agent);
    EXPECT_EQ(rows[0].good, 0);
    EXPECT_EQ(rows[0].bad, 2);
    EXPECT_EQ(rows[1].key, std::nullopt);
    EXPECT_EQ(rows[1].good, 1);
    EXPECT_EQ(rows[1].bad, 0);
  }));
}

// ---- redaction: a comment rewritten in place takes the search index with it.
TEST_P(StoreContract, AnUpdatedCommentBodyLeavesTheSearchIndex) {
  const auto uid = AddUser("req@example.com");
  const auto t = AddTicket(NewTicket(uid, "Billing"));
  Comment c;
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    c.ticket_id = t;
    c.author_id = uid;
    c.body = "card 4111222233334444 charged";
    c.html_body = "<p>card 4111222233334444 charged</p>";
    tx.InsertComment(c);
  }));
  auto search = [&](const std::string& word) {
    app::TicketSearch q;
    q.must = {TextTerm{.text = word}};
    IdList out;
    EXPECT_TRUE(Read([&](app::ReadTx& tx) { out = Ids(tx.SearchTickets(q, {}).items); }));
    return out;
  };
  ASSERT_EQ(search("4111222233334444"), IdList{t});
  ASSERT_TRUE(
      Write([&](app::WriteTx& tx) { tx.UpdateCommentBody(c.id, "card XXXX charged", "<p>card XXXX charged</p>"); }));
  EXPECT_EQ(search("4111222233334444"), IdList{});
  EXPECT_EQ(search("charged"), IdList{t});
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    auto back = tx.CommentsByIds({c.id});
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0].body, "card XXXX charged");
    EXPECT_EQ(back[0].html_body, "<p>card XXXX charged</p>");
  }));
}

// ---------------------------------------------------------------- attachments

TEST_P(StoreContract, UploadsAttachmentsAndTheirBlobs) {
  const auto uid = AddUser("up@example.com");
  const auto tid = AddTicket(NewTicket(uid));
  Comment c1, c2;
  Upload up{0, "tok-1", uid, FromUnix(1000), FromUnix(4600)};
  Upload old{0, "tok-old", uid, FromUnix(10), FromUnix(20)};
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    c1.ticket_id = c2.ticket_id = tid;
    c1.author_id = c2.author_id = uid;
    c1.body = "one";
    c2.body = "two";
    tx.InsertComment(c1);
    tx.InsertComment(c2);
    tx.InsertUpload(up);
    tx.InsertUpload(old);
    for (const char* name : {"a.pdf", "b.png"}) {
      Attachment a;
      a.upload_token = "tok-1";
      a.uploader_id = uid;
      a.file_name = name;
      a.content_type = "application/pdf";
      a.size = 10;
      a.sha256 = std::string(64, name[0]);
      if (name[0] == 'b') {
        a.width = 3;
        a.height = 2;
      }
      a.created_at = FromUnix(1000);
      tx.InsertAttachment(a);
      EXPECT_GT(a.id, 0);
    }
    Attachment o;
    o.upload_token = "tok-old";
    o.uploader_id = uid;
    o.file_name = "old.pdf";
    o.content_type = "application/pdf";
    o.size = 5;
    o.sha256 = std::string(64, 'a');  // the same bytes as a.pdf
    tx.InsertAttachment(o);
  }));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    auto u = tx.UploadByToken("tok-1");
    ASSERT_TRUE(u);
    EXPECT_EQ(u->uploader_id, uid);
    EXPECT_EQ(u->expires_at, FromUnix(4600));
    auto files = tx.AttachmentsOfUpload("tok-1");
    ASSERT_EQ(files.size(), 2u);
    EXPECT_EQ(files[1].file_name, "b.png");
    EXPECT_EQ(files[1].width, 3);
    EXPECT_FALSE(files[0].width);
    EXPECT_FALSE(files[0].comment_id);
    EXPECT_EQ(tx.AttachmentsWithBlob(std::string(64, 'a')), 2);
    EXPECT_EQ(tx.AttachmentsWithBlob(""), 0);
    auto expired = tx.ExpiredUploads(FromUnix(100), 10);
    ASSERT_EQ(expired.size(), 1u);
    EXPECT_EQ(expired[0].token, "tok-old");
  }));
  // Attaching takes the token: the files are the comment's, the upload row is gone.
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { EXPECT_EQ(tx.AttachUpload("tok-1", tid, c1.id), 2); }));
  std::int64_t copied = 0;
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { copied = tx.CopyAttachments(c1.id, c2.id, tid); }));
  EXPECT_EQ(copied, 2);
  std::int64_t redact_id = 0;
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    EXPECT_FALSE(tx.UploadByToken("tok-1"));
    EXPECT_TRUE(tx.AttachmentsOfUpload("tok-1").empty());
    auto of = tx.AttachmentsOfComments({c2.id, c1.id});
    ASSERT_EQ(of.size(), 4u);
    EXPECT_EQ(*of[0].comment_id, c1.id);  // by comment, then id
    EXPECT_EQ(*of[2].comment_id, c2.id);
    EXPECT_EQ(of[2].file_name, "a.pdf");
    EXPECT_EQ(*of[2].ticket_id, tid);
    EXPECT_NE(of[2].id, of[0].id);
    EXPECT_EQ(tx.AttachmentsWithBlob(std::string(64, 'a')), 3);
    redact_id = of[0].id;
  }));
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    tx.RedactAttachment(redact_id);
    tx.DeleteUpload("tok-old");
    tx.LockBlob(std::string(64, 'a'), 10, FromUnix(1000));
    tx.LockBlob(std::string(64, 'a'), 10, FromUnix(1000));  // twice: still one row
    tx.ForgetBlob(std::string(64, 'a'));
  }));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    auto a = tx.AttachmentById(redact_id);
    ASSERT_TRUE(a);
    EXPECT_TRUE(a->redacted);
    EXPECT_EQ(a->file_name, "redacted.txt");
    EXPECT_EQ(a->size, 0);
    EXPECT_EQ(a->sha256, "");
    EXPECT_EQ(tx.AttachmentsWithBlob(std::string(64, 'a')), 1);  // the copy only
    EXPECT_FALSE(tx.UploadByToken("tok-old"));
    EXPECT_TRUE(tx.ExpiredUploads(FromUnix(100000), 10).empty());
  }));
}

// ---------------------------------------------------------------- merges (docs/duplicates.md)

TEST_P(StoreContract, MergesAreListedBySourceTargetAndJobAndUndoneInPlace) {
  const auto uid = AddUser("merge@example.com");
  const auto target = AddTicket(NewTicket(uid, "target"));
  const auto s1 = AddTicket(NewTicket(uid, "s1"));
  const auto s2 = AddTicket(NewTicket(uid, "s2"));
  MergeRecord first, second;
  EXPECT_TRUE(Write([&](app::WriteTx& tx) {
    first.kind = "manual";
    first.source_id = s1;
    first.target_id = target;
    first.author_id = uid;
    first.created_at = FromUnix(2000);
    tx.InsertMerge(first);  // job_id 0: the first of its job names it
    second = first;
    second.job_id = first.job_id;
    second.source_id = s2;
    tx.InsertMerge(second);
  }));
  EXPECT_GT(first.id, 0);
  EXPECT_EQ(first.job_id, first.id);
  EXPECT_EQ(second.job_id, first.id);
  EXPECT_GT(second.id, first.id);
  EXPECT_TRUE(Write([&](app::WriteTx& tx) { tx.UndoMerge(first.id, FromUnix(3000), uid); }));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    EXPECT_EQ(Ids(tx.ListMerges({.target_id = target})), (IdList{first.id, second.id}));
    EXPECT_EQ(Ids(tx.ListMerges({.job_id = first.id})), (IdList{first.id, second.id}));
    auto by_source = tx.ListMerges({.source_id = s1});
    ASSERT_EQ(by_source.size(), 1u);
    EXPECT_EQ(by_source[0].undone_at, FromUnix(3000));
    EXPECT_EQ(by_source[0].undone_by, uid);
    EXPECT_EQ(by_source[0].kind, "manual");
    EXPECT_EQ(by_source[0].created_at, FromUnix(2000));
    EXPECT_FALSE(by_source[0].source_comment_id);
    EXPECT_TRUE(tx.ListMerges({.source_id = s2})[0].active());
    EXPECT_TRUE(tx.ListMerges({}).empty()) << "never the whole table";
  }));
}

// Two writes that each lock one user decide in turn, and the second sees what the first
// committed: the automatic duplicate rule's guarantee (app/duplicates.hpp).
TEST_P(StoreContract, LockUserMakesWritesOfOneUserTakeTurns) {
  const auto uid = AddUser("locked@example.com");
  std::mutex m;
  std::condition_variable cv;
  bool first_locked = false;
  std::int64_t seen_by_second = -1;
  std::thread first([&] {
    EXPECT_TRUE(Write([&](app::WriteTx& tx) {
      tx.LockUser(uid);
      {
        std::lock_guard<std::mutex> g(m);
        first_locked = true;
      }
      cv.notify_one();
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      auto t = NewTicket(uid, "first");
      tx.InsertTicket(t);
    }));
  });
  {
    std::unique_lock<std::mutex> g(m);
    cv.wait(g, [&] { return first_locked; });
  }
  EXPECT_TRUE(Write([&](app::WriteTx& tx) {
    tx.LockUser(uid);
    seen_by_second = tx.ListTickets({.requester_id = uid}, {}).count;
  }));
  first.join();
  EXPECT_EQ(seen_by_second, 1) << "the second write ran before the first committed";
}

// ---- sla: the seeded default policy is DefaultSlaPolicy(); policies keep their filter and
// metrics; a ticket's targets are replaced as a whole; next-breach order puts none last.
TEST_P(StoreContract, SlaPoliciesTargetsAndNextBreachOrder) {
  const SlaPolicy def = DefaultSlaPolicy();
  SlaPolicy custom;
  custom.title = "VIP";
  custom.description = "Gold customers";
  custom.position = 5;
  custom.filter.all = {{"group_id", "is", "7"}, {"priority", "greater_than", "normal"}};
  custom.filter.any = {{"topic", "is", "topic_billing"}};
  SlaPolicyMetric m;
  m.priority = Priority::kHigh;
  m.metric = std::string(kEscalationTime);
  m.target = 3420;
  m.business_hours = true;
  m.business_days = 6;
  m.pause_status_ids = {3, 5};
  custom.metrics = {m};
  custom.created_at = custom.updated_at = FromUnix(500);
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { tx.InsertSlaPolicy(custom); }));
  EXPECT_GT(custom.id, 1);  // after the seeded one
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    auto seeded = tx.SlaPolicyById(1);
    ASSERT_TRUE(seeded);
    EXPECT_EQ(seeded->title, def.title);
    EXPECT_EQ(seeded->description, def.description);
    EXPECT_EQ(seeded->position, def.position);
    ASSERT_EQ(seeded->filter.all.size(), def.filter.all.size());
    for (std::size_t i = 0; i < def.filter.all.size(); ++i) {
      EXPECT_EQ(seeded->filter.all[i].field, def.filter.all[i].field) << i;
      EXPECT_EQ(seeded->filter.all[i].op, def.filter.all[i].op) << i;
      EXPECT_EQ(seeded->filter.all[i].value, def.filter.all[i].value) << i;
    }
    EXPECT_EQ(seeded->filter.any.size(), def.filter.any.size());
    ASSERT_EQ(seeded->metrics.size(), def.metrics.size());
    for (std::size_t i = 0; i < def.metrics.size(); ++i) {
      const auto &a = seeded->metrics[i], &b = def.metrics[i];
      EXPECT_EQ(a.priority, b.priority) << i;
      EXPECT_EQ(a.metric, b.metric) << i;
      EXPECT_EQ(a.target, b.target) << i;
      EXPECT_EQ(a.business_hours, b.business_hours) << i;
      EXPECT_EQ(a.business_days, b.business_days) << i;
      EXPECT_EQ(a.pause_status_ids, b.pause_status_ids) << i;
    }
    auto back = tx.SlaPolicyById(custom.id);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->filter.all.size(), 2u);
    EXPECT_EQ(back->filter.all[1].op, "greater_than");
    EXPECT_EQ(back->filter.any.at(0).value, "topic_billing");
    ASSERT_EQ(back->metrics.size(), 1u);
    EXPECT_EQ(back->metrics[0].business_days, 6);
    EXPECT_EQ(back->metrics[0].pause_status_ids, (IdList{3, 5}));
    EXPECT_EQ(Ids(tx.ListSlaPolicies()), (IdList{1, custom.id}));  // by position
  }));
  custom.position = -1;
  custom.title = "VIP first";
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { tx.UpdateSlaPolicy(custom); }));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    EXPECT_EQ(Ids(tx.ListSlaPolicies()), (IdList{custom.id, 1}));
    EXPECT_EQ(tx.SlaPolicyById(custom.id)->title, "VIP first");
  }));

  const auto uid = AddUser("req@example.com");
  std::vector<std::int64_t> t;
  for (int i = 0; i < 4; ++i) t.push_back(AddTicket(NewTicket(uid)));
  auto target = [](std::int64_t ticket, const char* metric, std::optional<std::int64_t> breach, const char* stage) {
    app::TicketSla r;
    r.ticket_id = ticket;
    r.metric = metric;
    r.policy_id = 1;
    r.priority = Priority::kHigh;
    r.target_minutes = 7200;
    r.started_at = FromUnix(1000);
    if (breach) r.breach_at = FromUnix(*breach);
    r.stage = stage;
    return r;
  };
  // t0 due at 5000, t1 at 3000, t2 paused (no next breach), t3 none at all.
  std::vector<app::TicketSla> t0{target(t[0], "first_reply_time", 5000, "active"),
                                 target(t[0], "resolution_time", 9000, "active")};
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    tx.ReplaceTicketSlas(t[0], {target(t[0], "resolution_time", 1, "active")}, FromUnix(1));
    tx.ReplaceTicketSlas(t[0], t0, FromUnix(5000));  // replaces the whole set
    auto achieved = target(t[1], "first_reply_time", 2000, "achieved");
    achieved.achieved_at = FromUnix(2500);
    achieved.breached = true;
    tx.ReplaceTicketSlas(t[1], {achieved, target(t[1], "resolution_time", 3000, "active")}, FromUnix(3000));
    tx.ReplaceTicketSlas(t[2], {target(t[2], "resolution_time", std::nullopt, "paused")}, std::nullopt);
  }));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    auto rows = tx.TicketSlasOf({t[1], t[0], t[3]});
    ASSERT_EQ(rows.size(), 4u);  // by ticket, then metric
    EXPECT_EQ(rows[0], t0[0]);
    EXPECT_EQ(rows[1], t0[1]);
    EXPECT_EQ(rows[2].ticket_id, t[1]);
    EXPECT_EQ(rows[2].achieved_at, FromUnix(2500));
    EXPECT_TRUE(rows[2].breached);
    EXPECT_EQ(tx.TicketSlasOf({t[2]}).at(0).breach_at, std::nullopt);
    EXPECT_EQ(tx.TicketIdsUnderSlaPolicy(1), (IdList{t[0], t[1], t[2]}));

    EXPECT_EQ(Ids(tx.ListTicketsByNextBreach({}, {}).items), (IdList{t[1], t[0], t[2], t[3]}));
    app::PageRequest desc;
    desc.descending = true;
    EXPECT_EQ(Ids(tx.ListTicketsByNextBreach({}, desc).items), (IdList{t[0], t[1], t[3], t[2]}));
    app::PageRequest second;
    second.limit = 2;
    second.offset = 2;
    auto page = tx.ListTicketsByNextBreach({.requester_id = uid}, second);
    EXPECT_EQ(Ids(page.items), (IdList{t[2], t[3]}));
    EXPECT_EQ(page.count, 4);
    EXPECT_FALSE(page.has_more);
  }));
  // The writes of the ticket itself leave its next breach alone.
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    auto t3 = *tx.TicketById(t[0]);
    t3.subject = "changed";
    t3.version = 2;
    EXPECT_TRUE(tx.UpdateTicket(t3, 1));
    tx.DeleteSlaPolicy(custom.id);
  }));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    EXPECT_EQ(Ids(tx.ListTicketsByNextBreach({}, {}).items).front(), t[1]);
    EXPECT_EQ(Ids(tx.ListTicketsByNextBreach({}, {}).items).at(1), t[0]);
    EXPECT_FALSE(tx.SlaPolicyById(custom.id));
  }));
}

// ---- schedules: the seeded default, JSON columns and local dates round-trip, the schedule a
// group's tickets use, and what deleting a schedule takes with it.
TEST_P(StoreContract, SchedulesTheirHolidaysAndTheScheduleOfAGroup) {
  Schedule mine;
  mine.name = "Suporte Madri";
  mine.time_zone = "Europe/Madrid";
  mine.intervals = {{1980, 2160}, {2220, 2490}};
  mine.holiday_sets = {"es", "br"};
  mine.created_at = mine.updated_at = FromUnix(1000);
  ScheduleHoliday closed, half;
  std::int64_t uses = 0, gone = 0;
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    tx.InsertSchedule(mine);
    closed = {.schedule_id = mine.id,
              .name = "Recesso",
              .start_date = LocalDay{std::chrono::days(20816)},
              .end_date = LocalDay{std::chrono::days(20820)}};
    tx.InsertScheduleHoliday(closed);
    half = {.schedule_id = mine.id,
            .name = "Véspera",
            .start_date = LocalDay{std::chrono::days(20811)},
            .end_date = LocalDay{std::chrono::days(20811)},
            .hours = std::vector<DayInterval>{{540, 780}}};
    tx.InsertScheduleHoliday(half);
    Group a{.name = "Uses it", .schedule_id = mine.id};
    tx.InsertGroup(a);
    uses = a.id;
    Group b{.name = "Gone", .schedule_id = mine.id};
    tx.InsertGroup(b);
    gone = b.id;
    tx.DeleteGroup(gone);
  }));
  EXPECT_GT(mine.id, 1) << "the default is seeded as 1";
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    auto all = tx.ListSchedules();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].id, 1);
    EXPECT_EQ(all[0].name, "Horário comercial");
    EXPECT_EQ(all[0].time_zone, "America/Sao_Paulo");
    EXPECT_EQ(all[0].intervals.size(), 5u);
    EXPECT_EQ(all[0].holiday_sets, std::vector<std::string>{"br"});
    auto back = tx.ScheduleById(mine.id);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->intervals, mine.intervals);
    EXPECT_EQ(back->holiday_sets, (std::vector<std::string>{"es", "br"}));
    EXPECT_EQ(back->version, 1);
    auto hs = tx.HolidaysOfSchedule(mine.id);
    ASSERT_EQ(hs.size(), 2u);
    EXPECT_EQ(hs[0].id, half.id) << "by start date";
    EXPECT_EQ(hs[0].hours, (std::vector<DayInterval>{{540, 780}}));
    EXPECT_EQ(hs[1].start_date, closed.start_date);
    EXPECT_EQ(hs[1].end_date, closed.end_date);
    EXPECT_FALSE(hs[1].hours);
    EXPECT_EQ(tx.ScheduleForGroup(uses)->id, mine.id);
    EXPECT_EQ(tx.ScheduleForGroup(std::nullopt)->id, 1) << "no group: the default";
    EXPECT_EQ(tx.ScheduleForGroup(99999)->id, 1);
    EXPECT_EQ(tx.ScheduleForGroup(gone)->id, mine.id) << "a deleted group's tickets keep its schedule";
    EXPECT_EQ(tx.GroupsUsingSchedule(mine.id), IdList{uses}) << "deleted groups do not count";
    EXPECT_EQ(tx.GroupById(uses)->schedule_id, mine.id);
  }));
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    auto s = *tx.ScheduleById(mine.id);
    s.name = "Suporte Espanha";
    s.holiday_sets = {};
    s.version = 2;
    s.updated_at = FromUnix(2000);
    tx.UpdateSchedule(s);
    half.name = "Véspera de Natal";
    half.hours.reset();
    tx.UpdateScheduleHoliday(half);
    tx.DeleteScheduleHoliday(closed.id);
    auto g = *tx.GroupById(uses);
    g.schedule_id.reset();
    tx.UpdateGroup(g);
  }));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    auto s = tx.ScheduleById(mine.id);
    EXPECT_EQ(s->name, "Suporte Espanha");
    EXPECT_TRUE(s->holiday_sets.empty());
    EXPECT_EQ(s->version, 2);
    EXPECT_EQ(s->created_at, FromUnix(1000));
    EXPECT_EQ(s->updated_at, FromUnix(2000));
    auto hs = tx.HolidaysOfSchedule(mine.id);
    ASSERT_EQ(hs.size(), 1u);
    EXPECT_EQ(hs[0].name, "Véspera de Natal");
    EXPECT_FALSE(hs[0].hours);
    EXPECT_TRUE(tx.GroupsUsingSchedule(mine.id).empty());
    EXPECT_EQ(tx.ScheduleForGroup(uses)->id, 1);
  }));
  // Deleting takes its holidays and the deleted group's link (the foreign key holds).
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { tx.DeleteSchedule(mine.id); }));
  EXPECT_TRUE(Read([&](app::ReadTx& tx) {
    EXPECT_FALSE(tx.ScheduleById(mine.id));
    EXPECT_TRUE(tx.HolidaysOfSchedule(mine.id).empty());
    EXPECT_EQ(tx.ListSchedules().size(), 1u);
  }));
}

// ---- e-mail links (app/mail_links.hpp): found by their token's hash; a single use is taken
// once, the second taker is told.
TEST_P(StoreContract, MailLinksByHashAndUsedOnce) {
  const auto uid = AddUser("req@example.com");
  const auto tid = AddTicket(NewTicket(uid));
  app::MailLink l;
  l.token_sha256 = std::string(64, 'a');
  l.purpose = "self_help";
  l.ticket_id = tid;
  l.user_id = uid;
  l.expires_at = FromUnix(5000);
  l.created_at = FromUnix(1000);
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { tx.InsertMailLink(l); }));
  EXPECT_GT(l.id, 0);
  ASSERT_TRUE(Read([&](app::ReadTx& tx) {
    auto got = tx.MailLinkByHash(std::string(64, 'a'));
    ASSERT_TRUE(got);
    EXPECT_EQ(got->id, l.id);
    EXPECT_EQ(got->purpose, "self_help");
    EXPECT_EQ(got->ticket_id, tid);
    EXPECT_EQ(got->user_id, uid);
    EXPECT_EQ(got->expires_at, FromUnix(5000));
    EXPECT_EQ(got->used_at, std::nullopt);
    EXPECT_EQ(got->used_action, "");
    EXPECT_FALSE(tx.MailLinkByHash(std::string(64, 'b')));
  }));
  bool first = false, second = true;
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { first = tx.UseMailLink(l.id, FromUnix(2000), "yes"); }));
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { second = tx.UseMailLink(l.id, FromUnix(2001), "no"); }));
  EXPECT_TRUE(first);
  EXPECT_FALSE(second);
  ASSERT_TRUE(Read([&](app::ReadTx& tx) {
    auto got = tx.MailLinkByHash(std::string(64, 'a'));
    ASSERT_TRUE(got);
    EXPECT_EQ(got->used_at, FromUnix(2000));
    EXPECT_EQ(got->used_action, "yes");
  }));
}

// ---- mail outbox: a queued row is claimed once, leased, recorded; its Message-ID threads;
// a lease that ran out is claimed again (the node died mid-send); the store wakes the worker.
TEST_P(StoreContract, OutboxClaimsDueRowsOnceAndRecordsDeliveries) {
  int wakes = 0;
  store().OnMailQueued([&] { ++wakes; });
  auto row = [](std::string to, std::int64_t due) {
    OutboundEmail m;
    m.ticket_id = 7;
    m.kind = "agent_reply";
    m.to_address = to;
    m.from_address = "support@helpdesk.test";
    m.locale = "pt-BR";
    m.subject = "[#7] Olá";
    m.text_body = "texto";
    m.message_id = "m-" + to;
    m.references = {"a@x", "b@y"};
    m.next_attempt_at = FromUnix(due);
    m.created_at = m.updated_at = FromUnix(1000);
    return m;
  };
  OutboundEmail a = row("ana@customer.test", 1000), b = row("bob@customer.test", 5000);
  ASSERT_TRUE(Write([&](app::WriteTx& tx) {
    tx.InsertOutbox(a);
    tx.InsertOutbox(b);
  }));
  EXPECT_GT(b.id, a.id);
  EXPECT_EQ(wakes, 1);  // once per committed transaction that queued mail
  ASSERT_TRUE(Read([&](app::ReadTx& tx) {
    EXPECT_EQ(tx.NextOutboxDue(), FromUnix(1000));
    EXPECT_EQ(tx.OutboxToAddressSince("ana@customer.test", "agent_reply", FromUnix(1000)), 1);
    EXPECT_EQ(tx.OutboxToAddressSince("ana@customer.test", "agent_reply", FromUnix(1001)), 0);
    auto byid = tx.MailMessagesByIds({"m-ana@customer.test"});
    ASSERT_EQ(byid.size(), 1u);  // threading finds a reply to it
    EXPECT_EQ(byid[0].direction, "out");
    EXPECT_EQ(byid[0].ticket_id, 7);
  }));

  std::vector<OutboundEmail> claimed, again;
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { claimed = tx.ClaimOutbox(FromUnix(2000), FromUnix(2300), 10); }));
  ASSERT_EQ(claimed.size(), 1u);  // bob's is not due yet
  EXPECT_EQ(claimed[0].id, a.id);
  EXPECT_EQ(claimed[0].state, DeliveryState::kSending);
  EXPECT_EQ(claimed[0].claimed_until, FromUnix(2300));
  EXPECT_EQ(claimed[0].references, (std::vector<std::string>{"a@x", "b@y"}));
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { again = tx.ClaimOutbox(FromUnix(2100), FromUnix(2400), 10); }));
  EXPECT_TRUE(again.empty());  // leased
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { again = tx.ClaimOutbox(FromUnix(2301), FromUnix(2600), 10); }));
  ASSERT_EQ(again.size(), 1u);  // the lease ran out: claimed again, same row
  EXPECT_EQ(again[0].message_id, a.message_id);

  OutboundEmail done = again[0];
  done.state = DeliveryState::kSent;
  done.attempts = 1;
  done.sent_at = FromUnix(2302);
  done.claimed_until.reset();
  done.updated_at = FromUnix(2302);
  ASSERT_TRUE(Write([&](app::WriteTx& tx) { tx.UpdateOutboxDelivery(done); }));
  EXPECT_EQ(wakes, 1);  // recording a delivery queues nothing
  ASSERT_TRUE(Read([&](app::ReadTx& tx) {
    auto got = tx.OutboxByMessageId(a.message_id);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->state, DeliveryState::kSent);
    EXPECT_EQ(got->sent_at, FromUnix(2302));
    EXPECT_FALSE(got->claimed_until);
    EXPECT_EQ(tx.NextOutboxDue(), FromUnix(5000));
    app::OutboxFilter f;
    f.state = DeliveryState::kSent;
    EXPECT_EQ(tx.ListOutbox(f, app::PageRequest{}).items.size(), 1u);
    f = {};
    f.ticket_id = 7;
    app::PageRequest newest;
    newest.descending = true;
    auto all = tx.ListOutbox(f, newest);
    ASSERT_EQ(all.items.size(), 2u);
    EXPECT_EQ(all.items[0].id, b.id);
  }));
  store().OnMailQueued(nullptr);
}

INSTANTIATE_TEST_SUITE_P(Stores, StoreContract, ::testing::Values("sqlite", "postgres"), StoreName);

}  // namespace
}  // namespace chamado
