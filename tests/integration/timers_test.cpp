// Durable timers (docs/workflows.md, "Timers"; PRODUCT.md §2, §5): the workflow's automatic
// moves on case-lifecycle, driven by the manual clock. Awaiting response closes after 48 h,
// Resolved after 7 days; a customer reply or any move out of the status cancels the timer; a
// return reschedules it; a restart keeps it; it fires once however often the scheduler polls,
// and (on PostgreSQL) however many nodes poll.
//
// The scheduler polls every 100 ms here (CHAMADO_SCHEDULER_POLL_MS). To know that it has
// polled after the clock moved, without sleeping, a test moves a "canary" ticket into Awaiting
// confirmation (24 h) and waits for the canary to close: every timer due by then has fired.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"

namespace it {
namespace {

// case-lifecycle's status ids (config/workflows/case-lifecycle.toml).
constexpr std::int64_t kNew = 1;
constexpr std::int64_t kInProgress = 2;
constexpr std::int64_t kAwaitingConfirmation = 3;
constexpr std::int64_t kAwaitingResponse = 5;
constexpr std::int64_t kResolved = 6;
constexpr std::int64_t kClosed = 7;

constexpr std::int64_t kHour = 3600;
// Far from the real date: a restarted SQLite server's manual clock starts at the real time,
// which must not already be past any deadline of these tests.
const std::string kT0 = "2030-03-04T12:00:00Z";
constexpr std::int64_t kT0Unix = 1898856000;

std::string Iso(std::int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}
std::string At(std::int64_t hours_after_t0) { return Iso(kT0Unix + hours_after_t0 * kHour); }

std::string Str(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : json::serialize(v); }

std::string TicketPath(std::int64_t id) { return "/api/v2/tickets/" + S(id) + ".json"; }
std::string TimersPath(std::int64_t id) { return "/api/v2/chamado/tickets/" + S(id) + "/timers.json"; }
std::string AuditsPath(std::int64_t id) { return "/api/v2/tickets/" + S(id) + "/audits.json?per_page=100"; }

class Timers : public ::testing::Test {
 protected:
  ScopedEnv poll_{"CHAMADO_SCHEDULER_POLL_MS", "100"};
  Desk d;

  void SetClock(const std::string& iso) {
    auto r = d.Anonymous().Post("/api/v2/chamado/test/clock", R"({"now":")" + iso + R"("})");
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_EQ(Str(r["now"]), iso);
  }

  std::int64_t NewTicket(const std::string& requester = "alice@customer.example") {
    return d.NewTicket(requester, "Timed", R"("assignee_id":)" + S(d.agent_id));
  }

  void SetStatus(std::int64_t id, std::int64_t status) {
    auto r = d.Agent().Put(TicketPath(id), R"({"ticket":{"custom_status_id":)" + S(status) + "}}");
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_EQ(r["ticket"].at("custom_status_id").as_int64(), status);
  }

  std::int64_t StatusOf(std::int64_t id) {
    auto r = d.Agent().Get(TicketPath(id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r["ticket"].at("custom_status_id").as_int64() : -1;
  }

  // Polls the ticket until it is in `status` (true) or `within` passed (false).
  bool WaitForStatus(std::int64_t id, std::int64_t status,
                     std::chrono::milliseconds within = std::chrono::milliseconds(15000)) {
    const auto end = std::chrono::steady_clock::now() + within;
    for (;;) {
      if (StatusOf(id) == status) return true;
      if (std::chrono::steady_clock::now() > end) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  // A ticket entering Awaiting confirmation (24 h) now: when it has closed, the scheduler has
  // polled with the clock at least 24 h later.
  std::int64_t Canary() {
    return d.NewTicket("bob@customer.example", "Canary", R"("custom_status_id":)" + S(kAwaitingConfirmation));
  }

  // Moves the clock to `iso` (at least 24 h after `canary` was made) and waits for a poll.
  void PollAt(const std::string& iso, std::int64_t canary) {
    SetClock(iso);
    ASSERT_TRUE(WaitForStatus(canary, kClosed)) << "the scheduler did not fire the canary at " << iso;
  }

  json::array TimersOf(std::int64_t id) {
    auto r = d.Agent().Get(TimersPath(id));
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return {};
    EXPECT_EQ(r["count"].as_int64(), static_cast<std::int64_t>(r["timers"].as_array().size()));
    return r["timers"].as_array();
  }

  std::vector<json::object> Pending(std::int64_t id) {
    std::vector<json::object> out;
    for (const auto& t : TimersOf(id))
      if (t.at("state") == "pending") out.push_back(t.as_object());
    return out;
  }

  // The audits the system made through a rule (the timers' moves).
  std::vector<json::object> RuleAudits(std::int64_t id) {
    auto r = d.Agent().Get(AuditsPath(id));
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<json::object> out;
    if (r.status != 200) return out;
    for (const auto& a : r["audits"].as_array())
      if (a.at("via").at("channel") == "rule") out.push_back(a.as_object());
    return out;
  }
};

// The status change a timer's audit holds: "status pending->closed, custom_status_id 5->7".
std::string StatusChange(const json::object& audit) {
  std::string out;
  for (const auto& ev : audit.at("events").as_array()) {
    const auto& e = ev.as_object();
    if (!out.empty()) out += ", ";
    out += std::string(e.at("type").as_string()) + " " + std::string(e.at("field_name").as_string()) + " " +
           std::string(e.at("previous_value").as_string()) + "->" + std::string(e.at("value").as_string());
  }
  return out;
}

TEST_F(Timers, AwaitingResponseClosesAfter48HoursByTheRule) {
  SetClock(kT0);
  const auto id = NewTicket();
  SetStatus(id, kAwaitingResponse);
  const auto canary = Canary();

  // The pending timer, as agents see it.
  auto pending = Pending(id);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].at("kind"), "status_auto");
  EXPECT_EQ(pending[0].at("ticket_id").as_int64(), id);
  EXPECT_EQ(pending[0].at("from_custom_status_id").as_int64(), kAwaitingResponse);
  EXPECT_EQ(pending[0].at("from_status_key"), "awaiting_response");
  EXPECT_EQ(pending[0].at("to_custom_status_id").as_int64(), kClosed);
  EXPECT_EQ(pending[0].at("to_status_key"), "closed");
  EXPECT_EQ(Str(pending[0].at("due_at")), At(48));
  EXPECT_EQ(Str(pending[0].at("created_at")), kT0);
  EXPECT_TRUE(pending[0].at("fired_at").is_null());
  EXPECT_TRUE(pending[0].at("fired_by").is_null());
  EXPECT_TRUE(pending[0].at("outcome").is_null());

  PollAt(At(47), canary);
  EXPECT_EQ(StatusOf(id), kAwaitingResponse) << "47 h: not yet";
  EXPECT_EQ(Pending(id).size(), 1u);
  EXPECT_TRUE(RuleAudits(id).empty());

  SetClock(At(49));
  ASSERT_TRUE(WaitForStatus(id, kClosed));
  auto t = d.Agent().Get(TicketPath(id));
  EXPECT_EQ(t["ticket"].at("status"), "closed");
  EXPECT_EQ(Str(t["ticket"].at("updated_at")), At(49));

  // The audit: by the system (-1), via a rule (Zendesk's automation shape), the status move.
  auto rule = RuleAudits(id);
  ASSERT_EQ(rule.size(), 1u);
  EXPECT_EQ(rule[0].at("author_id").as_int64(), -1);
  EXPECT_EQ(Str(rule[0].at("created_at")), At(49));
  EXPECT_EQ(rule[0].at("via").at("source").at("rel"), "automation");
  EXPECT_EQ(StatusChange(rule[0]), "Change status pending->closed, Change custom_status_id 5->7");

  // The timer is history now: fired, by a node, and nothing is pending for Closed.
  auto timers = TimersOf(id);
  ASSERT_EQ(timers.size(), 1u);
  EXPECT_EQ(timers[0].at("state"), "fired");
  EXPECT_EQ(timers[0].at("outcome"), "applied");
  EXPECT_EQ(Str(timers[0].at("fired_at")), At(49));
  EXPECT_EQ(Str(timers[0].at("due_at")), At(48));
  ASSERT_TRUE(timers[0].at("fired_by").is_string());
  EXPECT_NE(timers[0].at("fired_by").as_string().find(':'), json::string::npos) << "host:pid";

  EXPECT_NE(d.server.stderr_text().find("timer_fired"), std::string::npos) << "each firing is logged";

  // A closed ticket is closed for the customer too.
  auto req = d.Alice().Get("/api/v2/requests/" + S(id) + ".json");
  EXPECT_EQ(req.status, 200);
  EXPECT_EQ(req["request"].at("status"), "closed");
}

TEST_F(Timers, ACustomerReplyBeforeTheDeadlineCancelsTheClose) {
  SetClock(kT0);
  const auto id = NewTicket();
  SetStatus(id, kAwaitingResponse);
  ASSERT_EQ(Pending(id).size(), 1u);

  SetClock(At(10));
  auto reply = d.Alice().Put("/api/v2/requests/" + S(id) + ".json",
                             R"({"request":{"comment":{"body":"Here is the invoice number"}}})");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(StatusOf(id), kInProgress) << "a reply reopens it (assigned: In progress)";
  EXPECT_TRUE(TimersOf(id).empty()) << "the pending timer is gone; none fired";

  const auto canary = Canary();
  PollAt(At(60), canary);
  EXPECT_EQ(StatusOf(id), kInProgress);
  EXPECT_TRUE(RuleAudits(id).empty());
  EXPECT_TRUE(TimersOf(id).empty());
}

TEST_F(Timers, AnEndUsersCommentEnteredByAnAgentCancelsToo) {
  SetClock(kT0);
  const auto id = NewTicket();
  SetStatus(id, kAwaitingResponse);
  SetClock(At(1));
  auto r =
      d.Agent().Put(TicketPath(id), R"({"ticket":{"comment":{"body":"Phoned in","author_id":)" + S(d.alice_id) + "}}}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r["ticket"].at("custom_status_id").as_int64(), kInProgress);
  EXPECT_TRUE(Pending(id).empty());
}

TEST_F(Timers, LeavingAndComingBackReschedulesFromTheReturn) {
  SetClock(kT0);
  const auto id = NewTicket();
  SetStatus(id, kAwaitingResponse);
  SetClock(At(40));
  SetStatus(id, kInProgress);
  EXPECT_TRUE(Pending(id).empty()) << "leaving the status cancels its timer";
  SetClock(At(41));
  SetStatus(id, kAwaitingResponse);

  auto timers = TimersOf(id);
  ASSERT_EQ(timers.size(), 1u) << "one pending timer only";
  EXPECT_EQ(timers[0].at("state"), "pending");
  EXPECT_EQ(Str(timers[0].at("created_at")), At(41));
  EXPECT_EQ(Str(timers[0].at("due_at")), At(41 + 48));

  // Past the first deadline (48 h), before the new one (89 h): still waiting.
  const auto canary = Canary();
  PollAt(At(88), canary);
  EXPECT_EQ(StatusOf(id), kAwaitingResponse);

  SetClock(At(90));
  ASSERT_TRUE(WaitForStatus(id, kClosed));
  EXPECT_EQ(RuleAudits(id).size(), 1u);
}

TEST_F(Timers, MovingBetweenTimedStatusesKeepsOnePendingTimer) {
  SetClock(kT0);
  const auto id = NewTicket();
  SetStatus(id, kAwaitingResponse);
  SetClock(At(5));
  SetStatus(id, kResolved);
  auto timers = TimersOf(id);
  ASSERT_EQ(timers.size(), 1u);
  EXPECT_EQ(timers[0].at("from_status_key"), "resolved");
  EXPECT_EQ(Str(timers[0].at("due_at")), At(5 + 7 * 24));
}

TEST_F(Timers, AServerRestartKeepsTheTimer) {
  SetClock(kT0);
  const auto id = NewTicket();
  SetStatus(id, kAwaitingResponse);

  d.server.Stop();
  ASSERT_EQ(d.server.last_exit(), 0) << d.server.stderr_text();
  d.server.Start();

  ASSERT_EQ(Pending(id).size(), 1u) << "the timer is in the database";
  SetClock(At(49));
  ASSERT_TRUE(WaitForStatus(id, kClosed)) << d.server.stderr_text();
  EXPECT_EQ(RuleAudits(id).size(), 1u);
}

TEST_F(Timers, ResolvedClosesAfterSevenDays) {
  SetClock(kT0);
  const auto id = NewTicket();
  SetStatus(id, kResolved);
  ASSERT_EQ(Pending(id).size(), 1u);
  EXPECT_EQ(Str(Pending(id)[0].at("due_at")), At(7 * 24));

  const auto canary = Canary();
  PollAt(At(7 * 24 - 1), canary);
  EXPECT_EQ(StatusOf(id), kResolved) << "6 days 23 hours: not yet";

  SetClock(At(7 * 24 + 1));
  ASSERT_TRUE(WaitForStatus(id, kClosed));
  auto rule = RuleAudits(id);
  ASSERT_EQ(rule.size(), 1u);
  EXPECT_EQ(StatusChange(rule[0]), "Change status solved->closed, Change custom_status_id 6->7");
}

TEST_F(Timers, ATimerFiresOnceHoweverOftenTheSchedulerPolls) {
  SetClock(kT0);
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(NewTicket());
    SetStatus(ids.back(), kAwaitingResponse);
  }
  SetClock(At(49));
  for (auto id : ids) ASSERT_TRUE(WaitForStatus(id, kClosed));

  // Many polls later, and later still on the clock: nothing fires again.
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));  // ~10 polls
  for (int step = 1; step <= 3; ++step) {
    SetClock(At(49 + 24 * (2 * step - 1)));
    const auto canary = Canary();
    PollAt(At(49 + 24 * 2 * step), canary);
  }
  for (auto id : ids) {
    EXPECT_EQ(RuleAudits(id).size(), 1u) << "ticket " << id;
    auto timers = TimersOf(id);
    ASSERT_EQ(timers.size(), 1u) << "ticket " << id;
    EXPECT_EQ(timers[0].at("state"), "fired");
    EXPECT_EQ(StatusOf(id), kClosed);
  }
}

TEST_F(Timers, StatusesWithoutAutoHaveNoTimer) {
  SetClock(kT0);
  const auto id = NewTicket();
  EXPECT_EQ(StatusOf(id), kInProgress);
  EXPECT_TRUE(TimersOf(id).empty());
  auto unassigned = d.NewTicket("alice@customer.example");
  EXPECT_EQ(StatusOf(unassigned), kNew);
  EXPECT_TRUE(TimersOf(unassigned).empty());
}

TEST_F(Timers, OnlyStaffSeeTimers) {
  SetClock(kT0);
  const auto id = NewTicket();
  SetStatus(id, kAwaitingResponse);
  EXPECT_EQ(d.Alice().Get(TimersPath(id)).status, 403) << "end users, even the requester";
  EXPECT_EQ(d.Alice().Get(TimersPath(999999)).status, 403);
  EXPECT_EQ(d.Anonymous().Get(TimersPath(id)).status, 401);
  EXPECT_EQ(d.Agent().Get(TimersPath(999999)).status, 404);
  auto admin = d.Admin().Get("/api/v2/chamado/tickets/" + S(id) + "/timers");
  EXPECT_EQ(admin.status, 200);
  EXPECT_EQ(admin["count"].as_int64(), 1);
}

// Several nodes on one PostgreSQL database, all polling: each timer fires once. More timers
// than one claim takes (100), so the nodes' claims overlap and must skip each other's rows.
TEST_F(Timers, TwoNodesFireEachTimerOnce) {
  if (!OnPostgres()) GTEST_SKIP() << "several nodes share a PostgreSQL database only";
  Server second;  // the same database (CHAMADO_STORE_DB), its own process and scheduler
  SetClock(kT0);
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 150; ++i)
    ids.push_back(d.NewTicket("alice@customer.example", "Many", R"("custom_status_id":)" + S(kAwaitingResponse)));
  SetClock(At(49));  // the clock lives in the database: both nodes see it
  for (auto id : ids) ASSERT_TRUE(WaitForStatus(id, kClosed)) << "ticket " << id;
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // more polls on both nodes
  std::map<std::string, int> by_node;
  for (auto id : ids) {
    EXPECT_EQ(RuleAudits(id).size(), 1u) << "ticket " << id;
    auto timers = TimersOf(id);
    ASSERT_EQ(timers.size(), 1u) << "ticket " << id;
    EXPECT_EQ(Str(timers[0].at("outcome")), "applied");
    ++by_node[Str(timers[0].at("fired_by"))];
  }
  EXPECT_LE(by_node.size(), 2u);
  for (const auto& [node, n] : by_node) std::cout << "fired by " << node << ": " << n << "\n";
}

}  // namespace
}  // namespace it
