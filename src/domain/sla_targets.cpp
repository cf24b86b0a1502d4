// A ticket's SLA targets (domain/sla.hpp ComputeSlaTargets): each metric's current cycle, its
// pauses and its due time, recomputed from the creation. docs/sla.md "Targets" has the rules.
#include <algorithm>
#include <chrono>

#include "domain/sla.hpp"

namespace chamado {
namespace {

using Kind = SlaHistoryEvent::Kind;

// One stay in a status: [from, to), `to` empty for the status the ticket is in.
struct StatusSpan {
  Instant from{};
  std::optional<Instant> to;
  std::int64_t status_id = 0;
};

// When a metric's current cycle started and, if it did, the event that fulfilled it.
struct Cycle {
  Instant start{};
  std::optional<Instant> fulfilled;
};

std::vector<StatusSpan> StatusSpans(const SlaInputs& in) {
  const auto is_status = [](const SlaHistoryEvent& e) { return e.kind == Kind::kStatus; };
  const auto moves = std::count_if(in.history.begin(), in.history.end(), is_status);
  std::vector<StatusSpan> spans;
  auto enter = [&](Instant at, std::int64_t id) {
    if (!spans.empty()) {
      if (spans.back().status_id == id) return;
      at = std::max(at, spans.back().from);
      spans.back().to = at;
    }
    spans.push_back({at, std::nullopt, id});
  };
  for (const auto& e : in.history) {
    if (!is_status(e)) continue;
    std::int64_t id = e.status_id;
    // The creation's status, when the history could not tell: the initial one if the ticket
    // moved since, else the one it is in.
    if (id == 0 && spans.empty()) id = moves > 1 ? in.wf.Initial().id : in.ticket.custom_status_id;
    enter(spans.empty() ? std::min(e.at, in.ticket.created_at) : e.at, id);
  }
  if (spans.empty()) spans.push_back({in.ticket.created_at, std::nullopt, in.ticket.custom_status_id});
  return spans;
}

bool IsSolved(const Status* s) { return s && s->category == Category::kSolved; }

// Does a stay in `s` stop the clock of `metric`? Solved stays always do (a reopened ticket's
// targets run again); the wait metrics pause by category; the others on the metric's own
// pause statuses, else the workflow's pauses_sla ones.
bool Pauses(const Status* s, const SlaPolicyMetric& m) {
  if (!s) return false;  // Limit: a status the workflow no longer knows counts as active time
  if (s->category == Category::kSolved) return true;
  if (m.metric == kRequesterWaitTime && s->category == Category::kPending) return true;
  if (m.metric == kAgentWorkTime && (s->category == Category::kPending || s->category == Category::kHold)) return true;
  if (!m.pause_status_ids.empty())
    return std::find(m.pause_status_ids.begin(), m.pause_status_ids.end(), s->id) != m.pause_status_ids.end();
  return s->pauses_sla;
}

// The agent's English label: the explanation is for agents ("paused: Awaiting response",
// "paused: Escalated" -- the customer label would say "Forwarded").
std::string PauseReason(const Status& s) { return "paused: " + s.agent_label.en; }

bool HasFirstReplyTarget(const SlaPolicy& p, Priority priority) {
  return std::any_of(p.metrics.begin(), p.metrics.end(),
                     [&](const SlaPolicyMetric& m) { return m.priority == priority && m.metric == kFirstReplyTime; });
}

// The metric's current (latest) cycle, nullopt while it has not started.
std::optional<Cycle> CurrentCycle(std::string_view metric, const SlaInputs& in, Instant created,
                                  bool first_reply_target) {
  if (metric == kFirstReplyTime) {
    Cycle c{created, std::nullopt};
    for (const auto& e : in.history)
      if (e.kind == Kind::kAgentPublicReply) {
        c.fulfilled = std::max(e.at, created);
        break;
      }
    return c;
  }
  if (metric == kNextReplyTime) {
    // The oldest unanswered requester comment starts a cycle, the next agent reply ends it.
    // While a first reply target runs, the requester's comments are its business.
    std::optional<Cycle> c;
    bool replied_once = !first_reply_target;
    bool open = false;
    for (const auto& e : in.history) {
      if (e.kind == Kind::kRequesterPublicComment && replied_once && !open) {
        c = Cycle{e.at, std::nullopt};
        open = true;
      } else if (e.kind == Kind::kAgentPublicReply) {
        if (open) c->fulfilled = e.at;
        open = false;
        replied_once = true;
      }
    }
    return c;
  }
  if (metric == kPeriodicUpdateTime) {
    // From each public agent comment to the next: the current cycle starts at the latest.
    std::optional<Cycle> c;
    for (const auto& e : in.history)
      if (e.kind == Kind::kAgentPublicReply) c = Cycle{e.at, std::nullopt};
    return c;
  }
  if (metric == kEscalationTime) {
    std::optional<Cycle> c;
    bool open = false;
    for (const auto& e : in.history) {
      if (e.kind == Kind::kEscalated && !open) {
        c = Cycle{e.at, std::nullopt};
        open = true;
      } else if (e.kind == Kind::kEscalationConcluded && open) {
        c->fulfilled = e.at;
        open = false;
      }
    }
    return c;
  }
  // resolution_time, requester_wait_time, agent_work_time: the whole life, until solved.
  return Cycle{created, std::nullopt};
}

SlaTarget ComputeTarget(const SlaInputs& in, const SlaPolicyMetric& m, const Cycle& cycle,
                        const std::vector<StatusSpan>& spans) {
  SlaTarget t;
  t.metric = m.metric;
  t.priority = m.priority;
  t.business_hours = m.business_hours;
  t.started_at = cycle.start;
  const Calendar* cal = m.business_hours ? in.calendar : nullptr;
  t.target_minutes = m.target;
  if (m.business_days) {
    const int day = cal && cal->business_day_minutes() > 0 ? cal->business_day_minutes() : 24 * 60;
    t.target_minutes = static_cast<std::int64_t>(*m.business_days) * day;
  }

  // Achieved: fulfilled by its event, or the ticket is solved now (its latest solve ends it:
  // Resolved -> Closed is still the same solve).
  const Status* current_status = in.wf.ById(spans.back().status_id);
  if (cycle.fulfilled) {
    t.achieved_at = cycle.fulfilled;
  } else if (IsSolved(current_status)) {
    std::size_t solve = spans.size() - 1;
    while (solve > 0 && IsSolved(in.wf.ById(spans[solve - 1].status_id))) --solve;
    t.achieved_at = std::max(spans[solve].from, cycle.start);
  }

  std::vector<PauseInterval> pauses;
  for (const auto& s : spans) {
    const Status* st = in.wf.ById(s.status_id);
    if (!Pauses(st, m)) continue;
    std::optional<Instant> to = s.to;
    if (t.achieved_at) {
      if (s.from >= *t.achieved_at) continue;
      to = std::min(to.value_or(*t.achieved_at), *t.achieved_at);
    }
    if (to && *to <= cycle.start) continue;
    pauses.push_back({std::max(s.from, cycle.start), to, PauseReason(*st)});
  }

  const std::chrono::seconds amount = std::chrono::minutes(t.target_minutes);
  t.breach_at = AddBusinessTime(cal, cycle.start, amount, pauses, &t.explanation);
  if (!t.breach_at) {
    // Paused with the due time unknown: explain what counted so far and the running pause.
    t.explanation.clear();
    BusinessTimeBetween(cal, cycle.start, std::max(in.now, cycle.start), pauses, &t.explanation);
  }

  if (t.achieved_at) {
    t.stage = std::string(kStageAchieved);
    t.breached = t.breach_at && *t.achieved_at > *t.breach_at;
  } else {
    t.stage = std::string(Pauses(current_status, m) ? kStagePaused : kStageActive);
    t.breached = t.breach_at && *t.breach_at <= in.now;
  }
  return t;
}

}  // namespace

std::vector<SlaTarget> ComputeSlaTargets(const SlaInputs& in) {
  const Priority priority = in.ticket.priority.value_or(Priority::kNormal);
  const std::vector<StatusSpan> spans = StatusSpans(in);
  const Instant created = spans.front().from;
  const bool first_reply_target = HasFirstReplyTarget(in.policy, priority);
  std::vector<SlaTarget> out;
  for (const auto& m : in.policy.metrics) {
    if (m.priority != priority || !IsSlaMetric(m.metric)) continue;
    auto cycle = CurrentCycle(m.metric, in, created, first_reply_target);
    if (!cycle) continue;
    out.push_back(ComputeTarget(in, m, *cycle, spans));
  }
  return out;
}

std::optional<Instant> NextBreach(std::span<const SlaTarget> targets) {
  std::optional<Instant> next;
  for (const auto& t : targets)
    if (t.stage == kStageActive && !t.achieved_at && t.breach_at && (!next || *t.breach_at < *next)) next = t.breach_at;
  return next;
}

}  // namespace chamado
