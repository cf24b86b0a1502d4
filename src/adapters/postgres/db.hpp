#pragma once
// A thin RAII wrapper of libpq with the same API as sqlite/db.hpp, so that one body of query
// code (adapters/sql/) compiles against both dialects: connections, prepared statements
// (cached per connection by their SQL text, prepared once per connection under a generated
// name), typed binds and reads.
//
// Dialect notes for shared SQL:
// - SQLite-style `?` (and `?NNN`) placeholders are rewritten to `$n`; a `?` inside a quoted
//   literal, a quoted identifier, a comment or a dollar-quoted string is left alone. A `?`
//   meant as a jsonb operator cannot be written: use jsonb_exists() and friends.
// - Parameters are sent as text with no declared type: the server infers each type from its
//   use. Where it cannot (`? IS NULL`, `SELECT ?`), write CAST(? AS BIGINT) etc.
// - Bools are bound as "1"/"0" (flags are INTEGER columns in both dialects).
// - There is no LastInsertId: use `INSERT ... RETURNING id` and Step().
#include <libpq-fe.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace chamado::postgres {

// Thrown for database failures. code() is the libpq status (ExecStatusType for a failed
// statement, ConnStatusType for a failed connection); sqlstate() the five-character
// SQLSTATE the server reported ("23505", "40001"...), empty when the failure is local
// (connection lost, misuse).
class DbError : public std::runtime_error {
 public:
  DbError(int code, const std::string& what, std::string sqlstate = {})
      : std::runtime_error(what), code_(code), sqlstate_(std::move(sqlstate)) {}
  int code() const { return code_; }
  const std::string& sqlstate() const { return sqlstate_; }

 private:
  int code_;
  std::string sqlstate_;
};

// Rewrites SQLite-style `?` / `?NNN` placeholders into `$n`. Sets `*count` to the number of
// parameters (the highest index). Exposed for tests.
std::string ConvertPlaceholders(std::string_view sql, int* count = nullptr);

class Db;

class Stmt {
 public:
  // Prepares `sql` on `db`'s connection under `name` (PQprepare).
  Stmt(Db& db, std::string name, std::string_view sql);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& Bind(int i, std::int64_t v);
  Stmt& Bind(int i, int v) { return Bind(i, static_cast<std::int64_t>(v)); }
  Stmt& Bind(int i, bool v) { return Bind(i, static_cast<std::int64_t>(v ? 1 : 0)); }
  Stmt& Bind(int i, double v);
  Stmt& Bind(int i, std::string_view v);
  Stmt& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Stmt& BindNull(int i);
  template <typename T>
  Stmt& Bind(int i, const std::optional<T>& v) {
    return v ? Bind(i, *v) : BindNull(i);
  }

  // The first call executes the statement (PQexecPrepared); each call then moves to the
  // next result row: true while a row is available.
  bool Step();
  // Executes to completion (for writes).
  void Run();
  // Drops the result and clears the bindings.
  void Reset();

  // Reads of the current row. Int parses the text result (also "t"/"f" and decimals);
  // NULL reads as 0 / "" like SQLite.
  std::int64_t Int(int col) const;
  double Double(int col) const;
  std::string Text(int col) const;
  bool IsNull(int col) const;
  std::optional<std::int64_t> OptInt(int col) const;
  std::optional<std::string> OptText(int col) const;

  int ParamCount() const { return nparams_; }
  const std::string& name() const { return name_; }

 private:
  void Execute();
  void Check(int i) const;
  const char* Value(int col) const;

  Db& db_;
  std::string name_;
  std::string sql_;  // converted text, for error messages
  int nparams_ = 0;
  std::vector<std::optional<std::string>> params_;
  PGresult* res_ = nullptr;
  bool executed_ = false;
  int row_ = -1;
  int rows_ = 0;
};

class Db {
 public:
  // Connects with a libpq connection string or URL (postgresql://user@host:port/db).
  // Throws DbError with the server's message when the connection fails.
  explicit Db(const std::string& conninfo);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Runs a script (several statements, no parameters) through PQexec.
  void Exec(std::string_view sql);
  // Runs one statement through the statement cache: BEGIN, COMMIT...
  void Run(std::string_view sql) { Prepare(sql).Run(); }
  // A prepared statement, reset and with bindings cleared, cached by its text.
  Stmt& Prepare(std::string_view sql);
  // Rows inserted, updated or deleted by the last INSERT/UPDATE/DELETE/MERGE run on this
  // connection (SELECTs and other commands leave it unchanged, like sqlite3_changes).
  int Changes() const { return changes_; }
  PGconn* raw() { return conn_; }
  // Connection still usable (PQstatus == CONNECTION_OK).
  bool Ok() const;
  // The command tag of the last statement run ("COMMIT", "ROLLBACK", "INSERT 0 1"...).
  const std::string& LastCommand() const { return last_command_; }
  // Sends `begin` (BEGIN ...) just before the next statement run on this connection, and
  // not at all when none follows: a read answered from the node cache costs no round trip.
  void DeferBegin(std::string begin) { deferred_begin_ = std::move(begin); }
  // The deferred BEGIN has not gone through yet (not sent, or refused): no transaction.
  bool BeginDeferred() const { return !deferred_begin_.empty(); }
  void CancelDeferredBegin() { deferred_begin_.clear(); }

  // LIKE that folds case (shared SQL: "name " + Db::kILike + " ?").
  static constexpr std::string_view kILike = "ILIKE";
  // The timer claim (sql::CommonTx::ClaimDueTimers): rows another node holds are skipped.
  static constexpr std::string_view kSkipLocked = " FOR UPDATE SKIP LOCKED";
  // Row lock for reads inside a write transaction (shared SQL: sql::CommonTx).
  static constexpr std::string_view kForUpdate = " FOR UPDATE";

 private:
  friend class Stmt;
  // Notes the command tag and, for INSERT/UPDATE/DELETE/MERGE, Changes().
  void Record(const PGresult* res);
  // Sends the deferred BEGIN, if any; on failure it stays deferred.
  void RunDeferredBegin();

  PGconn* conn_ = nullptr;
  std::map<std::string, std::unique_ptr<Stmt>, std::less<>> cache_;
  int next_stmt_ = 0;
  int changes_ = 0;
  std::string last_command_;
  std::string deferred_begin_;
};

// Throws the DbError a failed `res` describes (`res` is cleared). For callers of raw libpq.
[[noreturn]] void ThrowResult(PGconn* conn, PGresult* res, std::string_view what);

}  // namespace chamado::postgres
