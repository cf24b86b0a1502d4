// Audits and metrics over HTTP (zendesk-compat.md §12, PRODUCT.md §4): the event log of a
// ticket's whole life in Zendesk's audit shape, who may read it, its pagination, and the
// ticket metrics (with the activity tab's first and last status activity) at exact instants
// set with the manual clock.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "harness.hpp"

namespace it {
namespace {

std::string RequestPath(std::int64_t id) { return "/api/v2/requests/" + S(id) + ".json"; }
std::string AuditsPath(std::int64_t id) { return "/api/v2/tickets/" + S(id) + "/audits.json"; }
std::string MetricsPath(std::int64_t id) { return "/api/v2/tickets/" + S(id) + "/metrics.json"; }

void SetClock(Desk& d, const std::string& iso) {
  auto r = d.Anonymous().Post("/api/v2/chamado/test/clock", R"({"now":")" + iso + R"("})");
  ASSERT_EQ(r.status, 200) << r.body;
}

void Ok(const Response& r) { ASSERT_EQ(r.status, 200) << r.body; }

std::string PathOf(const std::string& link, const std::string& base) {
  EXPECT_TRUE(link.starts_with(base + "/api/v2/")) << link << " does not start with " << base;
  return link.starts_with(base) ? link.substr(base.size()) : link;
}

std::vector<std::int64_t> Ids(const json::value& arr) {
  std::vector<std::int64_t> out;
  for (const auto& e : arr.as_array()) out.push_back(e.at("id").as_int64());
  return out;
}

// "type field_name value<-previous" for Create/Change events, "Comment public|internal author body".
std::vector<std::string> Events(const json::value& audit) {
  std::vector<std::string> out;
  for (const auto& ev : audit.at("events").as_array()) {
    const auto& e = ev.as_object();
    const std::string type(e.at("type").as_string());
    auto text = [&](const char* k) -> std::string {
      if (!e.contains(k) || e.at(k).is_null()) return "null";
      return std::string(e.at(k).as_string());
    };
    if (type == "Comment") {
      out.push_back("Comment " + std::string(e.at("public").as_bool() ? "public " : "internal ") +
                    S(e.at("author_id").as_int64()) + " " + std::string(e.at("body").as_string()));
    } else if (type == "Change") {
      out.push_back("Change " + text("field_name") + " " + text("value") + "<-" + text("previous_value"));
    } else {
      out.push_back(type + " " + text("field_name") + " " + text("value"));
    }
  }
  return out;
}

// The story of PRODUCT.md §2 on case-lifecycle, one step per clock stop (2026-03-02, UTC):
// 12:00 Alice opens a request (New) · 12:10 the agent takes it (In progress) · 12:30 public
// reply · 12:40 internal note · 13:00 Awaiting response (pending) · 15:00 Alice answers
// (back to In progress) · 16:00 Alice closes it (Closed by you).
std::int64_t Lifecycle(Desk& d) {
  SetClock(d, "2026-03-02T12:00:00Z");
  auto created =
      d.Alice().Post("/api/v2/requests.json", R"({"request":{"subject":"Invoice wrong","comment":{"body":"Total?"}}})");
  if (created.status != 201) throw std::runtime_error(created.body);
  const std::int64_t id = created["request"].at("id").as_int64();
  SetClock(d, "2026-03-02T12:10:00Z");
  Ok(d.Agent().Put(TicketPath(id), R"({"ticket":{"assignee_id":)" + S(d.agent_id) + "}}"));
  SetClock(d, "2026-03-02T12:30:00Z");
  Ok(d.Agent().Put(TicketPath(id), R"({"ticket":{"comment":{"body":"Invoice number?","public":true}}})"));
  SetClock(d, "2026-03-02T12:40:00Z");
  Ok(d.Agent().Put(TicketPath(id), R"({"ticket":{"comment":{"body":"Billing bug?","public":false}}})"));
  SetClock(d, "2026-03-02T13:00:00Z");
  Ok(d.Agent().Put(TicketPath(id), R"({"ticket":{"status":"pending"}})"));
  SetClock(d, "2026-03-02T15:00:00Z");
  Ok(d.Alice().Put(RequestPath(id), R"({"request":{"comment":{"body":"It is 123"}}})"));
  SetClock(d, "2026-03-02T16:00:00Z");
  Ok(d.Alice().Put(RequestPath(id), R"({"request":{"solved":true}})"));
  return id;
}

// ------------------------------------------------------------------ audits

TEST(Audits, ListEveryChangeInOrderWithAuthorTimeAndPreviousValues) {
  Desk d;
  const auto id = Lifecycle(d);
  auto r = d.Agent().Get(AuditsPath(id));
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& audits = r["audits"].as_array();
  ASSERT_EQ(audits.size(), 7u) << r.body;
  EXPECT_EQ(r["count"].as_int64(), 7);
  EXPECT_TRUE(r["next_page"].is_null());
  EXPECT_TRUE(r["previous_page"].is_null());

  const std::vector<std::string> times{"12:00", "12:10", "12:30", "12:40", "13:00", "15:00", "16:00"};
  const std::vector<std::int64_t> authors{d.alice_id, d.agent_id, d.agent_id, d.agent_id,
                                          d.agent_id, d.alice_id, d.alice_id};
  for (std::size_t i = 0; i < audits.size(); ++i) {
    const auto& a = audits[i].as_object();
    EXPECT_EQ(a.at("ticket_id").as_int64(), id);
    EXPECT_EQ(a.at("author_id").as_int64(), authors[i]) << "audit " << i;
    EXPECT_EQ(a.at("created_at").as_string(), "2026-03-02T" + times[i] + ":00Z") << "audit " << i;
    EXPECT_TRUE(a.at("via").at("channel").is_string());
    EXPECT_TRUE(a.at("metadata").is_object());
    if (i > 0) {
      EXPECT_GT(a.at("id").as_int64(), audits[i - 1].at("id").as_int64());
    }
  }

  const auto first = Events(audits[0]);
  EXPECT_EQ(first.back(), "Comment public " + S(d.alice_id) + " Total?");
  EXPECT_NE(std::find(first.begin(), first.end(), "Create subject Invoice wrong"), first.end()) << first.front();

  const std::string agent = S(d.agent_id);
  EXPECT_EQ(Events(audits[1]), (std::vector<std::string>{"Change assignee_id " + agent + "<-null",
                                                         "Change status open<-new", "Change custom_status_id 2<-1"}));
  EXPECT_EQ(Events(audits[2]), std::vector<std::string>{"Comment public " + agent + " Invoice number?"});
  EXPECT_EQ(Events(audits[3]), std::vector<std::string>{"Comment internal " + agent + " Billing bug?"});
  EXPECT_EQ(Events(audits[4]),
            (std::vector<std::string>{"Change status pending<-open", "Change custom_status_id 5<-2"}));
  EXPECT_EQ(Events(audits[5]), (std::vector<std::string>{"Change status open<-pending", "Change custom_status_id 2<-5",
                                                         "Comment public " + S(d.alice_id) + " It is 123"}));
  EXPECT_EQ(Events(audits[6]),
            (std::vector<std::string>{"Change status closed<-open", "Change custom_status_id 8<-2"}));
}

TEST(Audits, EventsHaveIdsAndCommentEventsTheCommentsFields) {
  Desk d;
  const auto id = Lifecycle(d);
  auto r = d.Agent().Get(AuditsPath(id));
  ASSERT_EQ(r.status, 200) << r.body;
  auto comments = d.Agent().Get("/api/v2/tickets/" + S(id) + "/comments.json");
  ASSERT_EQ(comments.status, 200);
  std::vector<std::int64_t> comment_audits;
  for (const auto& c : comments["comments"].as_array()) comment_audits.push_back(c.at("audit_id").as_int64());
  std::vector<std::int64_t> audits_with_comments;
  for (const auto& a : r["audits"].as_array()) {
    for (const auto& e : a.at("events").as_array()) {
      EXPECT_GT(e.at("id").as_int64(), 0);
      if (e.at("type").as_string() == "Comment") {
        audits_with_comments.push_back(a.at("id").as_int64());
        EXPECT_EQ(e.at("audit_id").as_int64(), a.at("id").as_int64());
        EXPECT_TRUE(e.at("attachments").is_array());
        EXPECT_EQ(e.at("plain_body"), e.at("body"));
      }
    }
  }
  EXPECT_EQ(audits_with_comments, comment_audits) << "each comment points at the audit that added it";
}

TEST(Audits, AreForAgentsOnly) {
  Desk d;
  const auto id = Lifecycle(d);
  auto alice = d.Alice().Get(AuditsPath(id));
  EXPECT_EQ(alice.status, 403) << "the requester herself is an end user: " << alice.body;
  EXPECT_EQ(d.Bob().Get(AuditsPath(id)).status, 403);
  EXPECT_EQ(d.Anonymous().Get(AuditsPath(id)).status, 401);
  EXPECT_EQ(d.Admin().Get(AuditsPath(id)).status, 200);
  EXPECT_EQ(d.Agent().Get(AuditsPath(id + 1000)).status, 404);
  EXPECT_EQ(d.Alice().Get(AuditsPath(id + 1000)).status, 403) << "end users learn nothing about other ids";
}

TEST(Audits, OffsetPagination) {
  Desk d;
  const auto id = Lifecycle(d);
  auto p1 = d.Agent().Get("/api/v2/tickets/" + S(id) + "/audits.json?per_page=3");
  ASSERT_EQ(p1.status, 200) << p1.body;
  EXPECT_EQ(p1["audits"].as_array().size(), 3u);
  EXPECT_EQ(p1["count"].as_int64(), 7);
  EXPECT_TRUE(p1["previous_page"].is_null());
  auto p2 = d.Agent().Get(PathOf(std::string(p1["next_page"].as_string()), d.server.base()));
  ASSERT_EQ(p2.status, 200) << p2.body;
  auto p3 = d.Agent().Get(PathOf(std::string(p2["next_page"].as_string()), d.server.base()));
  ASSERT_EQ(p3.status, 200) << p3.body;
  EXPECT_EQ(p3["audits"].as_array().size(), 1u);
  EXPECT_TRUE(p3["next_page"].is_null());
  EXPECT_TRUE(p3["previous_page"].is_string());

  auto all = Ids(d.Agent().Get(AuditsPath(id))["audits"]);
  std::vector<std::int64_t> walked = Ids(p1["audits"]);
  for (auto x : Ids(p2["audits"])) walked.push_back(x);
  for (auto x : Ids(p3["audits"])) walked.push_back(x);
  EXPECT_EQ(walked, all);
}

TEST(Audits, CursorPaginationBothWaysAndNewestFirst) {
  Desk d;
  const auto id = Lifecycle(d);
  auto all = Ids(d.Agent().Get(AuditsPath(id))["audits"]);
  ASSERT_EQ(all.size(), 7u);

  std::vector<std::int64_t> walked;
  std::string path = "/api/v2/tickets/" + S(id) + "/audits.json?page[size]=2";
  Response last;
  for (int guard = 0; guard < 10 && !path.empty(); ++guard) {
    last = d.Agent().Get(path);
    ASSERT_EQ(last.status, 200) << last.body;
    for (auto x : Ids(last["audits"])) walked.push_back(x);
    const auto& next = last["links"].at("next");
    path = next.is_null() ? "" : PathOf(std::string(next.as_string()), d.server.base());
  }
  EXPECT_EQ(walked, all);
  EXPECT_FALSE(last["meta"].at("has_more").as_bool());

  // Back from the last page.
  auto prev = d.Agent().Get(PathOf(std::string(last["links"].at("prev").as_string()), d.server.base()));
  ASSERT_EQ(prev.status, 200) << prev.body;
  EXPECT_EQ(Ids(prev["audits"]), (std::vector<std::int64_t>{all[4], all[5]}));

  auto desc = d.Agent().Get("/api/v2/tickets/" + S(id) + "/audits.json?sort_order=desc");
  ASSERT_EQ(desc.status, 200);
  std::vector<std::int64_t> reversed(all.rbegin(), all.rend());
  EXPECT_EQ(Ids(desc["audits"]), reversed);
}

TEST(Audits, AnUnchangedUpdateAddsNoAudit) {
  Desk d;
  const auto id = d.NewTicket("carol@customer.example");
  Ok(d.Agent().Put(TicketPath(id), R"({"ticket":{"priority":"normal"}})"));
  auto r = d.Agent().Get(AuditsPath(id));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r["count"].as_int64(), 1);
}

// ------------------------------------------------------------------ metrics

TEST(Metrics, LifecycleHasExactCountsAndInstants) {
  Desk d;
  const auto id = Lifecycle(d);
  SetClock(d, "2026-03-02T18:00:00Z");
  auto r = d.Agent().Get(MetricsPath(id));
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& m = r["ticket_metric"].as_object();
  EXPECT_EQ(m.at("id").as_int64(), id);
  EXPECT_EQ(m.at("ticket_id").as_int64(), id);
  EXPECT_EQ(m.at("url").as_string(), d.server.base() + "/api/v2/ticket_metrics/" + S(id) + ".json");
  EXPECT_EQ(m.at("replies").as_int64(), 1) << "one public agent reply; the note and Alice's answer are not replies";
  EXPECT_EQ(m.at("reopens").as_int64(), 0);
  EXPECT_EQ(m.at("created_at").as_string(), "2026-03-02T12:00:00Z");
  EXPECT_EQ(m.at("updated_at").as_string(), "2026-03-02T16:00:00Z");
  EXPECT_EQ(m.at("solved_at").as_string(), "2026-03-02T16:00:00Z");
  EXPECT_EQ(m.at("chamado_first_status_activity_at").as_string(), "2026-03-02T12:00:00Z");
  EXPECT_EQ(m.at("chamado_last_status_activity_at").as_string(), "2026-03-02T16:00:00Z");
  EXPECT_EQ(m.at("status_updated_at").as_string(), "2026-03-02T16:00:00Z");
  EXPECT_EQ(m.at("assigned_at").as_string(), "2026-03-02T12:10:00Z");
  EXPECT_EQ(m.at("initially_assigned_at").as_string(), "2026-03-02T12:10:00Z");
  EXPECT_EQ(m.at("latest_comment_added_at").as_string(), "2026-03-02T15:00:00Z");
  EXPECT_EQ(m.at("requester_updated_at").as_string(), "2026-03-02T16:00:00Z");
  EXPECT_EQ(m.at("assignee_updated_at").as_string(), "2026-03-02T13:00:00Z");
  EXPECT_EQ(m.at("assignee_stations").as_int64(), 1);
  EXPECT_EQ(m.at("group_stations").as_int64(), 0);
}

TEST(Metrics, LifecycleDurationsInMinutes) {
  Desk d;
  const auto id = Lifecycle(d);
  SetClock(d, "2026-03-03T09:00:00Z");  // the next morning: a solved ticket's clocks have stopped
  auto r = d.Agent().Get(MetricsPath(id));
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& m = r["ticket_metric"].as_object();
  auto calendar = [&](const char* k) { return m.at(k).at("calendar"); };
  EXPECT_EQ(calendar("reply_time_in_minutes").as_int64(), 30);
  // ---- sla: on the default calendar (Mon-Fri 08:30-18:00 São Paulo): Monday 09:00-09:30
  EXPECT_EQ(m.at("reply_time_in_minutes").at("business").as_int64(), 30);
  EXPECT_EQ(m.at("reply_time_in_seconds").at("calendar").as_int64(), 30 * 60);
  EXPECT_EQ(calendar("first_resolution_time_in_minutes").as_int64(), 240);
  EXPECT_EQ(calendar("full_resolution_time_in_minutes").as_int64(), 240);
  EXPECT_EQ(calendar("requester_wait_time_in_minutes").as_int64(), 10 + 50 + 60);
  EXPECT_EQ(calendar("agent_wait_time_in_minutes").as_int64(), 120);
  EXPECT_EQ(calendar("on_hold_time_in_minutes").as_int64(), 0);
}

TEST(Metrics, AReopenIsCountedAndTheLatestSolveWins) {
  Desk d;
  SetClock(d, "2026-03-02T09:00:00Z");
  const auto id = d.NewTicket("alice@customer.example", "Reopened", R"("assignee_id":)" + S(d.agent_id));
  SetClock(d, "2026-03-02T09:20:00Z");
  Ok(d.Agent().Put(TicketPath(id), R"({"ticket":{"status":"solved","comment":{"body":"Fixed"}}})"));
  SetClock(d, "2026-03-02T10:00:00Z");
  Ok(d.Alice().Put(RequestPath(id), R"({"request":{"comment":{"body":"Still broken"}}})"));
  SetClock(d, "2026-03-02T10:05:00Z");
  auto open = d.Agent().Get(MetricsPath(id))["ticket_metric"];
  EXPECT_EQ(open.at("reopens").as_int64(), 1);
  EXPECT_EQ(open.at("solved_at").as_string(), "2026-03-02T09:20:00Z");
  EXPECT_TRUE(open.at("full_resolution_time_in_minutes").at("calendar").is_null()) << "not solved now";
  EXPECT_EQ(open.at("requester_wait_time_in_minutes").at("calendar").as_int64(), 20 + 5) << "counts up to now";

  SetClock(d, "2026-03-02T11:00:00Z");
  Ok(d.Agent().Put(TicketPath(id), R"({"ticket":{"status":"solved"}})"));
  SetClock(d, "2026-03-02T12:00:00Z");
  auto r = d.Agent().Get(MetricsPath(id));
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& m = r["ticket_metric"].as_object();
  EXPECT_EQ(m.at("reopens").as_int64(), 1);
  EXPECT_EQ(m.at("replies").as_int64(), 1);
  EXPECT_EQ(m.at("solved_at").as_string(), "2026-03-02T11:00:00Z");
  EXPECT_EQ(m.at("first_resolution_time_in_minutes").at("calendar").as_int64(), 20);
  EXPECT_EQ(m.at("full_resolution_time_in_minutes").at("calendar").as_int64(), 120);
  EXPECT_EQ(m.at("reply_time_in_minutes").at("calendar").as_int64(), 20);
  EXPECT_EQ(m.at("initially_assigned_at").as_string(), "2026-03-02T09:00:00Z") << "assigned at creation";
  EXPECT_EQ(m.at("chamado_first_status_activity_at").as_string(), "2026-03-02T09:00:00Z");
  EXPECT_EQ(m.at("chamado_last_status_activity_at").as_string(), "2026-03-02T11:00:00Z");
}

TEST(Metrics, ANewTicketHasOnlyItsCreation) {
  Desk d;
  SetClock(d, "2026-03-02T09:00:00Z");
  const auto id = d.NewTicket("alice@customer.example");
  SetClock(d, "2026-03-02T09:45:30Z");
  auto r = d.Agent().Get(MetricsPath(id));
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& m = r["ticket_metric"].as_object();
  EXPECT_EQ(m.at("replies").as_int64(), 0) << "the agent's first comment is the description";
  EXPECT_EQ(m.at("reopens").as_int64(), 0);
  EXPECT_TRUE(m.at("solved_at").is_null());
  EXPECT_TRUE(m.at("assigned_at").is_null());
  EXPECT_TRUE(m.at("reply_time_in_minutes").at("calendar").is_null());
  EXPECT_EQ(m.at("requester_wait_time_in_minutes").at("calendar").as_int64(), 45);
  EXPECT_EQ(m.at("chamado_first_status_activity_at").as_string(), "2026-03-02T09:00:00Z");
  EXPECT_EQ(m.at("chamado_last_status_activity_at").as_string(), "2026-03-02T09:00:00Z");
  EXPECT_EQ(m.at("latest_comment_added_at").as_string(), "2026-03-02T09:00:00Z");
}

TEST(Metrics, AreForAgentsOnly) {
  Desk d;
  const auto id = Lifecycle(d);
  EXPECT_EQ(d.Alice().Get(MetricsPath(id)).status, 403);
  EXPECT_EQ(d.Alice().Get("/api/v2/ticket_metrics/" + S(id) + ".json").status, 403);
  EXPECT_EQ(d.Anonymous().Get(MetricsPath(id)).status, 401);
  EXPECT_EQ(d.Agent().Get(MetricsPath(id + 1000)).status, 404);
  auto same = d.Admin().Get("/api/v2/ticket_metrics/" + S(id) + ".json");
  ASSERT_EQ(same.status, 200) << same.body;
  EXPECT_EQ(same["ticket_metric"].at("ticket_id").as_int64(), id);
}

}  // namespace
}  // namespace it
