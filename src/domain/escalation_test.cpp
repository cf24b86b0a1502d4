#include "domain/escalation.hpp"

#include <gtest/gtest.h>

#include "domain/testing/test_status.hpp"

namespace chamado {
namespace {

// New, In progress (open), Waiting (pending), Escalated (hold), Resolved (solved), Closed.
// The system may bring an escalated ticket back to In progress only.
Workflow EscalationWorkflow(bool with_hold = true) {
  Workflow wf;
  wf.name = "esc";
  auto st = [](auto... a) { return testing::TestStatus(a...); };
  wf.statuses = {st(1, "new", Category::kNew, true),          st(2, "in_progress", Category::kOpen, true),
                 st(3, "waiting", Category::kPending, true),  st(4, "escalated", Category::kHold, true),
                 st(5, "resolved", Category::kSolved, true),  st(6, "closed", Category::kSolved, false, true),
                 st(7, "on_hold_too", Category::kHold, false)};
  if (!with_hold) wf.statuses.erase(wf.statuses.begin() + 3), wf.statuses.pop_back();
  using A = Actor;
  wf.transitions = {{"new", "escalated", {A::kAgent}},
                    {"in_progress", "escalated", {A::kAgent}},
                    {"escalated", "in_progress", {A::kAgent, A::kSystem}},
                    {"on_hold_too", "in_progress", {A::kSystem}},
                    {"in_progress", "resolved", {A::kAgent}},
                    {"resolved", "closed", {A::kSystem}}};
  wf.initial = "new";
  wf.queue_unassigned = "new";
  wf.queue_assigned = "in_progress";
  wf.customer_close = "resolved";
  return wf;
}

Ticket Incident() {
  Ticket t;
  t.id = 7;
  t.subject = "Printer on fire";
  t.custom_status_id = 2;
  return t;
}

TEST(Escalation, DerivationTable) {
  Ticket t = Incident();
  EXPECT_EQ(DeriveEscalation(t, std::nullopt), std::nullopt) << "never escalated: nothing";
  t.escalation_not_required = true;
  EXPECT_EQ(DeriveEscalation(t, std::nullopt), EscalationState::kNotRequired);
  t.escalation_not_required = false;
  t.problem_id = 99;
  EXPECT_EQ(DeriveEscalation(t, Category::kNew), EscalationState::kAwaitingOpening);
  EXPECT_EQ(DeriveEscalation(t, Category::kOpen), EscalationState::kInProgress);
  EXPECT_EQ(DeriveEscalation(t, Category::kPending), EscalationState::kInProgress);
  EXPECT_EQ(DeriveEscalation(t, Category::kHold), EscalationState::kInProgress);
  EXPECT_EQ(DeriveEscalation(t, Category::kSolved), EscalationState::kConcluded) << "solved and closed alike";
}

TEST(Escalation, LinkedProblemWinsOverNotRequired) {
  Ticket t = Incident();
  t.escalation_not_required = true;
  t.problem_id = 99;
  EXPECT_EQ(DeriveEscalation(t, Category::kOpen), EscalationState::kInProgress);
  // A problem that cannot be read (deleted) leaves the flag to decide.
  EXPECT_EQ(DeriveEscalation(t, std::nullopt), EscalationState::kNotRequired);
  t.escalation_not_required = false;
  EXPECT_EQ(DeriveEscalation(t, std::nullopt), std::nullopt);
}

TEST(Escalation, StateNamesAndLabelsPerLocale) {
  using S = EscalationState;
  EXPECT_EQ(EscalationStateName(S::kNotRequired), "not_required");
  EXPECT_EQ(EscalationStateName(S::kAwaitingOpening), "awaiting_opening");
  EXPECT_EQ(EscalationStateName(S::kInProgress), "in_progress");
  EXPECT_EQ(EscalationStateName(S::kConcluded), "concluded");

  // The tagger values of the shipped field 103 (escalation_status).
  EXPECT_EQ(EscalationTag(S::kNotRequired), "escalation_not_required");
  EXPECT_EQ(EscalationTag(S::kAwaitingOpening), "escalation_awaiting_opening");
  EXPECT_EQ(EscalationTag(S::kInProgress), "escalation_in_progress");
  EXPECT_EQ(EscalationTag(S::kConcluded), "escalation_concluded");

  EXPECT_EQ(EscalationLabels(S::kNotRequired).For("pt-BR"), "Não necessário");
  EXPECT_EQ(EscalationLabels(S::kAwaitingOpening).For("pt-BR"), "Aguardando abertura");
  EXPECT_EQ(EscalationLabels(S::kInProgress).For("pt-BR"), "Em andamento");
  EXPECT_EQ(EscalationLabels(S::kConcluded).For("pt-BR"), "Concluído");

  EXPECT_EQ(EscalationLabels(S::kNotRequired).For("es"), "No requerido");
  EXPECT_EQ(EscalationLabels(S::kAwaitingOpening).For("es"), "Pendiente de apertura");
  EXPECT_EQ(EscalationLabels(S::kInProgress).For("es"), "En curso");
  EXPECT_EQ(EscalationLabels(S::kConcluded).For("es-MX"), "Concluido");

  EXPECT_EQ(EscalationLabels(S::kNotRequired).For("en"), "Not required");
  EXPECT_EQ(EscalationLabels(S::kAwaitingOpening).For("en-US"), "Awaiting opening");
  EXPECT_EQ(EscalationLabels(S::kInProgress).For("en"), "In progress");
  EXPECT_EQ(EscalationLabels(S::kConcluded).For("en"), "Concluded");

  EXPECT_EQ(EscalationLabels(S::kConcluded).For("fr"), "Concluído") << "unknown locale: pt-BR";
}

TEST(Escalation, WhatMayBeEscalated) {
  const Workflow wf = EscalationWorkflow();
  Ticket t = Incident();
  EXPECT_TRUE(CheckEscalatable(t, wf));

  Ticket problem = t;
  problem.type = TicketType::kProblem;
  auto r = CheckEscalatable(problem, wf);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(r.error().fields[0].field, "escalation");
  EXPECT_EQ(r.error().fields[0].error, "IsProblem");

  Ticket closed = t;
  closed.custom_status_id = 6;
  r = CheckEscalatable(closed, wf);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields[0].error, "TicketClosed");

  Ticket linked = t;
  linked.problem_id = 99;
  r = CheckEscalatable(linked, wf);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields[0].error, "AlreadyEscalated");
  EXPECT_NE(r.error().fields[0].description.find("99"), std::string::npos);
}

TEST(Escalation, ProblemsThatTakeIncidents) {
  const Workflow wf = EscalationWorkflow();
  Ticket p = Incident();
  p.id = 99;
  auto r = CheckProblemOpenForIncidents(p, wf);
  ASSERT_FALSE(r) << "not a problem";
  EXPECT_EQ(r.error().fields[0].error, "NotAProblem");
  p.type = TicketType::kProblem;
  EXPECT_TRUE(CheckProblemOpenForIncidents(p, wf));
  p.custom_status_id = 4;
  EXPECT_TRUE(CheckProblemOpenForIncidents(p, wf)) << "on hold still takes incidents";
  for (std::int64_t solved : {5, 6}) {
    p.custom_status_id = solved;
    r = CheckProblemOpenForIncidents(p, wf);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().fields[0].error, "ProblemSolved");
  }
}

TEST(Escalation, EscalatedStatusIsTheHoldDefault) {
  const Workflow wf = EscalationWorkflow();
  ASSERT_NE(EscalatedStatus(wf), nullptr);
  EXPECT_EQ(EscalatedStatus(wf)->id, 4);
  EXPECT_EQ(EscalatedStatus(EscalationWorkflow(/*with_hold=*/false)), nullptr);
}

TEST(Escalation, SolvingAProblem) {
  const Workflow wf = EscalationWorkflow();
  Ticket p = Incident();
  p.type = TicketType::kProblem;
  p.custom_status_id = 5;
  EXPECT_TRUE(SolvesProblem(wf, 2, p));
  EXPECT_TRUE(SolvesProblem(wf, 1, p));
  EXPECT_FALSE(SolvesProblem(wf, 5, p)) << "no move";
  p.custom_status_id = 6;
  EXPECT_FALSE(SolvesProblem(wf, 5, p)) << "resolved -> closed stays in the solved category";
  p.custom_status_id = 4;
  EXPECT_FALSE(SolvesProblem(wf, 2, p)) << "not solved";
  Ticket incident = Incident();
  incident.custom_status_id = 5;
  EXPECT_FALSE(SolvesProblem(wf, 2, incident)) << "only problems";
}

TEST(Escalation, IncidentGoesBackToItsAgent) {
  const Workflow wf = EscalationWorkflow();
  Ticket t = Incident();
  t.problem_id = 99;
  t.custom_status_id = 4;
  t.assignee_id = 3;
  ASSERT_NE(StatusAfterConclusion(wf, t), nullptr);
  EXPECT_EQ(StatusAfterConclusion(wf, t)->key, "in_progress");
  // Unassigned: the unassigned queue (new) is not a move the system may make from escalated;
  // the assigned queue is.
  t.assignee_id.reset();
  ASSERT_NE(StatusAfterConclusion(wf, t), nullptr);
  EXPECT_EQ(StatusAfterConclusion(wf, t)->key, "in_progress");
  // Any hold status, not only the default.
  t.custom_status_id = 7;
  ASSERT_NE(StatusAfterConclusion(wf, t), nullptr);
  EXPECT_EQ(StatusAfterConclusion(wf, t)->key, "in_progress");
  // Not on hold: the agent already took it back; nothing moves.
  t.custom_status_id = 3;
  EXPECT_EQ(StatusAfterConclusion(wf, t), nullptr);
  // A workflow that lets the system make no such move: nothing moves.
  Workflow strict = wf;
  strict.transitions.erase(strict.transitions.begin() + 2);
  t.custom_status_id = 4;
  EXPECT_EQ(StatusAfterConclusion(strict, t), nullptr);
}

TEST(Escalation, ProblemSubjectReferencesTheIncident) {
  Ticket t = Incident();
  EXPECT_EQ(ProblemSubject(t), "Escalation of ticket #7: Printer on fire");
  t.subject.clear();
  EXPECT_EQ(ProblemSubject(t), "Escalation of ticket #7");
  // A long subject is cut to 255 bytes, never inside a character: the prefix is 25 bytes, so
  // the "é" takes bytes 254 and 255 and goes whole.
  t.subject = std::string(229, 'a') + "é and more";
  const std::string s = ProblemSubject(t);
  EXPECT_EQ(s.size(), 254u);
  EXPECT_EQ(s.back(), 'a');
}

TEST(Escalation, EventsNameTheOtherTicket) {
  Event e = EscalationEvent(kIncidentLinked, 12);
  EXPECT_EQ(e.type, "ChamadoEscalation");
  EXPECT_EQ(e.field_name, "incident_linked");
  EXPECT_EQ(e.value, "12");
}

}  // namespace
}  // namespace chamado
