#include "adapters/sqlite/store.hpp"

#include <algorithm>
#include <string>

#include "adapters/sqlite/db.hpp"
#include "adapters/sqlite/tx.hpp"

namespace chamado::sqlite {

// Generated from migrations/*.sql by cmake/embed.cmake.
std::vector<std::pair<std::string_view, std::string_view>> SqliteMigrationFiles();

namespace {

constexpr std::size_t kMaxBatch = 128;
constexpr std::size_t kMaxReaders = 16;

int VersionOf(std::string_view file_name) { return std::stoi(std::string(file_name.substr(0, 4))); }

Error FromException(const std::exception& e) { return Error::Internal(std::string("store: ") + e.what()); }

}  // namespace

int LatestMigration() {
  int v = 0;
  for (const auto& [name, _] : SqliteMigrationFiles()) v = std::max(v, VersionOf(name));
  return v;
}

MigrationStatus Migrate(Db& db) {
  MigrationStatus st;
  db.Exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT "
      "NOT NULL DEFAULT CURRENT_TIMESTAMP)");
  auto files = SqliteMigrationFiles();
  std::sort(files.begin(), files.end());
  for (const auto& [name, sql] : files) {
    const int v = VersionOf(name);
    auto& q = db.Prepare("SELECT 1 FROM schema_migrations WHERE version = ?");
    q.Bind(1, static_cast<std::int64_t>(v));
    const bool done = q.Step();
    q.Reset();
    if (!done) {
      db.Exec("BEGIN IMMEDIATE");
      try {
        db.Exec(sql);
        auto& ins = db.Prepare("INSERT INTO schema_migrations (version, name) VALUES (?, ?)");
        ins.Bind(1, static_cast<std::int64_t>(v)).Bind(2, name);
        ins.Run();
        db.Exec("COMMIT");
      } catch (...) {
        db.Exec("ROLLBACK");
        throw;
      }
      ++st.applied;
    }
    st.current = std::max(st.current, v);
  }
  return st;
}

SqliteStore::SqliteStore(const std::filesystem::path& db_path, bool create) : path_(db_path) {
  writer_db_ = std::make_unique<Db>(path_.string(), create, false);
  // A file that is not a database fails here with "file is not a database".
  writer_db_->Exec("SELECT count(*) FROM sqlite_master");
  migrations_ = Migrate(*writer_db_);
  writer_ = std::thread([this] { WriterLoop(); });
}

SqliteStore::~SqliteStore() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (writer_.joinable()) writer_.join();
}

std::string SqliteStore::Pragma(const std::string& name) {
  auto db = AcquireReader();
  auto& s = db->Prepare("PRAGMA " + name);
  std::string v = s.Step() ? s.Text(0) : "";
  s.Reset();
  ReleaseReader(std::move(db));
  return v;
}

std::unique_ptr<Db> SqliteStore::AcquireReader() {
  {
    std::lock_guard lk(readers_mu_);
    if (!readers_.empty()) {
      auto db = std::move(readers_.back());
      readers_.pop_back();
      return db;
    }
  }
  auto db = std::make_unique<Db>(path_.string(), false, false);
  db->Exec("PRAGMA query_only=ON");
  return db;
}

void SqliteStore::ReleaseReader(std::unique_ptr<Db> db) {
  std::lock_guard lk(readers_mu_);
  if (readers_.size() < kMaxReaders) readers_.push_back(std::move(db));
}

Result<void> SqliteStore::Read(const std::function<Result<void>(app::ReadTx&)>& fn) {
  std::unique_ptr<Db> db;
  try {
    db = AcquireReader();
    db->Run("BEGIN");  // one snapshot for the whole use case
    SqliteTx tx(*db);
    auto r = fn(tx);
    db->Run("COMMIT");
    ReleaseReader(std::move(db));
    return r;
  } catch (const std::exception& e) {
    // A connection that failed mid-transaction is dropped rather than reused.
    return Fail(FromException(e));
  }
}

Result<void> SqliteStore::Write(const std::function<Result<void>(app::WriteTx&)>& fn) {
  auto job = std::make_unique<Job>();
  job->fn = fn;
  auto fut = job->done.get_future();
  {
    std::lock_guard lk(mu_);
    if (stopping_) return Fail(Error::Unavailable("the server is shutting down"));
    queue_.push_back(std::move(job));
  }
  cv_.notify_one();
  return fut.get();
}

// Group commit: every job waiting when the writer wakes runs in one transaction, each
// inside its own savepoint so a failing job undoes only its own writes. One COMMIT (one
// fsync of the WAL) makes the whole group durable; only then is each job answered.
void SqliteStore::WriterLoop() {
  for (;;) {
    std::vector<std::unique_ptr<Job>> batch;
    {
      std::unique_lock lk(mu_);
      cv_.wait(lk, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    std::vector<Result<void>> results;
    results.reserve(batch.size());
    Db& db = *writer_db_;
    std::optional<Instant> earliest_timer;  // scheduled by a job of the group that succeeded
    bool mail_queued = false;               // ---- mail outbox: a job of the group that succeeded queued mail
    try {
      db.Run("BEGIN IMMEDIATE");
      for (auto& job : batch) {
        db.Run("SAVEPOINT job");
        Result<void> r;
        try {
          SqliteTx tx(db);
          r = job->fn(tx);
          if (auto due = tx.earliest_timer_scheduled(); r && due && (!earliest_timer || *due < *earliest_timer))
            earliest_timer = due;
          mail_queued = mail_queued || (r && tx.mail_queued());
        } catch (const std::exception& e) {
          r = Fail(FromException(e));
        }
        if (!r) db.Run("ROLLBACK TO job");
        db.Run("RELEASE job");
        results.push_back(std::move(r));
      }
      db.Run("COMMIT");
    } catch (const std::exception& e) {
      try {
        db.Exec("ROLLBACK");
      } catch (...) {
      }
      for (auto& job : batch) job->done.set_value(Fail(Error::Unavailable(std::string("store: ") + e.what())));
      continue;
    }
    if (earliest_timer) WakeTimers(*earliest_timer);
    if (mail_queued) WakeMail();
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->done.set_value(std::move(results[i]));
  }
}

void SqliteStore::OnTimerScheduled(std::function<void(Instant due)> wake) {
  std::lock_guard lk(wake_mu_);
  wake_ = std::move(wake);
}

void SqliteStore::WakeTimers(Instant due) {
  std::lock_guard lk(wake_mu_);
  if (wake_) wake_(due);
}

// ---- mail outbox
void SqliteStore::OnMailQueued(std::function<void()> wake) {
  std::lock_guard lk(wake_mu_);
  mail_wake_ = std::move(wake);
}

void SqliteStore::WakeMail() {
  std::lock_guard lk(wake_mu_);
  if (mail_wake_) mail_wake_();
}

Result<void> SqliteStore::Ready() {
  return Read([&](app::ReadTx&) -> Result<void> {
    if (migrations_.current < LatestMigration()) return Fail(Error::Unavailable("migrations pending"));
    return {};
  });
}

}  // namespace chamado::sqlite
