// `chamado store copy --from sqlite:DATA --to postgresql://...`: a SQLite help desk copied into
// PostgreSQL while it keeps serving writes, a server on the copy (same tickets, comments,
// audits, users, tokens, search, next ticket id), and the refusals: a non-empty target, a
// missing or corrupt source, schema versions that differ, a copy that does not verify.
//
// Needs a PostgreSQL server (CHAMADO_TEST_PG); skipped without one. The source is SQLite in
// every run: the fixture hides the harness's CHAMADO_STORE_DB from the processes it starts
// and gives each target a database of its own (the copy names it with --to, a server on it
// with --db).
#include <gtest/gtest.h>
#include <postgresql/libpq-fe.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "harness.hpp"

namespace it {
namespace {
namespace fs = std::filesystem;

std::string PgServer() {
  const char* v = std::getenv("CHAMADO_TEST_PG");
  std::string s = v ? v : "";
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

// Runs `sql` on the database `url`; returns the first column of the first row ("" when
// none), or "ERROR: ..." when it fails.
std::string PgQuery(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);  // "does not exist, skipping"
  std::string out;
  if (PQstatus(conn) != CONNECTION_OK) {
    out = std::string("ERROR: ") + PQerrorMessage(conn);
  } else {
    PGresult* res = PQexec(conn, sql.c_str());
    const auto st = PQresultStatus(res);
    if (st == PGRES_TUPLES_OK) {
      if (PQntuples(res) > 0) out = PQgetvalue(res, 0, 0);
    } else if (st != PGRES_COMMAND_OK) {
      out = std::string("ERROR: ") + PQresultErrorMessage(res);
    }
    PQclear(res);
  }
  PQfinish(conn);
  return out;
}

std::int64_t PgInt(const std::string& url, const std::string& sql) {
  const auto v = PgQuery(url, sql);
  try {
    return std::stoll(v);
  } catch (...) {
    throw std::runtime_error(sql + ": " + v);
  }
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
  return s;
}

// A response body with the server's own address taken out, for comparing two servers.
std::string Body(const Server& s, const Response& r) {
  EXPECT_EQ(r.status, 200) << r.body;
  return Replace(r.body, s.base(), "BASE");
}

class StoreCopy : public testing::Test {
 protected:
  void SetUp() override {
    if (!OnPostgres()) GTEST_SKIP() << "needs a PostgreSQL server (CHAMADO_TEST_PG): the copy's target";
    if (const char* v = std::getenv("CHAMADO_STORE_DB")) saved_store_db_ = v;
    unsetenv("CHAMADO_STORE_DB");  // the source and its CLI commands stay on SQLite
  }
  void TearDown() override {
    for (const auto& db : databases_)
      PgQuery(PgServer() + "/postgres", "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    if (saved_store_db_) setenv("CHAMADO_STORE_DB", saved_store_db_->c_str(), 1);
  }

  // A new empty database on CHAMADO_TEST_PG; returns its URL.
  std::string NewDatabase() {
    const std::string name = "sc_" + std::to_string(getpid()) + "_" + std::to_string(databases_.size() + 1);
    databases_.push_back(name);
    PgQuery(PgServer() + "/postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    const auto err = PgQuery(PgServer() + "/postgres", "CREATE DATABASE " + name);
    if (!err.empty()) throw std::runtime_error("CREATE DATABASE " + name + ": " + err);
    return PgServer() + "/" + name;
  }

  static CliResult Copy(const std::string& from, const std::string& to) {
    return RunCli({"store", "copy", "--from", from, "--to", to});
  }

 private:
  std::optional<std::string> saved_store_db_;
  std::vector<std::string> databases_;
};

// Tickets (each with a first comment, then a second one) created by `threads` agents until
// stopped; `acked` holds every ticket the server answered for.
class WriteLoad {
 public:
  WriteLoad(Desk& d, int threads) {
    for (int t = 0; t < threads; ++t)
      threads_.emplace_back([this, &d, t] {
        Client agent = d.Agent();
        for (int n = 0; !stop_.load(); ++n) {
          auto r = agent.Post("/api/v2/tickets.json", F(R"({"ticket":{"subject":"load {}-{}","tags":["load"],
              "comment":{"body":"Written while the copy runs"}}})",
                                                        {S(t), S(n)}));
          if (r.status != 201) {
            ++failures_;
            continue;
          }
          const auto id = r["ticket"].at("id").as_int64();
          auto u = agent.Put("/api/v2/tickets/" + S(id) + ".json", R"({"ticket":{"comment":{"body":"second"}}})");
          if (u.status != 200) ++failures_;
          std::lock_guard lk(mu_);
          acked_.push_back(id);
        }
      });
  }
  ~WriteLoad() { Stop(); }
  void Stop() {
    stop_ = true;
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }
  std::size_t Acked() {
    std::lock_guard lk(mu_);
    return acked_.size();
  }
  int failures() const { return failures_.load(); }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> failures_{0};
  std::mutex mu_;
  std::vector<std::int64_t> acked_;
  std::vector<std::thread> threads_;
};

TEST_F(StoreCopy, ALiveHelpDeskMovesToPostgresqlAndServesTheSame) {
  Desk d;
  auto admin = d.Admin();
  auto agent = d.Agent();
  // Something of every kind: an organization, a group, an admin-added field with options,
  // tickets with tags, CCs, public comments and internal notes, text that COPY must escape.
  auto org = admin.Post("/api/v2/organizations.json",
                        R"({"organization":{"name":"Acme Ltda","domain_names":["acme.example"]}})");
  ASSERT_EQ(org.status, 201) << org.body;
  auto group = admin.Post("/api/v2/groups.json", R"({"group":{"name":"Billing","description":"Money"}})");
  ASSERT_EQ(group.status, 201) << group.body;
  auto field = admin.Post("/api/v2/ticket_fields.json", R"({"ticket_field":{"type":"tagger","title":"Product",
      "custom_field_options":[{"name":"Web","value":"product_web"},{"name":"Mobile","value":"product_mobile"}]}})");
  ASSERT_EQ(field.status, 201) << field.body;
  const auto field_id = field["ticket_field"].at("id").as_int64();
  EXPECT_GT(field_id, 10000) << "admin-added fields start after the shipped range";

  const auto t1 = d.NewTicket("alice@customer.example", "Impressora não imprime\ttab \\N back\\slash",
                              R"("tags":["printer","zonaazul"],"priority":"high")");
  ASSERT_EQ(agent
                .Put("/api/v2/tickets/" + S(t1) + ".json",
                     R"({"ticket":{"comment":{"body":"zebrafruit internal note\nsecond line","public":false},
                         "status":"open","email_ccs":[{"user_email":"bob@customer.example"}]}})")
                .status,
            200);
  ASSERT_EQ(agent
                .Put("/api/v2/tickets/" + S(t1) + ".json",
                     R"({"ticket":{"comment":{"body":"Resposta pública: ação \\. \r\n fim"}}})")
                .status,
            200);
  const auto t2 = d.NewTicket("bob@customer.example", "Boleto vencido");
  ASSERT_EQ(agent.Put("/api/v2/tickets/" + S(t2) + ".json", R"({"ticket":{"status":"solved"}})").status, 200);
  const auto t3 = d.NewTicket("alice@customer.example", "Third");
  const std::vector<std::int64_t> fixed{t1, t2, t3};
  // Account rows (issue 8) of every table and new column, so they are copied and verified too.
  int rc = -1;
  const std::string alice = "(SELECT id FROM users WHERE email = 'alice@customer.example')";
  Shell("sqlite3 -cmd '.timeout 5000' '" + d.server.data() + "/chamado.db' \"" +
            "UPDATE users SET notify_email = 0, notify_whatsapp = 1 WHERE id = " + alice + "; " +
            "UPDATE api_tokens SET description = 'CI robot', last_used_at = 1700000100; " +
            "INSERT INTO sessions (user_id, token_sha256, via, ip, user_agent, created_at, last_seen_at) VALUES (" +
            alice + ", 'sess-1', 'password', '10.0.0.1', 'Firefox', 1700000000, 1700000100); " +
            "INSERT INTO account_tokens (user_id, purpose, token_sha256, pending_password_hash, created_at, " +
            "expires_at) VALUES (" + alice + ", 'verify', 'acct-1', 'argon2id', 1700000000, 1700003600); " +
            "INSERT INTO auth_events (at, user_id, kind, email, ip, detail) VALUES (1700000000, " + alice +
            ", 'login', 'alice@customer.example', '10.0.0.1', 'ok'), (1700000001, NULL, 'login_failed', " +
            "'ghost@customer.example', '10.0.0.2', 'unknown e-mail'); " +
            "INSERT INTO jwt_ids (jti, at) VALUES ('jti-1', 1700000000);\"",
        &rc);
  ASSERT_EQ(rc, 0);

  // The copy runs while two agents keep writing.
  WriteLoad load(d, 2);
  while (load.Acked() < 20) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const std::string url = NewDatabase();
  const auto acked_before = load.Acked();
  auto copy = Copy("sqlite:" + d.server.data(), url);
  const auto acked_after = load.Acked();
  load.Stop();
  ASSERT_EQ(copy.exit_code, 0) << copy.err << copy.out;
  EXPECT_EQ(load.failures(), 0) << "the copy disturbed the writers";
  std::cerr << "[          ] " << acked_after - acked_before << " tickets acknowledged while the copy ran\n";
  EXPECT_EQ(copy.out.find("MISMATCH"), std::string::npos) << copy.out;
  for (const char* table :
       {"organizations", "users", "api_tokens", "tickets", "audits", "comments", "events", "ticket_fields",
        "ticket_field_options", "ticket_tags", "ticket_ccs", "sessions", "account_tokens", "auth_events", "jwt_ids"})
    EXPECT_NE(copy.out.find(std::string("\n") + table + " "), std::string::npos) << table << " in\n" << copy.out;
  EXPECT_EQ(copy.out.find("schema_migrations"), std::string::npos) << copy.out;
  EXPECT_EQ(copy.out.find("ticket_fts"), std::string::npos) << copy.out;
  EXPECT_NE(copy.out.find("ticket_search_texts"), std::string::npos) << "derived search data is reported";
  EXPECT_NE(copy.out.find("attachments:"), std::string::npos) << copy.out;
  EXPECT_NE(copy.err.find("  tickets: "), std::string::npos) << "a progress line per table: " << copy.err;

  // One instant of the source, never half a write: each load ticket has its first comment,
  // and each of its audits its comment (a second comment may come after the snapshot).
  EXPECT_EQ(PgInt(url,
                  "SELECT count(*) FROM tickets t WHERE t.subject LIKE 'load %' AND "
                  "((SELECT count(*) FROM comments c WHERE c.ticket_id = t.id) NOT IN (1, 2) OR "
                  "(SELECT count(*) FROM comments c WHERE c.ticket_id = t.id) <> "
                  "(SELECT count(*) FROM audits a WHERE a.ticket_id = t.id))"),
            0);
  EXPECT_EQ(PgQuery(url,
                    "SELECT notify_email || ',' || notify_whatsapp FROM users WHERE email = "
                    "'alice@customer.example'"),
            "0,1");
  EXPECT_EQ(PgInt(url, "SELECT count(*) FROM api_tokens WHERE description = 'CI robot' AND last_used_at > 0"),
            PgInt(url, "SELECT count(*) FROM api_tokens"));
  EXPECT_EQ(PgInt(url, "SELECT count(*) FROM auth_events WHERE ip IN ('10.0.0.1', '10.0.0.2')"), 2);
  EXPECT_EQ(PgQuery(url, "SELECT token_sha256 FROM sessions"), "sess-1");
  EXPECT_EQ(PgQuery(url, "SELECT pending_password_hash FROM account_tokens"), "argon2id");
  EXPECT_EQ(PgQuery(url, "SELECT jti FROM jwt_ids"), "jti-1");
  const auto copied = PgInt(url, "SELECT count(*) FROM tickets");
  EXPECT_GE(copied, static_cast<std::int64_t>(fixed.size() + 20));
  EXPECT_LE(copied, static_cast<std::int64_t>(fixed.size() + acked_after + 2));
  // Search data built for every copied text: subjects and comments.
  EXPECT_EQ(PgInt(url, "SELECT count(*) FROM ticket_search_texts"),
            PgInt(url, "SELECT (SELECT count(*) FROM tickets) + (SELECT count(*) FROM comments)"));

  // A server on the copy answers as the SQLite server does, to the same tokens.
  Server pg({"--db", url});
  const std::vector<std::pair<std::string, std::string>> logins{{"admin@test.example", d.admin_token},
                                                                {"agent@test.example", d.agent_token},
                                                                {"alice@customer.example", d.alice_token},
                                                                {"bob@customer.example", d.bob_token}};
  for (const auto& [email, token] : logins) {
    auto on_sqlite = Client(d.server, email, token).Get("/api/v2/users/me.json");
    auto on_pg = Client(pg, email, token).Get("/api/v2/users/me.json");
    EXPECT_EQ(Body(pg, on_pg), Body(d.server, on_sqlite)) << email;
  }
  Client pg_agent(pg, "agent@test.example", d.agent_token);
  Client pg_admin(pg, "admin@test.example", d.admin_token);
  for (auto id : fixed) {
    for (const std::string& path : {"/api/v2/tickets/" + S(id) + ".json", "/api/v2/tickets/" + S(id) + "/comments.json",
                                    "/api/v2/tickets/" + S(id) + "/audits.json"})
      EXPECT_EQ(Body(pg, pg_agent.Get(path)), Body(d.server, agent.Get(path))) << path;
  }
  for (const std::string& path :
       std::vector<std::string>{"/api/v2/users.json", "/api/v2/organizations.json", "/api/v2/groups.json",
                                "/api/v2/ticket_fields.json", "/api/v2/ticket_fields/" + S(field_id) + ".json"})
    EXPECT_EQ(Body(pg, pg_admin.Get(path)), Body(d.server, admin.Get(path))) << path;

  // Search finds copied text, and still keeps internal notes from end users.
  auto found = pg_agent.Get("/api/v2/search.json?query=zebrafruit");
  ASSERT_EQ(found.status, 200) << found.body;
  ASSERT_EQ(found["count"].as_int64(), 1) << found.body;
  EXPECT_EQ(found["results"].at(0).at("id").as_int64(), t1);
  EXPECT_EQ(pg_agent.Get("/api/v2/search.json?query=impressora")["count"].as_int64(), 1);
  EXPECT_EQ(pg_agent.Get("/api/v2/search.json?query=tags:zonaazul")["count"].as_int64(), 1);
  auto alice_search =
      Client(pg, "alice@customer.example", d.alice_token).Get("/api/v2/requests/search.json?query=zebrafruit");
  ASSERT_EQ(alice_search.status, 200) << alice_search.body;
  EXPECT_EQ(alice_search["count"].as_int64(), 0) << alice_search.body;

  // New ids continue after the copied ones: the next protocol number is max + 1.
  const auto max_id = PgInt(url, "SELECT max(id) FROM tickets");
  auto created = pg_agent.Post("/api/v2/tickets.json",
                               R"({"ticket":{"subject":"First on PostgreSQL","comment":{"body":"hello"}}})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created["ticket"].at("id").as_int64(), max_id + 1);
  auto new_field = pg_admin.Post("/api/v2/ticket_fields.json", R"({"ticket_field":{"type":"text","title":"Serial"}})");
  ASSERT_EQ(new_field.status, 201) << new_field.body;
  EXPECT_EQ(new_field["ticket_field"].at("id").as_int64(), field_id + 1);

  // The source is untouched and still serving.
  EXPECT_EQ(agent.Get("/api/v2/tickets/" + S(t1) + ".json").status, 200);
  EXPECT_EQ(agent.Post("/api/v2/tickets.json", R"({"ticket":{"subject":"still here","comment":{"body":"x"}}})").status,
            201);
}

// The copy builds the search data in bulk (chamado_search_rebuild) with the search triggers
// off: searches on the copy answer as on the source, internal notes stay hidden from end
// users, and the rows are those the triggers build, row for row.
TEST_F(StoreCopy, SearchOnTheCopyIsTheSourcesAndTheTriggers) {
  Desk d;
  auto agent = d.Agent();
  const auto t1 = d.NewTicket("alice@customer.example", "Impressora não imprime", R"("tags":["printer","zonaazul"])");
  ASSERT_EQ(agent
                .Put("/api/v2/tickets/" + S(t1) + ".json",
                     R"({"ticket":{"comment":{"body":"quokkanote só para agentes","public":false}}})")
                .status,
            200);
  ASSERT_EQ(agent
                .Put("/api/v2/tickets/" + S(t1) + ".json",
                     R"({"ticket":{"comment":{"body":"Trocamos o toner, ação feita"}}})")
                .status,
            200);
  const auto t2 = d.NewTicket("bob@customer.example", "Boleto vencido da impressora", R"("tags":["billing"])");
  d.NewTicket("alice@customer.example", "Senha esquecida");
  const std::string url = NewDatabase();
  auto copy = Copy("sqlite:" + d.server.data(), url);
  ASSERT_EQ(copy.exit_code, 0) << copy.err << copy.out;
  EXPECT_NE(copy.err.find("texts rebuilt"), std::string::npos) << copy.err;
  EXPECT_EQ(PgInt(url, "SELECT count(*) FROM pg_trigger WHERE tgenabled = 'D'"), 0) << "triggers are back on";
  EXPECT_EQ(PgInt(url, "SELECT count(*) FROM pg_indexes WHERE indexname = 'ticket_search_texts_document'"), 1);

  Server pg({"--db", url});
  Client pg_agent(pg, "agent@test.example", d.agent_token);
  Client pg_alice(pg, "alice@customer.example", d.alice_token);
  Client alice(d.server, "alice@customer.example", d.alice_token);
  const auto ids = [](const Response& r) {
    std::vector<std::int64_t> out;
    for (const auto& v : r["results"].as_array()) out.push_back(v.at("id").as_int64());
    std::sort(out.begin(), out.end());
    return out;
  };
  for (const std::string word : {"impressora", "acao", "toner", "quokkanote", "vencido", "tags:printer"}) {
    auto on_sqlite = agent.Get("/api/v2/search.json?query=" + word);
    auto on_pg = pg_agent.Get("/api/v2/search.json?query=" + word);
    ASSERT_EQ(on_pg.status, 200) << on_pg.body;
    EXPECT_EQ(ids(on_pg), ids(on_sqlite)) << word;
    EXPECT_FALSE(ids(on_pg).empty()) << word;
    if (word.starts_with("tags:")) continue;  // not a filter of the Requests API
    auto end_user_sqlite = alice.Get("/api/v2/requests/search.json?query=" + word);
    auto end_user_pg = pg_alice.Get("/api/v2/requests/search.json?query=" + word);
    ASSERT_EQ(end_user_pg.status, 200) << end_user_pg.body;
    EXPECT_EQ(end_user_pg["count"].as_int64(), end_user_sqlite["count"].as_int64()) << word;
  }
  EXPECT_EQ(ids(pg_agent.Get("/api/v2/search.json?query=impressora")), (std::vector<std::int64_t>{t1, t2}));
  EXPECT_EQ(pg_alice.Get("/api/v2/requests/search.json?query=quokkanote")["count"].as_int64(), 0)
      << "an internal note stays hidden from the requester";
  EXPECT_EQ(pg_alice.Get("/api/v2/requests/search.json?query=toner")["count"].as_int64(), 1);

  // The same tickets and comments inserted again with the triggers on give the same rows;
  // chamado_search_rebuild(true) then gives them again, tags included. Rolled back when the
  // connection closes.
  const std::string diff =
      "(SELECT count(*) FROM ((SELECT * FROM %1 EXCEPT ALL SELECT * FROM %2) UNION ALL "
      "(SELECT * FROM %2 EXCEPT ALL SELECT * FROM %1)) x)";
  const auto differ = [&](const std::string& a, const std::string& b) {
    return Replace(Replace(diff, "%1", a), "%2", b);
  };
  const auto result =
      PgQuery(url, R"(
      BEGIN;
      CREATE TEMP TABLE bulk_texts AS SELECT * FROM ticket_search_texts;
      CREATE TEMP TABLE bulk_tags AS SELECT * FROM ticket_tags;
      CREATE TEMP TABLE t AS SELECT * FROM tickets;
      CREATE TEMP TABLE c AS SELECT * FROM comments;
      SET LOCAL session_replication_role = replica;
      DELETE FROM comments; DELETE FROM tickets; DELETE FROM ticket_search_texts; DELETE FROM ticket_tags;
      SET LOCAL session_replication_role = origin;
      INSERT INTO tickets SELECT * FROM t ORDER BY id;
      INSERT INTO comments SELECT * FROM c ORDER BY id;
      CREATE TEMP TABLE trigger_texts AS SELECT * FROM ticket_search_texts;
      CREATE TEMP TABLE trigger_tags AS SELECT * FROM ticket_tags;
      SELECT chamado_search_rebuild(true);
      CREATE TEMP TABLE again AS SELECT )" +
                       differ("bulk_texts", "trigger_texts") + " AS texts, " + differ("bulk_tags", "trigger_tags") +
                       " AS tags, " + differ("ticket_search_texts", "trigger_texts") + " AS rebuilt_texts, " +
                       differ("ticket_tags", "trigger_tags") + R"( AS rebuilt_tags,
        (SELECT count(*) FROM trigger_texts) AS n, (SELECT count(*) FROM trigger_tags) AS m;
      SELECT format('%s %s %s %s %s %s', texts, tags, rebuilt_texts, rebuilt_tags, n, m) FROM again;
      )");
  EXPECT_EQ(result, "0 0 0 0 8 3") << "differences: bulk vs trigger texts, tags; rebuild vs trigger texts, tags; "
                                      "then the trigger's texts and tags";
}

TEST_F(StoreCopy, ProtocolNumbersSqliteHandedOutAreNotReused) {
  Desk d;
  const auto newest = d.NewTicket("alice@customer.example", "Newest");
  d.server.Stop();
  // Numbers up to 500 were handed out once (their tickets gone): AUTOINCREMENT remembers them.
  int rc = -1;
  Shell("sqlite3 '" + d.server.data() + "/chamado.db' \"UPDATE sqlite_sequence SET seq = 500 WHERE name = 'tickets'\"",
        &rc);
  ASSERT_EQ(rc, 0);
  const std::string url = NewDatabase();
  auto copy = Copy("sqlite:" + d.server.data(), url);
  ASSERT_EQ(copy.exit_code, 0) << copy.err;
  EXPECT_NE(copy.out.find("tickets 501"), std::string::npos) << copy.out;
  Server pg({"--db", url});
  Client agent(pg, "agent@test.example", d.agent_token);
  EXPECT_EQ(agent.Get("/api/v2/tickets/" + S(newest) + ".json").status, 200);
  auto created = agent.Post("/api/v2/tickets.json", R"({"ticket":{"subject":"After","comment":{"body":"x"}}})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created["ticket"].at("id").as_int64(), 501);
}

TEST_F(StoreCopy, ATargetThatAlreadyHoldsAHelpDeskIsRefused) {
  Desk d;
  d.NewTicket("alice@customer.example", "Only on SQLite");
  const std::string url = NewDatabase();
  // Someone already started using the target.
  auto add = RunCli(
      {"admin", "user", "add", "--db", url, "--email", "early@pg.example", "--name", "Early", "--role", "admin"});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  auto copy = Copy("sqlite:" + d.server.data(), url);
  EXPECT_EQ(copy.exit_code, 2) << copy.out << copy.err;
  EXPECT_NE(copy.err.find("already holds 1 users and 0 tickets"), std::string::npos) << copy.err;
  EXPECT_EQ(PgInt(url, "SELECT count(*) FROM users"), 1);
  EXPECT_EQ(PgInt(url, "SELECT count(*) FROM tickets"), 0);

  // A copy is a target that is no longer empty either.
  const std::string url2 = NewDatabase();
  auto first = Copy("sqlite:" + d.server.data(), url2);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto again = Copy("sqlite:" + d.server.data(), url2);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already holds 4 users and 1 tickets"), std::string::npos) << again.err;
  EXPECT_EQ(PgInt(url2, "SELECT count(*) FROM tickets"), 1);
}

TEST_F(StoreCopy, AMissingOrCorruptSourceIsRefusedBeforeTheTargetIsTouched) {
  const std::string url = NewDatabase();
  const std::string dir = MakeTempDir("chamado-copy-src");
  auto missing = Copy("sqlite:" + dir + "/nope", url);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find(dir + "/nope: no such data directory"), std::string::npos) << missing.err;

  auto no_db = Copy("sqlite:" + dir, url);
  EXPECT_EQ(no_db.exit_code, 2);
  EXPECT_NE(no_db.err.find("no chamado.db"), std::string::npos) << no_db.err;

  std::ofstream(dir + "/chamado.db") << std::string(8192, 'x');
  auto corrupt = Copy("sqlite:" + dir, url);
  EXPECT_EQ(corrupt.exit_code, 2);
  EXPECT_NE(corrupt.err.find(dir + "/chamado.db: not a readable Chamado database"), std::string::npos) << corrupt.err;

  auto no_scheme = Copy(dir, url);
  EXPECT_EQ(no_scheme.exit_code, 2);
  EXPECT_NE(no_scheme.err.find("--from must be sqlite:DATA_DIR"), std::string::npos) << no_scheme.err;
  auto bad_target = Copy("sqlite:" + dir, "mysql://x");
  EXPECT_EQ(bad_target.exit_code, 2);
  EXPECT_NE(bad_target.err.find("--to must be a PostgreSQL URL"), std::string::npos) << bad_target.err;

  // None of that migrated (or otherwise touched) the target.
  EXPECT_EQ(PgQuery(url, "SELECT to_regclass('schema_migrations') IS NULL"), "t");
  fs::remove_all(dir);
}

TEST_F(StoreCopy, AnUnreachableTargetIsRefused) {
  Desk d;
  auto copy = Copy("sqlite:" + d.server.data(), "postgresql://nobody:secret@127.0.0.1:1/none");
  EXPECT_EQ(copy.exit_code, 2);
  EXPECT_NE(copy.err.find("postgresql://nobody:***@127.0.0.1:1/none"), std::string::npos) << copy.err;
  EXPECT_EQ(copy.err.find("secret"), std::string::npos) << "no password in messages: " << copy.err;
}

TEST_F(StoreCopy, SchemaVersionsMustMatch) {
  Desk d;
  d.NewTicket("alice@customer.example", "Old");
  d.server.Stop();
  // A data dir one migration behind this chamado.
  const std::string db = d.server.data() + "/chamado.db";
  int rc = -1;
  Shell("sqlite3 '" + db +
            "' 'DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)'",
        &rc);
  ASSERT_EQ(rc, 0);
  const std::string url = NewDatabase();
  auto copy = Copy("sqlite:" + d.server.data(), url);
  EXPECT_EQ(copy.exit_code, 2) << copy.out;
  EXPECT_NE(copy.err.find("migrate the source first (chamado migrate --data " + d.server.data()), std::string::npos)
      << copy.err;
  EXPECT_EQ(PgQuery(url, "SELECT to_regclass('schema_migrations') IS NULL"), "t") << "the target was not touched";
}

TEST_F(StoreCopy, ACopyThatDoesNotVerifyIsRolledBack) {
  Desk d;
  d.NewTicket("alice@customer.example", "Verified or nothing");
  const std::string url = NewDatabase();
  ASSERT_EQ(RunCli({"migrate", "--db", url}).exit_code, 0);
  // Something on the target alters users as they arrive: the read-back checksum must see it.
  ASSERT_EQ(PgQuery(url, R"(CREATE FUNCTION tamper() RETURNS trigger LANGUAGE plpgsql AS $$
                            BEGIN NEW.name := NEW.name || '!'; RETURN NEW; END $$;
                            CREATE TRIGGER tamper BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION tamper())"),
            "");
  auto copy = Copy("sqlite:" + d.server.data(), url);
  EXPECT_EQ(copy.exit_code, 1) << copy.out << copy.err;
  EXPECT_NE(copy.err.find("users: the target does not match the source snapshot; rolled back"), std::string::npos)
      << copy.err;
  EXPECT_NE(copy.out.find("MISMATCH"), std::string::npos) << copy.out;
  EXPECT_EQ(PgInt(url, "SELECT count(*) FROM users"), 0);
  EXPECT_EQ(PgInt(url, "SELECT count(*) FROM tickets"), 0);
  EXPECT_EQ(PgInt(url, "SELECT count(*) FROM ticket_fields"), 12) << "the shipped fields are back";
  EXPECT_EQ(PgInt(url, "SELECT nextval(pg_get_serial_sequence('tickets', 'id'))"), 1) << "sequences rolled back too";
}

// ---- attachments: the files of DATA/blobs go into the target's blob tables

std::string UploadFile(Client c, const std::string& name, const std::string& bytes, const std::string& token = "") {
  auto r = c.Send("POST", "/api/v2/uploads.json?filename=" + name + (token.empty() ? "" : "&token=" + token), bytes,
                  {{"Content-Type", "application/binary"}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? std::string(r["upload"].at("token").as_string()) : "";
}

std::string PdfBytes(std::size_t size, char fill) {
  std::string s = "%PDF-1.4\n%";
  s.append(size, fill);
  return s + "\n%%EOF\n";
}

// The blob files of a local blob directory (not its tmp/), by name.
std::vector<std::string> BlobNames(const std::string& dir) {
  std::vector<std::string> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().parent_path().filename() != "tmp") out.push_back(e.path().filename());
  std::sort(out.begin(), out.end());
  return out;
}

TEST_F(StoreCopy, AttachmentFilesMoveIntoTheDatabaseVerifiedBySha256) {
  Desk d;
  // Three files over several 256 KiB chunks, one of them twice (stored once), and a pending
  // upload no comment took yet.
  const std::string big = PdfBytes(2 * 1024 * 1024 + 333, 'b');
  const std::string small = PdfBytes(10000, 's');
  const std::string csv = "name,amount\nana,10\nbo,20\n";
  std::string token = UploadFile(d.Alice(), "big.pdf", big);
  UploadFile(d.Alice(), "small.pdf", small, token);
  UploadFile(d.Alice(), "again.pdf", small, token);
  auto req =
      d.Alice().Post("/api/v2/requests.json",
                     R"({"request":{"subject":"Files","comment":{"body":"attached","uploads":[")" + token + R"("]}}})");
  ASSERT_EQ(req.status, 201) << req.body;
  const auto request_id = req["request"].at("id").as_int64();
  UploadFile(d.Bob(), "pending.csv", csv);
  const auto names = BlobNames(d.server.data() + "/blobs");
  ASSERT_EQ(names.size(), 3u);

  const std::string url = NewDatabase();
  auto copy = Copy("sqlite:" + d.server.data(), url);
  ASSERT_EQ(copy.exit_code, 0) << copy.err << copy.out;
  EXPECT_NE(copy.out.find("attachments: 3 files"), std::string::npos) << copy.out;
  EXPECT_NE(copy.err.find("verified 3 attachment files"), std::string::npos) << copy.err;
  for (const char* t : {"\nblob_chunks ", "\nblob_objects "})
    EXPECT_EQ(copy.out.find(t), std::string::npos) << "not reported as a table of rows:\n" << copy.out;
  EXPECT_EQ(copy.out.find("warning"), std::string::npos) << copy.out;
  // Each blob, its chunks put together again on the server, hashes to its name.
  EXPECT_EQ(PgInt(url, "SELECT count(*) FROM blob_objects"), 3);
  for (const auto& name : names)
    EXPECT_EQ(PgQuery(url,
                      "SELECT encode(sha256(string_agg(data, '' ORDER BY seq)), 'hex') FROM blob_chunks "
                      "WHERE sha256 = '" +
                          name + "'"),
              name);
  EXPECT_EQ(PgInt(url, "SELECT count(*) FROM blob_chunks WHERE length(data) > 262144"), 0) << "256 KiB chunks";
  EXPECT_EQ(PgInt(url, "SELECT sum(size) FROM blob_objects"),
            static_cast<std::int64_t>(big.size() + small.size() + csv.size()));

  // A node on the copy (storage.backend auto: postgresql) serves the same bytes.
  Server pg({"--db", url});
  Client alice(pg, "alice@customer.example", d.alice_token);
  auto comments = alice.Get("/api/v2/requests/" + S(request_id) + "/comments.json");
  ASSERT_EQ(comments.status, 200) << comments.body;
  std::vector<std::string> got;
  for (const auto& a : comments["comments"].as_array().at(0).at("attachments").as_array()) {
    std::string content_url(a.at("content_url").as_string());
    auto r = alice.Get(content_url.substr(pg.base().size()));
    ASSERT_EQ(r.status, 200) << content_url << ": " << r.body.substr(0, 200);
    got.push_back(r.body);
  }
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(std::count(got.begin(), got.end(), big), 1);
  EXPECT_EQ(std::count(got.begin(), got.end(), small), 2);
}

TEST_F(StoreCopy, ADamagedAttachmentFileRollsTheWholeCopyBack) {
  Desk d;
  UploadFile(d.Alice(), "a.pdf", PdfBytes(5000, 'a'));
  const auto names = BlobNames(d.server.data() + "/blobs");
  ASSERT_EQ(names.size(), 1u);
  const auto& n = names[0];
  const std::string path = d.server.data() + "/blobs/" + n.substr(0, 2) + "/" + n.substr(2, 2) + "/" + n;
  fs::permissions(path, fs::perms::owner_write, fs::perm_options::add);
  std::ofstream(path, std::ios::binary | std::ios::in | std::ios::out) << "bit rot";
  const std::string url = NewDatabase();
  auto copy = Copy("sqlite:" + d.server.data(), url);
  EXPECT_EQ(copy.exit_code, 1) << copy.out << copy.err;
  EXPECT_NE(copy.err.find(n), std::string::npos) << "names the file: " << copy.err;
  EXPECT_NE(copy.err.find("not to its name"), std::string::npos) << copy.err;
  EXPECT_EQ(PgInt(url, "SELECT count(*) FROM users"), 0) << "nothing committed";
  EXPECT_EQ(PgInt(url, "SELECT count(*) FROM blob_objects"), 0);
  EXPECT_EQ(PgInt(url, "SELECT count(*) FROM blob_chunks"), 0);
}

TEST_F(StoreCopy, NoBlobsLeavesTheFilesInTheDataDir) {
  Desk d;
  UploadFile(d.Alice(), "a.pdf", PdfBytes(5000, 'a'));
  const std::string url = NewDatabase();
  auto copy = RunCli({"store", "copy", "--from", "sqlite:" + d.server.data(), "--to", url, "--no-blobs"});
  ASSERT_EQ(copy.exit_code, 0) << copy.err << copy.out;
  EXPECT_NE(copy.out.find("were not copied (--no-blobs)"), std::string::npos) << copy.out;
  EXPECT_EQ(PgInt(url, "SELECT count(*) FROM blob_objects"), 0);
  EXPECT_GT(PgInt(url, "SELECT count(*) FROM users"), 0);
}

}  // namespace
}  // namespace it
