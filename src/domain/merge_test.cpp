// The active-case rule, the manual merge checks and the merge texts (domain/merge.hpp).
#include "domain/merge.hpp"

#include <gtest/gtest.h>

#include "domain/testing/test_status.hpp"

namespace chamado {
namespace {

using chamado::testing::TestStatus;
using std::chrono::hours;

const Instant kNow = FromUnix(1'900'000'000);

// new, open, pending, hold, resolved; closed and duplicate terminal. "quiet" is a pending status
// where the customer may not comment. Merges: new -> duplicate by the system (the automatic
// rule) and by a merge; open and pending -> duplicate by a merge only.
Workflow TestWorkflow() {
  Workflow wf;
  wf.name = "test";
  wf.statuses = {TestStatus(1, "new", Category::kNew, true),
                 TestStatus(2, "open", Category::kOpen, true),
                 TestStatus(3, "pending", Category::kPending, true),
                 TestStatus(4, "hold", Category::kHold, true),
                 TestStatus(5, "resolved", Category::kSolved, true),
                 TestStatus(6, "closed", Category::kSolved, false, true),
                 TestStatus(7, "duplicate", Category::kSolved, false, true),
                 TestStatus(8, "quiet", Category::kPending, false)};
  wf.statuses[7].customer_may_comment = false;
  wf.transitions = {{"new", "duplicate", {Actor::kSystem, Actor::kMerge}},
                    {"open", "duplicate", {Actor::kMerge}},
                    {"pending", "duplicate", {Actor::kMerge}},
                    {"new", "open", {Actor::kAgent}}};
  wf.initial = "new";
  wf.queue_unassigned = "new";
  wf.queue_assigned = "open";
  wf.customer_close = "closed";
  wf.merge_target = "duplicate";
  return wf;
}

Ticket Case(std::int64_t id, std::int64_t status, Instant updated, std::int64_t requester = 10) {
  Ticket t;
  t.id = id;
  t.requester_id = requester;
  t.custom_status_id = status;
  t.created_at = updated;
  t.updated_at = updated;
  return t;
}

DuplicatePolicy Policy() {
  DuplicatePolicy p;
  p.enabled = true;
  p.window = hours(24 * 30);
  return p;
}

const FieldValue kNoTopic{};

TEST(ActiveCase, EveryNonSolvedCategoryIsActive) {
  const auto wf = TestWorkflow();
  for (std::int64_t s : {1, 2, 3, 4})
    EXPECT_TRUE(IsActiveCase(Case(1, s, kNow), wf, Policy(), kNoTopic, kNow)) << "status " << s;
  for (std::int64_t s : {5, 6, 7})
    EXPECT_FALSE(IsActiveCase(Case(1, s, kNow), wf, Policy(), kNoTopic, kNow)) << "status " << s;
}

TEST(ActiveCase, AStatusWithoutCustomerCommentsIsNotJoined) {
  // The contact becomes the customer's reply: where they may not reply, it opens its own ticket.
  EXPECT_FALSE(IsActiveCase(Case(1, 8, kNow), TestWorkflow(), Policy(), kNoTopic, kNow));
}

TEST(ActiveCase, AMergedTicketIsNeverATarget) {
  auto t = Case(1, 2, kNow);
  t.merged_into = 99;
  EXPECT_FALSE(IsActiveCase(t, TestWorkflow(), Policy(), kNoTopic, kNow));
}

TEST(ActiveCase, OnlyCasesUpdatedWithinTheWindow) {
  const auto wf = TestWorkflow();
  auto p = Policy();
  p.window = hours(24 * 7);
  EXPECT_TRUE(IsActiveCase(Case(1, 2, kNow - hours(24 * 7)), wf, p, kNoTopic, kNow));  // the edge is inside
  EXPECT_FALSE(IsActiveCase(Case(1, 2, kNow - hours(24 * 7) - std::chrono::seconds(1)), wf, p, kNoTopic, kNow));
}

TEST(ActiveCase, TheTopicMustMatchWhenConfigured) {
  const auto wf = TestWorkflow();
  auto p = Policy();
  auto billing = Case(1, 2, kNow);
  billing.custom_fields = {{101, std::string("topic_billing")}};
  const FieldValue billing_topic{std::string("topic_billing")};
  const FieldValue access_topic{std::string("topic_access")};
  // Not configured: any topic.
  EXPECT_TRUE(IsActiveCase(billing, wf, p, access_topic, kNow));
  p.topic_field_id = 101;
  EXPECT_TRUE(IsActiveCase(billing, wf, p, billing_topic, kNow));
  EXPECT_FALSE(IsActiveCase(billing, wf, p, access_topic, kNow));
  // "No topic" is a value: it matches only cases without one.
  EXPECT_FALSE(IsActiveCase(billing, wf, p, kNoTopic, kNow));
  EXPECT_TRUE(IsActiveCase(Case(2, 2, kNow), wf, p, kNoTopic, kNow));
  auto null_topic = Case(3, 2, kNow);
  null_topic.custom_fields = {{101, std::monostate{}}};
  EXPECT_TRUE(IsActiveCase(null_topic, wf, p, kNoTopic, kNow));
}

TEST(ActiveCase, TheMostRecentlyUpdatedActiveCaseOfTheRequesterWins) {
  const auto wf = TestWorkflow();
  std::vector<Ticket> ts = {Case(1, 2, kNow - hours(5)), Case(2, 5, kNow),  // solved: not active
                            Case(3, 3, kNow - hours(1)), Case(4, 1, kNow - hours(3))};
  auto found = FindActiveCase(ts, 10, wf, Policy(), kNoTopic, kNow);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, 3);
  // Ties go to the newer ticket.
  ts.push_back(Case(5, 1, kNow - hours(1)));
  EXPECT_EQ(FindActiveCase(ts, 10, wf, Policy(), kNoTopic, kNow)->id, 5);
}

TEST(ActiveCase, AnotherCustomersTicketIsNeverTheActiveCase) {
  const auto wf = TestWorkflow();
  std::vector<Ticket> ts = {Case(1, 2, kNow, /*requester=*/11)};
  EXPECT_FALSE(FindActiveCase(ts, 10, wf, Policy(), kNoTopic, kNow));
  EXPECT_FALSE(FindActiveCase({}, 10, wf, Policy(), kNoTopic, kNow));
}

TEST(ManualMerge, MovesTheSourceToTheMergeTarget) {
  const auto wf = TestWorkflow();
  auto r = CheckManualMerge(wf, Case(1, 2, kNow), Case(2, 1, kNow));
  ASSERT_TRUE(r) << r.error().fields[0].description;
  EXPECT_EQ((*r)->key, "duplicate");
  // A target may be any non-terminal status, solved included.
  EXPECT_TRUE(CheckManualMerge(wf, Case(1, 1, kNow), Case(2, 5, kNow)));
}

TEST(ManualMerge, RefusalsNameTheFieldAndTheRule) {
  const auto wf = TestWorkflow();
  auto field = [](const Result<const Status*>& r) { return r ? std::string() : r.error().fields.at(0).field; };
  EXPECT_EQ(field(CheckManualMerge(wf, Case(1, 2, kNow), Case(1, 2, kNow))), "ids");  // itself
  EXPECT_EQ(field(CheckManualMerge(wf, Case(1, 6, kNow), Case(2, 2, kNow))), "ids");  // closed source
  EXPECT_EQ(field(CheckManualMerge(wf, Case(1, 7, kNow), Case(2, 2, kNow))), "ids");  // already merged
  EXPECT_EQ(field(CheckManualMerge(wf, Case(1, 2, kNow), Case(2, 6, kNow))), "id");   // closed target
  EXPECT_EQ(field(CheckManualMerge(wf, Case(1, 4, kNow), Case(2, 2, kNow))), "ids");  // hold -> dup not allowed
  auto problem = Case(1, 2, kNow);
  problem.type = TicketType::kProblem;
  EXPECT_EQ(field(CheckManualMerge(wf, problem, Case(2, 2, kNow))), "ids");
  EXPECT_EQ(field(CheckManualMerge(wf, Case(2, 2, kNow), problem)), "id");
  auto simple = wf;
  simple.merge_target.reset();
  auto r = CheckManualMerge(simple, Case(1, 2, kNow), Case(2, 2, kNow));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().fields[0].description.find("no merge target"), std::string::npos);
}

TEST(Unmerge, BackToTheQueue) {
  const auto wf = TestWorkflow();
  auto t = Case(1, 7, kNow);
  EXPECT_EQ(AfterUnmerge(wf, t).key, "new");
  t.assignee_id = 5;
  EXPECT_EQ(AfterUnmerge(wf, t).key, "open");
  auto no_queue = wf;
  no_queue.queue_assigned = "closed";  // a terminal queue is no place to split into
  EXPECT_EQ(AfterUnmerge(no_queue, t).key, "new");
}

TEST(MergeTexts, TheCustomerIsToldTheCaseNumberInTheirLanguage) {
  EXPECT_NE(DuplicateNotice("pt-BR", 123).find("Sua mensagem foi adicionada ao seu chamado #123"), std::string::npos);
  EXPECT_NE(DuplicateNotice("es", 123).find("Su mensaje fue añadido a su caso #123"), std::string::npos);
  EXPECT_NE(DuplicateNotice("en-US", 123).find("Your message was added to your open case #123"), std::string::npos);
  EXPECT_EQ(DuplicateNotice("fr", 123), DuplicateNotice("pt-BR", 123));  // the default locale
}

TEST(MergeTexts, DefaultCommentsLikeZendesks) {
  EXPECT_EQ(MergedSourceText("en", 7, "Printer"), "This request was closed and merged into request #7 \"Printer\".");
  const auto t = MergedTargetText("en", {{3, "A", "last words"}, {4, "B", ""}});
  EXPECT_EQ(t,
            "Request #3 \"A\" was closed and merged into this request.\n\nLast comment in request #3:\n\nlast words"
            "\n\nRequest #4 \"B\" was closed and merged into this request.");
  EXPECT_NE(MergedTargetText("pt-BR", {{3, "A", ""}}).find("foi encerrada e mesclada"), std::string::npos);
}

TEST(MergeTexts, ALongQuoteIsClippedOnACharacterBoundary) {
  const std::string accents(kMaxQuotedBytes, 'a');
  const std::string body = accents.substr(1) + "é" + "tail";  // "é" straddles the limit
  const auto t = MergedTargetText("en", {{3, "A", body}});
  EXPECT_EQ(t.find("tail"), std::string::npos);
  EXPECT_NE(t.find(accents.substr(1) + "…"), std::string::npos);
}

TEST(MergeTexts, IdLists) {
  EXPECT_EQ(JoinIdList({}), "");
  EXPECT_EQ(JoinIdList({5, 9, 12}), "5 9 12");
}

}  // namespace
}  // namespace chamado
