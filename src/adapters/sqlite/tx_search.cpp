#include "adapters/sqlite/tx.hpp"

namespace chamado::sqlite {

app::Page<Ticket> SqliteTx::SearchTickets(const app::TicketSearch&, const app::PageRequest&) { return {}; }

}  // namespace chamado::sqlite
