#include "domain/metrics.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <map>
#include <string>

namespace chamado {
namespace {

using std::chrono::seconds;

constexpr std::string_view kStatusField = "custom_status_id";

std::optional<std::int64_t> ParseId(const std::string& text) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return v;
}

// Limit: a status id the workflow no longer knows (removed from the file) counts as open.
Category CategoryOf(const Workflow& wf, std::int64_t status_id) {
  const Status* s = wf.ById(status_id);
  return s ? s->category : Category::kOpen;
}

std::int64_t Minutes(seconds s) { return std::max<std::int64_t>(0, s.count()) / 60; }

MetricMinutes Calendar(seconds s) { return MetricMinutes{Minutes(s), std::nullopt}; }

seconds Between(Instant from, Instant to) { return to > from ? to - from : seconds{0}; }

// The audit that created the ticket: the first one, when it carries "Create" events or
// happened at the creation instant.
bool IsCreation(const std::vector<Audit>& audits, std::size_t i, const Ticket& t) {
  if (i != 0) return false;
  const Audit& a = audits[0];
  return a.created_at == t.created_at ||
         std::any_of(a.events.begin(), a.events.end(), [](const Event& e) { return e.type == "Create"; });
}

// The status the ticket had right after its creation.
std::int64_t InitialStatus(const Ticket& t, const std::vector<Audit>& audits) {
  for (std::size_t i = 0; i < audits.size(); ++i)
    for (const auto& e : audits[i].events) {
      if (e.field_name != kStatusField) continue;
      const auto id = ParseId(IsCreation(audits, i, t) ? e.value : e.previous_value);
      if (id) return *id;
    }
  return t.custom_status_id;
}

struct StatusMove {
  Instant at;
  std::int64_t to = 0;
};

}  // namespace

TicketMetrics ComputeMetrics(const Ticket& t, const std::vector<Audit>& audits, const std::vector<Comment>& comments,
                             const Workflow& wf, const std::set<std::int64_t>& staff_ids, Instant now) {
  TicketMetrics m;
  m.ticket_id = t.id;
  m.created_at = t.created_at;
  m.updated_at = t.updated_at;

  std::map<std::int64_t, const Comment*> by_id;
  for (const auto& c : comments) by_id[c.id] = &c;
  auto latest = [](std::optional<Instant>& slot, Instant at) {
    if (!slot || *slot < at) slot = at;
  };

  std::vector<StatusMove> moves;
  std::optional<Instant> first_reply;
  for (std::size_t i = 0; i < audits.size(); ++i) {
    const Audit& a = audits[i];
    const bool creation = IsCreation(audits, i, t);
    // Limit: the current requester and assignee are matched against the whole history.
    if (a.author_id == t.requester_id) latest(m.requester_updated_at, a.created_at);
    if (t.assignee_id && a.author_id == *t.assignee_id) latest(m.assignee_updated_at, a.created_at);
    for (const auto& e : a.events) {
      if (e.field_name == kStatusField && !creation) {
        if (auto to = ParseId(e.value)) moves.push_back({a.created_at, *to});
      } else if (e.field_name == "assignee_id" && !e.value.empty()) {
        if (!m.initially_assigned_at) m.initially_assigned_at = a.created_at;
        latest(m.assigned_at, a.created_at);
        ++m.assignee_stations;
      } else if (e.field_name == "group_id" && !e.value.empty()) {
        ++m.group_stations;
      } else if (e.type == "Comment") {
        auto it = by_id.find(e.comment_id);
        if (it == by_id.end()) continue;
        const Comment& c = *it->second;
        latest(m.latest_comment_added_at, a.created_at);
        if (c.is_public && c.author_id == t.requester_id) latest(m.requester_updated_at, a.created_at);
        if (t.assignee_id && c.author_id == *t.assignee_id) latest(m.assignee_updated_at, a.created_at);
        // The first comment is the ticket's description, not a reply.
        if (c.is_public && !creation && staff_ids.contains(c.author_id)) {
          ++m.replies;
          if (!first_reply) first_reply = a.created_at;
        }
      }
    }
  }

  // Walk the status timeline: time spent per category, solves and reopens.
  std::int64_t status = InitialStatus(t, audits);
  Instant since = t.created_at;
  seconds requester_wait{0}, agent_wait{0}, on_hold{0};
  std::optional<Instant> first_solve, last_solve;
  auto account = [&](Category c, seconds span) {
    switch (c) {
      case Category::kNew:
      case Category::kOpen: requester_wait += span; break;
      case Category::kHold:
        requester_wait += span;
        on_hold += span;
        break;
      case Category::kPending: agent_wait += span; break;
      case Category::kSolved: break;
    }
  };
  if (CategoryOf(wf, status) == Category::kSolved) first_solve = last_solve = t.created_at;
  for (const auto& mv : moves) {
    const Category from = CategoryOf(wf, status);
    const Category to = CategoryOf(wf, mv.to);
    account(from, Between(since, mv.at));
    if (from != Category::kSolved && to == Category::kSolved) {
      if (!first_solve) first_solve = mv.at;
      last_solve = mv.at;
    }
    if (from == Category::kSolved && to != Category::kSolved) ++m.reopens;
    status = mv.to;
    since = mv.at;
  }
  account(CategoryOf(wf, status), Between(since, now));
  const bool solved_now = CategoryOf(wf, status) == Category::kSolved;

  m.solved_at = last_solve;
  m.status_updated_at = moves.empty() ? t.created_at : moves.back().at;
  m.first_status_activity_at = t.created_at;
  m.last_status_activity_at = m.status_updated_at;
  if (first_reply) {
    m.reply_time_in_seconds = Between(t.created_at, *first_reply).count();
    m.reply_time = Calendar(Between(t.created_at, *first_reply));
  }
  if (first_solve) m.first_resolution_time = Calendar(Between(t.created_at, *first_solve));
  if (solved_now && last_solve) m.full_resolution_time = Calendar(Between(t.created_at, *last_solve));
  m.requester_wait_time = Calendar(requester_wait);
  m.agent_wait_time = Calendar(agent_wait);
  m.on_hold_time = Calendar(on_hold);
  return m;
}

}  // namespace chamado
