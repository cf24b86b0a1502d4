// Search (docs/search.md; zendesk-compat.md §8 "Search"): every operator over HTTP, accents
// both ways, phrases and exclusion, pagination with the capped count, visibility of internal
// notes and of other customers' tickets, and search/export walked to its end.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"

namespace it {
namespace {

std::string Enc(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

Response Search(Client c, const std::string& query, const std::string& extra = "") {
  return c.Get("/api/v2/search.json?query=" + Enc(query) + extra);
}
Response RequestSearch(Client c, const std::string& query, const std::string& extra = "") {
  return c.Get("/api/v2/requests/search.json?query=" + Enc(query) + extra);
}

// Ids of `root` in the order given.
std::vector<std::int64_t> Ids(const Response& r, const char* root = "results") {
  std::vector<std::int64_t> out;
  EXPECT_TRUE(r[root].is_array()) << r.body;
  if (!r[root].is_array()) return out;
  for (const auto& e : r[root].as_array()) out.push_back(e.at("id").as_int64());
  return out;
}

std::vector<std::int64_t> Sorted(std::vector<std::int64_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// Ids the agent's /search finds for `query`, sorted.
std::vector<std::int64_t> Found(Desk& d, const std::string& query) {
  auto r = Search(d.Agent(), query);
  EXPECT_EQ(r.status, 200) << query << ": " << r.body;
  return Sorted(Ids(r));
}

using V = std::vector<std::int64_t>;

std::int64_t Ticket(Desk& d, const std::string& subject, const std::string& body, const std::string& extra = "",
                    const std::string& requester = "alice@customer.example") {
  json::object t{
      {"subject", subject}, {"comment", {{"body", body}}}, {"requester", {{"name", "R"}, {"email", requester}}}};
  std::string text = json::serialize(json::object{{"ticket", t}});
  if (!extra.empty()) text.insert(text.size() - 2, "," + extra);
  auto r = d.Agent().Post("/api/v2/tickets.json", text);
  if (r.status != 201) throw std::runtime_error("ticket create failed: " + r.body);
  return r["ticket"].at("id").as_int64();
}

void Update(Desk& d, std::int64_t id, const std::string& fields) {
  auto r = d.Agent().Put("/api/v2/tickets/" + S(id) + ".json", R"({"ticket":{)" + fields + "}}");
  ASSERT_EQ(r.status, 200) << fields << ": " << r.body;
}

void Note(Desk& d, std::int64_t id, const std::string& body, bool is_public) {
  Update(d, id, R"("comment":{"body":")" + body + R"(","public":)" + (is_public ? "true" : "false") + "}");
}

void SetClock(Desk& d, const std::string& iso) {
  auto r = d.Anonymous().Post("/api/v2/chamado/test/clock", R"({"now":")" + iso + R"("})");
  ASSERT_EQ(r.status, 200) << r.body;
}

bool QueryError(const Response& r) {
  return r.status == 422 && r["details"].is_object() && r["details"].as_object().contains("query");
}

// ------------------------------------------------------------------ full text

TEST(SearchText, AccentsAndCaseFoldBothWays) {
  Desk d;
  const auto accented = Ticket(d, "Não consigo acessar", "Ação necessária no relatório");
  const auto plain = Ticket(d, "Nao sei a senha", "acao pendente");
  EXPECT_EQ(Found(d, "nao"), (V{accented, plain}));
  EXPECT_EQ(Found(d, "NÃO"), (V{accented, plain}));
  EXPECT_EQ(Found(d, "ACAO"), (V{accented, plain}));
  EXPECT_EQ(Found(d, "ação"), (V{accented, plain}));
  EXPECT_EQ(Found(d, "relatorio"), (V{accented}));
  EXPECT_EQ(Found(d, "SENHA"), (V{plain}));
  // Every word must match, anywhere in the ticket (subject or comments).
  EXPECT_EQ(Found(d, "nao relatorio"), (V{accented}));
  EXPECT_EQ(Found(d, "nao relatorio senha"), (V{}));
}

TEST(SearchText, PhrasesExclusionPrefixesAndSubject) {
  Desk d;
  const auto a = Ticket(d, "Printer jammed", "the printer is jammed again");
  const auto b = Ticket(d, "Jammed", "jammed printer in the lobby");
  const auto c = Ticket(d, "Impressora", "impressão falhou, printer offline");
  EXPECT_EQ(Found(d, "printer"), (V{a, b, c}));
  EXPECT_EQ(Found(d, R"("printer is jammed")"), (V{a}));
  EXPECT_EQ(Found(d, R"("jammed printer")"), (V{b}));
  EXPECT_EQ(Found(d, "printer -lobby"), (V{a, c}));
  EXPECT_EQ(Found(d, R"(printer -"is jammed")"), (V{b, c}));
  EXPECT_EQ(Found(d, "-jammed"), (V{c}));
  EXPECT_EQ(Found(d, "impress*"), (V{c}));
  EXPECT_EQ(Found(d, "impress"), (V{}));
  EXPECT_EQ(Found(d, "subject:jammed"), (V{a, b}));
  EXPECT_EQ(Found(d, "subject:printer"), (V{a}));
  EXPECT_EQ(Found(d, "printer -subject:printer"), (V{b, c}));
}

TEST(SearchText, UserTextCannotInjectFtsSyntax) {
  Desk d;
  const auto a = Ticket(d, "alpha beta", "gamma");
  // FTS5 operators and quotes in the query are plain text.
  for (const char* q : {R"(alpha OR zzz)", R"(alpha" OR "zzz)", "NEAR(alpha beta)", "alpha AND NOT beta",
                        "{private_text}:alpha", "alpha*beta", R"(alpha ")", "^alpha", "alpha:beta(", "'); DROP"}) {
    auto r = Search(d.Agent(), q);
    EXPECT_EQ(r.status, 200) << q << ": " << r.body;
  }
  EXPECT_EQ(Found(d, "alpha OR zzz"), (V{}));  // "or" and "zzz" are words that must match too
  EXPECT_EQ(Found(d, "alpha beta gamma"), (V{a}));
  auto still = d.Agent().Get("/api/v2/tickets/" + S(a) + ".json");
  EXPECT_EQ(still.status, 200);
}

TEST(SearchText, CommentsAddedLaterAndSubjectChangesAreFound) {
  Desk d;
  const auto a = Ticket(d, "Old subject", "first words");
  EXPECT_EQ(Found(d, "zebra"), (V{}));
  Note(d, a, "a zebra appeared", true);
  EXPECT_EQ(Found(d, "zebra"), (V{a}));
  Update(d, a, R"("subject":"Brand new title")");
  EXPECT_EQ(Found(d, "brand"), (V{a}));
  EXPECT_EQ(Found(d, "old"), (V{}));
}

// ------------------------------------------------------------------ filters

TEST(SearchFilters, StatusEqualityAndComparisons) {
  Desk d;
  const auto n = Ticket(d, "s new", "x");  // new
  const auto o = Ticket(d, "s open", "x");
  Update(d, o, R"("custom_status_id":2)");  // in_progress: open
  const auto p = Ticket(d, "s pending", "x");
  Update(d, p, R"("custom_status_id":5)");  // awaiting_response: pending
  const auto h = Ticket(d, "s hold", "x");
  Update(d, h, R"("custom_status_id":4)");  // escalated: hold
  const auto s = Ticket(d, "s solved", "x");
  Update(d, s, R"("custom_status_id":6)");  // resolved: solved
  const auto c = Ticket(d, "s closed", "x");
  auto closed = d.Alice().Put("/api/v2/requests/" + S(c) + ".json", R"({"request":{"solved":true}})");
  ASSERT_EQ(closed.status, 200) << closed.body;  // closed_by_you: closed

  EXPECT_EQ(Found(d, "status:new"), (V{n}));
  EXPECT_EQ(Found(d, "status:open"), (V{o}));
  EXPECT_EQ(Found(d, "status:open status:pending"), (V{o, p}));
  EXPECT_EQ(Found(d, "type:ticket status:solved"), (V{s}));
  EXPECT_EQ(Found(d, "status:closed"), (V{c}));
  EXPECT_EQ(Found(d, "status<solved"), (V{n, o, p, h}));
  EXPECT_EQ(Found(d, "status<=pending"), (V{n, o, p}));
  EXPECT_EQ(Found(d, "status>new"), (V{o, p, h, s, c}));
  EXPECT_EQ(Found(d, "status>=solved"), (V{s, c}));
  EXPECT_EQ(Found(d, "status>new status<solved"), (V{o, p, h}));
  EXPECT_EQ(Found(d, "-status:closed -status:new"), (V{o, p, h, s}));
  EXPECT_EQ(Found(d, "custom_status_id:5"), (V{p}));
  EXPECT_EQ(Found(d, "custom_status_id:5 custom_status_id:4"), (V{p, h}));
  EXPECT_EQ(Found(d, "status:pending custom_status_id:4"), (V{}));

  auto bad = Search(d.Agent(), "status:opened");
  EXPECT_TRUE(QueryError(bad)) << bad.body;
}

TEST(SearchFilters, RequesterAndAssignee) {
  Desk d;
  const auto a = Ticket(d, "a", "x", R"("assignee_id":)" + S(d.agent_id));
  const auto b = Ticket(d, "b", "x", "", "bob@customer.example");
  const auto c = Ticket(d, "c", "x", R"("assignee_id":)" + S(d.admin_id), "bob@customer.example");
  EXPECT_EQ(Found(d, "requester:alice@customer.example"), (V{a}));
  EXPECT_EQ(Found(d, "requester:BOB@customer.example"), (V{b, c}));
  EXPECT_EQ(Found(d, "requester:" + S(d.bob_id)), (V{b, c}));
  EXPECT_EQ(Found(d, "requester:nobody@nowhere.example"), (V{}));
  EXPECT_EQ(Found(d, "-requester:bob@customer.example"), (V{a}));
  EXPECT_EQ(Found(d, "assignee:me"), (V{a}));
  EXPECT_EQ(Found(d, "assignee:none"), (V{b}));
  EXPECT_EQ(Found(d, "-assignee:none"), (V{a, c}));
  EXPECT_EQ(Found(d, "assignee:admin@test.example"), (V{c}));
  EXPECT_EQ(Found(d, "assignee:" + S(d.admin_id) + " assignee:none"), (V{b, c}));
  EXPECT_EQ(Found(d, R"(assignee:"Agent Smith")"), (V{a}));
  auto mine = Search(d.Admin(), "requester:me");
  EXPECT_EQ(Sorted(Ids(mine)), (V{}));
}

TEST(SearchFilters, TagsPriorityGroupAndOrganization) {
  Desk d;
  auto g = d.Admin().Post("/api/v2/groups.json", R"({"group":{"name":"Nível 2"}})");
  ASSERT_EQ(g.status, 201) << g.body;
  const auto group_id = g["group"].at("id").as_int64();
  auto o = d.Admin().Post("/api/v2/organizations.json", R"({"organization":{"name":"Acme Ltda"}})");
  ASSERT_EQ(o.status, 201) << o.body;
  const auto org_id = o["organization"].at("id").as_int64();

  const auto low = Ticket(d, "low", "x", R"("priority":"low","tags":["vip","billing"])");
  const auto normal = Ticket(d, "normal", "x", R"("priority":"normal","tags":["billing"],"group_id":)" + S(group_id));
  const auto high = Ticket(d, "high", "x", R"("priority":"high","organization_id":)" + S(org_id));
  const auto urgent = Ticket(d, "urgent", "x", R"("priority":"urgent","tags":["spam"])");

  EXPECT_EQ(Found(d, "tags:vip"), (V{low}));
  EXPECT_EQ(Found(d, "tags:billing"), (V{low, normal}));
  EXPECT_EQ(Found(d, "tag:vip tag:spam"), (V{low, urgent}));
  EXPECT_EQ(Found(d, "tags:billing -tags:vip"), (V{normal}));
  EXPECT_EQ(Found(d, "-tags:billing"), (V{high, urgent}));
  Update(d, high, R"("tags":["vip"])");
  EXPECT_EQ(Found(d, "tags:vip"), (V{low, high}));

  EXPECT_EQ(Found(d, "priority:high"), (V{high}));
  EXPECT_EQ(Found(d, "priority>normal"), (V{high, urgent}));
  EXPECT_EQ(Found(d, "priority>=normal"), (V{normal, high, urgent}));
  EXPECT_EQ(Found(d, "priority<high"), (V{low, normal}));
  EXPECT_EQ(Found(d, "priority<=low"), (V{low}));
  EXPECT_EQ(Found(d, "-priority:urgent -priority:low"), (V{normal, high}));

  EXPECT_EQ(Found(d, "group:" + S(group_id)), (V{normal}));
  EXPECT_EQ(Found(d, "group_id:" + S(group_id)), (V{normal}));
  EXPECT_EQ(Found(d, R"(group:"nivel 2")"), (V{normal}));
  EXPECT_EQ(Found(d, "group:none"), (V{low, high, urgent}));
  EXPECT_EQ(Found(d, R"(organization:"Acme Ltda")"), (V{high}));
  EXPECT_EQ(Found(d, "organization_id:" + S(org_id)), (V{high}));
  EXPECT_EQ(Found(d, "organization:nosuchorg"), (V{}));
}

TEST(SearchFilters, AbsoluteAndRelativeDates) {
  Desk d;
  SetClock(d, "2024-01-01T10:00:00Z");
  const auto jan = Ticket(d, "jan", "x");
  SetClock(d, "2024-02-15T10:00:00Z");
  const auto feb = Ticket(d, "feb", "x");
  SetClock(d, "2024-03-01T08:00:00Z");
  const auto mar = Ticket(d, "mar", "x");
  SetClock(d, "2024-03-10T12:00:00Z");
  Note(d, jan, "touched", true);  // updated now

  EXPECT_EQ(Found(d, "created>2024-01-01"), (V{feb, mar}));
  EXPECT_EQ(Found(d, "created>=2024-01-01"), (V{jan, feb, mar}));
  EXPECT_EQ(Found(d, "created<2024-02-15"), (V{jan}));
  EXPECT_EQ(Found(d, "created<=2024-02-15"), (V{jan, feb}));
  EXPECT_EQ(Found(d, "created:2024-02-15"), (V{feb}));
  EXPECT_EQ(Found(d, "created>2024-01-10 created<2024-03-01"), (V{feb}));
  EXPECT_EQ(Found(d, "created>2024-03-01T07:59:59Z"), (V{mar}));
  EXPECT_EQ(Found(d, "created<2024-03-01T08:00:00Z"), (V{jan, feb}));

  // Relative: "within the last ...", against the server's clock.
  EXPECT_EQ(Found(d, "updated>24hours"), (V{jan}));
  EXPECT_EQ(Found(d, "created>10days"), (V{mar}));
  EXPECT_EQ(Found(d, "created>4weeks"), (V{feb, mar}));
  EXPECT_EQ(Found(d, "created<4weeks"), (V{jan}));
  EXPECT_EQ(Found(d, "updated<24hours"), (V{feb, mar}));
  EXPECT_EQ(Found(d, "updated>30minutes"), (V{jan}));
  EXPECT_EQ(Found(d, "created>1month"), (V{feb, mar}));

  auto bad = Search(d.Agent(), "created>yesterday");
  EXPECT_TRUE(QueryError(bad)) << bad.body;
}

// ------------------------------------------------------------------ shape, sorting, paging

TEST(SearchPaging, ResultShapeSortingAndOffsetPages) {
  Desk d;
  SetClock(d, "2024-05-01T10:00:00Z");
  std::vector<std::int64_t> ids;
  const char* prios[] = {"low", "urgent", "normal", "high", "low"};
  for (int i = 0; i < 5; ++i) {
    ids.push_back(Ticket(d, "paging item " + S(i), "x", std::string(R"("priority":")") + prios[i] + "\""));
    d.Anonymous().Post("/api/v2/chamado/test/clock", R"({"advance_seconds":60})");
  }
  Update(d, ids[1], R"("custom_status_id":6)");  // solved
  d.Anonymous().Post("/api/v2/chamado/test/clock", R"({"advance_seconds":60})");
  Update(d, ids[0], R"("custom_status_id":4)");  // hold (touches updated_at last)

  auto r = Search(d.Agent(), "paging", "&per_page=2");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Ids(r), (V{ids[4], ids[3]}));  // newest first by default
  EXPECT_EQ(r["count"].as_int64(), 5);
  EXPECT_TRUE(r["facets"].is_null());
  EXPECT_FALSE(r["chamado_count_capped"].as_bool());
  EXPECT_TRUE(r["previous_page"].is_null());
  const auto& first = r["results"].as_array()[0].as_object();
  EXPECT_EQ(first.at("result_type").as_string(), "ticket");
  EXPECT_EQ(first.at("url").as_string(), d.server.base() + "/api/v2/tickets/" + S(ids[4]) + ".json");
  ASSERT_TRUE(r["next_page"].is_string()) << r.body;
  std::string next(r["next_page"].as_string());
  ASSERT_TRUE(next.starts_with(d.server.base() + "/api/v2/search.json?")) << next;
  auto r2 = d.Agent().Get(next.substr(d.server.base().size()));
  EXPECT_EQ(Ids(r2), (V{ids[2], ids[1]}));
  auto r3 = d.Agent().Get(std::string(r2["next_page"].as_string()).substr(d.server.base().size()));
  EXPECT_EQ(Ids(r3), (V{ids[0]}));
  EXPECT_TRUE(r3["next_page"].is_null());
  EXPECT_TRUE(r3["previous_page"].is_string());

  auto asc = Search(d.Agent(), "paging", "&sort_by=created_at&sort_order=asc");
  EXPECT_EQ(Ids(asc), ids);
  auto updated = Search(d.Agent(), "paging", "&sort_by=updated_at");
  EXPECT_EQ(Ids(updated).front(), ids[0]);
  auto prio = Search(d.Agent(), "paging", "&sort_by=priority&sort_order=desc");
  EXPECT_EQ(Ids(prio), (V{ids[1], ids[3], ids[2], ids[4], ids[0]}));
  auto status = Search(d.Agent(), "paging", "&sort_by=status&sort_order=asc");
  EXPECT_EQ(Ids(status), (V{ids[2], ids[3], ids[4], ids[0], ids[1]}));  // new (by id), hold, solved
  auto in_query = Search(d.Agent(), "paging order_by:created sort:asc");
  EXPECT_EQ(Ids(in_query), ids);
  auto relevance = Search(d.Agent(), "paging item", "&sort_by=relevance");
  EXPECT_EQ(Sorted(Ids(relevance)), Sorted(ids));

  auto bad_sort = Search(d.Agent(), "paging", "&sort_by=color");
  EXPECT_EQ(bad_sort.status, 400) << bad_sort.body;
  auto cursor = Search(d.Agent(), "paging", "&page%5Bsize%5D=2");
  EXPECT_EQ(cursor.status, 400) << cursor.body;
  auto past = Search(d.Agent(), "paging", "&page=11&per_page=100");
  EXPECT_EQ(past.status, 422) << past.body;
  auto past2 = Search(d.Agent(), "paging", "&page=101&per_page=10");
  EXPECT_EQ(past2.status, 422) << past2.body;
  auto no_query = d.Agent().Get("/api/v2/search.json");
  EXPECT_EQ(no_query.status, 400) << no_query.body;
}

// More than 1,000 matches: count stops at 1,000 and says so; narrower queries count exactly.
TEST(SearchPaging, CountIsCappedAtOneThousand) {
  Desk d;
  const auto start = std::chrono::steady_clock::now();
  constexpr int kThreads = 8;
  constexpr int kEach = 126;  // 1,008 tickets
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Client agent = d.Agent();
      for (int i = 0; i < kEach; ++i) {
        const std::string tag = (t == 0 && i < 10) ? "few" : "many";
        auto r = agent.Post(
            "/api/v2/tickets.json",
            R"({"ticket":{"subject":"bulk ticket","comment":{"body":"bulk body"},"tags":[")" + tag + R"("]}})");
        if (r.status != 201) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_EQ(failures.load(), 0);
  const auto created_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  std::cout << "[ search ] created " << kThreads * kEach << " tickets in " << created_ms << " ms\n";

  auto timed = [&](const std::string& q, const std::string& extra = "") {
    const auto t0 = std::chrono::steady_clock::now();
    auto r = Search(d.Agent(), q, extra);
    const auto us =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
    std::cout << "[ search ] " << q << extra << ": " << us << " us\n";
    return r;
  };
  auto broad = timed("bulk");
  ASSERT_EQ(broad.status, 200) << broad.body;
  EXPECT_EQ(broad["count"].as_int64(), 1000);
  EXPECT_TRUE(broad["chamado_count_capped"].as_bool());
  EXPECT_EQ(broad["results"].as_array().size(), 100u);
  auto status_only = timed("status:new");
  EXPECT_EQ(status_only["count"].as_int64(), 1000);
  EXPECT_TRUE(status_only["chamado_count_capped"].as_bool());
  // The last reachable page ends the walk at result 1,000.
  auto last = timed("bulk", "&page=10&per_page=100");
  ASSERT_EQ(last.status, 200) << last.body;
  EXPECT_EQ(last["results"].as_array().size(), 100u);
  EXPECT_TRUE(last["next_page"].is_null());
  auto beyond = timed("bulk", "&page=11&per_page=100");
  EXPECT_EQ(beyond.status, 422) << beyond.body;

  auto few = timed("bulk tags:few");
  EXPECT_EQ(few["count"].as_int64(), 10);
  EXPECT_FALSE(few["chamado_count_capped"].as_bool());
  auto many = timed("tags:many");
  EXPECT_EQ(many["count"].as_int64(), 998);
  EXPECT_FALSE(many["chamado_count_capped"].as_bool());
  auto sorted = timed("bulk", "&sort_by=priority");
  EXPECT_EQ(sorted["results"].as_array().size(), 100u);
  auto relevance = timed("bulk", "&sort_by=relevance");
  EXPECT_EQ(relevance["results"].as_array().size(), 100u);
}

// ------------------------------------------------------------------ visibility

TEST(SearchVisibility, InternalNotesNeverMatchForTheRequester) {
  Desk d;
  const auto t = Ticket(d, "Conta bloqueada", "minha conta foi bloqueada");
  Note(d, t, "suspeita de fraude xylofraude", false);
  Note(d, t, "resposta publica quasimodo", true);
  // The agent finds it by the note's word; the requester does not, nor by excluding it.
  EXPECT_EQ(Found(d, "xylofraude"), (V{t}));
  auto mine = RequestSearch(d.Alice(), "xylofraude");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(Ids(mine, "requests"), (V{}));
  EXPECT_EQ(mine["count"].as_int64(), 0);
  EXPECT_EQ(Ids(RequestSearch(d.Alice(), "conta -xylofraude"), "requests"), (V{t}));
  EXPECT_EQ(Ids(RequestSearch(d.Alice(), "-xylofraude"), "requests"), (V{t}));
  EXPECT_EQ(Found(d, "-xylofraude"), (V{}));
  EXPECT_EQ(Ids(RequestSearch(d.Alice(), "conta xylofraude"), "requests"), (V{}));
  EXPECT_EQ(Ids(RequestSearch(d.Alice(), "quasimodo"), "requests"), (V{t}));
  EXPECT_EQ(Ids(RequestSearch(d.Alice(), "bloqueada"), "requests"), (V{t}));
  auto r = RequestSearch(d.Alice(), "bloqueada");
  const auto& req = r["requests"].as_array()[0].as_object();
  EXPECT_EQ(req.at("url").as_string(), d.server.base() + "/api/v2/requests/" + S(t) + ".json");
  EXPECT_FALSE(req.contains("result_type"));
  // An agent on the Requests API counts as an end user too.
  EXPECT_EQ(Ids(RequestSearch(d.Agent(), "xylofraude"), "requests"), (V{}));
}

TEST(SearchVisibility, AnInternalFirstCommentIsNoDescriptionForTheRequester) {
  Desk d;
  auto created = d.Agent().Post(
      "/api/v2/tickets.json",
      R"({"ticket":{"subject":"Ligação recebida","comment":{"body":"anotacao interna sigilosa","public":false},
          "requester":{"name":"A","email":"alice@customer.example"}}})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto t = created["ticket"].at("id").as_int64();
  EXPECT_EQ(Found(d, "sigilosa"), (V{t}));
  EXPECT_EQ(Ids(RequestSearch(d.Alice(), "sigilosa"), "requests"), (V{}));
  auto r = RequestSearch(d.Alice(), "ligacao");
  ASSERT_EQ(Ids(r, "requests"), (V{t}));
  EXPECT_EQ(r["requests"].as_array()[0].at("description").as_string(), "");
}

TEST(SearchVisibility, OnlyTheCallersRequestsAndCcs) {
  Desk d;
  const auto alices = Ticket(d, "shared word kiwi", "x");
  const auto bobs = Ticket(d, "shared word kiwi", "x", "", "bob@customer.example");
  const auto bob_ccs_alice =
      Ticket(d, "shared word kiwi", "x", R"("collaborators":["alice@customer.example"])", "bob@customer.example");
  EXPECT_EQ(Sorted(Ids(RequestSearch(d.Alice(), "kiwi"), "requests")), (V{alices, bob_ccs_alice}));
  EXPECT_EQ(Sorted(Ids(RequestSearch(d.Bob(), "kiwi"), "requests")), (V{bobs, bob_ccs_alice}));
  EXPECT_EQ(Sorted(Ids(RequestSearch(d.Alice(), "requester:bob@customer.example"), "requests")), (V{bob_ccs_alice}));
  EXPECT_EQ(Sorted(Ids(RequestSearch(d.Alice(), "status:new"), "requests")), (V{alices, bob_ccs_alice}));
  // Filters cannot widen the view.
  EXPECT_EQ(Sorted(Ids(RequestSearch(d.Alice(), "requester:" + S(d.bob_id) + " -requester:me"), "requests")),
            (V{bob_ccs_alice}));
  // Tags are the agents' notes; an end user may not probe them.
  auto tags = RequestSearch(d.Alice(), "tags:vip");
  EXPECT_TRUE(QueryError(tags)) << tags.body;
  auto users = RequestSearch(d.Alice(), "type:user");
  EXPECT_TRUE(QueryError(users)) << users.body;
  auto cursor = d.Alice().Get("/api/v2/requests/search.json?query=kiwi&page%5Bsize%5D=1");
  EXPECT_EQ(cursor.status, 400) << cursor.body;
}

TEST(SearchVisibility, SearchIsForAgents) {
  Desk d;
  Ticket(d, "anything", "x");
  auto end_user = Search(d.Alice(), "anything");
  EXPECT_EQ(end_user.status, 403) << end_user.body;
  auto export_ = d.Alice().Get("/api/v2/search/export.json?query=anything&filter%5Btype%5D=ticket");
  EXPECT_EQ(export_.status, 403) << export_.body;
  auto anon = Search(d.Anonymous(), "anything");
  EXPECT_EQ(anon.status, 401) << anon.body;
  auto anon_requests = RequestSearch(d.Anonymous(), "anything");
  EXPECT_EQ(anon_requests.status, 401) << anon_requests.body;
  EXPECT_EQ(Search(d.Admin(), "anything").status, 200);
}

// ------------------------------------------------------------------ users, organizations, export

TEST(SearchTypes, UsersAndOrganizations) {
  Desk d;
  d.Admin().Post("/api/v2/organizations.json", R"({"organization":{"name":"Padaria São João"}})");
  d.Admin().Post("/api/v2/organizations.json", R"({"organization":{"name":"Mercado Central"}})");
  auto users = Search(d.Agent(), "type:user alice");
  ASSERT_EQ(users.status, 200) << users.body;
  EXPECT_EQ(Ids(users), (V{d.alice_id}));
  EXPECT_EQ(users["results"].as_array()[0].at("result_type").as_string(), "user");
  auto agents = Search(d.Agent(), "type:user role:agent");
  EXPECT_EQ(Sorted(Ids(agents)), (V{d.agent_id}));
  auto by_mail = Search(d.Agent(), "type:user customer.example");
  EXPECT_EQ(Sorted(Ids(by_mail)), (V{d.alice_id, d.bob_id}));

  auto orgs = Search(d.Agent(), "type:organization sao joao");
  ASSERT_EQ(orgs.status, 200) << orgs.body;
  ASSERT_EQ(orgs["results"].as_array().size(), 1u) << orgs.body;
  EXPECT_EQ(orgs["results"].as_array()[0].at("name").as_string(), "Padaria São João");
  EXPECT_EQ(orgs["results"].as_array()[0].at("result_type").as_string(), "organization");
  EXPECT_EQ(Search(d.Agent(), "type:organization")["count"].as_int64(), 2);
}

TEST(SearchExport, WalksEveryPageWithCursors) {
  Desk d;
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 7; ++i) ids.push_back(Ticket(d, "export me " + S(i), "x"));
  Ticket(d, "other", "x");
  std::vector<std::int64_t> seen;
  std::string path = "/api/v2/search/export.json?query=export&filter%5Btype%5D=ticket&page%5Bsize%5D=3";
  std::string second_page;
  int pages = 0;
  for (;;) {
    auto r = d.Agent().Get(path);
    ASSERT_EQ(r.status, 200) << r.body;
    ++pages;
    for (auto id : Ids(r)) seen.push_back(id);
    EXPECT_TRUE(r["facets"].is_null());
    EXPECT_FALSE(r.json.as_object().contains("count"));
    if (r["links"].at("next").is_null()) {
      EXPECT_FALSE(r["meta"].at("has_more").as_bool());
      break;
    }
    EXPECT_TRUE(r["meta"].at("has_more").as_bool());
    std::string next(r["links"].at("next").as_string());
    ASSERT_TRUE(next.starts_with(d.server.base() + "/api/v2/search/export.json?")) << next;
    path = next.substr(d.server.base().size());
    if (pages == 1) second_page = path;
    ASSERT_LT(pages, 10);
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, (V{ids[6], ids[5], ids[4], ids[3], ids[2], ids[1], ids[0]}));
  // Back from the second page to the first.
  auto second = d.Agent().Get(second_page);
  ASSERT_TRUE(second["links"].at("prev").is_string()) << second.body;
  auto first = d.Agent().Get(std::string(second["links"].at("prev").as_string()).substr(d.server.base().size()));
  EXPECT_EQ(Ids(first), (V{ids[6], ids[5], ids[4]}));

  auto users =
      d.Agent().Get("/api/v2/search/export.json?query=customer.example&filter%5Btype%5D=user&page%5Bsize%5D=1");
  ASSERT_EQ(users.status, 200) << users.body;
  EXPECT_EQ(Ids(users), (V{d.bob_id}));
  ASSERT_TRUE(users["links"].at("next").is_string());
  auto users2 = d.Agent().Get(std::string(users["links"].at("next").as_string()).substr(d.server.base().size()));
  EXPECT_EQ(Ids(users2), (V{d.alice_id}));

  d.Admin().Post("/api/v2/organizations.json", R"({"organization":{"name":"Export Org A"}})");
  d.Admin().Post("/api/v2/organizations.json", R"({"organization":{"name":"Export Org B"}})");
  auto orgs = d.Agent().Get("/api/v2/search/export.json?query=export&filter%5Btype%5D=organization&page%5Bsize%5D=1");
  ASSERT_EQ(orgs.status, 200) << orgs.body;
  EXPECT_EQ(orgs["results"].as_array()[0].at("name").as_string(), "Export Org B");
  ASSERT_TRUE(orgs["links"].at("next").is_string()) << orgs.body;
  auto orgs2 = d.Agent().Get(std::string(orgs["links"].at("next").as_string()).substr(d.server.base().size()));
  EXPECT_EQ(orgs2["results"].as_array()[0].at("name").as_string(), "Export Org A");
  EXPECT_TRUE(orgs2["links"].at("next").is_null());

  auto no_filter = d.Agent().Get("/api/v2/search/export.json?query=export");
  EXPECT_EQ(no_filter.status, 400) << no_filter.body;
  auto bad_filter = d.Agent().Get("/api/v2/search/export.json?query=export&filter%5Btype%5D=group");
  EXPECT_EQ(bad_filter.status, 400) << bad_filter.body;
}

}  // namespace
}  // namespace it
