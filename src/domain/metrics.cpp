#include "domain/metrics.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <map>
#include <string>

#include "domain/business_time.hpp"

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

seconds Between(Instant from, Instant to) { return to > from ? to - from : seconds{0}; }

// A span's minutes on the calendar and, given a business calendar, on it.
MetricMinutes Span(Instant from, Instant to, const Calendar* business) {
  MetricMinutes m{Minutes(Between(from, to)), std::nullopt};
  if (business) m.business = Minutes(BusinessTimeBetween(business, from, to));
  return m;
}

// Summed spans (the wait times), calendar and business seconds.
struct Sum {
  seconds calendar{0};
  seconds business{0};
  MetricMinutes Minutes(bool with_business) const {
    return MetricMinutes{chamado::Minutes(calendar),
                         with_business ? std::optional<std::int64_t>(chamado::Minutes(business)) : std::nullopt};
  }
};

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
                             const Workflow& wf, const std::set<std::int64_t>& staff_ids, Instant now,
                             const Calendar* business) {
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
      // A "Reminder" event names the status it reminds of: a reminder is not a status move.
      if (e.field_name == kStatusField && e.type == "Change" && !creation) {
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
  Sum requester_wait, agent_wait, on_hold;
  std::optional<Instant> first_solve, last_solve;
  auto account = [&](Category c, Instant from, Instant to) {
    Sum span{Between(from, to), seconds{0}};
    if (business && c != Category::kSolved) span.business = BusinessTimeBetween(business, from, to);
    auto add = [&span](Sum& s) {
      s.calendar += span.calendar;
      s.business += span.business;
    };
    switch (c) {
      case Category::kNew:
      case Category::kOpen: add(requester_wait); break;
      case Category::kHold:
        add(requester_wait);
        add(on_hold);
        break;
      case Category::kPending: add(agent_wait); break;
      case Category::kSolved: break;
    }
  };
  if (CategoryOf(wf, status) == Category::kSolved) first_solve = last_solve = t.created_at;
  for (const auto& mv : moves) {
    const Category from = CategoryOf(wf, status);
    const Category to = CategoryOf(wf, mv.to);
    account(from, since, mv.at);
    if (from != Category::kSolved && to == Category::kSolved) {
      if (!first_solve) first_solve = mv.at;
      last_solve = mv.at;
    }
    if (from == Category::kSolved && to != Category::kSolved) ++m.reopens;
    status = mv.to;
    since = mv.at;
  }
  account(CategoryOf(wf, status), since, now);
  const bool solved_now = CategoryOf(wf, status) == Category::kSolved;

  m.solved_at = last_solve;
  m.status_updated_at = moves.empty() ? t.created_at : moves.back().at;
  m.first_status_activity_at = t.created_at;
  m.last_status_activity_at = m.status_updated_at;
  if (first_reply) {
    m.reply_time_in_seconds = Between(t.created_at, *first_reply).count();
    m.reply_time = Span(t.created_at, *first_reply, business);
  }
  if (first_solve) m.first_resolution_time = Span(t.created_at, *first_solve, business);
  if (solved_now && last_solve) m.full_resolution_time = Span(t.created_at, *last_solve, business);
  m.requester_wait_time = requester_wait.Minutes(business != nullptr);
  m.agent_wait_time = agent_wait.Minutes(business != nullptr);
  m.on_hold_time = on_hold.Minutes(business != nullptr);
  return m;
}

}  // namespace chamado
