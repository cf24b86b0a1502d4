#pragma once
// The PostgreSQL store: a pool of libpq connections shared by every node of one database.
// Reads run in a REPEATABLE READ READ ONLY transaction (one snapshot for the whole use
// case); writes in a READ COMMITTED transaction that is run again from the start when the
// server reports a serialization failure, a deadlock or a unique violation, so that the use
// case's checks see the row that won the race and answer properly.
//
// With `cache` on (serve), read transactions answer users, API tokens and ticket fields from
// a node-local cache (cache.hpp) kept fresh by a Listener on chamado_cache: every write that
// changes them NOTIFYs (whether or not this store caches), and drops them locally at once.
// Read() sends its BEGIN with the first statement, so a read the cache answers whole costs
// no round trip.
// docs/postgresql.md, "Several nodes: caches and invalidation".
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/ports.hpp"

namespace chamado::postgres {

class Db;
class Cache;
class Listener;

struct MigrationStatus {
  int applied = 0;  // newly applied now
  int current = 0;  // schema version after
};

struct PgStoreOptions {
  std::size_t pool_size = 16;                        // connections open at most; opened when first needed
  std::chrono::milliseconds acquire_timeout{30000};  // waiting for a free connection
  int max_attempts = 5;                              // of a write that keeps hitting a retryable error
  bool migrate = true;                               // apply pending migrations on construction
  // Keep the node cache and listen for its invalidations (a connection of its own). Off for
  // short-lived commands: their writes notify all the same.
  bool cache = false;
  std::size_t cache_capacity = 10000;  // users, and tokens, held at most (each)
};

class PgStore final : public app::Store {
 public:
  // `url`: postgresql://user@host:port/db (or any libpq connection string). Connects,
  // applies pending migrations under an advisory lock (so nodes starting together do not
  // race). Throws DbError with the server's message on failure.
  explicit PgStore(std::string url, PgStoreOptions options = {});
  ~PgStore() override;
  PgStore(const PgStore&) = delete;
  PgStore& operator=(const PgStore&) = delete;

  Result<void> Read(const std::function<Result<void>(app::ReadTx&)>& fn) override;
  Result<void> Write(const std::function<Result<void>(app::WriteTx&)>& fn) override;
  Result<void> Ready() override;
  // After each committed write that scheduled timers (which also NOTIFYs kTimersChannel,
  // listener.hpp, for the other nodes).
  void OnTimerScheduled(std::function<void(Instant due)> wake) override;
  // ---- mail outbox: after each committed write that queued mail (this node only).
  void OnMailQueued(std::function<void()> wake) override;

  // The same two transactions on the bare connection (tools, tests, the manual clock):
  // ReadDb is a REPEATABLE READ READ ONLY snapshot, WriteDb is READ COMMITTED with retries.
  Result<void> ReadDb(const std::function<Result<void>(Db&)>& fn);
  Result<void> WriteDb(const std::function<Result<void>(Db&)>& fn);
  // `fn` on a pooled connection outside any transaction (each statement commits alone).
  // No retries; exceptions become errors like in Read/Write.
  Result<void> WithConnection(const std::function<Result<void>(Db&)>& fn);
  // A connection of its own, outside the pool, for tools (the caller owns it).
  std::unique_ptr<Db> Connect() const;

  const MigrationStatus& migrations() const { return migrations_; }
  std::string Url() const { return url_; }
  std::size_t PoolSize() const { return options_.pool_size; }
  // Connections currently open (idle or in use).
  std::size_t OpenConnections();

  // The node cache and its listener; null when `cache` is off. Reads use the cache only
  // while the listener is listening (until then, and while it reconnects, they go to the
  // database).
  Cache* cache() { return cache_.get(); }
  const Listener* cache_listener() const { return listener_.get(); }
  // Waits until the cache is in use (the listener listening); false on timeout or no cache.
  bool WaitCacheReady(std::chrono::milliseconds timeout);

 private:
  class Lease;
  enum class Mode { kRead, kWrite };
  // `defer_begin`: BEGIN is sent with fn's first statement (Db::DeferBegin), not at all when
  // fn runs none. Only for fn that reach the connection through Db, never db.raw() alone.
  Result<void> Transact(Mode mode, const std::function<Result<void>(Db&)>& fn, bool defer_begin = false);
  std::unique_ptr<Db> Acquire();
  // Back to the pool, or closed (broken, inside a transaction, or !reuse).
  void Release(std::unique_ptr<Db> db, bool reuse = true);
  // Closes every idle connection.
  void DropIdle();

  std::string url_;
  PgStoreOptions options_;
  MigrationStatus migrations_;
  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<Db>> idle_;
  std::size_t open_ = 0;
  // The listener calls into the cache: it goes first (declared after, destroyed before).
  std::unique_ptr<Cache> cache_;
  std::unique_ptr<Listener> listener_;
  std::mutex wake_mu_;
  std::function<void(Instant)> wake_;
  std::function<void()> mail_wake_;  // ---- mail outbox (under wake_mu_)
};

// Applies numbered migrations (migrations/NNNN_name.sql) not yet applied, holding a
// session advisory lock for the whole run.
MigrationStatus Migrate(Db& db);
int LatestMigration();

}  // namespace chamado::postgres
