#include "app/sla.hpp"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <map>
#include <set>
#include <utility>

#include "app/audit_history.hpp"
#include "app/calendars.hpp"
#include "app/timers.hpp"

namespace chamado::app {
namespace {

// Set once by main before any thread reads them (ConfigureSla); read-only afterwards.
SlaSettings g_settings;
CalendarService* g_calendars = nullptr;

Result<void> StaffOnly(const Caller& c) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsStaff()) return Fail(Error::Forbidden());
  return {};
}

Result<void> AdminOnly(const Caller& c) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsAdmin()) return Fail(Error::Forbidden());
  return {};
}

int YearOf(Instant t) {
  return static_cast<int>(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(t)}.year());
}

// Every comment of the ticket, public and internal, oldest first (pages of 1000).
std::vector<Comment> AllCommentsOf(ReadTx& tx, std::int64_t ticket_id) {
  PageRequest p;
  p.limit = 1000;
  p.want_count = false;
  std::vector<Comment> all;
  for (;;) {
    auto page = tx.CommentsOf(ticket_id, /*public_only=*/false, p);
    if (page.items.empty()) break;
    std::move(page.items.begin(), page.items.end(), std::back_inserter(all));
    if (!page.has_more) break;
    p.after_id = all.back().id;
  }
  return all;
}

// The targets of `t` under `policy` at `now` (domain/sla.hpp ComputeSlaTargets), from the
// ticket's whole timeline. `calendar` receives the calendar used.
Result<std::vector<SlaTarget>> TargetsAt(ReadTx& tx, const Workflow& wf, const Ticket& t, const SlaPolicy& policy,
                                         Instant now, std::optional<Calendar>& calendar) {
  const auto audits = AllAuditsOf(tx, t.id);
  const auto comments = AllCommentsOf(tx, t.id);
  std::set<std::int64_t> authors;
  for (const auto& a : audits) authors.insert(a.author_id);
  for (const auto& c : comments) authors.insert(c.author_id);
  std::set<std::int64_t> staff;
  for (const auto& u : tx.UsersByIds({authors.begin(), authors.end()}))
    if (IsStaff(u.role)) staff.insert(u.id);
  const auto history = SlaHistoryFromAudits(
      audits, [&staff](std::int64_t id) { return staff.contains(id); }, t.requester_id, comments);
  auto cal = TicketCalendar(tx, t, now);
  if (!cal) return Fail(cal.error());
  calendar = std::move(*cal);
  const SlaInputs in{t, wf, policy, calendar ? &*calendar : nullptr, history, now};
  return ComputeSlaTargets(in);
}

std::vector<TicketSla> RowsOf(const Ticket& t, std::int64_t policy_id, const std::vector<SlaTarget>& targets) {
  std::vector<TicketSla> rows;
  for (const auto& g : targets) {
    TicketSla r;
    r.ticket_id = t.id;
    r.metric = g.metric;
    r.policy_id = policy_id;
    r.priority = g.priority;
    r.target_minutes = g.target_minutes;
    r.business_hours = g.business_hours;
    r.started_at = g.started_at;
    r.breach_at = g.breach_at;
    r.stage = g.stage;
    r.achieved_at = g.achieved_at;
    r.breached = g.breached;
    rows.push_back(std::move(r));
  }
  // The store returns them by metric: compared with what it holds, in that order.
  std::sort(rows.begin(), rows.end(), [](const TicketSla& a, const TicketSla& b) { return a.metric < b.metric; });
  return rows;
}

bool IsSlaKind(std::string_view kind) {
  return kind.starts_with(kSlaWarningTimer) || kind.starts_with(kSlaBreachTimer);
}

// The ticket's SLA timers in step with its targets: for each active target with a due time, a
// breach timer due at it and, while it is still ahead, a warning due warn_before earlier (in
// the past when less is left: it fires at once). A timer that already fired for that very
// instant is not armed again (a recomputation after the event must not repeat it); pending
// timers no target needs any more are cancelled.
void ArmSlaTimers(WriteTx& tx, const Ticket& t, const std::vector<SlaTarget>& targets, Instant now) {
  std::map<std::string, Instant> want;
  for (const auto& g : targets) {
    if (g.stage != kStageActive || !g.breach_at) continue;
    want[std::string(kSlaBreachTimer) + g.metric] = *g.breach_at;
    if (*g.breach_at > now) want[std::string(kSlaWarningTimer) + g.metric] = *g.breach_at - g_settings.warn_before;
  }
  std::map<std::string, Instant> pending;
  std::set<std::pair<std::string, std::int64_t>> fired;
  for (const auto& tm : tx.TimersOf(t.id)) {
    if (!IsSlaKind(tm.kind)) continue;
    if (tm.pending())
      pending[tm.kind] = tm.due_at;
    else
      fired.insert({tm.kind, UnixSeconds(tm.due_at)});
  }
  for (const auto& [kind, due] : want) {
    if (fired.contains({kind, UnixSeconds(due)})) continue;  // cancelled below when pending
    if (auto p = pending.find(kind); p != pending.end() && p->second == due) continue;
    Timer tm;
    tm.ticket_id = t.id;
    tm.kind = kind;
    tm.due_at = due;
    tm.created_at = now;
    tx.ScheduleTimer(tm);
  }
  for (const auto& [kind, due] : pending) {
    auto w = want.find(kind);
    if (w == want.end() || fired.contains({kind, UnixSeconds(w->second)})) tx.CancelTimers(t.id, kind);
  }
}

Result<TimerAction> FireSlaTimer(const TimerContext& ctx) {
  const std::string_view kind = ctx.timer.kind;
  const bool breach = kind.starts_with(kSlaBreachTimer);
  const std::string metric(kind.substr(breach ? kSlaBreachTimer.size() : kSlaWarningTimer.size()));
  TimerAction act;
  std::optional<TicketSla> row;
  for (auto& r : ctx.tx.TicketSlasOf({ctx.ticket.id}))
    if (r.metric == metric) row = std::move(r);
  if (!row) {
    act.void_reason = "the ticket has no " + metric + " target";
    return act;
  }
  if (row->stage != kStageActive || !row->breach_at) {
    act.void_reason = "the " + metric + " target is " + row->stage;
    return act;
  }
  if (breach && *row->breach_at != ctx.timer.due_at) {
    act.void_reason = "the " + metric + " target is now due at " + FormatIso(*row->breach_at);
    return act;
  }
  if (!breach && *row->breach_at <= ctx.now) {
    act.void_reason = "the " + metric + " target is already breached";
    return act;
  }
  const std::string value(breach ? kSlaBreached : kSlaAboutToBreach);
  act.rule = std::string(breach ? "sla_breach " : "sla_warning ") + metric + " (policy " +
             std::to_string(row->policy_id) + ")";
  act.events.push_back(Event{0, std::string(kSlaEventType), metric, value, FormatIso(*row->breach_at), 0});
  act.detail = metric + " " + value + " (due " + FormatIso(*row->breach_at) + ")";
  return act;
}

// Recomputes, inside `tx`, every ticket whose stored targets came from `policy_id`.
Result<void> RecomputePolicyTickets(WriteTx& tx, const Workflow& wf, std::int64_t policy_id, Instant now) {
  for (auto id : tx.TicketIdsUnderSlaPolicy(policy_id)) {
    auto t = tx.TicketById(id);
    if (!t) continue;
    if (auto ok = RecomputeSla(tx, wf, *t, now); !ok) return ok;
  }
  return {};
}

SlaPolicy Apply(SlaPolicy p, const SlaPolicyInput& in) {
  if (in.title) p.title = *in.title;
  if (in.description) p.description = *in.description;
  if (in.position) p.position = *in.position;
  if (in.filter) p.filter = *in.filter;
  if (in.metrics) p.metrics = *in.metrics;
  return p;
}

}  // namespace

// The years cover the ticket's life (from the year before its creation: a local date may be
// a UTC year behind) and two years past `now` for what a target may still need.
Result<std::optional<Calendar>> TicketCalendar(ReadTx& tx, const Ticket& t, Instant now) {
  if (!g_calendars) return std::optional<Calendar>{};
  const int from = YearOf(t.created_at) - 1;
  const int to = std::max(YearOf(now), YearOf(t.created_at)) + 2;
  return g_calendars->CalendarForGroup(tx, t.group_id, from, to);
}

void ConfigureSla(const SlaSettings& s, CalendarService* calendars) {
  g_settings = s;
  g_calendars = calendars;
}
const SlaSettings& SlaConfig() { return g_settings; }

Result<void> RecomputeSla(WriteTx& tx, const Workflow& wf, const Ticket& t, Instant now) {
  const auto policies = tx.ListSlaPolicies();
  const SlaPolicy* policy = PickPolicy(policies, t, g_settings.topic_field_id);
  std::vector<SlaTarget> targets;
  std::vector<TicketSla> rows;
  if (policy) {
    std::optional<Calendar> calendar;
    auto computed = TargetsAt(tx, wf, t, *policy, now, calendar);
    if (!computed) return Fail(computed.error());
    targets = std::move(*computed);
    rows = RowsOf(t, policy->id, targets);
  }
  if (tx.TicketSlasOf({t.id}) != rows) tx.ReplaceTicketSlas(t.id, rows, NextBreach(targets));
  ArmSlaTimers(tx, t, targets, now);
  return {};
}

void RegisterSlaTimers(TimerService& timers) {
  timers.Handle(std::string(kSlaWarningTimer), FireSlaTimer);
  timers.Handle(std::string(kSlaBreachTimer), FireSlaTimer);
}

// ---------------------------------------------------------------- policies

Result<std::vector<SlaPolicy>> SlaService::ListPolicies(const Caller& c) {
  if (auto ok = StaffOnly(c); !ok) return Fail(ok.error());
  std::vector<SlaPolicy> out;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    out = tx.ListSlaPolicies();
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

Result<SlaPolicy> SlaService::ShowPolicy(const Caller& c, std::int64_t id) {
  if (auto ok = StaffOnly(c); !ok) return Fail(ok.error());
  std::optional<SlaPolicy> p;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    p = tx.SlaPolicyById(id);
    return {};
  });
  if (!r) return Fail(r.error());
  if (!p) return Fail(Error::NotFound());
  return *p;
}

Result<SlaPolicy> SlaService::CreatePolicy(const Caller& c, const SlaPolicyInput& in) {
  if (auto ok = AdminOnly(c); !ok) return Fail(ok.error());
  const Instant now = clock_.Now();
  SlaPolicy out;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    SlaPolicy p = Apply(SlaPolicy{}, in);
    if (!in.position) {
      p.position = 0;
      for (const auto& other : tx.ListSlaPolicies()) p.position = std::max(p.position, other.position + 1);
    }
    if (auto ok = ValidatePolicy(p, wf_); !ok) return ok;
    p.created_at = p.updated_at = now;
    tx.InsertSlaPolicy(p);
    out = p;
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

Result<SlaPolicy> SlaService::UpdatePolicy(const Caller& c, std::int64_t id, const SlaPolicyInput& in) {
  if (auto ok = AdminOnly(c); !ok) return Fail(ok.error());
  const Instant now = clock_.Now();
  SlaPolicy out;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    auto existing = tx.SlaPolicyById(id);
    if (!existing) return Fail(Error::NotFound());
    SlaPolicy p = Apply(*existing, in);
    if (auto ok = ValidatePolicy(p, wf_); !ok) return ok;
    p.updated_at = now;
    tx.UpdateSlaPolicy(p);
    if (auto ok = RecomputePolicyTickets(tx, wf_, id, now); !ok) return ok;
    out = p;
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

Result<void> SlaService::DeletePolicy(const Caller& c, std::int64_t id) {
  if (auto ok = AdminOnly(c); !ok) return Fail(ok.error());
  const Instant now = clock_.Now();
  return store_.Write([&](WriteTx& tx) -> Result<void> {
    if (!tx.SlaPolicyById(id)) return Fail(Error::NotFound());
    tx.DeleteSlaPolicy(id);
    return RecomputePolicyTickets(tx, wf_, id, now);
  });
}

// ---------------------------------------------------------------- tickets' targets

Result<std::vector<std::vector<TicketSla>>> SlaService::TargetsOf(const Caller& c, const std::vector<Ticket>& tickets) {
  if (auto ok = StaffOnly(c); !ok) return Fail(ok.error());
  std::vector<std::vector<TicketSla>> out(tickets.size());
  if (tickets.empty()) return out;
  std::vector<std::int64_t> ids;
  for (const auto& t : tickets) ids.push_back(t.id);
  std::vector<TicketSla> rows;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    rows = tx.TicketSlasOf(ids);
    return {};
  });
  if (!r) return Fail(r.error());
  std::map<std::int64_t, std::vector<TicketSla>> by_ticket;
  for (auto& row : rows) by_ticket[row.ticket_id].push_back(std::move(row));
  for (std::size_t i = 0; i < tickets.size(); ++i)
    if (auto it = by_ticket.find(tickets[i].id); it != by_ticket.end()) out[i] = it->second;
  return out;
}

Result<std::vector<std::optional<Instant>>> SlaService::DueDatesOf(const std::vector<Ticket>& tickets) {
  std::vector<std::optional<Instant>> out(tickets.size());
  if (tickets.empty()) return out;
  std::vector<std::int64_t> ids;
  for (const auto& t : tickets) ids.push_back(t.id);
  std::vector<TicketSla> rows;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    rows = tx.TicketSlasOf(ids);
    return {};
  });
  if (!r) return Fail(r.error());
  std::map<std::int64_t, Instant> due;
  for (const auto& row : rows)
    if (row.metric == kResolutionTime && row.stage == kStageActive && row.breach_at)
      due[row.ticket_id] = *row.breach_at;
  for (std::size_t i = 0; i < tickets.size(); ++i)
    if (auto it = due.find(tickets[i].id); it != due.end()) out[i] = it->second;
  return out;
}

Result<SlaExplanation> SlaService::Explain(const Caller& c, std::int64_t ticket_id) {
  if (auto ok = StaffOnly(c); !ok) return Fail(ok.error());
  const Instant now = clock_.Now();
  SlaExplanation out;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    out = {};
    out.ticket_id = ticket_id;
    out.now = now;
    auto t = tx.TicketById(ticket_id);
    if (!t) return Fail(Error::NotFound());
    out.priority = t->priority.value_or(Priority::kNormal);
    const auto policies = tx.ListSlaPolicies();
    const SlaPolicy* policy = PickPolicy(policies, *t, g_settings.topic_field_id);
    std::optional<Calendar> calendar;
    if (policy) {
      out.policy = *policy;
      auto targets = TargetsAt(tx, wf_, *t, *policy, now, calendar);
      if (!targets) return Fail(targets.error());
      out.targets = std::move(*targets);
    } else {
      auto cal = TicketCalendar(tx, *t, now);
      if (!cal) return Fail(cal.error());
      calendar = std::move(*cal);
    }
    if (calendar) {
      if (auto s = tx.ScheduleForGroup(t->group_id)) {
        out.calendar.schedule_id = s->id;
        out.calendar.name = s->name;
      }
      out.calendar.time_zone = calendar->time_zone_name();
      out.calendar.business_day_minutes = calendar->business_day_minutes();
    }
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

Result<Page<Ticket>> SlaService::ListByNextBreach(const Caller& c, const TicketFilter& f, const PageRequest& p) {
  if (auto ok = StaffOnly(c); !ok) return Fail(ok.error());
  Page<Ticket> page;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    page = tx.ListTicketsByNextBreach(f, p);
    return {};
  });
  if (!r) return Fail(r.error());
  return page;
}

}  // namespace chamado::app
