// The shipped workflows, read through the loader, checked against PRODUCT.md §2 cell by cell;
// and the loader's error messages (file name, line, problem).
#include "adapters/config/workflow_loader.hpp"

#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace chamado::config {
namespace {

using std::chrono::hours;

constexpr std::array kActors = {Actor::kAgent, Actor::kCustomer, Actor::kSystem, Actor::kMerge};

// The letter of an actor in the matrices below.
char Letter(Actor a) {
  switch (a) {
    case Actor::kAgent: return 'A';
    case Actor::kCustomer: return 'C';
    case Actor::kSystem: return 'S';
    case Actor::kMerge: return 'M';
  }
  return '?';
}

Workflow Load(const std::string& name) {
  auto wf = LoadWorkflow(name);
  EXPECT_TRUE(wf) << (wf ? "" : wf.error().description);
  return wf ? std::move(*wf) : Workflow{};
}

const Status& At(const Workflow& wf, std::string_view key) {
  const Status* s = wf.ByKey(key);
  EXPECT_NE(s, nullptr) << key;
  static const Status kMissing;
  return s ? *s : kMissing;
}

// Compares every (from, to, actor) of `wf` with the matrix: the row's status to the column's.
template <std::size_t N>
void ExpectMatrix(const Workflow& wf, const std::array<std::string_view, N>& keys,
                  const std::string_view (&matrix)[N][N]) {
  ASSERT_EQ(wf.statuses.size(), N);
  for (std::size_t r = 0; r < N; ++r) {
    for (std::size_t c = 0; c < N; ++c) {
      const Status& from = At(wf, keys[r]);
      const Status& to = At(wf, keys[c]);
      std::string_view cell = matrix[r][c];
      for (Actor actor : kActors) {
        bool expected = cell == "*" || cell.find(Letter(actor)) != std::string_view::npos;
        auto got = CheckTransition(wf, from, to, actor);
        EXPECT_EQ(got.has_value(), expected)
            << keys[r] << " -> " << keys[c] << " by " << ActorName(actor) << " (cell \"" << cell << "\")";
        if (!got) {
          EXPECT_EQ(got.error().code, ErrorCode::kInvalid);
          ASSERT_EQ(got.error().fields.size(), 1u);
          EXPECT_EQ(got.error().fields[0].field, "status");
          EXPECT_EQ(got.error().fields[0].error, "TransitionNotAllowed");
        }
      }
    }
  }
}

// --- case-lifecycle ---------------------------------------------------------------------

constexpr std::array<std::string_view, 9> kCaseKeys = {"new",       "in_progress",       "awaiting_confirmation",
                                                       "escalated", "awaiting_response", "resolved",
                                                       "closed",    "closed_by_you",     "duplicate"};

// PRODUCT.md §2's transition table: who may move a ticket from the row's status to the
// column's. A agent, C customer, S system, M merge (an agent merging tickets); "*" staying
// put (always allowed); "-" nobody. Read from the prose as well as the table:
//  - the New column: "back to the queue" lands on New when nobody is assigned ("a C in the
//    In progress column may land on New"), so each C of the In progress column is also a C here;
//  - the Duplicate column: "an agent's merge moves any non-terminal source ticket to
//    Duplicate", so every non-terminal row has M; S on New is the automatic duplicate;
//  - the terminal rows (Closed, Closed by you, Duplicate): "nothing reopens a terminal status".
// clang-format off
constexpr std::string_view kCaseMatrix[9][9] = {
    // rows: from; columns: to, in kCaseKeys order (new, in_progress, ..., duplicate)
    /* new         */ {"*", "AS", "AS", "A", "A", "A", "-",  "C", "SM"},
    /* in_progress */ {"-", "*",  "AS", "A", "A", "A", "-",  "C", "M"},
    /* aw_confirm  */ {"C", "CA", "*",  "A", "A", "A", "CS", "C", "M"},
    /* escalated   */ {"-", "AS", "-",  "*", "A", "A", "-",  "C", "M"},
    /* aw_response */ {"C", "CA", "-",  "A", "*", "A", "S",  "C", "M"},
    /* resolved    */ {"C", "CA", "-",  "-", "-", "*", "S",  "C", "M"},
    /* closed      */ {"-", "-",  "-",  "-", "-", "-", "*",  "-", "-"},
    /* cl_by_you   */ {"-", "-",  "-",  "-", "-", "-", "-",  "*", "-"},
    /* duplicate   */ {"-", "-",  "-",  "-", "-", "-", "-",  "-", "*"},
};
// clang-format on

TEST(CaseLifecycle, LoadsAndValidates) {
  Workflow wf = Load("case-lifecycle");
  EXPECT_EQ(wf.name, "case-lifecycle");
  EXPECT_EQ(Validate(wf), std::vector<std::string>{});
}

TEST(CaseLifecycle, StatusesIdsAndCategoriesAreStable) {
  Workflow wf = Load("case-lifecycle");
  struct Row {
    std::string_view key;
    std::int64_t id;
    Category category;
    bool closed;
  };
  const Row rows[] = {
      {"new", 1, Category::kNew, false},
      {"in_progress", 2, Category::kOpen, false},
      {"awaiting_confirmation", 3, Category::kPending, false},
      {"escalated", 4, Category::kHold, false},
      {"awaiting_response", 5, Category::kPending, false},
      {"resolved", 6, Category::kSolved, false},
      {"closed", 7, Category::kSolved, true},
      {"closed_by_you", 8, Category::kSolved, true},
      {"duplicate", 9, Category::kSolved, true},
  };
  ASSERT_EQ(wf.statuses.size(), std::size(rows));
  for (std::size_t i = 0; i < std::size(rows); ++i) {
    const Status& s = wf.statuses[i];
    EXPECT_EQ(s.key, rows[i].key);
    EXPECT_EQ(s.id, rows[i].id) << s.key;
    EXPECT_EQ(s.category, rows[i].category) << s.key;
    EXPECT_EQ(s.closed, rows[i].closed) << s.key;
    EXPECT_EQ(wf.ById(rows[i].id), &s);
  }
}

TEST(CaseLifecycle, TransitionMatrixMatchesTheProduct) { ExpectMatrix(Load("case-lifecycle"), kCaseKeys, kCaseMatrix); }

TEST(CaseLifecycle, WorkflowLevelStatuses) {
  Workflow wf = Load("case-lifecycle");
  EXPECT_EQ(wf.initial, "new");
  EXPECT_EQ(wf.Initial().id, 1);
  EXPECT_EQ(wf.queue_unassigned, "new");
  EXPECT_EQ(wf.queue_assigned, "in_progress");
  EXPECT_EQ(wf.customer_close, "closed_by_you");
  EXPECT_EQ(wf.merge_target, "duplicate");
}

TEST(CaseLifecycle, DefaultsPerCategory) {
  Workflow wf = Load("case-lifecycle");
  EXPECT_EQ(wf.DefaultFor(Category::kNew)->key, "new");
  EXPECT_EQ(wf.DefaultFor(Category::kOpen)->key, "in_progress");
  EXPECT_EQ(wf.DefaultFor(Category::kPending)->key, "awaiting_response");
  EXPECT_EQ(wf.DefaultFor(Category::kHold)->key, "escalated");
  EXPECT_EQ(wf.DefaultFor(Category::kSolved)->key, "resolved");
}

TEST(CaseLifecycle, LegacyStatus) {
  Workflow wf = Load("case-lifecycle");
  const std::pair<std::string_view, std::string_view> expected[] = {
      {"new", "new"},        {"in_progress", "open"},          {"awaiting_confirmation", "pending"},
      {"escalated", "hold"}, {"awaiting_response", "pending"}, {"resolved", "solved"},
      {"closed", "closed"},  {"closed_by_you", "closed"},      {"duplicate", "closed"},
  };
  for (auto [key, legacy] : expected) EXPECT_EQ(LegacyStatus(At(wf, key)), legacy) << key;
}

TEST(CaseLifecycle, AutomaticTransitionsAndSlaPauses) {
  Workflow wf = Load("case-lifecycle");
  struct Row {
    std::string_view key;
    std::optional<hours> after;
    bool pauses_sla;
  };
  const Row rows[] = {
      {"new", std::nullopt, false},
      {"in_progress", std::nullopt, false},
      {"awaiting_confirmation", hours(24), true},
      {"escalated", std::nullopt, false},
      {"awaiting_response", hours(48), true},
      {"resolved", hours(7 * 24), false},
      {"closed", std::nullopt, false},
      {"closed_by_you", std::nullopt, false},
      {"duplicate", std::nullopt, false},
  };
  for (const Row& row : rows) {
    const Status& s = At(wf, row.key);
    EXPECT_EQ(s.pauses_sla, row.pauses_sla) << row.key;
    ASSERT_EQ(s.auto_transition.has_value(), row.after.has_value()) << row.key;
    if (!row.after) continue;
    EXPECT_EQ(s.auto_transition->after, *row.after) << row.key;
    EXPECT_EQ(s.auto_transition->to, "closed") << row.key;
  }
}

// Reminders to the customer halfway to the automatic close (docs/workflows.md, "Timers").
TEST(CaseLifecycle, RemindersHalfwayToTheAutomaticCloses) {
  Workflow wf = Load("case-lifecycle");
  for (const Status& s : wf.statuses) {
    if (s.key == "awaiting_confirmation" || s.key == "awaiting_response") {
      ASSERT_TRUE(s.remind) << s.key;
      EXPECT_EQ(s.remind->after * 2, s.auto_transition->after) << s.key;
    } else {
      EXPECT_FALSE(s.remind) << s.key;
    }
  }
}

TEST(CaseLifecycle, AfterCustomerReply) {
  Workflow wf = Load("case-lifecycle");
  const std::tuple<std::string_view, std::string_view, std::string_view> expected[] = {
      // from, unassigned, assigned
      {"new", "new", "new"},
      {"in_progress", "in_progress", "in_progress"},
      {"awaiting_confirmation", "new", "in_progress"},  // "No, keep it open": back to the queue
      {"escalated", "escalated", "escalated"},
      {"awaiting_response", "new", "in_progress"},
      {"resolved", "new", "in_progress"},  // a reply reopens it
  };
  for (auto [from, unassigned, assigned] : expected) {
    const Status& s = At(wf, from);
    EXPECT_EQ(AfterCustomerReply(wf, s, false).key, unassigned) << from;
    EXPECT_EQ(AfterCustomerReply(wf, s, true).key, assigned) << from;
    for (bool a : {false, true}) EXPECT_TRUE(CheckTransition(wf, s, AfterCustomerReply(wf, s, a), Actor::kCustomer));
  }
}

TEST(CaseLifecycle, AfterAssignment) {
  Workflow wf = Load("case-lifecycle");
  for (const Status& s : wf.statuses) {
    const Status* to = AfterAssignment(wf, s);
    if (s.key == "new") {
      ASSERT_NE(to, nullptr);
      EXPECT_EQ(to->key, "in_progress");
    } else {
      EXPECT_EQ(to, nullptr) << s.key;
    }
  }
}

TEST(CaseLifecycle, CustomerCloseFromEachStatus) {
  Workflow wf = Load("case-lifecycle");
  for (const Status& s : wf.statuses) {
    auto r = CustomerClose(wf, s);
    bool allowed = !s.closed || s.key == "closed_by_you";
    ASSERT_EQ(r.has_value(), allowed) << s.key;
    if (allowed) {
      EXPECT_EQ((*r)->key, "closed_by_you") << s.key;
    } else {
      EXPECT_EQ(r.error().fields[0].field, "status");
      EXPECT_EQ(r.error().fields[0].error, "TransitionNotAllowed");
    }
  }
}

TEST(CaseLifecycle, CustomersCommentInEveryNonTerminalStatus) {
  Workflow wf = Load("case-lifecycle");
  for (const Status& s : wf.statuses) EXPECT_EQ(CustomerMayComment(s), !s.closed) << s.key;
}

TEST(CaseLifecycle, LabelsInThreeLanguages) {
  Workflow wf = Load("case-lifecycle");
  for (const Status& s : wf.statuses) {
    for (const Labels* l : {&s.agent_label, &s.customer_label}) {
      EXPECT_FALSE(l->pt_br.empty() || l->es.empty() || l->en.empty()) << s.key;
    }
    EXPECT_FALSE(s.description.empty()) << s.key;
  }
  const Status& response = At(wf, "awaiting_response");
  EXPECT_EQ(response.customer_label.For("pt-BR"), "Aguardando sua resposta");
  EXPECT_EQ(response.customer_label.For("es"), "A la espera de su respuesta");
  EXPECT_EQ(response.customer_label.For("en"), "Awaiting your response");
  EXPECT_EQ(At(wf, "closed_by_you").customer_label.For("es-AR"), "Cerrado por usted");
  EXPECT_EQ(At(wf, "awaiting_confirmation").customer_label.For("en-GB"), "Awaiting your confirmation");
}

// "Closed by you" is the requester's; a customer in copy reads who closed it.
TEST(CaseLifecycle, ACustomerInCopyReadsWhoClosedTheCase) {
  Workflow wf = Load("case-lifecycle");
  const Status& closed = At(wf, "closed_by_you");
  EXPECT_EQ(CustomerLabel(closed, /*requester=*/true).For("pt-BR"), "Encerrado por você");
  EXPECT_EQ(CustomerLabel(closed, /*requester=*/false).For("pt-BR"), "Encerrado pelo solicitante");
  EXPECT_EQ(CustomerLabel(closed, false).For("en"), "Closed by the requester");
  // Statuses without a CC wording read the same for everyone.
  const Status& response = At(wf, "awaiting_response");
  EXPECT_EQ(&CustomerLabel(response, false), &response.customer_label);
}

TEST(CaseLifecycle, RefusalNamesTheEnglishAgentLabels) {
  Workflow wf = Load("case-lifecycle");
  auto r = CheckTransition(wf, At(wf, "new"), At(wf, "closed"), Actor::kAgent);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields[0].description, "Status: moving from 'New' to 'Closed' is not allowed for agents");
  auto terminal = CheckTransition(wf, At(wf, "closed"), At(wf, "in_progress"), Actor::kCustomer);
  ASSERT_FALSE(terminal);
  EXPECT_EQ(terminal.error().fields[0].description,
            "Status: 'Closed' is terminal; a closed ticket cannot change status");
}

// --- simple -----------------------------------------------------------------------------

constexpr std::array<std::string_view, 3> kSimpleKeys = {"open", "awaiting_response", "resolved"};

// PRODUCT.md §2: agents move freely between the three; a customer reply on Awaiting response
// goes to Open; the customer closes (-> Resolved) from Open or Awaiting response; a reply on
// Resolved reopens it (-> Open). No system moves, no merges.
// clang-format off
constexpr std::string_view kSimpleMatrix[3][3] = {
    // open awaiting_response resolved
    {"*", "A", "AC"},   // open
    {"AC", "*", "AC"},  // awaiting_response
    {"AC", "A", "*"},   // resolved
};
// clang-format on

TEST(Simple, LoadsAndValidates) {
  Workflow wf = Load("simple");
  EXPECT_EQ(wf.name, "simple");
  EXPECT_EQ(Validate(wf), std::vector<std::string>{});
  EXPECT_EQ(wf.initial, "open");
  EXPECT_EQ(wf.customer_close, "resolved");
  EXPECT_EQ(wf.merge_target, std::nullopt);
}

TEST(Simple, StatusesIdsAndCategoriesAreStable) {
  Workflow wf = Load("simple");
  ASSERT_EQ(wf.statuses.size(), 3u);
  const std::tuple<std::string_view, std::int64_t, Category> rows[] = {{"open", 101, Category::kOpen},
                                                                       {"awaiting_response", 102, Category::kPending},
                                                                       {"resolved", 103, Category::kSolved}};
  for (std::size_t i = 0; i < 3; ++i) {
    auto [key, id, category] = rows[i];
    EXPECT_EQ(wf.statuses[i].key, key);
    EXPECT_EQ(wf.statuses[i].id, id);
    EXPECT_EQ(wf.statuses[i].category, category);
    EXPECT_FALSE(wf.statuses[i].closed);
    EXPECT_FALSE(wf.statuses[i].auto_transition.has_value()) << key;
    EXPECT_TRUE(wf.statuses[i].is_default) << key;
  }
}

TEST(Simple, TransitionMatrixMatchesTheProduct) { ExpectMatrix(Load("simple"), kSimpleKeys, kSimpleMatrix); }

TEST(Simple, DefaultsPerCategory) {
  Workflow wf = Load("simple");
  EXPECT_EQ(wf.DefaultFor(Category::kOpen)->key, "open");
  EXPECT_EQ(wf.DefaultFor(Category::kPending)->key, "awaiting_response");
  EXPECT_EQ(wf.DefaultFor(Category::kSolved)->key, "resolved");
  EXPECT_EQ(wf.DefaultFor(Category::kNew), nullptr);  // a legacy status "new" is refused
  EXPECT_EQ(wf.DefaultFor(Category::kHold), nullptr);
}

TEST(Simple, AfterCustomerReply) {
  Workflow wf = Load("simple");
  for (bool assigned : {false, true}) {
    EXPECT_EQ(AfterCustomerReply(wf, At(wf, "open"), assigned).key, "open");
    EXPECT_EQ(AfterCustomerReply(wf, At(wf, "awaiting_response"), assigned).key, "open");
    EXPECT_EQ(AfterCustomerReply(wf, At(wf, "resolved"), assigned).key, "open");  // reopens
  }
  EXPECT_EQ(AfterAssignment(wf, At(wf, "open")), nullptr);
}

TEST(Simple, CustomerCloseFromEachStatus) {
  Workflow wf = Load("simple");
  for (const Status& s : wf.statuses) {
    auto r = CustomerClose(wf, s);
    ASSERT_TRUE(r) << s.key;
    EXPECT_EQ((*r)->key, "resolved");
  }
}

TEST(Simple, CustomerMayCommentEverywhereUntilReopeningIsTurnedOff) {
  Workflow wf = Load("simple");
  for (const Status& s : wf.statuses) EXPECT_TRUE(CustomerMayComment(s)) << s.key;
  EXPECT_TRUE(At(wf, "resolved").customer_may_reopen);
  for (Status& s : wf.statuses) s.customer_may_reopen = false;  // seed 004's rule
  EXPECT_FALSE(CustomerMayComment(At(wf, "resolved")));
  EXPECT_TRUE(CustomerMayComment(At(wf, "awaiting_response")));
}

TEST(Simple, LegacyStatus) {
  Workflow wf = Load("simple");
  EXPECT_EQ(LegacyStatus(At(wf, "open")), "open");
  EXPECT_EQ(LegacyStatus(At(wf, "awaiting_response")), "pending");
  EXPECT_EQ(LegacyStatus(At(wf, "resolved")), "solved");
}

// --- loading ------------------------------------------------------------------------------

TEST(LoadWorkflow, TheShippedFilesOnDiskAreTheEmbeddedOnes) {
  for (std::string name : {"case-lifecycle", "simple"}) {
    Workflow embedded = Load(name);
    Workflow on_disk = Load(std::string(CHAMADO_SOURCE_DIR) + "/config/workflows/" + name + ".toml");
    ASSERT_EQ(embedded.statuses.size(), on_disk.statuses.size());
    for (std::size_t i = 0; i < embedded.statuses.size(); ++i) {
      EXPECT_EQ(embedded.statuses[i].id, on_disk.statuses[i].id);
      EXPECT_EQ(embedded.statuses[i].customer_label.es, on_disk.statuses[i].customer_label.es);
    }
    EXPECT_EQ(embedded.transitions.size(), on_disk.transitions.size());
  }
}

TEST(LoadWorkflow, AnUnreadableFileIsNamed) {
  auto r = LoadWorkflow("/nonexistent/dir/custom.toml");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().description.find("'/nonexistent/dir/custom.toml'"), std::string::npos) << r.error().description;
  auto dir = LoadWorkflow(testing::TempDir());
  ASSERT_FALSE(dir);
  EXPECT_NE(dir.error().description.find("is a directory"), std::string::npos) << dir.error().description;
}

TEST(LoadWorkflow, ACustomFileReportsItsPathAndLine) {
  auto path = std::filesystem::path(testing::TempDir()) / "chamado_workflow_loader_test.toml";
  {
    std::ofstream out(path);
    out << "name = \"custom\"\ninitial = \"x\"\n\ninitial = \"y\"\n";
  }
  auto r = LoadWorkflow(path.string());
  std::filesystem::remove(path);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().description.rfind(path.string() + ":4: ", 0), 0u) << r.error().description;
}

// --- ParseWorkflow errors ------------------------------------------------------------------

// A small valid file, one element per line so tests can name line numbers.
std::vector<std::string> TinyLines() {
  return {
      R"(name = "tiny")",                                                    // 1
      R"(initial = "open")",                                                 // 2
      R"(customer_close = "done")",                                          // 3
      R"([queue])",                                                          // 4
      R"(unassigned = "open")",                                              // 5
      R"(assigned = "open")",                                                // 6
      R"([[status]])",                                                       // 7
      R"(key = "open")",                                                     // 8
      R"(id = 1)",                                                           // 9
      R"(category = "open")",                                                // 10
      R"(default = true)",                                                   // 11
      R"(agent_label = { pt-BR = "Aberto", es = "Abierto", en = "Open" })",  // 12
      R"(customer_may_close = true)",                                        // 13
      R"([[status]])",                                                       // 14
      R"(key = "done")",                                                     // 15
      R"(id = 2)",                                                           // 16
      R"(category = "solved")",                                              // 17
      R"(default = true)",                                                   // 18
      R"(agent_label = { pt-BR = "Feito", es = "Hecho", en = "Done" })",     // 19
      R"(auto = { after = "1h30m", to = "open" })",                          // 20
      R"([[transition]])",                                                   // 21
      R"(from = "open")",                                                    // 22
      R"(to = "done")",                                                      // 23
      R"(by = ["agent", "customer"])",                                       // 24
      R"([[transition]])",                                                   // 25
      R"(from = "done")",                                                    // 26
      R"(to = "open")",                                                      // 27
      R"(by = ["system"])",                                                  // 28
  };
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

// Parses TinyLines() with line `n` (1-based) replaced by `text`; returns the error line.
std::string ErrorWith(std::size_t n, std::string text) {
  auto lines = TinyLines();
  lines.at(n - 1) = std::move(text);
  auto r = ParseWorkflow(Join(lines), "tiny.toml");
  if (r) return "(parsed without error)";
  EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(r.error().description.find('\n'), std::string::npos) << "one line";
  return r.error().description;
}

TEST(ParseWorkflow, TheTinyFileParses) {
  auto r = ParseWorkflow(Join(TinyLines()), "tiny.toml");
  ASSERT_TRUE(r) << r.error().description;
  EXPECT_EQ(r->statuses.size(), 2u);
  EXPECT_EQ(r->statuses[0].customer_label.en, "Open");  // customer_label defaults to agent_label
  EXPECT_TRUE(r->statuses[0].customer_may_comment);     // default true
  EXPECT_FALSE(r->statuses[0].pauses_sla);
  EXPECT_EQ(r->statuses[1].auto_transition->after, std::chrono::minutes(90));
  EXPECT_EQ(r->merge_target, std::nullopt);
  EXPECT_EQ(r->transitions[0].by, (std::set<Actor>{Actor::kAgent, Actor::kCustomer}));
}

TEST(ParseWorkflow, Durations) {
  const std::pair<std::string_view, std::chrono::seconds> good[] = {{"90s", std::chrono::seconds(90)},
                                                                    {"30m", std::chrono::minutes(30)},
                                                                    {"24h", hours(24)},
                                                                    {"48h", hours(48)},
                                                                    {"7d", hours(7 * 24)},
                                                                    {"1d12h", hours(36)}};
  for (auto [text, expected] : good) {
    auto lines = TinyLines();
    lines[19] = "auto = { after = \"" + std::string(text) + "\", to = \"open\" }";
    auto r = ParseWorkflow(Join(lines), "tiny.toml");
    ASSERT_TRUE(r) << text << ": " << r.error().description;
    EXPECT_EQ(r->statuses[1].auto_transition->after, expected) << text;
  }
  for (std::string_view bad : {"", "24", "h", "-1h", "1w", "24 h", "1.5h", "99999999999d"}) {
    std::string e = ErrorWith(20, "auto = { after = \"" + std::string(bad) + "\", to = \"open\" }");
    EXPECT_EQ(e.rfind("tiny.toml:20: status 'done': auto: ", 0), 0u) << bad << ": " << e;
  }
  EXPECT_EQ(ErrorWith(20, R"(auto = { after = "0h", to = "open" })"),
            "tiny.toml:20: status 'done': the automatic transition's delay must be positive");
}

TEST(ParseWorkflow, RemindTakesADelayBeforeTheAutoMove) {
  auto lines = TinyLines();
  lines[12] = R"(remind = { after = "30m" })";  // on "open", which has no auto
  auto r = ParseWorkflow(Join(lines), "tiny.toml");
  ASSERT_TRUE(r) << r.error().description;
  ASSERT_TRUE(r->statuses[0].remind);
  EXPECT_EQ(r->statuses[0].remind->after, std::chrono::minutes(30));
  EXPECT_FALSE(r->statuses[1].remind);
  EXPECT_EQ(ErrorWith(20, R"(remind = { after = "2h" })"), "(parsed without error)") << "no auto: any delay";
  EXPECT_EQ(ErrorWith(13, R"(remind = { after = "soon" })"),
            "tiny.toml:13: status 'open': remind: 'soon' is not a duration (write e.g. \"30m\", \"24h\", \"7d\")");
  EXPECT_EQ(ErrorWith(13, R"(remind = { after = "1h", to = "done" })")
                .rfind("tiny.toml:13: status 'open': remind: unknown key 'to'", 0),
            0u);
}

TEST(ParseWorkflow, BadTomlNamesTheLine) {
  EXPECT_EQ(ErrorWith(9, "id = ").rfind("tiny.toml:9: ", 0), 0u) << ErrorWith(9, "id = ");
  std::string unterminated = ErrorWith(12, R"(agent_label = { pt-BR = "Aberto", es = "Abierto", en = "Open" )");
  EXPECT_EQ(unterminated.rfind("tiny.toml:12: ", 0), 0u) << unterminated;
  std::string twice = ErrorWith(11, R"(id = 3)");
  EXPECT_EQ(twice.rfind("tiny.toml:11: ", 0), 0u) << twice;
}

TEST(ParseWorkflow, AnUnknownKeyNamesTheKeyAndLine) {
  EXPECT_EQ(ErrorWith(13, "custmer_may_close = true")
                .rfind("tiny.toml:13: status 'open': unknown key 'custmer_may_close'", 0),
            0u)
      << ErrorWith(13, "custmer_may_close = true");
  EXPECT_EQ(ErrorWith(3, R"(customer_closes = "done")").rfind("tiny.toml:3: unknown key 'customer_closes'", 0), 0u);
  EXPECT_EQ(ErrorWith(20, R"(auto = { after = "1h", too = "open" })")
                .rfind("tiny.toml:20: status 'done': auto: unknown key 'too'", 0),
            0u)
      << ErrorWith(20, R"(auto = { after = "1h", too = "open" })");
  EXPECT_EQ(ErrorWith(19, R"(agent_label = { pt = "Feito", es = "Hecho", en = "Done" })")
                .rfind("tiny.toml:19: status 'done': agent_label: unknown key 'pt'", 0),
            0u);
  EXPECT_EQ(ErrorWith(6, R"(asigned = "open")").rfind("tiny.toml:6: queue: unknown key 'asigned'", 0), 0u);
  EXPECT_EQ(
      ErrorWith(28, R"(who = ["system"])").rfind("tiny.toml:28: transition 'done' -> 'open': unknown key 'who'", 0),
      0u);
}

TEST(ParseWorkflow, ATopLevelKeyAfterAStatusGetsAHint) {
  auto lines = TinyLines();
  lines.insert(lines.begin() + 20, R"(merge_target = "done")");  // line 21, inside status 'done'
  auto r = ParseWorkflow(Join(lines), "tiny.toml");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().description,
            "tiny.toml:21: status 'done': unknown key 'merge_target': top-level keys must come before the first "
            "[[status]] table");
}

TEST(ParseWorkflow, AnUnknownCategory) {
  std::string e = ErrorWith(10, R"(category = "finished")");
  EXPECT_EQ(e,
            "tiny.toml:10: status 'open': unknown category 'finished' (expected new, open, pending, hold or solved)");
}

TEST(ParseWorkflow, AMissingDefault) {
  std::string e = ErrorWith(18, "# no default");
  EXPECT_EQ(e.rfind("tiny.toml:17: status 'done': category 'solved' has no default status", 0), 0u) << e;
}

TEST(ParseWorkflow, ADuplicateId) {
  std::string e = ErrorWith(16, "id = 1");
  EXPECT_EQ(e, "tiny.toml:16: status 'done': id 1 is already used by status 'open'");
}

TEST(ParseWorkflow, WrongTypesAndValues) {
  EXPECT_EQ(ErrorWith(9, R"(id = "1")"), "tiny.toml:9: status 'open': 'id' must be an integer");
  EXPECT_EQ(ErrorWith(11, R"(default = "yes")"), "tiny.toml:11: status 'open': 'default' must be true or false");
  EXPECT_EQ(ErrorWith(8, R"(key = "")"), "tiny.toml:8: status #1: 'key' must not be empty");
  std::string duration = ErrorWith(20, R"(auto = { after = "1 day", to = "open" })");
  EXPECT_EQ(duration.rfind("tiny.toml:20: status 'done': auto: '1 day' is not a duration", 0), 0u) << duration;
  std::string actor = ErrorWith(24, R"(by = ["agent", "admin"])");
  EXPECT_EQ(actor.rfind("tiny.toml:24: transition 'open' -> 'done': unknown actor 'admin'", 0), 0u) << actor;
  std::string label = ErrorWith(12, R"(agent_label = { pt-BR = "Aberto", es = "Abierto" })");
  EXPECT_EQ(label, "tiny.toml:12: status 'open': agent_label: missing 'en'");
  std::string missing = ErrorWith(10, "# no category");
  EXPECT_EQ(missing, "tiny.toml:7: status 'open': missing 'category'");
  auto not_list = ParseWorkflow(
      "name = \"x\"\ninitial = \"a\"\ncustomer_close = \"a\"\n[queue]\nunassigned = \"a\"\nassigned = \"a\"\n"
      "[status]\nkey = \"a\"\n",
      "x.toml");
  ASSERT_FALSE(not_list);
  EXPECT_EQ(not_list.error().description.rfind("x.toml:7: 'status' must be a list of tables", 0), 0u)
      << not_list.error().description;
}

TEST(ParseWorkflow, ReferencesAndRulesPointAtTheirLine) {
  EXPECT_EQ(ErrorWith(27, R"(to = "gone")"),
            "tiny.toml:27: transition 'done' -> 'gone': 'gone' is not a status of this workflow");
  EXPECT_EQ(ErrorWith(2, R"(initial = "gone")"),
            "tiny.toml:2: the initial status 'gone' is not a status of this workflow");
  EXPECT_EQ(ErrorWith(6, R"(assigned = "gone")").rfind("tiny.toml:6: the queue status for assigned tickets 'gone'", 0),
            0u);
  EXPECT_EQ(ErrorWith(24, R"(by = [])"),
            "tiny.toml:24: transition 'open' -> 'done': no actor may make this move: list at least one in `by`");
  std::string needs = ErrorWith(24, R"(by = ["agent"])");
  EXPECT_EQ(
      needs,
      "tiny.toml:13: status 'open': customer_may_close needs a transition 'open' -> 'done' that customers may make");
  std::string closed_default = ErrorWith(17, R"(category = "solved"
closed = true)");  // one more line: `default` moves to 19
  EXPECT_EQ(closed_default.rfind("tiny.toml:19: status 'done': a closed status cannot be the default", 0), 0u)
      << closed_default;
}

TEST(ParseWorkflow, AMissingTopLevelKeyHasNoLine) {
  EXPECT_EQ(ErrorWith(2, "# no initial"), "tiny.toml: missing 'initial'");
  auto r = ParseWorkflow("", "empty.toml");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().description, "empty.toml: missing 'name'");
}

// ---- self-help e-mail: `self_help = { wait, yes, no }` (docs/workflows.md "Self-help")

TEST(CaseLifecycle, SelfHelpWaitsForConfirmationThenClosesOrQueues) {
  Workflow wf = Load("case-lifecycle");
  ASSERT_TRUE(wf.self_help);
  EXPECT_EQ(wf.self_help->wait, "awaiting_confirmation");
  EXPECT_EQ(wf.self_help->yes, "closed");
  EXPECT_EQ(wf.self_help->no, "queue");
  // The wait closes by itself after 24 h (what the links' lifetime follows).
  const Status& wait = At(wf, "awaiting_confirmation");
  ASSERT_TRUE(wait.auto_transition);
  EXPECT_EQ(wait.auto_transition->after, hours(24));
  EXPECT_EQ(wait.auto_transition->to, "closed");
}

TEST(Simple, HasNoSelfHelp) { EXPECT_EQ(Load("simple").self_help, std::nullopt); }

// Line 3 of the tiny file followed by a self_help line (line 4).
std::string WithSelfHelp(const std::string& line) { return ErrorWith(3, "customer_close = \"done\"\n" + line); }

TEST(ParseWorkflow, SelfHelpParsesWithQueueAsTheDefaultNo) {
  auto lines = TinyLines();
  lines.at(2) += "\nself_help = { wait = \"open\", yes = \"done\" }";
  auto r = ParseWorkflow(Join(lines), "tiny.toml");
  ASSERT_TRUE(r) << r.error().description;
  ASSERT_TRUE(r->self_help);
  EXPECT_EQ(r->self_help->wait, "open");
  EXPECT_EQ(r->self_help->yes, "done");
  EXPECT_EQ(r->self_help->no, "queue");
}

TEST(ParseWorkflow, SelfHelpRefusalsNameTheKeyAndLine) {
  EXPECT_EQ(WithSelfHelp(R"(self_help = { wait = "open", yes = "gone" })"),
            "tiny.toml:4: self_help.yes 'gone' is not a status of this workflow");
  EXPECT_EQ(WithSelfHelp(R"(self_help = { wait = "open", yes = "done", maybe = "x" })")
                .rfind("tiny.toml:4: self_help: unknown key 'maybe'", 0),
            0u);
  EXPECT_EQ(WithSelfHelp(R"(self_help = { yes = "done" })"), "tiny.toml:4: self_help: missing 'wait'");
  // The moves must be allowed: open -> done by the system (the e-mail is sent) is not.
  EXPECT_EQ(WithSelfHelp(R"(self_help = { wait = "done", yes = "open" })")
                .rfind("tiny.toml:4: self_help.wait needs a transition 'open' -> 'done' that the system may make", 0),
            0u)
      << WithSelfHelp(R"(self_help = { wait = "done", yes = "open" })");
}

}  // namespace
}  // namespace chamado::config
