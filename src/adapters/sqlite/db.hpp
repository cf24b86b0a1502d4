#pragma once
// A thin RAII wrapper of the SQLite C API: connections, prepared statements (cached per
// connection by their SQL text), typed binds and reads. Text is always bound with
// SQLITE_TRANSIENT so a temporary argument can never dangle.
#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace chamado::sqlite {

// Thrown for unexpected database failures (disk full, corruption). Expected outcomes
// (no row, constraint) are reported as values by the callers.
class DbError : public std::runtime_error {
 public:
  DbError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

class Stmt {
 public:
  Stmt(sqlite3* db, std::string_view sql);
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

  // Steps once: true when a row is available.
  bool Step();
  // Steps to completion (for writes).
  void Run();
  void Reset();

  std::int64_t Int(int col) const;
  double Double(int col) const;
  std::string Text(int col) const;
  bool IsNull(int col) const;
  std::optional<std::int64_t> OptInt(int col) const;
  std::optional<std::string> OptText(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Db {
 public:
  // SQLite's LIKE already ignores ASCII case (what sql::CommonTx asks for).
  static constexpr std::string_view kILike = "LIKE";
  // The timer claim's locking (sql::CommonTx::ClaimDueTimers): one writer, nothing to skip.
  static constexpr std::string_view kSkipLocked = "";
  // One writer at a time already: nothing to lock.
  static constexpr std::string_view kForUpdate = "";

  // Opens (creating when `create`) and applies the connection pragmas.
  Db(const std::string& path, bool create, bool read_only);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  void Exec(std::string_view sql);
  // Runs one statement through the statement cache (no parse per call): BEGIN, COMMIT...
  void Run(std::string_view sql) { Prepare(sql).Run(); }
  // A prepared statement, reset and with bindings cleared, cached by its text.
  Stmt& Prepare(std::string_view sql);
  std::int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }
  sqlite3* raw() { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::map<std::string, std::unique_ptr<Stmt>, std::less<>> cache_;
};

}  // namespace chamado::sqlite
