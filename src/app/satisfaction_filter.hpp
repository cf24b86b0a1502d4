#pragma once
// What the satisfaction listing and report ask of the store (ports.hpp, "satisfaction").
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/satisfaction.hpp"

namespace chamado::app {

// GET /satisfaction_ratings filters. Times compare with the rating's updated_at (when its
// current score was given): start_time inclusive, end_time exclusive.
struct SatisfactionFilter {
  std::vector<std::string> scores;    // any of "good", "bad" (empty: both)
  std::optional<bool> with_comment;   // *_with_comment / *_without_comment
  std::optional<Instant> start_time;  // updated_at >= start
  std::optional<Instant> end_time;    // updated_at < end
};

enum class SatisfactionGroupBy { kAssignee, kGroup };

// One row of the report: the ratings credited to one agent (or group; nullopt: nobody).
struct SatisfactionTally {
  std::optional<std::int64_t> key;
  std::int64_t good = 0;
  std::int64_t bad = 0;
};

}  // namespace chamado::app
