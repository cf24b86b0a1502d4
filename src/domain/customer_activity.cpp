#include "domain/customer_activity.hpp"

#include <algorithm>
#include <charconv>
#include <map>

namespace chamado {
namespace {

constexpr std::string_view kStatusField = "custom_status_id";
constexpr std::string_view kProblemField = "problem_id";
constexpr std::string_view kNotRequiredField = "escalation_not_required";
constexpr std::string_view kMergedIntoField = "chamado_merged_into";

std::optional<std::int64_t> ParseId(std::string_view text) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

// The audit that created the ticket: the first one, when it carries "Create" events or
// happened at the creation instant (as domain/metrics.cpp reads it).
bool IsCreation(const std::vector<Audit>& audits, std::size_t i, const Ticket& t) {
  if (i != 0) return false;
  const Audit& a = audits[0];
  return a.created_at == t.created_at ||
         std::any_of(a.events.begin(), a.events.end(), [](const Event& e) { return e.type == "Create"; });
}

bool IsFieldWrite(const Event& e, std::string_view field) {
  return e.field_name == field && (e.type == "Change" || e.type == "Create");
}

// The incident side of the escalation state: its problem link and the not-required flag.
struct EscalationInputs {
  std::optional<std::int64_t> problem_id;
  bool not_required = false;
};

std::optional<Category> CategoryAt(const std::vector<LinkedProblem>& problems, std::int64_t problem_id, Instant at,
                                   const Workflow& wf) {
  auto p = std::find_if(problems.begin(), problems.end(), [&](const LinkedProblem& lp) { return lp.id == problem_id; });
  if (p == problems.end()) return std::nullopt;
  const StatusPoint* latest = nullptr;
  for (const auto& sp : p->statuses)
    if (sp.at <= at) latest = &sp;
  if (!latest) return std::nullopt;
  const Status* s = wf.ById(latest->status_id);
  if (!s) return std::nullopt;
  return s->category;
}

// The escalation state's changes, walking every instant something it depends on changed: the
// ticket's own link and flag (its audits), and the linked problems' status moves.
std::vector<ActivityEvent> EscalationChanges(const Ticket& t, const std::vector<Audit>& audits,
                                             const std::set<std::int64_t>& staff_ids,
                                             const std::vector<LinkedProblem>& problems, const Workflow& wf,
                                             std::int64_t viewer_id) {
  std::map<Instant, std::vector<const Audit*>> own;  // the ticket's audits touching its escalation
  for (const auto& a : audits)
    for (const auto& e : a.events)
      if (IsFieldWrite(e, kProblemField) || IsFieldWrite(e, kNotRequiredField)) {
        own[a.created_at].push_back(&a);
        break;
      }
  if (own.empty() && !t.problem_id && !t.escalation_not_required) return {};
  std::set<Instant> instants;
  for (const auto& [at, _] : own) instants.insert(at);
  for (const auto& p : problems)
    for (const auto& sp : p.statuses) instants.insert(sp.at);

  std::vector<ActivityEvent> out;
  EscalationInputs in;
  std::optional<EscalationState> shown;
  for (Instant at : instants) {
    std::optional<ActivityActor> by;
    if (auto it = own.find(at); it != own.end()) {
      for (const Audit* a : it->second) {
        for (const auto& e : a->events) {
          if (IsFieldWrite(e, kProblemField)) in.problem_id = ParseId(e.value);
          if (IsFieldWrite(e, kNotRequiredField)) in.not_required = e.value == "true";
        }
        by = ActorOf(a->author_id, a->via_channel, t, staff_ids, viewer_id);
      }
    }
    Ticket state;
    state.problem_id = in.problem_id;
    state.escalation_not_required = in.not_required;
    const auto category = in.problem_id ? CategoryAt(problems, *in.problem_id, at, wf) : std::nullopt;
    const auto now = DeriveEscalation(state, category);
    if (now == shown) continue;
    shown = now;
    if (!now) continue;  // unlinked: nothing to tell
    ActivityEvent ev;
    ev.at = at;
    ev.type = ActivityType::kEscalation;
    ev.by = by.value_or(ActivityActor::kSystem);  // a problem's move: the system follows it
    ev.escalation = now;
    out.push_back(ev);
  }
  return out;
}

}  // namespace

std::string_view ActivityActorName(ActivityActor a) {
  switch (a) {
    case ActivityActor::kYou: return "you";
    case ActivityActor::kRequester: return "requester";
    case ActivityActor::kCc: return "cc";
    case ActivityActor::kAgent: return "agent";
    case ActivityActor::kSystem: return "system";
  }
  return "system";
}

std::string_view ActivityTypeName(ActivityType t) {
  switch (t) {
    case ActivityType::kCreated: return "created";
    case ActivityType::kStatusChanged: return "status_changed";
    case ActivityType::kComment: return "comment";
    case ActivityType::kEscalation: return "escalation";
    case ActivityType::kMerged: return "merged";
    case ActivityType::kUnmerged: return "unmerged";
    case ActivityType::kSatisfactionRated: return "satisfaction_rated";
  }
  return "created";
}

ActivityActor ActorOf(std::int64_t author_id, std::string_view via, const Ticket& t,
                      const std::set<std::int64_t>& staff_ids, std::int64_t viewer_id) {
  if (author_id == kSystemAuthorId || via == kViaRule) return ActivityActor::kSystem;
  if (author_id == viewer_id) return ActivityActor::kYou;
  if (staff_ids.contains(author_id)) return ActivityActor::kAgent;
  if (author_id == t.requester_id) return ActivityActor::kRequester;
  return ActivityActor::kCc;
}

std::vector<StatusPoint> StatusHistory(const Ticket& t, const std::vector<Audit>& audits) {
  std::optional<std::int64_t> initial;
  std::vector<StatusPoint> moves;
  for (std::size_t i = 0; i < audits.size(); ++i) {
    const bool creation = IsCreation(audits, i, t);
    for (const auto& e : audits[i].events) {
      if (e.field_name != kStatusField) continue;
      if (creation && e.type == "Create") {
        if (!initial) initial = ParseId(e.value);
        continue;
      }
      if (e.type != "Change") continue;  // a "Reminder" names the status it stays in
      if (!initial) initial = ParseId(e.previous_value);
      if (auto to = ParseId(e.value)) moves.push_back({audits[i].created_at, *to});
    }
  }
  std::vector<StatusPoint> out{{t.created_at, initial.value_or(t.custom_status_id)}};
  for (const auto& m : moves)
    if (m.status_id != out.back().status_id) out.push_back(m);
  return out;
}

std::vector<std::int64_t> LinkedProblemIds(const Ticket& t, const std::vector<Audit>& audits) {
  std::set<std::int64_t> ids;
  if (t.problem_id) ids.insert(*t.problem_id);
  for (const auto& a : audits)
    for (const auto& e : a.events)
      if (IsFieldWrite(e, kProblemField))
        if (auto id = ParseId(e.value)) ids.insert(*id);
  return {ids.begin(), ids.end()};
}

std::vector<ActivityEvent> CustomerTimeline(const Ticket& t, const std::vector<Audit>& audits,
                                            const std::vector<Comment>& comments,
                                            const std::set<std::int64_t>& staff_ids,
                                            const std::vector<LinkedProblem>& problems, const Workflow& wf,
                                            std::int64_t viewer_id) {
  std::map<std::int64_t, const Comment*> by_id;
  for (const auto& c : comments) by_id[c.id] = &c;
  std::vector<ActivityEvent> out;
  const std::vector<StatusPoint> history = StatusHistory(t, audits);
  bool created = false;
  auto add_created = [&](Instant at, ActivityActor by) {
    ActivityEvent ev;
    ev.at = at;
    ev.type = ActivityType::kCreated;
    ev.by = by;
    ev.to_status_id = history.front().status_id;
    out.push_back(ev);
    created = true;
  };
  for (std::size_t i = 0; i < audits.size(); ++i) {
    const Audit& a = audits[i];
    const ActivityActor by = ActorOf(a.author_id, a.via_channel, t, staff_ids, viewer_id);
    const bool creation = IsCreation(audits, i, t);
    if (creation) {
      add_created(a.created_at, by);
      continue;  // its fields are internal or shown elsewhere; its comment is the description
    }
    if (!created)  // a history without its creation audit (an import): the creation first
      add_created(t.created_at, ActorOf(t.submitter_id, "", t, staff_ids, viewer_id));
    for (const auto& e : a.events) {
      ActivityEvent ev;
      ev.at = a.created_at;
      ev.by = by;
      if (e.type == "Change" && e.field_name == kStatusField) {
        auto from = ParseId(e.previous_value);
        auto to = ParseId(e.value);
        if (!to || from == to) continue;
        ev.type = ActivityType::kStatusChanged;
        ev.from_status_id = from;
        ev.to_status_id = to;
      } else if (e.type == "Comment") {
        auto it = by_id.find(e.comment_id);
        if (it == by_id.end() || !it->second->is_public) continue;  // never an internal note
        ev.type = ActivityType::kComment;
        ev.comment_id = e.comment_id;
        ev.by = ActorOf(it->second->author_id, it->second->via_channel, t, staff_ids, viewer_id);
      } else if (IsFieldWrite(e, kMergedIntoField)) {
        auto into = ParseId(e.value);
        ev.type = into ? ActivityType::kMerged : ActivityType::kUnmerged;
        ev.merged_into = into;
      } else if (e.type == "SatisfactionRating" && (e.value == "good" || e.value == "bad")) {
        ev.type = ActivityType::kSatisfactionRated;
        ev.score = e.value;
      } else {
        continue;
      }
      out.push_back(std::move(ev));
    }
  }
  if (!created) add_created(t.created_at, ActorOf(t.submitter_id, "", t, staff_ids, viewer_id));
  auto escalation = EscalationChanges(t, audits, staff_ids, problems, wf, viewer_id);
  out.insert(out.end(), escalation.begin(), escalation.end());
  std::stable_sort(out.begin(), out.end(), [](const ActivityEvent& x, const ActivityEvent& y) { return x.at < y.at; });
  return out;
}

}  // namespace chamado
