#pragma once
// Priority from volume (PRODUCT.md §3, seed 003): the number of incidents linked to one
// problem ticket is the "volume of similar tickets"; when `threshold` of them are linked
// within `window`, the problem's priority rises one step, at most once per window. Pure: the
// problem's recent audits (its "incident_linked" events, domain/escalation.hpp) and the
// instant are arguments.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/ticket.hpp"
#include "domain/time.hpp"

namespace chamado {

struct VolumeRule {
  int threshold = 5;              // escalation.volume_threshold; 0: off
  std::chrono::hours window{24};  // escalation.volume_window_hours
  bool on() const { return threshold > 0; }
};

// The rule's name on the timeline: the "Rule" event of the system's audit starts with it.
inline constexpr std::string_view kVolumeRuleName = "priority_volume";

// One step up: low -> normal -> high -> urgent (no priority counts as normal). None at urgent.
std::optional<Priority> OneStepUp(std::optional<Priority> p);

struct VolumeDecision {
  int incidents = 0;                 // distinct incidents linked within the window
  bool raised_in_window = false;     // the rule already raised it within the window
  std::optional<Priority> raise_to;  // set: raise the problem's priority to this now
  std::string rule;                  // "priority_volume 5 incidents in 24h"
};

// What the rule does to `problem` at `now`, given its audits (at least those created within
// the window; older ones are ignored): the distinct incidents linked in (now - window, now],
// and whether an audit of the window already holds the rule's own raise. Raises when on, the
// count reaches the threshold, not raised in the window, and the priority is below urgent.
VolumeDecision DecidePriorityFromVolume(const Ticket& problem, const std::vector<Audit>& audits, const VolumeRule& rule,
                                        Instant now);

}  // namespace chamado
