// HTTP wire features Zendesk clients rely on (zendesk-compat.md §1, §3, §4, §11): the
// .json suffix, query decoding, chunked bodies, body limits, error envelopes, 405/404,
// Expect: 100-continue, keep-alive, the 10,000-record offset limit and Host-based links.
#include <gtest/gtest.h>

#include "harness.hpp"

namespace it {
namespace {

std::string Id(std::int64_t id) { return std::to_string(id); }

std::string BasicAuth(const std::string& email, const std::string& token) {
  return httplib::make_basic_authentication_header(email + "/token", token).second;
}

std::string TicketBody(const std::string& subject) {
  return R"({"ticket":{"subject":")" + subject + R"(","comment":{"body":"from the protocol test"}}})";
}

// A GET with the target sent byte for byte (cpp-httplib would re-encode '+' and brackets).
Response RawGet(const Server& s, const std::string& target, const std::string& authorization) {
  RawConn c(s.port());
  c.Send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(s.port()) +
         "\r\nAuthorization: " + authorization + "\r\nAccept: application/json\r\n\r\n");
  return c.ReadResponse();
}

bool IsJsonContentType(const Response& r) {
  return r.Header("Content-Type").find("application/json") != std::string::npos;
}

TEST(ProtocolPaths, JsonSuffixIsOptional) {
  Desk d;
  auto id = d.NewTicket("carol@customer.example", "Suffix");
  auto with = d.Agent().Get("/api/v2/tickets/" + Id(id) + ".json");
  auto without = d.Agent().Get("/api/v2/tickets/" + Id(id));
  ASSERT_EQ(with.status, 200);
  ASSERT_EQ(without.status, 200);
  EXPECT_EQ(with["ticket"].at("subject"), without["ticket"].at("subject"));
  EXPECT_EQ(d.Agent().Get("/api/v2/users/me.json")["user"].at("id"),
            d.Agent().Get("/api/v2/users/me")["user"].at("id"));
  EXPECT_EQ(d.Agent().Post("/api/v2/tickets", TicketBody("no suffix")).status, 201);
  EXPECT_EQ(d.Agent().Post("/api/v2/tickets.json", TicketBody("suffix")).status, 201);
}

TEST(ProtocolQuery, PlusIsASpaceAndEncodedBracketsAreDecoded) {
  Desk d;
  const std::string auth = BasicAuth("agent@test.example", d.agent_token);
  // '+' is a space: "Agent+Smith" finds "Agent Smith"; a literal '+' would find nothing.
  auto plus = RawGet(d.server, "/api/v2/users/search.json?query=Agent+Smith", auth);
  ASSERT_EQ(plus.status, 200) << plus.body;
  ASSERT_EQ(plus["users"].as_array().size(), 1u) << plus.body;
  EXPECT_EQ(plus["users"].as_array()[0].at("id").as_int64(), d.agent_id);
  auto pct = RawGet(d.server, "/api/v2/users/search.json?query=Agent%20Smith", auth);
  EXPECT_EQ(pct["users"].as_array().size(), 1u) << pct.body;
  // An encoded '+' (%2B) stays a plus sign: nobody's name has one.
  auto literal = RawGet(d.server, "/api/v2/users/search.json?query=Agent%2BSmith", auth);
  ASSERT_EQ(literal.status, 200);
  EXPECT_TRUE(literal["users"].as_array().empty()) << literal.body;
  auto email = RawGet(d.server, "/api/v2/users/search.json?query=alice%40customer.example", auth);
  ASSERT_EQ(email["users"].as_array().size(), 1u) << email.body;
  EXPECT_EQ(email["users"].as_array()[0].at("id").as_int64(), d.alice_id);

  // Raw brackets, as curl -g and hand-written URLs send them, work too.
  auto raw = RawGet(d.server, "/api/v2/users.json?page[size]=1", auth);
  ASSERT_EQ(raw.status, 200) << raw.body;
  EXPECT_EQ(raw["users"].as_array().size(), 1u) << raw.body;
  EXPECT_TRUE(raw["meta"].is_object()) << raw.body;

  // page%5Bsize%5D=1 is page[size]=1: cursor pagination with one user per page.
  auto cursor = RawGet(d.server, "/api/v2/users.json?page%5Bsize%5D=1", auth);
  ASSERT_EQ(cursor.status, 200) << cursor.body;
  EXPECT_EQ(cursor["users"].as_array().size(), 1u);
  ASSERT_TRUE(cursor["meta"].is_object()) << cursor.body;
  EXPECT_TRUE(cursor["meta"].at("has_more").as_bool());
  ASSERT_TRUE(cursor["links"].at("next").is_string());
  const std::string next(cursor["links"].at("next").as_string());
  auto second = d.Agent().Get(next.substr(next.find("/api/v2/")));
  ASSERT_EQ(second.status, 200);
  ASSERT_EQ(second["users"].as_array().size(), 1u);
  EXPECT_GT(second["users"].as_array()[0].at("id").as_int64(), cursor["users"].as_array()[0].at("id").as_int64());
}

TEST(ProtocolQuery, UnknownParametersAreIgnored) {
  Desk d;
  auto plain = d.Agent().Get("/api/v2/users.json");
  auto odd = d.Agent().Get("/api/v2/users.json?binary=undefined&foo=bar&x%5By%5D=z");
  ASSERT_EQ(odd.status, 200) << odd.body;
  EXPECT_EQ(odd["users"], plain["users"]);
  EXPECT_EQ(odd["count"], plain["count"]);
  auto id = d.NewTicket("carol@customer.example", "Unknown params");
  EXPECT_EQ(d.Agent().Get("/api/v2/tickets/" + Id(id) + ".json?include=&binary=undefined").status, 200);
}

TEST(ProtocolBody, ChunkedRequestBodyIsAccepted) {
  Desk d;
  RawConn c(d.server.port());
  ASSERT_TRUE(c.ok());
  const std::string body = TicketBody("Chunked and well");
  std::string req = "POST /api/v2/tickets.json HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " +
                    BasicAuth("agent@test.example", d.agent_token) +
                    "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  // Three chunks of uneven sizes, the split falling inside a JSON string.
  const std::size_t a = 7, b = 30;
  auto chunk = [](const std::string& s) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "%zx", s.size());
    return std::string(hex) + "\r\n" + s + "\r\n";
  };
  req += chunk(body.substr(0, a)) + chunk(body.substr(a, b)) + chunk(body.substr(a + b)) + "0\r\n\r\n";
  ASSERT_TRUE(c.Send(req));
  auto r = c.ReadResponse();
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r["ticket"].at("subject").as_string(), "Chunked and well");
  auto shown = d.Agent().Get("/api/v2/tickets/" + Id(r["ticket"].at("id").as_int64()));
  EXPECT_EQ(shown["ticket"].at("description").as_string(), "from the protocol test");
}

TEST(ProtocolBody, BodyOverTheLimitIs400AndTheServerGoesOn) {
  Desk d;
  const std::string head = "POST /api/v2/tickets.json HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " +
                           BasicAuth("agent@test.example", d.agent_token) + "\r\nContent-Type: application/json\r\n";
  // 1 MiB is the default limit; send a valid JSON document well over it, the whole of it,
  // as a client does that does not wait for an early answer.
  const std::string big =
      R"({"ticket":{"subject":"Big","comment":{"body":")" + std::string(3 * 1024 * 1024, 'a') + R"("}}})";
  {
    RawConn c(d.server.port());
    c.Send(head + "Content-Length: " + std::to_string(big.size()) + "\r\n\r\n");
    c.Send(big);  // may fail part-way once the server has answered; the answer must still arrive
    auto r = c.ReadResponse();
    ASSERT_EQ(r.status, 400) << "no answer, or a reset destroyed it: " << r.body.substr(0, 200);
    EXPECT_TRUE(IsJsonContentType(r)) << r.Header("Content-Type");
    ASSERT_TRUE(r["error"].is_string()) << r.body;
    EXPECT_TRUE(r["description"].is_string());
    EXPECT_FALSE(r.Header("X-Rate-Limit").empty()) << "rate-limit headers go on every response";
  }
  // Nothing was created, and the server serves the next request.
  auto list = d.Agent().Get("/api/v2/tickets.json");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list["count"].as_int64(), 0);
  EXPECT_EQ(d.Agent().Post("/api/v2/tickets.json", TicketBody("small")).status, 201);

  // The same over a chunked body (no Content-Length to check up front).
  {
    RawConn c(d.server.port());
    ASSERT_TRUE(c.Send(head + "Transfer-Encoding: chunked\r\n\r\n"));
    const std::string piece(64 * 1024, 'b');
    char hex[16];
    std::snprintf(hex, sizeof hex, "%zx\r\n", piece.size());
    for (int i = 0; i < 40; ++i)
      if (!c.Send(hex + piece + "\r\n")) break;
    c.Send("0\r\n\r\n");
    auto rc = c.ReadResponse();
    EXPECT_EQ(rc.status, 400) << rc.body;
    EXPECT_TRUE(IsJsonContentType(rc));
  }
  EXPECT_EQ(d.Agent().Get("/healthz").status, 200);
  EXPECT_EQ(d.Agent().Get("/api/v2/tickets.json")["count"].as_int64(), 1);
}

TEST(ProtocolBody, MalformedAndNonObjectJsonAre400) {
  Desk d;
  for (const std::string body : {"{\"ticket\": {\"subject\": ", "not json at all", "{\"ticket\":{}} trailing"}) {
    auto r = d.Agent().Post("/api/v2/tickets.json", body);
    EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
    EXPECT_TRUE(IsJsonContentType(r));
    EXPECT_TRUE(r["error"].is_string()) << r.body;
  }
  for (const std::string body : {"[1,2,3]", "\"a ticket\"", "42", "null"}) {
    auto r = d.Agent().Post("/api/v2/tickets.json", body);
    EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
    EXPECT_TRUE(r["error"].is_string()) << r.body;
    auto u = d.Admin().Put("/api/v2/users/" + Id(d.alice_id), body);
    EXPECT_EQ(u.status, 400) << body << " -> " << u.body;
  }
  // An empty body where one is required is a 400 too.
  auto empty = d.Agent().Send("POST", "/api/v2/tickets.json", "", {{"Content-Type", "application/json"}});
  EXPECT_EQ(empty.status, 400) << empty.body;
  EXPECT_EQ(d.Agent().Get("/api/v2/tickets.json")["count"].as_int64(), 0);
}

TEST(ProtocolErrors, MalformedHttpGetsAJson400) {
  Server s;
  RawConn c(s.port());
  ASSERT_TRUE(c.Send("THIS IS NOT \"HTTP\"\r\n\r\n"));
  auto r = c.ReadResponse();
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(IsJsonContentType(r));
  ASSERT_TRUE(r.json.is_object()) << "not JSON: " << r.body;
  EXPECT_TRUE(r["error"].is_string());
  EXPECT_FALSE(r.Header("X-Rate-Limit").empty());
  EXPECT_EQ(Client(s).Get("/healthz").status, 200);
}

TEST(ProtocolErrors, EveryErrorIsJsonWithTheZendeskEnvelope) {
  Desk d;
  auto id = d.NewTicket("alice@customer.example", "Errors");
  struct Case {
    std::string what;
    Response r;
    int status;
  };
  std::vector<Case> cases{
      {"400", d.Agent().Post("/api/v2/tickets", "{oops"), 400},
      {"401", d.Anonymous().Get("/api/v2/tickets"), 401},
      {"401 bad token", Client(d.server, "agent@test.example", "bogus").Get("/api/v2/tickets"), 401},
      {"403", d.Alice().Get("/api/v2/tickets"), 403},
      {"404", d.Agent().Get("/api/v2/tickets/999999"), 404},
      {"404 hidden", d.Bob().Get("/api/v2/requests/" + Id(id)), 404},
      {"405", d.Agent().Send("PATCH", "/api/v2/tickets", "{}"), 405},
      {"422", d.Agent().Post("/api/v2/tickets", R"({"ticket":{"subject":"no comment"}})"), 422},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(c.r.status, c.status) << c.what << ": " << c.r.body;
    EXPECT_TRUE(IsJsonContentType(c.r)) << c.what << ": " << c.r.Header("Content-Type");
    ASSERT_TRUE(c.r.json.is_object()) << c.what << ": " << c.r.body;
    EXPECT_TRUE(c.r["error"].is_string()) << c.what << ": " << c.r.body;
    EXPECT_TRUE(c.r.Header("Retry-After").empty()) << c.what;
    EXPECT_FALSE(c.r.Header("X-Rate-Limit").empty()) << c.what;
  }
  EXPECT_EQ(cases[1].r["error"].as_string(), "Couldn't authenticate you");
  EXPECT_EQ(cases[4].r["error"].as_string(), "RecordNotFound");
  EXPECT_EQ(cases[7].r["error"].as_string(), "RecordInvalid");
  EXPECT_TRUE(cases[7].r["details"].is_object());
}

TEST(ProtocolRouting, WrongMethodIs405UnknownPathIs404) {
  Desk d;
  for (const auto& [method, path] :
       std::vector<std::pair<std::string, std::string>>{{"DELETE", "/api/v2/users/me"},
                                                        {"PUT", "/api/v2/tickets.json"},
                                                        {"POST", "/api/v2/ticket_fields/100"},
                                                        {"DELETE", "/api/v2/organizations/1"}}) {
    auto r = d.Admin().Send(method, path, method == "DELETE" ? "" : "{}");
    EXPECT_EQ(r.status, 405) << method << " " << path << ": " << r.body;
    EXPECT_TRUE(IsJsonContentType(r));
    EXPECT_TRUE(r["error"].is_string());
  }
  for (const std::string path :
       // Outside these prefixes an unknown path is the portal's (portal_static_test.cpp).
       {"/api/v2/nothing-here", "/api/v2/tickets/12/nothing", "/chamado/nope", "/api/v2/tickets/abc"}) {
    auto r = d.Admin().Get(path);
    EXPECT_EQ(r.status, 404) << path << ": " << r.body;
    EXPECT_TRUE(IsJsonContentType(r)) << path;
    EXPECT_EQ(r["error"], json::value("RecordNotFound")) << path << ": " << r.body;
  }
}

TEST(ProtocolConnection, ExpectContinueGetsA100ThenTheAnswer) {
  Desk d;
  RawConn c(d.server.port());
  const std::string body = TicketBody("Expecting");
  ASSERT_TRUE(c.Send("POST /api/v2/tickets.json HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " +
                     BasicAuth("agent@test.example", d.agent_token) +
                     "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n"));
  auto cont = c.ReadResponse(5000);
  ASSERT_EQ(cont.status, 100) << "the server must invite the body before the client sends it";
  ASSERT_TRUE(c.Send(body));
  auto r = c.ReadResponse();
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r["ticket"].at("subject").as_string(), "Expecting");

  // With curl, as a real client does it.
  int rc = -1;
  auto out = Shell("printf '%s' '" + TicketBody("Via curl") +
                       "' | curl -s -m 20 -o - -w '\\n%{http_code}' -H 'Expect: 100-continue' "
                       "-H 'Content-Type: application/json' -u 'agent@test.example/token:" +
                       d.agent_token + "' --data-binary @- http://127.0.0.1:" + std::to_string(d.server.port()) +
                       "/api/v2/tickets.json",
                   &rc);
  EXPECT_EQ(rc, 0);
  EXPECT_TRUE(out.ends_with("\n201")) << out;
  EXPECT_NE(out.find("Via curl"), std::string::npos) << out;

  // A too-large Content-Length is refused before the body is sent.
  RawConn big(d.server.port());
  ASSERT_TRUE(
      big.Send("POST /api/v2/tickets.json HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " +
               BasicAuth("agent@test.example", d.agent_token) +
               "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 50000000\r\n\r\n"));
  auto refused = big.ReadResponse(5000);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_TRUE(IsJsonContentType(refused));
}

TEST(ProtocolConnection, KeepAliveServesTwoRequestsOnOneConnection) {
  Desk d;
  RawConn c(d.server.port());
  const std::string auth = "Authorization: " + BasicAuth("agent@test.example", d.agent_token) + "\r\n";
  ASSERT_TRUE(c.Send("GET /api/v2/users/me.json HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth + "\r\n"));
  auto first = c.ReadResponse();
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first["user"].at("id").as_int64(), d.agent_id);
  EXPECT_FALSE(c.ClosedByPeer(200)) << "the server closed a keep-alive connection";
  const std::string body = TicketBody("Second on the same connection");
  ASSERT_TRUE(c.Send("POST /api/v2/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth +
                     "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                     body));
  auto second = c.ReadResponse();
  ASSERT_EQ(second.status, 201) << second.body;
  // Pipelined: two requests written at once, two answers in order.
  ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /api/v2/tickets/" +
                     Id(second["ticket"].at("id").as_int64()) + ".json HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth +
                     "\r\n"));
  auto third = c.ReadResponse();
  auto fourth = c.ReadResponse();
  EXPECT_EQ(third.status, 200);
  EXPECT_EQ(third["status"], json::value("ok"));
  ASSERT_EQ(fourth.status, 200) << fourth.body;
  EXPECT_EQ(fourth["ticket"].at("subject").as_string(), "Second on the same connection");

  // "Connection: close" is honoured.
  ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
  EXPECT_EQ(c.ReadResponse().status, 200);
  EXPECT_TRUE(c.ClosedByPeer(2000));
}

TEST(ProtocolPaging, OffsetPastTenThousandRecordsIs400) {
  Desk d;
  auto over = d.Agent().Get("/api/v2/tickets.json?page=101&per_page=100");
  EXPECT_EQ(over.status, 400) << over.body;
  EXPECT_TRUE(IsJsonContentType(over));
  EXPECT_TRUE(over["error"].is_string());
  EXPECT_EQ(d.Agent().Get("/api/v2/users.json?page=10001&per_page=1").status, 400);
  EXPECT_EQ(d.Agent().Get("/api/v2/users.json?page=201&per_page=50").status, 400);
  // The last allowed page is fine (and empty here).
  auto last = d.Agent().Get("/api/v2/tickets.json?page=100&per_page=100");
  ASSERT_EQ(last.status, 200) << last.body;
  EXPECT_TRUE(last["tickets"].as_array().empty());
  // Cursor pagination has no such limit.
  EXPECT_EQ(d.Agent().Get("/api/v2/tickets.json?page[size]=100&page[after]=99999999").status, 200);
  // Nonsense paging values are 400, not a crash.
  EXPECT_EQ(d.Agent().Get("/api/v2/tickets.json?page=-1").status, 400);
  EXPECT_EQ(d.Agent().Get("/api/v2/tickets.json?per_page=abc").status, 400);
  EXPECT_EQ(d.Agent().Get("/api/v2/tickets.json?page[size]=0").status, 400);
}

TEST(ProtocolLinks, AbsoluteLinksUseTheHostTheClientSent) {
  Desk d;
  for (int i = 0; i < 3; ++i) d.NewTicket("carol@customer.example", "Link " + std::to_string(i));
  const std::string host = "localhost:" + std::to_string(d.server.port());
  const std::string base = "http://" + host + "/api/v2/";
  auto off = d.Agent().Send("GET", "/api/v2/tickets.json?per_page=1&page=2", "", {{"Host", host}});
  ASSERT_EQ(off.status, 200) << off.body;
  ASSERT_TRUE(off["next_page"].is_string()) << off.body;
  ASSERT_TRUE(off["previous_page"].is_string()) << off.body;
  EXPECT_TRUE(std::string(off["next_page"].as_string()).starts_with(base + "tickets.json?")) << off["next_page"];
  EXPECT_TRUE(std::string(off["previous_page"].as_string()).starts_with(base + "tickets.json?"))
      << off["previous_page"];
  const auto& t = off["tickets"].as_array().at(0);
  EXPECT_EQ(t.at("url").as_string(), base + "tickets/" + Id(t.at("id").as_int64()) + ".json");

  auto cur = d.Agent().Send("GET", "/api/v2/tickets.json?page%5Bsize%5D=1", "", {{"Host", host}});
  ASSERT_EQ(cur.status, 200) << cur.body;
  const std::string next(cur["links"].at("next").as_string());
  EXPECT_TRUE(next.starts_with(base + "tickets.json?")) << next;
  // The link works when followed as given (node-zendesk uses it verbatim).
  auto followed = d.Agent().Send("GET", next.substr(("http://" + host).size()), "", {{"Host", host}});
  ASSERT_EQ(followed.status, 200) << followed.body;
  ASSERT_EQ(followed["tickets"].as_array().size(), 1u);
  EXPECT_NE(followed["tickets"].as_array()[0].at("id"), cur["tickets"].as_array()[0].at("id"));

  // Another host name, another base; and a hostile Host cannot inject a path.
  auto other = d.Agent().Send("GET", "/api/v2/users/me.json", "", {{"Host", "help.example.com"}});
  EXPECT_EQ(other["user"].at("url").as_string(), "http://help.example.com/api/v2/users/" + Id(d.agent_id) + ".json");
  auto evil = d.Agent().Send("GET", "/api/v2/users/me.json", "", {{"Host", "evil.example/x?y="}});
  ASSERT_EQ(evil.status, 200);
  EXPECT_TRUE(std::string(evil["user"].at("url").as_string()).find("/x?") == std::string::npos)
      << evil["user"].at("url");
}

TEST(ProtocolHeaders, RateLimitHeadersOnEveryResponseNoRetryAfter) {
  Desk d;
  for (const auto& r : {d.Agent().Get("/api/v2/tickets.json"), d.Anonymous().Get("/api/v2/users/me"),
                        d.Anonymous().Get("/api/v2/tickets")}) {
    EXPECT_EQ(r.Header("X-Rate-Limit"), "700");
    EXPECT_FALSE(r.Header("X-Rate-Limit-Remaining").empty());
    EXPECT_FALSE(r.Header("ratelimit-reset").empty());
    EXPECT_TRUE(r.Header("Retry-After").empty());
    EXPECT_NE(r.Header("Content-Type").find("application/json"), std::string::npos);
  }
}

}  // namespace
}  // namespace it
