#include "adapters/sqlite/tx.hpp"

namespace chamado::sqlite {

app::Page<Audit> SqliteTx::AuditsOf(std::int64_t, const app::PageRequest&) { return {}; }
std::vector<Comment> SqliteTx::CommentsByIds(const std::vector<std::int64_t>&) { return {}; }
std::vector<Ticket> SqliteTx::TicketsChangedSince(Instant, std::int64_t, std::int64_t) { return {}; }

}  // namespace chamado::sqlite
