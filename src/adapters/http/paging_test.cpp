#include "adapters/http/paging.hpp"

#include <gtest/gtest.h>

namespace chamado::http {
namespace {

Request Req(std::multimap<std::string, std::string> q) {
  Request r;
  r.path = "/api/v2/tickets";
  r.query = std::move(q);
  return r;
}

TEST(Paging, OffsetDefaultsAndLimits) {
  auto p = ParsePaging(Req({}), true);
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->cursor);
  EXPECT_EQ(p->req.limit, 100);
  p = ParsePaging(Req({{"per_page", "500"}, {"page", "3"}}), true);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->req.limit, 100);
  EXPECT_EQ(p->req.offset, 200);
  EXPECT_FALSE(ParsePaging(Req({{"page", "101"}}), true));  // past 10,000 records
  EXPECT_FALSE(ParsePaging(Req({{"page", "x"}}), true));
}

TEST(Paging, CursorOnlyWhereOffered) {
  auto p = ParsePaging(Req({{"page[size]", "2"}, {"page[after]", "7"}}), true);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->cursor);
  EXPECT_EQ(p->req.after_id, 7);
  EXPECT_FALSE(ParsePaging(Req({{"page[size]", "2"}}), false));
  EXPECT_FALSE(ParsePaging(Req({{"page[size]", "2"}, {"page[after]", "zz"}}), true));
}

TEST(Paging, CursorLinksAreAbsoluteAndNullOnTheLastPage) {
  auto r = Req({{"page[size]", "2"}, {"role", "agent"}});
  auto p = ParsePaging(r, true);
  ASSERT_TRUE(p);
  Urls u{"http://127.0.0.1:8080"};
  json::object body;
  AddPaging(body, r, u, *p, 0, /*has_more=*/true, 2, 3, 4);
  const auto next = std::string(body["links"].as_object()["next"].as_string());
  EXPECT_EQ(next.rfind("http://127.0.0.1:8080/api/v2/tickets.json?", 0), 0u) << next;
  EXPECT_NE(next.find("role=agent"), std::string::npos);
  EXPECT_NE(next.find("page%5Bafter%5D=4"), std::string::npos);
  json::object last;
  AddPaging(last, r, u, *p, 0, /*has_more=*/false, 1, 5, 5);
  EXPECT_TRUE(last["links"].as_object()["next"].is_null());
  EXPECT_FALSE(last["meta"].as_object()["has_more"].as_bool());
}

TEST(Paging, OffsetLinks) {
  auto r = Req({{"per_page", "2"}});
  auto p = ParsePaging(r, true);
  Urls u{"http://h"};
  json::object body;
  AddPaging(body, r, u, *p, 5, false, 2, 1, 2);
  EXPECT_EQ(body["count"].as_int64(), 5);
  EXPECT_EQ(std::string(body["next_page"].as_string()), "http://h/api/v2/tickets.json?page=2&per_page=2");
  EXPECT_TRUE(body["previous_page"].is_null());
}

}  // namespace
}  // namespace chamado::http
