// Comment redaction (docs/api.md "Redaction"; zendesk-compat.md §12): an agent removes a text
// from a comment for good. Afterwards the words are in no comment the API returns, no search
// finds the ticket by them (the index follows: FTS5 on SQLite, ticket_search_texts on
// PostgreSQL), the description (the first comment) and the subject taken from it have lost them,
// and the timeline records who redacted which comment, never what.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness.hpp"

namespace it {
namespace {

std::string RedactPath(std::int64_t id, std::int64_t cid) {
  return "/api/v2/tickets/" + S(id) + "/comments/" + S(cid) + "/redact.json";
}
std::string RedactBody(const std::string& text) { return json::serialize(json::object{{"text", text}}); }

class Redaction : public ::testing::Test {
 protected:
  Desk d;

  // A ticket from Alice whose first comment carries a card number; the subject is left out,
  // so it is taken from that comment (Zendesk's rule). Then an agent reply and a private note.
  std::int64_t CardTicket() {
    json::object t{{"comment", {{"body", "My card 4111111111111111 was charged twice"}}},
                   {"requester", {{"name", "Alice"}, {"email", "alice@customer.example"}}}};
    auto r = d.Agent().Post("/api/v2/tickets.json", json::serialize(json::object{{"ticket", t}}));
    EXPECT_EQ(r.status, 201) << r.body;
    const auto id = r["ticket"].at("id").as_int64();
    EXPECT_NE(std::string(r["ticket"].at("subject").as_string()).find("4111111111111111"), std::string::npos);
    Comment(id, "We see two charges; refund on its way", true);
    Comment(id, "Customer password is hunter2zebra, do not share", false);
    return id;
  }

  void Comment(std::int64_t id, const std::string& body, bool is_public) {
    json::object c{{"body", body}, {"public", is_public}};
    auto r = d.Agent().Put(TicketPath(id), json::serialize(json::object{{"ticket", {{"comment", c}}}}));
    ASSERT_EQ(r.status, 200) << r.body;
  }

  json::array Comments(std::int64_t id) {
    auto r = d.Agent().Get("/api/v2/tickets/" + S(id) + "/comments.json");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r["comments"].as_array() : json::array{};
  }

  std::vector<std::int64_t> Found(Client who, const std::string& path) {
    auto r = who.Get(path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    std::vector<std::int64_t> ids;
    if (r.status != 200) return ids;
    const char* root = r.json.as_object().contains("results") ? "results" : "requests";
    for (const auto& x : r[root].as_array()) ids.push_back(x.at("id").as_int64());
    return ids;
  }
  std::vector<std::int64_t> AgentSearch(const std::string& word) {
    return Found(d.Agent(), "/api/v2/search.json?query=" + word);
  }
};

TEST_F(Redaction, TheWordsAreGoneFromCommentsSearchDescriptionAndSubject) {
  const auto id = CardTicket();
  auto before = Comments(id);
  ASSERT_EQ(before.size(), 3u);
  const auto first = before[0].at("id").as_int64();
  const auto note = before[2].at("id").as_int64();
  using V = std::vector<std::int64_t>;
  ASSERT_EQ(AgentSearch("4111111111111111"), V{id});
  ASSERT_EQ(AgentSearch("hunter2zebra"), V{id});
  ASSERT_EQ(Found(d.Alice(), "/api/v2/requests/search.json?query=4111111111111111"), V{id});

  auto r = d.Agent().Put(RedactPath(id, first), RedactBody("4111111111111111"));
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string marks = [] {
    std::string m;
    for (int i = 0; i < 16; ++i) m += "\u2587";
    return m;
  }();
  EXPECT_EQ(r["comment"].at("id").as_int64(), first);
  EXPECT_EQ(Str(r["comment"].at("body")), "My card " + marks + " was charged twice");
  EXPECT_EQ(Str(r["comment"].at("plain_body")), "My card " + marks + " was charged twice");
  EXPECT_EQ(r.body.find("4111111111111111"), std::string::npos);

  // Comments (agents' and the requester's views), search, description, subject.
  auto after = Comments(id);
  for (const auto& c : after) EXPECT_EQ(json::serialize(c).find("4111111111111111"), std::string::npos);
  auto req_comments = d.Alice().Get("/api/v2/requests/" + S(id) + "/comments.json");
  EXPECT_EQ(req_comments.body.find("4111111111111111"), std::string::npos);
  EXPECT_TRUE(AgentSearch("4111111111111111").empty());
  EXPECT_TRUE(Found(d.Alice(), "/api/v2/requests/search.json?query=4111111111111111").empty());
  EXPECT_EQ(AgentSearch("charged"), V{id}) << "the rest of the comment is still searchable";
  auto ticket = d.Agent().Get(TicketPath(id));
  EXPECT_EQ(Str(ticket["ticket"].at("description")), "My card " + marks + " was charged twice");
  EXPECT_EQ(ticket.body.find("4111111111111111"), std::string::npos) << ticket.body;
  auto request = d.Alice().Get("/api/v2/requests/" + S(id) + ".json");
  EXPECT_EQ(request.body.find("4111111111111111"), std::string::npos) << request.body;

  // The timeline: who redacted which comment, and the old text nowhere (the subject's Create
  // event included).
  auto audits = d.Agent().Get("/api/v2/tickets/" + S(id) + "/audits.json");
  ASSERT_EQ(audits.status, 200);
  EXPECT_EQ(audits.body.find("4111111111111111"), std::string::npos) << audits.body;
  const auto& last = audits["audits"].as_array().back();
  EXPECT_EQ(last.at("author_id").as_int64(), d.agent_id);
  EXPECT_EQ(last.at("events").at(0).at("type"), "CommentRedactionEvent");
  EXPECT_EQ(last.at("events").at(0).at("comment_id").as_int64(), first);
  // The redacted comment still belongs to its own audit.
  EXPECT_EQ(after[0].at("audit_id").as_int64(), before[0].at("audit_id").as_int64());

  // An internal note, the same way.
  auto n = d.Agent().Put(RedactPath(id, note), RedactBody("hunter2zebra"));
  ASSERT_EQ(n.status, 200) << n.body;
  EXPECT_TRUE(AgentSearch("hunter2zebra").empty());
  EXPECT_EQ(AgentSearch("share"), V{id});
  EXPECT_EQ(d.Agent().Get("/api/v2/tickets/" + S(id) + "/comments.json").body.find("hunter2zebra"), std::string::npos);
}

TEST_F(Redaction, RefusalsAndWhoMayRedact) {
  const auto id = CardTicket();
  const auto first = Comments(id)[0].at("id").as_int64();
  const auto other = d.NewTicket("bob@customer.example", "Other");
  const auto other_comment = Comments(other)[0].at("id").as_int64();

  // Text not in the comment, blank, or missing: 422 on text; nothing changed.
  auto absent = d.Agent().Put(RedactPath(id, first), RedactBody("5500000000000004"));
  EXPECT_EQ(absent.status, 422) << absent.body;
  EXPECT_TRUE(DetailsName(absent, "text")) << absent.body;
  EXPECT_EQ(d.Agent().Put(RedactPath(id, first), RedactBody("  ")).status, 422);
  EXPECT_EQ(d.Agent().Put(RedactPath(id, first), "{}").status, 422);
  EXPECT_EQ(d.Agent().Put(RedactPath(id, first), "not json").status, 400);
  EXPECT_EQ(AgentSearch("4111111111111111"), std::vector<std::int64_t>{id});

  // Unknown ticket or comment, or a comment of another ticket: 404.
  EXPECT_EQ(d.Agent().Put(RedactPath(999999, first), RedactBody("4111")).status, 404);
  EXPECT_EQ(d.Agent().Put(RedactPath(id, 999999), RedactBody("4111")).status, 404);
  EXPECT_EQ(d.Agent().Put(RedactPath(id, other_comment), RedactBody("Body")).status, 404);

  // End users may not, even the requester on their own comment; nobody signed in neither.
  EXPECT_EQ(d.Alice().Put(RedactPath(id, first), RedactBody("4111111111111111")).status, 403);
  EXPECT_EQ(d.Bob().Put(RedactPath(id, first), RedactBody("4111111111111111")).status, 403);
  EXPECT_EQ(d.Anonymous().Put(RedactPath(id, first), RedactBody("4111111111111111")).status, 401);
  EXPECT_NE(Comments(id)[0].at("body").as_string().find("4111111111111111"), json::string::npos);

  // Admins may.
  EXPECT_EQ(d.Admin().Put(RedactPath(id, first), RedactBody("4111111111111111")).status, 200);
  // A second redaction of the same text finds nothing left.
  EXPECT_EQ(d.Agent().Put(RedactPath(id, first), RedactBody("4111111111111111")).status, 422);
}

TEST_F(Redaction, AccentedTextGetsOneMarkPerCharacterAndOnlyThatCommentChanges) {
  const auto id = d.NewTicket("alice@customer.example", "Senha");
  Comment(id, "A senha é maçã123, e a senha antiga era maçã123 também", true);
  Comment(id, "maçã123 aparece aqui também", true);
  auto cs = Comments(id);
  ASSERT_EQ(cs.size(), 3u);
  auto r = d.Agent().Put(RedactPath(id, cs[1].at("id").as_int64()), RedactBody("maçã123"));
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string seven = "\u2587\u2587\u2587\u2587\u2587\u2587\u2587";
  EXPECT_EQ(Str(r["comment"].at("body")), "A senha é " + seven + ", e a senha antiga era " + seven + " também");
  // Another comment holding the same words is another redaction's business.
  EXPECT_EQ(Str(Comments(id)[2].at("body")), "maçã123 aparece aqui também");
  EXPECT_EQ(AgentSearch("antiga"), std::vector<std::int64_t>{id});
  // The subject and description came from elsewhere: untouched.
  auto t = d.Agent().Get(TicketPath(id));
  EXPECT_EQ(t["ticket"].at("subject"), "Senha");
}

}  // namespace
}  // namespace it
