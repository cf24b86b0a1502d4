#include "domain/sla.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "domain/testing/calendars.hpp"
#include "domain/testing/case_lifecycle.hpp"

namespace chamado {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using testing::At;
using testing::Day;
using testing::Holiday;
using Kind = SlaHistoryEvent::Kind;

using testing::kAwaitingConfirmation;
using testing::kAwaitingResponse;
using testing::kClosed;
using testing::kEscalated;
using testing::kInProgress;
using testing::kNew;
using testing::kResolved;

const Workflow& Wf() {
  static const Workflow wf = testing::CaseLifecycleStatuses();
  return wf;
}

std::string Iso(std::optional<Instant> t) { return t ? FormatIso(*t) : "(none)"; }

SlaPolicyMetric M(Priority p, std::string_view metric, std::int64_t target, bool business = false) {
  SlaPolicyMetric m;
  m.priority = p;
  m.metric = std::string(metric);
  m.target = target;
  m.business_hours = business;
  return m;
}

SlaPolicy PolicyOf(std::vector<SlaPolicyMetric> metrics) {
  SlaPolicy p;
  p.id = 7;
  p.title = "Test";
  p.metrics = std::move(metrics);
  return p;
}

// A ticket's story as the SLA history sees it, oldest first; its targets at `now`.
class Story {
 public:
  explicit Story(Instant created, std::int64_t status = kNew) {
    ticket_.id = 42;
    ticket_.requester_id = 10;
    ticket_.custom_status_id = status;
    ticket_.priority = Priority::kNormal;
    ticket_.created_at = ticket_.updated_at = created;
    history_.push_back({Kind::kStatus, created, status});
  }
  Story& Move(Instant at, std::int64_t to) {
    history_.push_back({Kind::kStatus, at, to});
    ticket_.custom_status_id = to;
    return *this;
  }
  Story& AgentReply(Instant at) { return Add(Kind::kAgentPublicReply, at); }
  Story& RequesterComment(Instant at) { return Add(Kind::kRequesterPublicComment, at); }
  Story& Escalate(Instant at) { return Add(Kind::kEscalated, at); }
  Story& Conclude(Instant at) { return Add(Kind::kEscalationConcluded, at); }
  Story& WithPriority(std::optional<Priority> p) {
    ticket_.priority = p;
    return *this;
  }

  std::vector<SlaTarget> Targets(const SlaPolicy& p, Instant now, const Calendar* cal = nullptr) const {
    SlaInputs in{ticket_, Wf(), p, cal, history_, now};
    return ComputeSlaTargets(in);
  }
  // The one target of `metric`; fails the test when there is none.
  SlaTarget Target(const SlaPolicy& p, std::string_view metric, Instant now, const Calendar* cal = nullptr) const {
    auto all = Targets(p, now, cal);
    auto it = std::find_if(all.begin(), all.end(), [&](const SlaTarget& t) { return t.metric == metric; });
    if (it == all.end()) {
      ADD_FAILURE() << "no " << metric << " target";
      return {};
    }
    return *it;
  }
  bool HasTarget(const SlaPolicy& p, std::string_view metric, Instant now) const {
    auto all = Targets(p, now);
    return std::any_of(all.begin(), all.end(), [&](const SlaTarget& t) { return t.metric == metric; });
  }
  Ticket& ticket() { return ticket_; }

 private:
  Story& Add(Kind k, Instant at) {
    history_.push_back({k, at, 0});
    return *this;
  }
  Ticket ticket_;
  std::vector<SlaHistoryEvent> history_;
};

// Monday 2 March 2026, 09:00 in São Paulo.
const Instant kT0 = At("2026-03-02T12:00:00Z");

// Checks an explanation is a gapless run from `from` to `to` whose counted time is `counted`.
void ExpectExplains(const SlaTarget& t, Instant from, Instant to, minutes counted) {
  ASSERT_FALSE(t.explanation.empty());
  EXPECT_EQ(Iso(t.explanation.front().from), Iso(from));
  EXPECT_EQ(Iso(t.explanation.back().to), Iso(to));
  std::chrono::seconds total{0};
  for (std::size_t i = 0; i < t.explanation.size(); ++i) {
    const auto& s = t.explanation[i];
    if (i > 0) {
      EXPECT_EQ(Iso(t.explanation[i - 1].to), Iso(s.from)) << "segment " << i << " leaves a gap";
    }
    if (s.counted) total += s.to - s.from;
    EXPECT_EQ(s.counted, s.reason.empty()) << "segment " << i << ": skipped time says why, counted time does not";
  }
  EXPECT_EQ(total, counted);
}

bool HasSegment(const SlaTarget& t, const TimeSegment& want) {
  return std::find(t.explanation.begin(), t.explanation.end(), want) != t.explanation.end();
}

// ---------------------------------------------------------------- vocabulary and validation

TEST(SlaPolicy, KnowsZendeskMetricsAndOurs) {
  for (auto m : {"first_reply_time", "next_reply_time", "periodic_update_time", "requester_wait_time",
                 "agent_work_time", "resolution_time", "chamado_escalation_time"})
    EXPECT_TRUE(IsSlaMetric(m)) << m;
  EXPECT_FALSE(IsSlaMetric("pausable_update_time"));
  EXPECT_FALSE(IsSlaMetric(""));
}

TEST(SlaPolicy, DefaultPolicyIsValid) { EXPECT_TRUE(ValidatePolicy(DefaultSlaPolicy(), Wf())); }

// The first (and only) field error of a refused policy.
FieldError Refusal(const SlaPolicy& p) {
  auto r = ValidatePolicy(p, Wf());
  EXPECT_FALSE(r) << "accepted";
  if (r) return {};
  EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(r.error().fields.size(), 1u) << r.error().fields.front().description;
  return r.error().fields.front();
}

TEST(SlaPolicy, RefusesUnknownMetric) {
  auto e = Refusal(PolicyOf({M(Priority::kHigh, "time_to_coffee", 10)}));
  EXPECT_EQ(e.field, "policy_metrics");
  EXPECT_EQ(e.error, "UnknownMetric");
  EXPECT_NE(e.description.find("time_to_coffee"), std::string::npos) << e.description;
}

TEST(SlaPolicy, RefusesTargetsThatAreNotPositive) {
  EXPECT_EQ(Refusal(PolicyOf({M(Priority::kHigh, kFirstReplyTime, 0)})).error, "InvalidTarget");
  EXPECT_EQ(Refusal(PolicyOf({M(Priority::kHigh, kFirstReplyTime, -5)})).error, "InvalidTarget");
  EXPECT_EQ(Refusal(PolicyOf({M(Priority::kHigh, kFirstReplyTime, 400 * 24 * 60)})).error, "InvalidTarget")
      << "more than a year";
}

TEST(SlaPolicy, BusinessDaysNeedBusinessHoursAndOverrideTheTarget) {
  auto m = M(Priority::kNormal, kEscalationTime, 0, false);
  m.business_days = 6;
  EXPECT_EQ(Refusal(PolicyOf({m})).error, "BusinessDaysNeedBusinessHours");
  m.business_hours = true;
  EXPECT_TRUE(ValidatePolicy(PolicyOf({m}), Wf())) << "business_days stands in for the target";
  m.business_days = 0;
  EXPECT_EQ(Refusal(PolicyOf({m})).error, "InvalidTarget");
}

TEST(SlaPolicy, RefusesPauseStatusTheWorkflowLacks) {
  auto m = M(Priority::kNormal, kResolutionTime, 60);
  m.pause_status_ids = {kAwaitingResponse, 99};
  auto e = Refusal(PolicyOf({m}));
  EXPECT_EQ(e.error, "UnknownStatus");
  EXPECT_NE(e.description.find("99"), std::string::npos) << e.description;
}

TEST(SlaPolicy, RefusesTwoTargetsForOnePriorityAndMetric) {
  auto e = Refusal(PolicyOf({M(Priority::kLow, kFirstReplyTime, 60), M(Priority::kHigh, kFirstReplyTime, 30),
                             M(Priority::kLow, kFirstReplyTime, 90)}));
  EXPECT_EQ(e.error, "DuplicateValue");
  EXPECT_NE(e.description.find("#3 (first_reply_time, low)"), std::string::npos) << e.description;
}

TEST(SlaPolicy, RefusesBlankTitle) {
  auto p = PolicyOf({});
  p.title = "  ";
  EXPECT_EQ(Refusal(p).field, "title");
}

TEST(SlaPolicy, RefusesUnknownConditions) {
  auto with = [](std::string field, std::string op, std::string value) {
    auto p = PolicyOf({});
    p.filter.all.push_back({std::move(field), std::move(op), std::move(value)});
    return p;
  };
  EXPECT_EQ(Refusal(with("colour", "is", "red")).error, "UnknownField");
  EXPECT_EQ(Refusal(with("custom_fields_x", "is", "a")).error, "UnknownField");
  EXPECT_EQ(Refusal(with("type", "includes", "incident")).error, "UnknownOperator");
  EXPECT_EQ(Refusal(with("group_id", "less_than", "3")).error, "UnknownOperator") << "ordered only for priority";
  EXPECT_EQ(Refusal(with("priority", "is", "critical")).error, "InvalidValue");
  EXPECT_EQ(Refusal(with("type", "is", "complaint")).error, "InvalidValue");
  EXPECT_EQ(Refusal(with("group_id", "is", "support")).error, "InvalidValue");
  EXPECT_TRUE(ValidatePolicy(with("priority", "greater_than", "normal"), Wf()));
  EXPECT_TRUE(ValidatePolicy(with("custom_fields_101", "is", "topic_billing"), Wf()));
  auto any = PolicyOf({});
  any.filter.any.push_back({"via", "is", ""});
  auto e = Refusal(any);
  EXPECT_EQ(e.error, "BlankValue");
  EXPECT_NE(e.description.find("any[0]"), std::string::npos) << e.description;
}

TEST(SlaPolicy, ReportsEveryProblemAtOnce) {
  auto p = PolicyOf({M(Priority::kLow, "nope", 1), M(Priority::kLow, kFirstReplyTime, 0)});
  p.title = "";
  auto r = ValidatePolicy(p, Wf());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields.size(), 3u);
}

// ---------------------------------------------------------------- matching

Ticket Sample() {
  Ticket t;
  t.id = 1;
  t.priority = Priority::kHigh;
  t.group_id = 12;
  t.type = TicketType::kIncident;
  t.via_channel = "web";
  t.custom_fields = {{101, std::string("topic_billing")}, {110, std::vector<std::string>{"a", "b"}}, {111, true}};
  return t;
}

bool Matches(std::vector<SlaCondition> all, std::vector<SlaCondition> any = {}, std::int64_t topic = 101,
             const Ticket& t = Sample()) {
  return PolicyMatches(SlaFilter{std::move(all), std::move(any)}, t, topic);
}

TEST(SlaMatching, EmptyFilterMatchesEveryTicket) { EXPECT_TRUE(Matches({})); }

TEST(SlaMatching, AllMustHoldAndAnyNeedsOne) {
  EXPECT_TRUE(Matches({{"priority", "is", "high"}, {"group_id", "is", "12"}}));
  EXPECT_FALSE(Matches({{"priority", "is", "high"}, {"group_id", "is", "13"}}));
  EXPECT_TRUE(Matches({}, {{"via", "is", "email"}, {"via", "is", "web"}}));
  EXPECT_FALSE(Matches({}, {{"via", "is", "email"}, {"via", "is", "chat"}}));
  EXPECT_FALSE(Matches({{"type", "is", "question"}}, {{"via", "is", "web"}}));
}

TEST(SlaMatching, PriorityIsOrdered) {
  EXPECT_TRUE(Matches({{"priority", "greater_than", "normal"}}));
  EXPECT_FALSE(Matches({{"priority", "greater_than", "high"}}));
  EXPECT_TRUE(Matches({{"priority", "less_than", "urgent"}}));
  EXPECT_TRUE(Matches({{"priority", "is_not", "low"}}));
  Ticket none = Sample();
  none.priority.reset();
  EXPECT_TRUE(Matches({{"priority", "is", "normal"}}, {}, 101, none)) << "no priority reads as normal";
}

TEST(SlaMatching, GroupTypeAndVia) {
  EXPECT_TRUE(Matches({{"group_id", "is_not", "3"}, {"type", "is", "incident"}, {"via", "is_not", "email"}}));
  Ticket t = Sample();
  t.group_id.reset();
  t.type.reset();
  EXPECT_TRUE(Matches({{"group_id", "is", ""}, {"type", "is", ""}}, {}, 101, t)) << "empty means none";
  EXPECT_FALSE(Matches({{"group_id", "is", "12"}}, {}, 101, t));
}

TEST(SlaMatching, TopicReadsTheConfiguredField) {
  EXPECT_TRUE(Matches({{"topic", "is", "topic_billing"}}, {}, 101));
  EXPECT_FALSE(Matches({{"topic", "is", "topic_billing"}}, {}, 0)) << "no topic field configured";
  EXPECT_TRUE(Matches({{"topic", "is_not", "topic_billing"}}, {}, 0));
  EXPECT_FALSE(Matches({{"topic", "is", "topic_billing"}}, {}, 100)) << "a field the ticket does not have";
}

TEST(SlaMatching, CustomFields) {
  EXPECT_TRUE(Matches({{"custom_fields_101", "is", "topic_billing"}}));
  EXPECT_TRUE(Matches({{"custom_fields_110", "is", "b"}})) << "a multiselect holds each option";
  EXPECT_FALSE(Matches({{"custom_fields_110", "is", "c"}}));
  EXPECT_TRUE(Matches({{"custom_fields_111", "is", "true"}}));
  EXPECT_TRUE(Matches({{"custom_fields_120", "is", ""}})) << "unset";
}

TEST(SlaMatching, PicksLowestPositionThenLowestId) {
  std::vector<SlaPolicy> ps(4);
  ps[0].id = 1, ps[0].position = 5;
  ps[1].id = 3, ps[1].position = 2;
  ps[2].id = 2, ps[2].position = 2;
  ps[3].id = 4, ps[3].position = 0, ps[3].filter.all = {{"via", "is", "email"}};
  const SlaPolicy* p = PickPolicy(ps, Sample(), 101);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->id, 2) << "position 0 does not match; 2 and 3 tie on position";
  for (auto& x : ps) x.filter.all = {{"via", "is", "chat"}};
  EXPECT_EQ(PickPolicy(ps, Sample(), 101), nullptr);
}

// ---------------------------------------------------------------- PRODUCT.md §5 defaults

TEST(SlaDefaults, PriorityFromAvailability) {
  EXPECT_EQ(PriorityFromAvailability("impact_total"), Priority::kHigh);
  EXPECT_EQ(PriorityFromAvailability("impact_partial"), Priority::kNormal);
  EXPECT_EQ(PriorityFromAvailability("impact_none"), Priority::kLow);
  EXPECT_EQ(PriorityFromAvailability(std::nullopt), Priority::kNormal) << "e-mail and API tickets";
  EXPECT_EQ(PriorityFromAvailability("impact_unknown"), Priority::kNormal);
  EXPECT_EQ(PriorityFromCustomFields({{101, std::string("impact_total")}}), Priority::kNormal) << "another field";
  EXPECT_EQ(PriorityFromCustomFields({{kAvailabilityImpactFieldId, std::string("impact_total")}}), Priority::kHigh);
  EXPECT_EQ(PriorityFromCustomFields({{kAvailabilityImpactFieldId, std::monostate{}}}), Priority::kNormal);
}

TEST(SlaDefaults, DefaultPolicyHasTheProductTargets) {
  const SlaPolicy p = DefaultSlaPolicy();
  // Every ticket but the internal problem tickets of escalations.
  Ticket incident = Sample();
  incident.type = TicketType::kIncident;
  Ticket untyped = Sample();
  untyped.type.reset();
  Ticket problem = Sample();
  problem.type = TicketType::kProblem;
  EXPECT_TRUE(PolicyMatches(p.filter, incident, 0));
  EXPECT_TRUE(PolicyMatches(p.filter, untyped, 0));
  EXPECT_FALSE(PolicyMatches(p.filter, problem, 0)) << "a problem ticket gets no customer targets";
  auto find = [&](Priority pr, std::string_view metric) -> const SlaPolicyMetric* {
    for (const auto& m : p.metrics)
      if (m.priority == pr && m.metric == metric) return &m;
    return nullptr;
  };
  const std::pair<Priority, std::int64_t> resolution_days[] = {
      {Priority::kUrgent, 5}, {Priority::kHigh, 5}, {Priority::kNormal, 15}, {Priority::kLow, 30}};
  for (auto [pr, d] : resolution_days) {
    SCOPED_TRACE(std::string(PriorityName(pr)));
    const auto* res = find(pr, kResolutionTime);
    ASSERT_NE(res, nullptr);
    EXPECT_EQ(res->target, d * 24 * 60);
    EXPECT_FALSE(res->business_hours) << "calendar days";
    const auto* frt = find(pr, kFirstReplyTime);
    ASSERT_NE(frt, nullptr);
    EXPECT_EQ(frt->target, 24 * 60);
    EXPECT_FALSE(frt->business_hours);
    const auto* esc = find(pr, kEscalationTime);
    ASSERT_NE(esc, nullptr);
    EXPECT_EQ(esc->business_days, 6);
    EXPECT_TRUE(esc->business_hours);
    EXPECT_TRUE(esc->pause_status_ids.empty()) << "the workflow's pausing statuses";
  }
  EXPECT_EQ(p.metrics.size(), 12u);
}

// A normal ticket created on the Friday before Carnival and escalated at once: PRODUCT.md §5's
// example (6 business days = 6 x 570 minutes: Carnival Monday and Tuesday are skipped).
TEST(SlaDefaults, EscalationOverCarnivalIsDueOnTheWednesdayAfter) {
  const Calendar cal =
      testing::SaoPauloBusinessHours({Holiday(Day(2026, 2, 16), "Carnaval"), Holiday(Day(2026, 2, 17), "Carnaval")});
  const Instant created = At("2026-02-13T17:00:00-03:00");
  Story s(created);
  s.Escalate(created).Move(created, kEscalated);
  const SlaPolicy p = DefaultSlaPolicy();
  const Instant now = At("2026-02-20T12:00:00-03:00");

  SlaTarget esc = s.Target(p, kEscalationTime, now, &cal);
  EXPECT_EQ(esc.target_minutes, 6 * 570);
  EXPECT_TRUE(esc.business_hours);
  EXPECT_EQ(esc.stage, kStageActive);
  EXPECT_EQ(Iso(esc.started_at), Iso(created));
  EXPECT_EQ(Iso(esc.breach_at), Iso(At("2026-02-25T17:00:00-03:00")));
  EXPECT_FALSE(esc.breached);
  ExpectExplains(esc, created, At("2026-02-25T17:00:00-03:00"), minutes(6 * 570));
  EXPECT_TRUE(HasSegment(esc, {At("2026-02-16T00:00:00-03:00"), At("2026-02-18T00:00:00-03:00"), false, "Carnaval"}));
  EXPECT_TRUE(HasSegment(esc, {At("2026-02-14T00:00:00-03:00"), At("2026-02-16T00:00:00-03:00"), false, "weekend"}));
  EXPECT_TRUE(HasSegment(esc, {created, At("2026-02-13T18:00:00-03:00"), true, ""}));

  // The calendar-time targets ignore Carnival: 24 hours and 15 days.
  EXPECT_EQ(Iso(s.Target(p, kFirstReplyTime, now, &cal).breach_at), Iso(At("2026-02-14T17:00:00-03:00")));
  EXPECT_EQ(Iso(s.Target(p, kResolutionTime, now, &cal).breach_at), Iso(At("2026-02-28T17:00:00-03:00")));

  // The problem was solved on Thursday: achieved in time.
  s.Conclude(At("2026-02-26T10:00:00-03:00")).Move(At("2026-02-26T10:00:00-03:00"), kInProgress);
  esc = s.Target(p, kEscalationTime, At("2026-02-27T10:00:00-03:00"), &cal);
  EXPECT_EQ(esc.stage, kStageAchieved);
  EXPECT_EQ(Iso(esc.achieved_at), Iso(At("2026-02-26T10:00:00-03:00")));
  EXPECT_TRUE(esc.breached) << "concluded after Wednesday 17:00";
}

TEST(SlaDefaults, PriorityDecidesTheResolutionTarget) {
  const SlaPolicy p = DefaultSlaPolicy();
  Story s(kT0);
  const std::pair<std::optional<Priority>, days> cases[] = {{Priority::kUrgent, days(5)},
                                                            {Priority::kHigh, days(5)},
                                                            {Priority::kNormal, days(15)},
                                                            {Priority::kLow, days(30)},
                                                            {std::nullopt, days(15)}};
  for (auto [pr, d] : cases) {
    s.WithPriority(pr);
    auto all = s.Targets(p, kT0 + hours(1));
    EXPECT_EQ(all.size(), 2u) << "first reply and resolution; no escalation yet";
    EXPECT_EQ(Iso(s.Target(p, kResolutionTime, kT0).breach_at), Iso(kT0 + d));
  }
}

// ---------------------------------------------------------------- recomputation

TEST(SlaTargets, PriorityChangeRecomputesFromCreation) {
  const SlaPolicy p = DefaultSlaPolicy();
  Story s(kT0);
  s.Move(kT0 + hours(2), kInProgress).AgentReply(kT0 + hours(2));
  const Instant now = kT0 + days(6);
  SlaTarget res = s.Target(p, kResolutionTime, now);
  EXPECT_EQ(Iso(res.breach_at), Iso(kT0 + days(15)));
  EXPECT_FALSE(res.breached);
  // After analysis the agent raises it to High: 5 days from the creation, already past.
  s.WithPriority(Priority::kHigh);
  res = s.Target(p, kResolutionTime, now);
  EXPECT_EQ(res.priority, Priority::kHigh);
  EXPECT_EQ(Iso(res.started_at), Iso(kT0));
  EXPECT_EQ(Iso(res.breach_at), Iso(kT0 + days(5)));
  EXPECT_TRUE(res.breached);
  EXPECT_EQ(res.stage, kStageActive);
}

TEST(SlaTargets, OnlyTheCurrentPrioritysTargets) {
  auto p = PolicyOf({M(Priority::kHigh, kFirstReplyTime, 30), M(Priority::kNormal, kFirstReplyTime, 60),
                     M(Priority::kLow, kResolutionTime, 600)});
  Story s(kT0);
  auto all = s.Targets(p, kT0);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].target_minutes, 60);
  s.WithPriority(Priority::kUrgent);
  EXPECT_TRUE(s.Targets(p, kT0).empty()) << "the policy defines nothing for urgent";
}

// ---------------------------------------------------------------- first reply

TEST(SlaTargets, FirstReplyActiveThenAchieved) {
  auto p = PolicyOf({M(Priority::kNormal, kFirstReplyTime, 60)});
  Story s(kT0);
  s.RequesterComment(kT0);  // the description
  SlaTarget t = s.Target(p, kFirstReplyTime, kT0 + minutes(30));
  EXPECT_EQ(t.stage, kStageActive);
  EXPECT_EQ(Iso(t.breach_at), Iso(kT0 + hours(1)));
  EXPECT_FALSE(t.breached);
  EXPECT_FALSE(t.achieved_at);
  ExpectExplains(t, kT0, kT0 + hours(1), minutes(60));

  EXPECT_TRUE(s.Target(p, kFirstReplyTime, kT0 + hours(1)).breached) << "breach_at <= now";

  s.AgentReply(kT0 + minutes(45));
  t = s.Target(p, kFirstReplyTime, kT0 + hours(3));
  EXPECT_EQ(t.stage, kStageAchieved);
  EXPECT_EQ(Iso(t.achieved_at), Iso(kT0 + minutes(45)));
  EXPECT_FALSE(t.breached);
}

TEST(SlaTargets, LateFirstReplyIsAchievedButBreached) {
  auto p = PolicyOf({M(Priority::kNormal, kFirstReplyTime, 60)});
  Story s(kT0);
  s.AgentReply(kT0 + minutes(61));
  SlaTarget t = s.Target(p, kFirstReplyTime, kT0 + hours(3));
  EXPECT_EQ(t.stage, kStageAchieved);
  EXPECT_TRUE(t.breached);
}

TEST(SlaTargets, PausingStatusStopsTheClockAndMovesTheDueDate) {
  auto p = PolicyOf({M(Priority::kNormal, kFirstReplyTime, 24 * 60)});
  Story s(kT0);
  // An internal note and a question in "Awaiting response" (no public reply yet).
  s.Move(kT0 + hours(1), kAwaitingResponse);
  SlaTarget t = s.Target(p, kFirstReplyTime, kT0 + hours(3));
  EXPECT_EQ(t.stage, kStagePaused);
  EXPECT_FALSE(t.breach_at) << "unknown until it resumes";
  EXPECT_FALSE(t.breached);
  ExpectExplains(t, kT0, kT0 + hours(3), hours(1));
  EXPECT_TRUE(HasSegment(t, {kT0 + hours(1), kT0 + hours(3), false, "paused: Awaiting response"}));

  // The customer answers 4 hours later: back to the queue, the due date moved by 4 hours.
  s.RequesterComment(kT0 + hours(5)).Move(kT0 + hours(5), kNew);
  t = s.Target(p, kFirstReplyTime, kT0 + hours(6));
  EXPECT_EQ(t.stage, kStageActive);
  EXPECT_EQ(Iso(t.breach_at), Iso(kT0 + hours(28)));
  ExpectExplains(t, kT0, kT0 + hours(28), hours(24));
  EXPECT_TRUE(HasSegment(t, {kT0 + hours(1), kT0 + hours(5), false, "paused: Awaiting response"}));
}

TEST(SlaTargets, BreachedBeforeThePauseStaysBreached) {
  auto p = PolicyOf({M(Priority::kNormal, kFirstReplyTime, 60)});
  Story s(kT0);
  s.Move(kT0 + hours(2), kAwaitingResponse);
  SlaTarget t = s.Target(p, kFirstReplyTime, kT0 + hours(3));
  EXPECT_EQ(t.stage, kStagePaused);
  EXPECT_EQ(Iso(t.breach_at), Iso(kT0 + hours(1)));
  EXPECT_TRUE(t.breached);
}

TEST(SlaTargets, SolvingWithoutReplyEndsTheFirstReplyTarget) {
  auto p = PolicyOf({M(Priority::kNormal, kFirstReplyTime, 60)});
  Story s(kT0);
  s.Move(kT0 + minutes(20), kResolved);
  SlaTarget t = s.Target(p, kFirstReplyTime, kT0 + hours(5));
  EXPECT_EQ(t.stage, kStageAchieved);
  EXPECT_EQ(Iso(t.achieved_at), Iso(kT0 + minutes(20)));
  EXPECT_FALSE(t.breached);
  // Reopened without a reply: it runs again from where it stopped (40 minutes left).
  s.Move(kT0 + hours(2), kNew);
  t = s.Target(p, kFirstReplyTime, kT0 + hours(2));
  EXPECT_EQ(t.stage, kStageActive);
  EXPECT_EQ(Iso(t.breach_at), Iso(kT0 + hours(2) + minutes(40)));
  EXPECT_TRUE(HasSegment(t, {kT0 + minutes(20), kT0 + hours(2), false, "paused: Resolved"}));
}

TEST(SlaTargets, AgentsPublicDescriptionIsTheFirstReply) {
  // An agent opening a ticket with a public comment has already replied (as in Zendesk).
  auto p = PolicyOf({M(Priority::kNormal, kFirstReplyTime, 60)});
  Story s(kT0);
  s.AgentReply(kT0);
  SlaTarget t = s.Target(p, kFirstReplyTime, kT0 + hours(2));
  EXPECT_EQ(t.stage, kStageAchieved);
  EXPECT_EQ(Iso(t.achieved_at), Iso(kT0));
}

TEST(SlaTargets, BusinessHoursPauseAcrossTheNight) {
  const Calendar cal = testing::SaoPauloBusinessHours();
  auto p = PolicyOf({M(Priority::kNormal, kFirstReplyTime, 120, true)});
  const Instant created = At("2026-03-02T17:00:00-03:00");  // Monday
  Story s(created);
  EXPECT_EQ(Iso(s.Target(p, kFirstReplyTime, created, &cal).breach_at), Iso(At("2026-03-03T09:30:00-03:00")))
      << "one hour on Monday, one on Tuesday morning";
  s.Move(At("2026-03-02T17:30:00-03:00"), kAwaitingResponse).Move(At("2026-03-03T10:00:00-03:00"), kNew);
  SlaTarget t = s.Target(p, kFirstReplyTime, At("2026-03-03T10:00:00-03:00"), &cal);
  EXPECT_EQ(Iso(t.breach_at), Iso(At("2026-03-03T11:30:00-03:00")));
  ExpectExplains(t, created, At("2026-03-03T11:30:00-03:00"), minutes(120));
  EXPECT_TRUE(HasSegment(
      t, {At("2026-03-02T17:30:00-03:00"), At("2026-03-03T10:00:00-03:00"), false, "paused: Awaiting response"}));
}

// ---------------------------------------------------------------- next reply

TEST(SlaTargets, NextReplyWaitsForTheFirstReply) {
  auto p = PolicyOf({M(Priority::kNormal, kFirstReplyTime, 60), M(Priority::kNormal, kNextReplyTime, 30)});
  Story s(kT0);
  s.RequesterComment(kT0).RequesterComment(kT0 + minutes(5));
  EXPECT_FALSE(s.HasTarget(p, kNextReplyTime, kT0 + minutes(10))) << "the first reply target covers these";
  s.AgentReply(kT0 + minutes(10));
  EXPECT_FALSE(s.HasTarget(p, kNextReplyTime, kT0 + minutes(20))) << "nothing unanswered";

  s.RequesterComment(kT0 + hours(1)).RequesterComment(kT0 + hours(1) + minutes(20));
  SlaTarget t = s.Target(p, kNextReplyTime, kT0 + hours(1) + minutes(40));
  EXPECT_EQ(Iso(t.started_at), Iso(kT0 + hours(1))) << "the oldest unanswered comment";
  EXPECT_EQ(Iso(t.breach_at), Iso(kT0 + hours(1) + minutes(30)));
  EXPECT_TRUE(t.breached);
  EXPECT_EQ(t.stage, kStageActive);

  s.AgentReply(kT0 + hours(2));
  t = s.Target(p, kNextReplyTime, kT0 + hours(3));
  EXPECT_EQ(t.stage, kStageAchieved);
  EXPECT_EQ(Iso(t.achieved_at), Iso(kT0 + hours(2)));
  EXPECT_TRUE(t.breached) << "answered late";

  s.RequesterComment(kT0 + hours(4));
  t = s.Target(p, kNextReplyTime, kT0 + hours(4));
  EXPECT_EQ(t.stage, kStageActive) << "a new cycle";
  EXPECT_EQ(Iso(t.breach_at), Iso(kT0 + hours(4) + minutes(30)));
  EXPECT_FALSE(t.breached);
}

TEST(SlaTargets, NextReplyWithoutFirstReplyTargetCoversTheDescription) {
  auto p = PolicyOf({M(Priority::kNormal, kNextReplyTime, 30)});
  Story s(kT0);
  s.RequesterComment(kT0);
  SlaTarget t = s.Target(p, kNextReplyTime, kT0 + minutes(5));
  EXPECT_EQ(Iso(t.started_at), Iso(kT0));
  EXPECT_EQ(Iso(t.breach_at), Iso(kT0 + minutes(30)));
}

// ---------------------------------------------------------------- periodic update

TEST(SlaTargets, PeriodicUpdateRunsFromEachPublicAgentComment) {
  auto p = PolicyOf({M(Priority::kNormal, kPeriodicUpdateTime, 120)});
  Story s(kT0);
  EXPECT_FALSE(s.HasTarget(p, kPeriodicUpdateTime, kT0 + hours(5))) << "starts with the first agent comment";
  s.Move(kT0 + hours(1), kInProgress).AgentReply(kT0 + hours(1));
  SlaTarget t = s.Target(p, kPeriodicUpdateTime, kT0 + hours(2));
  EXPECT_EQ(Iso(t.breach_at), Iso(kT0 + hours(3)));
  s.AgentReply(kT0 + hours(2));
  t = s.Target(p, kPeriodicUpdateTime, kT0 + hours(2));
  EXPECT_EQ(Iso(t.started_at), Iso(kT0 + hours(2)));
  EXPECT_EQ(Iso(t.breach_at), Iso(kT0 + hours(4)));
  // Asking the customer pauses it.
  s.Move(kT0 + hours(3), kAwaitingConfirmation);
  t = s.Target(p, kPeriodicUpdateTime, kT0 + hours(5));
  EXPECT_EQ(t.stage, kStagePaused);
  EXPECT_TRUE(HasSegment(t, {kT0 + hours(3), kT0 + hours(5), false, "paused: Awaiting confirmation"}));
}

// ---------------------------------------------------------------- wait times and resolution

TEST(SlaTargets, RequesterWaitAndAgentWorkPauseByCategory) {
  auto p = PolicyOf({M(Priority::kNormal, kRequesterWaitTime, 600), M(Priority::kNormal, kAgentWorkTime, 600)});
  Story s(kT0);
  s.Move(kT0 + hours(1), kEscalated)                // hold: the requester still waits, the agent does not work
      .Move(kT0 + hours(3), kAwaitingConfirmation)  // pending: nobody's clock runs
      .Move(kT0 + hours(4), kInProgress);
  const Instant now = kT0 + hours(5);
  SlaTarget rwt = s.Target(p, kRequesterWaitTime, now);
  EXPECT_EQ(Iso(rwt.breach_at), Iso(kT0 + hours(11)));
  EXPECT_TRUE(HasSegment(rwt, {kT0 + hours(3), kT0 + hours(4), false, "paused: Awaiting confirmation"}));
  SlaTarget awt = s.Target(p, kAgentWorkTime, now);
  EXPECT_EQ(Iso(awt.breach_at), Iso(kT0 + hours(13)));
  EXPECT_TRUE(HasSegment(awt, {kT0 + hours(1), kT0 + hours(3), false, "paused: Escalated"}));

  s.Move(kT0 + hours(6), kEscalated);
  EXPECT_EQ(s.Target(p, kAgentWorkTime, kT0 + hours(7)).stage, kStagePaused);
  EXPECT_EQ(s.Target(p, kRequesterWaitTime, kT0 + hours(7)).stage, kStageActive);
  s.Move(kT0 + hours(8), kResolved);
  EXPECT_EQ(s.Target(p, kAgentWorkTime, kT0 + hours(9)).stage, kStageAchieved);
  EXPECT_EQ(Iso(s.Target(p, kRequesterWaitTime, kT0 + hours(9)).achieved_at), Iso(kT0 + hours(8)));
}

TEST(SlaTargets, ResolutionAchievedWhenSolvedAndActiveAgainWhenReopened) {
  auto p = PolicyOf({M(Priority::kNormal, kResolutionTime, 15 * 24 * 60)});
  Story s(kT0);
  s.Move(kT0 + days(2), kResolved);
  SlaTarget t = s.Target(p, kResolutionTime, kT0 + days(3));
  EXPECT_EQ(t.stage, kStageAchieved);
  EXPECT_EQ(Iso(t.achieved_at), Iso(kT0 + days(2)));
  EXPECT_EQ(Iso(t.breach_at), Iso(kT0 + days(15)));
  EXPECT_FALSE(t.breached);

  // The customer replies two days later: reopened; the solved days do not count.
  s.RequesterComment(kT0 + days(4)).Move(kT0 + days(4), kNew);
  t = s.Target(p, kResolutionTime, kT0 + days(5));
  EXPECT_EQ(t.stage, kStageActive);
  EXPECT_FALSE(t.achieved_at);
  EXPECT_EQ(Iso(t.breach_at), Iso(kT0 + days(17)));
  EXPECT_TRUE(HasSegment(t, {kT0 + days(2), kT0 + days(4), false, "paused: Resolved"}));

  // Closed for good.
  s.Move(kT0 + days(6), kResolved).Move(kT0 + days(13), kClosed);
  t = s.Target(p, kResolutionTime, kT0 + days(20));
  EXPECT_EQ(t.stage, kStageAchieved);
  EXPECT_EQ(Iso(t.achieved_at), Iso(kT0 + days(6))) << "the latest solve, not the close";
}

TEST(SlaTargets, MetricsOwnPauseStatusesReplaceTheWorkflows) {
  auto m = M(Priority::kNormal, kResolutionTime, 600);
  m.pause_status_ids = {kEscalated};
  auto p = PolicyOf({m});
  Story s(kT0);
  s.Move(kT0 + hours(1), kAwaitingResponse);
  EXPECT_EQ(s.Target(p, kResolutionTime, kT0 + hours(2)).stage, kStageActive) << "not one of its statuses";
  s.Move(kT0 + hours(2), kEscalated);
  SlaTarget t = s.Target(p, kResolutionTime, kT0 + hours(3));
  EXPECT_EQ(t.stage, kStagePaused);
  EXPECT_TRUE(HasSegment(t, {kT0 + hours(2), kT0 + hours(3), false, "paused: Escalated"}));
}

// ---------------------------------------------------------------- escalation

TEST(SlaTargets, EscalationTargetOnlyOnceEscalated) {
  auto m = M(Priority::kNormal, kEscalationTime, 0, true);
  m.business_days = 2;
  auto p = PolicyOf({m});
  Story s(kT0);
  EXPECT_FALSE(s.HasTarget(p, kEscalationTime, kT0 + hours(1)));
  s.Escalate(kT0 + hours(1)).Move(kT0 + hours(1), kEscalated);
  // No calendar: a business day is 24 hours.
  SlaTarget t = s.Target(p, kEscalationTime, kT0 + hours(2));
  EXPECT_EQ(t.target_minutes, 2 * 24 * 60);
  EXPECT_EQ(Iso(t.breach_at), Iso(kT0 + hours(49)));
  // Concluded, then escalated again: a new cycle.
  s.Conclude(kT0 + hours(5)).Move(kT0 + hours(5), kInProgress);
  EXPECT_EQ(s.Target(p, kEscalationTime, kT0 + hours(6)).stage, kStageAchieved);
  s.Escalate(kT0 + hours(7)).Move(kT0 + hours(7), kEscalated);
  t = s.Target(p, kEscalationTime, kT0 + hours(8));
  EXPECT_EQ(t.stage, kStageActive);
  EXPECT_EQ(Iso(t.started_at), Iso(kT0 + hours(7)));
}

TEST(SlaTargets, BusinessDaysFollowTheCalendarsDayLength) {
  const Calendar cal = testing::SaoPauloNineToHalfFive();
  auto m = M(Priority::kNormal, kEscalationTime, 3420, true);
  m.business_days = 1;
  Story s(At("2026-03-02T09:00:00-03:00"));
  s.Escalate(At("2026-03-02T09:00:00-03:00"));
  SlaTarget t = s.Target(PolicyOf({m}), kEscalationTime, At("2026-03-02T10:00:00-03:00"), &cal);
  EXPECT_EQ(t.target_minutes, 510);
  EXPECT_EQ(Iso(t.breach_at), Iso(At("2026-03-02T17:30:00-03:00")));
}

// ---------------------------------------------------------------- history edge cases

TEST(SlaTargets, EmptyHistoryReadsTheTicket) {
  auto p = PolicyOf({M(Priority::kNormal, kResolutionTime, 60)});
  Ticket t;
  t.custom_status_id = kAwaitingResponse;
  t.created_at = kT0;
  SlaInputs in{t, Wf(), p, nullptr, {}, kT0 + hours(1)};
  auto all = ComputeSlaTargets(in);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].stage, kStagePaused) << "created in a pausing status";
  EXPECT_EQ(Iso(all[0].started_at), Iso(kT0));
}

TEST(SlaTargets, UnknownCreationStatus) {
  auto p = PolicyOf({M(Priority::kNormal, kResolutionTime, 60)});
  Ticket t;
  t.custom_status_id = kAwaitingResponse;
  t.created_at = kT0;
  // Never moved: the status it is in.
  std::vector<SlaHistoryEvent> h = {{Kind::kStatus, kT0, 0}};
  EXPECT_EQ(ComputeSlaTargets({t, Wf(), p, nullptr, h, kT0 + hours(1)})[0].stage, kStagePaused);
  // Moved since: the workflow's initial status (New) until the move.
  h.push_back({Kind::kStatus, kT0 + minutes(30), kAwaitingResponse});
  auto all = ComputeSlaTargets({t, Wf(), p, nullptr, h, kT0 + hours(1)});
  EXPECT_TRUE(HasSegment(all[0], {kT0, kT0 + minutes(30), true, ""}));
}

TEST(SlaTargets, NextBreachIsTheEarliestActiveTarget) {
  auto target = [](std::string_view stage, std::optional<Instant> breach, std::optional<Instant> achieved = {}) {
    SlaTarget t;
    t.stage = std::string(stage);
    t.breach_at = breach;
    t.achieved_at = achieved;
    return t;
  };
  std::vector<SlaTarget> ts = {target(kStageActive, kT0 + hours(5)), target(kStagePaused, kT0 + hours(1)),
                               target(kStageAchieved, kT0 + hours(2), kT0), target(kStageActive, kT0 + hours(3)),
                               target(kStagePaused, std::nullopt)};
  EXPECT_EQ(Iso(NextBreach(ts)), Iso(kT0 + hours(3)));
  EXPECT_FALSE(NextBreach(std::span<const SlaTarget>(ts).subspan(1, 2)));
  EXPECT_FALSE(NextBreach({}));
}

}  // namespace
}  // namespace chamado
