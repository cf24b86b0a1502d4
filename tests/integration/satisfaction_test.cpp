// Satisfaction ratings (docs/satisfaction.md; PRODUCT.md §8; zendesk-compat.md §12): the
// requester rates a solved ticket good or bad with a comment within the window (14 days by
// default) counted from when it was solved, on the manual clock; re-rating replaces the score;
// agents list the ratings with Zendesk's score filters and read the report per agent and group.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"

namespace it {
namespace {

// case-lifecycle's status ids (config/workflows/case-lifecycle.toml).
constexpr std::int64_t kInProgress = 2;
constexpr std::int64_t kAwaitingResponse = 5;
constexpr std::int64_t kResolved = 6;
constexpr std::int64_t kClosed = 7;
constexpr std::int64_t kClosedByYou = 8;

constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 24 * kHour;
// Far from the real date (see timers_test.cpp).
constexpr std::int64_t kT0 = 1898856000;  // 2030-03-04T12:00:00Z

std::string RatePath(std::int64_t id) { return "/api/v2/tickets/" + S(id) + "/satisfaction_rating.json"; }

std::string RatingBody(const std::string& score, const std::string& comment = "") {
  json::object r{{"score", score}};
  if (!comment.empty()) r["comment"] = comment;
  return json::serialize(json::object{{"satisfaction_rating", r}});
}

class Satisfaction : public ::testing::Test {
 protected:
  Desk d;

  void SetUp() override { SetClock(kT0); }

  void SetClock(std::int64_t unix_seconds) {
    auto r = d.Anonymous().Post("/api/v2/chamado/test/clock", R"({"now":")" + Iso(unix_seconds) + R"("})");
    ASSERT_EQ(r.status, 200) << r.body;
  }

  std::int64_t NewTicket(const std::string& extra = "", const std::string& requester = "alice@customer.example") {
    std::string fields = R"("assignee_id":)" + S(d.agent_id);
    if (!extra.empty()) fields += "," + extra;
    return d.NewTicket(requester, "Rated", fields);
  }

  void SetStatus(std::int64_t id, std::int64_t status, Client as) {
    auto r = as.Put(TicketPath(id), R"({"ticket":{"custom_status_id":)" + S(status) + "}}");
    ASSERT_EQ(r.status, 200) << r.body;
  }
  void Resolve(std::int64_t id) { SetStatus(id, kResolved, d.Agent()); }

  json::object TicketRating(std::int64_t id) {
    auto r = d.Agent().Get(TicketPath(id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r["ticket"].at("satisfaction_rating").as_object() : json::object{};
  }

  std::int64_t StatusOf(std::int64_t id) {
    auto r = d.Agent().Get(TicketPath(id));
    return r.status == 200 ? r["ticket"].at("custom_status_id").as_int64() : -1;
  }

  bool WaitForStatus(std::int64_t id, std::int64_t status) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < end) {
      if (StatusOf(id) == status) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  // Rates `id` as `who`; expects `status`; returns the satisfaction_rating object (or {}).
  json::object Rate(Client who, std::int64_t id, const std::string& score, const std::string& comment,
                    int status = 201) {
    auto r = who.Post(RatePath(id), RatingBody(score, comment));
    EXPECT_EQ(r.status, status) << r.body;
    return r.status / 100 == 2 ? r["satisfaction_rating"].as_object() : json::object{};
  }

  std::vector<std::int64_t> ListedTickets(const std::string& query) {
    auto r = d.Agent().Get("/api/v2/satisfaction_ratings.json" + query);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    std::vector<std::int64_t> out;
    if (r.status != 200) return out;
    for (const auto& x : r["satisfaction_ratings"].as_array()) out.push_back(x.at("ticket_id").as_int64());
    return out;
  }

  std::int64_t NewGroup(const std::string& name) {
    auto r = d.Admin().Post("/api/v2/groups.json", R"({"group":{"name":")" + name + R"("}})");
    EXPECT_EQ(r.status, 201) << r.body;
    return r["group"].at("id").as_int64();
  }
};

TEST_F(Satisfaction, TheRequesterRatesGoodWithACommentAfterResolved) {
  const auto group = NewGroup("Payments");
  const auto id = NewTicket(R"("group_id":)" + S(group));
  EXPECT_EQ(TicketRating(id).at("score"), "unoffered");
  EXPECT_TRUE(TicketRating(id).at("id").is_null());

  SetClock(kT0 + kHour);
  Resolve(id);
  EXPECT_EQ(TicketRating(id).at("score"), "offered") << "solving offers the rating";

  SetClock(kT0 + 2 * kHour);
  auto rating = Rate(d.Alice(), id, "good", "Fast and kind");
  ASSERT_FALSE(rating.empty());
  EXPECT_EQ(rating.at("score"), "good");
  EXPECT_EQ(rating.at("comment"), "Fast and kind");
  EXPECT_EQ(rating.at("ticket_id").as_int64(), id);
  EXPECT_EQ(rating.at("requester_id").as_int64(), d.alice_id);
  EXPECT_EQ(rating.at("assignee_id").as_int64(), d.agent_id);
  EXPECT_EQ(rating.at("group_id").as_int64(), group);
  EXPECT_EQ(Str(rating.at("created_at")), Iso(kT0 + 2 * kHour));
  EXPECT_EQ(Str(rating.at("updated_at")), Iso(kT0 + 2 * kHour));
  const auto rid = rating.at("id").as_int64();
  EXPECT_EQ(Str(rating.at("url")), d.server.base() + "/api/v2/satisfaction_ratings/" + S(rid) + ".json");

  // The ticket (agents) and the request (the requester) show it, in Zendesk's shape.
  auto on_ticket = TicketRating(id);
  EXPECT_EQ(on_ticket.at("score"), "good");
  EXPECT_EQ(on_ticket.at("comment"), "Fast and kind");
  EXPECT_EQ(on_ticket.at("id").as_int64(), rid);
  auto req = d.Alice().Get("/api/v2/requests/" + S(id) + ".json");
  ASSERT_EQ(req.status, 200) << req.body;
  EXPECT_EQ(req["request"].at("satisfaction_rating").at("score"), "good");
  EXPECT_EQ(req["request"].at("satisfaction_rating").at("id").as_int64(), rid);

  // Agents read it by id; the customer may not.
  auto shown = d.Agent().Get("/api/v2/satisfaction_ratings/" + S(rid) + ".json");
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(shown["satisfaction_rating"].at("comment"), "Fast and kind");
  EXPECT_EQ(d.Alice().Get("/api/v2/satisfaction_ratings/" + S(rid) + ".json").status, 403);
  EXPECT_EQ(d.Agent().Get("/api/v2/satisfaction_ratings/999999.json").status, 404);

  // The timeline: an audit by the requester with the rating's event.
  auto audits = d.Agent().Get("/api/v2/tickets/" + S(id) + "/audits.json");
  ASSERT_EQ(audits.status, 200);
  const auto& last = audits["audits"].as_array().back();
  EXPECT_EQ(last.at("author_id").as_int64(), d.alice_id);
  EXPECT_EQ(last.at("events").at(0).at("type"), "SatisfactionRating");
  EXPECT_EQ(last.at("events").at(0).at("value"), "good");
}

TEST_F(Satisfaction, RatingBeforeTheTicketIsSolvedIsRefused) {
  const auto id = NewTicket();
  auto r = d.Alice().Post(RatePath(id), RatingBody("good"));
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_TRUE(DetailsName(r, "status")) << r.body;
  EXPECT_EQ(TicketRating(id).at("score"), "unoffered");
  EXPECT_TRUE(ListedTickets("").empty());

  // A bad score is named too, even on a solved ticket.
  Resolve(id);
  auto bad = d.Alice().Post(RatePath(id), RatingBody("excellent"));
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_TRUE(DetailsName(bad, "score")) << bad.body;
}

TEST_F(Satisfaction, OnlyTheRequesterRatesAndOthersSeeNothing) {
  const auto id = NewTicket();
  Resolve(id);
  // Another customer: the ticket does not exist for them, through either API.
  EXPECT_EQ(d.Bob().Post(RatePath(id), RatingBody("bad")).status, 404);
  EXPECT_EQ(d.Bob().Post("/api/v2/requests/" + S(id) + "/satisfaction_rating.json", RatingBody("bad")).status, 404);
  EXPECT_EQ(d.Bob().Post(RatePath(999999), RatingBody("bad")).status, 404);
  // Nobody signed in.
  EXPECT_EQ(d.Anonymous().Post(RatePath(id), RatingBody("bad")).status, 401);
  // An agent sees the ticket but is not its requester.
  auto agent = d.Agent().Post(RatePath(id), RatingBody("good"));
  EXPECT_EQ(agent.status, 422) << agent.body;
  EXPECT_TRUE(DetailsName(agent, "requester_id")) << agent.body;
  // A CC sees it too, and may not rate it either.
  ASSERT_EQ(d.Agent().Put(TicketPath(id), R"({"ticket":{"collaborator_ids":[)" + S(d.bob_id) + "]}}").status, 200);
  auto cc = d.Bob().Post(RatePath(id), RatingBody("bad"));
  EXPECT_EQ(cc.status, 422) << cc.body;
  EXPECT_TRUE(DetailsName(cc, "requester_id")) << cc.body;
  EXPECT_EQ(TicketRating(id).at("score"), "offered");
  EXPECT_TRUE(ListedTickets("").empty());

  // The requester through the Requests API (the portal).
  auto r = d.Alice().Post("/api/v2/requests/" + S(id) + "/satisfaction_rating.json", RatingBody("good", "ok"));
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST_F(Satisfaction, TheWindowStartsWhenSolvedAndOutlivesTheAutomaticClose) {
  const auto id = NewTicket();
  Resolve(id);  // at T0; closes by itself after 7 days
  // Day 8: closed by the rule, still within the 14-day window.
  SetClock(kT0 + 8 * kDay);
  ASSERT_TRUE(WaitForStatus(id, kClosed));
  EXPECT_EQ(TicketRating(id).at("score"), "offered");
  Rate(d.Alice(), id, "bad", "took a while");
  // The window's last second is in; the next one is out.
  SetClock(kT0 + 14 * kDay);
  Rate(d.Alice(), id, "good", "", 200);
  SetClock(kT0 + 14 * kDay + 1);
  auto late = d.Alice().Post(RatePath(id), RatingBody("bad"));
  EXPECT_EQ(late.status, 422) << late.body;
  EXPECT_TRUE(DetailsName(late, "satisfaction_rating")) << late.body;
  EXPECT_EQ(TicketRating(id).at("score"), "good") << "a refused rating changes nothing";
}

TEST_F(Satisfaction, TimersAndTheCustomersOwnCloseOfferItToo) {
  // Awaiting your response, no answer in 48 h: closed by the rule, offered from then on.
  const auto waiting = NewTicket();
  SetStatus(waiting, kAwaitingResponse, d.Agent());
  SetClock(kT0 + 49 * kHour);
  ASSERT_TRUE(WaitForStatus(waiting, kClosed));
  EXPECT_EQ(TicketRating(waiting).at("score"), "offered");
  Rate(d.Alice(), waiting, "bad", "nobody asked twice");
  // 15 days after that close, too late: the window counts from the close, not the creation.
  SetClock(kT0 + 49 * kHour + 15 * kDay);
  EXPECT_EQ(d.Alice().Post(RatePath(waiting), RatingBody("good")).status, 422);

  // "Closed by you": the customer closed it; their verdict is welcome.
  const auto mine = NewTicket();
  auto closed = d.Alice().Put("/api/v2/requests/" + S(mine) + ".json", R"({"request":{"solved":true}})");
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(StatusOf(mine), kClosedByYou);
  EXPECT_EQ(TicketRating(mine).at("score"), "offered");
  Rate(d.Alice(), mine, "good", "");
}

TEST_F(Satisfaction, ReRatingReplacesTheScoreAndAReopenSuspendsIt) {
  const auto id = NewTicket();
  Resolve(id);
  auto first = Rate(d.Alice(), id, "good", "great");
  SetClock(kT0 + kHour);
  auto second = Rate(d.Alice(), id, "bad", "it broke again", 200);
  ASSERT_FALSE(second.empty());
  EXPECT_EQ(second.at("id"), first.at("id")) << "one rating per ticket, changed";
  EXPECT_EQ(second.at("score"), "bad");
  EXPECT_EQ(second.at("comment"), "it broke again");
  EXPECT_EQ(Str(second.at("created_at")), Iso(kT0));
  EXPECT_EQ(Str(second.at("updated_at")), Iso(kT0 + kHour));
  EXPECT_EQ(TicketRating(id).at("score"), "bad");
  EXPECT_EQ(ListedTickets(""), std::vector<std::int64_t>{id});
  // Both ratings are on the timeline.
  auto audits = d.Agent().Get("/api/v2/tickets/" + S(id) + "/audits.json");
  int rating_events = 0;
  for (const auto& a : audits["audits"].as_array())
    for (const auto& e : a.at("events").as_array())
      if (e.at("type") == "SatisfactionRating") ++rating_events;
  EXPECT_EQ(rating_events, 2);

  // The customer replies: reopened, not solved: no rating until it is solved again, and the
  // score given stays.
  auto reply = d.Alice().Put("/api/v2/requests/" + S(id) + ".json", R"({"request":{"comment":{"body":"again"}}})");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(StatusOf(id), kInProgress);
  EXPECT_EQ(TicketRating(id).at("score"), "bad");
  EXPECT_EQ(d.Alice().Post(RatePath(id), RatingBody("good")).status, 422);
  // Solved again 20 days later: a fresh window.
  SetClock(kT0 + 20 * kDay);
  Resolve(id);
  Rate(d.Alice(), id, "good", "fixed for real", 200);
  EXPECT_EQ(TicketRating(id).at("score"), "good");
}

TEST_F(Satisfaction, AgentsListRatingsByScoreAndTime) {
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 4; ++i) ids.push_back(NewTicket());
  for (auto id : ids) Resolve(id);
  SetClock(kT0 + kHour);
  Rate(d.Alice(), ids[0], "good", "");
  Rate(d.Alice(), ids[1], "bad", "slow");
  SetClock(kT0 + 3 * kDay);
  Rate(d.Alice(), ids[2], "good", "thanks");
  Rate(d.Alice(), ids[3], "bad", "");

  using V = std::vector<std::int64_t>;
  EXPECT_EQ(ListedTickets(""), (V{ids[0], ids[1], ids[2], ids[3]}));
  EXPECT_EQ(ListedTickets("?score=good"), (V{ids[0], ids[2]}));
  EXPECT_EQ(ListedTickets("?score=bad"), (V{ids[1], ids[3]}));
  EXPECT_EQ(ListedTickets("?score=received"), (V{ids[0], ids[1], ids[2], ids[3]}));
  EXPECT_EQ(ListedTickets("?score=good_with_comment"), (V{ids[2]}));
  EXPECT_EQ(ListedTickets("?score=bad_without_comment"), (V{ids[3]}));
  EXPECT_EQ(ListedTickets("?score=received_with_comment"), (V{ids[1], ids[2]}));
  const std::string day2 = S(kT0 + 2 * kDay);
  EXPECT_EQ(ListedTickets("?start_time=" + day2), (V{ids[2], ids[3]}));
  EXPECT_EQ(ListedTickets("?end_time=" + day2), (V{ids[0], ids[1]}));
  EXPECT_EQ(ListedTickets("?score=bad&start_time=" + day2), (V{ids[3]}));
  EXPECT_EQ(ListedTickets("?sort_order=desc&per_page=2"), (V{ids[3], ids[2]}));

  // Pagination as every list: offset with count, and cursors.
  auto page = d.Agent().Get("/api/v2/satisfaction_ratings.json?per_page=3");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page["count"].as_int64(), 4);
  EXPECT_TRUE(page["next_page"].is_string());
  auto cursor = d.Agent().Get("/api/v2/satisfaction_ratings.json?page[size]=3");
  ASSERT_EQ(cursor.status, 200) << cursor.body;
  EXPECT_EQ(cursor["satisfaction_ratings"].as_array().size(), 3u);
  EXPECT_TRUE(cursor["meta"].at("has_more").as_bool());

  // Refusals: customers, unknown scores, bad times.
  EXPECT_EQ(d.Alice().Get("/api/v2/satisfaction_ratings.json").status, 403);
  EXPECT_EQ(d.Anonymous().Get("/api/v2/satisfaction_ratings.json").status, 401);
  EXPECT_EQ(d.Agent().Get("/api/v2/satisfaction_ratings.json?score=great").status, 400);
  EXPECT_EQ(d.Agent().Get("/api/v2/satisfaction_ratings.json?start_time=yesterday").status, 400);
}

TEST_F(Satisfaction, TheReportCountsPerAgentAndPerGroup) {
  const auto agent2 = d.server.AddUser("agent2@test.example", "Agent Two", "agent");
  const auto g1 = NewGroup("Billing");
  const auto g2 = NewGroup("Access");
  auto make = [&](std::int64_t agent, std::int64_t group) {
    return d.NewTicket("alice@customer.example", "Rated",
                       R"("assignee_id":)" + S(agent) + R"(,"group_id":)" + S(group));
  };
  const auto a = make(d.agent_id, g1), b = make(d.agent_id, g1), c = make(agent2, g2), e = make(agent2, g1);
  for (auto id : {a, b, c, e}) Resolve(id);
  Rate(d.Alice(), a, "good", "");
  Rate(d.Alice(), b, "bad", "");
  Rate(d.Alice(), c, "good", "");
  Rate(d.Alice(), e, "good", "");
  // Rated later: outside the period asked below.
  SetClock(kT0 + 5 * kDay);
  const auto late = make(agent2, g2);
  Resolve(late);
  Rate(d.Alice(), late, "bad", "");

  auto row = [](const json::value& v) {
    return S(v.at("good").as_int64()) + "/" + S(v.at("bad").as_int64()) + "/" + S(v.at("total").as_int64()) + "/" +
           Str(v.at("score"));
  };
  const std::string period = "&start_time=" + S(kT0) + "&end_time=" + S(kT0 + kDay);
  auto by_agent = d.Agent().Get("/api/v2/chamado/reports/satisfaction.json?group_by=assignee" + period);
  ASSERT_EQ(by_agent.status, 200) << by_agent.body;
  const auto& rep = by_agent["satisfaction_report"];
  EXPECT_EQ(rep.at("group_by"), "assignee");
  std::map<std::int64_t, std::string> agents;
  for (const auto& r : rep.at("rows").as_array()) agents[r.at("assignee_id").as_int64()] = row(r);
  EXPECT_EQ(agents[d.agent_id], "1/1/2/50");
  EXPECT_EQ(agents[agent2], "2/0/2/100");
  EXPECT_EQ(agents.size(), 2u);
  EXPECT_EQ(row(rep.at("total")), "3/1/4/75");

  auto by_group = d.Agent().Get("/api/v2/chamado/reports/satisfaction.json?group_by=group" + period);
  ASSERT_EQ(by_group.status, 200) << by_group.body;
  std::map<std::int64_t, std::string> groups;
  for (const auto& r : by_group["satisfaction_report"].at("rows").as_array())
    groups[r.at("group_id").as_int64()] = row(r);
  EXPECT_EQ(groups[g1], "2/1/3/67");
  EXPECT_EQ(groups[g2], "1/0/1/100");

  // Without a period: every rating.
  auto all = d.Agent().Get("/api/v2/chamado/reports/satisfaction.json?group_by=group");
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(row(all["satisfaction_report"].at("total")), "3/2/5/60");

  EXPECT_EQ(d.Alice().Get("/api/v2/chamado/reports/satisfaction.json").status, 403);
  EXPECT_EQ(d.Agent().Get("/api/v2/chamado/reports/satisfaction.json?group_by=planet").status, 400);
}

}  // namespace
}  // namespace it
