#include "app/activity.hpp"

#include <algorithm>
#include <set>

#include "app/audit_history.hpp"
#include "app/sla.hpp"

namespace chamado::app {
namespace {

Result<void> StaffOnly(const Caller& c) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsStaff()) return Fail(Error::Forbidden());
  return {};
}

std::int64_t ClampLimit(std::int64_t n) { return std::clamp<std::int64_t>(n, 1, ActivityService::kMaxExportPage); }

std::vector<std::int64_t> CommentIdsOf(const std::vector<Audit>& audits) {
  std::vector<std::int64_t> ids;
  for (const auto& a : audits)
    for (const auto& e : a.events)
      if (e.comment_id) ids.push_back(e.comment_id);
  return ids;
}

// Drops the tickets changed after `cutoff` (they come last: the rows are in updated_at
// order). True when some were dropped.
bool DropUnsettled(std::vector<Ticket>& rows, Instant cutoff) {
  auto it = std::find_if(rows.begin(), rows.end(), [&](const Ticket& t) { return t.updated_at > cutoff; });
  const bool dropped = it != rows.end();
  rows.erase(it, rows.end());
  return dropped;
}

}  // namespace

Result<AuditPage> ActivityService::Audits(const Caller& c, std::int64_t ticket_id, const PageRequest& p) {
  if (auto ok = StaffOnly(c); !ok) return Fail(ok.error());
  AuditPage out;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    if (!tx.TicketById(ticket_id)) return Fail(Error::NotFound());
    out.page = tx.AuditsOf(ticket_id, p);
    out.comments = tx.CommentsByIds(CommentIdsOf(out.page.items));
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

Result<TicketMetrics> ActivityService::Metrics(const Caller& c, std::int64_t ticket_id) {
  if (auto ok = StaffOnly(c); !ok) return Fail(ok.error());
  const Instant now = clock_.Now();
  std::optional<Ticket> ticket;
  std::vector<Audit> audits;
  std::vector<Comment> comments;
  std::set<std::int64_t> staff;
  std::optional<Calendar> calendar;  // ---- sla: business minutes on the ticket's calendar
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    ticket = tx.TicketById(ticket_id);
    if (!ticket) return Fail(Error::NotFound());
    auto cal = TicketCalendar(tx, *ticket, now);
    if (!cal) return Fail(cal.error());
    calendar = std::move(*cal);
    audits = AllAuditsOf(tx, ticket_id);
    comments = tx.CommentsByIds(CommentIdsOf(audits));
    std::set<std::int64_t> authors;
    for (const auto& a : audits) authors.insert(a.author_id);
    for (const auto& cm : comments) authors.insert(cm.author_id);
    for (const auto& u : tx.UsersByIds({authors.begin(), authors.end()}))
      if (IsStaff(u.role)) staff.insert(u.id);
    return {};
  });
  if (!r) return Fail(r.error());
  return ComputeMetrics(*ticket, audits, comments, wf_, staff, now, calendar ? &*calendar : nullptr);
}

Result<CustomerActivityView> ActivityService::CustomerActivity(const Caller& c, std::int64_t ticket_id) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  const Instant now = clock_.Now();
  std::optional<Ticket> ticket;
  std::vector<Audit> audits;
  std::vector<Comment> comments;
  std::set<std::int64_t> staff;
  std::vector<LinkedProblem> problems;
  std::string locale;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    ticket = tx.TicketById(ticket_id);
    // Not visible reads exactly like not existing: 404, never 403.
    if (!ticket || !(c.IsStaff() || IsRequesterOrCc(c, *ticket))) return Fail(Error::NotFound());
    audits = AllAuditsOf(tx, ticket_id);
    comments = tx.CommentsByIds(CommentIdsOf(audits));
    std::set<std::int64_t> authors{c.user_id, ticket->submitter_id};
    for (const auto& a : audits) authors.insert(a.author_id);
    for (const auto& cm : comments) authors.insert(cm.author_id);
    for (const auto& u : tx.UsersByIds({authors.begin(), authors.end()})) {
      if (IsStaff(u.role)) staff.insert(u.id);
      if (u.id == c.user_id) locale = u.locale;
    }
    // ---- escalation: the customer's state follows each linked problem's status category
    for (auto pid : LinkedProblemIds(*ticket, audits))
      if (auto p = tx.TicketById(pid)) problems.push_back({pid, StatusHistory(*p, AllAuditsOf(tx, pid))});
    return {};
  });
  if (!r) return Fail(r.error());
  // The two instants exactly as GET /tickets/{id}/metrics computes them.
  const TicketMetrics m = ComputeMetrics(*ticket, audits, comments, wf_, staff, now);
  CustomerActivityView out;
  out.first_status_activity_at = m.first_status_activity_at;
  out.last_status_activity_at = m.last_status_activity_at;
  out.events = CustomerTimeline(*ticket, audits, comments, staff, problems, wf_, c.user_id);
  out.viewer_locale = std::move(locale);
  return out;
}

Result<std::vector<Timer>> ActivityService::Timers(const Caller& c, std::int64_t ticket_id) {
  if (auto ok = StaffOnly(c); !ok) return Fail(ok.error());
  std::vector<Timer> out;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    if (!tx.TicketById(ticket_id)) return Fail(Error::NotFound());
    out = tx.TimersOf(ticket_id);
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

Result<void> ActivityService::CheckStartTime(Instant start, Instant now) const {
  if (start > now)
    return Fail(Error::Invalid("start_time", "InvalidValue",
                               "Start time: " + std::to_string(UnixSeconds(start)) + " (" + FormatIso(start) +
                                   ") is in the future; use a unix time in seconds up to now"));
  return {};
}

Result<CursorExportPage> ActivityService::StartCursorExport(const Caller& c, Instant start_time, std::int64_t limit) {
  if (auto ok = StaffOnly(c); !ok) return Fail(ok.error());
  if (auto ok = CheckStartTime(start_time, clock_.Now()); !ok) return Fail(ok.error());
  return ExportByCursor(c, ExportPosition{start_time, 0}, limit);
}

Result<CursorExportPage> ActivityService::ExportByCursor(const Caller& c, ExportPosition from, std::int64_t limit) {
  if (auto ok = StaffOnly(c); !ok) return Fail(ok.error());
  limit = ClampLimit(limit);
  const Instant cutoff = clock_.Now() - kExportSettle;
  CursorExportPage out;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    auto rows = tx.TicketsChangedSince(from.since, from.after_id, limit + 1);
    DropUnsettled(rows, cutoff);
    const bool more = static_cast<std::int64_t>(rows.size()) > limit;
    if (more) rows.resize(static_cast<std::size_t>(limit));
    out.after = rows.empty() ? from : ExportPosition{rows.back().updated_at, rows.back().id};
    out.end_of_stream = !more;
    out.tickets = std::move(rows);
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

Result<TimeExportPage> ActivityService::ExportByTime(const Caller& c, Instant start, std::int64_t limit) {
  if (auto ok = StaffOnly(c); !ok) return Fail(ok.error());
  limit = ClampLimit(limit);
  const Instant now = clock_.Now();
  if (auto ok = CheckStartTime(start, now); !ok) return Fail(ok.error());
  const Instant cutoff = now - kExportSettle;
  TimeExportPage out;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    auto rows = tx.TicketsChangedSince(start, 0, limit + 1);
    DropUnsettled(rows, cutoff);
    const bool more = static_cast<std::int64_t>(rows.size()) > limit;
    if (more) {
      rows.resize(static_cast<std::size_t>(limit));
      // Complete the last second, so that no page boundary splits it.
      const Instant last = rows.back().updated_at;
      for (;;) {
        auto next = tx.TicketsChangedSince(last, rows.back().id, kMaxExportPage);
        auto same = std::find_if(next.begin(), next.end(), [&](const Ticket& t) { return t.updated_at != last; });
        const bool done = same != next.end() || static_cast<std::int64_t>(next.size()) < kMaxExportPage;
        rows.insert(rows.end(), std::make_move_iterator(next.begin()), std::make_move_iterator(same));
        if (done) break;
      }
    }
    out.end_of_stream = !more;
    out.end_time = rows.empty() ? start : rows.back().updated_at;
    // A full page that is all one second holds all of it: move on, or the next page repeats it.
    if (more && rows.front().updated_at == out.end_time) out.end_time += std::chrono::seconds(1);
    out.tickets = std::move(rows);
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

}  // namespace chamado::app
