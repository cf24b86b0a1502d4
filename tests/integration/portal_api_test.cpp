// The server side of the customer portal (issue 9; docs/api.md "Portal"): a request's activity
// tab, the "My tickets" list filters and search, the portal's settings, and the Requests API
// calls the portal makes with a browser session (reply with an attachment, close, reopen, rate,
// download). On both stores.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "harness.hpp"

namespace it {
namespace {

constexpr std::int64_t kNew = 1;
constexpr std::int64_t kInProgress = 2;
constexpr std::int64_t kResolved = 6;
constexpr std::int64_t kClosedByYou = 8;
const std::string kPassword = "portal-password-9 horse";

std::string ActivityPath(std::int64_t id) { return "/api/v2/chamado/requests/" + S(id) + "/activity.json"; }
std::string RequestPath(std::int64_t id) { return "/api/v2/requests/" + S(id) + ".json"; }

std::int64_t CreateRequest(Client c, const std::string& subject, const std::string& extra = "") {
  auto r = c.Post("/api/v2/requests.json", F(R"({"request":{"subject":"{}","comment":{"body":"About {}"}{}}})",
                                             {subject, subject, extra.empty() ? "" : "," + extra}));
  if (r.status != 201) throw std::runtime_error("request create failed: " + r.body);
  return r["request"].at("id").as_int64();
}

std::vector<std::int64_t> IdsOf(const json::value& arr) {
  std::vector<std::int64_t> out;
  for (const auto& e : arr.as_array()) out.push_back(e.at("id").as_int64());
  return out;
}
std::vector<std::int64_t> Sorted(std::vector<std::int64_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}

void AgentPut(Desk& d, std::int64_t id, const std::string& fields) {
  auto r = d.Agent().Put(TicketPath(id), R"({"ticket":)" + fields + "}");
  ASSERT_EQ(r.status, 200) << r.body;
}

// ------------------------------------------------------------------ activity

class PortalActivity : public ::testing::Test {
 protected:
  Desk d;
  std::int64_t carol_id = 0;
  std::string carol_token;
  void SetUp() override {
    carol_id = d.server.AddUser("carol@customer.example", "Carol", "end-user");
    carol_token = d.server.Token("carol@customer.example");
  }
  Client Carol() { return Client(d.server, "carol@customer.example", carol_token); }
};

TEST_F(PortalActivity, TheTimelineIsCustomerSafeAndAgreesWithTheMetrics) {
  auto g = d.Admin().Post("/api/v2/groups.json", R"({"group":{"name":"Infrastructure"}})");
  ASSERT_EQ(g.status, 201) << g.body;
  const auto infra = g["group"].at("id").as_int64();
  const auto id = CreateRequest(d.Alice(), "Reports time out", R"("collaborators":["bob@customer.example"])");
  ClockAdvance(d.server, 60);
  AgentPut(d, id, R"({"assignee_id":)" + S(d.agent_id) + "}");  // New -> In progress (an assignee change)
  ClockAdvance(d.server, 60);
  AgentPut(d, id, R"({"comment":{"body":"internal: db-node-3 is flaky","public":false}})");
  AgentPut(d, id, R"({"priority":"urgent","tags":["vip"],"group_id":)" + S(infra) + "}");
  ClockAdvance(d.server, 60);
  AgentPut(d, id, R"({"comment":{"body":"We are looking into it"}})");
  ClockAdvance(d.server, 60);
  ASSERT_EQ(d.Bob().Put(RequestPath(id), R"({"request":{"comment":{"body":"Same for me"}}})").status, 200);
  ClockAdvance(d.server, 60);
  auto esc = d.Agent().Post("/api/v2/chamado/tickets/" + S(id) + "/escalate.json",
                            R"({"escalation":{"group_id":)" + S(infra) + R"(},"comment":"db-node-3 again"})");
  ASSERT_EQ(esc.status, 200) << esc.body;
  const auto problem = esc["problem"].at("id").as_int64();
  ClockAdvance(d.server, 60);
  AgentPut(d, problem, R"({"assignee_id":)" + S(d.agent_id) + "}");  // the problem opens: In progress

  // The comments' ids, as the agent sees them.
  auto comments = d.Agent().Get("/api/v2/tickets/" + S(id) + "/comments.json");
  ASSERT_EQ(comments.status, 200) << comments.body;
  std::int64_t note = 0, reply = 0, bobs = 0;
  for (const auto& c : comments["comments"].as_array()) {
    const std::string body = Str(c.at("body"));
    if (body.starts_with("internal")) note = c.at("id").as_int64();
    if (body.starts_with("We are")) reply = c.at("id").as_int64();
    if (body.starts_with("Same")) bobs = c.at("id").as_int64();
  }
  ASSERT_NE(note, 0);

  auto r = d.Alice().Get(ActivityPath(id) + "?locale=en");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& act = r["activity"].as_object();
  // The two instants are the metrics' own.
  auto m = d.Agent().Get("/api/v2/tickets/" + S(id) + "/metrics.json");
  ASSERT_EQ(m.status, 200) << m.body;
  EXPECT_EQ(act.at("first_status_activity_at"), m["ticket_metric"].at("chamado_first_status_activity_at"));
  EXPECT_EQ(act.at("last_status_activity_at"), m["ticket_metric"].at("chamado_last_status_activity_at"));

  std::vector<std::string> kinds;
  for (const auto& e : act.at("events").as_array()) {
    const auto& o = e.as_object();
    kinds.push_back(Str(o.at("type")) + "/" + Str(o.at("by")));
    for (const char* internal : {"assignee_id", "group_id", "priority", "tags", "problem_id", "author_id"})
      EXPECT_FALSE(o.contains(internal)) << internal << " in " << json::serialize(o);
    if (o.at("type") == "comment") {
      EXPECT_NE(o.at("comment_id").as_int64(), note) << "an internal note";
    }
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"created/you", "status_changed/agent", "comment/agent", "comment/cc",
                                             "status_changed/agent", "escalation/agent", "escalation/system"}))
      << r.body;
  const auto& ev = act.at("events").as_array();
  EXPECT_EQ(ev[0].at("custom_status_id").as_int64(), kNew);
  EXPECT_EQ(ev[1].at("from_custom_status_id").as_int64(), kNew);
  EXPECT_EQ(ev[1].at("to_custom_status_id").as_int64(), kInProgress);
  EXPECT_EQ(ev[2].at("comment_id").as_int64(), reply);
  EXPECT_EQ(ev[3].at("comment_id").as_int64(), bobs);
  EXPECT_EQ(ev[5].at("escalation").at("state"), "awaiting_opening");
  EXPECT_EQ(ev[5].at("escalation").at("label"), "Awaiting opening");
  EXPECT_EQ(ev[6].at("escalation").at("state"), "in_progress");
  // The same label the request shows, in the same locale.
  auto req = d.Alice().Get(RequestPath(id) + "?locale=en");
  EXPECT_EQ(ev[6].at("escalation").at("label"), req["request"].at("chamado_escalation").at("label"));
  // Nothing internal in the text either.
  for (const char* secret : {"db-node-3", "Infrastructure", "urgent", "vip"})
    EXPECT_EQ(r.body.find(secret), std::string::npos) << secret;

  // Without ?locale=: the caller's own language (pt-BR by default).
  auto pt = d.Alice().Get(ActivityPath(id));
  ASSERT_EQ(pt.status, 200);
  EXPECT_EQ(pt["activity"].at("events").as_array()[5].at("escalation").at("label"), "Aguardando abertura");

  // The CC reads it too; the requester is "requester" to him, and his comment "you".
  auto cc = d.Bob().Get(ActivityPath(id));
  ASSERT_EQ(cc.status, 200) << cc.body;
  const auto& cev = cc["activity"].at("events").as_array();
  EXPECT_EQ(cev[0].at("by"), "requester");
  EXPECT_EQ(cev[3].at("by"), "you");
  // Staff may read the customer's view.
  EXPECT_EQ(d.Agent().Get(ActivityPath(id)).status, 200);

  // Anyone else: the 404 of a ticket that does not exist.
  auto other = Carol().Get(ActivityPath(id));
  auto missing = Carol().Get(ActivityPath(999999));
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(other.body, missing.body);
  EXPECT_EQ(d.Alice().Get(ActivityPath(problem)).status, 404) << "the internal problem";
  EXPECT_EQ(d.Anonymous().Get(ActivityPath(id)).status, 401);
}

TEST_F(PortalActivity, CloseAndRatingShowOnTheTimeline) {
  const auto id = CreateRequest(d.Alice(), "Invoice missing");
  ClockAdvance(d.server, 60);
  AgentPut(d, id, R"({"status":"solved","comment":{"body":"Sent again"}})");
  ClockAdvance(d.server, 60);
  auto rate = d.Alice().Post("/api/v2/requests/" + S(id) + "/satisfaction_rating.json",
                             R"({"satisfaction_rating":{"score":"good","comment":"Thanks"}})");
  ASSERT_EQ(rate.status / 100, 2) << rate.body;
  ClockAdvance(d.server, 60);
  auto close = d.Alice().Put(RequestPath(id), R"({"request":{"solved":true}})");
  ASSERT_EQ(close.status, 200) << close.body;
  EXPECT_EQ(close["request"].at("custom_status_id").as_int64(), kClosedByYou);

  auto r = d.Alice().Get(ActivityPath(id));
  ASSERT_EQ(r.status, 200) << r.body;
  std::vector<std::string> kinds;
  for (const auto& e : r["activity"].at("events").as_array())
    kinds.push_back(Str(e.at("type")) + "/" + Str(e.at("by")));
  EXPECT_EQ(kinds, (std::vector<std::string>{"created/you", "status_changed/agent", "comment/agent",
                                             "satisfaction_rated/you", "status_changed/you"}))
      << r.body;
  const auto& ev = r["activity"].at("events").as_array();
  EXPECT_EQ(ev[3].at("score"), "good");
  EXPECT_EQ(ev[4].at("from_custom_status_id").as_int64(), kResolved);
  EXPECT_EQ(ev[4].at("to_custom_status_id").as_int64(), kClosedByYou);
  EXPECT_EQ(r["activity"].at("last_status_activity_at"), ev[4].at("at"));
}

// ------------------------------------------------------------------ "My tickets": the list

class PortalList : public ::testing::Test {
 protected:
  // Several open requests of one customer: the duplicate rule would merge them.
  ScopedEnv no_duplicates{"CHAMADO_DUPLICATES_MODE", "off"};
  Desk d;
  std::int64_t a1 = 0, a2 = 0, a3 = 0, ccd = 0, bobs_own = 0;
  void SetUp() override {
    a1 = CreateRequest(d.Alice(), "First");
    ClockAdvance(d.server, 60);
    a2 = CreateRequest(d.Alice(), "Second");
    ClockAdvance(d.server, 60);
    a3 = CreateRequest(d.Alice(), "Third");
    ClockAdvance(d.server, 60);
    ccd = CreateRequest(d.Bob(), "Bob's with Alice", R"("collaborators":["alice@customer.example"])");
    bobs_own = CreateRequest(d.Bob(), "Bob's alone");
    ClockAdvance(d.server, 60);
    AgentPut(d, a2, R"({"status":"solved"})");
    ClockAdvance(d.server, 60);
    ASSERT_EQ(d.Alice().Put(RequestPath(a1), R"({"request":{"comment":{"body":"Any news?"}}})").status, 200);
  }
  Response List(const std::string& query, const std::string& path = "/api/v2/requests.json") {
    return d.Alice().Get(path + query);
  }
  std::string Bad(const std::string& query) {
    auto r = List(query);
    EXPECT_EQ(r.status, 400) << query << ": " << r.body;
    return r.status == 400 ? Str(r["description"]) : "";
  }
};

TEST_F(PortalList, FiltersByLegacyStatusAndCustomStatusId) {
  auto solved = List("?status=solved");
  ASSERT_EQ(solved.status, 200) << solved.body;
  EXPECT_EQ(IdsOf(solved["requests"]), (std::vector<std::int64_t>{a2}));
  EXPECT_EQ(solved["count"].as_int64(), 1);

  auto news = List("?chamado_custom_status_id=" + S(kNew));
  EXPECT_EQ(IdsOf(news["requests"]), (std::vector<std::int64_t>{a1, a3}));
  auto both = List("?chamado_custom_status_id=" + S(kNew) + "," + S(kResolved));
  EXPECT_EQ(IdsOf(both["requests"]), (std::vector<std::int64_t>{a1, a2, a3}));
  auto mixed = List("?status=new,open&chamado_custom_status_id=" + S(kResolved));
  EXPECT_EQ(mixed["count"].as_int64(), 0) << "both filters must hold";
  EXPECT_TRUE(mixed["requests"].as_array().empty());

  // The scopes narrow further.
  auto open_solved = List("?status=solved", "/api/v2/requests/open.json");
  EXPECT_EQ(open_solved["count"].as_int64(), 0);
  auto solved_scope = List("?status=solved", "/api/v2/requests/solved.json");
  EXPECT_EQ(IdsOf(solved_scope["requests"]), (std::vector<std::int64_t>{a2}));
}

TEST_F(PortalList, IncludeCcdMergesBothListsWithRightCounts) {
  auto mine = List("");
  EXPECT_EQ(IdsOf(mine["requests"]), (std::vector<std::int64_t>{a1, a2, a3}));
  auto all = List("?chamado_include_ccd=true");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(IdsOf(all["requests"]), (std::vector<std::int64_t>{a1, a2, a3, ccd}));
  EXPECT_EQ(all["count"].as_int64(), 4);
  for (const auto& rq : all["requests"].as_array())  // the portal marks the CC'd ones
    EXPECT_EQ(rq.at("requester_id").as_int64() == d.alice_id, rq.at("id").as_int64() != ccd);

  auto p1 = List("?chamado_include_ccd=true&per_page=3");
  EXPECT_EQ(p1["count"].as_int64(), 4);
  EXPECT_EQ(IdsOf(p1["requests"]), (std::vector<std::int64_t>{a1, a2, a3}));
  EXPECT_FALSE(p1["next_page"].is_null());
  auto p2 = List("?chamado_include_ccd=true&per_page=3&page=2");
  EXPECT_EQ(IdsOf(p2["requests"]), (std::vector<std::int64_t>{ccd}));
  EXPECT_TRUE(p2["next_page"].is_null());

  auto open = List("?chamado_include_ccd=true&status=new&per_page=2");
  EXPECT_EQ(open["count"].as_int64(), 3);
  EXPECT_EQ(IdsOf(open["requests"]), (std::vector<std::int64_t>{a1, a3}));
  auto open2 = List("?chamado_include_ccd=true&status=new&per_page=2&page=2");
  EXPECT_EQ(IdsOf(open2["requests"]), (std::vector<std::int64_t>{ccd}));

  auto cc_only = List("", "/api/v2/requests/ccd.json");
  EXPECT_EQ(IdsOf(cc_only["requests"]), (std::vector<std::int64_t>{ccd}));
  // Never somebody else's.
  const auto all_ids = IdsOf(all["requests"]);
  EXPECT_EQ(std::count(all_ids.begin(), all_ids.end(), bobs_own), 0);
}

TEST_F(PortalList, SortsByCreatedOrUpdated) {
  auto created_desc = List("?sort_by=created_at&sort_order=desc");
  ASSERT_EQ(created_desc.status, 200) << created_desc.body;
  EXPECT_EQ(IdsOf(created_desc["requests"]), (std::vector<std::int64_t>{a3, a2, a1}));
  // a1 got Alice's comment last, a2 was solved before that.
  auto updated_desc = List("?sort_by=updated_at&sort_order=desc&chamado_include_ccd=true");
  ASSERT_EQ(updated_desc.status, 200) << updated_desc.body;
  EXPECT_EQ(IdsOf(updated_desc["requests"]), (std::vector<std::int64_t>{a1, a2, ccd, a3}));
  EXPECT_EQ(updated_desc["count"].as_int64(), 4);
  auto updated_asc = List("?sort_by=updated_at&sort_order=asc&per_page=2&page=2");
  EXPECT_EQ(IdsOf(updated_asc["requests"]), (std::vector<std::int64_t>{a1}));
  EXPECT_EQ(updated_asc["count"].as_int64(), 3);
  auto cc_updated = List("?sort_by=updated_at", "/api/v2/requests/ccd.json");
  EXPECT_EQ(IdsOf(cc_updated["requests"]), (std::vector<std::int64_t>{ccd}));
}

TEST_F(PortalList, BadValuesNameTheParameter) {
  EXPECT_NE(Bad("?status=bogus").find("status"), std::string::npos);
  EXPECT_NE(Bad("?chamado_custom_status_id=abc").find("chamado_custom_status_id"), std::string::npos);
  EXPECT_NE(Bad("?chamado_custom_status_id=999").find("chamado_custom_status_id"), std::string::npos);
  EXPECT_NE(Bad("?sort_by=priority").find("sort_by"), std::string::npos);
  EXPECT_NE(Bad("?sort_order=up").find("sort_order"), std::string::npos);
  EXPECT_NE(Bad("?chamado_include_ccd=yes").find("chamado_include_ccd"), std::string::npos);
  EXPECT_NE(Bad("?sort_by=updated_at&page[size]=2").find("sort_by"), std::string::npos);
}

// ------------------------------------------------------------------ "My tickets": search

TEST(PortalSearch, FindsByNumberOrSubjectAmongVisibleRequestsOnly) {
  ScopedEnv no_duplicates("CHAMADO_DUPLICATES_MODE", "off");
  Desk d;
  const auto carol = d.server.AddUser("carol@customer.example", "Carol", "end-user");
  (void)carol;
  Client carol_c(d.server, "carol@customer.example", d.server.Token("carol@customer.example"));
  const auto jam = CreateRequest(d.Alice(), "Printer jam on floor three");
  const auto invoice = CreateRequest(d.Alice(), "Invoice missing");
  const auto bobs = CreateRequest(d.Bob(), "Printer offline", R"("collaborators":["alice@customer.example"])");
  const auto carols = CreateRequest(carol_c, "Printer secret plans");
  auto search = [&](const std::string& q) { return d.Alice().Get("/api/v2/requests/search.json?" + q); };

  auto words = search("query=printer");
  ASSERT_EQ(words.status, 200) << words.body;
  EXPECT_EQ(Sorted(IdsOf(words["requests"])), Sorted({jam, bobs})) << "CC'd included, Carol's never";
  EXPECT_EQ(words["count"].as_int64(), 2);

  for (const std::string& q : std::vector<std::string>{S(invoice), "%23" + S(invoice), "%20%23" + S(invoice) + "%20"}) {
    auto byno = search("query=" + q);
    ASSERT_EQ(byno.status, 200) << q << ": " << byno.body;
    ASSERT_FALSE(byno["requests"].as_array().empty()) << q;
    EXPECT_EQ(byno["requests"].as_array()[0].at("id").as_int64(), invoice) << q;
    EXPECT_EQ(byno["count"].as_int64(), 1) << q;
  }
  auto cc_no = search("query=%23" + S(bobs));
  EXPECT_EQ(IdsOf(cc_no["requests"]), (std::vector<std::int64_t>{bobs}));
  auto not_mine = search("query=" + S(carols));
  ASSERT_EQ(not_mine.status, 200) << not_mine.body;
  EXPECT_EQ(not_mine["count"].as_int64(), 0) << not_mine.body;

  // Status filters and pages.
  AgentPut(d, jam, R"({"status":"solved"})");
  auto solved = search("query=printer&status=solved");
  ASSERT_EQ(solved.status, 200) << solved.body;
  EXPECT_EQ(IdsOf(solved["requests"]), (std::vector<std::int64_t>{jam}));
  auto by_id = search("query=printer&chamado_custom_status_id=" + S(kNew));
  EXPECT_EQ(IdsOf(by_id["requests"]), (std::vector<std::int64_t>{bobs}));
  auto number_filtered = search("query=" + S(jam) + "&status=new");
  EXPECT_EQ(number_filtered["count"].as_int64(), 0) << "the number's request is solved";
  auto page1 = search("query=printer&per_page=1");
  EXPECT_EQ(page1["count"].as_int64(), 2);
  EXPECT_EQ(page1["requests"].as_array().size(), 1u);
  EXPECT_FALSE(page1["next_page"].is_null());
  auto page2 = search("query=printer&per_page=1&page=2");
  EXPECT_EQ(page2["requests"].as_array().size(), 1u);
  EXPECT_NE(IdsOf(page1["requests"]), IdsOf(page2["requests"]));
  EXPECT_EQ(search("query=printer&status=nope").status, 400);
  // The list entries carry what "My tickets" shows.
  const auto& first = words["requests"].as_array()[0].as_object();
  for (const char* k : {"id", "subject", "created_at", "updated_at", "custom_status_id", "requester_id",
                        "chamado_escalation", "chamado_due_at"})
    EXPECT_TRUE(first.contains(k)) << k;
}

// ------------------------------------------------------------------ portal settings

TEST(PortalConfig, ComesFromTheRunningConfiguration) {
  {
    Server s;
    auto r = Client(s).Get("/api/v2/chamado/portal/config.json");
    ASSERT_EQ(r.status, 200) << r.body;
    const auto& p = r["portal"];
    EXPECT_EQ(json::serialize(p.at("locales")), R"(["pt-BR","es","en"])");
    EXPECT_EQ(p.at("default_locale"), "pt-BR");
    const auto& a = p.at("attachments");
    EXPECT_EQ(a.at("max_files").as_int64(), 5);
    EXPECT_EQ(a.at("max_total_mb").as_int64(), 20);
    EXPECT_EQ(a.at("max_file_mb").as_int64(), 20);
    EXPECT_EQ(a.at("max_total_bytes").as_int64(), 20LL * 1024 * 1024);
    const auto& ext = a.at("allowed_extensions").as_array();
    EXPECT_NE(std::find(ext.begin(), ext.end(), json::value("pdf")), ext.end());
    EXPECT_EQ(std::find(ext.begin(), ext.end(), json::value("exe")), ext.end());
    EXPECT_TRUE(p.at("anonymous_requests").as_bool());
    EXPECT_TRUE(p.at("signup").as_bool());
  }
  ScopedEnv files("CHAMADO_ATTACHMENTS_MAX_FILES", "3");
  ScopedEnv total("CHAMADO_ATTACHMENTS_MAX_TOTAL_MB", "7");
  ScopedEnv anon("CHAMADO_TICKETS_ANONYMOUS_REQUESTS", "false");
  ScopedEnv signup("CHAMADO_AUTH_SIGNUP", "false");
  Server s;
  auto r = Client(s).Get("/api/v2/chamado/portal/config.json");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& a = r["portal"].at("attachments");
  EXPECT_EQ(a.at("max_files").as_int64(), 3);
  EXPECT_EQ(a.at("max_total_mb").as_int64(), 7);
  EXPECT_EQ(a.at("max_file_mb").as_int64(), 7);
  EXPECT_FALSE(r["portal"].at("anonymous_requests").as_bool());
  EXPECT_FALSE(r["portal"].at("signup").as_bool());
}

// ------------------------------------------------------------------ the portal's calls, with a session

TEST(PortalSession, ReplyWithAnAttachmentDownloadCloseAndReopen) {
  Desk d;
  d.server.AddUser("carol@customer.example", "Carol", "end-user");
  Client carol_c(d.server, "carol@customer.example", d.server.Token("carol@customer.example"));
  Browser alice = SetPasswordByMail(d.server, "alice@customer.example", kPassword);
  Browser bob = SetPasswordByMail(d.server, "bob@customer.example", kPassword);

  // The session's own answer: the user, the CSRF token, the session.
  auto session = alice.Get("/api/v2/chamado/auth/session");
  ASSERT_EQ(session.status, 200) << session.body;
  EXPECT_EQ(session["user"].at("id").as_int64(), d.alice_id);
  EXPECT_EQ(Str(session["csrf_token"]), alice.csrf());
  EXPECT_TRUE(session["session"].is_object());

  auto created = alice.Post("/api/v2/requests.json",
                            R"({"request":{"subject":"Export fails","comment":{"body":"It hangs"},
                                "collaborators":["bob@customer.example"]}})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = created["request"].at("id").as_int64();
  const auto& rq = created["request"].as_object();
  EXPECT_TRUE(rq.contains("chamado_escalation"));
  EXPECT_TRUE(rq.contains("chamado_due_at"));

  // Reply with an upload, through the cookie session.
  const std::string pdf = "%PDF-1.4\n%" + std::string(500, 'x') + "\n%%EOF\n";
  auto up = alice.Send("POST", "/api/v2/uploads.json?filename=log.pdf", pdf, {{"Content-Type", "application/binary"}});
  ASSERT_EQ(up.status, 201) << up.body;
  const std::string token = Str(up["upload"].at("token"));
  auto reply = alice.Put(RequestPath(id),
                         R"({"request":{"comment":{"body":"Here is the log","uploads":[")" + token + R"("]}}})");
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto comments = alice.Get("/api/v2/requests/" + S(id) + "/comments.json");
  ASSERT_EQ(comments.status, 200) << comments.body;
  std::string url;
  for (const auto& c : comments["comments"].as_array())
    for (const auto& a : c.at("attachments").as_array()) url = Str(a.at("content_url"));
  ASSERT_FALSE(url.empty()) << comments.body;
  const std::string path = url.substr(d.server.base().size());
  auto mine = alice.Get(path);
  EXPECT_EQ(mine.status, 200);
  EXPECT_EQ(mine.body, pdf);
  auto cc = bob.Get(path);
  EXPECT_EQ(cc.status, 200) << "the CC downloads it with his session";
  EXPECT_EQ(carol_c.Get(path).status, 404);
  EXPECT_EQ(Browser(d.server).Get(path).status, 401);

  // The CC may not close it; the requester closes it: Closed by you.
  auto cc_close = bob.Put(RequestPath(id), R"({"request":{"solved":true}})");
  EXPECT_EQ(cc_close.status, 422) << cc_close.body;
  // Reopen: an agent resolves, the requester answers (Resolved lets the customer reopen).
  AgentPut(d, id, R"({"status":"solved"})");
  auto back = alice.Put(RequestPath(id), R"({"request":{"comment":{"body":"Still broken"}}})");
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_NE(back["request"].at("custom_status_id").as_int64(), kResolved);
  const std::string reopened = Str(back["request"].at("status"));
  EXPECT_TRUE(reopened == "new" || reopened == "open") << reopened;
  EXPECT_TRUE(back["request"].at("can_be_solved_by_me").as_bool());
  auto close = alice.Put(RequestPath(id), R"({"request":{"solved":true}})");
  ASSERT_EQ(close.status, 200) << close.body;
  EXPECT_EQ(close["request"].at("custom_status_id").as_int64(), kClosedByYou);
  EXPECT_EQ(Str(close["request"].at("status")), "closed");
  EXPECT_FALSE(close["request"].at("can_be_solved_by_me").as_bool());
  auto after = alice.Put(RequestPath(id), R"({"request":{"comment":{"body":"One more thing"}}})");
  EXPECT_EQ(after.status, 422) << "closed: a reply is a new follow-up ticket";

  // Labels for the portal: statuses per locale; ticket fields as an end user sees them.
  auto st = alice.Get("/api/v2/custom_statuses.json?locale=en");
  ASSERT_EQ(st.status, 200) << st.body;
  bool found = false;
  for (const auto& s : st["custom_statuses"].as_array())
    if (s.at("id").as_int64() == kClosedByYou) {
      found = true;
      EXPECT_EQ(s.at("end_user_label"), "Closed by you");
      EXPECT_EQ(s.at("chamado_labels").at("end_user").at("pt-BR"), "Encerrado por você");
      EXPECT_FALSE(s.at("chamado_customer_may_comment").as_bool());
    }
  EXPECT_TRUE(found);
  auto fields = alice.Get("/api/v2/ticket_fields.json");
  ASSERT_EQ(fields.status, 200) << fields.body;
}

}  // namespace
}  // namespace it

namespace it {
namespace {

// The conversation says who wrote each message: the authors come with the comments, as on
// Zendesk, in a short shape (no e-mail of the agents).
TEST(PortalComments, AuthorsAreSideloadedWithNameAndWhetherStaff) {
  Desk d;
  auto id = CreateRequest(d.Alice(), "Printer");
  AgentPut(d, id, R"({"comment":{"body":"Which model?","public":true}})");
  AgentPut(d, id, R"({"comment":{"body":"Internal: ask the vendor","public":false}})");
  auto r = d.Alice().Get("/api/v2/requests/" + S(id) + "/comments.json");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r["comments"].as_array().size(), 2u) << "the internal note is not there";
  const auto& users = r["users"].as_array();
  ASSERT_EQ(users.size(), 2u) << r.body;
  for (const auto& u : users) {
    const auto& o = u.as_object();
    EXPECT_FALSE(o.contains("email")) << r.body;
    if (o.at("id").as_int64() == d.agent_id) {
      EXPECT_TRUE(o.at("agent").as_bool());
      EXPECT_FALSE(o.at("name").as_string().empty());
    } else {
      EXPECT_EQ(o.at("id").as_int64(), d.alice_id);
      EXPECT_FALSE(o.at("agent").as_bool());
    }
  }
}

}  // namespace
}  // namespace it
