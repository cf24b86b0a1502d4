#pragma once
// Status workflows as data (PRODUCT.md §2). Code never compares status names: it asks a
// status for its category or flags, and asks the workflow whether a move is allowed.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"

namespace chamado {

enum class Category { kNew, kOpen, kPending, kHold, kSolved };
std::string_view CategoryName(Category c);  // "new", "open", "pending", "hold", "solved"
std::optional<Category> ParseCategory(std::string_view name);

// Who makes a move. kMerge is an agent merging tickets (only the merge use case uses it).
enum class Actor { kAgent, kCustomer, kSystem, kMerge };
std::string_view ActorName(Actor a);  // "agent", "customer", "system", "merge"
std::optional<Actor> ParseActor(std::string_view name);

struct Labels {
  std::string pt_br, es, en;
  // Falls back to pt-BR (the default locale) for an unknown locale.
  const std::string& For(std::string_view locale) const;
};

struct Status;
// The status's name for a customer: the requester's wording, or the CC's where there is one.
const Labels& CustomerLabel(const Status& s, bool requester);

struct AutoTransition {
  std::chrono::seconds after{0};
  std::string to;  // status key
};

// A reminder to the customer (`remind = { after = "24h" }`): once, `after` the ticket entered
// the status, if it is still there (app/timers.hpp, kind "reminder"). Calendar time, like `auto`.
struct Reminder {
  std::chrono::seconds after{0};
};

struct Status {
  std::int64_t id = 0;  // the API's custom_status_id; stable across installs
  std::string key;      // identifier used inside workflow files
  Category category = Category::kNew;
  bool closed = false;      // terminal: shown as legacy "closed"; nothing reopens it
  bool is_default = false;  // the default of its category
  Labels agent_label;
  Labels customer_label;
  // What a customer who is only in copy reads where customer_label speaks to the requester
  // ("Closed by you"); empty: customer_label (CustomerLabel()).
  Labels cc_label;
  std::string description;
  bool customer_may_comment = true;
  bool customer_may_close = false;
  bool customer_may_reopen = false;  // a customer reply on a solved status reopens it
  bool pauses_sla = false;
  std::optional<std::string> on_customer_reply;  // status key, or "queue" (back to the queue)
  std::optional<std::string> on_assignment;      // system move when an assignee is set
  std::optional<AutoTransition> auto_transition;
  std::optional<Reminder> remind;
};

struct Transition {
  std::string from;  // status key
  std::string to;    // status key
  std::set<Actor> by;
};

// ---- self-help e-mail (issue 7; docs/workflows.md "Self-help"): `self_help = { wait, yes, no }`.
// A new ticket whose topic has self-help answers moves (system) from the initial status to
// `wait`; the customer's "Yes, close this case" moves it to `yes`, "No, keep it open" to `no`
// (a status key or "queue"). No key: the workflow sends no self-help e-mails.
struct SelfHelpMoves {
  std::string wait;
  std::string yes;
  std::string no = "queue";
};

struct Workflow {
  std::string name;
  std::vector<Status> statuses;
  std::vector<Transition> transitions;
  std::string initial;                      // a new ticket starts here
  std::string queue_unassigned;             // "back to the queue" with nobody assigned
  std::string queue_assigned;               // ... and with an assignee
  std::string customer_close;               // where a requester's `solved: true` lands
  std::optional<std::string> merge_target;  // where a merged source goes (Duplicate)
  std::optional<SelfHelpMoves> self_help;   // ---- self-help e-mail

  const Status* ById(std::int64_t id) const;
  const Status* ByKey(std::string_view key) const;
  const Status* DefaultFor(Category c) const;
  const Status& Initial() const;  // precondition: Validate() returned no errors
};

// Structural checks: unique ids and keys, one default per category present, every key
// referenced exists, terminal statuses are solved-category. Returns human messages.
std::vector<std::string> Validate(const Workflow& wf);

// Validate's findings with where they are, so a file loader can point at a line.
struct WorkflowIssue {
  enum class Where { kWorkflow, kStatus, kTransition };
  Where where = Where::kWorkflow;
  std::size_t index = 0;  // into statuses or transitions (kStatus, kTransition)
  std::string field;      // the member at fault: "id", "is_default", "to", "queue_assigned", ...
  std::string message;    // what Validate returns: human, names the status key
};
std::vector<WorkflowIssue> FindWorkflowIssues(const Workflow& wf);

// The legacy Zendesk `status` of a status: "closed" for terminal ones, else the category.
std::string_view LegacyStatus(const Status& s);

// Is `actor` allowed to move a ticket from `from` to `to`? Staying put is always allowed.
// The error is a 422 on field "status" naming the rule.
Result<void> CheckTransition(const Workflow& wf, const Status& from, const Status& to, Actor actor);

// May the requester add a comment in this status?
bool CustomerMayComment(const Status& s);

// Where a customer's reply moves the ticket (possibly nowhere: the same status).
// Precondition: CustomerMayComment(from).
const Status& AfterCustomerReply(const Workflow& wf, const Status& from, bool assigned);

// Where an agent setting an assignee moves the ticket, if anywhere (New -> In progress).
const Status* AfterAssignment(const Workflow& wf, const Status& from);

// The requester's "close this case" (`solved: true`): the target, or a 422 naming the rule.
Result<const Status*> CustomerClose(const Workflow& wf, const Status& from);

}  // namespace chamado
