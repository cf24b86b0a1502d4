#include "adapters/postgres/store.hpp"

#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <thread>

#include "adapters/postgres/cache.hpp"
#include "adapters/postgres/db.hpp"
#include "adapters/postgres/listener.hpp"
#include "adapters/postgres/tx.hpp"

namespace chamado::postgres {

// Generated from migrations/*.sql by cmake/embed.cmake.
std::vector<std::pair<std::string_view, std::string_view>> PgMigrationFiles();

namespace {

// pg_advisory_lock key of the migration run: "chamado" in ASCII.
constexpr const char* kMigrationLock = "SELECT pg_advisory_lock(27981246093427823)";
constexpr const char* kMigrationUnlock = "SELECT pg_advisory_unlock(27981246093427823)";

int VersionOf(std::string_view file_name) { return std::stoi(std::string(file_name.substr(0, 4))); }

// The SQLSTATEs after which running the whole transaction again can succeed.
bool Retryable(const std::string& sqlstate) {
  return sqlstate == "40001"      // serialization_failure
         || sqlstate == "40P01"   // deadlock_detected
         || sqlstate == "23505";  // unique_violation: the retry's checks see the committed row
}

// The connection (or the server) is gone: class 08, admin shutdown, crash shutdown...
bool ConnectionLost(const DbError& e, const Db* db) {
  if (db && !db->Ok()) return true;
  const std::string& s = e.sqlstate();
  return s.starts_with("08") || s.starts_with("57P") || s == "53300";  // too_many_connections
}

// Like SqliteStore: an exception from the use case's function is a bug or an unexpected
// failure (500); a store that cannot be reached or cannot commit is unavailable (503).
Error FromException(const std::exception& e) { return Error::Internal(std::string("store: ") + e.what()); }
Error Unavailable(const std::exception& e) { return Error::Unavailable(std::string("store: ") + e.what()); }

// After the last attempt: a unique clash the use case did not check is a conflict; a
// database too contended to serialize us is unavailable for now.
Error Exhausted(const DbError& e) {
  if (e.sqlstate() == "23505") return Error::Conflict(std::string("store: ") + e.what());
  return Unavailable(e);
}

void Backoff(int attempt) {
  thread_local std::mt19937 rng{std::random_device{}()};
  const int cap_ms = std::min(100, 5 << std::min(attempt, 5));  // 10, 20, 40, 80, 100 ms
  std::uniform_int_distribution<int> d(1, cap_ms);
  std::this_thread::sleep_for(std::chrono::milliseconds(d(rng)));
}

void TryRollback(Db& db) {
  try {
    db.Exec("ROLLBACK");
  } catch (...) {
    // The connection is broken; Release() drops it.
  }
}

}  // namespace

int LatestMigration() {
  int v = 0;
  for (const auto& [name, _] : PgMigrationFiles()) v = std::max(v, VersionOf(name));
  return v;
}

MigrationStatus Migrate(Db& db) {
  MigrationStatus st;
  // A session lock: a second node starting now waits here, then finds everything applied.
  db.Exec(kMigrationLock);
  try {
    db.Exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
    auto files = PgMigrationFiles();
    std::sort(files.begin(), files.end());
    for (const auto& [name, sql] : files) {
      const int v = VersionOf(name);
      auto& q = db.Prepare("SELECT 1 FROM schema_migrations WHERE version = ?");
      q.Bind(1, v);
      const bool done = q.Step();
      q.Reset();
      if (done) continue;
      db.Exec("BEGIN");
      try {
        db.Exec(sql);
        auto& ins = db.Prepare("INSERT INTO schema_migrations (version, name) VALUES (?, ?)");
        ins.Bind(1, v).Bind(2, name);
        ins.Run();
        db.Exec("COMMIT");
      } catch (...) {
        TryRollback(db);
        throw;
      }
      ++st.applied;
    }
    auto& cur = db.Prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
    if (cur.Step()) st.current = static_cast<int>(cur.Int(0));
    cur.Reset();
    // Running nodes of an older version may cache rows a migration just changed.
    if (st.applied > 0) Notify(db, kEverythingKey);
    db.Exec(kMigrationUnlock);
  } catch (...) {
    try {
      db.Exec(kMigrationUnlock);
    } catch (...) {
      // Closing the connection releases the lock too.
    }
    throw;
  }
  return st;
}

// ---------------------------------------------------------------- pool

// A pooled connection for one use: back to the pool (or closed, when broken) on scope exit.
class PgStore::Lease {
 public:
  explicit Lease(PgStore& s) : store_(s), db_(s.Acquire()) {}
  ~Lease() {
    if (db_) store_.Release(std::move(db_));
  }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  Db& db() { return *db_; }
  // Closes this connection and opens a new one in its place. The idle ones go too: what
  // broke this one (a server restart, a failover) most likely broke them as well.
  void Replace() {
    store_.Release(std::move(db_), /*reuse=*/false);
    store_.DropIdle();
    db_ = store_.Acquire();
  }

 private:
  PgStore& store_;
  std::unique_ptr<Db> db_;
};

PgStore::PgStore(std::string url, PgStoreOptions options) : url_(std::move(url)), options_(options) {
  options_.pool_size = std::max<std::size_t>(1, options_.pool_size);
  options_.max_attempts = std::max(1, options_.max_attempts);
  auto db = std::make_unique<Db>(url_);
  if (options_.migrate) {
    migrations_ = Migrate(*db);
  } else {
    auto& cur = db->Prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
    if (cur.Step()) migrations_.current = static_cast<int>(cur.Int(0));
    cur.Reset();
  }
  {
    std::lock_guard lk(pool_mu_);
    ++open_;
    idle_.push_back(std::move(db));
  }
  if (options_.cache) {
    cache_ = std::make_unique<Cache>(options_.cache_capacity);
    listener_ = std::make_unique<Listener>(url_, [c = cache_.get()](std::string_view key) { c->Invalidate(key); });
  }
}

PgStore::~PgStore() { listener_.reset(); }

bool PgStore::WaitCacheReady(std::chrono::milliseconds timeout) {
  return listener_ && listener_->WaitListening(timeout);
}

std::unique_ptr<Db> PgStore::Connect() const { return std::make_unique<Db>(url_); }

std::size_t PgStore::OpenConnections() {
  std::lock_guard lk(pool_mu_);
  return open_;
}

std::unique_ptr<Db> PgStore::Acquire() {
  std::unique_lock lk(pool_mu_);
  if (!pool_cv_.wait_for(lk, options_.acquire_timeout, [&] { return !idle_.empty() || open_ < options_.pool_size; }))
    throw DbError(CONNECTION_BAD, "no free connection after " + std::to_string(options_.acquire_timeout.count()) +
                                      " ms (pool of " + std::to_string(options_.pool_size) + ")");
  while (!idle_.empty()) {
    auto db = std::move(idle_.back());
    idle_.pop_back();
    if (db->Ok()) return db;
    --open_;  // broken while idle: replaced below
    lk.unlock();
    db.reset();
    lk.lock();
  }
  ++open_;
  lk.unlock();
  try {
    return std::make_unique<Db>(url_);
  } catch (...) {
    lk.lock();
    --open_;
    pool_cv_.notify_one();
    throw;
  }
}

void PgStore::Release(std::unique_ptr<Db> db, bool reuse) {
  // Only a healthy connection outside any transaction goes back.
  if (db) db->CancelDeferredBegin();
  const bool keep = reuse && db && db->Ok() && PQtransactionStatus(db->raw()) == PQTRANS_IDLE;
  {
    std::lock_guard lk(pool_mu_);
    if (keep) {
      idle_.push_back(std::move(db));
    } else {
      --open_;
    }
  }
  pool_cv_.notify_one();
  db.reset();  // a dropped connection closes outside the lock
}

void PgStore::DropIdle() {
  std::vector<std::unique_ptr<Db>> dropped;
  {
    std::lock_guard lk(pool_mu_);
    dropped.swap(idle_);
    open_ -= dropped.size();
  }
  pool_cv_.notify_all();
  // closed here, outside the lock
}

// ---------------------------------------------------------------- transactions

Result<void> PgStore::Transact(Mode mode, const std::function<Result<void>(Db&)>& fn, bool defer_begin) {
  const char* begin = mode == Mode::kRead ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN";
  bool stale_retried = false;
  for (int attempt = 1;; ++attempt) {
    std::optional<Lease> lease;
    try {
      lease.emplace(*this);
      try {
        if (defer_begin) {
          lease->db().DeferBegin(begin);
        } else {
          lease->db().Run(begin);
        }
      } catch (const DbError& e) {
        // A pooled connection the server closed since its last use fails only now: one
        // more try on a new connection.
        if (lease->db().Ok()) throw;
        lease->Replace();
        lease->db().Run(begin);
      }
    } catch (const std::exception& e) {
      return Fail(Unavailable(e));
    }
    Db& db = lease->db();

    std::optional<DbError> failure;
    Result<void> r;
    try {
      r = fn(db);
    } catch (const DbError& e) {
      failure = e;
    } catch (const std::exception& e) {
      r = Fail(FromException(e));
    }
    if (failure || !r) {
      if (!db.BeginDeferred()) {
        TryRollback(db);
      } else if (failure && !db.Ok() && !stale_retried) {
        // The deferred BEGIN (or a statement's PREPARE before it) found the pooled
        // connection closed since its last use: nothing ran; once more on a new connection.
        stale_retried = true;
        lease.reset();
        DropIdle();
        continue;
      }
      if (!failure) return r;
      if (Retryable(failure->sqlstate())) {
        if (attempt < options_.max_attempts) {
          lease.reset();
          Backoff(attempt);
          continue;
        }
        return Fail(Exhausted(*failure));
      }
      return Fail(ConnectionLost(*failure, &db) ? Unavailable(*failure) : FromException(*failure));
    }

    // Answered without a statement (from the node cache): no transaction was begun.
    if (db.BeginDeferred()) {
      db.CancelDeferredBegin();
      return r;
    }
    try {
      db.Run("COMMIT");
    } catch (const DbError& e) {
      TryRollback(db);
      if (Retryable(e.sqlstate()) && attempt < options_.max_attempts) {
        lease.reset();
        Backoff(attempt);
        continue;
      }
      // A connection lost during COMMIT leaves the outcome unknown: never run fn again.
      return Fail(Retryable(e.sqlstate()) ? Exhausted(e) : Unavailable(e));
    }
    // COMMIT of a transaction an earlier statement aborted answers "ROLLBACK" and no error:
    // fn must have caught a database error and carried on.
    if (db.LastCommand() == "ROLLBACK")
      return Fail(Error::Internal("store: the transaction had failed and was rolled back"));
    return r;
  }
}

Result<void> PgStore::ReadDb(const std::function<Result<void>(Db&)>& fn) { return Transact(Mode::kRead, fn); }

Result<void> PgStore::WriteDb(const std::function<Result<void>(Db&)>& fn) { return Transact(Mode::kWrite, fn); }

Result<void> PgStore::Read(const std::function<Result<void>(app::ReadTx&)>& fn) {
  // BEGIN goes with the first statement: a read the cache answers whole (a request's
  // authentication) costs no round trip at all.
  return Transact(
      Mode::kRead,
      [&](Db& db) -> Result<void> {
        // Before the first statement, which takes the snapshot: an invalidation arriving later
        // may announce a change the snapshot does not see, and must refuse this reader's fills.
        // Then whether the listener listens: the "*" of a lost connection comes after it stops.
        Cache* cache = nullptr;
        std::uint64_t epoch = 0;
        if (cache_) {
          epoch = cache_->Epoch();
          if (listener_->Listening()) cache = cache_.get();
        }
        PgTx tx(db, cache, epoch);
        return fn(tx);
      },
      /*defer_begin=*/true);
}

Result<void> PgStore::Write(const std::function<Result<void>(app::WriteTx&)>& fn) {
  std::vector<std::string> changed;
  std::optional<Instant> earliest_timer;
  bool mail_queued = false;  // ---- mail outbox
  auto r = Transact(Mode::kWrite, [&](Db& db) -> Result<void> {
    changed.clear();  // an attempt run again: the rolled-back one notified nothing
    earliest_timer.reset();
    PgTx tx(db, changed);
    auto done = fn(tx);
    mail_queued = done && tx.mail_queued();
    // ---- timer scheduling: every node's scheduler hears of a timer armed here (delivered
    // at COMMIT, one notification per transaction), and may be sleeping past its due time.
    if (done && (earliest_timer = tx.earliest_timer_scheduled()))
      Notify(db, std::to_string(UnixSeconds(*earliest_timer)), kTimersChannel);
    return done;
  });
  // This node's scheduler at once, without waiting for the notification's round trip.
  if (r && earliest_timer) {
    std::lock_guard lk(wake_mu_);
    if (wake_) wake_(*earliest_timer);
  }
  // ---- mail outbox: this node's worker sends at once; other nodes find it at their next poll.
  if (r && mail_queued) {
    std::lock_guard lk(wake_mu_);
    if (mail_wake_) mail_wake_();
  }
  // This node reads its own writes at once; the others drop the keys when the notification
  // reaches their listener. Also after a failure: a COMMIT whose answer was lost may have
  // committed, and a needless drop costs one query.
  if (cache_)
    for (const auto& key : changed) cache_->Invalidate(key);
  return r;
}

void PgStore::OnTimerScheduled(std::function<void(Instant due)> wake) {
  std::lock_guard lk(wake_mu_);
  wake_ = std::move(wake);
}

void PgStore::OnMailQueued(std::function<void()> wake) {
  std::lock_guard lk(wake_mu_);
  mail_wake_ = std::move(wake);
}

Result<void> PgStore::WithConnection(const std::function<Result<void>(Db&)>& fn) {
  std::optional<Lease> lease;
  try {
    lease.emplace(*this);
  } catch (const std::exception& e) {
    return Fail(Unavailable(e));
  }
  Db& db = lease->db();
  try {
    auto r = fn(db);
    // Whatever fn left open is not committed.
    if (PQtransactionStatus(db.raw()) != PQTRANS_IDLE) TryRollback(db);
    return r;
  } catch (const DbError& e) {
    if (PQtransactionStatus(db.raw()) != PQTRANS_IDLE) TryRollback(db);
    return Fail(ConnectionLost(e, &db) ? Unavailable(e) : FromException(e));
  } catch (const std::exception& e) {
    if (PQtransactionStatus(db.raw()) != PQTRANS_IDLE) TryRollback(db);
    return Fail(FromException(e));
  }
}

Result<void> PgStore::Ready() {
  return ReadDb([&](Db& db) -> Result<void> {
    auto& s = db.Prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
    const std::int64_t v = s.Step() ? s.Int(0) : 0;
    s.Reset();
    if (v < LatestMigration()) return Fail(Error::Unavailable("migrations pending"));
    return {};
  });
}

}  // namespace chamado::postgres
