// Tickets API (agents) and the status workflow over HTTP: create, show, update field by
// field, comments, list with offset and cursor pagination, show_many, sideloads,
// safe_update, and what the case-lifecycle workflow allows (PRODUCT.md §2,
// zendesk-compat.md §6-§8).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "harness.hpp"

namespace it {
namespace {

std::string FirstDetailError(const Response& r, const std::string& field) {
  if (!DetailsName(r, field)) return "";
  return std::string(r["details"].at(field).at(0).at("error").as_string());
}

std::string FirstDetailDescription(const Response& r, const std::string& field) {
  if (!DetailsName(r, field)) return "";
  return std::string(r["details"].at(field).at(0).at("description").as_string());
}

std::vector<std::int64_t> Ids(const json::value& arr, const char* key = "id") {
  std::vector<std::int64_t> out;
  if (!arr.is_array()) return out;
  for (const auto& e : arr.as_array()) out.push_back(e.at(key).as_int64());
  return out;
}

std::vector<std::string> Strings(const json::value& arr) {
  std::vector<std::string> out;
  if (!arr.is_array()) return out;
  for (const auto& e : arr.as_array()) out.emplace_back(e.as_string());
  return out;
}

bool Contains(const std::vector<std::int64_t>& v, std::int64_t x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// The audit event of `type` (and `field`, when given), or nullptr.
const json::object* FindEvent(const Response& r, std::string_view type, std::string_view field = "") {
  const auto& audit = r["audit"];
  if (!audit.is_object()) return nullptr;
  for (const auto& e : audit.at("events").as_array()) {
    const auto& o = e.as_object();
    if (o.at("type").as_string() != type) continue;
    if (!field.empty() && (!o.contains("field_name") || o.at("field_name").as_string() != field)) continue;
    return &o;
  }
  return nullptr;
}

std::string Str(const json::object* o, const char* key) {
  if (!o || !o->contains(key) || !o->at(key).is_string()) return "<none>";
  return std::string(o->at(key).as_string());
}

// A ticket body with a comment plus `extra` members ("" for none).
std::string TicketBody(const std::string& extra = "") {
  return R"({"ticket":{"subject":"Subject","comment":{"body":"First words"})" + (extra.empty() ? "" : "," + extra) +
         "}}";
}

Response Show(Desk& d, std::int64_t id) { return d.Agent().Get(TicketPath(id)); }

std::int64_t StatusId(Desk& d, std::int64_t id) { return Show(d, id)["ticket"].at("custom_status_id").as_int64(); }

// The path part of an absolute link that must start with `base`.
std::string PathOf(const std::string& link, const std::string& base) {
  EXPECT_TRUE(link.starts_with(base + "/api/v2/")) << link << " does not start with " << base;
  return link.starts_with(base) ? link.substr(base.size()) : link;
}

void AdvanceClock(Desk& d, int seconds) {
  auto r = d.Anonymous().Post("/api/v2/chamado/test/clock", R"({"advance_seconds":)" + S(seconds) + "}");
  ASSERT_EQ(r.status, 200) << r.body;
}

// ------------------------------------------------------------------ create

TEST(Tickets, CreateAnswers201WithLocationAuditAndANewEndUserAsRequester) {
  Desk d;
  auto r = d.Agent().Post("/api/v2/tickets.json", R"({"ticket":{"subject":"Login fails",
      "comment":{"body":"I cannot log in since Monday"},
      "requester":{"name":"Carol Customer","email":"Carol@Customer.example"}}})");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto& t = r["ticket"];
  const auto id = t.at("id").as_int64();
  EXPECT_EQ(r.Header("Location"), d.server.base() + "/api/v2/tickets/" + S(id) + ".json");
  EXPECT_EQ(t.at("url").as_string(), d.server.base() + "/api/v2/tickets/" + S(id) + ".json");
  EXPECT_EQ(t.at("subject").as_string(), "Login fails");
  EXPECT_EQ(t.at("description").as_string(), "I cannot log in since Monday");
  EXPECT_EQ(t.at("status").as_string(), "new");
  EXPECT_EQ(t.at("custom_status_id").as_int64(), 1);
  EXPECT_EQ(t.at("priority").as_string(), "normal") << "a ticket without priority starts Normal (PRODUCT §5)";
  EXPECT_EQ(t.at("submitter_id").as_int64(), d.agent_id);
  EXPECT_TRUE(t.at("assignee_id").is_null());

  // The audit: Create events for the fields set, and the first comment.
  ASSERT_TRUE(r["audit"].is_object()) << r.body;
  EXPECT_EQ(r["audit"].at("ticket_id").as_int64(), id);
  EXPECT_EQ(r["audit"].at("author_id").as_int64(), d.agent_id);
  auto* created = FindEvent(r, "Create", "subject");
  ASSERT_NE(created, nullptr) << r.body;
  EXPECT_EQ(Str(created, "value"), "Login fails");
  auto* comment = FindEvent(r, "Comment");
  ASSERT_NE(comment, nullptr) << r.body;
  EXPECT_EQ(Str(comment, "body"), "I cannot log in since Monday");
  EXPECT_EQ(comment->at("author_id").as_int64(), d.agent_id);
  EXPECT_TRUE(comment->at("public").as_bool());

  // The requester was created as an end user with the name given (e-mail normalized).
  const auto requester = t.at("requester_id").as_int64();
  EXPECT_NE(requester, d.agent_id);
  EXPECT_NE(requester, d.alice_id);
  auto u = d.Agent().Get("/api/v2/users/" + S(requester) + ".json");
  ASSERT_EQ(u.status, 200) << u.body;
  EXPECT_EQ(u["user"].at("name").as_string(), "Carol Customer");
  EXPECT_EQ(u["user"].at("email").as_string(), "carol@customer.example");
  EXPECT_EQ(u["user"].at("role").as_string(), "end-user");

  // A second ticket for the same e-mail reuses that user.
  auto again = d.Agent().Post("/api/v2/tickets.json",
                              TicketBody(R"("requester":{"name":"Other Name","email":"carol@customer.example"})"));
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again["ticket"].at("requester_id").as_int64(), requester);
}

TEST(Tickets, SubmitterIsTheCallerAndTheFirstCommentsAuthor) {
  Desk d;
  auto r = d.Agent().Post("/api/v2/tickets.json", TicketBody(R"("requester_id":)" + S(d.alice_id)));
  ASSERT_EQ(r.status, 201) << r.body;
  const auto id = r["ticket"].at("id").as_int64();
  EXPECT_EQ(r["ticket"].at("requester_id").as_int64(), d.alice_id);
  EXPECT_EQ(r["ticket"].at("submitter_id").as_int64(), d.agent_id);
  auto c = d.Agent().Get("/api/v2/tickets/" + S(id) + "/comments.json");
  ASSERT_EQ(c.status, 200) << c.body;
  ASSERT_EQ(c["comments"].as_array().size(), 1u);
  EXPECT_EQ(c["comments"].at(0).at("author_id").as_int64(), d.agent_id);
  EXPECT_EQ(c["comments"].at(0).at("body").as_string(), "First words");

  // Without a requester, the caller is the requester.
  auto own = d.Admin().Post("/api/v2/tickets.json", TicketBody());
  ASSERT_EQ(own.status, 201) << own.body;
  EXPECT_EQ(own["ticket"].at("requester_id").as_int64(), d.admin_id);
  EXPECT_EQ(own["ticket"].at("submitter_id").as_int64(), d.admin_id);

  // An unknown requester_id is refused, naming the field.
  auto bad = d.Agent().Post("/api/v2/tickets.json", TicketBody(R"("requester_id":987654)"));
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_TRUE(DetailsName(bad, "requester_id")) << bad.body;
}

TEST(Tickets, CreateKeepsPriorityTypeTagsAndCollaboratorsByIdEmailOrObject) {
  Desk d;
  auto r =
      d.Agent().Post("/api/v2/tickets.json",
                     TicketBody(F(R"("requester_id":{},"priority":"high","type":"incident","tags":["billing","vip"],
                     "collaborators":[{},"dave@customer.example",{"name":"Erin Example","email":"erin@customer.example"}])",
                                  {S(d.alice_id), S(d.bob_id)})));
  ASSERT_EQ(r.status, 201) << r.body;
  const auto& t = r["ticket"];
  EXPECT_EQ(t.at("priority").as_string(), "high");
  EXPECT_EQ(t.at("type").as_string(), "incident");
  EXPECT_EQ(Strings(t.at("tags")), (std::vector<std::string>{"billing", "vip"}));
  std::vector<std::int64_t> ccs;
  for (const auto& v : t.at("collaborator_ids").as_array()) ccs.push_back(v.as_int64());
  ASSERT_EQ(ccs.size(), 3u) << r.body;
  EXPECT_TRUE(Contains(ccs, d.bob_id));
  EXPECT_EQ(t.at("email_cc_ids"), t.at("collaborator_ids"));

  // The CCs named by e-mail became end users; sideloaded with ?include=users.
  auto shown = d.Agent().Get(TicketPath(t.at("id").as_int64()) + "?include=users");
  ASSERT_EQ(shown.status, 200) << shown.body;
  std::set<std::string> cc_emails;
  for (const auto& u : shown["users"].as_array()) {
    if (!Contains(ccs, u.at("id").as_int64())) continue;
    cc_emails.insert(std::string(u.at("email").as_string()));
    if (u.at("email").as_string() == "erin@customer.example") {
      EXPECT_EQ(u.at("name").as_string(), "Erin Example");
    }
    if (u.at("id").as_int64() != d.bob_id) {
      EXPECT_EQ(u.at("role").as_string(), "end-user");
    }
  }
  EXPECT_EQ(cc_emails,
            (std::set<std::string>{"bob@customer.example", "dave@customer.example", "erin@customer.example"}));

  // The requester is never their own CC.
  auto self =
      d.Agent().Post("/api/v2/tickets.json",
                     TicketBody(F(R"("requester_id":{},"collaborators":[{}])", {S(d.alice_id), S(d.alice_id)})));
  ASSERT_EQ(self.status, 201) << self.body;
  EXPECT_TRUE(self["ticket"].at("collaborator_ids").as_array().empty()) << self.body;
}

TEST(Tickets, CreateWithTheShippedCustomFields) {
  Desk d;
  auto r =
      d.Agent().Post("/api/v2/tickets.json", TicketBody(R"("custom_fields":[{"id":100,"value":"Android 14 / app 3.2"},
                                     {"id":101,"value":"topic_access"},{"id":102,"value":"impact_partial"}])"));
  ASSERT_EQ(r.status, 201) << r.body;
  const auto id = r["ticket"].at("id").as_int64();
  auto shown = Show(d, id);
  std::map<std::int64_t, std::string> values;
  for (const auto& f : shown["ticket"].at("custom_fields").as_array())
    if (f.at("value").is_string()) values[f.at("id").as_int64()] = std::string(f.at("value").as_string());
  EXPECT_EQ(values[100], "Android 14 / app 3.2");
  EXPECT_EQ(values[101], "topic_access");
  EXPECT_EQ(values[102], "impact_partial");

  // A tagger value that is not one of its options, a read-only field, an unknown field.
  for (const char* bad : {R"({"id":101,"value":"topic_nonsense"})", R"({"id":102,"value":"impact_maybe"})",
                          R"({"id":103,"value":"escalation_in_progress"})", R"({"id":99999,"value":"x"})"}) {
    auto e = d.Agent().Post("/api/v2/tickets.json", TicketBody(std::string(R"("custom_fields":[)") + bad + "]"));
    EXPECT_EQ(e.status, 422) << bad << " -> " << e.body;
    EXPECT_TRUE(DetailsName(e, "custom_fields")) << e.body;
  }
  // Escalation status is read-only on update too; the stored values stay.
  auto up =
      d.Agent().Put(TicketPath(id), R"({"ticket":{"custom_fields":[{"id":103,"value":"escalation_concluded"}]}})");
  EXPECT_EQ(up.status, 422) << up.body;
  EXPECT_TRUE(DetailsName(up, "custom_fields")) << up.body;
  // An update of one field keeps the others.
  auto up2 = d.Agent().Put(TicketPath(id), R"({"ticket":{"custom_fields":[{"id":102,"value":"impact_total"}]}})");
  ASSERT_EQ(up2.status, 200) << up2.body;
  values.clear();
  for (const auto& f : up2["ticket"].at("custom_fields").as_array())
    if (f.at("value").is_string()) values[f.at("id").as_int64()] = std::string(f.at("value").as_string());
  EXPECT_EQ(values[101], "topic_access");
  EXPECT_EQ(values[102], "impact_total");
}

TEST(Tickets, ATicketWithoutACommentIs422NamingComment) {
  Desk d;
  for (const char* body :
       {R"({"ticket":{"subject":"No comment"}})", R"({"ticket":{"subject":"x","comment":{"body":"   "}}})",
        R"({"ticket":{"subject":"x","comment":{}}})"}) {
    auto r = d.Agent().Post("/api/v2/tickets.json", body);
    EXPECT_EQ(r.status, 422) << body << " -> " << r.body;
    EXPECT_EQ(r["error"].as_string(), "RecordInvalid") << r.body;
    EXPECT_TRUE(DetailsName(r, "comment")) << r.body;
  }
  auto list = d.Agent().Get("/api/v2/tickets.json");
  EXPECT_EQ(list["count"].as_int64(), 0) << "refused tickets must not be stored: " << list.body;
}

TEST(Tickets, WrongTypesAre422NamingTheField) {
  Desk d;
  const std::vector<std::pair<std::string, std::string>> cases{
      {"subject", R"("subject":5)"},
      {"assignee_id", R"("assignee_id":"x")"},
      {"tags", R"("tags":"a")"},
      {"tags", R"("tags":["a",1])"},
      {"priority", R"("priority":5)"},
      {"priority", R"("priority":"blocker")"},
      {"type", R"("type":"bug")"},
      {"requester_id", R"("requester_id":"abc")"},
      {"collaborators", R"("collaborators":"bob@customer.example")"},
      {"custom_fields", R"("custom_fields":{"id":100})"},
      {"status", R"("status":1)"},
      {"due_at", R"("due_at":"tomorrow")"},
  };
  for (const auto& [field, member] : cases) {
    auto r = d.Agent().Post("/api/v2/tickets.json", R"({"ticket":{"comment":{"body":"b"},)" + member + "}}");
    EXPECT_EQ(r.status, 422) << member << " -> " << r.body;
    EXPECT_TRUE(DetailsName(r, field)) << member << " -> " << r.body;
  }
  // Too long is refused the same way.
  auto long_subject = d.Agent().Post(
      "/api/v2/tickets.json", R"({"ticket":{"comment":{"body":"b"},"subject":")" + std::string(256, 'x') + "\"}}");
  EXPECT_EQ(long_subject.status, 422) << long_subject.body;
  EXPECT_TRUE(DetailsName(long_subject, "subject")) << long_subject.body;
  // The same on update, and the ticket is untouched.
  auto id = d.NewTicket("carol@customer.example", "Typed");
  auto r = d.Agent().Put(TicketPath(id), R"({"ticket":{"subject":"changed","assignee_id":"x"}})");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_TRUE(DetailsName(r, "assignee_id")) << r.body;
  EXPECT_EQ(Show(d, id)["ticket"].at("subject").as_string(), "Typed");
  auto c = d.Agent().Put(TicketPath(id), R"({"ticket":{"comment":{"body":"x","public":"no"}}})");
  EXPECT_EQ(c.status, 422) << c.body;
  EXPECT_TRUE(DetailsName(c, "comment.public")) << c.body;
}

TEST(Tickets, MalformedJsonIs400) {
  Desk d;
  for (const char* body : {R"({"ticket": {"subject": "x", )", "not json", R"(["ticket"])"}) {
    auto r = d.Agent().Post("/api/v2/tickets.json", body);
    EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
    EXPECT_TRUE(r["error"].is_string()) << r.body;
    EXPECT_NE(r.Header("Content-Type").find("application/json"), std::string::npos);
  }
  auto id = d.NewTicket("carol@customer.example");
  auto r = d.Agent().Put(TicketPath(id), "{\"ticket\":");
  EXPECT_EQ(r.status, 400) << r.body;
}

TEST(Tickets, UnknownFieldsAreIgnored) {
  Desk d;
  auto r = d.Agent().Post("/api/v2/tickets.json",
                          TicketBody(R"("frobnicate":{"deep":[1,2]},"brand_id":123,"ticket_form_id":null)"));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r["ticket"].at("subject").as_string(), "Subject");
  auto u = d.Agent().Put(TicketPath(r["ticket"].at("id").as_int64()), R"({"ticket":{"subject":"S2","sparkle":true}})");
  ASSERT_EQ(u.status, 200) << u.body;
  EXPECT_EQ(u["ticket"].at("subject").as_string(), "S2");
}

// ------------------------------------------------------------------ show

TEST(Tickets, ShowUnknownIs404AndJsonSuffixIsOptional) {
  Desk d;
  auto missing = d.Agent().Get("/api/v2/tickets/424242.json");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing["error"].as_string(), "RecordNotFound");
  EXPECT_EQ(d.Agent().Put("/api/v2/tickets/424242.json", R"({"ticket":{"subject":"x"}})").status, 404);
  EXPECT_EQ(d.Agent().Get("/api/v2/tickets/424242/comments.json").status, 404);

  auto id = d.NewTicket("carol@customer.example", "Suffix");
  auto with = d.Agent().Get("/api/v2/tickets/" + S(id) + ".json");
  auto without = d.Agent().Get("/api/v2/tickets/" + S(id));
  ASSERT_EQ(with.status, 200);
  ASSERT_EQ(without.status, 200);
  EXPECT_EQ(with["ticket"], without["ticket"]);
  auto put = d.Agent().Put("/api/v2/tickets/" + S(id), R"({"ticket":{"subject":"No suffix"}})");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(Show(d, id)["ticket"].at("subject").as_string(), "No suffix");
  auto list = d.Agent().Get("/api/v2/tickets");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(Ids(list["tickets"]), std::vector<std::int64_t>{id});
}

TEST(Tickets, IncludeUsersSideloadsRequesterSubmitterAndAssignee) {
  Desk d;
  auto id = d.NewTicket("carol@customer.example", "Sideload", R"("assignee_id":)" + S(d.agent_id));
  auto plain = Show(d, id);
  EXPECT_FALSE(plain.json.as_object().contains("users")) << "users appear only when asked for";
  auto r = d.Agent().Get(TicketPath(id) + "?include=users");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto requester = r["ticket"].at("requester_id").as_int64();
  auto users = Ids(r["users"]);
  EXPECT_TRUE(Contains(users, requester)) << r.body;
  EXPECT_TRUE(Contains(users, d.agent_id)) << r.body;
  for (const auto& u : r["users"].as_array())
    if (u.at("id").as_int64() == requester) {
      EXPECT_EQ(u.at("email").as_string(), "carol@customer.example");
    }
  auto list = d.Agent().Get("/api/v2/tickets.json?include=users");
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(Contains(Ids(list["users"]), requester)) << list.body;
}

// ------------------------------------------------------------------ update

TEST(Tickets, UpdateChangesOnlyTheFieldsSent) {
  Desk d;
  auto id = d.NewTicket("carol@customer.example", "Old subject", R"("priority":"low","tags":["billing","vip"])");
  auto r = d.Agent().Put(TicketPath(id), R"({"ticket":{"subject":"New subject"}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r["ticket"].at("subject").as_string(), "New subject");
  EXPECT_EQ(r["ticket"].at("priority").as_string(), "low");
  EXPECT_EQ(Strings(r["ticket"].at("tags")), (std::vector<std::string>{"billing", "vip"}));
  auto* ev = FindEvent(r, "Change", "subject");
  ASSERT_NE(ev, nullptr) << r.body;
  EXPECT_EQ(Str(ev, "value"), "New subject");
  EXPECT_EQ(Str(ev, "previous_value"), "Old subject");
  EXPECT_EQ(FindEvent(r, "Change", "priority"), nullptr) << "unchanged fields make no event: " << r.body;

  r = d.Agent().Put(TicketPath(id), R"({"ticket":{"priority":"urgent","type":"task"}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r["ticket"].at("subject").as_string(), "New subject");
  EXPECT_EQ(r["ticket"].at("priority").as_string(), "urgent");
  EXPECT_EQ(r["ticket"].at("type").as_string(), "task");

  // tags replace; additional_tags / remove_tags edit.
  r = d.Agent().Put(TicketPath(id), R"({"ticket":{"additional_tags":["urgent","billing"],"remove_tags":["vip"]}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Strings(r["ticket"].at("tags")), (std::vector<std::string>{"billing", "urgent"}));
  r = d.Agent().Put(TicketPath(id), R"({"ticket":{"tags":["only"]}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Strings(r["ticket"].at("tags")), (std::vector<std::string>{"only"}));

  // Null clears a nullable field.
  r = d.Agent().Put(TicketPath(id), R"({"ticket":{"type":null}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r["ticket"].at("type").is_null());

  auto shown = Show(d, id)["ticket"];
  EXPECT_EQ(shown.at("subject").as_string(), "New subject");
  EXPECT_EQ(shown.at("priority").as_string(), "urgent");
  EXPECT_EQ(Strings(shown.at("tags")), std::vector<std::string>{"only"});
}

TEST(Tickets, CommentsArePublicByDefaultAndInternalNotesAreListedForAgentsOldestFirst) {
  Desk d;
  auto id = d.NewTicket("alice@customer.example", "Conversation");
  auto r = d.Agent().Put(TicketPath(id), R"({"ticket":{"comment":{"body":"We are looking into it"}}})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto* ev = FindEvent(r, "Comment");
  ASSERT_NE(ev, nullptr) << r.body;
  EXPECT_TRUE(ev->at("public").as_bool());
  r = d.Agent().Put(TicketPath(id), R"({"ticket":{"comment":{"body":"Customer is on the old plan","public":false}}})");
  ASSERT_EQ(r.status, 200) << r.body;
  ev = FindEvent(r, "Comment");
  ASSERT_NE(ev, nullptr) << r.body;
  EXPECT_FALSE(ev->at("public").as_bool());

  auto c = d.Agent().Get("/api/v2/tickets/" + S(id) + "/comments.json");
  ASSERT_EQ(c.status, 200) << c.body;
  const auto& arr = c["comments"].as_array();
  ASSERT_EQ(arr.size(), 3u) << c.body;
  EXPECT_EQ(arr[0].at("body").as_string(), "Body of Conversation");
  EXPECT_EQ(arr[1].at("body").as_string(), "We are looking into it");
  EXPECT_TRUE(arr[1].at("public").as_bool());
  EXPECT_EQ(arr[2].at("body").as_string(), "Customer is on the old plan");
  EXPECT_FALSE(arr[2].at("public").as_bool());
  EXPECT_EQ(arr[2].at("author_id").as_int64(), d.agent_id);
  EXPECT_LT(arr[0].at("id").as_int64(), arr[1].at("id").as_int64());
  EXPECT_LT(arr[1].at("id").as_int64(), arr[2].at("id").as_int64());
  EXPECT_EQ(c["count"].as_int64(), 3);

  // A blank comment is refused and adds nothing.
  auto blank = d.Agent().Put(TicketPath(id), R"({"ticket":{"comment":{"body":""}}})");
  EXPECT_EQ(blank.status, 422) << blank.body;
  EXPECT_TRUE(DetailsName(blank, "comment")) << blank.body;
  EXPECT_EQ(d.Agent().Get("/api/v2/tickets/" + S(id) + "/comments.json")["comments"].as_array().size(), 3u);
}

TEST(Tickets, AssigningANewTicketMovesItToInProgress) {
  Desk d;
  auto id = d.NewTicket("carol@customer.example", "Assign me");
  auto r = d.Agent().Put(TicketPath(id), R"({"ticket":{"assignee_id":)" + S(d.agent_id) + "}}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r["ticket"].at("assignee_id").as_int64(), d.agent_id);
  EXPECT_EQ(r["ticket"].at("status").as_string(), "open");
  EXPECT_EQ(r["ticket"].at("custom_status_id").as_int64(), 2);
  auto* a = FindEvent(r, "Change", "assignee_id");
  ASSERT_NE(a, nullptr) << r.body;
  EXPECT_EQ(Str(a, "value"), S(d.agent_id));
  auto* st = FindEvent(r, "Change", "status");
  ASSERT_NE(st, nullptr) << r.body;
  EXPECT_EQ(Str(st, "previous_value"), "new");
  EXPECT_EQ(Str(st, "value"), "open");
  auto* cs = FindEvent(r, "Change", "custom_status_id");
  ASSERT_NE(cs, nullptr) << r.body;
  EXPECT_EQ(Str(cs, "previous_value"), "1");
  EXPECT_EQ(Str(cs, "value"), "2");
  EXPECT_EQ(StatusId(d, id), 2);

  // An end user cannot be the assignee.
  auto other = d.NewTicket("carol@customer.example", "Assign a customer");
  auto bad = d.Agent().Put(TicketPath(other), R"({"ticket":{"assignee_id":)" + S(d.alice_id) + "}}");
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_TRUE(DetailsName(bad, "assignee_id")) << bad.body;
  EXPECT_EQ(StatusId(d, other), 1);

  // assignee_email names the agent; unknown groups are refused naming the field.
  auto by_email = d.Agent().Put(TicketPath(other), R"({"ticket":{"assignee_email":"Agent@Test.example"}})");
  ASSERT_EQ(by_email.status, 200) << by_email.body;
  EXPECT_EQ(by_email["ticket"].at("assignee_id").as_int64(), d.agent_id);
  EXPECT_EQ(by_email["ticket"].at("custom_status_id").as_int64(), 2);
  auto group = d.Agent().Put(TicketPath(other), R"({"ticket":{"group_id":777}})");
  EXPECT_EQ(group.status, 422) << group.body;
  EXPECT_TRUE(DetailsName(group, "group_id")) << group.body;
  // Unassigning leaves the status alone.
  auto unassign = d.Agent().Put(TicketPath(id), R"({"ticket":{"assignee_id":null}})");
  ASSERT_EQ(unassign.status, 200) << unassign.body;
  EXPECT_TRUE(unassign["ticket"].at("assignee_id").is_null());
  EXPECT_EQ(unassign["ticket"].at("custom_status_id").as_int64(), 2);

  // Assigning at creation starts the ticket In progress too.
  auto created = d.Agent().Post("/api/v2/tickets.json", TicketBody(R"("assignee_id":)" + S(d.agent_id)));
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created["ticket"].at("custom_status_id").as_int64(), 2);
  EXPECT_EQ(created["ticket"].at("status").as_string(), "open");
}

// ------------------------------------------------------------------ list, show_many

TEST(Tickets, ListWithOffsetPagination) {
  Desk d;
  std::vector<std::int64_t> made;
  for (int i = 0; i < 5; ++i) made.push_back(d.NewTicket("carol@customer.example", "T" + S(i)));
  auto r = d.Agent().Get("/api/v2/tickets.json?per_page=2");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r["count"].as_int64(), 5);
  EXPECT_TRUE(r["previous_page"].is_null());
  std::vector<std::int64_t> seen;
  int pages = 0;
  while (true) {
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_LE(++pages, 3) << "too many pages";
    auto ids = Ids(r["tickets"]);
    seen.insert(seen.end(), ids.begin(), ids.end());
    if (r["next_page"].is_null()) break;
    std::string next(r["next_page"].as_string());
    r = d.Agent().Get(PathOf(next, d.server.base()));
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, made) << "every ticket once, in id order";
  EXPECT_EQ(r["tickets"].as_array().size(), 1u);
  ASSERT_TRUE(r["previous_page"].is_string());
  EXPECT_TRUE(std::string(r["previous_page"].as_string()).starts_with(d.server.base() + "/api/v2/tickets.json?"));

  // Past the offset limit: 400.
  EXPECT_EQ(d.Agent().Get("/api/v2/tickets.json?page=101&per_page=100").status, 400);
}

TEST(Tickets, ListWithCursorPaginationBuildsLinksFromTheHostTheClientUsed) {
  Desk d;
  std::vector<std::int64_t> made;
  for (int i = 0; i < 5; ++i) made.push_back(d.NewTicket("carol@customer.example", "C" + S(i)));
  const std::string host = "localhost:" + S(d.server.port());
  const std::string base = "http://" + host;
  auto get = [&](const std::string& path) { return d.Agent().Send("GET", path, "", {{"Host", host}}); };

  // node-zendesk sends the brackets percent-encoded.
  auto r = get("/api/v2/tickets.json?page%5Bsize%5D=2");
  ASSERT_EQ(r.status, 200) << r.body;
  std::vector<std::int64_t> seen;
  std::vector<Response> pages;
  while (true) {
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_LE(pages.size(), 3u) << "links.next never became null";
    auto ids = Ids(r["tickets"]);
    EXPECT_LE(ids.size(), 2u);
    seen.insert(seen.end(), ids.begin(), ids.end());
    pages.push_back(r);
    const auto& next = r["links"].at("next");
    if (next.is_null()) break;
    EXPECT_TRUE(r["meta"].at("has_more").as_bool());
    std::string link(next.as_string());
    EXPECT_TRUE(link.starts_with(base + "/api/v2/tickets.json?")) << link;
    r = get(PathOf(link, base));
  }
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_EQ(seen, made);
  EXPECT_FALSE(pages.back()["meta"].at("has_more").as_bool());
  EXPECT_TRUE(pages.front()["links"].at("prev").is_null());

  // page[before] from the last page walks back to the second page.
  const auto& prev = pages.back()["links"].at("prev");
  ASSERT_TRUE(prev.is_string()) << pages.back().body;
  auto back = get(PathOf(std::string(prev.as_string()), base));
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(Ids(back["tickets"]), Ids(pages[1]["tickets"]));
  // and from the second page back to the first, which has no prev.
  // Literal brackets (curl -g, hand-written URLs) work too.
  auto first = get("/api/v2/tickets.json?page[size]=2&page[before]=" + S(made[2]));
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(Ids(first["tickets"]), (std::vector<std::int64_t>{made[0], made[1]}));
  EXPECT_TRUE(first["links"].at("prev").is_null()) << first.body;
  EXPECT_FALSE(first["links"].at("next").is_null()) << first.body;

  // An exactly full last page still ends with links.next null.
  auto exact = get("/api/v2/tickets.json?page%5Bsize%5D=5");
  ASSERT_EQ(exact.status, 200);
  EXPECT_EQ(Ids(exact["tickets"]), made);
  EXPECT_TRUE(exact["links"].at("next").is_null()) << exact.body;

  // Behind a proxy the links follow X-Forwarded-Proto/Host.
  auto proxied = d.Agent().Send("GET", "/api/v2/tickets.json?page%5Bsize%5D=2", "",
                                {{"X-Forwarded-Proto", "https"}, {"X-Forwarded-Host", "desk.example.com"}});
  ASSERT_EQ(proxied.status, 200) << proxied.body;
  EXPECT_TRUE(
      std::string(proxied["links"].at("next").as_string()).starts_with("https://desk.example.com/api/v2/tickets.json?"))
      << proxied.body;
}

TEST(Tickets, ShowManyReturnsTheExistingTickets) {
  Desk d;
  auto a = d.NewTicket("carol@customer.example", "A");
  d.NewTicket("carol@customer.example", "B");
  auto c = d.NewTicket("carol@customer.example", "C");
  auto r = d.Agent().Get("/api/v2/tickets/show_many.json?ids=" + S(a) + "," + S(c) + ",999999");
  ASSERT_EQ(r.status, 200) << r.body;
  auto ids = Ids(r["tickets"]);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::int64_t>{a, c}));
  EXPECT_EQ(d.Agent().Get("/api/v2/tickets/show_many.json").status, 400);
  EXPECT_EQ(d.Agent().Get("/api/v2/tickets/show_many.json?ids=1,x").status, 400);
}

// ------------------------------------------------------------------ safe_update

TEST(TicketsSafeUpdate, AStaleUpdatedStampIs409) {
  Desk d;
  auto id = d.NewTicket("carol@customer.example", "Original");
  const std::string stamp(Show(d, id)["ticket"].at("updated_at").as_string());
  AdvanceClock(d, 60);
  auto other = d.Agent().Put(TicketPath(id), R"({"ticket":{"subject":"Changed by someone else"}})");
  ASSERT_EQ(other.status, 200) << other.body;
  ASSERT_NE(std::string(other["ticket"].at("updated_at").as_string()), stamp);

  auto r = d.Agent().Put(TicketPath(id),
                         F(R"({"ticket":{"subject":"Mine","safe_update":true,"updated_stamp":"{}"}})", {stamp}));
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_TRUE(r["error"].is_string());
  EXPECT_EQ(Show(d, id)["ticket"].at("subject").as_string(), "Changed by someone else");
  // A comment in a refused safe update is not added either.
  // A subject change with a comment, refused: neither half lands.
  auto rc = d.Agent().Put(
      TicketPath(id),
      F(R"({"ticket":{"subject":"Mine","comment":{"body":"late"},"safe_update":true,"updated_stamp":"{}"}})", {stamp}));
  EXPECT_EQ(rc.status, 409) << rc.body;
  EXPECT_EQ(d.Agent().Get("/api/v2/tickets/" + S(id) + "/comments.json")["comments"].as_array().size(), 1u);
  EXPECT_EQ(Show(d, id)["ticket"].at("subject").as_string(), "Changed by someone else");
}

TEST(TicketsSafeUpdate, TheCurrentUpdatedAtIsAccepted) {
  Desk d;
  auto id = d.NewTicket("carol@customer.example", "Original");
  AdvanceClock(d, 30);
  ASSERT_EQ(d.Agent().Put(TicketPath(id), R"({"ticket":{"priority":"high"}})").status, 200);
  const std::string stamp(Show(d, id)["ticket"].at("updated_at").as_string());
  auto r = d.Agent().Put(TicketPath(id),
                         F(R"({"ticket":{"subject":"Mine","safe_update":true,"updated_stamp":"{}"}})", {stamp}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r["ticket"].at("subject").as_string(), "Mine");
  EXPECT_EQ(r["ticket"].at("priority").as_string(), "high");
  // safe_update without a stamp cannot be checked: refused, naming the field.
  auto no_stamp = d.Agent().Put(TicketPath(id), R"({"ticket":{"subject":"x","safe_update":true}})");
  EXPECT_EQ(no_stamp.status, 422) << no_stamp.body;
  EXPECT_TRUE(DetailsName(no_stamp, "updated_stamp")) << no_stamp.body;
}

TEST(TicketsSafeUpdate, WithoutSafeUpdateBothUpdatesApplyFieldByField) {
  Desk d;
  auto id = d.NewTicket("carol@customer.example", "Original");
  const std::string stamp(Show(d, id)["ticket"].at("updated_at").as_string());
  AdvanceClock(d, 60);
  // Two clients that read the same version each change one field; both changes stay.
  auto a = d.Agent().Put(TicketPath(id), R"({"ticket":{"subject":"From A"}})");
  auto b = d.Admin().Put(TicketPath(id), F(R"({"ticket":{"priority":"urgent","updated_stamp":"{}"}})", {stamp}));
  ASSERT_EQ(a.status, 200) << a.body;
  ASSERT_EQ(b.status, 200) << b.body;
  auto t = Show(d, id)["ticket"];
  EXPECT_EQ(t.at("subject").as_string(), "From A");
  EXPECT_EQ(t.at("priority").as_string(), "urgent");
}

// ------------------------------------------------------------------ workflow

TEST(Workflow, LegacyStatusPicksTheCategoryDefault) {
  Desk d;
  auto id = d.NewTicket("alice@customer.example", "Statuses");
  struct Step {
    const char* legacy;
    std::int64_t expected_id;
  };
  for (auto [legacy, expected] : {Step{"pending", 5}, Step{"hold", 4}, Step{"solved", 6}, Step{"open", 2}}) {
    auto r = d.Agent().Put(TicketPath(id), F(R"({"ticket":{"status":"{}"}})", {legacy}));
    ASSERT_EQ(r.status, 200) << legacy << " -> " << r.body;
    EXPECT_EQ(r["ticket"].at("status").as_string(), legacy);
    EXPECT_EQ(r["ticket"].at("custom_status_id").as_int64(), expected) << legacy;
    EXPECT_EQ(StatusId(d, id), expected);
  }
  // custom_status_id sets the legacy status to its category.
  auto r = d.Agent().Put(TicketPath(id), R"({"ticket":{"custom_status_id":3}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r["ticket"].at("status").as_string(), "pending");
  // The customer sees the customer label of the same status through the Requests API.
  auto req = d.Alice().Get("/api/v2/requests/" + S(id) + ".json");
  ASSERT_EQ(req.status, 200) << req.body;
  EXPECT_EQ(req["request"].at("status").as_string(), "pending");
  EXPECT_EQ(req["request"].at("custom_status_id").as_int64(), 3);
}

TEST(Workflow, AForbiddenTransitionIs422NamingTheRule) {
  Desk d;
  auto id = d.NewTicket("alice@customer.example", "Forbidden");
  // Agents never close a ticket themselves (Closed is the system's, Closed by you the customer's).
  for (int target : {7, 8, 9}) {
    auto r = d.Agent().Put(TicketPath(id), R"({"ticket":{"custom_status_id":)" + S(target) + "}}");
    EXPECT_EQ(r.status, 422) << target << " -> " << r.body;
    EXPECT_EQ(FirstDetailError(r, "status"), "TransitionNotAllowed") << r.body;
  }
  auto r = d.Agent().Put(TicketPath(id), R"({"ticket":{"custom_status_id":7,"subject":"should not stick"}})");
  ASSERT_EQ(r.status, 422);
  const auto why = FirstDetailDescription(r, "status");
  EXPECT_NE(why.find("New"), std::string::npos) << why;
  EXPECT_NE(why.find("Closed"), std::string::npos) << why;
  EXPECT_NE(why.find("agents"), std::string::npos) << why;
  auto t = Show(d, id)["ticket"];
  EXPECT_EQ(t.at("custom_status_id").as_int64(), 1) << "a refused update changes nothing";
  EXPECT_EQ(t.at("subject").as_string(), "Forbidden");

  // In progress -> New is not a move agents may make.
  ASSERT_EQ(d.Agent().Put(TicketPath(id), R"({"ticket":{"status":"open"}})").status, 200);
  auto back = d.Agent().Put(TicketPath(id), R"({"ticket":{"status":"new"}})");
  EXPECT_EQ(back.status, 422) << back.body;
  EXPECT_EQ(FirstDetailError(back, "status"), "TransitionNotAllowed") << back.body;

  // "closed" is never set directly; unknown statuses name the field.
  auto closed = d.Agent().Put(TicketPath(id), R"({"ticket":{"status":"closed"}})");
  EXPECT_EQ(closed.status, 422) << closed.body;
  EXPECT_TRUE(DetailsName(closed, "status")) << closed.body;
  auto bogus = d.Agent().Put(TicketPath(id), R"({"ticket":{"status":"frozen"}})");
  EXPECT_EQ(bogus.status, 422) << bogus.body;
  EXPECT_TRUE(DetailsName(bogus, "status")) << bogus.body;
  auto unknown = d.Agent().Put(TicketPath(id), R"({"ticket":{"custom_status_id":42}})");
  EXPECT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_TRUE(DetailsName(unknown, "custom_status_id")) << unknown.body;
  // A status at creation is checked as a move from New.
  auto at_create = d.Agent().Post("/api/v2/tickets.json", TicketBody(R"("custom_status_id":7)"));
  EXPECT_EQ(at_create.status, 422) << at_create.body;
  EXPECT_EQ(StatusId(d, id), 2);
}

TEST(Workflow, TerminalStatusesShowClosedAndRefuseChangesAndComments) {
  Desk d;
  auto id = d.NewTicket("alice@customer.example", "Closing");
  auto closed = d.Alice().Put("/api/v2/requests/" + S(id) + ".json", R"({"request":{"solved":true}})");
  ASSERT_EQ(closed.status, 200) << closed.body;
  auto t = Show(d, id)["ticket"];
  EXPECT_EQ(t.at("status").as_string(), "closed");
  EXPECT_EQ(t.at("custom_status_id").as_int64(), 8);

  const std::vector<std::string> attempts{R"({"ticket":{"subject":"reopen me"}})",
                                          R"({"ticket":{"comment":{"body":"one more thing"}}})",
                                          R"({"ticket":{"comment":{"body":"internal","public":false}}})",
                                          R"({"ticket":{"custom_status_id":2}})",
                                          R"({"ticket":{"status":"open"}})",
                                          R"({"ticket":{"assignee_id":)" + S(d.agent_id) + "}}"};
  for (const auto& b : attempts) {
    auto r = d.Agent().Put(TicketPath(id), b);
    EXPECT_EQ(r.status, 422) << b << " -> " << r.body;
  }
  auto reply =
      d.Alice().Put("/api/v2/requests/" + S(id) + ".json", R"({"request":{"comment":{"body":"still broken"}}})");
  EXPECT_EQ(reply.status, 422) << reply.body;
  auto after = Show(d, id)["ticket"];
  EXPECT_EQ(after.at("custom_status_id").as_int64(), 8);
  EXPECT_EQ(after.at("subject").as_string(), "Closing");
  EXPECT_TRUE(after.at("assignee_id").is_null());
  EXPECT_EQ(d.Agent().Get("/api/v2/tickets/" + S(id) + "/comments.json")["comments"].as_array().size(), 1u);
}

TEST(Workflow, ACustomerReplyOnAwaitingResponseGoesBackToTheQueue) {
  Desk d;
  // Unassigned: back to New.
  auto a = d.NewTicket("alice@customer.example", "Unassigned");
  ASSERT_EQ(
      d.Agent().Put(TicketPath(a), R"({"ticket":{"status":"pending","comment":{"body":"Which browser?"}}})").status,
      200);
  ASSERT_EQ(StatusId(d, a), 5);
  auto r = d.Alice().Put("/api/v2/requests/" + S(a) + ".json", R"({"request":{"comment":{"body":"Firefox"}}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r["request"].at("custom_status_id").as_int64(), 1);
  EXPECT_EQ(r["request"].at("status").as_string(), "new");
  EXPECT_EQ(StatusId(d, a), 1);

  // Assigned: back to In progress.
  auto b = d.NewTicket("alice@customer.example", "Assigned", R"("assignee_id":)" + S(d.agent_id));
  ASSERT_EQ(d.Agent().Put(TicketPath(b), R"({"ticket":{"custom_status_id":5}})").status, 200);
  r = d.Alice().Put("/api/v2/requests/" + S(b) + ".json", R"({"request":{"comment":{"body":"Here it is"}}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r["request"].at("status").as_string(), "open");
  EXPECT_EQ(StatusId(d, b), 2);

  // An agent's comment, even public, moves nothing.
  ASSERT_EQ(d.Agent().Put(TicketPath(b), R"({"ticket":{"status":"pending"}})").status, 200);
  ASSERT_EQ(d.Agent().Put(TicketPath(b), R"({"ticket":{"comment":{"body":"Reminder"}}})").status, 200);
  EXPECT_EQ(StatusId(d, b), 5);
  // A customer's reply entered by an agent (author_id = the requester) acts as the customer's.
  auto relayed =
      d.Agent().Put(TicketPath(b), F(R"({"ticket":{"comment":{"body":"By phone","author_id":{}}}})", {S(d.alice_id)}));
  ASSERT_EQ(relayed.status, 200) << relayed.body;
  EXPECT_EQ(StatusId(d, b), 2);
}

TEST(Workflow, ACustomerReplyOnResolvedReopens) {
  Desk d;
  auto id = d.NewTicket("alice@customer.example", "Resolved", R"("assignee_id":)" + S(d.agent_id));
  ASSERT_EQ(d.Agent().Put(TicketPath(id), R"({"ticket":{"status":"solved"}})").status, 200);
  ASSERT_EQ(StatusId(d, id), 6);
  auto r = d.Alice().Put("/api/v2/requests/" + S(id) + ".json", R"({"request":{"comment":{"body":"It broke again"}}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r["request"].at("status").as_string(), "open");
  EXPECT_EQ(StatusId(d, id), 2);

  auto unassigned = d.NewTicket("alice@customer.example", "Resolved unassigned");
  ASSERT_EQ(d.Agent().Put(TicketPath(unassigned), R"({"ticket":{"status":"solved"}})").status, 200);
  r = d.Alice().Put("/api/v2/requests/" + S(unassigned) + ".json", R"({"request":{"comment":{"body":"Again"}}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(StatusId(d, unassigned), 1);
}

TEST(Workflow, CustomStatusesListsTheNineStatusesInTheCallersLocale) {
  Desk d;
  auto r = d.Agent().Get("/api/v2/custom_statuses.json");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& arr = r["custom_statuses"].as_array();
  ASSERT_EQ(arr.size(), 9u);
  std::map<std::int64_t, json::object> by_id;
  for (const auto& s : arr) by_id[s.at("id").as_int64()] = s.as_object();
  for (std::int64_t i = 1; i <= 9; ++i) EXPECT_TRUE(by_id.contains(i)) << i;
  EXPECT_EQ(by_id[1].at("agent_label").as_string(), "Novo");
  EXPECT_EQ(by_id[1].at("status_category").as_string(), "new");
  EXPECT_TRUE(by_id[1].at("default").as_bool());
  EXPECT_EQ(by_id[2].at("agent_label").as_string(), "Em andamento");
  EXPECT_EQ(by_id[5].at("end_user_label").as_string(), "Aguardando sua resposta");
  EXPECT_EQ(by_id[5].at("status_category").as_string(), "pending");
  EXPECT_EQ(by_id[8].at("end_user_label").as_string(), "Encerrado por você");
  EXPECT_EQ(by_id[7].at("status_category").as_string(), "solved");
  EXPECT_FALSE(by_id[3].at("default").as_bool());

  auto es = d.Agent().Get("/api/v2/custom_statuses.json?locale=es");
  ASSERT_EQ(es.status, 200);
  for (const auto& s : es["custom_statuses"].as_array()) {
    if (s.at("id").as_int64() == 1) {
      EXPECT_EQ(s.at("agent_label").as_string(), "Nuevo");
    }
    if (s.at("id").as_int64() == 8) {
      EXPECT_EQ(s.at("end_user_label").as_string(), "Cerrado por usted");
    }
  }
  auto one = d.Agent().Get("/api/v2/custom_statuses/4.json");
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one["custom_status"].at("status_category").as_string(), "hold");
  EXPECT_EQ(d.Agent().Get("/api/v2/custom_statuses/99.json").status, 404);
}

// A help desk on the `simple` workflow (picked in DATA/chamado.toml).
TEST(Workflow, SimpleWorkflowRefusesACategoryItLacks) {
  const auto dir = MakeTempDir("chamado-simple");
  const auto data = dir + "/data";
  std::filesystem::create_directories(data);
  { std::ofstream(data + "/chamado.toml") << "[tickets]\nworkflow = \"simple\"\n"; }
  {
    Server s({}, data);
    s.AddUser("agent@test.example", "Agent", "agent");
    Client agent(s, "agent@test.example", s.Token("agent@test.example"));
    auto r = agent.Post("/api/v2/tickets.json", TicketBody());
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r["ticket"].at("custom_status_id").as_int64(), 101);
    EXPECT_EQ(r["ticket"].at("status").as_string(), "open");
    const auto id = r["ticket"].at("id").as_int64();
    auto hold = agent.Put(TicketPath(id), R"({"ticket":{"status":"hold"}})");
    EXPECT_EQ(hold.status, 422) << hold.body;
    EXPECT_TRUE(DetailsName(hold, "status")) << hold.body;
    auto solved = agent.Put(TicketPath(id), R"({"ticket":{"status":"solved"}})");
    ASSERT_EQ(solved.status, 200) << solved.body;
    EXPECT_EQ(solved["ticket"].at("custom_status_id").as_int64(), 103);
    EXPECT_EQ(solved["ticket"].at("status").as_string(), "solved");
    auto statuses = agent.Get("/api/v2/custom_statuses.json");
    EXPECT_EQ(statuses["custom_statuses"].as_array().size(), 3u);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace it
