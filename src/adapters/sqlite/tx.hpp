#pragma once
#include "adapters/sql/common_tx.hpp"
#include "adapters/sqlite/db.hpp"

namespace chamado::sqlite {

// The store's queries on one SQLite connection: the shared named queries of
// sql::CommonTx plus the FTS5 search of tx_search.cpp. Read-only connections use only the
// ReadTx half.
class SqliteTx final : public sql::CommonTx<Db> {
 public:
  using CommonTx::CommonTx;
  app::Page<Ticket> SearchTickets(const app::TicketSearch& q, const app::PageRequest& p) override;
};

}  // namespace chamado::sqlite
