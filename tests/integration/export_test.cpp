// Incremental ticket exports over HTTP (zendesk-compat.md §8 "Incremental exports"): the
// cursor export walks every ticket in (updated_at, id) order and picks up later changes
// after its cursor; the time-based export pages on end_time. Both leave out what changed in
// the last minute, which the manual clock makes exact.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "harness.hpp"

namespace it {
namespace {

// 2026-03-02T10:00:00Z.
constexpr std::int64_t kTen = 1772445600;

void SetClock(Desk& d, const std::string& iso) {
  auto r = d.Anonymous().Post("/api/v2/chamado/test/clock", R"({"now":")" + iso + R"("})");
  ASSERT_EQ(r.status, 200) << r.body;
}

void Advance(Desk& d, int seconds) {
  auto r = d.Anonymous().Post("/api/v2/chamado/test/clock", R"({"advance_seconds":)" + S(seconds) + "}");
  ASSERT_EQ(r.status, 200) << r.body;
}

void Touch(Desk& d, std::int64_t id, const std::string& tag) {
  auto r = d.Agent().Put("/api/v2/tickets/" + S(id) + ".json", R"({"ticket":{"tags":[")" + tag + R"("]}})");
  ASSERT_EQ(r.status, 200) << r.body;
}

std::vector<std::int64_t> Ids(const json::value& arr) {
  std::vector<std::int64_t> out;
  for (const auto& e : arr.as_array()) out.push_back(e.at("id").as_int64());
  return out;
}

std::string PathOf(const std::string& link, const std::string& base) {
  EXPECT_TRUE(link.starts_with(base + "/api/v2/")) << link << " does not start with " << base;
  return link.starts_with(base) ? link.substr(base.size()) : link;
}

// Five tickets created ten seconds apart from 10:00:00, then the second one changed at
// 10:01:00; the clock ends at 10:03:00, when all of it has settled. Export order:
// t1, t3, t4, t5, t2.
struct Five {
  std::vector<std::int64_t> t;  // t[0] is t1
  std::vector<std::int64_t> order;
};

Five MakeFive(Desk& d) {
  Five f;
  SetClock(d, "2026-03-02T10:00:00Z");
  for (int i = 0; i < 5; ++i) {
    f.t.push_back(d.NewTicket("alice@customer.example", "Ticket " + S(i + 1)));
    Advance(d, 10);
  }
  SetClock(d, "2026-03-02T10:01:00Z");
  Touch(d, f.t[1], "changed");
  SetClock(d, "2026-03-02T10:03:00Z");
  f.order = {f.t[0], f.t[2], f.t[3], f.t[4], f.t[1]};
  return f;
}

// ------------------------------------------------------------------ cursor export

TEST(ExportCursor, WalksEveryTicketInUpdateOrderToTheEndOfTheStream) {
  Desk d;
  auto f = MakeFive(d);
  std::vector<std::int64_t> walked;
  std::vector<bool> ends;
  std::string path = "/api/v2/incremental/tickets/cursor.json?start_time=" + S(kTen) + "&per_page=2";
  Response last;
  for (int guard = 0; guard < 10; ++guard) {
    last = d.Agent().Get(path);
    ASSERT_EQ(last.status, 200) << last.body;
    for (auto id : Ids(last["tickets"])) walked.push_back(id);
    ends.push_back(last["end_of_stream"].as_bool());
    ASSERT_TRUE(last["after_cursor"].is_string());
    EXPECT_TRUE(last["before_cursor"].is_null());
    if (last["end_of_stream"].as_bool()) break;
    path = PathOf(std::string(last["after_url"].as_string()), d.server.base());
  }
  EXPECT_EQ(walked, f.order);
  EXPECT_EQ(ends, (std::vector<bool>{false, false, true}));
  const auto& first = last["tickets"].at(0).as_object();
  EXPECT_EQ(first.at("id").as_int64(), f.t[1]);
  EXPECT_EQ(first.at("updated_at").as_string(), "2026-03-02T10:01:00Z");
  EXPECT_EQ(first.at("generated_timestamp").as_int64(), kTen + 60);
  EXPECT_EQ(first.at("tags").at(0).as_string(), "changed");
}

TEST(ExportCursor, ALaterChangeReappearsAfterTheCursorOnceSettled) {
  Desk d;
  auto f = MakeFive(d);
  auto all = d.Agent().Get("/api/v2/incremental/tickets/cursor.json?start_time=0");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(Ids(all["tickets"]), f.order);
  ASSERT_TRUE(all["end_of_stream"].as_bool());
  const std::string cursor(all["after_cursor"].as_string());
  EXPECT_EQ(cursor.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos)
      << "URL-safe: " << cursor;
  auto by_cursor = [&](const std::string& c) {
    return d.Agent().Get("/api/v2/incremental/tickets/cursor.json?cursor=" + c);
  };

  auto nothing = by_cursor(cursor);
  ASSERT_EQ(nothing.status, 200) << nothing.body;
  EXPECT_TRUE(nothing["tickets"].as_array().empty());
  EXPECT_TRUE(nothing["end_of_stream"].as_bool());
  EXPECT_EQ(nothing["after_cursor"].as_string(), cursor) << "nothing new: poll again from the same place";

  Touch(d, f.t[0], "again");  // at 10:03:00
  EXPECT_TRUE(by_cursor(cursor)["tickets"].as_array().empty()) << "changed in the last minute";
  Advance(d, 59);
  EXPECT_TRUE(by_cursor(cursor)["tickets"].as_array().empty()) << "still within the minute";
  Advance(d, 1);
  auto again = by_cursor(cursor);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Ids(again["tickets"]), std::vector<std::int64_t>{f.t[0]});
  EXPECT_TRUE(again["end_of_stream"].as_bool());
  EXPECT_NE(again["after_cursor"].as_string(), cursor);
  EXPECT_TRUE(by_cursor(std::string(again["after_cursor"].as_string()))["tickets"].as_array().empty());
}

TEST(ExportCursor, StartTimeIsInclusiveAndTheCursorWinsOverIt) {
  Desk d;
  auto f = MakeFive(d);
  auto from = d.Agent().Get("/api/v2/incremental/tickets/cursor.json?start_time=" + S(kTen + 30));
  ASSERT_EQ(from.status, 200) << from.body;
  EXPECT_EQ(Ids(from["tickets"]), (std::vector<std::int64_t>{f.t[3], f.t[4], f.t[1]}));

  // node-zendesk's exportCursor sends start_time with the cursor, and page[size]=100.
  auto first = d.Agent().Get("/api/v2/incremental/tickets/cursor.json?start_time=0&page[size]=2");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(Ids(first["tickets"]), (std::vector<std::int64_t>{f.t[0], f.t[2]}));
  auto next = d.Agent().Get("/api/v2/incremental/tickets/cursor.json?start_time=0&page[size]=2&cursor=" +
                            std::string(first["after_cursor"].as_string()));
  ASSERT_EQ(next.status, 200);
  EXPECT_EQ(Ids(next["tickets"]), (std::vector<std::int64_t>{f.t[3], f.t[4]}));
}

TEST(ExportCursor, RefusesBadInputAndEndUsers) {
  Desk d;
  SetClock(d, "2026-03-02T10:00:00Z");
  const std::string base = "/api/v2/incremental/tickets/cursor.json";
  EXPECT_EQ(d.Agent().Get(base).status, 400) << "start_time or cursor is required";
  EXPECT_EQ(d.Agent().Get(base + "?start_time=yesterday").status, 400);
  EXPECT_EQ(d.Agent().Get(base + "?start_time=-5").status, 400);
  EXPECT_EQ(d.Agent().Get(base + "?cursor=not*a*cursor").status, 400);
  EXPECT_EQ(d.Agent().Get(base + "?cursor=MTIz").status, 400) << "base64 of 123, not one of ours";
  EXPECT_EQ(d.Agent().Get(base + "?start_time=0&per_page=0").status, 400);
  auto future = d.Agent().Get(base + "?start_time=" + S(kTen + 3600));
  EXPECT_EQ(future.status, 422) << future.body;
  EXPECT_TRUE(future["details"].as_object().contains("start_time")) << future.body;
  EXPECT_EQ(d.Agent().Get(base + "?start_time=" + S(kTen)).status, 200) << "now is not the future";
  EXPECT_EQ(d.Alice().Get(base + "?start_time=0").status, 403);
  EXPECT_EQ(d.Anonymous().Get(base + "?start_time=0").status, 401);
  EXPECT_EQ(d.Admin().Get(base + "?start_time=0").status, 200);
}

// ------------------------------------------------------------------ time-based export

TEST(ExportTime, PagesOnEndTimeWithPerPageUntilTheEndOfTheStream) {
  Desk d;
  auto f = MakeFive(d);
  std::vector<std::int64_t> seen;  // first sightings; the last second of a page repeats
  std::vector<std::int64_t> end_times;
  std::string path = "/api/v2/incremental/tickets.json?start_time=" + S(kTen) + "&per_page=2";
  Response page;
  for (int guard = 0; guard < 10; ++guard) {
    page = d.Agent().Get(path);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_EQ(page["count"].as_int64(), static_cast<std::int64_t>(page["tickets"].as_array().size()));
    for (auto id : Ids(page["tickets"]))
      if (std::find(seen.begin(), seen.end(), id) == seen.end()) seen.push_back(id);
    end_times.push_back(page["end_time"].as_int64());
    const std::string next(page["next_page"].as_string());
    EXPECT_NE(next.find("start_time=" + S(page["end_time"].as_int64())), std::string::npos) << next;
    if (page["end_of_stream"].as_bool()) break;
    path = PathOf(next, d.server.base());
  }
  EXPECT_EQ(seen, f.order);
  EXPECT_EQ(end_times, (std::vector<std::int64_t>{kTen + 20, kTen + 30, kTen + 40, kTen + 60}));
  EXPECT_EQ(Ids(page["tickets"]), (std::vector<std::int64_t>{f.t[4], f.t[1]}));
}

TEST(ExportTime, LeavesOutWhatChangedInTheLastMinute) {
  Desk d;
  auto f = MakeFive(d);
  Touch(d, f.t[2], "late");  // at 10:03:00
  const std::string path = "/api/v2/incremental/tickets.json?start_time=" + S(kTen + 60);
  auto before = d.Agent().Get(path);
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(Ids(before["tickets"]), std::vector<std::int64_t>{f.t[1]});
  EXPECT_TRUE(before["end_of_stream"].as_bool());
  EXPECT_EQ(before["end_time"].as_int64(), kTen + 60);
  Advance(d, 59);
  EXPECT_EQ(Ids(d.Agent().Get(path)["tickets"]), std::vector<std::int64_t>{f.t[1]});
  Advance(d, 1);
  auto after = d.Agent().Get(path);
  EXPECT_EQ(Ids(after["tickets"]), (std::vector<std::int64_t>{f.t[1], f.t[2]}));
  EXPECT_EQ(after["end_time"].as_int64(), kTen + 180);

  // Nothing settled at or after start_time: an empty page that keeps its place.
  auto empty = d.Agent().Get("/api/v2/incremental/tickets.json?start_time=" + S(kTen + 200));
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_TRUE(empty["tickets"].as_array().empty());
  EXPECT_EQ(empty["count"].as_int64(), 0);
  EXPECT_TRUE(empty["end_of_stream"].as_bool());
  EXPECT_EQ(empty["end_time"].as_int64(), kTen + 200);
}

TEST(ExportTime, APageNeverSplitsASecond) {
  Desk d;
  SetClock(d, "2026-03-02T10:00:00Z");
  const auto a = d.NewTicket("alice@customer.example", "A");
  const auto b = d.NewTicket("alice@customer.example", "B");
  const auto c = d.NewTicket("alice@customer.example", "C");
  SetClock(d, "2026-03-02T10:00:10Z");
  const auto e = d.NewTicket("alice@customer.example", "E");
  SetClock(d, "2026-03-02T10:05:00Z");

  auto p1 = d.Agent().Get("/api/v2/incremental/tickets.json?start_time=" + S(kTen) + "&per_page=2");
  ASSERT_EQ(p1.status, 200) << p1.body;
  EXPECT_EQ(Ids(p1["tickets"]), (std::vector<std::int64_t>{a, b, c})) << "the whole of 10:00:00, past per_page";
  EXPECT_EQ(p1["count"].as_int64(), 3);
  EXPECT_FALSE(p1["end_of_stream"].as_bool());
  EXPECT_EQ(p1["end_time"].as_int64(), kTen + 1) << "all one second: the next page starts after it";
  auto p2 = d.Agent().Get(PathOf(std::string(p1["next_page"].as_string()), d.server.base()));
  ASSERT_EQ(p2.status, 200) << p2.body;
  EXPECT_EQ(Ids(p2["tickets"]), std::vector<std::int64_t>{e});
  EXPECT_TRUE(p2["end_of_stream"].as_bool());
}

TEST(ExportTime, RefusesBadStartTimesAndEndUsers) {
  Desk d;
  SetClock(d, "2026-03-02T10:00:00Z");
  const std::string base = "/api/v2/incremental/tickets.json";
  auto missing = d.Agent().Get(base);
  EXPECT_EQ(missing.status, 400) << missing.body;
  EXPECT_NE(missing.body.find("start_time"), std::string::npos) << missing.body;
  EXPECT_EQ(d.Agent().Get(base + "?start_time=").status, 400);
  EXPECT_EQ(d.Agent().Get(base + "?start_time=12abc").status, 400);
  EXPECT_EQ(d.Agent().Get(base + "?start_time=0&per_page=x").status, 400);
  auto future = d.Agent().Get(base + "?start_time=" + S(kTen + 1));
  EXPECT_EQ(future.status, 422) << future.body;
  EXPECT_TRUE(future["details"].as_object().contains("start_time")) << future.body;
  EXPECT_EQ(d.Bob().Get(base + "?start_time=0").status, 403);
  EXPECT_EQ(d.Anonymous().Get(base + "?start_time=0").status, 401);
}

}  // namespace
}  // namespace it
