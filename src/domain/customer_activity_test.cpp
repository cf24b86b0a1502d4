#include "domain/customer_activity.hpp"

#include <gtest/gtest.h>

#include "domain/testing/case_lifecycle.hpp"

namespace chamado {
namespace {

using testing::kEscalated;
using testing::kInProgress;
using testing::kNew;
using testing::kResolved;

constexpr std::int64_t kAgent = 5;
constexpr std::int64_t kRequester = 10;
constexpr std::int64_t kCc = 11;
const std::set<std::int64_t> kStaff{kAgent};
const Instant kT0 = FromUnix(1772452800);  // 2026-03-02T12:00:00Z
Instant At(int minutes) { return kT0 + std::chrono::minutes(minutes); }

struct Fixture {
  Workflow wf = testing::CaseLifecycleStatuses();
  Ticket t;
  std::vector<Audit> audits;
  std::vector<Comment> comments;

  Fixture() {
    t.id = 42;
    t.requester_id = kRequester;
    t.submitter_id = kRequester;
    t.collaborator_ids = {kCc};
    t.custom_status_id = kNew;
    t.created_at = kT0;
    Audit& a = NewAudit(kRequester, 0);
    a.events.push_back({0, "Create", "subject", "Help", "", 0});
    a.events.push_back({0, "Create", "custom_status_id", std::to_string(kNew), "", 0});
    AddComment(a, kRequester, true);
  }
  Audit& NewAudit(std::int64_t author, int minute) {
    Audit a;
    a.id = static_cast<std::int64_t>(audits.size()) + 1;
    a.ticket_id = t.id;
    a.author_id = author;
    a.created_at = At(minute);
    audits.push_back(a);
    return audits.back();
  }
  void AddComment(Audit& a, std::int64_t author, bool is_public) {
    Comment c;
    c.id = static_cast<std::int64_t>(comments.size()) + 100;
    c.author_id = author;
    c.is_public = is_public;
    c.created_at = a.created_at;
    comments.push_back(c);
    a.events.push_back(CommentEvent(c));
  }
  void Status(Audit& a, std::int64_t from, std::int64_t to) {
    a.events.push_back({0, "Change", "status", "x", "y", 0});
    a.events.push_back({0, "Change", "custom_status_id", std::to_string(to), std::to_string(from), 0});
  }
  std::vector<ActivityEvent> Timeline(std::int64_t viewer, const std::vector<LinkedProblem>& problems = {}) const {
    return CustomerTimeline(t, audits, comments, kStaff, problems, wf, viewer);
  }
};

TEST(CustomerActivity, ShowsCreationStatusMovesAndPublicCommentsOnly) {
  Fixture f;
  {
    Audit& a = f.NewAudit(kAgent, 5);
    a.events.push_back({0, "Change", "assignee_id", std::to_string(kAgent), "", 0});
    a.events.push_back({0, "Change", "priority", "high", "normal", 0});
    f.Status(a, kNew, kInProgress);
  }
  f.AddComment(f.NewAudit(kAgent, 6), kAgent, false);  // internal note
  f.AddComment(f.NewAudit(kAgent, 7), kAgent, true);
  f.AddComment(f.NewAudit(kCc, 8), kCc, true);
  {
    Audit& a = f.NewAudit(kAgent, 9);
    a.events.push_back({0, "Change", "tags", "vip", "", 0});
    a.events.push_back({0, "Change", "group_id", "3", "", 0});
  }
  auto ev = f.Timeline(kRequester);
  ASSERT_EQ(ev.size(), 4u);
  EXPECT_EQ(ev[0].type, ActivityType::kCreated);
  EXPECT_EQ(ev[0].by, ActivityActor::kYou);
  EXPECT_EQ(ev[0].to_status_id, kNew);
  EXPECT_EQ(ev[1].type, ActivityType::kStatusChanged);
  EXPECT_EQ(ev[1].by, ActivityActor::kAgent);
  EXPECT_EQ(ev[1].from_status_id, kNew);
  EXPECT_EQ(ev[1].to_status_id, kInProgress);
  EXPECT_EQ(ev[2].type, ActivityType::kComment);
  EXPECT_EQ(ev[2].comment_id, 102);
  EXPECT_EQ(ev[3].type, ActivityType::kComment);
  EXPECT_EQ(ev[3].by, ActivityActor::kCc);

  // The CC reads the same events; the requester is "requester" and the CC "you" now.
  auto cc = f.Timeline(kCc);
  ASSERT_EQ(cc.size(), 4u);
  EXPECT_EQ(cc[0].by, ActivityActor::kRequester);
  EXPECT_EQ(cc[3].by, ActivityActor::kYou);
}

TEST(CustomerActivity, SystemMovesMergesAndRatings) {
  Fixture f;
  {
    Audit& a = f.NewAudit(kSystemAuthorId, 10);
    a.via_channel = "rule";
    a.events.push_back(RuleEvent("auto"));
    f.Status(a, kNew, kResolved);
  }
  {
    Audit& a = f.NewAudit(kSystemAuthorId, 11);
    a.events.push_back({0, "Reminder", "custom_status_id", std::to_string(kResolved), "", 0});
  }
  {
    Audit& a = f.NewAudit(kRequester, 12);
    a.events.push_back({0, "SatisfactionRating", "satisfaction_score", "good", "offered", 0});
  }
  {
    Audit& a = f.NewAudit(kAgent, 13);
    a.events.push_back({0, "Change", "chamado_merged_into", "77", "", 0});
  }
  auto ev = f.Timeline(kRequester);
  ASSERT_EQ(ev.size(), 4u);
  EXPECT_EQ(ev[1].type, ActivityType::kStatusChanged);
  EXPECT_EQ(ev[1].by, ActivityActor::kSystem);
  EXPECT_EQ(ev[2].type, ActivityType::kSatisfactionRated);
  EXPECT_EQ(ev[2].score, "good");
  EXPECT_EQ(ev[3].type, ActivityType::kMerged);
  EXPECT_EQ(ev[3].merged_into, 77);
}

TEST(CustomerActivity, EscalationFollowsTheProblemsCategory) {
  Fixture f;
  {
    Audit& a = f.NewAudit(kAgent, 20);
    a.events.push_back({0, "Change", "problem_id", "500", "", 0});
    f.Status(a, kNew, kEscalated);
  }
  f.t.problem_id = 500;
  LinkedProblem p{500, {{At(20), kNew}, {At(30), kInProgress}, {At(40), kResolved}}};
  auto ev = f.Timeline(kRequester, {p});
  std::vector<EscalationState> states;
  std::vector<ActivityActor> by;
  for (const auto& e : ev)
    if (e.type == ActivityType::kEscalation) {
      states.push_back(*e.escalation);
      by.push_back(e.by);
    }
  EXPECT_EQ(states, (std::vector<EscalationState>{EscalationState::kAwaitingOpening, EscalationState::kInProgress,
                                                  EscalationState::kConcluded}));
  EXPECT_EQ(by, (std::vector<ActivityActor>{ActivityActor::kAgent, ActivityActor::kSystem, ActivityActor::kSystem}));
  // The escalation comes after the status move of its audit.
  EXPECT_EQ(ev[1].type, ActivityType::kStatusChanged);
  EXPECT_EQ(ev[2].type, ActivityType::kEscalation);
  EXPECT_EQ(LinkedProblemIds(f.t, f.audits), (std::vector<std::int64_t>{500}));
}

TEST(CustomerActivity, NotRequiredIsShown) {
  Fixture f;
  f.NewAudit(kAgent, 3).events.push_back({0, "Change", "escalation_not_required", "true", "false", 0});
  f.t.escalation_not_required = true;
  auto ev = f.Timeline(kRequester);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[1].escalation, EscalationState::kNotRequired);
}

TEST(CustomerActivity, StatusHistoryStartsAtCreation) {
  Fixture f;
  f.Status(f.NewAudit(kAgent, 5), kNew, kInProgress);
  EXPECT_EQ(StatusHistory(f.t, f.audits), (std::vector<StatusPoint>{{kT0, kNew}, {At(5), kInProgress}}));
}

}  // namespace
}  // namespace chamado
