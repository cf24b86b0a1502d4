// The SLA JSON shapes (json_sla.hpp): what an agent's client reads of a ticket's targets and
// what a policy body may hold.
#include "adapters/http/json_sla.hpp"

#include <gtest/gtest.h>

namespace chamado::http {
namespace {

app::TicketSla Target(std::string stage, std::optional<std::int64_t> breach_at) {
  app::TicketSla r;
  r.ticket_id = 1;
  r.metric = "resolution_time";
  r.stage = std::move(stage);
  r.target_minutes = 7200;
  if (breach_at) r.breach_at = FromUnix(*breach_at);
  return r;
}

TEST(SlaJson, TimeLeftIsSplitIntoDaysHoursAndMinutesAndGoesNegativeOnceOverdue) {
  const Instant now = FromUnix(1'000'000);
  // 2 days, 3 hours and 4 minutes (and 59 seconds, dropped) ahead.
  auto ahead = TicketSlasJson({Target("active", 1'000'000 + 2 * 86400 + 3 * 3600 + 4 * 60 + 59)}, now);
  const auto& a = ahead.at("policy_metrics").as_array().at(0).as_object();
  EXPECT_EQ(a.at("days").as_int64(), 2);
  EXPECT_EQ(a.at("hours").as_int64(), 3);
  EXPECT_EQ(a.at("minutes").as_int64(), 4);
  EXPECT_FALSE(a.at("chamado_breached").as_bool());
  EXPECT_EQ(a.at("breach_at"), "1970-01-14T16:51:39Z");

  auto overdue = TicketSlasJson({Target("active", 1'000'000 - 90 * 60)}, now);
  const auto& o = overdue.at("policy_metrics").as_array().at(0).as_object();
  EXPECT_EQ(o.at("days").as_int64(), 0);
  EXPECT_EQ(o.at("hours").as_int64(), -1);
  EXPECT_EQ(o.at("minutes").as_int64(), -30);
  EXPECT_TRUE(o.at("chamado_breached").as_bool());

  auto paused = TicketSlasJson({Target("paused", std::nullopt)}, now);
  const auto& p = paused.at("policy_metrics").as_array().at(0).as_object();
  EXPECT_TRUE(p.at("breach_at").is_null());
  EXPECT_TRUE(p.at("days").is_null());
  EXPECT_EQ(p.at("stage"), "paused");
}

TEST(SlaJson, APolicyBodyKeepsWhatItGivesAndNamesWhatIsMistyped) {
  auto in = ParseSlaPolicy(R"({"sla_policy":{"title":"VIP","filter":{"all":[{"field":"group_id","operator":"is",
      "value":7}],"any":[]},"policy_metrics":[{"priority":"high","metric":"resolution_time","target":60,
      "business_hours":true,"chamado_business_days":2,"chamado_pause_status_ids":[3,5]}]}})");
  ASSERT_TRUE(in) << in.error().description;
  EXPECT_EQ(in->title, "VIP");
  EXPECT_FALSE(in->description);  // absent: kept on update
  ASSERT_TRUE(in->filter);
  EXPECT_EQ(in->filter->all.at(0).value, "7");
  ASSERT_TRUE(in->metrics);
  EXPECT_EQ(in->metrics->at(0).priority, Priority::kHigh);
  EXPECT_EQ(in->metrics->at(0).business_days, 2);
  EXPECT_EQ(in->metrics->at(0).pause_status_ids, (std::vector<std::int64_t>{3, 5}));

  SlaPolicy p;
  p.id = 2;
  p.title = "VIP";
  p.filter = *in->filter;
  p.metrics = *in->metrics;
  const auto out = SlaPolicyJson(p, Urls{"http://h"});
  EXPECT_EQ(out.at("filter").at("all").at(0).at("value").as_int64(), 7);  // a group id reads as a number
  EXPECT_EQ(out.at("policy_metrics").at(0).at("chamado_business_days").as_int64(), 2);
  EXPECT_EQ(out.at("url"), "http://h/api/v2/slas/policies/2.json");

  for (const char* bad : {R"({"sla_policy":{"policy_metrics":{"priority":"high"}}})",
                          R"({"sla_policy":{"policy_metrics":[{"priority":"soon","metric":"resolution_time"}]}})",
                          R"({"sla_policy":{"policy_metrics":[{"priority":"high","target":"1h"}]}})"}) {
    auto r = ParseSlaPolicy(bad);
    ASSERT_FALSE(r) << bad;
    ASSERT_FALSE(r.error().fields.empty()) << bad;
    EXPECT_EQ(r.error().fields.at(0).field, "policy_metrics") << bad;
  }
  auto f = ParseSlaPolicy(R"({"sla_policy":{"filter":{"all":[{"operator":"is"}]}}})");
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().fields.at(0).field, "filter");
}

}  // namespace
}  // namespace chamado::http
