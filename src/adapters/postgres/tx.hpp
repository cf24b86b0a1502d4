#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "adapters/postgres/db.hpp"
#include "adapters/sql/common_tx.hpp"

namespace chamado::postgres {

class Cache;

// The store's queries on one PostgreSQL connection: the shared named queries of
// sql::CommonTx plus the search of tx_search.cpp. Read transactions use only the ReadTx half.
//
// The node cache (cache.hpp, tx_cache.cpp): a read transaction given a cache answers
// UserById, UserIdByTokenHash, ListTicketFields and TicketFieldById from it, and fills it on
// a miss. A write transaction never reads the cache (a use case reads, changes and writes
// back whole rows: a value some milliseconds stale would undo another node's change); each
// of its writes to what is cached NOTIFYs the key (delivered at COMMIT to every node) and
// adds it to `changed` for the store to drop locally once the transaction ends. A new write
// method changing users, api_tokens or ticket fields must be overridden here likewise.
class PgTx final : public sql::CommonTx<Db> {
 public:
  // A read transaction. `cache` may be null; `epoch` is cache->Epoch() noted before the
  // transaction's first statement (it refuses fills an invalidation overtook).
  PgTx(Db& db, Cache* cache, std::uint64_t epoch) : CommonTx(db, false), cache_(cache), epoch_(epoch) {}
  // A write transaction.
  PgTx(Db& db, std::vector<std::string>& changed) : CommonTx(db, true), changed_(&changed) {}

  app::Page<Ticket> SearchTickets(const app::TicketSearch& q, const app::PageRequest& p) override;

  std::optional<User> UserById(std::int64_t id) override;
  std::optional<std::int64_t> UserIdByTokenHash(std::string_view sha256_hex) override;
  std::vector<app::TicketField> ListTicketFields() override;
  std::optional<app::TicketField> TicketFieldById(std::int64_t id) override;

  void UpdateUser(const User& u) override;
  void SetPasswordHash(std::int64_t user_id, std::string_view hash) override;
  void InsertToken(app::ApiToken& t, std::string_view sha256_hex) override;
  void InsertTicketField(app::TicketField& f) override;
  void UpdateTicketField(const app::TicketField& f) override;
  // ---- accounts (issue 8)
  bool RevokeApiToken(std::int64_t id, Instant at) override;
  std::int64_t RevokeApiTokensOf(std::int64_t user_id, Instant at) override;
  void SetPasswordHashAndVerify(std::int64_t user_id, std::string_view hash) override;
  std::vector<std::string> EraseUserIdentity(std::int64_t user_id, std::string_view erased_name, Instant at) override;

 private:
  // NOTIFY `key` in this transaction (once) and note it in `changed`.
  void Changed(std::string key);
  // Changed() for each token the transaction revoked since the last call.
  void TokensRevoked();

  Cache* cache_ = nullptr;
  std::uint64_t epoch_ = 0;
  std::vector<std::string>* changed_ = nullptr;
};

}  // namespace chamado::postgres
