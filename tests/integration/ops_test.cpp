// Operations: health and readiness, graceful SIGTERM, the manual clock, WAL storage and the
// per-request log line.
#include <gtest/gtest.h>

#include <atomic>
#include <ctime>
#include <filesystem>
#include <sstream>
#include <thread>

#include "harness.hpp"

namespace it {
namespace {
namespace fs = std::filesystem;

std::string Id(std::int64_t id) { return std::to_string(id); }

// Today's date in UTC, "YYYY-MM-DD".
std::string Today() {
  char buf[32];
  std::time_t now = std::time(nullptr);
  std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&now));
  return buf;
}

TEST(OpsHealth, HealthzAndReadyzNeedNoCredentials) {
  Server s;
  Client anon(s);
  auto h = anon.Get("/healthz");
  ASSERT_EQ(h.status, 200) << h.body;
  EXPECT_EQ(h["status"].as_string(), "ok");
  EXPECT_NE(h.Header("Content-Type").find("application/json"), std::string::npos);
  auto r = anon.Get("/readyz");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r["status"].as_string(), "ready");
  // Bad credentials do not matter on these routes.
  Client wrong(s, "nobody@test.example", "wrong");
  EXPECT_EQ(wrong.Get("/healthz").status, 200);
  EXPECT_EQ(wrong.Get("/readyz").status, 200);
  EXPECT_EQ(anon.Post("/healthz", "{}").status, 405);
  // ...while a protected route needs them.
  EXPECT_EQ(anon.Get("/api/v2/tickets").status, 401);
}

TEST(OpsLog, OneJsonLineWithStatusAndDurationPerRequest) {
  Desk d;
  d.Agent().Get("/api/v2/tickets/424242.json");
  d.server.Stop();  // flushes everything
  std::istringstream in(d.server.stderr_text());
  std::string line;
  bool found = false;
  while (std::getline(in, line)) {
    boost::system::error_code ec;
    auto v = json::parse(line, ec);
    ASSERT_FALSE(ec) << "not a JSON line: " << line;
    const auto* data = v.as_object().if_contains("data");
    if (!data || !data->is_object()) continue;
    const auto& o = data->as_object();
    if (o.contains("path") && o.at("path") == json::value("/api/v2/tickets/424242")) {
      found = true;
      EXPECT_EQ(o.at("method").as_string(), "GET");
      EXPECT_EQ(o.at("status").as_int64(), 404);
      EXPECT_TRUE(o.at("duration_ms").is_number());
    }
  }
  EXPECT_TRUE(found) << d.server.stderr_text();
  EXPECT_EQ(d.server.stderr_text().find(d.agent_token), std::string::npos) << "a token reached the log";
}

// Counts the request log lines of ticket creations the server answered with 201.
int LoggedCreates(const std::string& log) {
  int n = 0;
  std::istringstream in(log);
  std::string line;
  while (std::getline(in, line))
    if (line.find(R"("method":"POST","path":"/api/v2/tickets","status":201)") != std::string::npos) ++n;
  return n;
}

TEST(OpsShutdown, SigtermDrainsAStreamOfRequestsAndExitsZero) {
  Desk d;
  struct Outcome {
    int status;
    std::int64_t id;
    std::string subject;
  };
  std::vector<Outcome> created;
  int answered_201 = 0;
  // A few rounds: the moment SIGTERM lands among the requests differs each time.
  for (int round = 0; round < 3; ++round) {
    constexpr int kThreads = 4;
    std::vector<std::vector<Outcome>> outcomes(kThreads);
    std::atomic<int> acked{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        Client agent(d.server, "agent@test.example", d.agent_token);
        for (int n = 0; n < 100000; ++n) {
          std::string subject = "drain " + std::to_string(round) + "-" + std::to_string(t) + "-" + std::to_string(n);
          auto r = agent.Post("/api/v2/tickets.json",
                              R"({"ticket":{"subject":")" + subject + R"(","comment":{"body":"x"}}})");
          std::int64_t id = r.status == 201 ? r["ticket"].at("id").as_int64() : 0;
          outcomes[t].push_back({r.status, id, subject});
          if (r.status == 201) acked++;
          if (r.status == -1) break;  // the server is gone
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
      });
    }
    while (acked.load() < 10) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const auto t0 = std::chrono::steady_clock::now();
    d.server.Stop();  // SIGTERM, waits for the exit
    const auto took = std::chrono::steady_clock::now() - t0;
    for (auto& th : threads) th.join();
    EXPECT_EQ(d.server.last_exit(), 0) << d.server.stderr_text();
    // Draining quick requests takes well under the 10 s grace period.
    EXPECT_LT(took, std::chrono::seconds(7)) << "the drain waited for a request that was never answered";

    for (const auto& v : outcomes)
      for (const auto& o : v) {
        // A response, if any, is a success or a clean refusal; never a server error.
        EXPECT_TRUE(o.status == 201 || o.status == 503 || o.status == -1) << o.status << " for " << o.subject;
        if (o.status == 201) created.push_back(o);
      }
    // Every creation the server completed reached its client: none was committed and then
    // dropped unanswered (a client would retry it and make a duplicate).
    answered_201 = static_cast<int>(created.size());
    EXPECT_EQ(LoggedCreates(d.server.stderr_text()), answered_201) << "round " << round;
    d.server.Start();
  }
  ASSERT_GE(created.size(), 30u);
  for (const auto& o : created) {
    auto r = d.Agent().Get("/api/v2/tickets/" + Id(o.id));
    ASSERT_EQ(r.status, 200) << "acknowledged ticket " << o.id << " is gone";
    EXPECT_EQ(r["ticket"].at("subject").as_string(), o.subject);
  }
}

TEST(OpsShutdown, SigtermWithIdleKeepAliveConnectionsExitsPromptly) {
  Server s;
  RawConn idle(s.port());
  ASSERT_TRUE(idle.ok());
  ASSERT_TRUE(idle.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_EQ(idle.ReadResponse().status, 200);
  auto start = std::chrono::steady_clock::now();
  s.Stop();
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(s.last_exit(), 0) << s.stderr_text();
  EXPECT_LT(took, std::chrono::seconds(5)) << "an idle connection held the shutdown";
  EXPECT_TRUE(idle.ClosedByPeer(1000));
}

TEST(OpsClock, ManualClockSetsAndAdvancesTime) {
  Desk d;
  Client anon(d.server);
  // It starts at the real time.
  auto start = anon.Post("/api/v2/chamado/test/clock", "{}");
  ASSERT_EQ(start.status, 200) << start.body;
  EXPECT_EQ(std::string(start["now"].as_string()).substr(0, 10), Today());
  auto set = anon.Post("/api/v2/chamado/test/clock", R"({"now":"2026-03-02T12:00:00Z"})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set["now"].as_string(), "2026-03-02T12:00:00Z");
  auto adv = anon.Post("/api/v2/chamado/test/clock.json", R"({"advance_seconds":3600})");
  ASSERT_EQ(adv.status, 200) << adv.body;
  EXPECT_EQ(adv["now"].as_string(), "2026-03-02T13:00:00Z");

  auto id = d.NewTicket("carol@customer.example", "At a fixed time");
  auto t = d.Agent().Get("/api/v2/tickets/" + Id(id));
  ASSERT_EQ(t.status, 200);
  EXPECT_EQ(t["ticket"].at("created_at").as_string(), "2026-03-02T13:00:00Z");
  EXPECT_EQ(t["ticket"].at("updated_at").as_string(), "2026-03-02T13:00:00Z");

  // The clock does not run by itself: an update 90 s later (moved by hand) shows exactly that.
  anon.Post("/api/v2/chamado/test/clock", R"({"advance_seconds":90})");
  auto u = d.Agent().Put("/api/v2/tickets/" + Id(id), R"({"ticket":{"comment":{"body":"later","public":false}}})");
  ASSERT_EQ(u.status, 200) << u.body;
  EXPECT_EQ(u["ticket"].at("updated_at").as_string(), "2026-03-02T13:01:30Z");
  EXPECT_EQ(u["ticket"].at("created_at").as_string(), "2026-03-02T13:00:00Z");

  // Bad input.
  auto bad = anon.Post("/api/v2/chamado/test/clock", R"({"now":"yesterday"})");
  EXPECT_EQ(bad.status, 422) << bad.body;
  auto back = anon.Post("/api/v2/chamado/test/clock", R"({"advance_seconds":-5})");
  EXPECT_EQ(back.status, 422) << back.body;
  auto garbage = anon.Post("/api/v2/chamado/test/clock", "{not json");
  EXPECT_EQ(garbage.status, 400) << garbage.body;
  // None of the refused calls moved the clock.
  auto now = anon.Post("/api/v2/chamado/test/clock", "{}");
  ASSERT_EQ(now.status, 200);
  EXPECT_EQ(now["now"].as_string(), "2026-03-02T13:01:30Z");
}

TEST(OpsClock, RouteDoesNotExistWithTheSystemClock) {
  Server s({"--clock=system"});
  s.AddUser("agent@test.example", "A", "agent");
  Client agent(s, "agent@test.example", s.Token("agent@test.example"));
  auto r = Client(s).Post("/api/v2/chamado/test/clock", R"({"now":"2026-03-02T12:00:00Z"})");
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_NE(r.Header("Content-Type").find("application/json"), std::string::npos);
  // The time really was not moved: a new ticket carries the real time, not 2026-03-02.
  auto t = agent.Post("/api/v2/tickets", R"({"ticket":{"subject":"now","comment":{"body":"b"}}})");
  ASSERT_EQ(t.status, 201) << t.body;
  std::string created(t["ticket"].at("created_at").as_string());
  EXPECT_EQ(created.substr(0, 10), Today()) << created;
}

TEST(OpsStorage, DatabaseIsInWalMode) {
  CHAMADO_SQLITE_ONLY("SQLite's journal mode, read from the chamado.db file");
  Desk d;
  d.NewTicket("carol@customer.example", "A write");
  const std::string db = d.server.data() + "/chamado.db";
  EXPECT_TRUE(fs::exists(db));
  EXPECT_TRUE(fs::exists(db + "-wal")) << "no WAL file after a write";
  int rc = -1;
  auto mode = Shell("sqlite3 -readonly '" + db + "' 'PRAGMA journal_mode' 2>&1", &rc);
  EXPECT_EQ(rc, 0) << mode;
  EXPECT_EQ(mode, "wal\n");
  auto fk = Shell("sqlite3 -readonly '" + db + "' 'PRAGMA foreign_key_check' 2>&1", &rc);
  EXPECT_EQ(fk, "") << "foreign key violations: " << fk;
  // The WAL mode is persistent: after a restart the file is still in WAL mode and readable.
  d.server.Stop();
  d.server.Start();
  EXPECT_EQ(Shell("sqlite3 -readonly '" + db + "' 'PRAGMA journal_mode' 2>&1"), "wal\n");
}

}  // namespace
}  // namespace it
