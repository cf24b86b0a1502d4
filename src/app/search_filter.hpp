#pragma once
// What a ticket search asks of the store, with names already resolved to ids (app/search.cpp
// builds it from a parsed query; sqlite/tx_search.cpp runs it).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/search_query.hpp"
#include "domain/ticket.hpp"

namespace chamado::app {

// A ticket column compared with ids: any of `any_of` (or empty, with `or_none`), and none of
// `none_of` (nor empty, with `not_none`). Inactive when all four are empty/false.
struct IdFilter {
  std::vector<std::int64_t> any_of;
  bool or_none = false;
  std::vector<std::int64_t> none_of;
  bool not_none = false;
  bool active() const { return !any_of.empty() || or_none || !none_of.empty() || not_none; }
};

// Priorities allowed: any of `any_of`, or no priority at all with `or_none`.
struct PriorityFilter {
  std::vector<Priority> any_of;
  bool or_none = false;
};

enum class TicketSort { kNewest, kCreated, kUpdated, kPriority, kStatus, kRelevance };

struct TicketSearch {
  // Full text over subjects and comments, case and accents folded. Every `must` term matches
  // (anywhere in the ticket) and no `must_not` term does. The store passes terms as quoted
  // strings, never as query syntax.
  std::vector<TextTerm> must;
  std::vector<TextTerm> must_not;
  bool public_only = false;  // internal notes are not looked at (end users' searches)

  std::optional<std::int64_t> requester_or_cc_id;  // only this user's requests and CC'd tickets
  // Any of these statuses; an empty list matches nothing. nullopt: any status.
  std::optional<std::vector<std::int64_t>> custom_status_ids;
  IdFilter requester;
  IdFilter assignee;
  IdFilter group;
  IdFilter organization;
  std::optional<PriorityFilter> priority;
  std::vector<std::string> tags_any;                   // tagged with any of
  std::vector<std::string> tags_none;                  // tagged with none of
  std::optional<Instant> created_from, created_until;  // [from, until)
  std::optional<Instant> updated_from, updated_until;

  TicketSort sort = TicketSort::kNewest;
  bool descending = true;
  std::vector<std::int64_t> status_order;  // kStatus: status ids, lowest rank first

  // The store counts matches up to count_cap + 1, so the caller can tell "more than the cap".
  std::int64_t count_cap = 1000;
};

// Any condition on the ticket itself (beyond the words)? Stores pick how to read from this.
inline bool HasTicketConditions(const TicketSearch& q) {
  return q.requester_or_cc_id || q.custom_status_ids || q.requester.active() || q.assignee.active() ||
         q.group.active() || q.organization.active() || q.priority || !q.tags_any.empty() || !q.tags_none.empty() ||
         q.created_from || q.created_until || q.updated_from || q.updated_until;
}

}  // namespace chamado::app
