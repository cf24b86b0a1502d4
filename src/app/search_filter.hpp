#pragma once
// What a ticket search asks of the store, with names already resolved to ids.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace chamado::app {

struct TicketSearch {
  std::vector<std::string> words;  // full-text terms, all must match
};

}  // namespace chamado::app
