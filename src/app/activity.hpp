#pragma once
// The ticket's activity for agents and integrations: its audits (the event log), its
// metrics, and the incremental ticket exports (zendesk-compat.md §8, §12); and the customer's
// activity tab (issue 9, domain/customer_activity.hpp).
#include <chrono>
#include <cstdint>
#include <vector>

#include "app/ports.hpp"
#include "domain/access.hpp"
#include "domain/customer_activity.hpp"
#include "domain/metrics.hpp"
#include "domain/workflow.hpp"

namespace chamado::app {

struct AuditPage {
  Page<Audit> page;
  std::vector<Comment> comments;  // the comments the page's "Comment" events name
};

// A place in the export order (updated_at, id): the next tickets come strictly after it.
// `start_time = T` is the place {T, 0}.
struct ExportPosition {
  Instant since{};
  std::int64_t after_id = 0;
  friend bool operator==(const ExportPosition&, const ExportPosition&) = default;
};

struct CursorExportPage {
  std::vector<Ticket> tickets;
  ExportPosition after;  // where the next call continues (the given place when nothing is new)
  bool end_of_stream = false;
};

struct TimeExportPage {
  std::vector<Ticket> tickets;
  Instant end_time{};  // the next page's start_time
  bool end_of_stream = false;
};

// ---- portal: a request's activity as its requester and CCs may see it.
struct CustomerActivityView {
  // The same instants as the ticket's metrics (TicketMetrics).
  Instant first_status_activity_at{};
  Instant last_status_activity_at{};
  std::vector<ActivityEvent> events;  // oldest first
  std::string viewer_locale;          // the caller's profile locale (escalation labels)
};

class ActivityService final {
 public:
  // Zendesk's page size for both exports, and its "items changed in the last minute are
  // excluded" (so a place already passed can no longer receive a ticket whose write was
  // still under way).
  static constexpr std::int64_t kMaxExportPage = 1000;
  // Limit: a write that commits more than kExportSettle after reading the clock for its
  // updated_at can still land behind a cursor already past it.
  static constexpr std::chrono::seconds kExportSettle{60};

  ActivityService(Store& store, Clock& clock, const Workflow& wf) : store_(store), clock_(clock), wf_(wf) {}

  // Agents and admins only (end users: 403; unknown ticket: 404).
  Result<AuditPage> Audits(const Caller& c, std::int64_t ticket_id, const PageRequest& p);
  Result<TicketMetrics> Metrics(const Caller& c, std::int64_t ticket_id);
  // ---- portal: the requester, a CC, or staff (who read the customer's view too); anyone
  // else gets the 404 of a ticket that does not exist.
  Result<CustomerActivityView> CustomerActivity(const Caller& c, std::int64_t ticket_id);
  // The ticket's timers (app/timers.hpp), pending and fired, oldest first; same access.
  Result<std::vector<Timer>> Timers(const Caller& c, std::int64_t ticket_id);

  // Incremental exports, for agents and admins (Zendesk: admins only). Tickets changed in
  // the last kExportSettle are left for a later call. `limit` is clamped to 1..kMaxExportPage.
  // A start_time in the future is a 422 naming start_time.
  Result<CursorExportPage> StartCursorExport(const Caller& c, Instant start_time, std::int64_t limit);
  Result<CursorExportPage> ExportByCursor(const Caller& c, ExportPosition from, std::int64_t limit);
  // Tickets with updated_at >= start. A page never splits one second: when full, it also
  // holds every other ticket of its last second (so it may exceed `limit`, as Zendesk's).
  // end_time is that last second, so the next page repeats it (clients drop duplicates by
  // id, as with Zendesk); a page that is all one second moves end_time past it.
  Result<TimeExportPage> ExportByTime(const Caller& c, Instant start, std::int64_t limit);

 private:
  Result<void> CheckStartTime(Instant start, Instant now) const;

  Store& store_;
  Clock& clock_;
  const Workflow& wf_;
};

}  // namespace chamado::app
