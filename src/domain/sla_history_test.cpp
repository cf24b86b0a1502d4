// SlaHistoryFromAudits reads audits as the use cases write them: the events come from the same
// domain functions (AddStatusEvents, ApplyPatch, CommentEvent, EscalationEvent).
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "domain/escalation.hpp"
#include "domain/sla.hpp"
#include "domain/testing/case_lifecycle.hpp"
#include "domain/ticket_change.hpp"

namespace chamado {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using Kind = SlaHistoryEvent::Kind;
using testing::kAwaitingResponse;
using testing::kEscalated;
using testing::kInProgress;
using testing::kNew;

constexpr std::int64_t kAgent = 5;
constexpr std::int64_t kOtherAgent = 6;
constexpr std::int64_t kRequester = 10;
constexpr std::int64_t kCc = 11;

const Instant kT0 = FromUnix(1772452800);  // 2026-03-02T12:00:00Z
Instant At(int minute) { return kT0 + minutes(minute); }

const Workflow& Wf() {
  static const Workflow wf = testing::CaseLifecycleStatuses();
  return wf;
}

bool IsAgent(std::int64_t id) { return id == kAgent || id == kOtherAgent; }

// A ticket's audits, oldest first, written the way app/tickets.cpp and app/escalation.cpp do.
class Audits {
 public:
  // The creation: "Create" events, a status set at creation if any, then the description.
  Audits& Created(std::int64_t author, std::optional<std::int64_t> status = std::nullopt, bool is_public = true) {
    Audit a = New(author, kT0);
    a.events.push_back({0, "Create", "subject", "Help", "", 0});
    if (status) a.events.push_back({0, "Create", "custom_status_id", std::to_string(*status), "1", 0});
    AddComment(a, author, is_public);
    audits_.push_back(std::move(a));
    return *this;
  }
  Audits& Move(int minute, std::int64_t from, std::int64_t to, std::int64_t author = kAgent) {
    Audit a = New(author, At(minute));
    AddStatusEvents(a.events, Wf(), from, to);
    audits_.push_back(std::move(a));
    return *this;
  }
  // A comment by `author` entered by `audit_author` (an agent may type in a customer's words),
  // optionally with a status move in the same audit (a customer reply back to the queue).
  Audits& Comment(int minute, std::int64_t author, bool is_public = true, std::int64_t audit_author = 0,
                  std::optional<std::pair<std::int64_t, std::int64_t>> move = std::nullopt) {
    Audit a = New(audit_author ? audit_author : author, At(minute));
    if (move) AddStatusEvents(a.events, Wf(), move->first, move->second);
    AddComment(a, author, is_public);
    audits_.push_back(std::move(a));
    return *this;
  }
  // An agent links the incident to a problem (or unlinks it with nullopt) via ApplyPatch.
  Audits& Problem(int minute, std::optional<std::int64_t> problem) {
    TicketPatch p;
    p.problem_id = problem;
    auto out = ApplyPatch(ticket_, p, Wf(), Actor::kAgent, At(minute));
    EXPECT_TRUE(out);
    ticket_ = out->after;
    Audit a = New(kAgent, At(minute));
    a.events = out->events;
    audits_.push_back(std::move(a));
    return *this;
  }
  Audits& ProblemSolved(int minute, std::int64_t problem_id) {
    Audit a = New(kSystemAuthorId, At(minute));
    a.events.push_back(EscalationEvent(kEscalationConcluded, problem_id));
    audits_.push_back(std::move(a));
    return *this;
  }

  std::vector<SlaHistoryEvent> History() const { return SlaHistoryFromAudits(audits_, IsAgent, kRequester, comments_); }
  const std::vector<Audit>& audits() const { return audits_; }
  const std::vector<chamado::Comment>& comments() const { return comments_; }
  std::vector<SlaHistoryEvent> HistoryByAuditAuthors() const {
    return SlaHistoryFromAudits(audits_, IsAgent, kRequester);
  }

 private:
  Audit New(std::int64_t author, Instant at) {
    Audit a;
    a.id = static_cast<std::int64_t>(audits_.size()) + 1;
    a.ticket_id = 42;
    a.author_id = author;
    a.created_at = at;
    return a;
  }
  void AddComment(Audit& a, std::int64_t author, bool is_public) {
    chamado::Comment c;
    c.id = static_cast<std::int64_t>(comments_.size()) + 100;
    c.author_id = author;
    c.is_public = is_public;
    c.created_at = a.created_at;
    comments_.push_back(c);
    a.events.push_back(CommentEvent(c));
  }

  Ticket ticket_ = [] {
    Ticket t;
    t.id = 42;
    t.type = TicketType::kIncident;
    t.custom_status_id = kNew;
    return t;
  }();
  std::vector<Audit> audits_;
  std::vector<chamado::Comment> comments_;
};

// "kind@minute[=status]" per event, for readable comparisons.
std::string Describe(const std::vector<SlaHistoryEvent>& h) {
  std::string s;
  for (const auto& e : h) {
    const char* k = "";
    switch (e.kind) {
      case Kind::kStatus: k = "status"; break;
      case Kind::kAgentPublicReply: k = "agent"; break;
      case Kind::kRequesterPublicComment: k = "requester"; break;
      case Kind::kEscalated: k = "escalated"; break;
      case Kind::kEscalationConcluded: k = "concluded"; break;
    }
    s += (s.empty() ? "" : " ") + std::string(k) + "@" + std::to_string((e.at - kT0) / minutes(1));
    if (e.kind == Kind::kStatus) s += "=" + std::to_string(e.status_id);
  }
  return s;
}

TEST(SlaHistory, CreationStatusAndMoves) {
  Audits a;
  a.Created(kRequester).Move(30, kNew, kInProgress).Move(60, kInProgress, kAwaitingResponse);
  EXPECT_EQ(Describe(a.History()), "status@0=1 requester@0 status@30=2 status@60=5")
      << "the creation's status is the one the first move left";
}

TEST(SlaHistory, StatusSetAtCreation) {
  Audits a;
  a.Created(kAgent, kInProgress).Move(30, kInProgress, kAwaitingResponse);
  EXPECT_EQ(Describe(a.History()), "status@0=2 agent@0 status@30=5");
}

TEST(SlaHistory, NeverMovedLeavesTheCreationStatusToTheTicket) {
  Audits a;
  a.Created(kRequester);
  EXPECT_EQ(Describe(a.History()), "status@0=0 requester@0") << "0: the ticket's current status";
}

TEST(SlaHistory, CommentsByWhoWroteThem) {
  Audits a;
  a.Created(kRequester)
      .Comment(10, kAgent, false)  // internal note: the customer still waits
      .Comment(20, kAgent)
      .Comment(30, kCc)  // a CC's reply is the customer's
      .Comment(40, kOtherAgent)
      .Comment(50, kSystemAuthorId);
  EXPECT_EQ(Describe(a.History()), "status@0=0 requester@0 agent@20 requester@30 agent@40");
}

TEST(SlaHistory, CommentAuthorBeatsAuditAuthor) {
  // An agent types in the customer's phone call: the customer's comment, the agent's audit.
  Audits a;
  a.Created(kRequester).Comment(10, kRequester, true, kAgent);
  EXPECT_EQ(Describe(a.History()), "status@0=0 requester@0 requester@10");
  EXPECT_EQ(Describe(a.HistoryByAuditAuthors()), "status@0=0 requester@0 agent@10")
      << "without the comments only the audit's author is known";
}

TEST(SlaHistory, RequesterWhoIsAnAgentIsTheRequester) {
  // An agent who opened a ticket for themselves: their comments are the customer's side.
  Audits a;
  a.Created(kRequester).Comment(10, kAgent);
  auto everyone_is_staff = [](std::int64_t) { return true; };
  EXPECT_EQ(Describe(SlaHistoryFromAudits(a.audits(), everyone_is_staff, kRequester, a.comments())),
            "status@0=0 requester@0 agent@10");
}

TEST(SlaHistory, CustomerReplyMovesThenComments) {
  Audits a;
  a.Created(kRequester)
      .Comment(10, kAgent, true, 0, std::pair{kNew, kAwaitingResponse})
      .Comment(70, kRequester, true, 0, std::pair{kAwaitingResponse, kNew});
  EXPECT_EQ(Describe(a.History()), "status@0=1 requester@0 status@10=5 agent@10 status@70=1 requester@70");
}

TEST(SlaHistory, EscalationBeginsAndConcludes) {
  Audits a;
  a.Created(kRequester)
      .Problem(10, 77)
      .Move(10, kNew, kEscalated)
      .Problem(20, 78)  // moved to another problem: the same escalation
      .ProblemSolved(60, 78)
      .Move(60, kEscalated, kInProgress)
      .Problem(90, 79)              // escalated again
      .Problem(120, std::nullopt);  // unlinked: concluded too
  EXPECT_EQ(Describe(a.History()),
            "status@0=1 requester@0 escalated@10 status@10=4 concluded@60 status@60=2 escalated@90 concluded@120");
}

TEST(SlaHistory, FeedsTheTargets) {
  // Created by the customer; the agent asks a question after 1 hour; the customer answers 3 hours
  // later; the agent replies 30 minutes after that. First reply target: 2 hours, paused meanwhile.
  Audits a;
  a.Created(kRequester)
      .Move(60, kNew, kAwaitingResponse)
      .Comment(240, kRequester, true, 0, std::pair{kAwaitingResponse, kNew})
      .Comment(270, kAgent, true, 0, std::pair{kNew, kInProgress});
  const auto history = a.History();
  Ticket t;
  t.id = 42;
  t.requester_id = kRequester;
  t.custom_status_id = kInProgress;
  t.created_at = kT0;
  SlaPolicyMetric m;
  m.metric = std::string(kFirstReplyTime);
  m.target = 120;
  SlaPolicy p;
  p.metrics = {m};
  auto targets = ComputeSlaTargets({t, Wf(), p, nullptr, history, At(300)});
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0].stage, kStageAchieved);
  EXPECT_EQ(FormatIso(*targets[0].achieved_at), FormatIso(At(270)));
  EXPECT_EQ(FormatIso(*targets[0].breach_at), FormatIso(At(300))) << "2 hours plus the 3 paused";
  EXPECT_FALSE(targets[0].breached);
}

}  // namespace
}  // namespace chamado
