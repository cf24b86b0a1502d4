#include "domain/metrics.hpp"

#include <gtest/gtest.h>

#include "domain/testing/calendars.hpp"
#include "domain/testing/test_status.hpp"

namespace chamado {
namespace {

// new(1) -> open(2) -> pending(3) / hold(4) -> solved(5) -> closed(6), plus a customer close(7).
Workflow MetricsWorkflow() {
  Workflow wf;
  wf.name = "metrics";
  auto st = [](auto... a) { return testing::TestStatus(a...); };
  wf.statuses = {st(1, "new", Category::kNew, true),
                 st(2, "open", Category::kOpen, true),
                 st(3, "pending", Category::kPending, true),
                 st(4, "hold", Category::kHold, true),
                 st(5, "solved", Category::kSolved, true),
                 st(6, "closed", Category::kSolved, false, true),
                 st(7, "closed_by_you", Category::kSolved, false, true)};
  wf.initial = "new";
  wf.queue_unassigned = "new";
  wf.queue_assigned = "open";
  wf.customer_close = "closed_by_you";
  return wf;
}

constexpr std::int64_t kAgent = 5;
constexpr std::int64_t kOtherAgent = 6;
constexpr std::int64_t kRequester = 10;
const std::set<std::int64_t> kStaff{kAgent, kOtherAgent};

// 2026-03-02T12:00:00Z, and minutes after it.
const Instant kT0 = FromUnix(1772452800);
Instant At(int minutes) { return kT0 + std::chrono::minutes(minutes); }

// Builds a ticket's history the way the use cases write it: one audit per change.
class History {
 public:
  History() {
    ticket_.id = 42;
    ticket_.requester_id = kRequester;
    ticket_.submitter_id = kAgent;
    ticket_.custom_status_id = 1;
    ticket_.created_at = ticket_.updated_at = kT0;
  }

  // The creation audit: the description by `author` and, optionally, a status set at creation.
  History& Created(std::int64_t author, std::optional<std::int64_t> status = std::nullopt,
                   std::optional<std::int64_t> assignee = std::nullopt) {
    Audit a = NewAudit(author, kT0);
    a.events.push_back({0, "Create", "subject", "Help", "", 0});
    if (assignee) {
      a.events.push_back({0, "Create", "assignee_id", std::to_string(*assignee), "", 0});
      ticket_.assignee_id = assignee;
    }
    if (status) {
      a.events.push_back({0, "Create", "custom_status_id", std::to_string(*status), "1", 0});
      ticket_.custom_status_id = *status;
    }
    AddComment(a, author, true);
    audits_.push_back(std::move(a));
    return *this;
  }
  History& Status(int minute, std::int64_t author, std::int64_t to) {
    Audit a = NewAudit(author, At(minute));
    StatusEvents(a, to);
    audits_.push_back(std::move(a));
    return *this;
  }
  History& Assign(int minute, std::int64_t author, std::int64_t assignee, std::optional<std::int64_t> to = {}) {
    Audit a = NewAudit(author, At(minute));
    a.events.push_back({0, "Change", "assignee_id", std::to_string(assignee),
                        ticket_.assignee_id ? std::to_string(*ticket_.assignee_id) : "", 0});
    ticket_.assignee_id = assignee;
    if (to) StatusEvents(a, *to);
    audits_.push_back(std::move(a));
    return *this;
  }
  History& Comment(int minute, std::int64_t author, bool is_public, std::optional<std::int64_t> to = {}) {
    Audit a = NewAudit(author, At(minute));
    if (to) StatusEvents(a, *to);
    AddComment(a, author, is_public);
    audits_.push_back(std::move(a));
    return *this;
  }
  // The e-mail reminder a timer writes while the ticket waits in its status (app/timers.cpp).
  History& Reminder(int minute) {
    Audit a = NewAudit(0, At(minute));
    a.events.push_back({0, "Reminder", "custom_status_id", std::to_string(ticket_.custom_status_id), "", 0});
    audits_.push_back(std::move(a));
    return *this;
  }
  History& Group(int minute, std::int64_t group) {
    Audit a = NewAudit(kAgent, At(minute));
    a.events.push_back({0, "Change", "group_id", std::to_string(group), "", 0});
    audits_.push_back(std::move(a));
    return *this;
  }

  TicketMetrics Compute(Instant now, const Calendar* business = nullptr) const {
    return ComputeMetrics(ticket_, audits_, comments_, wf_, kStaff, now, business);
  }
  Ticket& ticket() { return ticket_; }

 private:
  Audit NewAudit(std::int64_t author, Instant at) {
    Audit a;
    a.id = static_cast<std::int64_t>(audits_.size()) + 1;
    a.ticket_id = ticket_.id;
    a.author_id = author;
    a.created_at = at;
    ticket_.updated_at = at;
    return a;
  }
  void StatusEvents(Audit& a, std::int64_t to) {
    const std::string from = std::to_string(ticket_.custom_status_id);
    a.events.push_back({0, "Change", "status", "x", "y", 0});
    a.events.push_back({0, "Change", "custom_status_id", std::to_string(to), from, 0});
    ticket_.custom_status_id = to;
  }
  void AddComment(Audit& a, std::int64_t author, bool is_public) {
    chamado::Comment c;
    c.id = static_cast<std::int64_t>(comments_.size()) + 100;
    c.ticket_id = ticket_.id;
    c.author_id = author;
    c.audit_id = a.id;
    c.is_public = is_public;
    c.created_at = a.created_at;
    comments_.push_back(c);
    a.events.push_back({0, "Comment", "comment", is_public ? "public" : "internal", "", c.id});
  }

  Workflow wf_ = MetricsWorkflow();
  Ticket ticket_;
  std::vector<Audit> audits_;
  std::vector<chamado::Comment> comments_;
};

// The lifecycle of PRODUCT.md §2: created, assigned, answered, pending, customer reply, customer close.
History Lifecycle() {
  History h;
  h.Created(kRequester)
      .Assign(10, kAgent, kAgent, 2)      // 12:10 assigned -> open
      .Comment(30, kAgent, true)          // 12:30 public reply
      .Comment(40, kAgent, false)         // 12:40 internal note
      .Status(60, kAgent, 3)              // 13:00 pending
      .Comment(180, kRequester, true, 2)  // 15:00 customer reply -> open
      .Status(240, kRequester, 7);        // 16:00 closed by the customer
  return h;
}

TEST(Metrics, LifecycleCountsRepliesAndResolutionTimes) {
  auto m = Lifecycle().Compute(At(360));
  EXPECT_EQ(m.ticket_id, 42);
  EXPECT_EQ(m.created_at, kT0);
  EXPECT_EQ(m.updated_at, At(240));
  EXPECT_EQ(m.replies, 1);  // the internal note and the customer's reply are not replies
  EXPECT_EQ(m.reopens, 0);
  EXPECT_EQ(m.reply_time.calendar, 30);
  EXPECT_EQ(m.reply_time_in_seconds, 30 * 60);
  EXPECT_FALSE(m.reply_time.business.has_value());
  EXPECT_EQ(m.first_resolution_time.calendar, 240);
  EXPECT_EQ(m.full_resolution_time.calendar, 240);
  EXPECT_EQ(m.solved_at, At(240));
}

// ---- sla: business minutes on the ticket's calendar (Mon 2 Mar 2026, 09:00-13:00 in São Paulo).
TEST(Metrics, BusinessMinutesCountOnlyTheCalendarsOpenHours) {
  const Calendar open = testing::SaoPauloBusinessHours();
  auto m = Lifecycle().Compute(At(360), &open);
  EXPECT_EQ(m.reply_time.business, 30);  // all of it in business hours
  EXPECT_EQ(m.first_resolution_time.business, 240);
  EXPECT_EQ(m.full_resolution_time.business, 240);
  EXPECT_EQ(m.requester_wait_time.business, 10 + 50 + 60);
  EXPECT_EQ(m.agent_wait_time.business, 120);
  EXPECT_EQ(m.on_hold_time.business, 0);

  // The same day a holiday: nothing counts on the business clock, the calendar one is unchanged.
  const Calendar holiday = testing::SaoPauloBusinessHours({testing::Holiday(testing::Day(2026, 3, 2), "Feriado")});
  m = Lifecycle().Compute(At(360), &holiday);
  EXPECT_EQ(m.reply_time.calendar, 30);
  EXPECT_EQ(m.reply_time.business, 0);
  EXPECT_EQ(m.requester_wait_time.business, 0);

  // Waiting overnight: 24 calendar hours, one business day (09:00-18:00, then 08:30-09:00).
  History waiting;
  waiting.Created(kRequester);
  m = waiting.Compute(At(24 * 60), &open);
  EXPECT_EQ(m.requester_wait_time.calendar, 24 * 60);
  EXPECT_EQ(m.requester_wait_time.business, 570);
  EXPECT_FALSE(m.reply_time.business.has_value());  // no reply yet
}

TEST(Metrics, LifecycleTimestamps) {
  auto m = Lifecycle().Compute(At(360));
  EXPECT_EQ(m.assigned_at, At(10));
  EXPECT_EQ(m.initially_assigned_at, At(10));
  EXPECT_EQ(m.status_updated_at, At(240));
  EXPECT_EQ(m.latest_comment_added_at, At(180));
  EXPECT_EQ(m.requester_updated_at, At(240));  // the customer's close is their latest update
  EXPECT_EQ(m.assignee_updated_at, At(60));
  EXPECT_EQ(m.first_status_activity_at, kT0);
  EXPECT_EQ(m.last_status_activity_at, At(240));
  EXPECT_EQ(m.assignee_stations, 1);
  EXPECT_EQ(m.group_stations, 0);
}

TEST(Metrics, AReminderIsNotStatusActivity) {
  History h;
  h.Created(kRequester).Status(30, kAgent, 2).Reminder(24 * 60);
  auto m = h.Compute(At(25 * 60));
  EXPECT_EQ(m.status_updated_at, At(30));
  EXPECT_EQ(m.last_status_activity_at, At(30)) << "the customer's activity tab shows the last real move";
}

TEST(Metrics, WaitTimesSplitByCategoryAndStopWhenSolved) {
  auto m = Lifecycle().Compute(At(10000));
  // new 12:00-12:10, open 12:10-13:00 and 15:00-16:00; pending 13:00-15:00; solved after.
  EXPECT_EQ(m.requester_wait_time.calendar, 10 + 50 + 60);
  EXPECT_EQ(m.agent_wait_time.calendar, 120);
  EXPECT_EQ(m.on_hold_time.calendar, 0);
}

TEST(Metrics, OpenTicketWaitsUpToNow) {
  History h;
  h.Created(kRequester).Assign(10, kAgent, kAgent, 2);
  auto m = h.Compute(At(100));
  EXPECT_EQ(m.requester_wait_time.calendar, 100);
  EXPECT_EQ(m.agent_wait_time.calendar, 0);
  EXPECT_FALSE(m.solved_at.has_value());
  EXPECT_FALSE(m.first_resolution_time.calendar.has_value());
  EXPECT_FALSE(m.full_resolution_time.calendar.has_value());
  EXPECT_FALSE(m.reply_time.calendar.has_value());
  EXPECT_FALSE(m.reply_time_in_seconds.has_value());
  EXPECT_EQ(m.replies, 0);
  EXPECT_EQ(m.last_status_activity_at, At(10));
}

TEST(Metrics, AReopenCountsAndTheLatestSolveIsTheFullResolution) {
  History h;
  h.Created(kRequester)
      .Assign(5, kAgent, kAgent, 2)
      .Comment(20, kAgent, true, 5)      // 12:20 solved with a reply
      .Comment(80, kRequester, true, 2)  // 13:20 the customer reopens it
      .Comment(100, kAgent, true, 5)     // 13:40 solved again
      .Status(200, kAgent, 6);           // 15:20 closed: still solved, not a new solve
  auto m = h.Compute(At(300));
  EXPECT_EQ(m.reopens, 1);
  EXPECT_EQ(m.replies, 2);
  EXPECT_EQ(m.reply_time.calendar, 20);
  EXPECT_EQ(m.solved_at, At(100));
  EXPECT_EQ(m.first_resolution_time.calendar, 20);
  EXPECT_EQ(m.full_resolution_time.calendar, 100);
  EXPECT_EQ(m.requester_wait_time.calendar, 5 + 15 + 20);
  EXPECT_EQ(m.status_updated_at, At(200));
  EXPECT_EQ(m.last_status_activity_at, At(200));
}

TEST(Metrics, AReopenedTicketHasNoFullResolutionButKeepsItsLastSolve) {
  History h;
  h.Created(kRequester).Assign(5, kAgent, kAgent, 2).Status(20, kAgent, 5).Comment(80, kRequester, true, 2);
  auto m = h.Compute(At(100));
  EXPECT_EQ(m.reopens, 1);
  EXPECT_EQ(m.solved_at, At(20));
  EXPECT_EQ(m.first_resolution_time.calendar, 20);
  EXPECT_FALSE(m.full_resolution_time.calendar.has_value());
  EXPECT_EQ(m.requester_wait_time.calendar, 20 + 20);  // 12:00-12:20 and 13:20-13:40 (now)
}

TEST(Metrics, HoldTimeIsOnHoldAndPartOfTheRequesterWait) {
  History h;
  h.Created(kRequester).Assign(0, kAgent, kAgent, 2).Status(30, kAgent, 4).Status(90, kAgent, 2).Status(100, kAgent, 5);
  auto m = h.Compute(At(500));
  EXPECT_EQ(m.on_hold_time.calendar, 60);
  EXPECT_EQ(m.requester_wait_time.calendar, 100);
  EXPECT_EQ(m.agent_wait_time.calendar, 0);
}

TEST(Metrics, AStaffCommentAtCreationIsTheDescriptionNotAReply) {
  History h;
  h.Created(kAgent).Comment(50, kOtherAgent, true);
  auto m = h.Compute(At(60));
  EXPECT_EQ(m.replies, 1);
  EXPECT_EQ(m.reply_time.calendar, 50);
  EXPECT_FALSE(m.requester_updated_at.has_value());  // neither a change nor a comment by the requester
  EXPECT_EQ(m.latest_comment_added_at, At(50));
}

TEST(Metrics, ReplyTimeRoundsDownToWholeMinutes) {
  History h;
  h.Created(kRequester);
  h.Comment(0, kAgent, true);
  auto m = h.Compute(At(10));
  EXPECT_EQ(m.reply_time.calendar, 0);
  EXPECT_EQ(m.reply_time_in_seconds, 0);

  History h2;
  h2.Created(kRequester).Comment(1, kAgent, true);
  auto m2 = h2.Compute(At(10));
  EXPECT_EQ(m2.reply_time.calendar, 1);
}

TEST(Metrics, SecondsBelowAMinuteDoNotCount) {
  History h;
  h.Created(kRequester);
  auto m = h.Compute(kT0 + std::chrono::seconds(119));
  EXPECT_EQ(m.requester_wait_time.calendar, 1);
}

TEST(Metrics, AssignedAtCreationStartsOpenWithoutAStatusChange) {
  History h;
  h.Created(kAgent, /*status=*/2, /*assignee=*/kAgent);
  auto m = h.Compute(At(30));
  EXPECT_EQ(m.initially_assigned_at, kT0);
  EXPECT_EQ(m.assigned_at, kT0);
  EXPECT_EQ(m.status_updated_at, kT0);
  EXPECT_EQ(m.first_status_activity_at, kT0);
  EXPECT_EQ(m.last_status_activity_at, kT0);
  EXPECT_EQ(m.requester_wait_time.calendar, 30);
}

TEST(Metrics, ReassignmentsMoveAssignedAtAndCountStations) {
  History h;
  h.Created(kRequester).Assign(10, kAgent, kAgent, 2).Assign(20, kAgent, kOtherAgent).Group(25, 3);
  auto m = h.Compute(At(30));
  EXPECT_EQ(m.initially_assigned_at, At(10));
  EXPECT_EQ(m.assigned_at, At(20));
  EXPECT_EQ(m.assignee_stations, 2);
  EXPECT_EQ(m.group_stations, 1);
  EXPECT_EQ(m.assignee_updated_at, std::nullopt);  // kOtherAgent has not touched it
}

TEST(Metrics, CreatedSolvedIsSolvedAtCreation) {
  History h;
  h.Created(kAgent, /*status=*/5);
  auto m = h.Compute(At(30));
  EXPECT_EQ(m.solved_at, kT0);
  EXPECT_EQ(m.first_resolution_time.calendar, 0);
  EXPECT_EQ(m.full_resolution_time.calendar, 0);
  EXPECT_EQ(m.requester_wait_time.calendar, 0);
}

TEST(Metrics, WithoutAuditsTheTicketKeepsItsCurrentStatusSinceCreation) {
  Ticket t;
  t.id = 7;
  t.requester_id = kRequester;
  t.custom_status_id = 3;
  t.created_at = t.updated_at = kT0;
  auto m = ComputeMetrics(t, {}, {}, MetricsWorkflow(), kStaff, At(45));
  EXPECT_EQ(m.agent_wait_time.calendar, 45);
  EXPECT_EQ(m.requester_wait_time.calendar, 0);
  EXPECT_EQ(m.status_updated_at, kT0);
  EXPECT_EQ(m.last_status_activity_at, kT0);
  EXPECT_FALSE(m.latest_comment_added_at.has_value());
}

TEST(Metrics, ANowBeforeTheLastEventCountsNothingNegative) {
  auto m = Lifecycle().Compute(kT0 - std::chrono::minutes(5));
  EXPECT_GE(*m.requester_wait_time.calendar, 0);
  EXPECT_EQ(m.agent_wait_time.calendar, 120);
}

}  // namespace
}  // namespace chamado
