// SLA targets (docs/sla.md; PRODUCT.md §5; zendesk-compat.md §12) on the manual clock: the
// default policy's due dates on the default calendar (Mon-Fri 08:30-18:00 America/Sao_Paulo,
// Brazil's holidays), explained; a pause moves the due date; a priority change recomputes from
// the creation; "about to breach" and "breached" events reach the timeline when the clock
// passes them; customers see only their resolution due date; policies are admin-only.
#include <gtest/gtest.h>

#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "harness.hpp"

namespace it {
namespace {

// case-lifecycle's status ids (config/workflows/case-lifecycle.toml).
constexpr std::int64_t kNew = 1;
constexpr std::int64_t kAwaitingResponse = 5;

constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 24 * kHour;
// A Monday far from the real date (see timers_test.cpp).
constexpr std::int64_t kT0 = 1898856000;  // 2030-03-04T12:00:00Z

std::string SlaPath(std::int64_t id) { return "/api/v2/chamado/tickets/" + S(id) + "/sla.json"; }

// {"request": {...}} with the availability-impact field (102) when given.
std::string RequestBody(const std::string& subject, const std::string& impact = "",
                        const std::string& requester_email = "") {
  json::object r{{"subject", subject}, {"comment", {{"body", "Help with " + subject}}}};
  if (!impact.empty()) r["custom_fields"] = json::array{json::object{{"id", 102}, {"value", impact}}};
  if (!requester_email.empty()) r["requester"] = json::object{{"name", "Carol"}, {"email", requester_email}};
  return json::serialize(json::object{{"request", r}});
}

class Sla : public ::testing::Test {
 protected:
  Desk d;

  void SetClock(std::int64_t unix_seconds) {
    auto r = d.Anonymous().Post("/api/v2/chamado/test/clock", R"({"now":")" + Iso(unix_seconds) + R"("})");
    ASSERT_EQ(r.status, 200) << r.body;
  }

  std::int64_t NewRequest(Client who, const std::string& subject, const std::string& impact = "",
                          const std::string& anonymous_email = "") {
    auto r = who.Post("/api/v2/requests.json", RequestBody(subject, impact, anonymous_email));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r["request"].at("id").as_int64() : 0;
  }

  void Put(std::int64_t id, const std::string& ticket_json) {
    auto r = d.Agent().Put(TicketPath(id), R"({"ticket":)" + ticket_json + "}");
    ASSERT_EQ(r.status, 200) << r.body;
  }
  void AgentReplies(std::int64_t id) { Put(id, R"({"comment":{"body":"We are on it","public":true}})"); }

  // The ticket's stored targets (?include=slas), by metric.
  std::optional<json::object> Target(std::int64_t id, const std::string& metric) {
    auto r = d.Agent().Get("/api/v2/tickets/" + S(id) + ".json?include=slas");
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return std::nullopt;
    for (const auto& m : r["ticket"].at("slas").at("policy_metrics").as_array())
      if (Str(m.at("metric")) == metric) return m.as_object();
    return std::nullopt;
  }
  std::string BreachAt(std::int64_t id, const std::string& metric) {
    auto t = Target(id, metric);
    return t ? Str(t->at("breach_at")) : "no " + metric + " target";
  }

  // The explanation endpoint's target, by metric.
  json::object Explained(const json::value& sla, const std::string& metric) {
    for (const auto& t : sla.at("targets").as_array())
      if (Str(t.at("metric")) == metric) return t.as_object();
    ADD_FAILURE() << "no " << metric << " in " << json::serialize(sla);
    return {};
  }

  // Every SlaEvent on the ticket's timeline: "metric value previous_value", oldest first.
  std::vector<std::string> SlaEvents(std::int64_t id) {
    auto r = d.Agent().Get("/api/v2/tickets/" + S(id) + "/audits.json?per_page=100");
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    if (r.status != 200) return out;
    for (const auto& a : r["audits"].as_array())
      for (const auto& e : a.at("events").as_array())
        if (e.at("type") == "SlaEvent")
          out.push_back(Str(e.at("field_name")) + " " + Str(e.at("value")) + " " + Str(e.at("previous_value")));
    return out;
  }

  std::vector<std::int64_t> ByNextBreach(const std::string& extra = "") {
    auto r = d.Agent().Get("/api/v2/tickets.json?sort_by=chamado_next_breach_at" + extra);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::int64_t> out;
    if (r.status == 200)
      for (const auto& t : r["tickets"].as_array()) out.push_back(t.at("id").as_int64());
    return out;
  }
};

// PRODUCT.md §5's worked example: escalated on Friday 13 Feb 2026 at 17:00 in São Paulo, six
// business days of 570 minutes skip the weekend and Carnival (Monday and Tuesday) and end on
// Wednesday 25 Feb at 17:00; the due date explains itself, the metrics count business minutes
// on the same calendar, and the customer sees only the resolution due date.
TEST_F(Sla, AnEscalationAcrossCarnivalIsDueSixBusinessDaysLaterAndExplainsItself) {
  const std::int64_t created = 1771012800;  // 2026-02-13T20:00:00Z = 17:00 BRT (no DST since 2019)
  SetClock(created);
  const auto id = NewRequest(d.Alice(), "Export fails", "impact_partial");
  auto group = d.Admin().Post("/api/v2/groups.json", R"({"group":{"name":"Produto"}})");
  ASSERT_EQ(group.status, 201) << group.body;
  auto esc = d.Agent().Post("/api/v2/chamado/tickets/" + S(id) + "/escalate.json",
                            R"({"escalation":{"group_id":)" + S(group["group"].at("id").as_int64()) + "}}");
  ASSERT_EQ(esc.status, 200) << esc.body;

  auto r = d.Agent().Get(SlaPath(id));
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& sla = r["sla"];
  EXPECT_EQ(sla.at("priority"), "normal");  // "partially available" (PRODUCT.md §5)
  EXPECT_EQ(sla.at("policy").at("title"), "Padrão");
  EXPECT_EQ(sla.at("calendar").at("time_zone"), "America/Sao_Paulo");
  EXPECT_EQ(sla.at("calendar").at("business_day_minutes").as_int64(), 570);
  auto escalation = Explained(sla, "chamado_escalation_time");
  EXPECT_EQ(Str(escalation["breach_at"]), "2026-02-25T20:00:00Z");
  EXPECT_EQ(escalation["target_minutes"].as_int64(), 6 * 570);
  EXPECT_EQ(escalation["stage"], "active");
  bool weekend = false, carnival = false;
  std::int64_t counted = 0;
  for (const auto& seg : escalation["explanation"].as_array()) {
    const std::string reason = seg.at("reason").is_string() ? Str(seg.at("reason")) : "";
    if (seg.at("counted").as_bool()) counted += seg.at("minutes").as_int64();
    weekend = weekend || reason == "weekend";
    carnival = carnival || reason.find("Carnaval") != std::string::npos;
  }
  EXPECT_TRUE(weekend) << json::serialize(escalation["explanation"]);
  EXPECT_TRUE(carnival) << json::serialize(escalation["explanation"]);
  EXPECT_EQ(counted, 6 * 570);
  const auto& first = escalation["explanation"].as_array().at(0);
  EXPECT_EQ(Str(first.at("from")), "2026-02-13T20:00:00Z");
  EXPECT_EQ(first.at("minutes").as_int64(), 60);  // Friday 17:00-18:00
  // Calendar-time targets of the same ticket: 15 days to resolve, 24 hours to answer.
  EXPECT_EQ(Str(Explained(sla, "resolution_time")["breach_at"]), "2026-02-28T20:00:00Z");
  EXPECT_EQ(BreachAt(id, "first_reply_time"), "2026-02-14T20:00:00Z");
  EXPECT_EQ(BreachAt(id, "chamado_escalation_time"), "2026-02-25T20:00:00Z");

  // The customer: the resolution due date, nothing else.
  auto mine = d.Alice().Get("/api/v2/requests/" + S(id) + ".json?include=slas");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(Str(mine["request"].at("chamado_due_at")), "2026-02-28T20:00:00Z");
  EXPECT_FALSE(mine["request"].as_object().contains("slas"));
  EXPECT_EQ(d.Alice().Get(SlaPath(id)).status, 403);
  EXPECT_EQ(d.Alice().Get("/api/v2/tickets/" + S(id) + ".json?include=slas").status, 403);

  // The first reply on Carnival Monday at 10:00: 65 calendar hours, 60 business minutes.
  SetClock(created + 2 * kDay + 17 * kHour);
  AgentReplies(id);
  auto m = d.Agent().Get("/api/v2/tickets/" + S(id) + "/metrics.json");
  ASSERT_EQ(m.status, 200) << m.body;
  EXPECT_EQ(m["ticket_metric"].at("reply_time_in_minutes").at("calendar").as_int64(), 65 * 60);
  EXPECT_EQ(m["ticket_metric"].at("reply_time_in_minutes").at("business").as_int64(), 60);
  auto reply = Target(id, "first_reply_time");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->at("stage"), "achieved");
  EXPECT_TRUE(reply->at("chamado_breached").as_bool());  // due Saturday 17:00
}

// A pausing status moves the due date by the time spent in it; a priority change recomputes
// every target from the creation; listings sort by the next breach; the customer's due date
// follows and disappears while the ticket waits for them.
TEST_F(Sla, PausingMovesTheDueDateAndAPriorityChangeRecomputesFromTheCreation) {
  SetClock(kT0);
  const auto a = NewRequest(d.Alice(), "Partial outage", "impact_partial");
  const auto b = NewRequest(d.Bob(), "Total outage", "impact_total");
  const auto c = NewRequest(d.Anonymous(), "Just a question", "impact_none", "carol@customer.example");
  EXPECT_EQ(d.Agent().Get(TicketPath(a))["ticket"].at("priority"), "normal");
  EXPECT_EQ(d.Agent().Get(TicketPath(b))["ticket"].at("priority"), "high");
  EXPECT_EQ(d.Agent().Get(TicketPath(c))["ticket"].at("priority"), "low");
  EXPECT_EQ(BreachAt(a, "resolution_time"), Iso(kT0 + 15 * kDay));
  EXPECT_EQ(BreachAt(b, "resolution_time"), Iso(kT0 + 5 * kDay));
  EXPECT_EQ(BreachAt(c, "resolution_time"), Iso(kT0 + 30 * kDay));

  SetClock(kT0 + kHour);
  for (auto id : {a, b, c}) AgentReplies(id);  // first replies done: the resolutions come next
  EXPECT_EQ(ByNextBreach(), (std::vector<std::int64_t>{b, a, c}));
  EXPECT_EQ(ByNextBreach("&sort_order=desc"), (std::vector<std::int64_t>{c, a, b}));
  EXPECT_EQ(d.Agent().Get("/api/v2/tickets.json?sort_by=chamado_next_breach_at&page[size]=2").status, 400);

  // High priority after analysis: 5 days from the creation, not from now.
  SetClock(kT0 + 2 * kHour);
  Put(a, R"({"priority":"high"})");
  EXPECT_EQ(BreachAt(a, "resolution_time"), Iso(kT0 + 5 * kDay));

  // Awaiting the customer for one day: paused, then due one day later.
  SetClock(kT0 + kDay);
  Put(a, R"({"custom_status_id":)" + S(kAwaitingResponse) + "}");
  auto paused = Target(a, "resolution_time");
  ASSERT_TRUE(paused);
  EXPECT_EQ(paused->at("stage"), "paused");
  EXPECT_TRUE(paused->at("breach_at").is_null());
  EXPECT_TRUE(d.Alice().Get("/api/v2/requests/" + S(a) + ".json")["request"].at("chamado_due_at").is_null());
  EXPECT_EQ(ByNextBreach().back(), a);  // nothing due while paused

  SetClock(kT0 + 2 * kDay);
  auto reply = d.Alice().Put("/api/v2/requests/" + S(a) + ".json", R"({"request":{"comment":{"body":"Here it is"}}})");
  ASSERT_EQ(reply.status, 200) << reply.body;
  // Back to the queue: New, nobody being assigned (PRODUCT.md §2); no longer paused.
  EXPECT_EQ(d.Agent().Get(TicketPath(a))["ticket"].at("custom_status_id").as_int64(), kNew);
  EXPECT_EQ(BreachAt(a, "resolution_time"), Iso(kT0 + 6 * kDay));
  EXPECT_EQ(Str(d.Alice().Get("/api/v2/requests/" + S(a) + ".json")["request"].at("chamado_due_at")),
            Iso(kT0 + 6 * kDay));
  auto explained = d.Agent().Get(SlaPath(a));
  ASSERT_EQ(explained.status, 200) << explained.body;
  bool pause_explained = false;
  const auto resolution = Explained(explained["sla"], "resolution_time");
  for (const auto& seg : resolution.at("explanation").as_array())
    if (!seg.at("counted").as_bool() && Str(seg.at("reason")).starts_with("paused: ")) {
      pause_explained = true;
      EXPECT_EQ(Str(seg.at("from")), Iso(kT0 + kDay));
      EXPECT_EQ(Str(seg.at("to")), Iso(kT0 + 2 * kDay));
    }
  EXPECT_TRUE(pause_explained) << explained.body;
}

// The clock passing a target: an "about to breach" event an hour before (sla.warn_before_minutes),
// a "breached" event at the due time, each once, by the system through a rule; the stored
// target shows the breach; a late reply achieves it, still breached.
TEST_F(Sla, AboutToBreachAndBreachedEventsReachTheTimelineOnce) {
  SetClock(kT0);
  const auto id = NewRequest(d.Alice(), "Nobody answers");
  const std::string due = Iso(kT0 + kDay);  // first reply within 24 hours
  EXPECT_EQ(BreachAt(id, "first_reply_time"), due);
  SetClock(kT0 + 22 * kHour);
  EXPECT_TRUE(SlaEvents(id).empty());
  SetClock(kT0 + 23 * kHour + 30 * 60);
  EXPECT_EQ(SlaEvents(id), (std::vector<std::string>{"first_reply_time about_to_breach " + due}));
  SetClock(kT0 + kDay + kHour);
  EXPECT_EQ(SlaEvents(id),
            (std::vector<std::string>{"first_reply_time about_to_breach " + due, "first_reply_time breached " + due}));
  auto target = Target(id, "first_reply_time");
  ASSERT_TRUE(target);
  EXPECT_TRUE(target->at("chamado_breached").as_bool());
  EXPECT_EQ(target->at("stage"), "active");
  EXPECT_EQ(target->at("hours").as_int64(), -1);  // an hour overdue
  EXPECT_EQ(target->at("minutes").as_int64(), 0);
  // The events' audits are the system's, naming the rule.
  auto audits = d.Agent().Get("/api/v2/tickets/" + S(id) + "/audits.json?per_page=100");
  int by_rule = 0;
  for (const auto& a : audits["audits"].as_array())
    for (const auto& e : a.at("events").as_array())
      if (e.at("type") == "SlaEvent") {
        EXPECT_EQ(a.at("author_id").as_int64(), -1);
        EXPECT_EQ(a.at("via").at("channel"), "rule");
        ++by_rule;
      }
  EXPECT_EQ(by_rule, 2);

  SetClock(kT0 + 2 * kDay);
  AgentReplies(id);
  target = Target(id, "first_reply_time");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->at("stage"), "achieved");
  EXPECT_TRUE(target->at("chamado_breached").as_bool());
  SetClock(kT0 + 3 * kDay);
  EXPECT_EQ(SlaEvents(id).size(), 2u);  // never again
}

// Policies in Zendesk's shape: agents read, admins write; a policy's filter picks its tickets;
// changing or deleting it recomputes the tickets it held.
TEST_F(Sla, PoliciesAreAdminOnlyValidatedAndApplyToTheTicketsTheyMatch) {
  SetClock(kT0);
  auto list = d.Agent().Get("/api/v2/slas/policies.json");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list["sla_policies"].as_array().size(), 1u);
  const auto& def = list["sla_policies"].as_array()[0];
  EXPECT_EQ(def.at("title"), "Padrão");
  EXPECT_EQ(def.at("policy_metrics").as_array().size(), 12u);  // 3 metrics x 4 priorities
  EXPECT_EQ(d.Alice().Get("/api/v2/slas/policies.json").status, 403);

  auto group = d.Admin().Post("/api/v2/groups.json", R"({"group":{"name":"VIP desk"}})");
  ASSERT_EQ(group.status, 201) << group.body;
  const auto gid = group["group"].at("id").as_int64();
  const std::string vip =
      R"({"sla_policy":{"title":"VIP","filter":{"all":[{"field":"group_id","operator":"is","value":)" + S(gid) +
      R"(}]},"policy_metrics":[{"priority":"normal","metric":"resolution_time","target":600,"business_hours":false,"chamado_pause_status_ids":[5]}]}})";
  EXPECT_EQ(d.Agent().Post("/api/v2/slas/policies.json", vip).status, 403);
  auto bad = d.Admin().Post(
      "/api/v2/slas/policies.json",
      R"({"sla_policy":{"title":"Bad","policy_metrics":[{"priority":"normal","metric":"lunch_time","target":5}]}})");
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_TRUE(DetailsName(bad, "policy_metrics")) << bad.body;
  auto created = d.Admin().Post("/api/v2/slas/policies.json", vip);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto& p = created["sla_policy"];
  const auto pid = p.at("id").as_int64();
  EXPECT_EQ(p.at("position").as_int64(), 1);  // after the default
  EXPECT_EQ(p.at("filter").at("all").as_array().at(0).at("value").as_int64(), gid);
  EXPECT_EQ(json::serialize(p.at("policy_metrics").as_array().at(0).at("chamado_pause_status_ids")), "[5]");
  // The first policy by position applies: the catch-all default moves behind VIP.
  auto moved = d.Admin().Put("/api/v2/slas/policies/1.json", R"({"sla_policy":{"position":2}})");
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved["sla_policy"].at("policy_metrics").as_array().size(), 12u);  // the rest stays

  const auto in_group = d.NewTicket("bob@customer.example", "VIP", R"("group_id":)" + S(gid));
  const auto elsewhere = d.NewTicket("alice@customer.example", "Plain");
  EXPECT_EQ(BreachAt(in_group, "resolution_time"), Iso(kT0 + 600 * 60));
  EXPECT_FALSE(Target(in_group, "first_reply_time"));  // VIP defines no first reply target
  EXPECT_EQ(BreachAt(elsewhere, "resolution_time"), Iso(kT0 + 15 * kDay));
  auto explained = d.Agent().Get(SlaPath(in_group));
  ASSERT_EQ(explained.status, 200) << explained.body;
  EXPECT_EQ(explained["sla"].at("policy").at("id").as_int64(), pid);

  // Changing the target recomputes the VIP ticket at once.
  auto put = d.Admin().Put(
      "/api/v2/slas/policies/" + S(pid) + ".json",
      R"({"sla_policy":{"policy_metrics":[{"priority":"normal","metric":"resolution_time","target":120}]}})");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put["sla_policy"].at("title"), "VIP");  // what the body left out stays
  EXPECT_EQ(BreachAt(in_group, "resolution_time"), Iso(kT0 + 120 * 60));
  // Deleting it puts its tickets back under the default policy.
  EXPECT_EQ(d.Agent().Delete("/api/v2/slas/policies/" + S(pid) + ".json").status, 403);
  EXPECT_EQ(d.Admin().Delete("/api/v2/slas/policies/" + S(pid) + ".json").status, 204);
  EXPECT_EQ(d.Agent().Get("/api/v2/slas/policies/" + S(pid) + ".json").status, 404);
  EXPECT_EQ(BreachAt(in_group, "resolution_time"), Iso(kT0 + 15 * kDay));
}

}  // namespace
}  // namespace it
