#include "domain/workflow.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cctype>
#include <map>
#include <utility>

namespace chamado {

namespace {

// on_customer_reply's special value: back to the queue (queue_unassigned / queue_assigned).
constexpr std::string_view kQueue = "queue";

constexpr std::array kCategories = {Category::kNew, Category::kOpen, Category::kPending, Category::kHold,
                                    Category::kSolved};

std::string Quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

// "for agents", "for customers", ...: the end of a refused transition's message.
std::string_view ActorPhrase(Actor a) {
  switch (a) {
    case Actor::kAgent: return "agents";
    case Actor::kCustomer: return "customers";
    case Actor::kSystem: return "the system";
    case Actor::kMerge: return "a merge";
  }
  return "agents";
}

// Does `locale` name `lang` ("es", "es-MX", "ES_ar" all name "es")? `lang` is lower-case.
bool NamesLanguage(std::string_view locale, std::string_view lang) {
  if (locale.size() < lang.size()) return false;
  for (std::size_t i = 0; i < lang.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(locale[i])) != lang[i]) return false;
  }
  return locale.size() == lang.size() || locale[lang.size()] == '-' || locale[lang.size()] == '_';
}

bool Allows(const Workflow& wf, std::string_view from, std::string_view to, Actor actor) {
  return std::any_of(wf.transitions.begin(), wf.transitions.end(),
                     [&](const Transition& t) { return t.from == from && t.to == to && t.by.contains(actor); });
}

Error TransitionNotAllowed(std::string description) {
  return Error::Invalid("status", "TransitionNotAllowed", std::move(description));
}

// Collects issues; keeps the message prefixes ("status 'x': ") in one place.
class IssueList final {
 public:
  explicit IssueList(const Workflow& wf) : wf_(wf) {}

  void AtWorkflow(std::string field, std::string message) {
    issues_.push_back({WorkflowIssue::Where::kWorkflow, 0, std::move(field), std::move(message)});
  }
  void AtStatus(std::size_t i, std::string field, const std::string& message) {
    const auto& s = wf_.statuses[i];
    std::string name = s.key.empty() ? "status #" + std::to_string(i + 1) : "status " + Quoted(s.key);
    issues_.push_back({WorkflowIssue::Where::kStatus, i, std::move(field), name + ": " + message});
  }
  void AtTransition(std::size_t i, std::string field, const std::string& message) {
    const auto& t = wf_.transitions[i];
    issues_.push_back({WorkflowIssue::Where::kTransition, i, std::move(field),
                       "transition " + Quoted(t.from) + " -> " + Quoted(t.to) + ": " + message});
  }
  bool empty() const { return issues_.empty(); }
  std::vector<WorkflowIssue> Take() { return std::move(issues_); }

 private:
  const Workflow& wf_;
  std::vector<WorkflowIssue> issues_;
};

void CheckStatuses(const Workflow& wf, IssueList& issues) {
  std::map<std::string_view, std::size_t> by_key;
  std::map<std::int64_t, std::size_t> by_id;
  for (std::size_t i = 0; i < wf.statuses.size(); ++i) {
    const Status& s = wf.statuses[i];
    if (s.key.empty()) {
      issues.AtStatus(i, "key", "the key is empty");
    } else if (auto [it, fresh] = by_key.emplace(s.key, i); !fresh) {
      issues.AtStatus(i, "key", "the key is used by another status too");
    }
    if (s.id <= 0) {
      issues.AtStatus(i, "id", "the id must be a positive integer, not " + std::to_string(s.id));
    } else if (auto [it, fresh] = by_id.emplace(s.id, i); !fresh) {
      issues.AtStatus(
          i, "id", "id " + std::to_string(s.id) + " is already used by status " + Quoted(wf.statuses[it->second].key));
    }
    if (s.closed && s.category != Category::kSolved) {
      issues.AtStatus(i, "category",
                      "a closed status must have category 'solved', not " + Quoted(CategoryName(s.category)));
    }
    if (s.closed && s.is_default) {
      issues.AtStatus(i, "is_default", "a closed status cannot be the default of its category");
    }
    if (s.on_customer_reply && *s.on_customer_reply != kQueue && !wf.ByKey(*s.on_customer_reply)) {
      issues.AtStatus(i, "on_customer_reply",
                      "on_customer_reply names " + Quoted(*s.on_customer_reply) +
                          ", which is neither 'queue' nor a status of this workflow");
    }
    if (s.on_assignment && !wf.ByKey(*s.on_assignment)) {
      issues.AtStatus(i, "on_assignment",
                      "on_assignment names " + Quoted(*s.on_assignment) + ", which is not a status of this workflow");
    }
    if (s.auto_transition) {
      if (s.auto_transition->after <= std::chrono::seconds{0}) {
        issues.AtStatus(i, "auto_transition", "the automatic transition's delay must be positive");
      }
      if (!wf.ByKey(s.auto_transition->to)) {
        issues.AtStatus(i, "auto_transition",
                        "the automatic transition goes to " + Quoted(s.auto_transition->to) +
                            ", which is not a status of this workflow");
      }
    }
    if (s.remind) {
      if (s.remind->after <= std::chrono::seconds{0}) {
        issues.AtStatus(i, "remind", "the reminder's delay must be positive");
      } else if (s.auto_transition && s.remind->after >= s.auto_transition->after) {
        issues.AtStatus(i, "remind",
                        "the reminder must come before the automatic transition (" +
                            std::to_string(s.remind->after.count()) + " s is not less than " +
                            std::to_string(s.auto_transition->after.count()) + " s)");
      }
      if (s.closed) issues.AtStatus(i, "remind", "a closed status cannot have a reminder");
    }
  }
}

// Every category used has exactly one default status.
void CheckDefaults(const Workflow& wf, IssueList& issues) {
  for (Category c : kCategories) {
    std::optional<std::size_t> first, default_at;
    bool closed_default = false;  // reported by CheckStatuses; "no default" would say it twice
    for (std::size_t i = 0; i < wf.statuses.size(); ++i) {
      const Status& s = wf.statuses[i];
      if (s.category != c) continue;
      if (!first) first = i;
      closed_default = closed_default || (s.is_default && s.closed);
      if (!s.is_default || s.closed) continue;
      if (default_at) {
        issues.AtStatus(i, "is_default",
                        "category " + Quoted(CategoryName(c)) + " already has a default status, " +
                            Quoted(wf.statuses[*default_at].key));
      } else {
        default_at = i;
      }
    }
    if (first && !default_at && !closed_default) {
      issues.AtStatus(*first, "category",
                      "category " + Quoted(CategoryName(c)) +
                          " has no default status: exactly one of its non-closed statuses must be the default");
    }
  }
}

void CheckWorkflowKeys(const Workflow& wf, IssueList& issues) {
  struct Ref {
    const char* field;
    const char* what;
    const std::string* key;
    bool may_be_closed;
  };
  std::vector<Ref> refs = {
      {"initial", "the initial status", &wf.initial, false},
      {"queue_unassigned", "the queue status for unassigned tickets", &wf.queue_unassigned, false},
      {"queue_assigned", "the queue status for assigned tickets", &wf.queue_assigned, false},
      {"customer_close", "the customer close status", &wf.customer_close, true},
  };
  if (wf.merge_target) refs.push_back({"merge_target", "the merge target status", &*wf.merge_target, true});
  for (const Ref& r : refs) {
    const Status* s = wf.ByKey(*r.key);
    if (r.key->empty()) {
      issues.AtWorkflow(r.field, std::string(r.what) + " is not set");
    } else if (!s) {
      issues.AtWorkflow(r.field, std::string(r.what) + " " + Quoted(*r.key) + " is not a status of this workflow");
    } else if (s->closed && !r.may_be_closed) {
      issues.AtWorkflow(r.field, std::string(r.what) + " " + Quoted(*r.key) + " is a closed (terminal) status");
    }
  }
}

void CheckTransitions(const Workflow& wf, IssueList& issues) {
  std::map<std::pair<std::string_view, std::string_view>, std::size_t> seen;
  for (std::size_t i = 0; i < wf.transitions.size(); ++i) {
    const Transition& t = wf.transitions[i];
    const Status* from = wf.ByKey(t.from);
    if (!from) issues.AtTransition(i, "from", Quoted(t.from) + " is not a status of this workflow");
    if (!wf.ByKey(t.to)) issues.AtTransition(i, "to", Quoted(t.to) + " is not a status of this workflow");
    if (t.from == t.to) issues.AtTransition(i, "to", "a status cannot move to itself (staying put is always allowed)");
    if (from && from->closed) {
      issues.AtTransition(i, "from", Quoted(t.from) + " is a closed (terminal) status: nothing leaves it");
    }
    if (t.by.empty()) issues.AtTransition(i, "by", "no actor may make this move: list at least one in `by`");
    if (auto [it, fresh] = seen.emplace(std::pair{std::string_view(t.from), std::string_view(t.to)}, i); !fresh) {
      issues.AtTransition(i, "from", "listed twice: put all its actors in one transition");
    }
  }
}

// The automatic moves a status declares must be moves the transitions allow, or they would
// be refused at run time.
void CheckDeclaredMoves(const Workflow& wf, IssueList& issues) {
  for (std::size_t i = 0; i < wf.statuses.size(); ++i) {
    const Status& s = wf.statuses[i];
    auto need = [&](const char* field, const std::string& to, Actor actor, const std::string& what) {
      if (to == s.key || !wf.ByKey(to) || Allows(wf, s.key, to, actor)) return;
      issues.AtStatus(i, field,
                      what + " needs a transition " + Quoted(s.key) + " -> " + Quoted(to) + " that " +
                          std::string(ActorPhrase(actor)) + " may make");
    };
    if (s.closed) {
      if (s.on_customer_reply) issues.AtStatus(i, "on_customer_reply", "a closed status cannot have on_customer_reply");
      if (s.on_assignment) issues.AtStatus(i, "on_assignment", "a closed status cannot have on_assignment");
      if (s.auto_transition)
        issues.AtStatus(i, "auto_transition", "a closed status cannot have an automatic transition");
      continue;
    }
    if (s.auto_transition) need("auto_transition", s.auto_transition->to, Actor::kSystem, "the automatic transition");
    if (s.on_assignment) need("on_assignment", *s.on_assignment, Actor::kSystem, "on_assignment");
    if (s.on_customer_reply && *s.on_customer_reply == kQueue) {
      need("on_customer_reply", wf.queue_unassigned, Actor::kCustomer, "on_customer_reply = 'queue'");
      need("on_customer_reply", wf.queue_assigned, Actor::kCustomer, "on_customer_reply = 'queue'");
    } else if (s.on_customer_reply) {
      need("on_customer_reply", *s.on_customer_reply, Actor::kCustomer, "on_customer_reply");
    }
    if (s.customer_may_close) need("customer_may_close", wf.customer_close, Actor::kCustomer, "customer_may_close");
  }
}

// ---- self-help e-mail: `self_help = { wait, yes, no }` names statuses (no: or "queue") and
// its three moves must be allowed: initial -> wait by the system (the e-mail is sent),
// wait -> yes and wait -> no (both queue statuses for "queue") by the customer.
void CheckSelfHelp(const Workflow& wf, IssueList& issues, bool moves) {
  if (!wf.self_help) return;
  const SelfHelpMoves& h = *wf.self_help;
  auto status = [&](const char* field, const std::string& key) -> const Status* {
    const Status* s = wf.ByKey(key);
    if (key.empty())
      issues.AtWorkflow("self_help", std::string("self_help.") + field + " is not set");
    else if (!s)
      issues.AtWorkflow("self_help",
                        std::string("self_help.") + field + " " + Quoted(key) + " is not a status of this workflow");
    return s;
  };
  const Status* wait = status("wait", h.wait);
  const Status* yes = status("yes", h.yes);
  const Status* no = h.no == kQueue ? nullptr : status("no", h.no);
  if (wait && wait->closed)
    issues.AtWorkflow("self_help", "self_help.wait " + Quoted(h.wait) + " is a closed (terminal) status");
  if (!moves || !wait) return;
  auto need = [&](const std::string& from, const std::string& to, Actor actor, const std::string& what) {
    if (from == to || !wf.ByKey(from) || !wf.ByKey(to) || Allows(wf, from, to, actor)) return;
    issues.AtWorkflow("self_help", what + " needs a transition " + Quoted(from) + " -> " + Quoted(to) + " that " +
                                       std::string(ActorPhrase(actor)) + " may make");
  };
  need(wf.initial, h.wait, Actor::kSystem, "self_help.wait");
  if (yes) need(h.wait, h.yes, Actor::kCustomer, "self_help.yes");
  if (no) need(h.wait, h.no, Actor::kCustomer, "self_help.no");
  if (h.no == kQueue) {
    need(h.wait, wf.queue_unassigned, Actor::kCustomer, "self_help.no = 'queue'");
    need(h.wait, wf.queue_assigned, Actor::kCustomer, "self_help.no = 'queue'");
  }
}

}  // namespace

std::string_view CategoryName(Category c) {
  switch (c) {
    case Category::kNew: return "new";
    case Category::kOpen: return "open";
    case Category::kPending: return "pending";
    case Category::kHold: return "hold";
    case Category::kSolved: return "solved";
  }
  return "new";
}

std::optional<Category> ParseCategory(std::string_view name) {
  for (Category c : kCategories) {
    if (CategoryName(c) == name) return c;
  }
  return std::nullopt;
}

std::string_view ActorName(Actor a) {
  switch (a) {
    case Actor::kAgent: return "agent";
    case Actor::kCustomer: return "customer";
    case Actor::kSystem: return "system";
    case Actor::kMerge: return "merge";
  }
  return "agent";
}

std::optional<Actor> ParseActor(std::string_view name) {
  for (Actor a : {Actor::kAgent, Actor::kCustomer, Actor::kSystem, Actor::kMerge}) {
    if (ActorName(a) == name) return a;
  }
  return std::nullopt;
}

const std::string& Labels::For(std::string_view locale) const {
  if (NamesLanguage(locale, "es")) return es;
  if (NamesLanguage(locale, "en")) return en;
  return pt_br;
}

const Labels& CustomerLabel(const Status& s, bool requester) {
  return requester || s.cc_label.pt_br.empty() ? s.customer_label : s.cc_label;
}

const Status* Workflow::ById(std::int64_t id) const {
  auto it = std::find_if(statuses.begin(), statuses.end(), [&](const Status& s) { return s.id == id; });
  return it == statuses.end() ? nullptr : &*it;
}

const Status* Workflow::ByKey(std::string_view key) const {
  auto it = std::find_if(statuses.begin(), statuses.end(), [&](const Status& s) { return s.key == key; });
  return it == statuses.end() ? nullptr : &*it;
}

const Status* Workflow::DefaultFor(Category c) const {
  auto it = std::find_if(statuses.begin(), statuses.end(),
                         [&](const Status& s) { return s.category == c && s.is_default && !s.closed; });
  return it == statuses.end() ? nullptr : &*it;
}

const Status& Workflow::Initial() const {
  const Status* s = ByKey(initial);
  assert(s && "Workflow::Initial() on a workflow that failed Validate()");
  return *s;
}

std::vector<WorkflowIssue> FindWorkflowIssues(const Workflow& wf) {
  IssueList issues(wf);
  if (wf.statuses.empty()) issues.AtWorkflow("statuses", "the workflow has no statuses");
  CheckStatuses(wf, issues);
  CheckDefaults(wf, issues);
  CheckWorkflowKeys(wf, issues);
  CheckTransitions(wf, issues);
  // Only on a sound structure: a typo in a transition would otherwise also show up as a
  // missing move, and the consequence may come first in the file.
  if (issues.empty()) CheckDeclaredMoves(wf, issues);
  CheckSelfHelp(wf, issues, issues.empty());  // ---- self-help e-mail
  return issues.Take();
}

std::vector<std::string> Validate(const Workflow& wf) {
  std::vector<std::string> out;
  for (auto& issue : FindWorkflowIssues(wf)) out.push_back(std::move(issue.message));
  return out;
}

std::string_view LegacyStatus(const Status& s) { return s.closed ? "closed" : CategoryName(s.category); }

Result<void> CheckTransition(const Workflow& wf, const Status& from, const Status& to, Actor actor) {
  if (from.key == to.key) return {};
  if (from.closed) {
    return Fail(TransitionNotAllowed("Status: " + Quoted(from.agent_label.en) +
                                     " is terminal; a closed ticket cannot change status"));
  }
  if (Allows(wf, from.key, to.key, actor)) return {};
  return Fail(TransitionNotAllowed("Status: moving from " + Quoted(from.agent_label.en) + " to " +
                                   Quoted(to.agent_label.en) + " is not allowed for " +
                                   std::string(ActorPhrase(actor))));
}

bool CustomerMayComment(const Status& s) {
  return !s.closed && s.customer_may_comment && (s.category != Category::kSolved || s.customer_may_reopen);
}

const Status& AfterCustomerReply(const Workflow& wf, const Status& from, bool assigned) {
  if (!from.on_customer_reply) return from;
  const std::string& key = *from.on_customer_reply == kQueue ? (assigned ? wf.queue_assigned : wf.queue_unassigned)
                                                             : *from.on_customer_reply;
  const Status* to = wf.ByKey(key);
  return to ? *to : from;  // an unknown key is a Validate() error; staying put is the safe reading
}

const Status* AfterAssignment(const Workflow& wf, const Status& from) {
  return from.on_assignment ? wf.ByKey(*from.on_assignment) : nullptr;
}

Result<const Status*> CustomerClose(const Workflow& wf, const Status& from) {
  const Status* target = wf.ByKey(wf.customer_close);
  if (!target) return Fail(Error::Internal("workflow " + Quoted(wf.name) + " has no customer close status"));
  if (from.key == target->key) return target;  // closing twice is not an error
  if (from.closed) {
    return Fail(TransitionNotAllowed("Status: " + Quoted(from.customer_label.en) +
                                     " is terminal; the ticket is already closed"));
  }
  if (!from.customer_may_close || !CheckTransition(wf, from, *target, Actor::kCustomer)) {
    return Fail(
        TransitionNotAllowed("Status: a requester may not close a ticket that is " + Quoted(from.customer_label.en)));
  }
  return target;
}

}  // namespace chamado
