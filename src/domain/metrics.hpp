#pragma once
// Zendesk ticket metrics (GET /tickets/{id}/metrics) derived from a ticket's event log,
// plus the customer's activity-tab timestamps (PRODUCT.md §4). Pure: the audits, the
// comments they name, who is staff and `now` are all arguments.
#include <cstdint>
#include <optional>
#include <set>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/ticket.hpp"
#include "domain/workflow.hpp"

namespace chamado {

// A duration in whole minutes (rounded down) on the calendar and on business hours.
struct MetricMinutes {
  std::optional<std::int64_t> calendar;
  // The same span counted on the ticket's business calendar (domain/business_time.hpp); empty
  // when no calendar was given.
  std::optional<std::int64_t> business;
};

struct TicketMetrics {
  std::int64_t ticket_id = 0;
  Instant created_at{};
  Instant updated_at{};                          // the ticket's
  std::optional<Instant> assigned_at;            // latest assignment
  std::optional<Instant> initially_assigned_at;  // first assignment
  std::optional<Instant> solved_at;              // latest move from a non-solved into a solved-category status
  Instant status_updated_at{};                   // latest status change; the creation when none
  std::optional<Instant> latest_comment_added_at;
  std::optional<Instant> requester_updated_at;        // latest change or public comment by the requester
  std::optional<Instant> assignee_updated_at;         // latest change or comment by the current assignee
  std::int64_t reopens = 0;                           // solved-category -> other category moves
  std::int64_t replies = 0;                           // public staff comments after the creation
  std::int64_t assignee_stations = 0;                 // assignments (to somebody)
  std::int64_t group_stations = 0;                    // group assignments (to some group)
  std::optional<std::int64_t> reply_time_in_seconds;  // creation -> first public staff reply
  MetricMinutes reply_time;
  MetricMinutes first_resolution_time;  // creation -> first solve
  MetricMinutes full_resolution_time;   // creation -> latest solve; empty while not solved
  MetricMinutes agent_wait_time;        // time in pending-category statuses
  MetricMinutes requester_wait_time;    // time in new, open and hold categories
  MetricMinutes on_hold_time;           // time in hold-category statuses
  // The customer's activity tab: the creation, and the latest status change (or the creation).
  Instant first_status_activity_at{};
  Instant last_status_activity_at{};
};

// `audits`: the ticket's audits oldest first, each with its events in order. `comments`:
// the comments their "Comment" events name (others are ignored). `staff_ids`: the users
// (audit and comment authors) who are agents or admins. Wait times count up to `now`
// for the status the ticket is in, and stop while it is solved. `business`: the ticket's
// business calendar (its group's schedule), which fills every MetricMinutes::business.
TicketMetrics ComputeMetrics(const Ticket& ticket, const std::vector<Audit>& audits,
                             const std::vector<Comment>& comments, const Workflow& wf,
                             const std::set<std::int64_t>& staff_ids, Instant now, const Calendar* business = nullptr);

}  // namespace chamado
