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
