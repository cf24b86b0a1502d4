// Priority from volume (PRODUCT.md §3; docs/escalation.md, "Priority from volume"): incidents
// linked to one problem within the window raise the problem's priority one step, at most once
// per window, as an audit by the system naming the rule. Here the threshold is 3 in 24 h
// (escalation.volume_threshold / volume_window_hours), links made both ways: an escalation to
// the problem and an agent setting problem_id.
#include <gtest/gtest.h>

#include <string>

#include "harness.hpp"

namespace it {
namespace {

TEST(PriorityFromVolume, ThreeIncidentsInADayRaiseTheProblemOnceThenAgainTheNextDay) {
  ScopedEnv threshold("CHAMADO_ESCALATION_VOLUME_THRESHOLD", "3");
  ScopedEnv window("CHAMADO_ESCALATION_VOLUME_WINDOW_HOURS", "24");
  Desk d;
  auto clock = [&](const std::string& iso) {
    ASSERT_EQ(d.Anonymous().Post("/api/v2/chamado/test/clock", R"({"now":")" + iso + R"("})").status, 200);
  };
  clock("2030-03-04T12:00:00Z");
  const auto problem =
      d.NewTicket("agent@test.example", "Payments API down", R"("type":"problem","priority":"normal")");
  auto priority = [&] { return Str(d.Agent().Get(TicketPath(problem))["ticket"].at("priority")); };
  // The system's audits on the problem naming the volume rule.
  auto raises = [&] {
    std::vector<json::object> out;
    auto r = d.Agent().Get("/api/v2/tickets/" + S(problem) + "/audits.json?per_page=100");
    for (const auto& a : r["audits"].as_array())
      for (const auto& e : a.at("events").as_array())
        if (e.at("type") == "Rule" && Str(e.at("value")).starts_with("priority_volume")) out.push_back(a.as_object());
    return out;
  };
  auto link_by_update = [&](const std::string& requester) {
    const auto id = d.NewTicket(requester, "It fails too");
    auto r = d.Agent().Put(TicketPath(id), R"({"ticket":{"type":"incident","problem_id":)" + S(problem) + "}}");
    EXPECT_EQ(r.status, 200) << r.body;
  };
  auto link_by_escalation = [&](const std::string& requester) {
    const auto id = d.NewTicket(requester, "Same here");
    auto r = d.Agent().Post("/api/v2/chamado/tickets/" + S(id) + "/escalate.json",
                            R"({"escalation":{"problem_id":)" + S(problem) + "}}");
    EXPECT_EQ(r.status, 200) << r.body;
    return r;
  };

  link_by_update("alice@customer.example");
  link_by_update("bob@customer.example");
  EXPECT_EQ(priority(), "normal") << "two incidents: below the threshold";
  auto third = link_by_escalation("carol@customer.example");
  EXPECT_EQ(Str(third["problem"].at("priority")), "high") << "the escalation's answer shows the raised problem";
  EXPECT_EQ(priority(), "high");
  auto audits = raises();
  ASSERT_EQ(audits.size(), 1u);
  EXPECT_EQ(audits[0].at("author_id").as_int64(), -1);
  EXPECT_EQ(audits[0].at("via").at("channel"), "rule");
  bool changed = false;
  for (const auto& e : audits[0].at("events").as_array()) {
    if (e.at("type") == "Rule") {
      EXPECT_EQ(Str(e.at("value")), "priority_volume 3 incidents in 24h");
    }
    if (e.at("type") == "Change" && e.at("field_name") == "priority") {
      EXPECT_EQ(Str(e.at("previous_value")), "normal");
      EXPECT_EQ(Str(e.at("value")), "high");
      changed = true;
    }
  }
  EXPECT_TRUE(changed) << "the audit holds the priority change";

  // More the same day: at most once per window.
  clock("2030-03-04T20:00:00Z");
  for (const char* who : {"dan@customer.example", "eve@customer.example", "fay@customer.example"}) link_by_update(who);
  EXPECT_EQ(priority(), "high");
  EXPECT_EQ(raises().size(), 1u);

  // A day after the raise (and the first links), three new links within the window raise it
  // again. The three of 20:00 are still within 24 h at 13:00 the next day.
  clock("2030-03-05T13:00:00Z");
  link_by_escalation("gil@customer.example");
  EXPECT_EQ(priority(), "urgent") << "four links in the window, the last raise more than 24 h ago";
  EXPECT_EQ(raises().size(), 2u);
}

}  // namespace
}  // namespace it
