#include "domain/notifications.hpp"

#include <gtest/gtest.h>

#include "domain/escalation.hpp"
#include "domain/testing/case_lifecycle.hpp"

namespace chamado {
namespace {

using testing::kAwaitingResponse;
using testing::kClosed;
using testing::kEscalated;
using testing::kInProgress;
using testing::kNew;
using testing::kResolved;

constexpr std::int64_t kAna = 10, kBob = 11, kCarla = 12;  // customers: requester, CC, CC
constexpr std::int64_t kAgent = 20, kOther = 21;           // agents

User Person(std::int64_t id, Role role, std::string email) {
  User u;
  u.id = id;
  u.role = role;
  u.email = std::move(email);
  u.name = u.email;
  return u;
}

// Ana's ticket 123, CC Bob, assigned to the agent, In progress.
struct Scenario {
  Workflow wf = testing::CaseLifecycleStatuses();
  Ticket ticket;
  Audit audit;
  std::vector<Comment> comments;
  std::vector<User> people = {
      Person(kAna, Role::kEndUser, "ana@customer.test"), Person(kBob, Role::kEndUser, "bob@customer.test"),
      Person(kCarla, Role::kEndUser, "carla@customer.test"), Person(kAgent, Role::kAgent, "agent@helpdesk.test"),
      Person(kOther, Role::kAgent, "other@helpdesk.test")};
  Scenario() {
    ticket.id = 123;
    ticket.subject = "Printer";
    ticket.requester_id = kAna;
    ticket.collaborator_ids = {kBob};
    ticket.assignee_id = kAgent;
    ticket.custom_status_id = kInProgress;
    audit.ticket_id = 123;
    audit.author_id = kAgent;
  }
  void Move(std::int64_t from, std::int64_t to) {
    audit.events.push_back({0, "Change", "custom_status_id", std::to_string(to), std::to_string(from), 0});
    ticket.custom_status_id = to;
  }
  void Say(std::int64_t id, std::int64_t author, bool is_public) {
    Comment c;
    c.id = id;
    c.ticket_id = ticket.id;
    c.author_id = author;
    c.is_public = is_public;
    c.body = "text";
    comments.push_back(c);
    audit.events.push_back(CommentEvent(c));
  }
  std::vector<Notification> Decide() const {
    return DecideNotifications(NotificationInput{&wf, &ticket, &audit, comments, people});
  }
};

Notification N(std::string_view kind, std::int64_t user, std::int64_t comment = 0) {
  return Notification{std::string(kind), user, comment};
}

TEST(Notifications, CreationAcknowledgesToRequesterAndCcsEvenWhenTheyWroteIt) {
  Scenario s;
  s.ticket.assignee_id.reset();
  s.audit.author_id = kAna;  // Ana wrote in (e-mail, portal)
  s.audit.events.push_back({0, "Create", "priority", "normal", "", 0});
  s.Say(1, kAna, true);
  EXPECT_EQ(s.Decide(), (std::vector{N(kMailTicketReceived, kAna), N(kMailTicketReceived, kBob)}));
}

TEST(Notifications, AgentCreatingWithAnAssigneeTellsTheCustomerAndTheAssignee) {
  Scenario s;
  s.ticket.collaborator_ids.clear();
  s.ticket.assignee_id = kOther;
  s.audit.events.push_back({0, "Create", "assignee_id", std::to_string(kOther), "", 0});
  s.Say(1, kAgent, true);
  EXPECT_EQ(s.Decide(), (std::vector{N(kMailTicketReceived, kAna), N(kMailAssignment, kOther)}));
}

TEST(Notifications, ContactMergedAtCreationIsNotAcknowledgedAsNew) {
  Scenario s;
  s.audit.author_id = kAna;
  s.ticket.merged_into = 99;
  s.audit.events.push_back({0, "Create", "priority", "normal", "", 0});
  EXPECT_TRUE(s.Decide().empty());
}

TEST(Notifications, PublicStaffCommentIsAnAgentReplyQuotingIt) {
  Scenario s;
  s.Say(5, kAgent, true);
  EXPECT_EQ(s.Decide(), (std::vector{N(kMailAgentReply, kAna, 5), N(kMailAgentReply, kBob, 5)}));
}

TEST(Notifications, InternalNoteNeverReachesCustomers) {
  Scenario s;
  s.Say(5, kAgent, false);
  s.Move(kInProgress, kInProgress);
  EXPECT_TRUE(s.Decide().empty());
}

TEST(Notifications, PublicCommentMovingToPendingAsksForInformation) {
  Scenario s;
  s.Say(5, kAgent, true);
  s.Move(kInProgress, kAwaitingResponse);
  EXPECT_EQ(s.Decide(), (std::vector{N(kMailInfoRequested, kAna, 5), N(kMailInfoRequested, kBob, 5)}));
}

TEST(Notifications, ResolvedWinsOverTheReplyAndQuotesIt) {
  Scenario s;
  s.Say(5, kAgent, true);
  s.Move(kInProgress, kResolved);
  EXPECT_EQ(s.Decide()[0], N(kMailResolved, kAna, 5));
}

TEST(Notifications, RuleClosingIsAutoClosed) {
  Scenario s;
  s.audit.author_id = kSystemAuthorId;
  s.Move(kAwaitingResponse, kClosed);
  s.audit.events.push_back(RuleEvent("status_auto awaiting_response 48h -> closed"));
  EXPECT_EQ(s.Decide(), (std::vector{N(kMailAutoClosed, kAna), N(kMailAutoClosed, kBob)}));
}

TEST(Notifications, CustomerClosingTheirOwnCaseMailsNobody) {
  Scenario s;
  s.ticket.collaborator_ids.clear();
  s.audit.author_id = kAna;
  s.Move(kInProgress, kClosed);
  EXPECT_TRUE(s.Decide().empty());
}

TEST(Notifications, EscalationIsAStatusChangeTheCustomerSees) {
  Scenario s;
  s.Move(kInProgress, kEscalated);
  EXPECT_EQ(s.Decide(), (std::vector{N(kMailStatusChanged, kAna), N(kMailStatusChanged, kBob)}));
}

TEST(Notifications, MovesTheCustomerMadeOrToPendingWithoutWordsSendNoStatusMail) {
  Scenario s;
  s.Move(kInProgress, kAwaitingResponse);  // no comment: nothing to answer
  EXPECT_TRUE(s.Decide().empty());
  Scenario r;
  r.audit.author_id = kAna;
  r.Say(7, kAna, true);
  r.Move(kAwaitingResponse, kInProgress);  // Ana's reply reopened it
  EXPECT_EQ(r.Decide(), (std::vector{N(kMailCustomerReply, kAgent, 7)}));
}

TEST(Notifications, EscalationConcludedTellsTheCustomer) {
  Scenario s;
  s.audit.author_id = kSystemAuthorId;
  s.Move(kEscalated, kInProgress);
  s.audit.events.push_back(EscalationEvent(kEscalationConcluded, 500));
  EXPECT_EQ(s.Decide()[0], N(kMailEscalationConcluded, kAna));
}

TEST(Notifications, ReminderEvent) {
  Scenario s;
  s.audit.author_id = kSystemAuthorId;
  s.audit.events.push_back({0, "Reminder", "custom_status_id", std::to_string(kAwaitingResponse), "", 0});
  s.audit.events.push_back(RuleEvent("reminder awaiting_response 24h"));
  EXPECT_EQ(s.Decide(), (std::vector{N(kMailReminder, kAna), N(kMailReminder, kBob)}));
}

TEST(Notifications, DuplicateNoticeTellsTheCustomerWhichCase) {
  Scenario s;
  s.audit.author_id = kSystemAuthorId;
  s.ticket.collaborator_ids.clear();
  s.Move(kNew, 8);
  s.audit.events.push_back({0, "Change", "chamado_merged_into", "99", "", 0});
  s.Say(3, kSystemAuthorId, true);
  EXPECT_EQ(s.Decide(), (std::vector{N(kMailDuplicateMerged, kAna)}));  // the notice is the mail itself
  s.audit.author_id = kAgent;                                           // an agent's merge: their comment is quoted
  EXPECT_EQ(s.Decide(), (std::vector{N(kMailDuplicateMerged, kAna, 3)}));
}

TEST(Notifications, AssignmentNotWhenAgentsAssignThemselves) {
  Scenario s;
  s.ticket.assignee_id = kOther;
  s.audit.events.push_back({0, "Change", "assignee_id", std::to_string(kOther), std::to_string(kAgent), 0});
  EXPECT_EQ(s.Decide(), (std::vector{N(kMailAssignment, kOther)}));
  s.audit.author_id = kOther;
  EXPECT_TRUE(s.Decide().empty());
}

TEST(Notifications, CustomerReplyGoesToTheAssigneeOnly) {
  Scenario s;
  s.audit.author_id = kAna;
  s.Say(9, kAna, true);
  EXPECT_EQ(s.Decide(), (std::vector{N(kMailCustomerReply, kAgent, 9)}));
  s.ticket.assignee_id.reset();
  EXPECT_TRUE(s.Decide().empty());
}

TEST(Notifications, NeverTheAuthorNeverUnreachableUsers) {
  Scenario s;
  s.ticket.collaborator_ids = {kBob, kCarla, kAgent, 404};
  s.people[1].active = false;    // Bob
  s.people[2].suspended = true;  // Carla
  s.Say(5, kAgent, true);        // the agent, CC'd, wrote it
  EXPECT_EQ(s.Decide(), (std::vector{N(kMailAgentReply, kAna, 5)}));
  s.people[0].email.clear();  // Ana has no address
  EXPECT_TRUE(s.Decide().empty());
}

TEST(Notifications, OneMailPerRecipientPerAudit) {
  Scenario s;
  s.ticket.collaborator_ids = {kBob, kBob, kAna};
  s.Say(5, kAgent, true);
  s.Say(6, kAgent, true);
  EXPECT_EQ(s.Decide(), (std::vector{N(kMailAgentReply, kAna, 5), N(kMailAgentReply, kBob, 5)}));
}

TEST(Notifications, ProblemTicketsSendNoCustomerMail) {
  Scenario s;
  s.ticket.type = TicketType::kProblem;
  s.ticket.requester_id = kOther;
  s.ticket.collaborator_ids.clear();
  s.Say(5, kAgent, true);
  s.Move(kInProgress, kResolved);
  EXPECT_TRUE(s.Decide().empty());
}

TEST(Notifications, OnlyPeopleWrittenMailIsNotAutoSubmitted) {
  for (auto k : MailKinds()) EXPECT_EQ(IsAutoSubmittedKind(k), k != kMailAgentReply && k != kMailInfoRequested) << k;
}

TEST(ReplyToken, RoundTripsAndRejectsMalformed) {
  const std::string tok = FormatReplyToken(123, "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(tok, "t123-0123456789abcdef");
  auto p = ParseReplyToken(tok);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->ticket_id, 123);
  EXPECT_EQ(p->mac, "0123456789abcdef");
  EXPECT_EQ(ParseReplyToken("T123-0123456789ABCDEF")->mac, "0123456789abcdef");
  for (auto bad : {"", "t-0123456789abcdef", "tx-0123456789abcdef", "t123-0123", "t123-0123456789abcdeg",
                   "t0-0123456789abcdef", "123-0123456789abcdef"})
    EXPECT_FALSE(ParseReplyToken(bad)) << bad;
}

TEST(ReplyToken, PlusAddresses) {
  EXPECT_EQ(PlusAddress("support@helpdesk.test", "t1-ab"), "support+t1-ab@helpdesk.test");
  EXPECT_EQ(PlusAddress("support+old@helpdesk.test", "t1-ab"), "support+t1-ab@helpdesk.test");
  EXPECT_EQ(PlusTag("support+t1-ab@helpdesk.test"), "t1-ab");
  EXPECT_FALSE(PlusTag("support@helpdesk.test"));
}

TEST(Notifications, SubjectTagAndLocalTimes) {
  EXPECT_EQ(TaggedSubject(123, "Printer"), "[#123] Printer");
  EXPECT_EQ(TaggedSubject(123, "Re: [#123] Printer"), "Re: [#123] Printer");
  const Instant t = *ParseIso("2026-03-02T12:00:00Z");
  EXPECT_EQ(FormatMailTime(t, "America/Sao_Paulo", "pt-BR"), "02/03/2026 09:00 (-03)");
  EXPECT_EQ(FormatMailTime(t, "Europe/Madrid", "es"), "02/03/2026 13:00 (CET)");
  EXPECT_EQ(FormatMailTime(t, "Nowhere/Atlantis", "en"), "2026-03-02 09:00 (-03)");
}

}  // namespace
}  // namespace chamado
