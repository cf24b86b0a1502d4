// Requests API: the end user's view of their tickets (zendesk-compat.md §6 #12-#16, §8
// "Requests"): create (also anonymous), list and its scopes, show, update with a comment,
// additional_collaborators and `solved`, public comments with cursor pagination.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "harness.hpp"

namespace it {
namespace {

std::vector<std::int64_t> Ids(const json::value& arr) {
  std::vector<std::int64_t> out;
  if (!arr.is_array()) return out;
  for (const auto& e : arr.as_array()) out.push_back(e.at("id").as_int64());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::int64_t> IntList(const json::value& arr) {
  std::vector<std::int64_t> out;
  for (const auto& e : arr.as_array()) out.push_back(e.as_int64());
  return out;
}

bool Contains(const std::vector<std::int64_t>& v, std::int64_t x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

std::string RequestPath(std::int64_t id) { return "/api/v2/requests/" + S(id) + ".json"; }

std::string PathOf(const std::string& link, const std::string& base) {
  EXPECT_TRUE(link.starts_with(base + "/api/v2/")) << link << " does not start with " << base;
  return link.starts_with(base) ? link.substr(base.size()) : link;
}

std::int64_t CreateRequest(Client c, const std::string& subject, const std::string& extra = "") {
  auto r = c.Post("/api/v2/requests.json", F(R"({"request":{"subject":"{}","comment":{"body":"About {}"}{}}})",
                                             {subject, subject, extra.empty() ? "" : "," + extra}));
  if (r.status != 201) throw std::runtime_error("request create failed: " + r.body);
  return r["request"].at("id").as_int64();
}

std::vector<json::object> AgentComments(Desk& d, std::int64_t id) {
  std::vector<json::object> out;
  auto r = d.Agent().Get("/api/v2/tickets/" + S(id) + "/comments.json");
  for (const auto& c : r["comments"].as_array()) out.push_back(c.as_object());
  return out;
}

// ------------------------------------------------------------------ create

TEST(Requests, AnEndUserCreatesARequestAsRequester) {
  Desk d;
  auto r = d.Alice().Post("/api/v2/requests.json",
                          R"({"request":{"subject":"Cannot export","comment":{"body":"The CSV export hangs"},
                              "priority":"high","custom_fields":[{"id":101,"value":"topic_reports"}]}})");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto& q = r["request"];
  const auto id = q.at("id").as_int64();
  EXPECT_EQ(q.at("requester_id").as_int64(), d.alice_id);
  EXPECT_EQ(q.at("status").as_string(), "new");
  EXPECT_EQ(q.at("custom_status_id").as_int64(), 1);
  EXPECT_EQ(q.at("subject").as_string(), "Cannot export");
  EXPECT_EQ(q.at("description").as_string(), "The CSV export hangs");
  EXPECT_EQ(q.at("priority").as_string(), "high");
  EXPECT_TRUE(q.at("can_be_solved_by_me").as_bool());
  EXPECT_EQ(q.at("url").as_string(), d.server.base() + "/api/v2/requests/" + S(id) + ".json");

  // The agent sees the same ticket, submitted by the customer, first comment by her.
  auto t = d.Agent().Get(TicketPath(id));
  ASSERT_EQ(t.status, 200) << t.body;
  EXPECT_EQ(t["ticket"].at("requester_id").as_int64(), d.alice_id);
  EXPECT_EQ(t["ticket"].at("submitter_id").as_int64(), d.alice_id);
  auto comments = AgentComments(d, id);
  ASSERT_EQ(comments.size(), 1u);
  EXPECT_EQ(comments[0].at("author_id").as_int64(), d.alice_id);
  EXPECT_TRUE(comments[0].at("public").as_bool());

  // Without priority a request starts Normal; without comment it is refused.
  auto plain = d.Alice().Post("/api/v2/requests.json", R"({"request":{"subject":"x","comment":{"body":"y"}}})");
  ASSERT_EQ(plain.status, 201) << plain.body;
  EXPECT_EQ(plain["request"].at("priority").as_string(), "normal");
  auto no_comment = d.Alice().Post("/api/v2/requests.json", R"({"request":{"subject":"x"}})");
  EXPECT_EQ(no_comment.status, 422) << no_comment.body;
  EXPECT_TRUE(DetailsName(no_comment, "comment")) << no_comment.body;
  // A read-only field cannot be set by the customer.
  auto ro = d.Alice().Post(
      "/api/v2/requests.json",
      R"({"request":{"subject":"x","comment":{"body":"y"},"custom_fields":[{"id":103,"value":"escalation_concluded"}]}})");
  EXPECT_EQ(ro.status, 422) << ro.body;
}

TEST(Requests, AnonymousCreationWithARequesterCreatesTheUser) {
  Desk d;
  auto r = d.Anonymous().Post("/api/v2/requests.json",
                              R"({"request":{"subject":"From the web form","comment":{"body":"Hello"},
                                  "requester":{"name":"Fred Visitor","email":"fred@visitor.example"}}})");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto requester = r["request"].at("requester_id").as_int64();
  EXPECT_EQ(r["request"].at("status").as_string(), "new");
  auto u = d.Agent().Get("/api/v2/users/" + S(requester) + ".json");
  ASSERT_EQ(u.status, 200) << u.body;
  EXPECT_EQ(u["user"].at("name").as_string(), "Fred Visitor");
  EXPECT_EQ(u["user"].at("email").as_string(), "fred@visitor.example");
  EXPECT_EQ(u["user"].at("role").as_string(), "end-user");
  auto t = d.Agent().Get(TicketPath(r["request"].at("id").as_int64()));
  EXPECT_EQ(t["ticket"].at("subject").as_string(), "From the web form");
}

TEST(Requests, AnonymousCreationWithoutARequesterIs401) {
  Desk d;
  auto r = d.Anonymous().Post("/api/v2/requests.json", R"({"request":{"subject":"x","comment":{"body":"y"}}})");
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_EQ(r["error"].as_string(), "Couldn't authenticate you");
  // A requester without a usable e-mail is refused, naming the field.
  auto bad = d.Anonymous().Post(
      "/api/v2/requests.json",
      R"({"request":{"subject":"x","comment":{"body":"y"},"requester":{"name":"N","email":"not-an-email"}}})");
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_TRUE(DetailsName(bad, "requester")) << bad.body;
  EXPECT_EQ(d.Agent().Get("/api/v2/tickets.json")["count"].as_int64(), 0);
}

TEST(Requests, CreateWithCollaboratorsByEmailOrObject) {
  Desk d;
  auto r = d.Alice().Post("/api/v2/requests.json", F(R"({"request":{"subject":"With CCs","comment":{"body":"y"},
      "collaborators":[{},"ivy@customer.example",{"name":"Jon","email":"jon@customer.example"}]}})",
                                                     {S(d.bob_id)}));
  ASSERT_EQ(r.status, 201) << r.body;
  const auto id = r["request"].at("id").as_int64();
  auto ccs = IntList(r["request"].at("collaborator_ids"));
  EXPECT_EQ(ccs.size(), 3u) << r.body;
  EXPECT_TRUE(Contains(ccs, d.bob_id));
  EXPECT_EQ(d.Bob().Get(RequestPath(id)).status, 200);
  auto users = d.Agent().Get(TicketPath(id) + "?include=users");
  bool jon = false;
  for (const auto& u : users["users"].as_array())
    if (u.at("email").as_string() == "jon@customer.example") jon = u.at("name").as_string() == "Jon";
  EXPECT_TRUE(jon) << users.body;
}

TEST(Requests, AnonymousCreationCanBeTurnedOff) {
  const auto dir = MakeTempDir("chamado-noanon");
  const auto data = dir + "/data";
  std::filesystem::create_directories(data);
  { std::ofstream(data + "/chamado.toml") << "[tickets]\nanonymous_requests = false\n"; }
  {
    Server s({}, data);
    auto r = Client(s).Post("/api/v2/requests.json", R"({"request":{"subject":"x","comment":{"body":"y"},
                                                         "requester":{"name":"Fred","email":"fred@visitor.example"}}})");
    EXPECT_EQ(r.status, 401) << r.body;
  }
  std::filesystem::remove_all(dir);
}

TEST(Requests, AnAuthenticatedCallerIsAlwaysTheRequester) {
  Desk d;
  // A requester object sent by a signed-in customer does not open tickets in someone else's name.
  auto r = d.Alice().Post("/api/v2/requests.json", R"({"request":{"subject":"x","comment":{"body":"y"},
                                                       "requester":{"name":"Bob","email":"bob@customer.example"}}})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r["request"].at("requester_id").as_int64(), d.alice_id);
  EXPECT_EQ(d.Bob().Get(RequestPath(r["request"].at("id").as_int64())).status, 404);
}

// ------------------------------------------------------------------ list, show

TEST(Requests, ListsShowTheCallersRequestsAndCcsByScope) {
  // Several open requests of one customer: with duplicates on, the later ones would join the
  // first as Duplicates (duplicates_test.cpp).
  ScopedEnv no_duplicates("CHAMADO_DUPLICATES_MODE", "off");
  Desk d;
  auto own = CreateRequest(d.Alice(), "Mine");
  auto ccd = d.NewTicket("bob@customer.example", "Bob's, Alice CC", R"("collaborators":[)" + S(d.alice_id) + "]");
  auto bobs = CreateRequest(d.Bob(), "Bob only");
  auto solved = CreateRequest(d.Alice(), "Mine, solved");
  ASSERT_EQ(d.Agent().Put(TicketPath(solved), R"({"ticket":{"status":"solved"}})").status, 200);

  auto all = d.Alice().Get("/api/v2/requests.json");
  ASSERT_EQ(all.status, 200) << all.body;
  // /requests is the caller's own (zendesk-compat §8); CC'd ones are under /ccd.
  EXPECT_EQ(Ids(all["requests"]), (std::vector<std::int64_t>{own, solved}));
  EXPECT_EQ(all["count"].as_int64(), 2);
  auto cc = d.Alice().Get("/api/v2/requests/ccd.json");
  ASSERT_EQ(cc.status, 200) << cc.body;
  EXPECT_EQ(Ids(cc["requests"]), std::vector<std::int64_t>{ccd});
  auto open = d.Alice().Get("/api/v2/requests/open.json");
  ASSERT_EQ(open.status, 200) << open.body;
  EXPECT_EQ(Ids(open["requests"]), (std::vector<std::int64_t>{own}));
  auto done = d.Alice().Get("/api/v2/requests/solved.json");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(Ids(done["requests"]), std::vector<std::int64_t>{solved});
  EXPECT_FALSE(Contains(Ids(all["requests"]), bobs));
  EXPECT_EQ(Ids(d.Bob().Get("/api/v2/requests")["requests"]), (std::vector<std::int64_t>{ccd, bobs}));

  // An agent calling the Requests API is an end user too: only their own requests.
  EXPECT_TRUE(d.Agent().Get("/api/v2/requests.json")["requests"].as_array().empty());
}

TEST(Requests, RequesterAndCcCanShowARequest) {
  Desk d;
  auto id = d.NewTicket("alice@customer.example", "Shown", R"("collaborators":[)" + S(d.bob_id) + "]");
  auto r = d.Alice().Get(RequestPath(id));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r["request"].at("id").as_int64(), id);
  EXPECT_EQ(r["request"].at("subject").as_string(), "Shown");
  EXPECT_EQ(r["request"].at("description").as_string(), "Body of Shown");
  EXPECT_EQ(IntList(r["request"].at("collaborator_ids")), std::vector<std::int64_t>{d.bob_id});
  EXPECT_TRUE(r["request"].at("can_be_solved_by_me").as_bool());
  auto cc = d.Bob().Get("/api/v2/requests/" + S(id));
  ASSERT_EQ(cc.status, 200) << cc.body;
  EXPECT_FALSE(cc["request"].at("can_be_solved_by_me").as_bool()) << "only the requester may close";
}

// ------------------------------------------------------------------ update

TEST(Requests, ACustomersCommentIsAlwaysPublic) {
  Desk d;
  auto id = CreateRequest(d.Alice(), "Reply");
  auto r = d.Alice().Put(RequestPath(id), R"({"request":{"comment":{"body":"Please hide this","public":false}}})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto comments = AgentComments(d, id);
  ASSERT_EQ(comments.size(), 2u);
  EXPECT_EQ(comments[1].at("body").as_string(), "Please hide this");
  EXPECT_TRUE(comments[1].at("public").as_bool());
  EXPECT_EQ(comments[1].at("author_id").as_int64(), d.alice_id);
  auto mine = d.Alice().Get("/api/v2/requests/" + S(id) + "/comments.json");
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine["comments"].as_array().size(), 2u);

  // Fields end users may not write are ignored, not applied.
  auto sneaky = d.Alice().Put(RequestPath(id), R"({"request":{"subject":"Renamed","priority":"urgent"}})");
  EXPECT_EQ(sneaky.status, 200) << sneaky.body;
  auto t = d.Agent().Get(TicketPath(id))["ticket"];
  EXPECT_EQ(t.at("subject").as_string(), "Reply");
  EXPECT_EQ(t.at("priority").as_string(), "normal");
}

TEST(Requests, AdditionalCollaboratorsAreAddedAndSeeTheRequest) {
  Desk d;
  auto id = CreateRequest(d.Alice(), "Share it");
  auto r = d.Alice().Put(RequestPath(id), F(R"({"request":{"additional_collaborators":[{},"gina@customer.example",
                                                {"name":"Hal","email":"hal@customer.example"}]}})",
                                            {S(d.bob_id)}));
  ASSERT_EQ(r.status, 200) << r.body;
  auto ccs = IntList(r["request"].at("collaborator_ids"));
  EXPECT_EQ(ccs.size(), 3u) << r.body;
  EXPECT_TRUE(Contains(ccs, d.bob_id));
  // Bob, now CC'd, sees it in /requests/ccd and can read it.
  EXPECT_EQ(d.Bob().Get(RequestPath(id)).status, 200);
  EXPECT_TRUE(Contains(Ids(d.Bob().Get("/api/v2/requests/ccd.json")["requests"]), id));
  // The e-mails became end users.
  auto users = d.Agent().Get(TicketPath(id) + "?include=users");
  int found = 0;
  for (const auto& u : users["users"].as_array()) {
    if (u.at("email").as_string() == "hal@customer.example") {
      ++found;
      EXPECT_EQ(u.at("name").as_string(), "Hal");
      EXPECT_EQ(u.at("role").as_string(), "end-user");
    }
    if (u.at("email").as_string() == "gina@customer.example") ++found;
  }
  EXPECT_EQ(found, 2) << users.body;
  // Adding again keeps one entry each.
  auto again = d.Alice().Put(RequestPath(id), F(R"({"request":{"additional_collaborators":[{}]}})", {S(d.bob_id)}));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(IntList(again["request"].at("collaborator_ids")).size(), 3u);
}

// ------------------------------------------------------------------ comments

TEST(Requests, CommentsArePublicOnlyAndCarryTheRequestId) {
  Desk d;
  auto id = d.NewTicket("alice@customer.example", "Notes");
  ASSERT_EQ(
      d.Agent()
          .Put(TicketPath(id), R"({"ticket":{"comment":{"body":"SECRET: refund abuse suspected","public":false}}})")
          .status,
      200);
  ASSERT_EQ(d.Agent().Put(TicketPath(id), R"({"ticket":{"comment":{"body":"We have refunded you"}}})").status, 200);
  ASSERT_EQ(AgentComments(d, id).size(), 3u);

  auto r = d.Alice().Get("/api/v2/requests/" + S(id) + "/comments.json");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& arr = r["comments"].as_array();
  ASSERT_EQ(arr.size(), 2u) << r.body;
  EXPECT_EQ(arr[0].at("body").as_string(), "Body of Notes");
  EXPECT_EQ(arr[1].at("body").as_string(), "We have refunded you");
  for (const auto& c : arr) {
    EXPECT_TRUE(c.at("public").as_bool());
    EXPECT_EQ(c.at("request_id").as_int64(), id);
  }
  EXPECT_EQ(r.body.find("SECRET"), std::string::npos) << r.body;
  EXPECT_EQ(r["count"].as_int64(), 2) << "the count must not reveal internal notes";
}

TEST(Requests, CommentsCursorPaginationFollowsLinksNext) {
  Desk d;
  auto id = CreateRequest(d.Alice(), "Paged");
  ASSERT_EQ(d.Agent().Put(TicketPath(id), R"({"ticket":{"comment":{"body":"internal 1","public":false}}})").status,
            200);
  ASSERT_EQ(d.Agent().Put(TicketPath(id), R"({"ticket":{"comment":{"body":"second"}}})").status, 200);
  ASSERT_EQ(d.Agent().Put(TicketPath(id), R"({"ticket":{"comment":{"body":"internal 2","public":false}}})").status,
            200);
  ASSERT_EQ(d.Alice().Put(RequestPath(id), R"({"request":{"comment":{"body":"third"}}})").status, 200);

  // As node-zendesk does: percent-encoded brackets, then follow links.next verbatim.
  auto r = d.Alice().Get("/api/v2/requests/" + S(id) + "/comments.json?page%5Bsize%5D=1");
  std::vector<std::string> bodies;
  for (int pages = 0;; ++pages) {
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_LT(pages, 4) << "links.next never became null";
    for (const auto& c : r["comments"].as_array()) {
      bodies.emplace_back(c.at("body").as_string());
      EXPECT_EQ(c.at("request_id").as_int64(), id);
    }
    const auto& next = r["links"].at("next");
    if (next.is_null()) break;
    std::string link(next.as_string());
    EXPECT_TRUE(link.starts_with(d.server.base() + "/api/v2/requests/" + S(id) + "/comments.json?")) << link;
    r = d.Alice().Get(PathOf(link, d.server.base()));
  }
  EXPECT_EQ(bodies, (std::vector<std::string>{"About Paged", "second", "third"}));
  EXPECT_FALSE(r["meta"].at("has_more").as_bool());
}

// ------------------------------------------------------------------ solved

TEST(RequestsSolve, TheRequesterClosesWithSolvedTrue) {
  Desk d;
  auto id = CreateRequest(d.Alice(), "Close me");
  auto before = d.Alice().Get(RequestPath(id));
  ASSERT_EQ(before.status, 200);
  EXPECT_TRUE(before["request"].at("can_be_solved_by_me").as_bool());
  auto r = d.Alice().Put(RequestPath(id), R"({"request":{"solved":true}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r["request"].at("status").as_string(), "closed");
  EXPECT_EQ(r["request"].at("custom_status_id").as_int64(), 8);
  EXPECT_FALSE(r["request"].at("can_be_solved_by_me").as_bool());
  EXPECT_FALSE(d.Alice().Get(RequestPath(id))["request"].at("can_be_solved_by_me").as_bool());
  auto t = d.Agent().Get(TicketPath(id))["ticket"];
  EXPECT_EQ(t.at("status").as_string(), "closed");
  EXPECT_EQ(t.at("custom_status_id").as_int64(), 8);
  EXPECT_TRUE(Contains(Ids(d.Alice().Get("/api/v2/requests/solved.json")["requests"]), id));
  EXPECT_FALSE(Contains(Ids(d.Alice().Get("/api/v2/requests/open.json")["requests"]), id));
  // Closing again changes nothing and is not an error.
  EXPECT_EQ(d.Alice().Put(RequestPath(id), R"({"request":{"solved":true}})").status, 200);

  // A comment together with solved: the comment is kept, the ticket closed.
  auto other = CreateRequest(d.Alice(), "Close with a word");
  ASSERT_EQ(d.Agent().Put(TicketPath(other), R"({"ticket":{"status":"pending"}})").status, 200);
  auto both = d.Alice().Put(RequestPath(other), R"({"request":{"comment":{"body":"Thanks, solved"},"solved":true}})");
  ASSERT_EQ(both.status, 200) << both.body;
  EXPECT_EQ(both["request"].at("custom_status_id").as_int64(), 8);
  EXPECT_EQ(AgentComments(d, other).back().at("body").as_string(), "Thanks, solved");
}

TEST(RequestsSolve, ACcCannotSolve) {
  Desk d;
  auto id = d.NewTicket("alice@customer.example", "CC tries", R"("collaborators":[)" + S(d.bob_id) + "]");
  EXPECT_FALSE(d.Bob().Get(RequestPath(id))["request"].at("can_be_solved_by_me").as_bool());
  auto r = d.Bob().Put(RequestPath(id), R"({"request":{"solved":true}})");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_TRUE(DetailsName(r, "solved")) << r.body;
  // Refused as a whole: a comment sent along is not added either.
  auto both = d.Bob().Put(RequestPath(id), R"({"request":{"comment":{"body":"closing for Alice"},"solved":true}})");
  EXPECT_EQ(both.status, 422) << both.body;
  EXPECT_EQ(AgentComments(d, id).size(), 1u);
  EXPECT_EQ(d.Agent().Get(TicketPath(id))["ticket"].at("custom_status_id").as_int64(), 1);
  // The CC may still comment.
  EXPECT_EQ(d.Bob().Put(RequestPath(id), R"({"request":{"comment":{"body":"me too"}}})").status, 200);
  EXPECT_EQ(AgentComments(d, id).size(), 2u);
  // solved must be a boolean.
  auto typed = d.Alice().Put(RequestPath(id), R"({"request":{"solved":"yes"}})");
  EXPECT_EQ(typed.status, 422) << typed.body;
  EXPECT_TRUE(DetailsName(typed, "solved")) << typed.body;
}

// A workflow where the customer may not close while Awaiting response.
constexpr const char* kStrictWorkflow = R"(
name = "strict"
initial = "open"
customer_close = "resolved"
queue = { unassigned = "open", assigned = "open" }
transition = [
  { from = "open", to = "awaiting_response", by = ["agent"] },
  { from = "open", to = "resolved", by = ["agent", "customer"] },
  { from = "awaiting_response", to = "open", by = ["agent", "customer"] },
  { from = "awaiting_response", to = "resolved", by = ["agent"] },
  { from = "resolved", to = "open", by = ["agent", "customer"] },
]

[[status]]
key = "open"
id = 201
category = "open"
default = true
agent_label = { pt-BR = "Aberto", es = "Abierto", en = "Open" }
customer_may_close = true

[[status]]
key = "awaiting_response"
id = 202
category = "pending"
default = true
agent_label = { pt-BR = "Aguardando", es = "Esperando", en = "Waiting" }
on_customer_reply = "open"

[[status]]
key = "resolved"
id = 203
category = "solved"
default = true
agent_label = { pt-BR = "Resolvido", es = "Resuelto", en = "Resolved" }
customer_may_reopen = true
on_customer_reply = "open"
)";

TEST(RequestsSolve, SolvedFromAStatusThatDoesNotAllowItIs422) {
  const auto dir = MakeTempDir("chamado-strict");
  const auto data = dir + "/data";
  std::filesystem::create_directories(data);
  { std::ofstream(dir + "/strict.toml") << kStrictWorkflow; }
  { std::ofstream(data + "/chamado.toml") << "[tickets]\nworkflow = \"" << dir << "/strict.toml\"\n"; }
  {
    Server s({}, data);
    s.AddUser("agent@test.example", "Agent", "agent");
    s.AddUser("alice@customer.example", "Alice", "end-user");
    Client agent(s, "agent@test.example", s.Token("agent@test.example"));
    Client alice(s, "alice@customer.example", s.Token("alice@customer.example"));
    auto created = alice.Post("/api/v2/requests.json", R"({"request":{"subject":"x","comment":{"body":"y"}}})");
    ASSERT_EQ(created.status, 201) << created.body << s.stderr_text();
    const auto id = created["request"].at("id").as_int64();
    EXPECT_EQ(created["request"].at("custom_status_id").as_int64(), 201);
    ASSERT_EQ(agent.Put(TicketPath(id), R"({"ticket":{"status":"pending"}})").status, 200);

    auto shown = alice.Get(RequestPath(id));
    EXPECT_FALSE(shown["request"].at("can_be_solved_by_me").as_bool()) << shown.body;
    auto r = alice.Put(RequestPath(id), R"({"request":{"solved":true}})");
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_TRUE(DetailsName(r, "status")) << r.body;
    EXPECT_EQ(agent.Get(TicketPath(id))["ticket"].at("custom_status_id").as_int64(), 202);

    // Back in Open the requester may close: Resolved, which is not terminal here.
    ASSERT_EQ(alice.Put(RequestPath(id), R"({"request":{"comment":{"body":"more info"}}})").status, 200);
    EXPECT_TRUE(alice.Get(RequestPath(id))["request"].at("can_be_solved_by_me").as_bool());
    auto ok = alice.Put(RequestPath(id), R"({"request":{"solved":true}})");
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(ok["request"].at("custom_status_id").as_int64(), 203);
    EXPECT_EQ(ok["request"].at("status").as_string(), "solved");
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace it
