#pragma once
// What the SLA use cases keep in the store (ports.hpp, "sla"; sqlite 0009_sla.sql, postgres
// 0011_sla.sql): a ticket's targets as last computed, one row per metric.
#include <cstdint>
#include <optional>
#include <string>

#include "domain/ticket.hpp"
#include "domain/time.hpp"

namespace chamado::app {

// One target of a ticket (domain/sla.hpp SlaTarget without its explanation, plus the policy
// it came from). `breached` is as of the write that computed it: a reader also counts an active
// target whose breach_at has passed (IsBreachedAt).
struct TicketSla {
  std::int64_t ticket_id = 0;
  std::string metric;
  std::int64_t policy_id = 0;
  Priority priority = Priority::kNormal;
  std::int64_t target_minutes = 0;
  bool business_hours = false;
  Instant started_at{};
  std::optional<Instant> breach_at;  // nullopt while paused
  std::string stage;                 // "active" | "paused" | "achieved"
  std::optional<Instant> achieved_at;
  bool breached = false;

  bool IsBreachedAt(Instant now) const { return breached || (stage == "active" && breach_at && *breach_at <= now); }
  friend bool operator==(const TicketSla&, const TicketSla&) = default;
};

}  // namespace chamado::app
