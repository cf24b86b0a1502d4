// Workflow rules on small hand-built workflows. The shipped workflows (case-lifecycle, simple)
// are tested cell by cell in adapters/config/workflow_loader_test.cpp, which can read them.
#include "domain/workflow.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace chamado {
namespace {

using std::chrono::hours;

// A status with labels derived from `en` ("Open" -> pt "pt:Open", es "es:Open").
class StatusBuilder final {
 public:
  StatusBuilder(std::string key, std::int64_t id, Category category, std::string en) {
    s_.key = std::move(key);
    s_.id = id;
    s_.category = category;
    s_.agent_label = {"pt:" + en, "es:" + en, en};
    s_.customer_label = {"pt:" + en, "es:" + en, "Your " + en};
  }
  StatusBuilder& Default() { return Set(s_.is_default, true); }
  StatusBuilder& Closed() { return Set(s_.closed, true); }
  StatusBuilder& CustomerMayClose() { return Set(s_.customer_may_close, true); }
  StatusBuilder& CustomerMayReopen() { return Set(s_.customer_may_reopen, true); }
  StatusBuilder& NoCustomerComments() { return Set(s_.customer_may_comment, false); }
  StatusBuilder& OnCustomerReply(std::string to) {
    s_.on_customer_reply = std::move(to);
    return *this;
  }
  StatusBuilder& OnAssignment(std::string to) {
    s_.on_assignment = std::move(to);
    return *this;
  }
  StatusBuilder& Auto(std::chrono::seconds after, std::string to) {
    s_.auto_transition = AutoTransition{after, std::move(to)};
    return *this;
  }
  operator Status() const { return s_; }  // NOLINT: builder

 private:
  StatusBuilder& Set(bool& flag, bool value) {
    flag = value;
    return *this;
  }
  Status s_;
};

Transition Move(std::string from, std::string to, std::set<Actor> by) { return {std::move(from), std::move(to), by}; }

constexpr Actor A = Actor::kAgent;
constexpr Actor C = Actor::kCustomer;
constexpr Actor S = Actor::kSystem;
constexpr Actor M = Actor::kMerge;

// A small workflow with every feature: a queue (new / open), a pending status whose reply
// goes back to the queue and which closes itself, a solved status the customer may reopen,
// two terminal statuses.
Workflow TinyWorkflow() {
  Workflow wf;
  wf.name = "tiny";
  wf.statuses = {
      StatusBuilder("new", 1, Category::kNew, "New").Default().OnAssignment("open").CustomerMayClose(),
      StatusBuilder("open", 2, Category::kOpen, "Open").Default().CustomerMayClose(),
      StatusBuilder("waiting", 3, Category::kPending, "Waiting")
          .Default()
          .CustomerMayClose()
          .OnCustomerReply("queue")
          .Auto(hours(48), "closed"),
      StatusBuilder("done", 4, Category::kSolved, "Done").Default().CustomerMayReopen().OnCustomerReply("open"),
      StatusBuilder("closed", 5, Category::kSolved, "Closed").Closed().NoCustomerComments(),
      StatusBuilder("by_customer", 6, Category::kSolved, "Closed by customer").Closed(),
  };
  wf.transitions = {
      Move("new", "open", {A, S}),         Move("new", "by_customer", {C}), Move("new", "closed", {M}),
      Move("open", "waiting", {A}),        Move("open", "done", {A}),       Move("open", "by_customer", {C}),
      Move("waiting", "new", {C}),         Move("waiting", "open", {A, C}), Move("waiting", "closed", {S}),
      Move("waiting", "by_customer", {C}), Move("done", "open", {A, C}),
  };
  wf.initial = "new";
  wf.queue_unassigned = "new";
  wf.queue_assigned = "open";
  wf.customer_close = "by_customer";
  wf.merge_target = "closed";
  return wf;
}

Status& Find(Workflow& wf, std::string_view key) {
  auto it = std::find_if(wf.statuses.begin(), wf.statuses.end(), [&](const Status& s) { return s.key == key; });
  EXPECT_NE(it, wf.statuses.end()) << key;
  return *it;
}

const Status& At(const Workflow& wf, std::string_view key) {
  const Status* s = wf.ByKey(key);
  EXPECT_NE(s, nullptr) << key;
  return *s;
}

// Does Validate() report a message containing every fragment?
testing::AssertionResult HasIssue(const Workflow& wf, std::vector<std::string_view> fragments) {
  auto messages = Validate(wf);
  for (const auto& m : messages) {
    if (std::all_of(fragments.begin(), fragments.end(), [&](auto f) { return m.find(f) != std::string::npos; })) {
      return testing::AssertionSuccess();
    }
  }
  auto failure = testing::AssertionFailure() << "no message with all of the fragments; got:";
  for (const auto& m : messages) failure << "\n  " << m;
  return failure;
}

TEST(Workflow, TinyWorkflowIsValid) { EXPECT_EQ(Validate(TinyWorkflow()), std::vector<std::string>{}); }

TEST(Workflow, NamesRoundTrip) {
  for (Category c : {Category::kNew, Category::kOpen, Category::kPending, Category::kHold, Category::kSolved}) {
    EXPECT_EQ(ParseCategory(CategoryName(c)), c);
  }
  EXPECT_EQ(CategoryName(Category::kHold), "hold");
  EXPECT_EQ(ParseCategory("closed"), std::nullopt);
  EXPECT_EQ(ParseCategory("Open"), std::nullopt);
  for (Actor a : {A, C, S, M}) EXPECT_EQ(ParseActor(ActorName(a)), a);
  EXPECT_EQ(ActorName(M), "merge");
  EXPECT_EQ(ParseActor("admin"), std::nullopt);
}

TEST(Workflow, LabelsPickTheLocaleAndFallBackToPortuguese) {
  Labels l{"Aberto", "Abierto", "Open"};
  EXPECT_EQ(l.For("pt-BR"), "Aberto");
  EXPECT_EQ(l.For("es"), "Abierto");
  EXPECT_EQ(l.For("es-MX"), "Abierto");
  EXPECT_EQ(l.For("ES_ar"), "Abierto");
  EXPECT_EQ(l.For("en"), "Open");
  EXPECT_EQ(l.For("en-US"), "Open");
  EXPECT_EQ(l.For("fr"), "Aberto");
  EXPECT_EQ(l.For(""), "Aberto");
  EXPECT_EQ(l.For("english"), "Aberto");  // not a language tag for "en"
  EXPECT_EQ(l.For("e"), "Aberto");
}

TEST(Workflow, Lookups) {
  Workflow wf = TinyWorkflow();
  ASSERT_NE(wf.ById(3), nullptr);
  EXPECT_EQ(wf.ById(3)->key, "waiting");
  EXPECT_EQ(wf.ById(99), nullptr);
  EXPECT_EQ(wf.ByKey("nope"), nullptr);
  EXPECT_EQ(wf.DefaultFor(Category::kSolved)->key, "done");
  EXPECT_EQ(wf.DefaultFor(Category::kPending)->key, "waiting");
  EXPECT_EQ(wf.DefaultFor(Category::kHold), nullptr);
  EXPECT_EQ(wf.Initial().key, "new");
}

TEST(Workflow, LegacyStatusIsClosedForTerminalStatusesElseTheCategory) {
  Workflow wf = TinyWorkflow();
  EXPECT_EQ(LegacyStatus(At(wf, "new")), "new");
  EXPECT_EQ(LegacyStatus(At(wf, "waiting")), "pending");
  EXPECT_EQ(LegacyStatus(At(wf, "done")), "solved");
  EXPECT_EQ(LegacyStatus(At(wf, "closed")), "closed");
  EXPECT_EQ(LegacyStatus(At(wf, "by_customer")), "closed");
}

TEST(CheckTransition, StayingPutIsAlwaysAllowedEvenWhenTerminal) {
  Workflow wf = TinyWorkflow();
  for (const Status& s : wf.statuses) {
    for (Actor a : {A, C, S, M}) EXPECT_TRUE(CheckTransition(wf, s, s, a)) << s.key << " " << ActorName(a);
  }
}

TEST(CheckTransition, AllowsOnlyTheListedActors) {
  Workflow wf = TinyWorkflow();
  EXPECT_TRUE(CheckTransition(wf, At(wf, "new"), At(wf, "open"), A));
  EXPECT_TRUE(CheckTransition(wf, At(wf, "new"), At(wf, "open"), S));
  EXPECT_FALSE(CheckTransition(wf, At(wf, "new"), At(wf, "open"), C));
  EXPECT_FALSE(CheckTransition(wf, At(wf, "new"), At(wf, "open"), M));
  EXPECT_FALSE(CheckTransition(wf, At(wf, "open"), At(wf, "new"), A));  // no transition at all
}

TEST(CheckTransition, RefusalIsA422OnStatusNamingBothLabelsAndTheActor) {
  Workflow wf = TinyWorkflow();
  auto r = CheckTransition(wf, At(wf, "new"), At(wf, "done"), A);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
  ASSERT_EQ(r.error().fields.size(), 1u);
  EXPECT_EQ(r.error().fields[0].field, "status");
  EXPECT_EQ(r.error().fields[0].error, "TransitionNotAllowed");
  EXPECT_EQ(r.error().fields[0].description, "Status: moving from 'New' to 'Done' is not allowed for agents");

  auto customer = CheckTransition(wf, At(wf, "new"), At(wf, "open"), C);
  EXPECT_EQ(customer.error().fields[0].description, "Status: moving from 'New' to 'Open' is not allowed for customers");
  auto system = CheckTransition(wf, At(wf, "open"), At(wf, "closed"), S);
  EXPECT_EQ(system.error().fields[0].description,
            "Status: moving from 'Open' to 'Closed' is not allowed for the system");
  auto merge = CheckTransition(wf, At(wf, "open"), At(wf, "closed"), M);
  EXPECT_EQ(merge.error().fields[0].description, "Status: moving from 'Open' to 'Closed' is not allowed for a merge");
}

TEST(CheckTransition, NothingLeavesATerminalStatusEvenIfATransitionSaysSo) {
  Workflow wf = TinyWorkflow();
  wf.transitions.push_back(Move("closed", "open", {A, C, S, M}));  // Validate refuses this; the check still holds
  for (Actor a : {A, C, S, M}) {
    auto r = CheckTransition(wf, At(wf, "closed"), At(wf, "open"), a);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().fields[0].error, "TransitionNotAllowed");
    EXPECT_EQ(r.error().fields[0].description, "Status: 'Closed' is terminal; a closed ticket cannot change status");
  }
}

TEST(CheckTransition, AnActorListedOnADuplicateTransitionIsAllowed) {
  Workflow wf = TinyWorkflow();
  wf.transitions.push_back(Move("new", "open", {M}));
  EXPECT_TRUE(CheckTransition(wf, At(wf, "new"), At(wf, "open"), M));
  EXPECT_TRUE(CheckTransition(wf, At(wf, "new"), At(wf, "open"), A));
}

TEST(CustomerMayComment, FollowsTheFlags) {
  Workflow wf = TinyWorkflow();
  EXPECT_TRUE(CustomerMayComment(At(wf, "new")));
  EXPECT_TRUE(CustomerMayComment(At(wf, "open")));
  EXPECT_TRUE(CustomerMayComment(At(wf, "waiting")));
  EXPECT_TRUE(CustomerMayComment(At(wf, "done")));  // solved, but the customer may reopen
  EXPECT_FALSE(CustomerMayComment(At(wf, "closed")));
  EXPECT_FALSE(CustomerMayComment(At(wf, "by_customer")));  // terminal, though the flag is left on

  Find(wf, "done").customer_may_reopen = false;  // seed 004: no comments on Resolved
  EXPECT_FALSE(CustomerMayComment(At(wf, "done")));
  Find(wf, "open").customer_may_comment = false;
  EXPECT_FALSE(CustomerMayComment(At(wf, "open")));
}

TEST(AfterCustomerReply, QueueMeansNewWhenUnassignedAndOpenWhenAssigned) {
  Workflow wf = TinyWorkflow();
  EXPECT_EQ(AfterCustomerReply(wf, At(wf, "waiting"), false).key, "new");
  EXPECT_EQ(AfterCustomerReply(wf, At(wf, "waiting"), true).key, "open");
}

TEST(AfterCustomerReply, ANamedStatusOrNowhere) {
  Workflow wf = TinyWorkflow();
  EXPECT_EQ(AfterCustomerReply(wf, At(wf, "done"), false).key, "open");
  EXPECT_EQ(AfterCustomerReply(wf, At(wf, "done"), true).key, "open");
  EXPECT_EQ(AfterCustomerReply(wf, At(wf, "new"), false).key, "new");
  EXPECT_EQ(AfterCustomerReply(wf, At(wf, "open"), true).key, "open");
  // Every move a reply makes is one the customer is allowed to make.
  for (const Status& s : wf.statuses) {
    if (!CustomerMayComment(s)) continue;
    for (bool assigned : {false, true}) {
      EXPECT_TRUE(CheckTransition(wf, s, AfterCustomerReply(wf, s, assigned), C)) << s.key;
    }
  }
}

TEST(AfterAssignment, MovesOnlyWhereTheStatusSays) {
  Workflow wf = TinyWorkflow();
  ASSERT_NE(AfterAssignment(wf, At(wf, "new")), nullptr);
  EXPECT_EQ(AfterAssignment(wf, At(wf, "new"))->key, "open");
  EXPECT_EQ(AfterAssignment(wf, At(wf, "open")), nullptr);
  EXPECT_EQ(AfterAssignment(wf, At(wf, "closed")), nullptr);
}

TEST(CustomerClose, LandsOnTheCustomerCloseStatus) {
  Workflow wf = TinyWorkflow();
  for (std::string_view key : {"new", "open", "waiting"}) {
    auto r = CustomerClose(wf, At(wf, key));
    ASSERT_TRUE(r) << key;
    EXPECT_EQ((*r)->key, "by_customer");
  }
}

TEST(CustomerClose, ClosingTwiceIsFine) {
  Workflow wf = TinyWorkflow();
  auto r = CustomerClose(wf, At(wf, "by_customer"));
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)->key, "by_customer");
}

TEST(CustomerClose, RefusedFromATerminalStatus) {
  Workflow wf = TinyWorkflow();
  auto r = CustomerClose(wf, At(wf, "closed"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(r.error().fields[0].field, "status");
  EXPECT_EQ(r.error().fields[0].error, "TransitionNotAllowed");
  EXPECT_EQ(r.error().fields[0].description, "Status: 'Your Closed' is terminal; the ticket is already closed");
}

TEST(CustomerClose, RefusedWhereTheStatusForbidsIt) {
  Workflow wf = TinyWorkflow();
  auto r = CustomerClose(wf, At(wf, "done"));  // customer_may_close is off
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields[0].error, "TransitionNotAllowed");
  EXPECT_EQ(r.error().fields[0].description, "Status: a requester may not close a ticket that is 'Your Done'");
}

TEST(CustomerClose, RefusedWhenNoTransitionAllowsIt) {
  Workflow wf = TinyWorkflow();
  Find(wf, "done").customer_may_close = true;  // the flag without the transition
  auto r = CustomerClose(wf, At(wf, "done"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields[0].field, "status");
}

TEST(CustomerClose, TheTargetNeedNotBeTerminal) {
  Workflow wf = TinyWorkflow();  // like `simple`: the customer closes to the solved status
  wf.customer_close = "done";
  wf.transitions.push_back(Move("open", "done", {C}));
  Find(wf, "done").customer_may_close = false;
  auto r = CustomerClose(wf, At(wf, "open"));
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)->key, "done");
  EXPECT_TRUE(CustomerClose(wf, At(wf, "done")));  // already there
  EXPECT_FALSE(CustomerClose(wf, At(wf, "new")));  // new -> done has no customer transition
}

// --- Validate ---------------------------------------------------------------------------

TEST(Validate, EmptyWorkflow) {
  EXPECT_TRUE(HasIssue(Workflow{}, {"no statuses"}));
  EXPECT_TRUE(HasIssue(Workflow{}, {"initial status is not set"}));
}

TEST(Validate, DuplicateAndInvalidIds) {
  Workflow wf = TinyWorkflow();
  Find(wf, "open").id = 1;
  EXPECT_TRUE(HasIssue(wf, {"status 'open'", "id 1 is already used by status 'new'"}));
  Find(wf, "open").id = 0;
  EXPECT_TRUE(HasIssue(wf, {"status 'open'", "positive integer"}));
}

TEST(Validate, DuplicateAndEmptyKeys) {
  Workflow wf = TinyWorkflow();
  Find(wf, "by_customer").key = "closed";
  EXPECT_TRUE(HasIssue(wf, {"status 'closed'", "used by another status"}));
  wf.statuses[0].key.clear();
  EXPECT_TRUE(HasIssue(wf, {"status #1", "key is empty"}));
}

TEST(Validate, EveryCategoryUsedHasExactlyOneDefault) {
  Workflow wf = TinyWorkflow();
  Find(wf, "waiting").is_default = false;
  EXPECT_TRUE(HasIssue(wf, {"status 'waiting'", "category 'pending' has no default status"}));

  wf = TinyWorkflow();
  wf.statuses.push_back(StatusBuilder("review", 7, Category::kOpen, "Review").Default());
  EXPECT_TRUE(HasIssue(wf, {"status 'review'", "category 'open' already has a default status, 'open'"}));
}

TEST(Validate, ClosedStatusesAreSolvedAndNeverDefault) {
  Workflow wf = TinyWorkflow();
  Find(wf, "closed").category = Category::kOpen;
  EXPECT_TRUE(HasIssue(wf, {"status 'closed'", "must have category 'solved', not 'open'"}));

  wf = TinyWorkflow();
  Find(wf, "closed").is_default = true;
  EXPECT_TRUE(HasIssue(wf, {"status 'closed'", "cannot be the default"}));

  wf = TinyWorkflow();  // a category with only closed statuses has no default
  Find(wf, "done").category = Category::kHold;
  Find(wf, "done").is_default = true;
  Find(wf, "done").customer_may_reopen = false;
  EXPECT_TRUE(HasIssue(wf, {"category 'solved' has no default status"}));
}

TEST(Validate, WorkflowLevelKeysMustExist) {
  struct Case {
    std::string Workflow::*member;
    std::string_view fragment;
  };
  for (auto [member, fragment] : {Case{&Workflow::initial, "the initial status 'gone'"},
                                  Case{&Workflow::queue_unassigned, "unassigned tickets 'gone'"},
                                  Case{&Workflow::queue_assigned, "assigned tickets 'gone'"},
                                  Case{&Workflow::customer_close, "customer close status 'gone'"}}) {
    Workflow wf = TinyWorkflow();
    wf.*member = "gone";
    EXPECT_TRUE(HasIssue(wf, {fragment, "not a status of this workflow"}));
  }
  Workflow wf = TinyWorkflow();
  wf.merge_target = "gone";
  EXPECT_TRUE(HasIssue(wf, {"merge target status 'gone'"}));
  wf.merge_target.reset();
  EXPECT_EQ(Validate(wf), std::vector<std::string>{});  // merge_target is optional
  wf.customer_close = "";
  EXPECT_TRUE(HasIssue(wf, {"customer close status is not set"}));
}

TEST(Validate, TicketsCannotStartOrQueueInATerminalStatus) {
  Workflow wf = TinyWorkflow();
  wf.initial = "closed";
  EXPECT_TRUE(HasIssue(wf, {"the initial status 'closed' is a closed (terminal) status"}));
  wf = TinyWorkflow();
  wf.queue_assigned = "closed";
  EXPECT_TRUE(HasIssue(wf, {"queue status for assigned tickets 'closed' is a closed"}));
}

TEST(Validate, StatusReferencesMustExist) {
  Workflow wf = TinyWorkflow();
  Find(wf, "waiting").on_customer_reply = "limbo";
  EXPECT_TRUE(HasIssue(wf, {"status 'waiting'", "on_customer_reply names 'limbo'"}));

  wf = TinyWorkflow();
  Find(wf, "new").on_assignment = "limbo";
  EXPECT_TRUE(HasIssue(wf, {"status 'new'", "on_assignment names 'limbo'"}));

  wf = TinyWorkflow();
  Find(wf, "waiting").auto_transition->to = "limbo";
  EXPECT_TRUE(HasIssue(wf, {"status 'waiting'", "automatic transition goes to 'limbo'"}));

  wf = TinyWorkflow();
  Find(wf, "waiting").auto_transition->after = std::chrono::seconds{0};
  EXPECT_TRUE(HasIssue(wf, {"status 'waiting'", "delay must be positive"}));
}

TEST(Validate, TransitionsNameStatusesAndActors) {
  Workflow wf = TinyWorkflow();
  wf.transitions.push_back(Move("limbo", "open", {A}));
  wf.transitions.push_back(Move("open", "nowhere", {A}));
  wf.transitions.push_back(Move("new", "waiting", {}));
  wf.transitions.push_back(Move("open", "open", {A}));
  wf.transitions.push_back(Move("by_customer", "open", {C}));
  wf.transitions.push_back(Move("new", "open", {M}));
  EXPECT_TRUE(HasIssue(wf, {"transition 'limbo' -> 'open'", "'limbo' is not a status"}));
  EXPECT_TRUE(HasIssue(wf, {"transition 'open' -> 'nowhere'", "'nowhere' is not a status"}));
  EXPECT_TRUE(HasIssue(wf, {"transition 'new' -> 'waiting'", "no actor may make this move"}));
  EXPECT_TRUE(HasIssue(wf, {"transition 'open' -> 'open'", "cannot move to itself"}));
  EXPECT_TRUE(HasIssue(wf, {"transition 'by_customer' -> 'open'", "nothing leaves it"}));
  EXPECT_TRUE(HasIssue(wf, {"transition 'new' -> 'open'", "listed twice"}));
}

TEST(Validate, DeclaredMovesNeedTheirTransitions) {
  auto without = [](std::string_view from, std::string_view to) {
    Workflow wf = TinyWorkflow();
    std::erase_if(wf.transitions, [&](const Transition& t) { return t.from == from && t.to == to; });
    return wf;
  };
  EXPECT_TRUE(
      HasIssue(without("waiting", "closed"),
               {"status 'waiting'", "automatic transition needs a transition 'waiting' -> 'closed'", "the system"}));
  EXPECT_TRUE(HasIssue(without("new", "open"), {"status 'new'", "on_assignment needs", "the system"}));
  EXPECT_TRUE(HasIssue(without("waiting", "new"),
                       {"status 'waiting'", "on_customer_reply = 'queue' needs", "'waiting' -> 'new'", "customers"}));
  EXPECT_TRUE(HasIssue(without("done", "open"), {"status 'done'", "on_customer_reply needs"}));
  EXPECT_TRUE(HasIssue(without("open", "by_customer"), {"status 'open'", "customer_may_close needs"}));

  Workflow wf = TinyWorkflow();
  Find(wf, "closed").auto_transition = AutoTransition{hours(1), "open"};
  EXPECT_TRUE(HasIssue(wf, {"status 'closed'", "a closed status cannot have an automatic transition"}));
}

TEST(Validate, IssuesSayWhereTheyAre) {
  Workflow wf = TinyWorkflow();
  Find(wf, "done").id = 2;
  wf.transitions[4].by.clear();
  wf.queue_assigned = "gone";
  auto issues = FindWorkflowIssues(wf);
  auto has = [&](WorkflowIssue::Where where, std::size_t index, std::string_view field) {
    return std::any_of(issues.begin(), issues.end(), [&](const WorkflowIssue& i) {
      return i.where == where && (where == WorkflowIssue::Where::kWorkflow || i.index == index) && i.field == field;
    });
  };
  EXPECT_TRUE(has(WorkflowIssue::Where::kStatus, 3, "id"));
  EXPECT_TRUE(has(WorkflowIssue::Where::kTransition, 4, "by"));
  EXPECT_TRUE(has(WorkflowIssue::Where::kWorkflow, 0, "queue_assigned"));
  EXPECT_EQ(issues.size(), Validate(wf).size());
}

}  // namespace
}  // namespace chamado
