#include "domain/timers.hpp"

#include <gtest/gtest.h>

#include "domain/testing/test_status.hpp"

namespace chamado {
namespace {

using namespace std::chrono_literals;

// New -> Waiting (48 h: Closed), Solved (7 d: Closed), Closed; Open without a timer.
Workflow TimedWorkflow() {
  Workflow wf;
  wf.name = "timed";
  auto st = [](auto... a) { return testing::TestStatus(a...); };
  wf.statuses = {st(1, "new", Category::kNew, true), st(2, "open", Category::kOpen, true),
                 st(3, "waiting", Category::kPending, true), st(4, "solved", Category::kSolved, true),
                 st(5, "closed", Category::kSolved, false, true)};
  wf.statuses[2].auto_transition = AutoTransition{48h, "closed"};
  wf.statuses[3].auto_transition = AutoTransition{std::chrono::days(7), "closed"};
  using A = Actor;
  wf.transitions = {{"new", "open", {A::kAgent}},      {"open", "waiting", {A::kAgent}},
                    {"waiting", "open", {A::kAgent}},  {"waiting", "closed", {A::kSystem}},
                    {"open", "solved", {A::kAgent}},   {"solved", "closed", {A::kSystem}},
                    {"waiting", "solved", {A::kAgent}}};
  wf.initial = "new";
  wf.queue_unassigned = "new";
  wf.queue_assigned = "open";
  wf.customer_close = "solved";
  return wf;
}

const Instant kEntered = FromUnix(1772452800);  // 2026-03-02T12:00:00Z

Ticket InStatus(std::int64_t status) {
  Ticket t;
  t.id = 42;
  t.requester_id = 10;
  t.submitter_id = 10;
  t.custom_status_id = status;
  t.version = 3;
  t.updated_at = kEntered;
  return t;
}

TEST(StatusAutoTimer, AStatusWithAutoGetsItsMoveDueAfterTheDelay) {
  auto wf = TimedWorkflow();
  auto t = StatusAutoTimer(wf, *wf.ByKey("waiting"), 42, kEntered);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind, kStatusAutoTimer);
  EXPECT_EQ(t->ticket_id, 42);
  EXPECT_EQ(t->from_status_id, 3);
  EXPECT_EQ(t->to_status_id, 5);
  EXPECT_EQ(t->due_at, kEntered + 48h);
  EXPECT_EQ(FormatIso(t->due_at), "2026-03-04T12:00:00Z");
  EXPECT_EQ(t->created_at, kEntered);
  EXPECT_TRUE(t->pending());
  EXPECT_EQ(t->id, 0);
}

TEST(StatusAutoTimer, DaysAreCalendarDays) {
  auto wf = TimedWorkflow();
  auto t = StatusAutoTimer(wf, *wf.ByKey("solved"), 42, kEntered);
  ASSERT_TRUE(t);
  EXPECT_EQ(FormatIso(t->due_at), "2026-03-09T12:00:00Z");
}

TEST(StatusAutoTimer, NoTimerWithoutAuto) {
  auto wf = TimedWorkflow();
  for (const char* key : {"new", "open", "closed"}) EXPECT_FALSE(StatusAutoTimer(wf, *wf.ByKey(key), 42, kEntered));
}

TEST(StatusAutoTimer, NoTimerWhenAutoNamesAnUnknownStatus) {
  auto wf = TimedWorkflow();
  wf.statuses[2].auto_transition->to = "gone";
  EXPECT_FALSE(StatusAutoTimer(wf, wf.statuses[2], 42, kEntered));
}

TEST(FireTimer, MovesTheTicketAsTheSystem) {
  auto wf = TimedWorkflow();
  auto timer = *StatusAutoTimer(wf, *wf.ByKey("waiting"), 42, kEntered);
  const Instant now = kEntered + 49h;
  auto f = FireTimer(wf, InStatus(3), timer, now);
  ASSERT_TRUE(f.change) << f.void_reason;
  EXPECT_TRUE(f.void_reason.empty());
  EXPECT_EQ(f.change->after.custom_status_id, 5);
  EXPECT_EQ(f.change->after.updated_at, now);
  ASSERT_EQ(f.change->events.size(), 2u);
  EXPECT_EQ(f.change->events[0].type, "Change");
  EXPECT_EQ(f.change->events[0].field_name, "status");
  EXPECT_EQ(f.change->events[0].value, "closed");
  EXPECT_EQ(f.change->events[0].previous_value, "pending");
  EXPECT_EQ(f.change->events[1].field_name, "custom_status_id");
  EXPECT_EQ(f.change->events[1].value, "5");
  EXPECT_EQ(f.change->events[1].previous_value, "3");
}

TEST(FireTimer, VoidWhenTheTicketLeftTheStatus) {
  auto wf = TimedWorkflow();
  auto timer = *StatusAutoTimer(wf, *wf.ByKey("waiting"), 42, kEntered);
  auto f = FireTimer(wf, InStatus(2), timer, kEntered + 49h);
  EXPECT_FALSE(f.change);
  EXPECT_NE(f.void_reason.find("left status 'waiting'"), std::string::npos) << f.void_reason;
  EXPECT_NE(f.void_reason.find("'open'"), std::string::npos) << f.void_reason;
}

TEST(FireTimer, VoidWhenTheSystemMayNoLongerMakeTheMove) {
  // The workflow file changed after the timer was scheduled: its rules win.
  auto wf = TimedWorkflow();
  auto timer = *StatusAutoTimer(wf, *wf.ByKey("waiting"), 42, kEntered);
  std::erase_if(wf.transitions, [](const Transition& tr) { return tr.from == "waiting" && tr.to == "closed"; });
  auto f = FireTimer(wf, InStatus(3), timer, kEntered + 49h);
  EXPECT_FALSE(f.change);
  EXPECT_FALSE(f.void_reason.empty());
}

TEST(FireTimer, VoidWhenTheStatusNoLongerDeclaresTheMove) {
  auto wf = TimedWorkflow();
  auto timer = *StatusAutoTimer(wf, *wf.ByKey("waiting"), 42, kEntered);
  wf.statuses[2].auto_transition.reset();
  auto f = FireTimer(wf, InStatus(3), timer, kEntered + 49h);
  EXPECT_FALSE(f.change);
  EXPECT_NE(f.void_reason.find("no longer declares"), std::string::npos) << f.void_reason;

  wf = TimedWorkflow();
  wf.statuses[2].auto_transition->to = "solved";  // now moves elsewhere
  EXPECT_FALSE(FireTimer(wf, InStatus(3), timer, kEntered + 49h).change);
}

TEST(FireTimer, AChangedDelayDoesNotVoidAPendingTimer) {
  auto wf = TimedWorkflow();
  auto timer = *StatusAutoTimer(wf, *wf.ByKey("waiting"), 42, kEntered);
  wf.statuses[2].auto_transition->after = 72h;  // applies to tickets entering from now on
  EXPECT_TRUE(FireTimer(wf, InStatus(3), timer, kEntered + 49h).change);
}

TEST(FireTimer, VoidWhenAStatusIsUnknown) {
  auto wf = TimedWorkflow();
  auto timer = *StatusAutoTimer(wf, *wf.ByKey("waiting"), 42, kEntered);
  timer.to_status_id = 99;
  auto f = FireTimer(wf, InStatus(3), timer, kEntered + 49h);
  EXPECT_FALSE(f.change);
  EXPECT_NE(f.void_reason.find("id 99"), std::string::npos) << f.void_reason;
}

// ---- reminders: a status's `remind`, once, before its `auto` move.

TEST(Reminder, AStatusWithRemindGetsAReminderDueAfterTheDelay) {
  auto wf = TimedWorkflow();
  wf.statuses[2].remind = Reminder{24h};
  auto t = StatusReminderTimer(*wf.ByKey("waiting"), 42, kEntered);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind, kReminderTimer);
  EXPECT_EQ(t->from_status_id, 3);
  EXPECT_EQ(t->to_status_id, 3) << "a reminder moves nothing";
  EXPECT_EQ(t->due_at, kEntered + 24h);
  EXPECT_FALSE(StatusReminderTimer(*wf.ByKey("open"), 42, kEntered)) << "no remind, no reminder";
}

TEST(Reminder, AppliesWhileTheTicketIsStillThereAndBeforeTheAutoMove) {
  auto wf = TimedWorkflow();
  wf.statuses[2].remind = Reminder{24h};
  auto timer = *StatusReminderTimer(*wf.ByKey("waiting"), 42, kEntered);
  EXPECT_EQ(ReminderVoidReason(wf, InStatus(3), timer, kEntered + 24h), "");
  EXPECT_EQ(ReminderVoidReason(wf, InStatus(2), timer, kEntered + 24h),
            "the ticket left status 'waiting' (it is in 'open')");
  // Fired so late (the server was down) that the automatic close is due: it would remind of a
  // deadline already past.
  EXPECT_EQ(ReminderVoidReason(wf, InStatus(3), timer, kEntered + 48h),
            "too late: the automatic move to 'closed' was due at 2026-03-04T12:00:00Z");
  wf.statuses[2].remind.reset();
  EXPECT_EQ(ReminderVoidReason(wf, InStatus(3), timer, kEntered + 24h),
            "status 'waiting' no longer declares a reminder");
}

TEST(Reminder, WorkflowsRefuseAReminderAfterTheAutoMoveOrOnAClosedStatus) {
  auto wf = TimedWorkflow();
  EXPECT_TRUE(Validate(wf).empty());
  wf.statuses[2].remind = Reminder{48h};
  auto issues = Validate(wf);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_NE(issues[0].find("the reminder must come before the automatic transition"), std::string::npos) << issues[0];
  wf.statuses[2].remind = Reminder{0s};
  EXPECT_EQ(Validate(wf).size(), 1u);
  wf.statuses[2].remind.reset();
  wf.statuses[4].remind = Reminder{1h};
  EXPECT_EQ(Validate(wf).size(), 1u) << "nothing to remind of on a closed status";
}

TEST(DelayText, AsAWorkflowFileWritesIt) {
  EXPECT_EQ(DelayText(48h), "48h");
  EXPECT_EQ(DelayText(24h), "24h");
  EXPECT_EQ(DelayText(std::chrono::days(7)), "7d");
  EXPECT_EQ(DelayText(30min), "30m");
  EXPECT_EQ(DelayText(90s), "90s");
}

}  // namespace
}  // namespace chamado
