#include "adapters/http/router.hpp"

#include <gtest/gtest.h>

namespace chamado::http {
namespace {

Router Make() {
  Router r;
  auto h = [](Ctx&) { return Response{}; };
  r.Add("GET", "/api/v2/tickets", AuthMode::kRequired, h);
  r.Add("GET", "/api/v2/tickets/show_many", AuthMode::kRequired, h);
  r.Add("GET", "/api/v2/tickets/:id", AuthMode::kRequired, h);
  r.Add("PUT", "/api/v2/tickets/:id", AuthMode::kRequired, h);
  r.Add("GET", "/api/v2/tickets/:id/comments", AuthMode::kRequired, h);
  return r;
}

TEST(Router, MatchesIdsAndStaticSegments) {
  auto r = Make();
  std::vector<std::int64_t> ids;
  bool mm = false;
  auto* route = r.Match("GET", "/api/v2/tickets/12/comments", ids, mm);
  ASSERT_TRUE(route);
  EXPECT_EQ(ids, std::vector<std::int64_t>{12});
  route = r.Match("GET", "/api/v2/tickets/show_many", ids, mm);
  ASSERT_TRUE(route);
  EXPECT_TRUE(ids.empty());
}

TEST(Router, NonNumericOrZeroIdsDoNotMatch) {
  auto r = Make();
  std::vector<std::int64_t> ids;
  bool mm = false;
  EXPECT_FALSE(r.Match("GET", "/api/v2/tickets/abc", ids, mm));
  EXPECT_FALSE(r.Match("GET", "/api/v2/tickets/0", ids, mm));
  EXPECT_FALSE(r.Match("GET", "/api/v2/tickets/12x", ids, mm));
}

TEST(Router, WrongMethodIsReported) {
  auto r = Make();
  std::vector<std::int64_t> ids;
  bool mm = false;
  EXPECT_FALSE(r.Match("DELETE", "/api/v2/tickets/5", ids, mm));
  EXPECT_TRUE(mm);
  EXPECT_FALSE(r.Match("GET", "/api/v2/nothing", ids, mm));
  EXPECT_FALSE(mm);
}

}  // namespace
}  // namespace chamado::http

#include "adapters/http/api.hpp"

namespace chamado::http {
namespace {

TEST(Api, OnlyQuickReadsRunOnTheIoThread) {
  Request r;
  r.method = "GET";
  r.path = "/api/v2/tickets/5";
  EXPECT_TRUE(Api::IsQuickRead(r));
  r.path = "/api/v2/search";
  EXPECT_FALSE(Api::IsQuickRead(r));
  r.path = "/api/v2/requests/search";
  EXPECT_FALSE(Api::IsQuickRead(r));
  r.path = "/api/v2/incremental/tickets/cursor";
  EXPECT_FALSE(Api::IsQuickRead(r));
  r.method = "POST";
  r.path = "/api/v2/tickets";
  EXPECT_FALSE(Api::IsQuickRead(r));
}

}  // namespace
}  // namespace chamado::http
