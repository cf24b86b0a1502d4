#include "adapters/http/json_mapping.hpp"

#include <gtest/gtest.h>

namespace chamado::http {
namespace {

Workflow TwoStatus() {
  Workflow wf;
  Status open;
  open.id = 2;
  open.key = "open";
  open.category = Category::kOpen;
  open.is_default = true;
  Status closed;
  closed.id = 5;
  closed.key = "closed";
  closed.category = Category::kSolved;
  closed.closed = true;
  wf.statuses = {open, closed};
  return wf;
}

TEST(JsonMapping, TicketHasZendeskShape) {
  auto wf = TwoStatus();
  Ticket t;
  t.id = 35;
  t.subject = "Help";
  t.custom_status_id = 2;
  t.requester_id = 7;
  t.priority = Priority::kHigh;
  t.tags = {"a"};
  t.created_at = t.updated_at = FromUnix(1772452800);
  auto o = TicketJson(t, wf, Urls{"http://x:1"});
  EXPECT_EQ(o["url"].as_string(), "http://x:1/api/v2/tickets/35.json");
  EXPECT_EQ(o["status"].as_string(), "open");
  EXPECT_EQ(o["priority"].as_string(), "high");
  EXPECT_TRUE(o["assignee_id"].is_null());
  EXPECT_EQ(o["created_at"].as_string(), "2026-03-02T12:00:00Z");
  EXPECT_EQ(o["generated_timestamp"].as_int64(), 1772452800);
}

TEST(JsonMapping, TimersShowTheirStateAndStatuses) {
  auto wf = TwoStatus();
  Timer t;
  t.id = 9;
  t.ticket_id = 35;
  t.kind = "status_auto";
  t.from_status_id = 2;
  t.to_status_id = 5;
  t.created_at = FromUnix(1772452800);
  t.due_at = FromUnix(1772452800 + 48 * 3600);
  auto pending = TimerJson(t, wf);
  EXPECT_EQ(pending["state"].as_string(), "pending");
  EXPECT_EQ(pending["from_status_key"].as_string(), "open");
  EXPECT_EQ(pending["to_custom_status_id"].as_int64(), 5);
  EXPECT_EQ(pending["to_status_key"].as_string(), "closed");
  EXPECT_EQ(pending["due_at"].as_string(), "2026-03-04T12:00:00Z");
  EXPECT_TRUE(pending["fired_at"].is_null());
  EXPECT_TRUE(pending["fired_by"].is_null());
  EXPECT_TRUE(pending["outcome"].is_null());

  t.fired_at = FromUnix(1772452800 + 49 * 3600);
  t.fired_by = "host:42";
  t.outcome = "applied";
  t.to_status_id = 77;  // a status the workflow no longer has
  auto fired = TimerJson(t, wf);
  EXPECT_EQ(fired["state"].as_string(), "fired");
  EXPECT_EQ(fired["fired_at"].as_string(), "2026-03-04T13:00:00Z");
  EXPECT_EQ(fired["fired_by"].as_string(), "host:42");
  EXPECT_EQ(fired["outcome"].as_string(), "applied");
  EXPECT_TRUE(fired["to_status_key"].is_null());
}

TEST(JsonMapping, SystemAuditsComeViaAnAutomationRule) {
  Audit a;
  a.id = 1;
  a.ticket_id = 35;
  a.author_id = kSystemAuthorId;
  a.via_channel = std::string(kViaRule);
  auto o = AuditJson(a, {});
  EXPECT_EQ(o["author_id"].as_int64(), -1);
  EXPECT_EQ(o["via"].at("channel").as_string(), "rule");
  EXPECT_EQ(o["via"].at("source").at("rel").as_string(), "automation");
  a.via_channel = "api";
  EXPECT_TRUE(AuditJson(a, {})["via"].at("source").at("rel").is_null());
}

TEST(JsonMapping, TerminalStatusReadsAsLegacyClosed) {
  auto wf = TwoStatus();
  Ticket t;
  t.custom_status_id = 5;
  EXPECT_EQ(TicketJson(t, wf, Urls{"http://x"})["status"].as_string(), "closed");
  EXPECT_EQ(RequestJson(t, wf, Urls{"http://x"}, false)["status"].as_string(), "closed");
}

TEST(JsonMapping, CommentHtmlIsEscaped) {
  Comment c;
  c.body = "<script>alert(1)</script> & \"x\"";
  auto o = CommentJson(c);
  const std::string html(o["html_body"].as_string());
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&amp;"), std::string::npos);
}

TEST(JsonMapping, RequestCommentsCarryTheRequestId) {
  Comment c;
  c.id = 3;
  EXPECT_EQ(CommentJson(c, 9)["request_id"].as_int64(), 9);
  EXPECT_FALSE(CommentJson(c).contains("request_id"));
}

}  // namespace
}  // namespace chamado::http
