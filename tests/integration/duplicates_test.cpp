// Duplicates and merging (PRODUCT.md §7, docs/duplicates.md). A customer with an active case
// who contacts support again (POST /requests) gets a Duplicate carrying chamado_merged_into,
// and the message lands on the case as their reply; never when the case is solved or closed,
// outside the window, on another topic (when configured), with duplicates.mode = off, on the
// simple workflow, for an agent's POST /tickets or for another customer's case. Concurrent
// contacts make one active case. Agents merge by hand (POST /tickets/{id}/merge) and undo
// merges (POST /chamado/tickets/{id}/unmerge); a merged ticket stays readable.
#include <gtest/gtest.h>

#include <algorithm>
#include <barrier>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"

namespace it {
namespace {

// case-lifecycle's status ids (config/workflows/case-lifecycle.toml).
constexpr std::int64_t kNew = 1;
constexpr std::int64_t kInProgress = 2;
constexpr std::int64_t kAwaitingResponse = 5;
constexpr std::int64_t kResolved = 6;
constexpr std::int64_t kDuplicate = 9;

std::string RequestPath(std::int64_t id) { return "/api/v2/requests/" + S(id) + ".json"; }
std::string MergePath(std::int64_t id) { return "/api/v2/tickets/" + S(id) + "/merge.json"; }
std::string UnmergePath(std::int64_t id) { return "/api/v2/chamado/tickets/" + S(id) + "/unmerge.json"; }

// POST /requests as `c`; returns the request object (status 201 asserted by the caller).
Response Contact(Client c, const std::string& body, const std::string& extra = "") {
  return c.Post("/api/v2/requests.json", F(R"({"request":{"subject":"Contact","comment":{"body":"{}"}{}}})",
                                           {body, extra.empty() ? "" : "," + extra}));
}

std::int64_t Id(const Response& r, const char* root = "request") { return r[root].at("id").as_int64(); }

std::optional<std::int64_t> MergedInto(const Response& r, const char* root = "request") {
  const auto& v = r[root].at("chamado_merged_into");
  if (v.is_null()) return std::nullopt;
  return v.as_int64();
}

void SetClock(Desk& d, const std::string& iso) {
  auto r = d.Anonymous().Post("/api/v2/chamado/test/clock", R"({"now":")" + iso + R"("})");
  ASSERT_EQ(r.status, 200) << r.body;
}
void Advance(Desk& d, std::int64_t seconds) {
  auto r = d.Anonymous().Post("/api/v2/chamado/test/clock", R"({"advance_seconds":)" + S(seconds) + "}");
  ASSERT_EQ(r.status, 200) << r.body;
}

void Ok(const Response& r) { ASSERT_EQ(r.status, 200) << r.body; }

// Every comment of a ticket, oldest first (agent view, internal notes included).
std::vector<json::object> Comments(Desk& d, std::int64_t id) {
  std::vector<json::object> out;
  auto r = d.Agent().Get("/api/v2/tickets/" + S(id) + "/comments.json?per_page=100");
  EXPECT_EQ(r.status, 200) << r.body;
  if (r.status == 200)
    for (const auto& c : r["comments"].as_array()) out.push_back(c.as_object());
  return out;
}

// The comments a requester (or CC) sees.
std::vector<json::object> RequestComments(Client c, std::int64_t id) {
  std::vector<json::object> out;
  auto r = c.Get("/api/v2/requests/" + S(id) + "/comments.json?per_page=100");
  EXPECT_EQ(r.status, 200) << r.body;
  if (r.status == 200)
    for (const auto& cm : r["comments"].as_array()) out.push_back(cm.as_object());
  return out;
}

// Every audit of a ticket, oldest first.
std::vector<json::object> Audits(Desk& d, std::int64_t id) {
  std::vector<json::object> out;
  auto r = d.Agent().Get("/api/v2/tickets/" + S(id) + "/audits.json?per_page=100");
  EXPECT_EQ(r.status, 200) << r.body;
  if (r.status == 200)
    for (const auto& a : r["audits"].as_array()) out.push_back(a.as_object());
  return out;
}

// The (value, previous_value) of every "Change" of `field` in the ticket's timeline, in order,
// each with its audit's author.
struct Change {
  std::string value, previous;
  std::int64_t author = 0;
  std::string via;
};
std::vector<Change> ChangesOf(Desk& d, std::int64_t id, const std::string& field) {
  std::vector<Change> out;
  for (const auto& a : Audits(d, id))
    for (const auto& e : a.at("events").as_array())
      if (e.at("type") == "Change" && Str(e.at("field_name")) == field)
        out.push_back({e.at("value").is_null() ? "" : Str(e.at("value")),
                       e.at("previous_value").is_null() ? "" : Str(e.at("previous_value")),
                       a.at("author_id").as_int64(), Str(a.at("via").at("channel"))});
  return out;
}

std::int64_t StatusOf(Desk& d, std::int64_t id) {
  auto r = d.Agent().Get(TicketPath(id));
  EXPECT_EQ(r.status, 200) << r.body;
  return r.status == 200 ? r["ticket"].at("custom_status_id").as_int64() : -1;
}

bool HasBody(const std::vector<json::object>& comments, const std::string& needle) {
  return std::any_of(comments.begin(), comments.end(),
                     [&](const json::object& c) { return Str(c.at("body")).find(needle) != std::string::npos; });
}

std::vector<std::int64_t> IntList(const json::value& v) {
  std::vector<std::int64_t> out;
  for (const auto& e : v.as_array()) out.push_back(e.as_int64());
  return out;
}

// ------------------------------------------------------------------ automatic duplicates

TEST(Duplicates, ASecondContactBecomesADuplicateAndItsMessageJoinsTheActiveCase) {
  Desk d;
  auto first = Contact(d.Alice(), "My invoice is wrong");
  ASSERT_EQ(first.status, 201) << first.body;
  const auto case_id = Id(first);
  EXPECT_FALSE(MergedInto(first)) << "the first contact is the case";
  // The agent asks for information: Awaiting your response.
  Ok(d.Agent().Put(TicketPath(case_id), F(R"({"ticket":{"assignee_id":{},"custom_status_id":{},
      "comment":{"body":"Which invoice?","public":true}}})",
                                          {S(d.agent_id), S(kAwaitingResponse)})));

  auto second = Contact(d.Alice(), "Invoice 2026-17, sorry I wrote again");
  ASSERT_EQ(second.status, 201) << second.body;
  const auto dup_id = Id(second);
  EXPECT_NE(dup_id, case_id) << "the contact keeps its own number";
  EXPECT_EQ(MergedInto(second), case_id) << second.body;
  EXPECT_EQ(second["request"].at("status").as_string(), "closed");
  EXPECT_EQ(second["request"].at("custom_status_id").as_int64(), kDuplicate);
  EXPECT_FALSE(second["request"].at("can_be_solved_by_me").as_bool());

  // The case got the message as the customer's reply, and moved as a reply moves it.
  EXPECT_EQ(StatusOf(d, case_id), kInProgress);
  auto on_case = Comments(d, case_id);
  ASSERT_EQ(on_case.size(), 3u);
  EXPECT_EQ(Str(on_case[2].at("body")), "Invoice 2026-17, sorry I wrote again");
  EXPECT_EQ(on_case[2].at("author_id").as_int64(), d.alice_id);
  EXPECT_TRUE(on_case[2].at("public").as_bool());
  EXPECT_TRUE(HasBody(RequestComments(d.Alice(), case_id), "Invoice 2026-17")) << "the customer sees it there too";

  // The Duplicate keeps the message and tells the customer the case number, in their language.
  auto on_dup = RequestComments(d.Alice(), dup_id);
  ASSERT_EQ(on_dup.size(), 2u);
  EXPECT_EQ(Str(on_dup[0].at("body")), "Invoice 2026-17, sorry I wrote again");
  EXPECT_NE(Str(on_dup[1].at("body")).find("Sua mensagem foi adicionada ao seu chamado #" + S(case_id)),
            std::string::npos)
      << Str(on_dup[1].at("body"));
  EXPECT_NE(on_dup[1].at("author_id").as_int64(), d.alice_id);

  // Both timelines: the Duplicate moved by the system, naming the case; the case names it.
  auto into = ChangesOf(d, dup_id, "chamado_merged_into");
  ASSERT_EQ(into.size(), 1u);
  EXPECT_EQ(into[0].value, S(case_id));
  EXPECT_EQ(into[0].author, -1);
  EXPECT_EQ(into[0].via, "rule");
  auto status = ChangesOf(d, dup_id, "custom_status_id");
  ASSERT_EQ(status.size(), 1u);
  EXPECT_EQ(status[0].previous, S(kNew));
  EXPECT_EQ(status[0].value, S(kDuplicate));
  auto ids = ChangesOf(d, case_id, "chamado_merged_ids");
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(ids[0].value, S(dup_id));
  EXPECT_EQ(ids[0].author, d.alice_id);
  EXPECT_EQ(ids[0].via, "web");

  // A third contact joins the same case.
  auto third = Contact(d.Alice(), "Any news?");
  ASSERT_EQ(third.status, 201) << third.body;
  EXPECT_EQ(MergedInto(third), case_id);
  ids = ChangesOf(d, case_id, "chamado_merged_ids");
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[1].previous, S(dup_id));
  EXPECT_EQ(ids[1].value, S(dup_id) + " " + S(Id(third)));
  // The customer's list: one open case, the Duplicates among the solved ones.
  auto open = d.Alice().Get("/api/v2/requests/open.json");
  ASSERT_EQ(open.status, 200);
  ASSERT_EQ(open["requests"].as_array().size(), 1u) << open.body;
  EXPECT_EQ(open["requests"].as_array()[0].at("id").as_int64(), case_id);
}

TEST(Duplicates, TheNoticeSpeaksTheCustomersLanguageAndCcsJoinTheCase) {
  Desk d;
  Ok(d.Bob().Put("/api/v2/users/" + S(d.bob_id) + ".json", R"({"user":{"locale":"es"}})"));
  auto first = Contact(d.Bob(), "No puedo entrar");
  ASSERT_EQ(first.status, 201) << first.body;
  auto second = Contact(d.Bob(), "Sigo sin poder", R"("collaborators":["ivy@customer.example"])");
  ASSERT_EQ(second.status, 201) << second.body;
  ASSERT_EQ(MergedInto(second), Id(first));
  auto notice = RequestComments(d.Bob(), Id(second));
  ASSERT_EQ(notice.size(), 2u);
  EXPECT_NE(Str(notice[1].at("body")).find("Su mensaje fue añadido a su caso #" + S(Id(first))), std::string::npos);
  // The people the customer copied now follow the case.
  auto t = d.Agent().Get(TicketPath(Id(first)) + "?include=users");
  ASSERT_EQ(t.status, 200);
  EXPECT_EQ(t["ticket"].at("collaborator_ids").as_array().size(), 1u) << t.body;
}

// A small PDF libmagic recognizes, uploaded by `c`; returns the upload token.
std::string UploadPdf(Client c, const std::string& name) {
  const std::string pdf = "%PDF-1.4\n%" + std::string(2000, 'p') + "\n%%EOF\n";
  auto r = c.Send("POST", "/api/v2/uploads.json?filename=" + name, pdf, {{"Content-Type", "application/binary"}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? Str(r["upload"].at("token")) : "";
}

std::vector<std::string> AttachmentNames(const json::object& comment) {
  std::vector<std::string> out;
  for (const auto& a : comment.at("attachments").as_array()) out.push_back(Str(a.at("file_name")));
  return out;
}

TEST(Duplicates, TheContactsAttachmentsJoinTheCaseAndTheCustomerCanDownloadThem) {
  Desk d;
  const auto case_id = Id(Contact(d.Alice(), "first"));
  const std::string token = UploadPdf(d.Alice(), "receipt.pdf");
  auto dup = d.Alice().Post(
      "/api/v2/requests.json",
      R"({"request":{"subject":"Receipt","comment":{"body":"here is the receipt","uploads":[")" + token + R"("]}}})");
  ASSERT_EQ(dup.status, 201) << dup.body;
  ASSERT_EQ(MergedInto(dup), case_id);
  auto on_case = RequestComments(d.Alice(), case_id);
  ASSERT_EQ(on_case.size(), 2u);
  EXPECT_EQ(AttachmentNames(on_case[1]), std::vector<std::string>{"receipt.pdf"});
  EXPECT_EQ(AttachmentNames(RequestComments(d.Alice(), Id(dup))[0]), std::vector<std::string>{"receipt.pdf"})
      << "the Duplicate keeps its own";
  // The copy on the case downloads like any attachment of the customer's ticket.
  const std::string url = Str(on_case[1].at("attachments").as_array()[0].at("content_url"));
  auto bytes = d.Alice().Get(url.substr(d.server.base().size()));
  EXPECT_EQ(bytes.status, 200);
  EXPECT_TRUE(bytes.body.starts_with("%PDF-1.4")) << bytes.body.substr(0, 40);
  EXPECT_EQ(d.Bob().Get(url.substr(d.server.base().size())).status, 404);
}

TEST(Duplicates, NoMergeWhenTheCaseIsSolvedOrClosed) {
  Desk d;
  const auto resolved = Id(Contact(d.Alice(), "one"));
  Ok(d.Agent().Put(TicketPath(resolved), F(R"({"ticket":{"custom_status_id":{}}})", {S(kResolved)})));
  auto next = Contact(d.Alice(), "two");
  ASSERT_EQ(next.status, 201) << next.body;
  EXPECT_FALSE(MergedInto(next)) << "a Resolved case is not active: " << next.body;
  EXPECT_EQ(next["request"].at("custom_status_id").as_int64(), kNew);
  // The customer closes that one (Closed by you): the next contact opens a case again.
  Ok(d.Alice().Put(RequestPath(Id(next)), R"({"request":{"solved":true}})"));
  auto third = Contact(d.Alice(), "three");
  ASSERT_EQ(third.status, 201) << third.body;
  EXPECT_FALSE(MergedInto(third)) << third.body;
  EXPECT_EQ(StatusOf(d, resolved), kResolved) << "nothing was appended to the resolved case";
  EXPECT_EQ(Comments(d, resolved).size(), 1u);
}

TEST(Duplicates, NoMergeIntoACaseNotUpdatedWithinTheWindow) {
  ScopedEnv window("CHAMADO_DUPLICATES_WINDOW_DAYS", "3");
  Desk d;
  SetClock(d, "2030-03-04T12:00:00Z");
  const auto old_case = Id(Contact(d.Alice(), "old"));
  Advance(d, 2 * 86400);
  auto inside = Contact(d.Alice(), "within two days");
  ASSERT_EQ(inside.status, 201);
  EXPECT_EQ(MergedInto(inside), old_case) << "updated 2 days ago: within 3";
  // The merge updated the case: the window counts from then.
  Advance(d, 3 * 86400 + 1);
  auto outside = Contact(d.Alice(), "three days later");
  ASSERT_EQ(outside.status, 201);
  EXPECT_FALSE(MergedInto(outside)) << outside.body;
  EXPECT_EQ(outside["request"].at("custom_status_id").as_int64(), kNew);
}

TEST(Duplicates, WithATopicFieldOnlyTheSameTopicMerges) {
  ScopedEnv topic("CHAMADO_DUPLICATES_TOPIC_FIELD", "topic");
  Desk d;
  auto billing = Contact(d.Alice(), "billing", R"("custom_fields":[{"id":101,"value":"topic_billing"}])");
  ASSERT_EQ(billing.status, 201) << billing.body;
  auto access = Contact(d.Alice(), "access", R"("custom_fields":[{"id":101,"value":"topic_access"}])");
  ASSERT_EQ(access.status, 201) << access.body;
  EXPECT_FALSE(MergedInto(access)) << "another topic is another case";
  auto none = Contact(d.Alice(), "no topic");
  ASSERT_EQ(none.status, 201) << none.body;
  EXPECT_FALSE(MergedInto(none)) << "no topic matches only a case without one";
  auto billing_again = Contact(d.Alice(), "billing again", R"("custom_fields":[{"id":101,"value":"topic_billing"}])");
  ASSERT_EQ(billing_again.status, 201) << billing_again.body;
  EXPECT_EQ(MergedInto(billing_again), Id(billing));
}

TEST(Duplicates, AnUnknownTopicFieldOrMergeWithoutAMergeTargetStopsTheServer) {
  const std::string dir = MakeTempDir("chamado-dup");
  {
    ScopedEnv topic("CHAMADO_DUPLICATES_TOPIC_FIELD", "no_such_field");
    auto r = RunCli({"serve", "--data", dir, "--listen", "127.0.0.1:0"});
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_NE(r.err.find("duplicates.topic_field"), std::string::npos) << r.err;
  }
  {
    ScopedEnv mode("CHAMADO_DUPLICATES_MODE", "merge");
    ScopedEnv wf("CHAMADO_TICKETS_WORKFLOW", "simple");
    auto r = RunCli({"serve", "--data", dir, "--listen", "127.0.0.1:0"});
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_NE(r.err.find("duplicates.mode"), std::string::npos) << r.err;
  }
  std::filesystem::remove_all(dir);
}

TEST(Duplicates, ModeOffNeverMerges) {
  ScopedEnv off("CHAMADO_DUPLICATES_MODE", "off");
  Desk d;
  auto a = Contact(d.Alice(), "one");
  auto b = Contact(d.Alice(), "two");
  ASSERT_EQ(b.status, 201) << b.body;
  EXPECT_FALSE(MergedInto(b));
  EXPECT_EQ(b["request"].at("custom_status_id").as_int64(), kNew);
  EXPECT_EQ(Comments(d, Id(a)).size(), 1u);
}

TEST(Duplicates, TheSimpleWorkflowNeverMergesByDefault) {
  ScopedEnv wf("CHAMADO_TICKETS_WORKFLOW", "simple");
  Desk d;
  auto a = Contact(d.Alice(), "one");
  ASSERT_EQ(a.status, 201) << a.body;
  auto b = Contact(d.Alice(), "two");
  ASSERT_EQ(b.status, 201) << b.body;
  EXPECT_FALSE(MergedInto(b));
  EXPECT_EQ(b["request"].at("status").as_string(), "open");
  // And an agent cannot merge there: simple has no Duplicate status.
  auto m = d.Agent().Post(MergePath(Id(a)), F(R"({"ids":[{}]})", {S(Id(b))}));
  EXPECT_EQ(m.status, 422) << m.body;
}

TEST(Duplicates, AnAgentsTicketNeverMerges) {
  Desk d;
  const auto case_id = Id(Contact(d.Alice(), "mine"));
  const auto by_agent = d.NewTicket("alice@customer.example", "Opened by the agent for Alice");
  auto t = d.Agent().Get(TicketPath(by_agent));
  ASSERT_EQ(t.status, 200);
  EXPECT_TRUE(t["ticket"].at("chamado_merged_into").is_null());
  EXPECT_EQ(t["ticket"].at("custom_status_id").as_int64(), kNew);
  EXPECT_EQ(Comments(d, case_id).size(), 1u);
}

TEST(Duplicates, AnotherCustomersCaseIsNeverTheTarget) {
  Desk d;
  // Bob's case, with Alice as a CC: she sees it, but it is not hers.
  auto bobs = Contact(d.Bob(), "Bob's", R"("collaborators":["alice@customer.example"])");
  ASSERT_EQ(bobs.status, 201) << bobs.body;
  auto alices = Contact(d.Alice(), "Alice's first");
  ASSERT_EQ(alices.status, 201);
  EXPECT_FALSE(MergedInto(alices)) << alices.body;
  // The anonymous web form with Bob's e-mail joins Bob's case, never Alice's.
  auto form = d.Anonymous().Post("/api/v2/requests.json", R"({"request":{"subject":"form","comment":{"body":"via form"},
      "requester":{"name":"Bob","email":"bob@customer.example"}}})");
  ASSERT_EQ(form.status, 201) << form.body;
  EXPECT_EQ(MergedInto(form), Id(bobs));
  EXPECT_EQ(Comments(d, Id(alices)).size(), 1u);
}

TEST(Duplicates, TheDuplicateNeverShowsTheCasesInternalNotes) {
  Desk d;
  const auto case_id = Id(Contact(d.Alice(), "help"));
  Ok(d.Agent().Put(TicketPath(case_id),
                   R"({"ticket":{"comment":{"body":"SECRET: customer is on probation","public":false}}})"));
  auto dup = Contact(d.Alice(), "hello again");
  ASSERT_EQ(dup.status, 201);
  ASSERT_EQ(MergedInto(dup), case_id);
  EXPECT_EQ(dup.body.find("SECRET"), std::string::npos);
  for (const auto& c : RequestComments(d.Alice(), Id(dup)))
    EXPECT_EQ(Str(c.at("body")).find("SECRET"), std::string::npos);
  for (const auto& c : Comments(d, Id(dup))) EXPECT_EQ(Str(c.at("body")).find("SECRET"), std::string::npos);
  for (const auto& c : RequestComments(d.Alice(), case_id))
    EXPECT_EQ(Str(c.at("body")).find("SECRET"), std::string::npos);
}

TEST(Duplicates, ConcurrentContactsOfOneCustomerMakeOneActiveCase) {
  Desk d;
  constexpr int kContacts = 8;
  std::barrier sync(kContacts);
  std::vector<Response> out(kContacts);
  std::vector<std::thread> threads;
  for (int i = 0; i < kContacts; ++i)
    threads.emplace_back([&, i] {
      Client alice = d.Alice();
      sync.arrive_and_wait();
      out[i] = Contact(alice, "at once " + S(i));
    });
  for (auto& t : threads) t.join();
  std::vector<std::int64_t> cases;
  std::map<std::int64_t, int> merged;
  for (const auto& r : out) {
    ASSERT_EQ(r.status, 201) << r.body;
    if (auto m = MergedInto(r))
      ++merged[*m];
    else
      cases.push_back(Id(r));
  }
  ASSERT_EQ(cases.size(), 1u) << "exactly one active case";
  EXPECT_EQ(merged[cases[0]], kContacts - 1);
  // Every message is on the case.
  auto on_case = Comments(d, cases[0]);
  EXPECT_EQ(on_case.size(), static_cast<std::size_t>(kContacts));
  for (int i = 0; i < kContacts; ++i) EXPECT_TRUE(HasBody(on_case, "at once " + S(i))) << i;
}

// ------------------------------------------------------------------ manual merge

TEST(Merge, AnAgentMergesTicketsWithDefaultCommentsAndTheSourcesPeopleBecomeCcs) {
  Desk d;
  const auto target = d.NewTicket("alice@customer.example", "Printer on fire");
  const auto from_bob =
      d.NewTicket("bob@customer.example", "Smoke in the office", R"("collaborator_ids":[)" + S(d.admin_id) + "]");
  const auto from_alice = d.NewTicket("alice@customer.example", "Printer again");
  const std::string photo = UploadPdf(d.Agent(), "photo.pdf");
  Ok(d.Agent().Put(TicketPath(from_alice),
                   R"({"ticket":{"comment":{"body":"It beeps now","public":true,"uploads":[")" + photo + R"("]}}})"));
  Ok(d.Agent().Put(TicketPath(from_alice), R"({"ticket":{"comment":{"body":"internal: ignore","public":false}}})"));

  auto r = d.Agent().Post(MergePath(target), F(R"({"ids":[{},{}]})", {S(from_bob), S(from_alice)}));
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& job = r["job_status"].as_object();
  EXPECT_EQ(job.at("status").as_string(), "completed");
  EXPECT_EQ(job.at("total").as_int64(), 2);
  ASSERT_EQ(job.at("results").as_array().size(), 2u);
  EXPECT_EQ(job.at("results").as_array()[0].at("id").as_int64(), from_bob);
  const std::string job_url = Str(job.at("url"));
  EXPECT_NE(job_url.find("/api/v2/job_statuses/" + Str(job.at("id"))), std::string::npos);
  // A client polling the job reads the same.
  auto polled = d.Agent().Get("/api/v2/job_statuses/" + Str(job.at("id")) + ".json");
  ASSERT_EQ(polled.status, 200) << polled.body;
  EXPECT_EQ(polled["job_status"].at("status").as_string(), "completed");

  // The sources: Duplicate, pointing at the target, with the source comment.
  for (auto id : {from_bob, from_alice}) {
    auto t = d.Agent().Get(TicketPath(id));
    ASSERT_EQ(t.status, 200);
    EXPECT_EQ(t["ticket"].at("custom_status_id").as_int64(), kDuplicate);
    EXPECT_EQ(t["ticket"].at("status").as_string(), "closed");
    EXPECT_EQ(MergedInto(t, "ticket"), target);
    auto cs = Comments(d, id);
    EXPECT_NE(Str(cs.back().at("body")).find("#" + S(target)), std::string::npos) << Str(cs.back().at("body"));
    EXPECT_EQ(cs.back().at("author_id").as_int64(), d.agent_id);
  }
  // Public for the same customer (in her language), internal for another customer's ticket.
  EXPECT_TRUE(Comments(d, from_alice).back().at("public").as_bool());
  EXPECT_NE(Str(Comments(d, from_alice).back().at("body")).find("Esta solicitação foi encerrada e mesclada"),
            std::string::npos);
  EXPECT_FALSE(Comments(d, from_bob).back().at("public").as_bool());

  // The target: one comment naming both, quoting the last public comment (never the note);
  // internal because Bob's ticket is not Alice's; Bob and his CC now follow it.
  auto tc = Comments(d, target);
  ASSERT_EQ(tc.size(), 2u);
  const std::string body = Str(tc[1].at("body"));
  EXPECT_NE(body.find("#" + S(from_bob)), std::string::npos) << body;
  EXPECT_NE(body.find("#" + S(from_alice)), std::string::npos) << body;
  EXPECT_NE(body.find("It beeps now"), std::string::npos) << body;
  EXPECT_EQ(body.find("internal: ignore"), std::string::npos) << body;
  EXPECT_FALSE(tc[1].at("public").as_bool());
  EXPECT_EQ(AttachmentNames(tc[1]), std::vector<std::string>{"photo.pdf"}) << "the quoted comment's files";
  auto t = d.Agent().Get(TicketPath(target));
  auto ccs = IntList(t["ticket"].at("collaborator_ids"));
  EXPECT_NE(std::find(ccs.begin(), ccs.end(), d.bob_id), ccs.end()) << t.body;
  EXPECT_NE(std::find(ccs.begin(), ccs.end(), d.admin_id), ccs.end()) << t.body;
  auto ids = ChangesOf(d, target, "chamado_merged_ids");
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(ids[0].value, S(from_bob) + " " + S(from_alice));
  EXPECT_EQ(ids[0].author, d.agent_id);
}

TEST(Merge, ExplicitCommentsAndVisibility) {
  Desk d;
  const auto target = d.NewTicket("alice@customer.example", "T");
  const auto source = d.NewTicket("bob@customer.example", "S");
  auto r = d.Agent().Post(MergePath(target), F(R"({"ids":[{}],"target_comment":"Folded #{} in",
      "source_comment":"Continue in #{}","target_comment_is_public":true,"source_comment_is_public":true})",
                                               {S(source), S(source), S(target)}));
  ASSERT_EQ(r.status, 200) << r.body;
  auto tc = Comments(d, target).back();
  EXPECT_EQ(Str(tc.at("body")), "Folded #" + S(source) + " in");
  EXPECT_TRUE(tc.at("public").as_bool());
  auto sc = RequestComments(d.Bob(), source);
  EXPECT_EQ(Str(sc.back().at("body")), "Continue in #" + S(target));
}

TEST(Merge, RefusalsChangeNothing) {
  Desk d;
  const auto target = d.NewTicket("alice@customer.example", "T");
  const auto good = d.NewTicket("alice@customer.example", "good");
  auto self = d.Agent().Post(MergePath(target), F(R"({"ids":[{}]})", {S(target)}));
  EXPECT_EQ(self.status, 422) << self.body;
  EXPECT_TRUE(DetailsName(self, "ids")) << self.body;
  // One bad id refuses the whole merge: the good source is untouched.
  auto mixed = d.Agent().Post(MergePath(target), F(R"({"ids":[{},999999]})", {S(good)}));
  EXPECT_EQ(mixed.status, 422) << mixed.body;
  EXPECT_EQ(StatusOf(d, good), kNew);
  EXPECT_EQ(Comments(d, good).size(), 1u);
  EXPECT_EQ(Comments(d, target).size(), 1u);
  EXPECT_EQ(d.Agent().Post(MergePath(target), R"({"ids":[]})").status, 422);
  EXPECT_EQ(d.Agent().Post(MergePath(999999), F(R"({"ids":[{}]})", {S(good)})).status, 404);
  EXPECT_EQ(d.Agent().Post(MergePath(target), R"({"ids":[1,2,3,4,5,6]})").status, 422);
  // Customers cannot merge.
  EXPECT_EQ(d.Alice().Post(MergePath(target), F(R"({"ids":[{}]})", {S(good)})).status, 403);
  EXPECT_EQ(d.Anonymous().Post(MergePath(target), F(R"({"ids":[{}]})", {S(good)})).status, 401);
  // Merged once, a source is closed: not again, and nothing merges into it.
  ASSERT_EQ(d.Agent().Post(MergePath(target), F(R"({"ids":[{}]})", {S(good)})).status, 200);
  auto again = d.Agent().Post(MergePath(target), F(R"({"ids":[{}]})", {S(good)}));
  EXPECT_EQ(again.status, 422) << again.body;
  const auto other = d.NewTicket("alice@customer.example", "other");
  auto into_closed = d.Agent().Post(MergePath(good), F(R"({"ids":[{}]})", {S(other)}));
  EXPECT_EQ(into_closed.status, 422) << into_closed.body;
  EXPECT_TRUE(DetailsName(into_closed, "id")) << into_closed.body;
}

TEST(Merge, AMergedTicketStaysReadableByTheAgentAndTheRequester) {
  Desk d;
  const auto case_id = Id(Contact(d.Alice(), "first"));
  const auto dup_id = Id(Contact(d.Alice(), "second"));
  auto as_agent = d.Agent().Get(TicketPath(dup_id));
  ASSERT_EQ(as_agent.status, 200);
  EXPECT_EQ(MergedInto(as_agent, "ticket"), case_id);
  EXPECT_EQ(as_agent["ticket"].at("status").as_string(), "closed");
  auto as_requester = d.Alice().Get(RequestPath(dup_id));
  ASSERT_EQ(as_requester.status, 200) << as_requester.body;
  EXPECT_EQ(MergedInto(as_requester), case_id);
  EXPECT_EQ(as_requester["request"].at("status").as_string(), "closed");
  EXPECT_EQ(as_requester["request"].at("description").as_string(), "second");
  // The link it carries leads to the case, which the requester can read.
  EXPECT_EQ(d.Alice().Get(RequestPath(case_id)).status, 200);
  // Another customer still cannot.
  EXPECT_EQ(d.Bob().Get(RequestPath(dup_id)).status, 404);
  // Not merged: null.
  auto plain = d.Alice().Get(RequestPath(case_id));
  EXPECT_TRUE(plain["request"].at("chamado_merged_into").is_null());
  // The Duplicate takes no more replies: a reply to a closed ticket is refused as always.
  auto reply = d.Alice().Put(RequestPath(dup_id), R"({"request":{"comment":{"body":"more"}}})");
  EXPECT_EQ(reply.status, 422) << reply.body;
}

// ------------------------------------------------------------------ undo

TEST(Unmerge, AnAutomaticDuplicateIsSplitBackOutAndNothingIsLost) {
  Desk d;
  const auto case_id = Id(Contact(d.Alice(), "the case"));
  auto dup = Contact(d.Alice(), "actually a different problem");
  const auto dup_id = Id(dup);
  ASSERT_EQ(MergedInto(dup), case_id);

  auto r = d.Agent().Post(UnmergePath(dup_id), "");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r["chamado_split_from"].as_int64(), case_id);
  EXPECT_TRUE(r["ticket"].at("chamado_merged_into").is_null());
  EXPECT_EQ(r["ticket"].at("custom_status_id").as_int64(), kNew) << "back to the queue, nobody assigned";

  // The Duplicate is a case of its own again: the customer can reply to it.
  auto shown = d.Alice().Get(RequestPath(dup_id));
  EXPECT_TRUE(shown["request"].at("chamado_merged_into").is_null());
  Ok(d.Alice().Put(RequestPath(dup_id), R"({"request":{"comment":{"body":"thanks for splitting"}}})"));

  // The case keeps the message (nothing lost) with an internal note saying it was split out.
  auto on_case = Comments(d, case_id);
  EXPECT_TRUE(HasBody(on_case, "actually a different problem"));
  EXPECT_FALSE(on_case.back().at("public").as_bool());
  EXPECT_NE(Str(on_case.back().at("body")).find("#" + S(dup_id)), std::string::npos);
  EXPECT_FALSE(HasBody(RequestComments(d.Alice(), case_id), "separado")) << "the note is internal";

  // Both timelines record it.
  auto into = ChangesOf(d, dup_id, "chamado_merged_into");
  ASSERT_EQ(into.size(), 2u);
  EXPECT_EQ(into[1].previous, S(case_id));
  EXPECT_EQ(into[1].value, "");
  EXPECT_EQ(into[1].author, d.agent_id);
  auto ids = ChangesOf(d, case_id, "chamado_merged_ids");
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[1].previous, S(dup_id));
  EXPECT_EQ(ids[1].value, "");

  // Once split, it is not merged: a second undo is refused; so is one of a plain ticket.
  auto twice = d.Agent().Post(UnmergePath(dup_id), "");
  EXPECT_EQ(twice.status, 422) << twice.body;
  EXPECT_EQ(d.Agent().Post(UnmergePath(case_id), "").status, 422);
  EXPECT_EQ(d.Agent().Post(UnmergePath(999999), "").status, 404);
}

TEST(Unmerge, AManualMergeIsUndoneIntoTheQueueAndOnlyByAgents) {
  Desk d;
  const auto target = d.NewTicket("alice@customer.example", "T");
  const auto source = d.NewTicket("bob@customer.example", "S", R"("assignee_id":)" + S(d.agent_id));
  ASSERT_EQ(StatusOf(d, source), kInProgress);
  auto m = d.Agent().Post(MergePath(target), F(R"({"ids":[{}]})", {S(source)}));
  ASSERT_EQ(m.status, 200) << m.body;
  EXPECT_EQ(d.Bob().Post(UnmergePath(source), "").status, 403);
  auto r = d.Agent().Post(UnmergePath(source), "");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r["ticket"].at("custom_status_id").as_int64(), kInProgress) << "assigned: back to In progress";
  // The job shows the merge as undone.
  auto job = d.Agent().Get("/api/v2/job_statuses/" + Str(m["job_status"].at("id")) + ".json");
  ASSERT_EQ(job.status, 200);
  EXPECT_EQ(job["job_status"].at("results").as_array()[0].at("status").as_string(), "Unmerged");
  // And it can be merged again.
  EXPECT_EQ(d.Agent().Post(MergePath(target), F(R"({"ids":[{}]})", {S(source)})).status, 200);
  EXPECT_EQ(StatusOf(d, source), kDuplicate);
}

}  // namespace
}  // namespace it
