// PostgreSQL store tests. They need a server: CHAMADO_TEST_PG names it without a database
// (postgresql://postgres@127.0.0.1:PORT, see scripts/pg-cluster.sh); unset, they skip. Each
// test creates its own database and drops it at the end.
#include "adapters/postgres/store.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <cstdlib>
#include <iostream>
#include <latch>
#include <mutex>
#include <random>
#include <thread>

#include "adapters/postgres/cache.hpp"
#include "adapters/postgres/clock.hpp"
#include "adapters/postgres/db.hpp"
#include "adapters/postgres/listener.hpp"

namespace chamado::postgres {
namespace {

using namespace std::chrono_literals;

std::string Server() {
  const char* e = std::getenv("CHAMADO_TEST_PG");
  std::string s = e ? e : "";
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

// The server URL with a database name put in (before any ?query).
std::string WithDb(const std::string& server, const std::string& name) {
  const auto q = server.find('?');
  if (q == std::string::npos) return server + "/" + name;
  return server.substr(0, q) + "/" + name + server.substr(q);
}

User NewUser(const std::string& email) {
  User u;
  u.name = "U";
  u.email = email;
  u.created_at = u.updated_at = FromUnix(1000);
  return u;
}

Ticket NewTicketFor(std::int64_t requester) {
  Ticket t;
  t.requester_id = requester;
  t.submitter_id = requester;
  t.custom_status_id = 1;
  t.subject = "s";
  t.created_at = t.updated_at = FromUnix(1000);
  t.version = 1;
  return t;
}

std::int64_t ScalarInt(Db& db, const std::string& sql) {
  auto& s = db.Prepare(sql);
  EXPECT_TRUE(s.Step()) << sql;
  const std::int64_t v = s.Int(0);
  s.Reset();
  return v;
}

// A fresh database per test.
class Pg : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = Server();
    if (server_.empty()) GTEST_SKIP() << "CHAMADO_TEST_PG is not set";
    static std::atomic<int> n{0};
    std::mt19937 rng{std::random_device{}()};
    name_ =
        "chamado_test_" + std::to_string(::getpid()) + "_" + std::to_string(n++) + "_" + std::to_string(rng() % 100000);
    Db admin(WithDb(server_, "postgres"));
    admin.Exec("CREATE DATABASE " + name_);
    url_ = WithDb(server_, name_);
  }
  void TearDown() override {
    if (name_.empty()) return;
    try {
      Db admin(WithDb(server_, "postgres"));
      admin.Exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const std::exception& e) {
      ADD_FAILURE() << "drop database: " << e.what();
    }
  }
  std::string server_, name_, url_;
};

// ---------------------------------------------------------------- Db

TEST(PgPlaceholders, QuestionMarksOutsideQuotesBecomeNumbered) {
  int n = 0;
  EXPECT_EQ(ConvertPlaceholders("SELECT ? , '?', ? FROM t WHERE a = ?", &n), "SELECT $1 , '?', $2 FROM t WHERE a = $3");
  EXPECT_EQ(n, 3);
  EXPECT_EQ(ConvertPlaceholders("SELECT 'it''s ?', \"we?ird\"\"?\", ?", &n), "SELECT 'it''s ?', \"we?ird\"\"?\", $1");
  EXPECT_EQ(n, 1);
  EXPECT_EQ(ConvertPlaceholders("SELECT ? -- a ? here\n, /* and ? /* nested ? */ ? */ ?", &n),
            "SELECT $1 -- a ? here\n, /* and ? /* nested ? */ ? */ $2");
  EXPECT_EQ(ConvertPlaceholders("SELECT $$ ? $$, $tag$ '?' $tag$, ?::bigint[], E'\\'?', ?", &n),
            "SELECT $$ ? $$, $tag$ '?' $tag$, $1::bigint[], E'\\'?', $2");
  EXPECT_EQ(n, 2);
  // SQLite's numbered form: ?NNN keeps its number, a bare ? follows the largest so far.
  EXPECT_EQ(ConvertPlaceholders("SELECT ?2, ?1, ?", &n), "SELECT $2, $1, $3");
  EXPECT_EQ(n, 3);
  EXPECT_EQ(ConvertPlaceholders("SELECT 1", &n), "SELECT 1");
  EXPECT_EQ(n, 0);
}

TEST_F(Pg, BindsAndReadsValuesWithLiteralsLeftAlone) {
  Db db(url_);
  auto& s = db.Prepare("SELECT ?, '?' AS lit, CAST(? AS TEXT), CAST(? AS BIGINT), ? = 1, CAST(? AS DOUBLE PRECISION)");
  EXPECT_EQ(s.ParamCount(), 5);
  s.Bind(1, "a'b?").BindNull(2).Bind(3, std::optional<std::int64_t>(42)).Bind(4, true).Bind(5, 2.5);
  ASSERT_TRUE(s.Step());
  EXPECT_EQ(s.Text(0), "a'b?");
  EXPECT_EQ(s.Text(1), "?");
  EXPECT_TRUE(s.IsNull(2));
  EXPECT_EQ(s.OptText(2), std::nullopt);
  EXPECT_EQ(s.Int(3), 42);
  EXPECT_EQ(s.OptInt(3), 42);
  EXPECT_EQ(s.Int(4), 1);  // a boolean expression reads as 1/0 ('t')
  EXPECT_DOUBLE_EQ(s.Double(5), 2.5);
  EXPECT_FALSE(s.Step());
  s.Reset();

  auto& b = db.Prepare("SELECT 1 > 2, CAST(? AS NUMERIC), 'não é ç'");
  b.Bind(1, "7.9");
  ASSERT_TRUE(b.Step());
  EXPECT_EQ(b.Int(0), 0);  // 'f'
  EXPECT_EQ(b.Int(1), 7);  // numeric text truncated like SQLite
  EXPECT_EQ(b.Text(2), "não é ç");
  b.Reset();

  // Binding past the statement's parameters is an error, not silence.
  EXPECT_THROW(db.Prepare("SELECT ?").Bind(2, 1), DbError);
}

TEST_F(Pg, TwoStatementsStepInterleaved) {
  Db db(url_);
  db.Exec("CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT NOT NULL); INSERT INTO t VALUES (1,'a'),(2,'b'),(3,'c')");
  auto& outer = db.Prepare("SELECT id FROM t ORDER BY id");
  std::vector<std::string> seen;
  while (outer.Step()) {
    auto& inner = db.Prepare("SELECT name FROM t WHERE id = ?");
    inner.Bind(1, outer.Int(0));
    ASSERT_TRUE(inner.Step());
    seen.push_back(std::to_string(outer.Int(0)) + inner.Text(0));
    inner.Reset();
  }
  outer.Reset();
  EXPECT_EQ(seen, (std::vector<std::string>{"1a", "2b", "3c"}));
  // A cached statement comes back reset and runs again.
  auto& again = db.Prepare("SELECT id FROM t ORDER BY id");
  ASSERT_TRUE(again.Step());
  EXPECT_EQ(again.Int(0), 1);
  again.Reset();
}

TEST_F(Pg, ChangesCountsTheLastWrite) {
  Db db(url_);
  db.Exec("CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, n INTEGER NOT NULL)");
  db.Exec("INSERT INTO t (n) VALUES (1), (2), (3)");
  EXPECT_EQ(db.Changes(), 3);
  auto& u = db.Prepare("UPDATE t SET n = n + 10 WHERE n >= ?");
  u.Bind(1, 2);
  u.Run();
  EXPECT_EQ(db.Changes(), 2);
  EXPECT_EQ(ScalarInt(db, "SELECT count(*) FROM t"), 3);
  EXPECT_EQ(db.Changes(), 2);  // a SELECT leaves it alone, like sqlite3_changes
  auto& ins = db.Prepare("INSERT INTO t (n) VALUES (?) RETURNING id");
  ins.Bind(1, 9);
  ASSERT_TRUE(ins.Step());
  EXPECT_EQ(ins.Int(0), 4);
  ins.Reset();
  EXPECT_EQ(db.Changes(), 1);
  auto& none = db.Prepare("UPDATE t SET n = 0 WHERE id = ?");
  none.Bind(1, 999);
  none.Run();
  EXPECT_EQ(db.Changes(), 0);
  auto& d = db.Prepare("DELETE FROM t");
  d.Run();
  EXPECT_EQ(db.Changes(), 4);
}

TEST_F(Pg, ErrorsCarryTheServerMessageAndSqlstate) {
  Db db(url_);
  db.Exec("CREATE TABLE t (k TEXT PRIMARY KEY)");
  db.Exec("INSERT INTO t VALUES ('x')");
  try {
    auto& s = db.Prepare("INSERT INTO t VALUES (?)");
    s.Bind(1, "x");
    s.Run();
    FAIL() << "no unique violation";
  } catch (const DbError& e) {
    EXPECT_EQ(e.sqlstate(), "23505");
    EXPECT_NE(std::string(e.what()).find("duplicate key"), std::string::npos) << e.what();
  }
  try {
    db.Prepare("SELEKT 1");
    FAIL() << "no syntax error";
  } catch (const DbError& e) {
    EXPECT_EQ(e.sqlstate(), "42601");
  }
  try {
    Db bad(WithDb(server_, "no_such_database_here"));
    FAIL() << "connected to a missing database";
  } catch (const DbError& e) {
    EXPECT_NE(std::string(e.what()).find("no_such_database_here"), std::string::npos) << e.what();
  }
}

// ---------------------------------------------------------------- store

TEST_F(Pg, MigrationsApplyOnceUnderTwoStoresStartingTogether) {
  std::vector<MigrationStatus> st(2);
  std::latch go(2);
  std::vector<std::thread> ts;
  for (int i = 0; i < 2; ++i)
    ts.emplace_back([&, i] {
      go.arrive_and_wait();
      PgStore s(url_);
      st[i] = s.migrations();
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(st[0].applied + st[1].applied, LatestMigration());
  EXPECT_TRUE(st[0].applied == 0 || st[1].applied == 0);
  EXPECT_EQ(st[0].current, LatestMigration());
  EXPECT_EQ(st[1].current, LatestMigration());

  PgStore again(url_);
  EXPECT_EQ(again.migrations().applied, 0);
  EXPECT_EQ(again.migrations().current, LatestMigration());
  EXPECT_TRUE(again.Ready());
  auto db = again.Connect();
  EXPECT_EQ(ScalarInt(*db, "SELECT count(*) FROM schema_migrations"), LatestMigration());
  // Shipped fields keep their ids; an admin-added one starts after the shipped range.
  EXPECT_EQ(ScalarInt(*db, "SELECT count(*) FROM ticket_fields WHERE id IN (1, 8, 100, 103)"), 4);
  EXPECT_EQ(ScalarInt(*db, "SELECT count(*) FROM ticket_field_options"), 12);
  EXPECT_EQ(ScalarInt(*db,
                      "INSERT INTO ticket_fields (type, title, created_at, updated_at) VALUES ('text', 'x', 1, 1) "
                      "RETURNING id"),
            10001);
  EXPECT_EQ(
      ScalarInt(*db, "INSERT INTO ticket_field_options (field_id, name, value) VALUES (10001, 'n', 'v') RETURNING id"),
      10001);
}

TEST_F(Pg, AFailingWriteRollsBackOnlyItself) {
  PgStore s(url_);
  auto bad = s.Write([](app::WriteTx& tx) -> Result<void> {
    auto u = NewUser("rolled@back.example");
    tx.InsertUser(u);
    return Fail(Error::Invalid("x", "InvalidValue", "no"));
  });
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalid);
  auto thrown = s.Write([](app::WriteTx& tx) -> Result<void> {
    auto u = NewUser("thrown@example.com");
    tx.InsertUser(u);
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(thrown);
  EXPECT_EQ(thrown.error().code, ErrorCode::kInternal);
  auto broken_sql = s.WriteDb([](Db& db) -> Result<void> {
    db.Exec("INSERT INTO nowhere VALUES (1)");
    return {};
  });
  ASSERT_FALSE(broken_sql);
  EXPECT_EQ(broken_sql.error().code, ErrorCode::kInternal);
  EXPECT_NE(broken_sql.error().description.find("nowhere"), std::string::npos);
  auto good = s.Write([](app::WriteTx& tx) -> Result<void> {
    auto u = NewUser("kept@example.com");
    tx.InsertUser(u);
    return {};
  });
  EXPECT_TRUE(good);
  (void)s.Read([](app::ReadTx& tx) -> Result<void> {
    EXPECT_FALSE(tx.UserByEmail("rolled@back.example"));
    EXPECT_FALSE(tx.UserByEmail("thrown@example.com"));
    EXPECT_TRUE(tx.UserByEmail("kept@example.com"));
    return {};
  });
}

TEST_F(Pg, ASwallowedDatabaseErrorDoesNotCommitAsSuccess) {
  PgStore s(url_);
  auto r = s.WriteDb([](Db& db) -> Result<void> {
    try {
      db.Exec("SELECT * FROM nowhere");
    } catch (const DbError&) {
      // carries on in an aborted transaction
    }
    return {};
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);
}

// Two writers check that an e-mail is free, then both insert it: the loser's INSERT hits
// the unique index, the store runs its function again, and its check now sees the winner.
TEST_F(Pg, AUniqueViolationRunsTheWriteAgainAndTheCheckAnswers) {
  PgStore s(url_);
  std::latch both_checked(2);
  std::atomic<int> calls{0};
  std::vector<Result<void>> results(2);
  std::vector<std::thread> ts;
  for (int i = 0; i < 2; ++i)
    ts.emplace_back([&, i] {
      bool first = true;
      results[i] = s.Write([&](app::WriteTx& tx) -> Result<void> {
        ++calls;
        if (tx.UserByEmail("same@example.com")) return Fail(Error::Conflict("taken"));
        if (first) {
          first = false;
          both_checked.arrive_and_wait();
        }
        auto u = NewUser("same@example.com");
        tx.InsertUser(u);
        return {};
      });
    });
  for (auto& t : ts) t.join();
  const int ok = static_cast<int>(std::count_if(results.begin(), results.end(), [](auto& r) { return bool(r); }));
  EXPECT_EQ(ok, 1);
  for (auto& r : results) {
    if (!r) {
      EXPECT_EQ(r.error().code, ErrorCode::kConflict);
      EXPECT_EQ(r.error().description, "taken");  // the use case's answer, not the index's
    }
  }
  EXPECT_EQ(calls.load(), 3);
}

TEST_F(Pg, ARetryableErrorThatNeverClearsEndsAsConflict) {
  PgStore s(url_, PgStoreOptions{.max_attempts = 3});
  std::atomic<int> calls{0};
  auto r = s.WriteDb([&](Db& db) -> Result<void> {
    ++calls;
    db.Exec("CREATE TEMP TABLE t (k INTEGER PRIMARY KEY); INSERT INTO t VALUES (1); INSERT INTO t VALUES (1)");
    return {};
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_EQ(calls.load(), 3);
}

// A real serialization failure: the function reads a row in REPEATABLE READ, another
// transaction updates and commits it, then the function's own UPDATE fails with 40001.
TEST_F(Pg, ASerializationFailureRunsTheWriteAgain) {
  PgStore s(url_);
  auto other = s.Connect();
  other->Exec("CREATE TABLE counter (id INTEGER PRIMARY KEY, n BIGINT NOT NULL); INSERT INTO counter VALUES (1, 0)");
  std::atomic<int> calls{0};
  auto r = s.WriteDb([&](Db& db) -> Result<void> {
    const bool first = calls++ == 0;
    if (first) db.Exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    auto& rd = db.Prepare("SELECT n FROM counter WHERE id = 1");
    rd.Step();
    const std::int64_t n = rd.Int(0);
    rd.Reset();
    if (first) other->Exec("UPDATE counter SET n = n + 1 WHERE id = 1");  // commits on its own
    auto& up = db.Prepare("UPDATE counter SET n = ? WHERE id = 1");
    up.Bind(1, n + 1);
    up.Run();
    return {};
  });
  EXPECT_TRUE(r) << (r ? "" : r.error().description);
  EXPECT_EQ(calls.load(), 2);
  EXPECT_EQ(ScalarInt(*other, "SELECT n FROM counter WHERE id = 1"), 2);
}

// Two writers lock two rows in opposite orders: the server breaks the deadlock by failing
// one of them (40P01), which then runs again and commits.
TEST_F(Pg, ADeadlockRunsTheWriteAgain) {
  PgStore s(url_);
  auto setup = s.Connect();
  setup->Exec("CREATE TABLE r (id INTEGER PRIMARY KEY, n BIGINT NOT NULL); INSERT INTO r VALUES (1, 0), (2, 0)");
  std::latch both_locked(2);
  std::atomic<int> calls{0};
  std::vector<Result<void>> results(2);
  std::vector<std::thread> ts;
  for (int i = 0; i < 2; ++i)
    ts.emplace_back([&, i] {
      bool first = true;
      results[i] = s.WriteDb([&](Db& db) -> Result<void> {
        ++calls;
        auto& a = db.Prepare("UPDATE r SET n = n + 1 WHERE id = ?");
        a.Bind(1, i == 0 ? 1 : 2);
        a.Run();
        if (first) {
          first = false;
          both_locked.arrive_and_wait();
        }
        auto& b = db.Prepare("UPDATE r SET n = n + 1 WHERE id = ?");
        b.Bind(1, i == 0 ? 2 : 1);
        b.Run();
        return {};
      });
    });
  for (auto& t : ts) t.join();
  EXPECT_TRUE(results[0]);
  EXPECT_TRUE(results[1]);
  EXPECT_EQ(calls.load(), 3);
  EXPECT_EQ(ScalarInt(*setup, "SELECT sum(n) FROM r"), 4);
}

TEST_F(Pg, AReadSeesOneSnapshot) {
  PgStore s(url_);
  std::int64_t uid = 0;
  ASSERT_TRUE(s.Write([&](app::WriteTx& tx) -> Result<void> {
    auto u = NewUser("req@example.com");
    tx.InsertUser(u);
    uid = u.id;
    auto t = NewTicketFor(uid);
    tx.InsertTicket(t);
    return {};
  }));
  auto r = s.Read([&](app::ReadTx& tx) -> Result<void> {
    EXPECT_EQ(tx.ListTickets({}, {}).count, 1);
    // Another writer commits meanwhile; this read does not see it.
    EXPECT_TRUE(s.Write([&](app::WriteTx& w) -> Result<void> {
      auto t = NewTicketFor(uid);
      w.InsertTicket(t);
      return {};
    }));
    EXPECT_EQ(tx.ListTickets({}, {}).count, 1);
    EXPECT_EQ(tx.ListTickets({}, {}).items.size(), 1u);
    return {};
  });
  EXPECT_TRUE(r);
  (void)s.Read([&](app::ReadTx& tx) -> Result<void> {
    EXPECT_EQ(tx.ListTickets({}, {}).count, 2);
    return {};
  });
  // A read transaction is read only.
  auto w = s.ReadDb([](Db& db) -> Result<void> {
    db.Exec("DELETE FROM tickets");
    return {};
  });
  ASSERT_FALSE(w);
}

TEST_F(Pg, ConcurrentWritersAllCommitWithIncreasingTicketIds) {
  PgStore s(url_, PgStoreOptions{.pool_size = 4});
  std::int64_t uid = 0;
  ASSERT_TRUE(s.Write([&](app::WriteTx& tx) -> Result<void> {
    auto u = NewUser("req@example.com");
    tx.InsertUser(u);
    uid = u.id;
    return {};
  }));
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  std::mutex mu;
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] {
      for (int j = 0; j < 25; ++j) {
        std::int64_t id = 0;
        auto r = s.Write([&](app::WriteTx& tx) -> Result<void> {
          auto t = NewTicketFor(uid);
          tx.InsertTicket(t);
          id = t.id;
          return {};
        });
        if (r) {
          ++ok;
          std::lock_guard lk(mu);
          ids.push_back(id);
        }
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 200);
  EXPECT_LE(s.OpenConnections(), 4u);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
  (void)s.Read([&](app::ReadTx& tx) -> Result<void> {
    EXPECT_EQ(tx.ListTickets({}, app::PageRequest{}).count, 200);
    return {};
  });
}

TEST_F(Pg, BrokenConnectionsAreReplaced) {
  PgStore s(url_, PgStoreOptions{.pool_size = 2});
  // Two connections open (a read inside a read), both idle again after.
  ASSERT_TRUE(s.ReadDb([&](Db&) -> Result<void> { return s.Ready(); }));
  ASSERT_EQ(s.OpenConnections(), 2u);
  // The server ends every session of the store's database (a restart, a failover).
  Db admin(WithDb(server_, "postgres"));
  auto& k = admin.Prepare(
      "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()");
  k.Bind(1, name_);
  ASSERT_TRUE(k.Step());
  EXPECT_GE(k.Int(0), 1);
  k.Reset();
  std::this_thread::sleep_for(100ms);
  EXPECT_TRUE(s.Ready());
  EXPECT_TRUE(s.Write([](app::WriteTx& tx) -> Result<void> {
    auto u = NewUser("after@example.com");
    tx.InsertUser(u);
    return {};
  }));
  EXPECT_LE(s.OpenConnections(), 2u);
}

// The shared queries (sql::CommonTx) on PostgreSQL: types, RETURNING ids, JSON lists, flags.
TEST_F(Pg, SharedQueriesRoundTrip) {
  PgStore s(url_);
  std::int64_t uid = 0, tid = 0, gid = 0;
  ASSERT_TRUE(s.Write([&](app::WriteTx& tx) -> Result<void> {
    Organization o;
    o.name = "Org";
    o.domain_names = {"example.com"};
    o.shared_tickets = true;
    o.created_at = o.updated_at = FromUnix(1000);
    tx.InsertOrganization(o);
    Group g;
    g.name = "Suporte";
    g.created_at = g.updated_at = FromUnix(1000);
    tx.InsertGroup(g);
    gid = g.id;
    auto u = NewUser("Maria@Example.com");
    u.name = "Maria Ção";
    u.role = Role::kAgent;
    u.verified = true;
    u.organization_id = o.id;
    u.tags = {"vip", "x"};
    tx.InsertUser(u);
    uid = u.id;
    GroupMembership m;
    m.user_id = uid;
    m.group_id = g.id;
    m.created_at = FromUnix(1000);
    tx.InsertMembership(m);
    auto t = NewTicketFor(uid);
    t.collaborator_ids = {uid};
    t.tags = {"a"};
    t.group_id = g.id;
    t.due_at = FromUnix(5000);
    tx.InsertTicket(t);
    tid = t.id;
    Comment c;
    c.ticket_id = tid;
    c.author_id = uid;
    c.body = "olá ?";
    c.is_public = true;
    c.via_channel = "api";
    c.created_at = FromUnix(1000);
    tx.InsertComment(c);
    Audit a;
    a.ticket_id = tid;
    a.author_id = uid;
    a.via_channel = "api";
    a.created_at = FromUnix(1000);
    a.events.push_back(Event{.type = "Comment", .comment_id = c.id});
    tx.InsertAudit(a);
    auto t2 = *tx.TicketById(tid);
    t2.subject = "changed";
    t2.version = 2;
    EXPECT_TRUE(tx.UpdateTicket(t2, 1));
    EXPECT_FALSE(tx.UpdateTicket(t2, 1));  // stale version
    app::TicketField f;
    f.type = "text";
    f.key = "k";
    f.title = "K";
    f.created_at = f.updated_at = FromUnix(1000);
    tx.InsertTicketField(f);
    EXPECT_GT(f.id, 10000);
    return {};
  }));
  ASSERT_TRUE(s.Read([&](app::ReadTx& tx) -> Result<void> {
    auto u = tx.UserById(uid);
    EXPECT_TRUE(u);
    if (!u) return {};
    EXPECT_EQ(u->name, "Maria Ção");
    EXPECT_EQ(u->role, Role::kAgent);
    EXPECT_TRUE(u->verified);
    EXPECT_EQ(u->tags, (std::vector<std::string>{"vip", "x"}));
    EXPECT_EQ(tx.IdentitiesOf(uid).size(), 1u);
    EXPECT_EQ(tx.ListUsers(app::UserFilter{.text = "maria"}, {}).count, 1);  // ILIKE
    EXPECT_EQ(tx.ListUsers(app::UserFilter{.roles = {Role::kAgent, Role::kAdmin}}, {}).count, 1);
    EXPECT_EQ(tx.ListUsers(app::UserFilter{.group_id = gid}, {}).count, 1);
    auto t = tx.TicketById(tid);
    EXPECT_TRUE(t);
    if (!t) return {};
    EXPECT_EQ(t->subject, "changed");
    EXPECT_EQ(t->version, 2);
    EXPECT_EQ(t->due_at, FromUnix(5000));
    EXPECT_EQ(tx.ListTickets(app::TicketFilter{.cc_user_id = uid}, {}).count, 1);
    EXPECT_EQ(tx.ListTickets(app::TicketFilter{.custom_status_ids = {1, 2}}, {}).count, 1);
    EXPECT_EQ(tx.CommentCount(tid), 1);
    auto cs = tx.CommentsOf(tid, true, {});
    EXPECT_EQ(cs.items.size(), 1u);
    if (!cs.items.empty()) {
      EXPECT_EQ(cs.items[0].body, "olá ?");
      EXPECT_NE(cs.items[0].audit_id, 0);
    }
    auto audits = tx.AuditsOf(tid, app::PageRequest{.descending = true});
    EXPECT_EQ(audits.count, 1);
    EXPECT_EQ(audits.items.size(), 1u);
    EXPECT_EQ(tx.TicketsChangedSince(FromUnix(0), 0, 10).size(), 1u);
    EXPECT_GE(tx.ListTicketFields().size(), 13u);
    auto topic = tx.TicketFieldById(101);
    EXPECT_TRUE(topic);
    if (topic) {
      EXPECT_EQ(topic->options.size(), 5u);
    }
    return {};
  }));
  // The remaining writes, then read back.
  ASSERT_TRUE(s.Write([&](app::WriteTx& tx) -> Result<void> {
    auto u = *tx.UserById(uid);
    u.email = "maria@example.com";
    u.suspended = true;
    u.updated_at = FromUnix(2000);
    tx.UpdateUser(u);
    tx.SetPasswordHash(uid, "$argon2id$x");
    app::ApiToken tok;
    tok.user_id = uid;
    tok.prefix = "abc";
    tok.created_at = FromUnix(2000);
    tx.InsertToken(tok, "deadbeef");
    EXPECT_GT(tok.id, 0);
    auto g = *tx.GroupById(gid);
    g.name = "Suporte N2";
    tx.UpdateGroup(g);
    auto orgs = tx.ListOrganizations({});
    EXPECT_EQ(orgs.count, 1);
    if (!orgs.items.empty()) {
      auto o = orgs.items[0];
      o.notes = "n";
      tx.UpdateOrganization(o);
    }
    auto topic = *tx.TicketFieldById(101);
    topic.title = "Tema";
    topic.options.pop_back();
    tx.UpdateTicketField(topic);
    EXPECT_EQ(tx.ListMemberships(uid, std::nullopt, {}).count, 1);
    Group other;
    other.name = "Gone";
    other.created_at = other.updated_at = FromUnix(1000);
    tx.InsertGroup(other);
    tx.DeleteGroup(other.id);
    return {};
  }));
  ASSERT_TRUE(s.Read([&](app::ReadTx& tx) -> Result<void> {
    EXPECT_TRUE(tx.UserByEmail("maria@example.com"));
    EXPECT_EQ(tx.UserIdByTokenHash("deadbeef"), uid);
    EXPECT_EQ(tx.PasswordHashOf(uid), "$argon2id$x");
    auto ids = tx.IdentitiesOf(uid);
    EXPECT_EQ(ids.size(), 1u);
    if (!ids.empty()) {
      EXPECT_EQ(ids[0].value, "maria@example.com");
    }
    EXPECT_EQ(tx.GroupById(gid)->name, "Suporte N2");
    EXPECT_EQ(tx.ListGroups({}).count, 1);  // the deleted one is gone
    EXPECT_EQ(tx.ListOrganizations({}).items.at(0).notes, "n");
    EXPECT_EQ(tx.TicketFieldById(101)->options.size(), 4u);
    EXPECT_EQ(tx.UsersByIds({uid, 999}).size(), 1u);
    EXPECT_EQ(tx.TicketsByIds({tid}).size(), 1u);
    return {};
  }));
}

// ---------------------------------------------------------------- manual clock

TEST_F(Pg, TheManualClockIsSharedByEveryNodeOfADatabase) {
  PgStore a(url_), b(url_);
  PgManualClock ca(a), cb(b);
  const auto real = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const Instant first = ca.Now();  // created at first use with the real time
  EXPECT_LE(std::chrono::abs(first - real), 5s);
  EXPECT_EQ(cb.Now(), first);
  const Instant t = FromUnix(1767225600);
  EXPECT_EQ(ca.Set(t), t);
  EXPECT_EQ(cb.Now(), t);
  EXPECT_EQ(cb.Advance(3600s), t + 3600s);
  EXPECT_EQ(ca.Now(), t + 3600s);
  std::this_thread::sleep_for(1100ms);  // it does not move by itself
  EXPECT_EQ(cb.Now(), t + 3600s);
}

TEST_F(Pg, AdvancingTheClockFromManyThreadsLosesNoStep) {
  PgStore s(url_);
  PgManualClock c(s);
  const Instant t = c.Set(FromUnix(1000));
  std::vector<std::thread> ts;
  for (int i = 0; i < 4; ++i)
    ts.emplace_back([&] {
      for (int j = 0; j < 10; ++j) c.Advance(1s);
    });
  for (auto& th : ts) th.join();
  EXPECT_EQ(c.Now(), t + 40s);
}

// ---------------------------------------------------------------- listener

TEST_F(Pg, TheListenerKeepsTryingAndSaysWhy) {
  Listener l(WithDb(server_, "no_such_database_here"), [](std::string_view) {});
  EXPECT_FALSE(l.WaitListening(500ms));
  EXPECT_NE(l.LastError().find("no_such_database_here"), std::string::npos) << l.LastError();
  const auto started = std::chrono::steady_clock::now();
  l.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
}

struct Inbox {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> got;
  void Push(std::string_view p) {
    {
      std::lock_guard lk(mu);
      got.emplace_back(p);
    }
    cv.notify_all();
  }
  // Waits until `pred(got)` holds.
  template <typename P>
  bool WaitFor(P pred, std::chrono::milliseconds d = 5000ms) {
    std::unique_lock lk(mu);
    return cv.wait_for(lk, d, [&] { return pred(got); });
  }
  std::vector<std::string> Snapshot() {
    std::lock_guard lk(mu);
    return got;
  }
};

TEST_F(Pg, TheListenerHearsCommittedNotificationsOnly) {
  PgStore s(url_);
  Inbox inbox;
  Listener l(url_, [&](std::string_view p) { inbox.Push(p); });
  ASSERT_TRUE(l.WaitListening(5000ms));
  auto rolled = s.WriteDb([](Db& db) -> Result<void> {
    Notify(db, "rolled-back");
    return Fail(Error::Invalid("x", "InvalidValue", "no"));
  });
  EXPECT_FALSE(rolled);
  ASSERT_TRUE(s.WriteDb([](Db& db) -> Result<void> {
    Notify(db, "ticket:1");
    return {};
  }));
  EXPECT_TRUE(inbox.WaitFor([](auto& g) { return !g.empty(); }));
  std::this_thread::sleep_for(200ms);  // a rolled-back notification would have arrived by now
  EXPECT_EQ(inbox.Snapshot(), (std::vector<std::string>{"ticket:1"}));
  const auto started = std::chrono::steady_clock::now();
  l.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
  EXPECT_FALSE(l.Listening());
}

TEST_F(Pg, TheListenerReconnectsAndSaysEverythingMayBeStale) {
  PgStore s(url_);
  Inbox inbox;
  Listener l(url_, [&](std::string_view p) { inbox.Push(p); });
  ASSERT_TRUE(l.WaitListening(5000ms));
  const int pid = l.BackendPid();
  ASSERT_NE(pid, 0);
  Db admin(WithDb(server_, "postgres"));
  auto& k = admin.Prepare("SELECT pg_terminate_backend(?)");
  k.Bind(1, pid);
  k.Run();
  k.Reset();
  EXPECT_TRUE(inbox.WaitFor([](auto& g) { return std::count(g.begin(), g.end(), "*") >= 1; }));
  // Listening again on a new connection: notifications flow as before.
  for (int i = 0; i < 50 && (l.BackendPid() == 0 || l.BackendPid() == pid); ++i) std::this_thread::sleep_for(100ms);
  ASSERT_TRUE(l.WaitListening(5000ms));
  EXPECT_NE(l.BackendPid(), pid);
  EXPECT_EQ(l.Reconnects(), 1);
  ASSERT_TRUE(s.WriteDb([](Db& db) -> Result<void> {
    Notify(db, "after");
    return {};
  }));
  EXPECT_TRUE(inbox.WaitFor([](auto& g) { return !g.empty() && g.back() == "after"; }));
}

// ---------------------------------------------------------------- node cache (cache.hpp)

User CachedUser(std::int64_t id, const std::string& name) {
  User u = NewUser("c" + std::to_string(id) + "@example.com");
  u.id = id;
  u.name = name;
  return u;
}

TEST(PgCache, KeysDropWhatTheyNameAndUnknownOnesDropEverything) {
  Cache c;
  auto fill = [&] {
    c.PutUser(CachedUser(1, "a"), c.Epoch());
    c.PutUser(CachedUser(2, "b"), c.Epoch());
    c.PutToken("h1", 1, c.Epoch());
    c.PutToken("h2", 2, c.Epoch());
    c.PutFields({app::TicketField{.id = 7, .title = "F"}}, c.Epoch());
  };
  fill();
  EXPECT_EQ(c.FindUser(1)->name, "a");
  EXPECT_EQ(c.FindToken("h2"), 2);
  EXPECT_EQ(c.FindFields()->Find(7)->title, "F");
  EXPECT_FALSE(c.FindFields()->Find(8));
  c.Invalidate(UserKey(1));
  EXPECT_FALSE(c.FindUser(1));
  EXPECT_TRUE(c.FindUser(2));
  c.Invalidate(TokenKey("h1"));
  EXPECT_FALSE(c.FindToken("h1"));
  EXPECT_TRUE(c.FindToken("h2"));
  c.Invalidate(kFieldsKey);
  EXPECT_FALSE(c.FindFields());
  EXPECT_TRUE(c.FindUser(2));
  c.Invalidate("token:*");
  EXPECT_FALSE(c.FindToken("h2"));
  EXPECT_TRUE(c.FindUser(2));
  c.Invalidate("user:*");
  EXPECT_FALSE(c.FindUser(2));
  for (std::string_view key : {"*", "ticket:1", "user:x1", ""}) {
    fill();
    c.Invalidate(key);
    EXPECT_FALSE(c.FindUser(1)) << key;
    EXPECT_FALSE(c.FindToken("h1")) << key;
    EXPECT_FALSE(c.FindFields()) << key;
  }
  EXPECT_EQ(c.GetStats().flushes, 4u);
}

// A reader that read the database before an invalidation came in must not store what it read.
TEST(PgCache, AFillAnInvalidationOvertookIsRefused) {
  Cache c;
  const auto before = c.Epoch();
  c.Invalidate(UserKey(99));  // any key: the reader's value may predate this change
  c.PutUser(CachedUser(1, "old"), before);
  c.PutToken("h", 1, before);
  auto fields = c.PutFields({app::TicketField{.id = 7}}, before);
  EXPECT_FALSE(c.FindUser(1));
  EXPECT_FALSE(c.FindToken("h"));
  EXPECT_FALSE(c.FindFields());
  EXPECT_TRUE(fields->Find(7));  // the reader still answers from what it read
  c.PutUser(CachedUser(1, "new"), c.Epoch());
  EXPECT_EQ(c.FindUser(1)->name, "new");
}

TEST(PgCache, PastItsCapacityTheLeastRecentlyUsedHalfGoes) {
  Cache c(4);
  for (std::int64_t id = 1; id <= 4; ++id) c.PutUser(CachedUser(id, "u"), c.Epoch());
  EXPECT_TRUE(c.FindUser(1));
  EXPECT_TRUE(c.FindUser(2));
  c.PutUser(CachedUser(5, "u"), c.Epoch());
  EXPECT_TRUE(c.FindUser(1));
  EXPECT_TRUE(c.FindUser(2));
  EXPECT_FALSE(c.FindUser(3));
  EXPECT_FALSE(c.FindUser(4));
  EXPECT_TRUE(c.FindUser(5));
  EXPECT_EQ(c.GetStats().users, 3u);
  EXPECT_EQ(c.GetStats().evictions, 2u);
  // Tokens have their own room.
  for (int i = 0; i < 10; ++i) c.PutToken("h" + std::to_string(i), i, c.Epoch());
  EXPECT_LE(c.GetStats().tokens, 4u);
  EXPECT_EQ(c.GetStats().users, 3u);
}

TEST(PgCache, ManyThreadsReadWhileKeysAreDropped) {
  Cache c(64);
  std::atomic<bool> stop{false};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t)
    readers.emplace_back([&, t] {
      std::mt19937 rng(t);
      while (!stop) {
        const std::int64_t id = rng() % 100;
        const auto e = c.Epoch();
        if (auto u = c.FindUser(id)) {
          EXPECT_EQ(u->id, id);
        } else {
          c.PutUser(CachedUser(id, "u"), e);
        }
        c.FindToken("t" + std::to_string(id % 10));
        c.PutToken("t" + std::to_string(id % 10), id, e);
      }
    });
  for (int i = 0; i < 2000; ++i) c.Invalidate(i % 7 == 0 ? "*" : UserKey(i % 100));
  stop = true;
  for (auto& r : readers) r.join();
  EXPECT_LE(c.GetStats().users, 64u);
}

// Two stores on one database stand for two `serve` nodes; a store without a cache for a CLI
// command (`chamado admin ...`) run while they serve.
class PgNodes : public Pg {
 protected:
  static PgStoreOptions Node() { return PgStoreOptions{.pool_size = 4, .cache = true}; }

  static std::optional<User> ReadUser(PgStore& s, std::int64_t id) {
    std::optional<User> u;
    EXPECT_TRUE(s.Read([&](app::ReadTx& tx) -> Result<void> {
      u = tx.UserById(id);
      return {};
    }));
    return u;
  }
  static std::optional<std::int64_t> ReadToken(PgStore& s, const std::string& hash) {
    std::optional<std::int64_t> id;
    EXPECT_TRUE(s.Read([&](app::ReadTx& tx) -> Result<void> {
      id = tx.UserIdByTokenHash(hash);
      return {};
    }));
    return id;
  }
  // The options of field `id`, through ListTicketFields and through TicketFieldById (both
  // must agree).
  static std::size_t ReadOptions(PgStore& s, std::int64_t id) {
    std::size_t by_list = 0, by_id = 0;
    EXPECT_TRUE(s.Read([&](app::ReadTx& tx) -> Result<void> {
      for (const auto& f : tx.ListTicketFields())
        if (f.id == id) by_list = f.options.size();
      if (auto f = tx.TicketFieldById(id)) by_id = f->options.size();
      return {};
    }));
    EXPECT_EQ(by_list, by_id);
    return by_id;
  }
  // Polls `pred` until it holds or 3 s pass; `took` gets the time it needed.
  template <typename P>
  static bool Eventually(P pred, std::chrono::milliseconds* took = nullptr) {
    const auto start = std::chrono::steady_clock::now();
    for (;;) {
      if (pred()) {
        if (took)
          *took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
        return true;
      }
      if (std::chrono::steady_clock::now() - start > 3s) return false;
      std::this_thread::sleep_for(2ms);
    }
  }

  // An agent with token "hash-1" and a tagger field with one option, made through `s`.
  void Seed(PgStore& s) {
    ASSERT_TRUE(s.Write([&](app::WriteTx& tx) -> Result<void> {
      auto u = NewUser("agent@example.com");
      u.role = Role::kAgent;
      tx.InsertUser(u);
      uid_ = u.id;
      auto other = NewUser("other@example.com");
      tx.InsertUser(other);
      other_ = other.id;
      app::ApiToken t{.user_id = uid_, .prefix = "abc", .created_at = FromUnix(1000)};
      tx.InsertToken(t, "hash-1");
      app::TicketField f;
      f.type = "tagger";
      f.key = "platform";
      f.title = "Platform";
      f.options = {app::FieldOption{0, "Linux", "linux", false}};
      f.created_at = f.updated_at = FromUnix(1000);
      tx.InsertTicketField(f);
      fid_ = f.id;
      return {};
    }));
  }
  // Waits until `s` has heard every notification committed so far: they arrive in commit
  // order, so once a sentinel sent now has dropped its entry, the earlier ones are in.
  void Settle(PgStore& s) {
    User sentinel = NewUser("sentinel@example.com");
    sentinel.id = -1;
    s.cache()->PutUser(sentinel, s.cache()->Epoch());
    Db db(url_);
    Notify(db, UserKey(sentinel.id));
    EXPECT_TRUE(Eventually([&] { return !s.cache()->FindUser(sentinel.id); }));
  }
  // Reads everything Seed made until one round comes entirely from the cache (a node hears
  // its own notifications too, some milliseconds after it dropped the keys itself).
  void Warm(PgStore& s) {
    Settle(s);
    EXPECT_TRUE(Eventually([&] {
      const auto before = s.cache()->GetStats();
      EXPECT_TRUE(ReadUser(s, uid_));
      EXPECT_TRUE(ReadUser(s, other_));
      EXPECT_EQ(ReadToken(s, "hash-1"), uid_);
      EXPECT_EQ(ReadOptions(s, fid_), 1u);
      const auto after = s.cache()->GetStats();
      // 2 users, 1 token, the list, the field
      return after.misses == before.misses && after.hits == before.hits + 5;
    }));
  }
  std::int64_t uid_ = 0, other_ = 0, fid_ = 0;
};

TEST_F(PgNodes, TheCacheAnswersRepeatedReadsAndWritesNeverUseIt) {
  PgStore node(url_, Node());
  ASSERT_TRUE(node.WaitCacheReady(5000ms));
  Seed(node);
  Warm(node);
  // Changed behind the store's back (no NOTIFY): the cache still answers the old row...
  Db db(url_);
  db.Exec("UPDATE users SET name = 'Renamed' WHERE id = " + std::to_string(uid_));
  EXPECT_EQ(ReadUser(node, uid_)->name, "U");
  // ...while a write transaction reads the table (it may write back what it read).
  ASSERT_TRUE(node.Write([&](app::WriteTx& tx) -> Result<void> {
    EXPECT_EQ(tx.UserById(uid_)->name, "Renamed");
    EXPECT_EQ(tx.UsersByIds({uid_})[0].name, "Renamed");
    return {};
  }));
  // Anyone may send the key by hand (docs/postgresql.md).
  Notify(db, UserKey(uid_));
  EXPECT_TRUE(Eventually([&] { return ReadUser(node, uid_)->name == "Renamed"; }));
  // Revoked and unknown tokens are not cached.
  EXPECT_FALSE(ReadToken(node, "no-such-hash"));
  EXPECT_FALSE(node.cache()->FindToken("no-such-hash"));
}

// A read the cache answers whole never reaches the server: not even BEGIN/COMMIT (the pooled
// connection's pg_stat_activity row does not move).
TEST_F(PgNodes, AReadTheCacheAnswersWholeSendsNothing) {
  PgStore node(url_, PgStoreOptions{.pool_size = 1, .cache = true});
  ASSERT_TRUE(node.WaitCacheReady(5000ms));
  Seed(node);
  Warm(node);
  Db admin(url_);
  auto activity = [&] {
    auto& q = admin.Prepare(
        "SELECT pid, query, state_change::text FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid() "
        "AND application_name <> 'chamado-listener'");
    q.Bind(1, name_);
    std::string row;
    while (q.Step()) row += std::to_string(q.Int(0)) + " " + q.Text(1) + " " + q.Text(2) + "\n";
    q.Reset();
    return row;
  };
  const std::string before = activity();
  ASSERT_NE(before.find("COMMIT"), std::string::npos) << before;
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(node.Read([&](app::ReadTx& tx) -> Result<void> {
      EXPECT_EQ(tx.UserIdByTokenHash("hash-1"), uid_);
      EXPECT_TRUE(tx.UserById(uid_));
      EXPECT_TRUE(tx.TicketFieldById(fid_));
      return {};
    }));
  }
  EXPECT_EQ(activity(), before);
  // A read that needs the database begins its transaction with its first statement.
  ASSERT_TRUE(node.Read([&](app::ReadTx& tx) -> Result<void> {
    EXPECT_TRUE(tx.UserById(uid_));
    EXPECT_EQ(tx.ListTickets({}, app::PageRequest{}).count, 0);
    return {};
  }));
  EXPECT_NE(activity(), before);
  // The server closed the pooled connection since: the first statement finds out, and the
  // read runs again on a new connection.
  admin.Exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name_ +
             "' AND pid <> pg_backend_pid() AND application_name <> 'chamado-listener'");
  std::this_thread::sleep_for(100ms);
  EXPECT_TRUE(node.Read([&](app::ReadTx& tx) -> Result<void> {
    EXPECT_EQ(tx.ListTickets({}, app::PageRequest{}).count, 0);
    return {};
  }));
}

TEST_F(PgNodes, WithoutTheCacheEveryReadGoesToTheDatabase) {
  PgStore node(url_);  // as a CLI command opens it
  EXPECT_EQ(node.cache(), nullptr);
  EXPECT_FALSE(node.WaitCacheReady(10ms));
  ASSERT_TRUE(node.Write([&](app::WriteTx& tx) -> Result<void> {
    auto u = NewUser("x@example.com");
    tx.InsertUser(u);
    uid_ = u.id;
    return {};
  }));
  EXPECT_EQ(ReadUser(node, uid_)->name, "U");
  Db db(url_);
  db.Exec("UPDATE users SET name = 'Renamed' WHERE id = " + std::to_string(uid_));
  EXPECT_EQ(ReadUser(node, uid_)->name, "Renamed");
}

TEST_F(PgNodes, AChangeOnOneNodeReachesTheOthersWithinMilliseconds) {
  PgStore a(url_, Node()), b(url_, Node());
  ASSERT_TRUE(a.WaitCacheReady(5000ms));
  ASSERT_TRUE(b.WaitCacheReady(5000ms));
  Seed(a);
  Warm(a);
  Warm(b);
  std::chrono::milliseconds took{};

  // Node A suspends the agent: A reads it at once, B within milliseconds.
  ASSERT_TRUE(a.Write([&](app::WriteTx& tx) -> Result<void> {
    auto u = tx.UserById(uid_);
    u->suspended = true;
    tx.UpdateUser(*u);
    return {};
  }));
  EXPECT_TRUE(ReadUser(a, uid_)->suspended);
  EXPECT_TRUE(Eventually([&] { return ReadUser(b, uid_)->suspended; }, &took));
  std::cout << "user suspended on A, seen by B after " << took.count() << " ms\n";
  EXPECT_LT(took, 1000ms);

  // A field option added by A.
  ASSERT_TRUE(a.Write([&](app::WriteTx& tx) -> Result<void> {
    auto f = tx.TicketFieldById(fid_);
    f->options.push_back(app::FieldOption{0, "Mac", "mac", false});
    tx.UpdateTicketField(*f);
    return {};
  }));
  EXPECT_EQ(ReadOptions(a, fid_), 2u);
  EXPECT_TRUE(Eventually([&] { return ReadOptions(b, fid_) == 2; }, &took));
  std::cout << "field option added on A, seen by B after " << took.count() << " ms\n";

  // A token revoked on A (RevokeApiToken notifies its key).
  ASSERT_TRUE(a.Write([&](app::WriteTx& tx) -> Result<void> {
    EXPECT_EQ(tx.RevokeApiTokensOf(uid_, FromUnix(2000)), 1);
    return {};
  }));
  EXPECT_TRUE(Eventually([&] { return !ReadToken(b, "hash-1"); }, &took));
  EXPECT_TRUE(Eventually([&] { return !ReadToken(a, "hash-1"); }));
  std::cout << "token revoked, seen by B after " << took.count() << " ms\n";

  // A CLI command (no cache, no listener) changes things while both nodes serve: its
  // writes notify all the same.
  PgStore cli(url_);
  ASSERT_TRUE(cli.Write([&](app::WriteTx& tx) -> Result<void> {
    app::ApiToken t{.user_id = uid_, .prefix = "def", .created_at = FromUnix(1000)};
    tx.InsertToken(t, "hash-2");
    tx.SetPasswordHash(uid_, "argon2id$...");
    auto u = tx.UserById(uid_);
    u->suspended = false;
    tx.UpdateUser(*u);
    auto f = tx.TicketFieldById(fid_);
    f->title = "Operating system";
    tx.UpdateTicketField(*f);
    return {};
  }));
  EXPECT_EQ(ReadToken(b, "hash-2"), uid_);  // no negative entries: seen at once
  for (PgStore* node : {&a, &b}) {
    EXPECT_TRUE(Eventually([&] { return !ReadUser(*node, uid_)->suspended; }));
    EXPECT_TRUE(Eventually([&] {
      bool renamed = false;
      EXPECT_TRUE(node->Read([&](app::ReadTx& tx) -> Result<void> {
        renamed = tx.TicketFieldById(fid_)->title == "Operating system";
        return {};
      }));
      return renamed;
    }));
  }
  // Untouched entries stayed cached throughout.
  const auto before = b.cache()->GetStats();
  EXPECT_TRUE(ReadUser(b, other_));
  EXPECT_EQ(b.cache()->GetStats().hits, before.hits + 1);
}

// ---- accounts (issue 8): every write that revokes a token, sets a password or erases a
// person reaches the other node's cache; recording a token's use changes nothing cached.
TEST_F(PgNodes, AccountWritesOnOneNodeDropWhatTheOthersCached) {
  PgStore a(url_, Node()), b(url_, Node());
  ASSERT_TRUE(a.WaitCacheReady(5000ms));
  ASSERT_TRUE(b.WaitCacheReady(5000ms));
  Seed(a);
  std::int64_t t2 = 0;
  ASSERT_TRUE(a.Write([&](app::WriteTx& tx) -> Result<void> {
    app::ApiToken t{.user_id = uid_, .prefix = "two", .created_at = FromUnix(1000)};
    tx.InsertToken(t, "hash-2");
    t2 = t.id;
    app::ApiToken o{.user_id = other_, .prefix = "three", .created_at = FromUnix(1000)};
    tx.InsertToken(o, "hash-3");
    return {};
  }));
  Warm(b);
  EXPECT_EQ(ReadToken(b, "hash-2"), uid_);
  EXPECT_EQ(ReadToken(b, "hash-3"), other_);
  EXPECT_FALSE(ReadUser(b, uid_)->verified);

  ASSERT_TRUE(a.Write([&](app::WriteTx& tx) -> Result<void> {
    tx.RecordApiTokenUse("hash-1", "10.0.0.1", FromUnix(3000), std::chrono::seconds(300));
    EXPECT_TRUE(tx.RevokeApiToken(t2, FromUnix(3000)));
    return {};
  }));
  EXPECT_TRUE(Eventually([&] { return !ReadToken(b, "hash-2"); }));
  EXPECT_EQ(ReadToken(b, "hash-1"), uid_);  // used, still live

  ASSERT_TRUE(a.Write([&](app::WriteTx& tx) -> Result<void> {
    tx.SetPasswordHashAndVerify(uid_, "argon2id$...");
    return {};
  }));
  EXPECT_TRUE(ReadUser(a, uid_)->verified);  // the writing node at once
  EXPECT_TRUE(Eventually([&] { return ReadUser(b, uid_)->verified; }));

  ASSERT_TRUE(a.Write([&](app::WriteTx& tx) -> Result<void> {
    tx.EraseUserIdentity(other_, "Erased user", FromUnix(4000));
    return {};
  }));
  EXPECT_TRUE(Eventually([&] { return ReadUser(b, other_)->name == "Erased user"; }));
  EXPECT_TRUE(Eventually([&] { return !ReadToken(b, "hash-3"); }));
  EXPECT_FALSE(ReadToken(a, "hash-3"));
  EXPECT_EQ(ReadToken(b, "hash-1"), uid_);
}

TEST_F(PgNodes, ARolledBackChangeInvalidatesNothingElsewhere) {
  PgStore a(url_, Node()), b(url_, Node());
  ASSERT_TRUE(a.WaitCacheReady(5000ms));
  ASSERT_TRUE(b.WaitCacheReady(5000ms));
  Seed(a);
  Warm(b);
  auto rolled = a.Write([&](app::WriteTx& tx) -> Result<void> {
    auto u = tx.UserById(uid_);
    u->name = "Never";
    tx.UpdateUser(*u);
    auto f = tx.TicketFieldById(fid_);
    f->title = "Never";
    tx.UpdateTicketField(*f);
    return Fail(Error::Invalid("x", "InvalidValue", "changed my mind"));
  });
  ASSERT_FALSE(rolled);
  // A committed change after it: once B has heard of this one, it would have heard of the
  // rolled-back one (notifications arrive in commit order).
  ASSERT_TRUE(a.Write([&](app::WriteTx& tx) -> Result<void> {
    auto u = tx.UserById(other_);
    u->name = "Committed";
    tx.UpdateUser(*u);
    return {};
  }));
  EXPECT_TRUE(Eventually([&] { return ReadUser(b, other_)->name == "Committed"; }));
  const auto before = b.cache()->GetStats();
  EXPECT_EQ(ReadUser(b, uid_)->name, "U");
  EXPECT_EQ(ReadOptions(b, fid_), 1u);
  const auto after = b.cache()->GetStats();
  EXPECT_EQ(after.misses, before.misses);  // still cached
  EXPECT_EQ(after.flushes, 0u);
}

TEST_F(PgNodes, AfterTheListenerLosesItsConnectionNothingStaleRemains) {
  PgStore a(url_, Node()), b(url_, Node());
  ASSERT_TRUE(a.WaitCacheReady(5000ms));
  ASSERT_TRUE(b.WaitCacheReady(5000ms));
  Seed(a);
  Warm(b);
  // A change B never hears of (as if notified while B's listener was away)...
  Db db(url_);
  db.Exec("UPDATE users SET name = 'Missed' WHERE id = " + std::to_string(uid_));
  EXPECT_EQ(ReadUser(b, uid_)->name, "U");
  // ...then B's listening session ends (a server restart, a failover, a network cut).
  const int pid = b.cache_listener()->BackendPid();
  ASSERT_NE(pid, 0);
  db.Exec("SELECT pg_terminate_backend(" + std::to_string(pid) + ")");
  std::chrono::milliseconds took{};
  EXPECT_TRUE(Eventually([&] { return ReadUser(b, uid_)->name == "Missed"; }, &took));
  std::cout << "listener killed, B fresh after " << took.count() << " ms\n";
  EXPECT_GE(b.cache()->GetStats().flushes, 1u);
  // Listening again, B caches again and hears A's changes again.
  // (the "*" of the lost connection, then the one sent once listening again)
  ASSERT_TRUE(Eventually([&] { return b.cache_listener()->Listening() && b.cache()->GetStats().flushes >= 2; }));
  EXPECT_EQ(b.cache_listener()->Reconnects(), 1);
  Warm(b);
  ASSERT_TRUE(a.Write([&](app::WriteTx& tx) -> Result<void> {
    auto u = tx.UserById(uid_);
    u->name = "Heard";
    tx.UpdateUser(*u);
    return {};
  }));
  EXPECT_TRUE(Eventually([&] { return ReadUser(b, uid_)->name == "Heard"; }));
}

// Many readers filling B's cache while A keeps changing the row: once A stops, B settles on
// the last committed value (no fill that an invalidation overtook survives).
TEST_F(PgNodes, ReadersRacingAWriterEndOnTheLastCommittedRow) {
  PgStore a(url_, Node()), b(url_, PgStoreOptions{.pool_size = 8, .cache = true});
  ASSERT_TRUE(a.WaitCacheReady(5000ms));
  ASSERT_TRUE(b.WaitCacheReady(5000ms));
  Seed(a);
  std::atomic<bool> stop{false};
  std::vector<std::thread> readers;
  for (int i = 0; i < 6; ++i)
    readers.emplace_back([&] {
      while (!stop) ReadUser(b, uid_);
    });
  for (int i = 1; i <= 100; ++i) {
    ASSERT_TRUE(a.Write([&](app::WriteTx& tx) -> Result<void> {
      auto u = tx.UserById(uid_);
      u->name = "v" + std::to_string(i);
      tx.UpdateUser(*u);
      return {};
    }));
  }
  EXPECT_TRUE(Eventually([&] { return ReadUser(b, uid_)->name == "v100"; }));
  std::this_thread::sleep_for(300ms);  // every notification delivered; readers still filling
  stop = true;
  for (auto& r : readers) r.join();
  EXPECT_EQ(ReadUser(b, uid_)->name, "v100");
  EXPECT_GT(b.cache()->GetStats().hits, 0u);
}

}  // namespace
}  // namespace chamado::postgres
