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

// ---- attachments: ":name" segments take any text (upload tokens, file names).
TEST(Router, TextSegmentsGoToWords) {
  Router r;
  r.Add("DELETE", "/api/v2/uploads/:token", AuthMode::kRequired, [](Ctx&) { return Response{}; });
  r.Add("GET", "/attachments/:id/:name", AuthMode::kRequired, [](Ctx&) { return Response{}; });
  std::vector<std::int64_t> ids;
  std::vector<std::string> words;
  bool mm = false;
  ASSERT_TRUE(r.Match("DELETE", "/api/v2/uploads/6bk3gql82em5nmf", ids, mm, &words));
  ASSERT_EQ(words.size(), 1u);
  EXPECT_EQ(words[0], "6bk3gql82em5nmf");
  ASSERT_TRUE(r.Match("GET", "/attachments/12/relat\xc3\xb3rio.pdf", ids, mm, &words));
  EXPECT_EQ(ids, std::vector<std::int64_t>{12});
  EXPECT_EQ(words, std::vector<std::string>{"relat\xc3\xb3rio.pdf"});
  EXPECT_FALSE(r.Match("GET", "/attachments/x/a.pdf", ids, mm, &words));  // :id stays an integer
  EXPECT_FALSE(r.Match("DELETE", "/api/v2/uploads", ids, mm, &words));
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
