// Durable timers (docs/workflows.md, "Timers"; PRODUCT.md §2, §5): the workflow's automatic
// moves and reminders on case-lifecycle, driven by the manual clock. Awaiting response reminds
// the customer after 24 h and closes after 48 h, Resolved closes after 7 days; a customer reply
// or any move out of the status cancels the timers; a return reschedules them; a restart keeps
// them, and a server restarted days later fires what came due, in due order; each fires once
// however often the scheduler polls, and (on PostgreSQL) however many nodes poll.
//
// The clock endpoint answers only once every timer due by the new time has fired and
// committed: a test asserts the effect right after moving the clock, without polling.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
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

std::string At(std::int64_t hours_after_t0) { return Iso(kT0Unix + hours_after_t0 * kHour); }

std::string TimersPath(std::int64_t id) { return "/api/v2/chamado/tickets/" + S(id) + "/timers.json"; }
std::string AuditsPath(std::int64_t id) { return "/api/v2/tickets/" + S(id) + "/audits.json?per_page=100"; }

class Timers : public ::testing::Test {
 protected:
  Desk d;

  // Moves the clock; returns how many timers the call applied itself (every due one has fired
  // when it answers; on PostgreSQL a node's scheduler, woken by the clock's NOTIFY, may fire some).
  std::int64_t SetClock(const std::string& iso) {
    auto r = d.Anonymous().Post("/api/v2/chamado/test/clock", R"({"now":")" + iso + R"("})");
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return -1;
    EXPECT_EQ(Str(r["now"]), iso);
    return r["chamado_timers_applied"].as_int64();
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

  json::array TimersOf(std::int64_t id) {
    auto r = d.Agent().Get(TimersPath(id));
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return {};
    EXPECT_EQ(r["count"].as_int64(), static_cast<std::int64_t>(r["timers"].as_array().size()));
    return r["timers"].as_array();
  }

  // The ticket's timers of `kind`; empty: its status timers, both kinds (not the SLA's,
  // docs/sla.md, which every ticket has).
  std::vector<json::object> OfKind(std::int64_t id, const std::string& kind = "status_auto") {
    std::vector<json::object> out;
    for (const auto& t : TimersOf(id)) {
      const std::string k = Str(t.at("kind"));
      if (kind.empty() ? k == "status_auto" || k == "reminder" : k == kind) out.push_back(t.as_object());
    }
    return out;
  }

  // The ticket's pending timers of `kind` (empty: both status kinds).
  std::vector<json::object> Pending(std::int64_t id, const std::string& kind = "status_auto") {
    std::vector<json::object> out;
    for (const auto& t : OfKind(id, kind))
      if (t.at("state") == "pending") out.push_back(t);
    return out;
  }

  // The audits the system made through a rule whose name starts with `rule` (the timers'
  // firings: "status_auto", "reminder").
  std::vector<json::object> RuleAudits(std::int64_t id, const std::string& rule = "status_auto") {
    return RuleAuditsOn(d.Agent(), id, rule);
  }
  static std::vector<json::object> RuleAuditsOn(Client c, std::int64_t id, const std::string& rule) {
    auto r = c.Get(AuditsPath(id));
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<json::object> out;
    if (r.status != 200) return out;
    for (const auto& a : r["audits"].as_array())
      if (a.at("via").at("channel") == "rule" && RuleOf(a.as_object()).starts_with(rule)) out.push_back(a.as_object());
    return out;
  }

 public:
  // The rule a system audit names: its "Rule" event's value ("" when it has none).
  static std::string RuleOf(const json::object& audit) {
    for (const auto& ev : audit.at("events").as_array())
      if (ev.at("type") == "Rule") return Str(ev.at("value"));
    return "";
  }
};

// The status change a timer's audit holds: "status pending->closed, custom_status_id 5->7"
// (its "Rule" event apart).
std::string StatusChange(const json::object& audit) {
  std::string out;
  for (const auto& ev : audit.at("events").as_array()) {
    const auto& e = ev.as_object();
    if (e.at("type") == "Rule") continue;
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

  SetClock(At(47));  // the reminder fires (24 h)
  EXPECT_EQ(StatusOf(id), kAwaitingResponse) << "47 h: not yet";
  EXPECT_EQ(Pending(id).size(), 1u);
  EXPECT_TRUE(RuleAudits(id).empty());

  // The clock call answers once the close has fired and committed: no polling.
  SetClock(At(49));
  EXPECT_EQ(StatusOf(id), kClosed);
  auto t = d.Agent().Get(TicketPath(id));
  EXPECT_EQ(t["ticket"].at("status"), "closed");
  EXPECT_EQ(Str(t["ticket"].at("updated_at")), At(49));

  // The audit: by the system (-1), via a rule (Zendesk's automation shape), the status move,
  // and the rule by name.
  auto rule = RuleAudits(id);
  ASSERT_EQ(rule.size(), 1u);
  EXPECT_EQ(rule[0].at("author_id").as_int64(), -1);
  EXPECT_EQ(Str(rule[0].at("created_at")), At(49));
  EXPECT_EQ(rule[0].at("via").at("source").at("rel"), "automation");
  EXPECT_EQ(StatusChange(rule[0]), "Change status pending->closed, Change custom_status_id 5->7");
  EXPECT_EQ(RuleOf(rule[0]), "status_auto awaiting_response 48h -> closed");

  // The timer is history now: fired, by a node, and nothing is pending for Closed.
  auto timers = OfKind(id);
  ASSERT_EQ(timers.size(), 1u);
  EXPECT_EQ(timers[0].at("state"), "fired");
  EXPECT_EQ(timers[0].at("outcome"), "applied");
  EXPECT_EQ(Str(timers[0].at("fired_at")), At(49));
  EXPECT_EQ(Str(timers[0].at("due_at")), At(48));
  ASSERT_TRUE(timers[0].at("fired_by").is_string());
  EXPECT_NE(timers[0].at("fired_by").as_string().find(':'), json::string::npos) << "host:pid";
  EXPECT_TRUE(Pending(id, "").empty());

  EXPECT_NE(d.server.stderr_text().find("timer_fired"), std::string::npos) << "each firing is logged";

  // A closed ticket is closed for the customer too.
  auto req = d.Alice().Get("/api/v2/requests/" + S(id) + ".json");
  EXPECT_EQ(req.status, 200);
  EXPECT_EQ(req["request"].at("status"), "closed");
}

// Halfway to each automatic close the customer is reminded (the e-mail issue sends it): a
// "Reminder" event by the system naming the status, on the timeline; the ticket stays put.
TEST_F(Timers, AwaitingStatusesRemindTheCustomerHalfwayToTheClose) {
  SetClock(kT0);
  const auto waiting = NewTicket();
  SetStatus(waiting, kAwaitingResponse);
  const auto confirming =
      d.NewTicket("bob@customer.example", "Self-help", R"("custom_status_id":)" + S(kAwaitingConfirmation));
  auto reminder = Pending(waiting, "reminder");
  ASSERT_EQ(reminder.size(), 1u);
  EXPECT_EQ(Str(reminder[0].at("due_at")), At(24));
  ASSERT_EQ(Pending(confirming, "reminder").size(), 1u);
  EXPECT_EQ(Str(Pending(confirming, "reminder")[0].at("due_at")), At(12));

  SetClock(At(13));  // awaiting confirmation reminds after 12 h
  EXPECT_EQ(RuleAudits(confirming, "reminder").size(), 1u);
  EXPECT_TRUE(RuleAudits(waiting, "reminder").empty());

  SetClock(At(25));  // awaiting response reminds after 24 h; confirmation closes at 24 h
  EXPECT_EQ(StatusOf(waiting), kAwaitingResponse) << "a reminder moves nothing";
  EXPECT_EQ(StatusOf(confirming), kClosed);
  auto audits = RuleAudits(waiting, "reminder");
  ASSERT_EQ(audits.size(), 1u);
  EXPECT_EQ(audits[0].at("author_id").as_int64(), -1);
  EXPECT_EQ(Str(audits[0].at("created_at")), At(25));
  EXPECT_EQ(RuleOf(audits[0]), "reminder awaiting_response 24h");
  const auto& ev = audits[0].at("events").as_array()[0];
  EXPECT_EQ(ev.at("type"), "Reminder");
  EXPECT_EQ(ev.at("field_name"), "custom_status_id");
  EXPECT_EQ(Str(ev.at("value")), S(kAwaitingResponse));
  auto fired = OfKind(waiting, "reminder");
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].at("outcome"), "applied");

  // A reply cancels both the close and a reminder not yet sent.
  const auto replied = NewTicket();
  SetStatus(replied, kAwaitingResponse);
  auto r = d.Alice().Put("/api/v2/requests/" + S(replied) + ".json", R"({"request":{"comment":{"body":"here"}}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(OfKind(replied, "").empty());
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
  EXPECT_TRUE(OfKind(id, "").empty()) << "the pending timers are gone; none fired";

  SetClock(At(60));
  EXPECT_EQ(StatusOf(id), kInProgress);
  EXPECT_TRUE(RuleAudits(id, "status_auto").empty());
  EXPECT_TRUE(RuleAudits(id, "reminder").empty());
  EXPECT_TRUE(OfKind(id, "").empty());
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
  EXPECT_TRUE(Pending(id, "").empty());
}

TEST_F(Timers, LeavingAndComingBackReschedulesFromTheReturn) {
  SetClock(kT0);
  const auto id = NewTicket();
  SetStatus(id, kAwaitingResponse);
  SetClock(At(40));  // the reminder (24 h) fires
  SetStatus(id, kInProgress);
  EXPECT_TRUE(Pending(id, "").empty()) << "leaving the status cancels its timers";
  SetClock(At(41));
  SetStatus(id, kAwaitingResponse);

  auto timers = OfKind(id);
  ASSERT_EQ(timers.size(), 1u) << "one pending timer only";
  EXPECT_EQ(timers[0].at("state"), "pending");
  EXPECT_EQ(Str(timers[0].at("created_at")), At(41));
  EXPECT_EQ(Str(timers[0].at("due_at")), At(41 + 48));
  ASSERT_EQ(Pending(id, "reminder").size(), 1u) << "a new reminder too, beside the one sent";
  EXPECT_EQ(Str(Pending(id, "reminder")[0].at("due_at")), At(41 + 24));

  // Past the first deadline (48 h), before the new one (89 h): still waiting.
  SetClock(At(88));
  EXPECT_EQ(StatusOf(id), kAwaitingResponse);
  EXPECT_EQ(RuleAudits(id, "reminder").size(), 2u) << "one reminder per entry into the status";

  SetClock(At(90));
  EXPECT_EQ(StatusOf(id), kClosed);
  EXPECT_EQ(RuleAudits(id).size(), 1u);
}

TEST_F(Timers, MovingBetweenTimedStatusesKeepsOnePendingTimer) {
  SetClock(kT0);
  const auto id = NewTicket();
  SetStatus(id, kAwaitingResponse);
  SetClock(At(5));
  SetStatus(id, kResolved);
  auto timers = OfKind(id, "");
  ASSERT_EQ(timers.size(), 1u) << "Resolved has no reminder: the one of Awaiting response went too";
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
  EXPECT_EQ(StatusOf(id), kClosed) << d.server.stderr_text();
  EXPECT_EQ(RuleAudits(id).size(), 1u);
}

// Downtime: the server stops with timers pending and comes back ten days later (the manual
// clock starts there: --clock-start). What came due meanwhile fires, oldest due first; the
// reminders, now later than the closes they announced, are void.
TEST_F(Timers, AServerRestartedDaysLaterFiresWhatCameDueInDueOrder) {
  SetClock(kT0);
  const auto resolved = NewTicket();  // closes at 2 + 168 h
  const auto waiting = NewTicket();   // closes at 48 h
  const auto confirming = NewTicket();
  SetStatus(waiting, kAwaitingResponse);
  SetClock(At(1));
  SetStatus(confirming, kAwaitingConfirmation);  // closes at 25 h
  SetClock(At(2));
  SetStatus(resolved, kResolved);
  d.server.Stop();
  ASSERT_EQ(d.server.last_exit(), 0) << d.server.stderr_text();

  Server later({"--clock=manual", "--clock-start=" + At(240)}, d.server.data());
  Client agent(later, "agent@test.example", d.agent_token);
  // The clock call answers once the catch-up is done (the scheduler may have started it).
  auto now = Client(later).Post("/api/v2/chamado/test/clock", "{}");
  ASSERT_EQ(now.status, 200) << now.body;
  EXPECT_EQ(Str(now["now"]), At(240));

  std::vector<std::pair<std::int64_t, std::int64_t>> audit_of;  // (close audit id, ticket)
  for (auto id : {resolved, waiting, confirming}) {
    auto t = agent.Get(TicketPath(id));
    ASSERT_EQ(t.status, 200);
    EXPECT_EQ(t["ticket"].at("custom_status_id").as_int64(), kClosed) << "ticket " << id;
    auto rule = RuleAuditsOn(agent, id, "status_auto");
    ASSERT_EQ(rule.size(), 1u) << "ticket " << id;
    EXPECT_EQ(Str(rule[0].at("created_at")), At(240)) << "fired at the restart";
    audit_of.emplace_back(rule[0].at("id").as_int64(), id);
    EXPECT_TRUE(RuleAuditsOn(agent, id, "reminder").empty()) << "a reminder after its deadline is not sent";
  }
  std::sort(audit_of.begin(), audit_of.end());
  EXPECT_EQ(audit_of[0].second, confirming) << "due at 25 h: first";
  EXPECT_EQ(audit_of[1].second, waiting) << "due at 48 h: second";
  EXPECT_EQ(audit_of[2].second, resolved) << "due at 170 h: last";

  auto timers = agent.Get(TimersPath(waiting));
  ASSERT_EQ(timers.status, 200);
  for (const auto& t : timers["timers"].as_array()) {
    if (t.at("kind") != "status_auto" && t.at("kind") != "reminder") continue;  // SLA ones: docs/sla.md
    EXPECT_EQ(Str(t.at("fired_at")), At(240));
    EXPECT_EQ(t.at("outcome"), t.at("kind") == "reminder" ? "void" : "applied") << Str(t.at("kind"));
  }
  EXPECT_NE(later.stderr_text().find("too late"), std::string::npos) << "the void reminder is logged with why";
}

TEST_F(Timers, ResolvedClosesAfterSevenDays) {
  SetClock(kT0);
  const auto id = NewTicket();
  SetStatus(id, kResolved);
  ASSERT_EQ(Pending(id).size(), 1u);
  EXPECT_EQ(Str(Pending(id)[0].at("due_at")), At(7 * 24));

  SetClock(At(7 * 24 - 1));
  EXPECT_EQ(StatusOf(id), kResolved) << "6 days 23 hours: not yet";

  SetClock(At(7 * 24 + 1));
  EXPECT_EQ(StatusOf(id), kClosed);
  auto rule = RuleAudits(id);
  ASSERT_EQ(rule.size(), 1u);
  EXPECT_EQ(StatusChange(rule[0]), "Change status solved->closed, Change custom_status_id 6->7");
  EXPECT_EQ(RuleOf(rule[0]), "status_auto resolved 7d -> closed");
}

TEST_F(Timers, ATimerFiresOnceHoweverOftenTheSchedulerPolls) {
  SetClock(kT0);
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(NewTicket());
    SetStatus(ids.back(), kAwaitingResponse);
  }
  SetClock(At(49));  // three closes (the reminders, too late, are void)
  for (auto id : ids) EXPECT_EQ(StatusOf(id), kClosed);

  // Later still on the clock, many times: nothing fires again.
  for (int step = 1; step <= 6; ++step) SetClock(At(49 + 24 * step));
  for (auto id : ids) {
    EXPECT_EQ(RuleAudits(id, "status_auto").size() + RuleAudits(id, "reminder").size(), 1u) << "ticket " << id;
    auto timers = OfKind(id);
    ASSERT_EQ(timers.size(), 1u) << "ticket " << id;
    EXPECT_EQ(timers[0].at("state"), "fired");
    EXPECT_EQ(StatusOf(id), kClosed);
  }
}

TEST_F(Timers, StatusesWithoutAutoHaveNoTimer) {
  SetClock(kT0);
  const auto id = NewTicket();
  EXPECT_EQ(StatusOf(id), kInProgress);
  EXPECT_TRUE(OfKind(id, "").empty());
  auto unassigned = d.NewTicket("alice@customer.example");
  EXPECT_EQ(StatusOf(unassigned), kNew);
  EXPECT_TRUE(OfKind(unassigned, "").empty());
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
  EXPECT_EQ(admin["count"].as_int64(), static_cast<std::int64_t>(TimersOf(id).size()));
  EXPECT_EQ(OfKind(id, "").size(), 2u) << "the close and the reminder";
}

// Several nodes on one PostgreSQL database: each timer fires once. More timers than one claim
// takes (100), so the nodes' claims overlap and must skip each other's rows: the node moving
// the (shared) clock fires on its request's thread, the other wakes on the clock's NOTIFY.
TEST_F(Timers, TwoNodesFireEachTimerOnce) {
  if (!OnPostgres()) GTEST_SKIP() << "several nodes share a PostgreSQL database only";
  Server second;  // the same database (CHAMADO_STORE_DB), its own process and scheduler
  SetClock(kT0);
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 150; ++i)
    ids.push_back(d.NewTicket("alice@customer.example", "Many", R"("custom_status_id":)" + S(kAwaitingResponse)));
  SetClock(At(49));  // the clock lives in the database: both nodes see it
  std::map<std::string, int> by_node;
  for (auto id : ids) {
    EXPECT_EQ(StatusOf(id), kClosed) << "ticket " << id << ": fired before the clock call answered";
    EXPECT_EQ(RuleAudits(id).size(), 1u) << "ticket " << id;
    auto timers = OfKind(id);
    ASSERT_EQ(timers.size(), 1u) << "ticket " << id;
    EXPECT_EQ(Str(timers[0].at("outcome")), "applied");
    ++by_node[Str(timers[0].at("fired_by"))];
  }
  EXPECT_LE(by_node.size(), 2u);
  for (const auto& [node, n] : by_node) std::cout << "fired by " << node << ": " << n << "\n";
}

// The real clock: a timer armed by a request wakes the sleeping scheduler (which would sleep
// scheduler.max_sleep_ms, here a minute, with nothing due), and fires within a second or two
// of its due time. A workflow file with a 2 s close and a 1 s reminder.
TEST(TimersOnTheRealClock, ATimerArmedByARequestFiresOnTime) {
  const std::string dir = MakeTempDir("chamado-fast-workflow");
  const std::string path = dir + "/fast.toml";
  {
    std::ofstream f(path);
    f << R"(name = "fast"
initial = "open"
customer_close = "resolved"
queue = { unassigned = "open", assigned = "open" }
transition = [
  { from = "open", to = "waiting", by = ["agent"] },
  { from = "open", to = "resolved", by = ["agent", "customer"] },
  { from = "waiting", to = "open", by = ["agent", "customer"] },
  { from = "waiting", to = "resolved", by = ["customer"] },
  { from = "waiting", to = "closed", by = ["system"] },
]
[[status]]
key = "open"
id = 1
category = "open"
default = true
agent_label = { pt-BR = "Aberto", es = "Abierto", en = "Open" }
customer_may_close = true
[[status]]
key = "waiting"
id = 2
category = "pending"
default = true
agent_label = { pt-BR = "Aguardando", es = "Esperando", en = "Waiting" }
customer_may_close = true
on_customer_reply = "queue"
auto = { after = "2s", to = "closed" }
remind = { after = "1s" }
[[status]]
key = "resolved"
id = 3
category = "solved"
default = true
agent_label = { pt-BR = "Resolvido", es = "Resuelto", en = "Resolved" }
[[status]]
key = "closed"
id = 4
category = "solved"
closed = true
agent_label = { pt-BR = "Fechado", es = "Cerrado", en = "Closed" }
)";
  }
  ScopedEnv wf("CHAMADO_TICKETS_WORKFLOW", path);
  ScopedEnv sleep("CHAMADO_SCHEDULER_MAX_SLEEP_MS", "60000");
  ScopedEnv no_duplicates("CHAMADO_DUPLICATES_MODE", "off");
  Server s({"--clock=system"});
  s.AddUser("agent@test.example", "Agent", "agent");
  Client agent(s, "agent@test.example", s.Token("agent@test.example"));
  auto created = agent.Post("/api/v2/tickets.json", R"({"ticket":{"subject":"fast","comment":{"body":"hi"},
      "requester":{"name":"C","email":"c@customer.example"}}})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = created["ticket"].at("id").as_int64();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the scheduler is asleep: nothing is due

  const auto armed = std::chrono::steady_clock::now();
  auto moved = agent.Put(TicketPath(id), R"({"ticket":{"custom_status_id":2}})");
  ASSERT_EQ(moved.status, 200) << moved.body;
  std::int64_t status = 2;
  while (std::chrono::steady_clock::now() - armed < std::chrono::seconds(10)) {
    status = agent.Get(TicketPath(id))["ticket"].at("custom_status_id").as_int64();
    if (status == 4) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - armed);
  ASSERT_EQ(status, 4) << "not closed 10 s after arming a 2 s timer\n" << s.stderr_text();
  EXPECT_GE(took.count(), 1000) << "not before it was due (whole seconds: 1 to 2 s after arming)";
  EXPECT_LT(took.count(), 4500) << "within a second or two of its due time, not after max_sleep_ms";
  std::cout << "[ info     ] 2 s timer fired " << took.count() << " ms after it was armed\n";
  auto audits = agent.Get(AuditsPath(id));
  int reminders = 0;
  for (const auto& a : audits["audits"].as_array())
    for (const auto& ev : a.at("events").as_array()) reminders += ev.at("type") == "Reminder";
  EXPECT_EQ(reminders, 1) << "the 1 s reminder fired before the close";
}

}  // namespace
}  // namespace it
