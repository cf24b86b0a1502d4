#include "domain/satisfaction.hpp"

#include <gtest/gtest.h>

#include "domain/testing/test_status.hpp"

namespace chamado {
namespace {

using namespace std::chrono_literals;

// new, open, waiting (pending), resolved (solved), closed (solved, terminal), duplicate (the
// merge target).
Workflow RatedWorkflow() {
  Workflow wf;
  wf.name = "rated";
  auto st = [](auto... a) { return testing::TestStatus(a...); };
  wf.statuses = {st(1, "new", Category::kNew, true),
                 st(2, "open", Category::kOpen, true),
                 st(3, "waiting", Category::kPending, true),
                 st(4, "resolved", Category::kSolved, true),
                 st(5, "closed", Category::kSolved, false, true),
                 st(6, "duplicate", Category::kSolved, false, true)};
  wf.initial = "new";
  wf.queue_unassigned = "new";
  wf.queue_assigned = "open";
  wf.customer_close = "closed";
  wf.merge_target = "duplicate";
  return wf;
}

const Instant kT0 = FromUnix(1772452800);  // 2026-03-02T12:00:00Z
constexpr std::chrono::days kWindow{14};

Audit Move(Instant at, std::int64_t from, std::int64_t to, std::string type = "Change") {
  Audit a;
  a.created_at = at;
  a.events.push_back({0, type, "status", "", "", 0});
  a.events.push_back({0, type, "custom_status_id", std::to_string(to), std::to_string(from), 0});
  return a;
}

Audit CommentOnly(Instant at) {
  Audit a;
  a.created_at = at;
  a.events.push_back({0, "Comment", "comment", "public", "", 7});
  return a;
}

Ticket Solved(std::int64_t status = 4) {
  Ticket t;
  t.id = 42;
  t.requester_id = 10;
  t.custom_status_id = status;
  return t;
}

TEST(LastSolvedAt, TheLatestMoveIntoSolved) {
  const auto wf = RatedWorkflow();
  std::vector<Audit> audits{CommentOnly(kT0), Move(kT0 + 1h, 1, 2), Move(kT0 + 2h, 2, 4)};
  EXPECT_EQ(LastSolvedAt(wf, audits), kT0 + 2h);
}

TEST(LastSolvedAt, AnAutomaticCloseKeepsTheSolveTime) {
  const auto wf = RatedWorkflow();
  std::vector<Audit> audits{Move(kT0, 2, 4), Move(kT0 + std::chrono::days(7), 4, 5)};
  EXPECT_EQ(LastSolvedAt(wf, audits), kT0);
}

TEST(LastSolvedAt, AReopenClearsItAndTheNextSolveCounts) {
  const auto wf = RatedWorkflow();
  std::vector<Audit> audits{Move(kT0, 2, 4), Move(kT0 + 1h, 4, 2)};
  EXPECT_EQ(LastSolvedAt(wf, audits), std::nullopt);
  audits.push_back(Move(kT0 + 5h, 2, 4));
  EXPECT_EQ(LastSolvedAt(wf, audits), kT0 + 5h);
}

TEST(LastSolvedAt, ACreationStraightIntoSolvedCounts) {
  const auto wf = RatedWorkflow();
  EXPECT_EQ(LastSolvedAt(wf, {Move(kT0, 1, 4, "Create")}), kT0);
}

TEST(LastSolvedAt, NeverSolved) {
  const auto wf = RatedWorkflow();
  EXPECT_EQ(LastSolvedAt(wf, {}), std::nullopt);
  EXPECT_EQ(LastSolvedAt(wf, {Move(kT0, 1, 2), Move(kT0 + 1h, 2, 3)}), std::nullopt);
}

TEST(OfferSatisfaction, EnteringSolvedOffersIt) {
  const auto wf = RatedWorkflow();
  Ticket t = Solved();
  OfferSatisfactionOnSolve(wf, 2, t);
  EXPECT_EQ(t.satisfaction_score, "offered");
}

TEST(OfferSatisfaction, ACreationInSolvedOffersIt) {
  const auto wf = RatedWorkflow();
  Ticket t = Solved();
  OfferSatisfactionOnSolve(wf, std::nullopt, t);
  EXPECT_EQ(t.satisfaction_score, "offered");
}

TEST(OfferSatisfaction, NotForUnsolvedMovesSolvedToSolvedOrDuplicates) {
  const auto wf = RatedWorkflow();
  Ticket open = Solved(2);
  OfferSatisfactionOnSolve(wf, 1, open);
  EXPECT_EQ(open.satisfaction_score, "unoffered");
  Ticket closed = Solved(5);
  OfferSatisfactionOnSolve(wf, 4, closed);  // Resolved -> Closed: offered (or not) at Resolved
  EXPECT_EQ(closed.satisfaction_score, "unoffered");
  Ticket dup = Solved(6);
  OfferSatisfactionOnSolve(wf, 2, dup);
  EXPECT_EQ(dup.satisfaction_score, "unoffered");
  Ticket merged = Solved(5);
  merged.merged_into = 7;
  OfferSatisfactionOnSolve(wf, 2, merged);
  EXPECT_EQ(merged.satisfaction_score, "unoffered");
}

TEST(OfferSatisfaction, ARatedTicketKeepsItsScore) {
  const auto wf = RatedWorkflow();
  Ticket t = Solved();
  t.satisfaction_score = "bad";
  OfferSatisfactionOnSolve(wf, 2, t);
  EXPECT_EQ(t.satisfaction_score, "bad");
}

TEST(CheckCanRate, TheRequesterWithinTheWindow) {
  const auto wf = RatedWorkflow();
  EXPECT_TRUE(CheckCanRate(wf, Solved(), 10, kT0, kT0 + 1h, kWindow));
  // The last second of the window is in; the next one is out.
  EXPECT_TRUE(CheckCanRate(wf, Solved(), 10, kT0, kT0 + kWindow, kWindow));
  auto late = CheckCanRate(wf, Solved(), 10, kT0, kT0 + kWindow + 1s, kWindow);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(late.error().fields[0].field, "satisfaction_rating");
  EXPECT_EQ(late.error().fields[0].error, "WindowClosed");
  EXPECT_NE(late.error().fields[0].description.find("14 days"), std::string::npos);
}

TEST(CheckCanRate, AfterAnAutomaticCloseOrTheCustomersOwnClose) {
  const auto wf = RatedWorkflow();
  EXPECT_TRUE(CheckCanRate(wf, Solved(5), 10, kT0, kT0 + std::chrono::days(8), kWindow));
}

TEST(CheckCanRate, OnlyTheRequester) {
  const auto wf = RatedWorkflow();
  auto r = CheckCanRate(wf, Solved(), 11, kT0, kT0 + 1h, kWindow);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields[0].error, "NotRequester");
}

TEST(CheckCanRate, NotBeforeItIsSolved) {
  const auto wf = RatedWorkflow();
  auto r = CheckCanRate(wf, Solved(2), 10, std::nullopt, kT0, kWindow);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields[0].field, "status");
  EXPECT_EQ(r.error().fields[0].error, "NotSolved");
}

TEST(CheckCanRate, NotADuplicate) {
  const auto wf = RatedWorkflow();
  Ticket dup = Solved(6);
  dup.merged_into = 7;
  auto r = CheckCanRate(wf, dup, 10, kT0, kT0 + 1h, kWindow);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields[0].error, "Merged");
}

TEST(ValidateRatingInput, GoodOrBadWithABoundedComment) {
  EXPECT_TRUE(ValidateRatingInput("good", ""));
  EXPECT_TRUE(ValidateRatingInput("bad", "slow answer"));
  EXPECT_FALSE(ValidateRatingInput("offered", ""));
  EXPECT_FALSE(ValidateRatingInput("GOOD", ""));
  auto long_comment = ValidateRatingInput("good", std::string(kMaxSatisfactionCommentBytes + 1, 'x'));
  ASSERT_FALSE(long_comment);
  EXPECT_EQ(long_comment.error().fields[0].field, "comment");
}

}  // namespace
}  // namespace chamado
