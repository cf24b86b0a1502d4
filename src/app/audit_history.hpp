#pragma once
// A ticket's whole event log, for the use cases that derive a fact from it (the instant it was
// solved: app/satisfaction.cpp; the events a redaction rewrites: app/redaction.cpp).
#include <cstdint>
#include <iterator>
#include <vector>

#include "app/ports.hpp"

namespace chamado::app {

// Every audit of the ticket, oldest first, walking the store's pages by id.
inline std::vector<Audit> AllAuditsOf(ReadTx& tx, std::int64_t ticket_id) {
  PageRequest p;
  p.limit = 1000;
  p.want_count = false;
  std::vector<Audit> all;
  for (;;) {
    auto page = tx.AuditsOf(ticket_id, p);
    if (page.items.empty()) break;
    std::move(page.items.begin(), page.items.end(), std::back_inserter(all));
    if (!page.has_more) break;
    p.after_id = all.back().id;
  }
  return all;
}

}  // namespace chamado::app
