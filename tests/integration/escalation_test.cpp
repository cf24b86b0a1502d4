// Escalation to internal teams (PRODUCT.md §3, docs/escalation.md): an agent escalates a
// customer's ticket to a technical group (a new internal problem ticket) or to an existing
// problem; the ticket becomes an incident and moves to Escalated; the customer follows the
// derived escalation state in their language, never the problem itself; solving the problem
// (by an agent, or by its timer) sends the incidents back to their agents.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"

namespace it {
namespace {

// case-lifecycle's status ids (config/workflows/case-lifecycle.toml).
constexpr std::int64_t kNew = 1;
constexpr std::int64_t kInProgress = 2;
constexpr std::int64_t kEscalated = 4;
constexpr std::int64_t kAwaitingResponse = 5;
constexpr std::int64_t kResolved = 6;
constexpr std::int64_t kClosed = 7;

std::string RequestPath(std::int64_t id) { return "/api/v2/requests/" + S(id) + ".json"; }
std::string EscalatePath(std::int64_t id) { return "/api/v2/chamado/tickets/" + S(id) + "/escalate.json"; }

std::vector<std::int64_t> Ids(const json::value& arr) {
  std::vector<std::int64_t> out;
  for (const auto& e : arr.as_array()) out.push_back(e.at("id").as_int64());
  std::sort(out.begin(), out.end());
  return out;
}

class Escalation : public ::testing::Test {
 protected:
  Desk d;
  std::int64_t infra = 0;  // the technical group

  void SetUp() override {
    auto g = d.Admin().Post("/api/v2/groups.json", R"({"group":{"name":"Infrastructure"}})");
    ASSERT_EQ(g.status, 201) << g.body;
    infra = g["group"].at("id").as_int64();
  }

  // A customer's ticket, assigned to the agent (In progress).
  std::int64_t CustomerTicket(const std::string& requester = "alice@customer.example",
                              const std::string& subject = "Reports time out") {
    return d.NewTicket(requester, subject, R"("assignee_id":)" + S(d.agent_id));
  }

  Response Escalate(std::int64_t id, const std::string& escalation, const std::string& comment = "") {
    std::string body = R"({"escalation":)" + escalation;
    if (!comment.empty()) body += R"(,"comment":)" + json::serialize(json::value(comment));
    return d.Agent().Post(EscalatePath(id), body + "}");
  }

  // Escalates to the Infrastructure group; returns the new problem's id.
  std::int64_t ToGroup(std::int64_t id, const std::string& reason = "") {
    auto r = Escalate(id, R"({"group_id":)" + S(infra) + "}", reason);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r["problem"].at("id").as_int64() : 0;
  }

  json::object Ticket(std::int64_t id) {
    auto r = d.Agent().Get(TicketPath(id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r["ticket"].as_object() : json::object{};
  }

  void Put(std::int64_t id, const std::string& fields) {
    auto r = d.Agent().Put(TicketPath(id), R"({"ticket":)" + fields + "}");
    ASSERT_EQ(r.status, 200) << r.body;
  }

  // The customer's view of the escalation: {state, label} or null.
  json::value SeenBy(Client c, std::int64_t id, const std::string& query = "") {
    auto r = c.Get(RequestPath(id) + query);
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return nullptr;
    EXPECT_TRUE(r["request"].as_object().contains("chamado_escalation")) << r.body;
    return r["request"].at("chamado_escalation");
  }
  std::string LabelSeenBy(Client c, std::int64_t id, const std::string& query = "") {
    auto v = SeenBy(std::move(c), id, query);
    return v.is_object() ? Str(v.at("label")) : "(none: " + json::serialize(v) + ")";
  }

  std::vector<json::object> Audits(std::int64_t id) {
    auto r = d.Agent().Get("/api/v2/tickets/" + S(id) + "/audits.json?per_page=100");
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<json::object> out;
    if (r.status == 200)
      for (const auto& a : r["audits"].as_array()) out.push_back(a.as_object());
    return out;
  }

  static const json::object* EventOf(const json::object& audit, const std::string& type, const std::string& field) {
    for (const auto& e : audit.at("events").as_array())
      if (e.at("type") == type.c_str() && e.as_object().contains("field_name") && e.at("field_name") == field.c_str())
        return &e.as_object();
    return nullptr;
  }

  std::int64_t TicketCount() {
    auto r = d.Agent().Get("/api/v2/tickets.json");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r["count"].as_int64() : -1;
  }
};

TEST_F(Escalation, ToAGroupCreatesAnInternalProblemAndMovesTheTicketToEscalated) {
  const auto id = CustomerTicket();
  ASSERT_EQ(Ticket(id).at("custom_status_id").as_int64(), kInProgress);

  auto r = Escalate(id, R"({"group_id":)" + S(infra) + "}", "Database timeouts on node 3");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& incident = r["ticket"].as_object();
  const auto& problem = r["problem"].as_object();
  const auto pid = problem.at("id").as_int64();

  EXPECT_EQ(incident.at("id").as_int64(), id);
  EXPECT_EQ(incident.at("custom_status_id").as_int64(), kEscalated);
  EXPECT_EQ(incident.at("status"), "hold");
  EXPECT_EQ(incident.at("type"), "incident");
  EXPECT_EQ(incident.at("problem_id").as_int64(), pid);
  EXPECT_EQ(incident.at("assignee_id").as_int64(), d.agent_id) << "the incident stays with its agent";
  EXPECT_EQ(incident.at("chamado_escalation").at("state"), "awaiting_opening");
  EXPECT_EQ(incident.at("chamado_escalation").at("label"), "Aguardando abertura");

  EXPECT_EQ(problem.at("type"), "problem");
  EXPECT_EQ(problem.at("group_id").as_int64(), infra);
  EXPECT_EQ(problem.at("custom_status_id").as_int64(), kNew);
  EXPECT_EQ(problem.at("requester_id").as_int64(), d.agent_id) << "never the customer";
  EXPECT_EQ(problem.at("is_public"), false);
  EXPECT_NE(Str(problem.at("subject")).find("#" + S(id)), std::string::npos) << problem.at("subject");
  EXPECT_EQ(problem.at("chamado_incident_count").as_int64(), 1);
  EXPECT_EQ(problem.at("has_incidents"), true);
  EXPECT_TRUE(problem.at("chamado_escalation").is_null());

  // The problem's first comment is an internal note with the agent's reason.
  auto pc = d.Agent().Get("/api/v2/tickets/" + S(pid) + "/comments.json");
  ASSERT_EQ(pc.status, 200) << pc.body;
  ASSERT_EQ(pc["comments"].as_array().size(), 1u);
  const auto& note = pc["comments"].as_array()[0];
  EXPECT_EQ(note.at("public"), false);
  EXPECT_EQ(note.at("author_id").as_int64(), d.agent_id);
  EXPECT_NE(Str(note.at("body")).find("Database timeouts on node 3"), std::string::npos);
  EXPECT_NE(Str(note.at("body")).find("#" + S(id)), std::string::npos);

  // The incident's timeline: the agent's escalation, with the reason as an internal note.
  auto audits = Audits(id);
  ASSERT_FALSE(audits.empty());
  const auto& last = audits.back();
  EXPECT_EQ(last.at("author_id").as_int64(), d.agent_id);
  const auto* moved = EventOf(last, "Change", "custom_status_id");
  ASSERT_NE(moved, nullptr) << json::serialize(last);
  EXPECT_EQ(moved->at("value"), std::to_string(kEscalated).c_str());
  const auto* linked = EventOf(last, "Change", "problem_id");
  ASSERT_NE(linked, nullptr);
  EXPECT_EQ(linked->at("value"), S(pid).c_str());
  auto ic = d.Agent().Get("/api/v2/tickets/" + S(id) + "/comments.json");
  ASSERT_EQ(ic["comments"].as_array().size(), 2u);
  EXPECT_EQ(ic["comments"].as_array()[1].at("public"), false);
  // ... and the problem's: created with the incident linked.
  auto paudits = Audits(pid);
  ASSERT_EQ(paudits.size(), 1u);
  const auto* link = EventOf(paudits[0], "ChamadoEscalation", "incident_linked");
  ASSERT_NE(link, nullptr) << json::serialize(paudits[0]);
  EXPECT_EQ(link->at("value"), S(id).c_str());

  // GET shows the same; the read-only field escalation_status (103) carries the state too.
  auto t = Ticket(id);
  EXPECT_EQ(t.at("chamado_escalation").at("state"), "awaiting_opening");
  bool field = false;
  for (const auto& f : t.at("custom_fields").as_array())
    if (f.at("id").as_int64() == 103) field = f.at("value") == "escalation_awaiting_opening";
  EXPECT_TRUE(field) << json::serialize(t.at("custom_fields"));
  // Labels follow ?locale= for agents.
  auto en = d.Agent().Get(TicketPath(id) + "?locale=en");
  EXPECT_EQ(en["ticket"].at("chamado_escalation").at("label"), "Awaiting opening");
  // A ticket never escalated shows null.
  EXPECT_TRUE(Ticket(CustomerTicket()).at("chamado_escalation").is_null());
}

TEST_F(Escalation, TheCustomerFollowsItInTheirLanguageUntilTheProblemIsSolved) {
  const auto id = CustomerTicket();
  EXPECT_TRUE(SeenBy(d.Alice(), id).is_null()) << "never escalated: nothing";
  const auto pid = ToGroup(id, "Secret internal detail: db-node-3 disk full");

  // Awaiting opening, in pt-BR (Alice's locale) or the language asked for.
  auto v = SeenBy(d.Alice(), id);
  ASSERT_TRUE(v.is_object());
  EXPECT_EQ(v.at("state"), "awaiting_opening");
  EXPECT_EQ(v.at("label"), "Aguardando abertura");
  EXPECT_EQ(LabelSeenBy(d.Alice(), id, "?locale=en"), "Awaiting opening");
  EXPECT_EQ(LabelSeenBy(d.Alice(), id, "?locale=es"), "Pendiente de apertura");
  // Nothing of the problem reaches the customer: no id, subject or notes.
  auto req = d.Alice().Get(RequestPath(id));
  EXPECT_FALSE(req["request"].as_object().contains("problem_id"));
  EXPECT_EQ(req.body.find("Escalation of ticket"), std::string::npos);
  EXPECT_EQ(req.body.find("db-node-3"), std::string::npos);
  auto comments = d.Alice().Get("/api/v2/requests/" + S(id) + "/comments.json");
  ASSERT_EQ(comments.status, 200);
  EXPECT_EQ(comments["comments"].as_array().size(), 1u) << "the internal reason is not among them";
  EXPECT_EQ(comments.body.find("db-node-3"), std::string::npos);

  // Bob reads English: his profile's locale, without ?locale=.
  ASSERT_EQ(d.Bob().Put("/api/v2/users/" + S(d.bob_id) + ".json", R"({"user":{"locale":"en"}})").status, 200);
  const auto bobs = CustomerTicket("bob@customer.example", "Same timeouts here");
  auto second = Escalate(bobs, R"({"problem_id":)" + S(pid) + "}");
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(LabelSeenBy(d.Bob(), bobs), "Awaiting opening");

  // The technical group opens the problem: In progress.
  Put(pid, R"({"assignee_id":)" + S(d.agent_id) + "}");
  ASSERT_EQ(Ticket(pid).at("custom_status_id").as_int64(), kInProgress);
  v = SeenBy(d.Alice(), id);
  EXPECT_EQ(v.at("state"), "in_progress");
  EXPECT_EQ(v.at("label"), "Em andamento");
  EXPECT_EQ(LabelSeenBy(d.Bob(), bobs), "In progress");
  // The list shows it too.
  auto list = d.Alice().Get("/api/v2/requests.json");
  ASSERT_EQ(list.status, 200);
  bool listed = false;
  for (const auto& rq : list["requests"].as_array())
    if (rq.at("id").as_int64() == id) listed = rq.at("chamado_escalation").at("state") == "in_progress";
  EXPECT_TRUE(listed) << list.body;

  // Bob's agent took his ticket back meanwhile (asked him something): it is not on hold.
  Put(bobs, R"({"custom_status_id":)" + S(kAwaitingResponse) + "}");

  // Solved: the incident on hold goes back to its agent, by the system, with an audit.
  Put(pid, R"({"status":"solved"})");
  ASSERT_EQ(Ticket(pid).at("custom_status_id").as_int64(), kResolved);
  EXPECT_EQ(Ticket(id).at("custom_status_id").as_int64(), kInProgress);
  auto audits = Audits(id);
  ASSERT_FALSE(audits.empty());
  const auto& back = audits.back();
  EXPECT_EQ(back.at("author_id").as_int64(), -1) << "the system";
  EXPECT_EQ(back.at("via").at("channel"), "rule");
  const auto* moved = EventOf(back, "Change", "custom_status_id");
  ASSERT_NE(moved, nullptr) << json::serialize(back);
  EXPECT_EQ(moved->at("previous_value"), std::to_string(kEscalated).c_str());
  EXPECT_EQ(moved->at("value"), std::to_string(kInProgress).c_str());
  const auto* told = EventOf(back, "ChamadoEscalation", "escalation_concluded");
  ASSERT_NE(told, nullptr) << "the seam for telling the requester";
  EXPECT_EQ(told->at("value"), S(pid).c_str());
  v = SeenBy(d.Alice(), id);
  EXPECT_EQ(v.at("state"), "concluded");
  EXPECT_EQ(v.at("label"), "Concluído");

  // Bob's ticket stays where his agent put it, and he is told all the same.
  EXPECT_EQ(Ticket(bobs).at("custom_status_id").as_int64(), kAwaitingResponse);
  auto bob_audits = Audits(bobs);
  ASSERT_FALSE(bob_audits.empty());
  EXPECT_NE(EventOf(bob_audits.back(), "ChamadoEscalation", "escalation_concluded"), nullptr);
  EXPECT_EQ(EventOf(bob_audits.back(), "Change", "custom_status_id"), nullptr);
  EXPECT_EQ(LabelSeenBy(d.Bob(), bobs), "Concluded");
  EXPECT_EQ(LabelSeenBy(d.Bob(), bobs, "?locale=es"), "Concluido");

  // Reopened, the problem shows In progress again; solved again, the incident (no longer on
  // hold) stays where its agent has it.
  Put(pid, R"({"custom_status_id":)" + S(kInProgress) + "}");
  EXPECT_EQ(LabelSeenBy(d.Alice(), id), "Em andamento");
  Put(pid, R"({"status":"solved"})");
  EXPECT_EQ(Ticket(id).at("custom_status_id").as_int64(), kInProgress);
}

TEST_F(Escalation, ASecondTicketJoinsTheExistingProblem) {
  const auto first = CustomerTicket();
  const auto pid = ToGroup(first);
  const auto second = CustomerTicket("bob@customer.example", "Reports are slow");

  auto r = Escalate(second, R"({"problem_id":)" + S(pid) + "}", "Same root cause");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r["ticket"].at("problem_id").as_int64(), pid);
  EXPECT_EQ(r["ticket"].at("custom_status_id").as_int64(), kEscalated);
  EXPECT_EQ(r["problem"].at("id").as_int64(), pid);
  EXPECT_EQ(r["problem"].at("chamado_incident_count").as_int64(), 2);
  EXPECT_EQ(TicketCount(), 3) << "no new problem";

  // Agents see the count on the problem, single and listed, and its incidents.
  EXPECT_EQ(Ticket(pid).at("chamado_incident_count").as_int64(), 2);
  auto list = d.Agent().Get("/api/v2/tickets.json");
  ASSERT_EQ(list.status, 200);
  for (const auto& t : list["tickets"].as_array()) {
    if (t.at("id").as_int64() == pid) {
      EXPECT_EQ(t.at("chamado_incident_count").as_int64(), 2);
    } else {
      EXPECT_FALSE(t.as_object().contains("chamado_incident_count"));
      EXPECT_EQ(t.at("chamado_escalation").at("state"), "awaiting_opening");
    }
  }
  auto incidents = d.Agent().Get("/api/v2/tickets/" + S(pid) + "/incidents.json");
  ASSERT_EQ(incidents.status, 200) << incidents.body;
  EXPECT_EQ(Ids(incidents["tickets"]), (std::vector<std::int64_t>{first, second}));
  EXPECT_EQ(incidents["count"].as_int64(), 2);
  auto none = d.Agent().Get("/api/v2/tickets/" + S(first) + "/incidents.json");
  ASSERT_EQ(none.status, 200);
  EXPECT_TRUE(none["tickets"].as_array().empty()) << "not a problem: no incidents";
  EXPECT_EQ(d.Agent().Get("/api/v2/tickets/999999/incidents.json").status, 404);

  // The problem's timeline records each link.
  int links = 0;
  for (const auto& a : Audits(pid))
    if (EventOf(a, "ChamadoEscalation", "incident_linked")) ++links;
  EXPECT_EQ(links, 2);
}

TEST_F(Escalation, NotRequired) {
  const auto id = CustomerTicket();
  auto r = Escalate(id, R"({"not_required":true})", "Known behaviour, explained to the customer");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r["problem"].is_null());
  EXPECT_EQ(r["ticket"].at("custom_status_id").as_int64(), kInProgress) << "the status stays";
  EXPECT_TRUE(r["ticket"].at("problem_id").is_null());
  EXPECT_EQ(r["ticket"].at("chamado_escalation").at("state"), "not_required");
  EXPECT_EQ(r["ticket"].at("chamado_escalation").at("label"), "Não necessário");
  EXPECT_EQ(TicketCount(), 1) << "no problem";

  auto v = SeenBy(d.Alice(), id);
  EXPECT_EQ(v.at("state"), "not_required");
  EXPECT_EQ(v.at("label"), "Não necessário");
  EXPECT_EQ(LabelSeenBy(d.Alice(), id, "?locale=es"), "No requerido");
  EXPECT_EQ(LabelSeenBy(d.Alice(), id, "?locale=en"), "Not required");
  auto audits = Audits(id);
  EXPECT_NE(EventOf(audits.back(), "Change", "escalation_not_required"), nullptr);
  // Saying it twice changes nothing.
  auto again = Escalate(id, R"({"not_required":true})");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Audits(id).size(), audits.size());

  // The agent may still escalate later: the problem decides from then on.
  ToGroup(id);
  EXPECT_EQ(LabelSeenBy(d.Alice(), id), "Aguardando abertura");
}

TEST_F(Escalation, TheCustomerNeverSeesTheProblem) {
  const auto id = CustomerTicket("alice@customer.example", "Invoices missing");
  const auto pid = ToGroup(id, "Internal: check the billing job");

  EXPECT_EQ(d.Alice().Get(RequestPath(pid)).status, 404);
  EXPECT_EQ(d.Alice().Get("/api/v2/requests/" + S(pid) + "/comments.json").status, 404);
  EXPECT_EQ(d.Alice().Put(RequestPath(pid), R"({"request":{"comment":{"body":"hi"}}})").status, 404);
  for (const char* path : {"/api/v2/requests.json", "/api/v2/requests/open.json", "/api/v2/requests/ccd.json"}) {
    auto list = d.Alice().Get(path);
    ASSERT_EQ(list.status, 200) << path;
    for (const auto& rq : list["requests"].as_array()) EXPECT_NE(rq.at("id").as_int64(), pid) << path;
  }
  auto search = d.Alice().Get("/api/v2/requests/search.json?query=Escalation");
  ASSERT_EQ(search.status, 200) << search.body;
  for (const auto& rq : search["requests"].as_array()) EXPECT_NE(rq.at("id").as_int64(), pid);
  auto search2 = d.Alice().Get("/api/v2/requests/search.json?query=Invoices");
  ASSERT_EQ(search2.status, 200) << search2.body;
  EXPECT_EQ(Ids(search2["requests"]), std::vector<std::int64_t>{id});
  EXPECT_EQ(search2.body.find("billing job"), std::string::npos);
  // The Tickets API is for agents.
  EXPECT_EQ(d.Alice().Get(TicketPath(pid)).status, 403);
  EXPECT_EQ(d.Alice().Get("/api/v2/tickets/" + S(pid) + "/incidents.json").status, 403);
  EXPECT_EQ(d.Alice().Get("/api/v2/tickets/" + S(pid) + "/comments.json").status, 403);
}

TEST_F(Escalation, RefusalsNameTheRule) {
  const auto id = CustomerTicket();
  const std::string group = R"({"group_id":)" + S(infra) + "}";

  // End users may not escalate, not even their own ticket; and learn nothing about ids.
  EXPECT_EQ(d.Alice().Post(EscalatePath(id), R"({"escalation":)" + group + "}").status, 403);
  EXPECT_EQ(d.Alice().Post(EscalatePath(999999), R"({"escalation":)" + group + "}").status, 403);
  EXPECT_EQ(d.Anonymous().Post(EscalatePath(id), R"({"escalation":)" + group + "}").status, 401);
  EXPECT_EQ(Escalate(999999, group).status, 404);
  EXPECT_EQ(TicketCount(), 1);

  auto bad = [&](const std::string& escalation, const std::string& field, std::int64_t ticket) {
    auto r = Escalate(ticket, escalation);
    EXPECT_EQ(r.status, 422) << escalation << ": " << r.body;
    EXPECT_TRUE(DetailsName(r, field)) << escalation << ": " << r.body;
    return r;
  };
  bad("{}", "escalation", id);
  bad(R"({"group_id":)" + S(infra) + R"(,"not_required":true})", "escalation", id);
  bad(R"({"group_id":999999})", "group_id", id);
  bad(R"({"problem_id":999999})", "problem_id", id);
  bad(R"({"group_id":"infra"})", "group_id", id);
  auto no_body = d.Agent().Post(EscalatePath(id), R"({"comment":"why"})");
  EXPECT_EQ(no_body.status, 422) << no_body.body;
  auto not_problem = bad(R"({"problem_id":)" + S(CustomerTicket("bob@customer.example")) + "}", "escalation", id);
  EXPECT_NE(not_problem.body.find("NotAProblem"), std::string::npos) << not_problem.body;
  EXPECT_EQ(TicketCount(), 2) << "no refused escalation left a problem behind";

  // Already linked; a problem is not escalated itself.
  const auto pid = ToGroup(id);
  auto twice = bad(group, "escalation", id);
  EXPECT_NE(twice.body.find("AlreadyEscalated"), std::string::npos) << twice.body;
  auto itself = bad(group, "escalation", pid);
  EXPECT_NE(itself.body.find("IsProblem"), std::string::npos) << itself.body;

  // A closed ticket: the customer closed it.
  const auto closed = CustomerTicket();
  ASSERT_EQ(d.Alice().Put(RequestPath(closed), R"({"request":{"solved":true}})").status, 200);
  ASSERT_EQ(Ticket(closed).at("status"), "closed");
  const auto before = TicketCount();
  auto c = bad(group, "escalation", closed);
  EXPECT_NE(c.body.find("TicketClosed"), std::string::npos) << c.body;
  bad(R"({"not_required":true})", "escalation", closed);
  EXPECT_EQ(TicketCount(), before) << "no problem was made for it";

  // A move the workflow does not allow agents (Resolved -> Escalated): refused on status, and
  // no problem is left behind.
  const auto resolved = CustomerTicket();
  Put(resolved, R"({"status":"solved"})");
  auto moved = bad(group, "status", resolved);
  EXPECT_NE(moved.body.find("TransitionNotAllowed"), std::string::npos) << moved.body;
  EXPECT_EQ(TicketCount(), before + 1);

  // A solved problem takes no more incidents.
  Put(pid, R"({"status":"solved"})");
  auto late = bad(R"({"problem_id":)" + S(pid) + "}", "escalation", CustomerTicket());
  EXPECT_NE(late.body.find("ProblemSolved"), std::string::npos) << late.body;
}

// A problem left Awaiting response closes by itself after 48 h (its timer): that solves it too,
// and its incidents go back to their agents.
TEST(EscalationTimer, AProblemClosedByItsTimerConcludesItsIncidents) {
  Desk d;
  auto g = d.Admin().Post("/api/v2/groups.json", R"({"group":{"name":"Infrastructure"}})");
  ASSERT_EQ(g.status, 201) << g.body;
  auto clock = d.Anonymous().Post("/api/v2/chamado/test/clock", R"({"now":"2030-03-04T12:00:00Z"})");
  ASSERT_EQ(clock.status, 200) << clock.body;
  const auto id = d.NewTicket("alice@customer.example", "Timeouts", R"("assignee_id":)" + S(d.agent_id));
  auto r = d.Agent().Post(EscalatePath(id), R"({"escalation":{"group_id":)" + S(g["group"].at("id").as_int64()) + "}}");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto pid = r["problem"].at("id").as_int64();
  ASSERT_EQ(d.Agent().Put(TicketPath(pid), R"({"ticket":{"custom_status_id":)" + S(kAwaitingResponse) + "}}").status,
            200);

  clock = d.Anonymous().Post("/api/v2/chamado/test/clock", R"({"now":"2030-03-06T13:00:00Z"})");
  ASSERT_EQ(clock.status, 200) << clock.body;
  auto status = [&](std::int64_t t) {
    return d.Agent().Get(TicketPath(t))["ticket"].at("custom_status_id").as_int64();
  };
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (status(pid) != kClosed && std::chrono::steady_clock::now() < end)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_EQ(status(pid), kClosed) << "the problem's timer did not fire";
  EXPECT_EQ(status(id), kInProgress) << "closed in the same transaction as the problem";
  auto req = d.Alice().Get(RequestPath(id));
  EXPECT_EQ(req["request"].at("chamado_escalation").at("label"), "Concluído");
}

}  // namespace
}  // namespace it
