#include "domain/ticket_change.hpp"

#include <gtest/gtest.h>

#include "domain/testing/test_status.hpp"

namespace chamado {
namespace {

// A small workflow built in code: New -> Open (on assignment) -> Pending -> Solved -> Closed.
Workflow MiniWorkflow() {
  Workflow wf;
  wf.name = "mini";
  auto st = [](auto... a) { return testing::TestStatus(a...); };
  wf.statuses = {st(1, "new", Category::kNew, true), st(2, "open", Category::kOpen, true),
                 st(3, "pending", Category::kPending, true), st(4, "solved", Category::kSolved, true),
                 st(5, "closed", Category::kSolved, false, true)};
  wf.statuses[0].on_assignment = "open";
  wf.statuses[2].on_customer_reply = "queue";
  wf.statuses[3].customer_may_reopen = true;
  wf.statuses[3].on_customer_reply = "queue";
  using A = Actor;
  wf.transitions = {{"new", "open", {A::kAgent, A::kSystem}}, {"new", "pending", {A::kAgent}},
                    {"open", "pending", {A::kAgent}},         {"open", "solved", {A::kAgent}},
                    {"pending", "open", {A::kAgent}},         {"pending", "solved", {A::kAgent}},
                    {"solved", "open", {A::kAgent}},          {"solved", "closed", {A::kSystem}}};
  wf.initial = "new";
  wf.queue_unassigned = "new";
  wf.queue_assigned = "open";
  wf.customer_close = "solved";
  return wf;
}

Ticket Base(std::int64_t status = 1) {
  Ticket t;
  t.id = 42;
  t.requester_id = 10;
  t.submitter_id = 10;
  t.custom_status_id = status;
  return t;
}

const Instant kNow = FromUnix(1772452800);

TEST(TicketChange, AssigningANewTicketMovesItToOpen) {
  auto wf = MiniWorkflow();
  TicketPatch p;
  p.assignee_id = std::optional<std::int64_t>(5);
  auto out = ApplyPatch(Base(), p, wf, Actor::kAgent, kNow);
  ASSERT_TRUE(out) << out.error().description;
  EXPECT_EQ(out->after.custom_status_id, 2);
  EXPECT_EQ(out->after.assignee_id, 5);
  EXPECT_EQ(out->after.updated_at, kNow);
  bool saw_status = false;
  for (const auto& e : out->events)
    if (e.field_name == "status") {
      saw_status = true;
      EXPECT_EQ(e.previous_value, "new");
      EXPECT_EQ(e.value, "open");
    }
  EXPECT_TRUE(saw_status);
}

TEST(TicketChange, ExplicitStatusWinsOverAssignmentMove) {
  auto wf = MiniWorkflow();
  TicketPatch p;
  p.assignee_id = std::optional<std::int64_t>(5);
  p.legacy_status = "pending";
  auto out = ApplyPatch(Base(), p, wf, Actor::kAgent, kNow);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->after.custom_status_id, 3);
}

TEST(TicketChange, LegacyStatusOfAMissingCategoryIsRefusedNamingTheField) {
  auto wf = MiniWorkflow();
  TicketPatch p;
  p.legacy_status = "hold";
  auto out = ApplyPatch(Base(2), p, wf, Actor::kAgent, kNow);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(out.error().fields.at(0).field, "status");
}

TEST(TicketChange, ForbiddenTransitionNamesTheRule) {
  auto wf = MiniWorkflow();
  TicketPatch p;
  p.custom_status_id = 5;  // closed: system only
  auto out = ApplyPatch(Base(4), p, wf, Actor::kAgent, kNow);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().fields.at(0).field, "status");
  EXPECT_NE(out.error().fields.at(0).description.find("solved"), std::string::npos);
}

TEST(TicketChange, ClosedTicketsCannotChange) {
  auto wf = MiniWorkflow();
  TicketPatch p;
  p.subject = "new subject";
  auto out = ApplyPatch(Base(5), p, wf, Actor::kAgent, kNow);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, ErrorCode::kInvalid);
}

TEST(TicketChange, TagsAreNormalisedAddedAndRemoved) {
  auto wf = MiniWorkflow();
  Ticket t = Base(2);
  t.tags = {"vip", "billing"};
  TicketPatch p;
  p.add_tags = {"Urgent Escalated", "vip"};
  p.remove_tags = {"billing"};
  auto out = ApplyPatch(t, p, wf, Actor::kAgent, kNow);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->after.tags, (std::vector<std::string>{"vip", "urgent", "escalated"}));
}

TEST(TicketChange, AtMost48Collaborators) {
  auto wf = MiniWorkflow();
  TicketPatch p;
  std::vector<std::int64_t> ccs;
  for (int i = 0; i < 49; ++i) ccs.push_back(100 + i);
  p.collaborator_ids = ccs;
  auto out = ApplyPatch(Base(2), p, wf, Actor::kAgent, kNow);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().fields.at(0).field, "collaborator_ids");
  ccs.pop_back();
  p.collaborator_ids = ccs;
  EXPECT_TRUE(ApplyPatch(Base(2), p, wf, Actor::kAgent, kNow));
}

TEST(TicketChange, RequesterIsNotTheirOwnCc) {
  auto wf = MiniWorkflow();
  TicketPatch p;
  p.add_collaborator_ids = {10, 11, 11};
  auto out = ApplyPatch(Base(2), p, wf, Actor::kAgent, kNow);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->after.collaborator_ids, (std::vector<std::int64_t>{11}));
}

TEST(TicketChange, NothingChangedMeansNoEventsAndSameTimestamp) {
  auto wf = MiniWorkflow();
  Ticket t = Base(2);
  t.subject = "same";
  t.updated_at = FromUnix(1000);
  TicketPatch p;
  p.subject = "same";
  auto out = ApplyPatch(t, p, wf, Actor::kAgent, kNow);
  ASSERT_TRUE(out);
  EXPECT_TRUE(out->events.empty());
  EXPECT_EQ(out->after.updated_at, FromUnix(1000));
}

TEST(TicketChange, ProblemLinkNeedsAnIncident) {
  auto wf = MiniWorkflow();
  TicketPatch p;
  p.problem_id = std::optional<std::int64_t>(7);
  EXPECT_FALSE(ApplyPatch(Base(2), p, wf, Actor::kAgent, kNow));
  p.type = std::optional<TicketType>(TicketType::kIncident);
  EXPECT_TRUE(ApplyPatch(Base(2), p, wf, Actor::kAgent, kNow));
}

TEST(TicketChange, CustomerReplyGoesBackToTheQueue) {
  auto wf = MiniWorkflow();
  Ticket t = Base(3);  // pending, unassigned
  auto s = StatusAfterComment(wf, t, Actor::kCustomer);
  ASSERT_TRUE(s);
  EXPECT_EQ((*s)->id, 1);  // New: nobody assigned
  t.assignee_id = 5;
  s = StatusAfterComment(wf, t, Actor::kCustomer);
  ASSERT_TRUE(s);
  EXPECT_EQ((*s)->id, 2);  // Open
}

TEST(TicketChange, AgentCommentMovesNothingButClosedRefusesEveryone) {
  auto wf = MiniWorkflow();
  auto s = StatusAfterComment(wf, Base(3), Actor::kAgent);
  ASSERT_TRUE(s);
  EXPECT_EQ((*s)->id, 3);
  EXPECT_FALSE(StatusAfterComment(wf, Base(5), Actor::kAgent));
  EXPECT_FALSE(StatusAfterComment(wf, Base(5), Actor::kCustomer));
}

TEST(TicketChange, NewTicketStartsInitialAndTakesSubjectFromDescription) {
  auto wf = MiniWorkflow();
  Ticket base = Base();
  base.description = "First line of the problem\nmore details";
  auto out = NewTicket(base, TicketPatch{}, wf, Actor::kCustomer, kNow);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->after.custom_status_id, 1);
  EXPECT_EQ(out->after.subject, "First line of the problem");
  EXPECT_EQ(out->after.created_at, kNow);
}

TEST(TicketChange, BlankOrHugeCommentsAreRefused) {
  EXPECT_FALSE(ValidateCommentBody("  \n ", "comment"));
  EXPECT_FALSE(ValidateCommentBody(std::string(kMaxCommentBytes + 1, 'x'), "comment"));
  EXPECT_TRUE(ValidateCommentBody("ok", "comment"));
}

}  // namespace
}  // namespace chamado
