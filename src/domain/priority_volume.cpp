#include "domain/priority_volume.hpp"

#include <algorithm>
#include <set>

#include "domain/escalation.hpp"

namespace chamado {

std::optional<Priority> OneStepUp(std::optional<Priority> p) {
  switch (p.value_or(Priority::kNormal)) {
    case Priority::kLow: return Priority::kNormal;
    case Priority::kNormal: return Priority::kHigh;
    case Priority::kHigh: return Priority::kUrgent;
    case Priority::kUrgent: return std::nullopt;
  }
  return std::nullopt;
}

VolumeDecision DecidePriorityFromVolume(const Ticket& problem, const std::vector<Audit>& audits, const VolumeRule& rule,
                                        Instant now) {
  VolumeDecision d;
  d.rule = std::string(kVolumeRuleName) + " " + std::to_string(rule.threshold) + " incidents in " +
           std::to_string(rule.window.count()) + "h";
  if (!rule.on()) return d;
  const Instant since = now - rule.window;
  std::set<std::string> linked;
  for (const Audit& a : audits) {
    if (a.ticket_id != problem.id || a.created_at <= since || a.created_at > now) continue;
    for (const Event& e : a.events) {
      if (e.type == kEscalationEvent && e.field_name == kIncidentLinked) linked.insert(e.value);
      if (e.type == kRuleEventType && e.field_name == "rule" && e.value.starts_with(kVolumeRuleName))
        d.raised_in_window = true;
    }
  }
  d.incidents = static_cast<int>(linked.size());
  if (d.incidents >= rule.threshold && !d.raised_in_window) d.raise_to = OneStepUp(problem.priority);
  return d;
}

}  // namespace chamado
