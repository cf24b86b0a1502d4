#include <gtest/gtest.h>

#include "harness.hpp"

namespace it {
namespace {

TEST(Smoke, ServerStartsAndAnswersHealth) {
  Server s;
  Client c(s);
  auto r = c.Get("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r["status"].as_string(), "ok");
  auto ready = c.Get("/readyz");
  EXPECT_EQ(ready.status, 200);
}

TEST(Smoke, AgentCreatesAndReadsATicket) {
  Desk d;
  auto id = d.NewTicket("carol@customer.example", "Printer on fire");
  auto r = d.Agent().Get("/api/v2/tickets/" + std::to_string(id) + ".json");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r["ticket"].at("subject").as_string(), "Printer on fire");
  EXPECT_EQ(r["ticket"].at("status").as_string(), "new");
}

}  // namespace
}  // namespace it
