// Security rules (README "Authentication", zendesk-compat.md §2, §3, §5, §11.4): who may
// call what, what an end user may never see, and how bad credentials are answered.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness.hpp"

namespace it {
namespace {

std::string RequestPath(std::int64_t id) { return "/api/v2/requests/" + S(id) + ".json"; }

std::size_t CommentCount(Desk& d, std::int64_t id) {
  return d.Agent().Get("/api/v2/tickets/" + S(id) + "/comments.json")["comments"].as_array().size();
}

Response WithAuthorization(Desk& d, const std::string& method, const std::string& path, const std::string& value) {
  return d.Anonymous().Send(method, path, "", {{"Authorization", value}});
}

void ExpectUnauthenticated(const Response& r, const std::string& what) {
  EXPECT_EQ(r.status, 401) << what << ": " << r.body;
  EXPECT_EQ(r.json, json::parse(R"({"error":"Couldn't authenticate you"})")) << what << ": " << r.body;
  EXPECT_TRUE(r.Header("Content-Type").starts_with("application/json")) << what << ": " << r.Header("Content-Type");
  EXPECT_EQ(r.Header("Retry-After"), "") << what;
}

// ------------------------------------------------------------------ roles

TEST(Security, EndUsersAreForbiddenOnTheTicketsApi) {
  Desk d;
  auto own = d.NewTicket("alice@customer.example", "Hers");
  auto r = d.Alice().Get("/api/v2/tickets.json");
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r["error"].as_string(), "Forbidden");
  EXPECT_EQ(r.body.find("Hers"), std::string::npos);
  // Even her own ticket: the Tickets API is for agents.
  auto show = d.Alice().Get(TicketPath(own));
  EXPECT_EQ(show.status, 403) << show.body;
  EXPECT_EQ(show.body.find("Hers"), std::string::npos);
  EXPECT_EQ(d.Alice().Get("/api/v2/tickets/" + S(own) + "/comments.json").status, 403);
  EXPECT_EQ(d.Alice().Get("/api/v2/tickets/show_many.json?ids=" + S(own)).status, 403);
  EXPECT_EQ(d.Alice().Post("/api/v2/tickets.json", R"({"ticket":{"subject":"x","comment":{"body":"y"}}})").status, 403);
  auto put =
      d.Alice().Put(TicketPath(own), R"({"ticket":{"subject":"Renamed","comment":{"body":"sneaky","public":false}}})");
  EXPECT_EQ(put.status, 403) << put.body;
  EXPECT_EQ(d.Agent().Get(TicketPath(own))["ticket"].at("subject").as_string(), "Hers");
  EXPECT_EQ(CommentCount(d, own), 1u);
  EXPECT_EQ(d.Agent().Get("/api/v2/tickets.json")["count"].as_int64(), 1) << "the refused POST stored nothing";
}

TEST(Security, AnotherCustomersRequestIsNotFoundNeverForbidden) {
  Desk d;
  auto alices = d.NewTicket("alice@customer.example", "Private matter");
  const std::string missing = RequestPath(987654);
  auto not_there = d.Bob().Get(missing);
  ASSERT_EQ(not_there.status, 404);

  auto show = d.Bob().Get(RequestPath(alices));
  EXPECT_EQ(show.status, 404) << show.body;
  EXPECT_EQ(show.body, not_there.body) << "an invisible request reads exactly like a missing one";
  EXPECT_EQ(show.body.find("Private"), std::string::npos);

  auto comments = d.Bob().Get("/api/v2/requests/" + S(alices) + "/comments.json");
  EXPECT_EQ(comments.status, 404) << comments.body;
  EXPECT_EQ(comments.body.find("Private"), std::string::npos);

  auto reply = d.Bob().Put(RequestPath(alices), R"({"request":{"comment":{"body":"Bob was here"}}})");
  EXPECT_EQ(reply.status, 404) << reply.body;
  auto solve = d.Bob().Put(RequestPath(alices), R"({"request":{"solved":true}})");
  EXPECT_EQ(solve.status, 404) << solve.body;
  auto join = d.Bob().Put(RequestPath(alices), R"({"request":{"additional_collaborators":[)" + S(d.bob_id) + "]}}");
  EXPECT_EQ(join.status, 404) << join.body;

  auto t = d.Agent().Get(TicketPath(alices))["ticket"];
  EXPECT_EQ(t.at("custom_status_id").as_int64(), 1);
  EXPECT_TRUE(t.at("collaborator_ids").as_array().empty());
  EXPECT_EQ(CommentCount(d, alices), 1u);
  EXPECT_TRUE(d.Bob().Get("/api/v2/requests.json")["requests"].as_array().empty());
}

TEST(Security, InternalNotesNeverReachTheRequester) {
  Desk d;
  // A ticket whose very first comment is an internal note (an agent logging a call).
  auto r = d.Agent().Post("/api/v2/tickets.json",
                          R"({"ticket":{"subject":"Phone call","requester_id":)" + S(d.alice_id) +
                              R"(,"comment":{"body":"INTERNAL-FIRST: caller sounded like fraud","public":false}}})");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto id = r["ticket"].at("id").as_int64();
  EXPECT_FALSE(r["ticket"].at("is_public").as_bool());
  ASSERT_EQ(
      d.Agent()
          .Put(TicketPath(id), R"({"ticket":{"comment":{"body":"INTERNAL-LATER: check invoices","public":false}}})")
          .status,
      200);
  ASSERT_EQ(d.Agent().Put(TicketPath(id), R"({"ticket":{"comment":{"body":"Hello Alice, we got your call"}}})").status,
            200);

  const std::vector<std::string> paths{RequestPath(id), "/api/v2/requests/" + S(id) + "/comments.json",
                                       "/api/v2/requests.json", "/api/v2/requests/open.json",
                                       "/api/v2/requests/" + S(id) + "/comments.json?page%5Bsize%5D=10"};
  for (const auto& path : paths) {
    auto got = d.Alice().Get(path);
    EXPECT_EQ(got.status, 200) << path << ": " << got.body;
    EXPECT_EQ(got.body.find("INTERNAL"), std::string::npos) << path << " leaks an internal note: " << got.body;
  }
  auto comments = d.Alice().Get("/api/v2/requests/" + S(id) + "/comments.json");
  ASSERT_EQ(comments["comments"].as_array().size(), 1u) << comments.body;
  EXPECT_EQ(comments["comments"].at(0).at("body").as_string(), "Hello Alice, we got your call");
  // The agent still sees the description.
  EXPECT_EQ(d.Agent().Get(TicketPath(id))["ticket"].at("description").as_string(),
            "INTERNAL-FIRST: caller sounded like fraud");
}

TEST(Security, ARemovedCcLosesAccess) {
  Desk d;
  auto id = d.NewTicket("alice@customer.example", "Shared", R"("collaborators":[)" + S(d.bob_id) + "]");
  ASSERT_EQ(d.Bob().Get(RequestPath(id)).status, 200);
  auto r = d.Agent().Put(TicketPath(id), R"({"ticket":{"collaborators":[]}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r["ticket"].at("collaborator_ids").as_array().empty()) << r.body;
  EXPECT_EQ(d.Bob().Get(RequestPath(id)).status, 404);
  EXPECT_EQ(d.Bob().Get("/api/v2/requests/" + S(id) + "/comments.json").status, 404);
  EXPECT_TRUE(d.Bob().Get("/api/v2/requests/ccd.json")["requests"].as_array().empty());
}

TEST(Security, ACustomerCannotWriteAsSomeoneElse) {
  Desk d;
  auto id = d.NewTicket("alice@customer.example", "Authorship");
  auto r = d.Alice().Put(RequestPath(id),
                         R"({"request":{"comment":{"body":"from Alice","author_id":)" + S(d.agent_id) + "}}}");
  ASSERT_EQ(r.status, 200) << r.body;
  auto c = d.Agent().Get("/api/v2/tickets/" + S(id) + "/comments.json")["comments"].as_array();
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[1].at("author_id").as_int64(), d.alice_id);
  EXPECT_TRUE(c[1].at("public").as_bool());
}

TEST(Security, CommentHtmlIsEscaped) {
  Desk d;
  auto id = d.NewTicket("alice@customer.example", "Markup");
  auto r =
      d.Alice().Put(RequestPath(id), R"({"request":{"comment":{"body":"<script>alert(1)</script> & <b>hi</b>"}}})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto c = d.Agent().Get("/api/v2/tickets/" + S(id) + "/comments.json")["comments"].as_array();
  ASSERT_EQ(c.size(), 2u);
  const std::string html(c[1].at("html_body").as_string());
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos) << html;
  EXPECT_EQ(c[1].at("body").as_string(), "<script>alert(1)</script> & <b>hi</b>")
      << "the plain body is kept as written";
  // Client-sent html_body is not trusted either.
  auto h =
      d.Agent().Put(TicketPath(id), R"({"ticket":{"comment":{"html_body":"<p>ok</p><img src=x onerror=alert(1)>"}}})");
  ASSERT_EQ(h.status, 200) << h.body;
  auto shown = d.Alice().Get("/api/v2/requests/" + S(id) + "/comments.json");
  EXPECT_EQ(shown.body.find("onerror=alert(1)>"), std::string::npos) << shown.body;
}

TEST(Security, EndUsersCannotReadOtherUsers) {
  Desk d;
  auto other = d.Alice().Get("/api/v2/users/" + S(d.bob_id) + ".json");
  EXPECT_EQ(other.status, 404) << other.body;
  EXPECT_EQ(other.body.find("bob@"), std::string::npos);
  EXPECT_EQ(d.Alice().Get("/api/v2/users/" + S(d.agent_id) + ".json").status, 404);
  auto self = d.Alice().Get("/api/v2/users/" + S(d.alice_id) + ".json");
  ASSERT_EQ(self.status, 200) << self.body;
  EXPECT_EQ(self["user"].at("email").as_string(), "alice@customer.example");
  // Agents may.
  EXPECT_EQ(d.Agent().Get("/api/v2/users/" + S(d.bob_id) + ".json").status, 200);
}

// ------------------------------------------------------------------ credentials

TEST(Security, MissingCredentialsAre401WithTheZendeskBody) {
  Desk d;
  d.NewTicket("alice@customer.example", "Secret subject");
  auto r = d.Anonymous().Get("/api/v2/tickets.json");
  ExpectUnauthenticated(r, "GET /tickets");
  EXPECT_EQ(r.body.find("Secret"), std::string::npos);
  ExpectUnauthenticated(d.Anonymous().Get("/api/v2/tickets/1.json"), "GET /tickets/1");
  ExpectUnauthenticated(d.Anonymous().Post("/api/v2/tickets.json", R"({"ticket":{"comment":{"body":"x"}}})"),
                        "POST /tickets");
  ExpectUnauthenticated(d.Anonymous().Get("/api/v2/requests.json"), "GET /requests");
  ExpectUnauthenticated(d.Anonymous().Get("/api/v2/requests/1.json"), "GET /requests/1");
  ExpectUnauthenticated(d.Anonymous().Put("/api/v2/requests/1.json", R"({"request":{"solved":true}})"),
                        "PUT /requests/1");
  ExpectUnauthenticated(d.Anonymous().Get("/api/v2/users/1.json"), "GET /users/1");
}

TEST(Security, AnUnknownTokenIs401) {
  Desk d;
  ExpectUnauthenticated(Client(d.server, "alice@customer.example", "not-a-real-token").Get("/api/v2/requests.json"),
                        "unknown token");
  ExpectUnauthenticated(Client(d.server, "agent@test.example", d.agent_token + "x").Get("/api/v2/tickets.json"),
                        "token with a suffix");
  ExpectUnauthenticated(Client(d.server, "agent@test.example", "").Get("/api/v2/tickets.json"), "empty token");
}

TEST(Security, AValidTokenWithAnotherUsersEmailIs401) {
  Desk d;
  // Bob's e-mail with the agent's token must not make Bob an agent, nor the caller the agent.
  ExpectUnauthenticated(Client(d.server, "bob@customer.example", d.agent_token).Get("/api/v2/tickets.json"),
                        "agent token, bob's e-mail");
  ExpectUnauthenticated(Client(d.server, "agent@test.example", d.alice_token).Get("/api/v2/requests.json"),
                        "alice token, agent's e-mail");
  // The right pair works, with any e-mail case.
  EXPECT_EQ(Client(d.server, "Agent@Test.Example", d.agent_token).Get("/api/v2/tickets.json").status, 200);
}

TEST(Security, BasicEmailPasswordIsRefusedOnTheApi) {
  Desk d;
  auto set = RunCli({"admin", "user", "set-password", "--data", d.server.data(), "--email", "agent@test.example"},
                    "correct horse battery staple\n");
  ASSERT_EQ(set.exit_code, 0) << set.err;
  auto basic = httplib::make_basic_authentication_header("agent@test.example", "correct horse battery staple").second;
  ExpectUnauthenticated(WithAuthorization(d, "GET", "/api/v2/tickets.json", basic), "Basic email:password");
  // Nor the token used as a password.
  auto as_password = httplib::make_basic_authentication_header("agent@test.example", d.agent_token).second;
  ExpectUnauthenticated(WithAuthorization(d, "GET", "/api/v2/tickets.json", as_password), "Basic email:token");
  ExpectUnauthenticated(WithAuthorization(d, "GET", "/api/v2/tickets.json", "Token " + d.agent_token),
                        "unknown scheme");
  ExpectUnauthenticated(WithAuthorization(d, "GET", "/api/v2/tickets.json", "Basic !!!not-base64"), "garbage Basic");
}

TEST(Security, BearerTokenAuthenticatesItsUser) {
  Desk d;
  auto r = WithAuthorization(d, "GET", "/api/v2/tickets.json", "Bearer " + d.agent_token);
  EXPECT_EQ(r.status, 200) << r.body;
  auto me = WithAuthorization(d, "GET", "/api/v2/users/me.json", "Bearer " + d.alice_token);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me["user"].at("id").as_int64(), d.alice_id);
  // The bearer is who the token says: an end user stays an end user.
  EXPECT_EQ(WithAuthorization(d, "GET", "/api/v2/tickets.json", "Bearer " + d.alice_token).status, 403);
  ExpectUnauthenticated(WithAuthorization(d, "GET", "/api/v2/tickets.json", "Bearer nope"), "unknown bearer");
}

TEST(Security, UsersMeWithoutCredentialsIsTheAnonymousUser) {
  Desk d;
  auto r = d.Anonymous().Get("/api/v2/users/me.json");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r["user"].at("name").as_string(), "Anonymous user");
  EXPECT_TRUE(r["user"].at("id").is_null());
  auto me = d.Alice().Get("/api/v2/users/me.json");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me["user"].at("id").as_int64(), d.alice_id);
  EXPECT_EQ(me["user"].at("role").as_string(), "end-user");
}

TEST(Security, RateLimitHeadersOnEveryResponseAndNoRetryAfter) {
  Desk d;
  auto id = d.NewTicket("alice@customer.example");
  const std::vector<std::pair<std::string, Response>> responses{
      {"200", d.Agent().Get(TicketPath(id))},
      {"201", d.Agent().Post("/api/v2/tickets.json", R"({"ticket":{"comment":{"body":"x"}}})")},
      {"400", d.Agent().Post("/api/v2/tickets.json", "{")},
      {"401", d.Anonymous().Get("/api/v2/tickets.json")},
      {"403", d.Alice().Get("/api/v2/tickets.json")},
      {"404", d.Agent().Get("/api/v2/tickets/999999.json")},
      {"422", d.Agent().Post("/api/v2/tickets.json", R"({"ticket":{"subject":5}})")},
  };
  for (const auto& [code, r] : responses) {
    EXPECT_EQ(S(r.status), code) << r.body;
    EXPECT_FALSE(r.Header("X-Rate-Limit").empty()) << code;
    EXPECT_FALSE(r.Header("X-Rate-Limit-Remaining").empty()) << code;
    EXPECT_FALSE(r.Header("ratelimit-limit").empty()) << code;
    EXPECT_FALSE(r.Header("ratelimit-remaining").empty()) << code;
    EXPECT_FALSE(r.Header("ratelimit-reset").empty()) << code;
    EXPECT_EQ(r.Header("Retry-After"), "") << code << ": node-zendesk reads Retry-After as rate limiting";
    EXPECT_TRUE(r.Header("Content-Type").starts_with("application/json")) << code;
  }
}

}  // namespace
}  // namespace it
