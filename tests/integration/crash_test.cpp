// Crash safety: an acknowledged write survives SIGKILL, and ticket ids (the customers'
// protocol numbers) are strictly increasing and never reused.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>

#include "harness.hpp"

namespace it {
namespace {

struct Acked {
  std::int64_t id;
  std::string subject;
};

// Clients on several threads create tickets as fast as they can until the server dies.
// Returns, per thread, every ticket that got a 201, in the order they were acknowledged.
std::vector<std::vector<Acked>> HammerThenKill(Desk& d, int threads, std::chrono::milliseconds run_for,
                                               const std::string& tag) {
  std::vector<std::vector<Acked>> acked(threads);
  std::atomic<int> other_statuses{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < threads; ++t) {
    ts.emplace_back([&, t] {
      Client agent(d.server, "agent@test.example", d.agent_token);
      for (int n = 0;; ++n) {
        const std::string subject = tag + " t" + std::to_string(t) + " n" + std::to_string(n);
        auto r = agent.Post("/api/v2/tickets.json",
                            R"({"ticket":{"subject":")" + subject +
                                R"(","comment":{"body":"crash test"},"requester":{"name":"C","email":"crash)" +
                                std::to_string(t) + R"(@customer.example"}}})");
        if (r.status == 201) {
          acked[t].push_back({r["ticket"].at("id").as_int64(), subject});
        } else if (r.status == -1) {
          return;  // killed
        } else {
          other_statuses++;
        }
      }
    });
  }
  std::this_thread::sleep_for(run_for);
  d.server.Kill9();
  for (auto& th : ts) th.join();
  EXPECT_EQ(other_statuses.load(), 0) << "requests failed before the kill";
  return acked;
}

void ExpectAllThere(Desk& d, const std::vector<std::vector<Acked>>& acked) {
  for (const auto& per_thread : acked)
    for (const auto& a : per_thread) {
      auto r = d.Agent().Get("/api/v2/tickets/" + std::to_string(a.id) + ".json");
      ASSERT_EQ(r.status, 200) << "acknowledged ticket " << a.id << " (" << a.subject << ") lost after SIGKILL";
      EXPECT_EQ(r["ticket"].at("subject").as_string(), a.subject) << a.id;
    }
}

TEST(CrashSafety, EveryAcknowledgedTicketSurvivesSigkillAndIdsNeverRepeat) {
  Desk d;
  std::set<std::int64_t> all_ids;
  std::int64_t max_id = 0;
  std::size_t total = 0;
  for (int round = 0; round < 2; ++round) {
    auto acked = HammerThenKill(d, 6, std::chrono::milliseconds(1000), "round" + std::to_string(round));
    std::size_t n = 0;
    for (const auto& per_thread : acked) {
      n += per_thread.size();
      // Within one client, later tickets get larger ids.
      for (std::size_t i = 1; i < per_thread.size(); ++i)
        EXPECT_GT(per_thread[i].id, per_thread[i - 1].id) << "ids not increasing";
      for (const auto& a : per_thread) {
        EXPECT_TRUE(all_ids.insert(a.id).second) << "id " << a.id << " given twice";
        if (round > 0) {
          EXPECT_GT(a.id, max_id) << "an id from before the crash was reused";
        }
      }
    }
    ASSERT_GT(n, 20u) << "too few tickets were created to make the test meaningful";
    std::cout << "[ info     ] round " << round << ": " << n << " tickets acknowledged before SIGKILL\n";
    total += n;
    for (const auto& per_thread : acked)
      for (const auto& a : per_thread) max_id = std::max(max_id, a.id);

    d.server.Start();  // same data dir
    ExpectAllThere(d, acked);
  }

  // A ticket created after the restarts gets an id above every id given before.
  auto after = d.NewTicket("carol@customer.example", "after the crashes");
  EXPECT_GT(after, max_id);
  // The store is healthy after two crashes.
  EXPECT_EQ(Client(d.server).Get("/readyz").status, 200);
  auto list = d.Agent().Get("/api/v2/tickets.json?per_page=1");
  ASSERT_EQ(list.status, 200);
  EXPECT_GE(list["count"].as_int64(), static_cast<std::int64_t>(total + 1));
  if (!OnPostgres()) {  // the SQLite file itself is intact
    int rc = -1;
    auto check = Shell("sqlite3 -readonly '" + d.server.data() + "/chamado.db' 'PRAGMA integrity_check' 2>&1", &rc);
    EXPECT_EQ(check, "ok\n");
  }
}

TEST(CrashSafety, UsersAndCommentsAcknowledgedBeforeSigkillSurvive) {
  Desk d;
  auto id = d.NewTicket("carol@customer.example", "Comments before a crash");
  std::vector<std::string> bodies;
  for (int i = 0; i < 10; ++i) {
    std::string body = "comment " + std::to_string(i);
    auto r = d.Agent().Put("/api/v2/tickets/" + std::to_string(id),
                           R"({"ticket":{"comment":{"body":")" + body + R"(","public":true}}})");
    ASSERT_EQ(r.status, 200) << r.body;
    bodies.push_back(body);
  }
  auto u = d.Admin().Post("/api/v2/users", R"({"user":{"name":"Dora","email":"dora@customer.example"}})");
  ASSERT_EQ(u.status, 201);
  d.server.Kill9();
  d.server.Start();
  auto comments = d.Agent().Get("/api/v2/tickets/" + std::to_string(id) + "/comments.json");
  ASSERT_EQ(comments.status, 200);
  std::vector<std::string> got;
  for (const auto& c : comments["comments"].as_array()) got.emplace_back(c.at("body").as_string());
  ASSERT_EQ(got.size(), bodies.size() + 1);
  EXPECT_TRUE(std::equal(bodies.begin(), bodies.end(), got.begin() + 1));
  EXPECT_EQ(d.Agent().Get("/api/v2/users/" + std::to_string(u["user"].at("id").as_int64())).status, 200);
}

}  // namespace
}  // namespace it
