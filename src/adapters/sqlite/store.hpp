#pragma once
// The embedded store: one SQLite file in WAL mode. Reads run on a pool of reader
// connections; writes are funnelled to one writer thread that commits them in groups
// (many requests, one fsync) and answers each only after its group is durable.
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "app/ports.hpp"

namespace chamado::sqlite {

class Db;

struct MigrationStatus {
  int applied = 0;  // newly applied now
  int current = 0;  // schema version after
};

class SqliteStore final : public app::Store {
 public:
  // Opens `db_path` (creating it when `create`), applies pending migrations, starts the
  // writer thread. Throws DbError with a message naming the file on failure.
  SqliteStore(const std::filesystem::path& db_path, bool create);
  ~SqliteStore() override;

  Result<void> Read(const std::function<Result<void>(app::ReadTx&)>& fn) override;
  Result<void> Write(const std::function<Result<void>(app::WriteTx&)>& fn) override;
  Result<void> Ready() override;
  // Called by the writer thread after each COMMIT of a group that scheduled timers.
  void OnTimerScheduled(std::function<void(Instant due)> wake) override;
  // ---- mail outbox: called by the writer thread after each COMMIT of a group that queued mail.
  void OnMailQueued(std::function<void()> wake) override;

  const MigrationStatus& migrations() const { return migrations_; }
  // The connection pragmas in force (tests check synchronous=FULL).
  std::string Pragma(const std::string& name);

 private:
  struct Job {
    std::function<Result<void>(app::WriteTx&)> fn;
    std::promise<Result<void>> done;
  };
  void WriterLoop();
  void WakeTimers(Instant due);
  void WakeMail();  // ---- mail outbox
  std::unique_ptr<Db> AcquireReader();
  void ReleaseReader(std::unique_ptr<Db> db);

  std::filesystem::path path_;
  MigrationStatus migrations_;
  std::unique_ptr<Db> writer_db_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<Job>> queue_;
  bool stopping_ = false;
  std::thread writer_;
  std::mutex readers_mu_;
  std::vector<std::unique_ptr<Db>> readers_;
  std::mutex wake_mu_;
  std::function<void(Instant)> wake_;
  std::function<void()> mail_wake_;  // ---- mail outbox (under wake_mu_)
};

// Applies numbered migrations (migrations/NNNN_name.sql) not yet applied.
MigrationStatus Migrate(Db& db);
int LatestMigration();

}  // namespace chamado::sqlite
