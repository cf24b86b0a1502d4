// `chamado store copy` (see store_copy.hpp). Nothing here names a table of the help desk:
// the tables, their columns, keys, foreign keys and sequences are read from sqlite_master and
// SQLite's pragmas on one side and from information_schema / pg_catalog on the other, so a
// migration that adds a table to both schemas is copied without a change here.
#include "main/store_copy.hpp"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/blob/local_blob_store.hpp"
#include "adapters/config/settings.hpp"
#include "adapters/crypto/sha256.hpp"
#include "adapters/postgres/blob_store.hpp"
#include "adapters/postgres/db.hpp"
#include "adapters/postgres/listener.hpp"
#include "adapters/postgres/store.hpp"
#include "adapters/sqlite/db.hpp"
#include "adapters/sqlite/store.hpp"

namespace chamado {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kFailed = 1;
constexpr int kRefused = 2;
constexpr std::size_t kChunkBytes = 1 << 20;  // COPY data handed to libpq at a time

// Never copied: the migrations' bookkeeping (each side has its own) and the manual clock of
// `serve --clock=manual` (a test tool, PostgreSQL only). The blob tables are filled from the
// source's files, not from its tables (CopyBlobs).
const std::set<std::string, std::less<>> kBookkeeping = {"schema_migrations", "chamado_clock", "blob_objects",
                                                         "blob_chunks"};

// Refused before anything was written (exit 2); the copy itself failed (exit 1, rolled back).
struct Refused : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct Failed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

std::string Fixed1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string PerSecond(std::int64_t rows, double secs) {
  return std::to_string(static_cast<std::int64_t>(static_cast<double>(rows) / std::max(secs, 1e-3)));
}

// A quoted identifier, valid in both dialects.
std::string Q(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// ---------------------------------------------------------------- checksums

// SHA-256 over the rows of a table in key order, each value rendered the same way from both
// sides: NULL as one 0x00 byte, any other value as 0x01, its length in decimal, ':' and its
// bytes (an integer in decimal, text as its UTF-8 bytes, a blob as its bytes).
class Checksum {
 public:
  void Null() { buf_.push_back('\0'); }
  void Value(std::string_view v) {
    buf_.push_back('\1');
    char len[24];
    auto [end, ec] = std::to_chars(len, len + sizeof len, v.size());
    buf_.append(len, end);
    buf_.push_back(':');
    buf_.append(v);
  }
  void EndRow() {
    ++rows_;
    if (buf_.size() >= 64 * 1024) Flush();
  }
  std::int64_t rows() const { return rows_; }
  std::string Hex() {
    Flush();
    return sha_.Hex();
  }

 private:
  void Flush() {
    sha_.Update(buf_.data(), buf_.size());
    buf_.clear();
  }
  crypto::Sha256 sha_;
  std::string buf_;
  std::int64_t rows_ = 0;
};

// ---------------------------------------------------------------- the plan

// How a column's values are compared: as they are, or normalised where PostgreSQL's text
// output differs from SQLite's value (floats, booleans, bytea).
enum class Kind { kPlain, kFloat, kBool, kBytea };

struct Column {
  std::string name;
  Kind kind = Kind::kPlain;
  bool collatable = false;  // a text type on PostgreSQL: sorted COLLATE "C" (SQLite's BINARY order)
};

struct Table {
  std::string name;
  std::vector<Column> columns;       // on both sides, in SQLite's order
  std::vector<std::size_t> key;      // the ORDER BY: the primary key, else every column
  std::optional<std::size_t> rowid;  // the INTEGER PRIMARY KEY (sqlite_sequence applies)
  std::vector<std::string> parents;  // tables its foreign keys point at (both schemas)
  std::int64_t expected = 0;         // count(*) in the snapshot, for the progress line
  std::int64_t source_rows = 0, target_rows = 0;
  std::string source_sum, target_sum;
  double seconds = 0;
};

struct Plan {
  std::vector<Table> tables;              // parents first
  std::vector<std::string> source_only;   // tables PostgreSQL lacks: not copied
  std::vector<std::string> target_only;   // PostgreSQL's own (search data filled by triggers)
  std::vector<std::string> column_notes;  // columns on one side only
};

std::string ColumnList(const Table& t) {
  std::string s;
  for (const auto& c : t.columns) s += (s.empty() ? "" : ", ") + Q(c.name);
  return s;
}

std::string OrderBy(const Table& t, std::string_view text_collation) {
  std::string s;
  for (std::size_t k : t.key) {
    s += (s.empty() ? "" : ", ") + Q(t.columns[k].name);
    if (t.columns[k].collatable) s += std::string(" COLLATE ") + std::string(text_collation);
  }
  return s;
}

// ---------------------------------------------------------------- the source

class RawQuery {
 public:
  RawQuery(sqlite3* db, const std::string& sql) : db_(db) {
    if (int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr); rc != SQLITE_OK)
      throw sqlite::DbError(rc, sqlite3_errmsg(db));
  }
  ~RawQuery() { sqlite3_finalize(stmt_); }
  RawQuery(const RawQuery&) = delete;
  RawQuery& operator=(const RawQuery&) = delete;
  bool Step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw sqlite::DbError(rc, sqlite3_errmsg(db_));
  }
  sqlite3_stmt* get() { return stmt_; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

struct SourceTable {
  std::string name;
  std::vector<std::string> columns;
  std::vector<std::string> types;  // declared types
  std::vector<int> pk;             // position in the primary key, 0 when not part of it
  std::vector<std::string> parents;
};

// The SQLite file, read inside one transaction: every read below sees the same instant.
class Source {
 public:
  explicit Source(fs::path path) : path_(std::move(path)) {
    try {
      db_ = std::make_unique<sqlite::Db>(path_.string(), false, false);
      db_->Exec("PRAGMA query_only=ON");
      db_->Exec("BEGIN");
      // The first read starts the snapshot (WAL: the server keeps writing, unseen here).
      auto& s = db_->Prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
      version_ = s.Step() ? static_cast<int>(s.Int(0)) : 0;
      s.Reset();
    } catch (const sqlite::DbError& e) {
      throw Refused(path_.string() + ": not a readable Chamado database (" + e.what() + ")");
    }
  }

  int version() const { return version_; }
  const fs::path& path() const { return path_; }
  sqlite::Db& db() { return *db_; }

  // The tables to consider, in creation order: no sqlite_* table, no virtual table (FTS5)
  // nor its shadow tables (NAME_data, NAME_idx...), no bookkeeping.
  std::vector<SourceTable> Tables() {
    std::vector<std::string> names, virtuals;
    {
      auto& s = db_->Prepare("SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'table' ORDER BY rowid");
      while (s.Step()) {
        std::string name = s.Text(0), sql = Lower(s.Text(1).substr(0, 40));
        if (name.starts_with("sqlite_")) continue;
        if (sql.starts_with("create virtual table"))
          virtuals.push_back(name);
        else
          names.push_back(name);
      }
      s.Reset();
    }
    std::vector<SourceTable> out;
    for (const auto& name : names) {
      if (kBookkeeping.contains(name)) continue;
      if (std::any_of(virtuals.begin(), virtuals.end(), [&](const auto& v) { return name.starts_with(v + "_"); }))
        continue;
      SourceTable t;
      t.name = name;
      auto& cols = db_->Prepare("SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid");
      cols.Bind(1, name);
      while (cols.Step()) {
        t.columns.push_back(cols.Text(0));
        t.types.push_back(Lower(cols.Text(1)));
        t.pk.push_back(static_cast<int>(cols.Int(2)));
      }
      cols.Reset();
      auto& fks = db_->Prepare("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)");
      fks.Bind(1, name);
      while (fks.Step()) t.parents.push_back(fks.Text(0));
      fks.Reset();
      out.push_back(std::move(t));
    }
    return out;
  }

  std::int64_t Count(const std::string& table) {
    RawQuery q(db_->raw(), "SELECT count(*) FROM " + Q(table));
    return q.Step() ? sqlite3_column_int64(q.get(), 0) : 0;
  }

  // The last id AUTOINCREMENT handed out for `table` (ids are never reused, even after a
  // delete of the newest row), 0 when none.
  std::int64_t Sequence(const std::string& table) {
    auto& has = db_->Prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'");
    const bool exists = has.Step();
    has.Reset();
    if (!exists) return 0;
    auto& s = db_->Prepare("SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = ?");
    s.Bind(1, table);
    const std::int64_t v = s.Step() ? s.Int(0) : 0;
    s.Reset();
    return v;
  }

 private:
  fs::path path_;
  std::unique_ptr<sqlite::Db> db_;
  int version_ = 0;
};

// ---------------------------------------------------------------- the target

PGresult* Exec(PGconn* c, const std::string& sql, ExecStatusType expect, std::string_view what) {
  PGresult* r = PQexec(c, sql.c_str());
  if (PQresultStatus(r) != expect) postgres::ThrowResult(c, r, what);
  return r;
}

// The result that ends a COPY; returns the rows it reports.
std::int64_t FinishCopy(PGconn* c, std::string_view what) {
  PGresult* r = PQgetResult(c);
  // Whatever else is queued goes, so the connection can take the ROLLBACK.
  while (PGresult* extra = PQgetResult(c)) PQclear(extra);
  if (PQresultStatus(r) != PGRES_COMMAND_OK) {
    // The context says which row ("COPY comments, line 3": the third in key order).
    std::string context;
    if (const char* ctx = PQresultErrorField(r, PG_DIAG_CONTEXT)) context = std::string(ctx).substr(0, 160);
    if (auto nl = context.find('\n'); nl != std::string::npos) context.resize(nl);
    try {
      postgres::ThrowResult(c, r, what);
    } catch (const postgres::DbError& e) {
      if (context.empty()) throw;
      throw postgres::DbError(e.code(), std::string(e.what()) + " [" + context + "]", e.sqlstate());
    }
  }
  const std::int64_t n = std::atoll(PQcmdTuples(r));
  PQclear(r);
  return n;
}

void Put(PGconn* c, std::string& buf, std::string_view what) {
  if (buf.empty()) return;
  if (PQputCopyData(c, buf.data(), static_cast<int>(buf.size())) != 1)
    throw postgres::DbError(PGRES_FATAL_ERROR, std::string(what) + ": " + PQerrorMessage(c));
  buf.clear();
}

// `v` as a field of COPY's text format.
void AppendEscaped(std::string& out, std::string_view v) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const char* esc;
    switch (v[i]) {
      case '\\': esc = "\\\\"; break;
      case '\n': esc = "\\n"; break;
      case '\r': esc = "\\r"; break;
      case '\t': esc = "\\t"; break;
      default: continue;
    }
    out.append(v.data() + start, i - start);
    out.append(esc);
    start = i + 1;
  }
  out.append(v.data() + start, v.size() - start);
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Splits one line of COPY's text format into fields, undoing its escapes; `nulls[i]` for \N.
void ParseCopyLine(std::string_view line, std::vector<std::string>& values, std::vector<bool>& nulls) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  values.clear();
  nulls.clear();
  std::string cur;
  std::size_t field_start = 0;
  auto end_field = [&](std::size_t end) {
    const bool null = line.substr(field_start, end - field_start) == "\\N";
    nulls.push_back(null);
    values.push_back(null ? std::string() : cur);
    cur.clear();
  };
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '\t') {
      end_field(i);
      field_start = i + 1;
      continue;
    }
    if (c != '\\' || i + 1 >= line.size()) {
      cur.push_back(c);
      continue;
    }
    const char e = line[++i];
    switch (e) {
      case 'b': cur.push_back('\b'); break;
      case 'f': cur.push_back('\f'); break;
      case 'n': cur.push_back('\n'); break;
      case 'r': cur.push_back('\r'); break;
      case 't': cur.push_back('\t'); break;
      case 'v': cur.push_back('\v'); break;
      case 'x': {
        int v = 0, digits = 0;
        while (digits < 2 && i + 1 < line.size() && HexDigit(line[i + 1]) >= 0) {
          v = v * 16 + HexDigit(line[++i]);
          ++digits;
        }
        cur.push_back(digits ? static_cast<char>(v) : 'x');
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          int v = e - '0', digits = 1;
          while (digits < 3 && i + 1 < line.size() && line[i + 1] >= '0' && line[i + 1] <= '7') {
            v = v * 8 + (line[++i] - '0');
            ++digits;
          }
          cur.push_back(static_cast<char>(v));
        } else {
          cur.push_back(e);  // \\ and any other escaped character stand for themselves
        }
    }
  }
  end_field(line.size());
}

std::string FloatText(double d) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, end);
}

// A value PostgreSQL printed, rendered as its source value is rendered for the checksum.
std::string_view Canonical(Kind kind, std::string& v) {
  switch (kind) {
    case Kind::kPlain: break;
    case Kind::kFloat: {
      double d = 0;
      std::from_chars(v.data(), v.data() + v.size(), d);
      v = FloatText(d);
      break;
    }
    case Kind::kBool:
      if (v == "t" || v == "f") v = v == "t" ? "1" : "0";
      break;
    case Kind::kBytea:
      if (v.starts_with("\\x")) {
        std::string bytes;
        for (std::size_t i = 2; i + 1 < v.size(); i += 2)
          bytes.push_back(static_cast<char>(HexDigit(v[i]) * 16 + HexDigit(v[i + 1])));
        v = std::move(bytes);
      }
      break;
  }
  return v;
}

Kind KindOf(const std::string& pg_type) {
  if (pg_type == "double precision" || pg_type == "real" || pg_type == "numeric") return Kind::kFloat;
  if (pg_type == "boolean") return Kind::kBool;
  if (pg_type == "bytea") return Kind::kBytea;
  return Kind::kPlain;
}

bool Collatable(const std::string& pg_type) {
  return pg_type == "text" || pg_type == "character varying" || pg_type == "character";
}

// Parents before children (Kahn), ties in the source's creation order. Self references
// (tickets.problem_id) need no order: one COPY is one statement, and its foreign keys are
// checked at its end.
std::vector<Table> InFkOrder(std::vector<Table> tables) {
  std::set<std::string> names;
  for (const auto& t : tables) names.insert(t.name);
  std::vector<Table> out;
  std::set<std::string> placed;
  while (!tables.empty()) {
    auto ready = std::find_if(tables.begin(), tables.end(), [&](const Table& t) {
      return std::all_of(t.parents.begin(), t.parents.end(),
                         [&](const std::string& p) { return p == t.name || !names.contains(p) || placed.contains(p); });
    });
    if (ready == tables.end()) {
      std::string cycle;
      for (const auto& t : tables) cycle += (cycle.empty() ? "" : ", ") + t.name;
      throw Refused("the foreign keys of " + cycle + " form a cycle: no order copies parents first");
    }
    placed.insert(ready->name);
    out.push_back(std::move(*ready));
    tables.erase(ready);
  }
  return out;
}

// Tables and columns both schemas have, with their keys and foreign keys.
Plan MakePlan(Source& src, postgres::Db& db) {
  std::set<std::string> pg_tables;
  {
    auto& s = db.Prepare(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE'");
    while (s.Step()) pg_tables.insert(s.Text(0));
    s.Reset();
  }
  std::multimap<std::string, std::string> pg_parents;
  {
    auto& s = db.Prepare(
        "SELECT c.relname, p.relname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
        "JOIN pg_class p ON p.oid = k.confrelid WHERE k.contype = 'f' AND c.relnamespace = "
        "current_schema()::regnamespace");
    while (s.Step()) pg_parents.emplace(s.Text(0), s.Text(1));
    s.Reset();
  }
  Plan plan;
  std::set<std::string> copied;
  std::vector<Table> tables;
  for (auto& st : src.Tables()) {
    if (!pg_tables.contains(st.name)) {
      plan.source_only.push_back(st.name);
      continue;
    }
    std::map<std::string, std::string> pg_cols;  // name -> data_type, insertable only
    auto& s = db.Prepare(
        "SELECT column_name, data_type, is_generated FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position");
    s.Bind(1, st.name);
    while (s.Step())
      if (s.Text(2) != "ALWAYS") pg_cols.emplace(s.Text(0), s.Text(1));
    s.Reset();
    Table t;
    t.name = st.name;
    std::vector<std::pair<int, std::size_t>> pk;  // (position in the key, column)
    for (std::size_t i = 0; i < st.columns.size(); ++i) {
      auto it = pg_cols.find(st.columns[i]);
      if (it == pg_cols.end()) {
        plan.column_notes.push_back(st.name + "." + st.columns[i] + ": not in PostgreSQL's schema, not copied");
        continue;
      }
      if (st.pk[i] > 0) pk.emplace_back(st.pk[i], t.columns.size());
      t.columns.push_back(Column{st.columns[i], KindOf(it->second), Collatable(it->second)});
      pg_cols.erase(it);
    }
    for (const auto& [name, type] : pg_cols)
      plan.column_notes.push_back(st.name + "." + name + ": PostgreSQL only, left to its default");
    if (t.columns.empty()) {
      plan.source_only.push_back(st.name);
      continue;
    }
    std::sort(pk.begin(), pk.end());
    const bool whole_pk = !pk.empty() && pk.size() == static_cast<std::size_t>(std::count_if(
                                                          st.pk.begin(), st.pk.end(), [](int p) { return p > 0; }));
    if (whole_pk) {
      for (const auto& [pos, col] : pk) t.key.push_back(col);
      if (pk.size() == 1) {
        const auto i = static_cast<std::size_t>(
            std::find(st.columns.begin(), st.columns.end(), t.columns[pk[0].second].name) - st.columns.begin());
        if (st.types[i] == "integer") t.rowid = pk[0].second;
      }
    } else {
      for (std::size_t i = 0; i < t.columns.size(); ++i) t.key.push_back(i);
    }
    t.parents = st.parents;
    auto [from, to] = pg_parents.equal_range(st.name);
    for (auto it = from; it != to; ++it) t.parents.push_back(it->second);
    copied.insert(t.name);
    tables.push_back(std::move(t));
  }
  for (const auto& name : pg_tables)
    if (!copied.contains(name) && !kBookkeeping.contains(name)) plan.target_only.push_back(name);
  plan.tables = InFkOrder(std::move(tables));
  return plan;
}

std::int64_t PgCount(postgres::Db& db, const std::string& table) {
  auto& s = db.Prepare("SELECT count(*) FROM " + Q(table));
  const std::int64_t n = s.Step() ? s.Int(0) : 0;
  s.Reset();
  return n;
}

// count(*) FROM `from_where` (a FROM clause with its WHERE).
std::int64_t PgCountWhere(postgres::Db& db, const std::string& from_where) {
  auto& s = db.Prepare("SELECT count(*) FROM " + from_where);
  const std::int64_t n = s.Step() ? s.Int(0) : 0;
  s.Reset();
  return n;
}

// ---------------------------------------------------------------- progress

// A line per table on stderr; on a terminal also a counter redrawn in place.
class Progress {
 public:
  Progress() : tty_(::isatty(STDERR_FILENO) != 0) {}
  void Rows(const Table& t, std::int64_t done) {
    if (!tty_) return;
    const auto now = Clock::now();
    if (now - drawn_ < std::chrono::milliseconds(100)) return;
    drawn_ = now;
    std::fprintf(stderr, "\r  %-24s %12lld / %lld rows", t.name.c_str(), static_cast<long long>(done),
                 static_cast<long long>(t.expected));
    std::fflush(stderr);
  }
  void Line(const std::string& s) {
    std::fprintf(stderr, "%s%s\n", tty_ ? "\r\033[K" : "", s.c_str());
    std::fflush(stderr);
  }

 private:
  bool tty_;
  Clock::time_point drawn_{};
};

// ---------------------------------------------------------------- copy and verify

// Streams the snapshot's rows of `t` into COPY FROM STDIN, checksumming what it sends.
void CopyTable(Source& src, postgres::Db& db, Table& t, Progress& progress) {
  const auto started = Clock::now();
  PGconn* c = db.raw();
  // Rows the target's triggers derived from tables copied before (ticket_tags from tickets)
  // give way to the source's own.
  db.Exec("DELETE FROM " + Q(t.name));
  PQclear(Exec(c, "COPY " + Q(t.name) + " (" + ColumnList(t) + ") FROM STDIN", PGRES_COPY_IN, "copy " + t.name));
  Checksum sum;
  std::string buf;
  buf.reserve(kChunkBytes + 64 * 1024);
  try {
    RawQuery q(src.db().raw(), "SELECT " + ColumnList(t) + " FROM " + Q(t.name) + " ORDER BY " + OrderBy(t, "BINARY"));
    sqlite3_stmt* st = q.get();
    const int n = static_cast<int>(t.columns.size());
    std::string scratch;
    while (q.Step()) {
      for (int i = 0; i < n; ++i) {
        if (i) buf.push_back('\t');
        const Kind kind = t.columns[static_cast<std::size_t>(i)].kind;
        const int type = sqlite3_column_type(st, i);
        if (type == SQLITE_NULL) {
          buf += "\\N";
          sum.Null();
        } else if (kind == Kind::kFloat) {
          scratch = FloatText(sqlite3_column_double(st, i));
          buf += scratch;
          sum.Value(scratch);
        } else if (type == SQLITE_INTEGER) {
          char tmp[24];
          auto [end, ec] = std::to_chars(tmp, tmp + sizeof tmp, sqlite3_column_int64(st, i));
          const std::string_view v(tmp, static_cast<std::size_t>(end - tmp));
          buf += v;
          sum.Value(v);
        } else if (type == SQLITE_FLOAT) {
          scratch = FloatText(sqlite3_column_double(st, i));
          buf += scratch;
          sum.Value(scratch);
        } else if (type == SQLITE_BLOB || kind == Kind::kBytea) {
          const auto* p = static_cast<const char*>(sqlite3_column_blob(st, i));
          const std::string_view v(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(st, i)));
          if (kind == Kind::kBytea) {
            static constexpr char kHex[] = "0123456789abcdef";
            buf += "\\\\x";
            for (unsigned char b : v) {
              buf += kHex[b >> 4];
              buf += kHex[b & 15];
            }
          } else {
            AppendEscaped(buf, v);
          }
          sum.Value(v);
        } else {
          const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
          const std::string_view v(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(st, i)));
          AppendEscaped(buf, v);
          sum.Value(v);
        }
      }
      buf.push_back('\n');
      sum.EndRow();
      if (buf.size() >= kChunkBytes) {
        Put(c, buf, "copy " + t.name);
        progress.Rows(t, sum.rows());
      }
    }
    Put(c, buf, "copy " + t.name);
  } catch (const sqlite::DbError& e) {
    PQputCopyEnd(c, "the source could not be read");
    while (PGresult* r = PQgetResult(c)) PQclear(r);
    throw Failed("reading " + t.name + " from " + src.path().string() + ": " + e.what());
  } catch (...) {
    PQputCopyEnd(c, "aborted");
    while (PGresult* r = PQgetResult(c)) PQclear(r);
    throw;
  }
  if (PQputCopyEnd(c, nullptr) != 1)
    throw postgres::DbError(PGRES_FATAL_ERROR, "copy " + t.name + ": " + PQerrorMessage(c));
  const std::int64_t stored = FinishCopy(c, "copy " + t.name);
  t.source_rows = sum.rows();
  t.source_sum = sum.Hex();
  t.seconds = Seconds(started);
  if (stored != t.source_rows)
    throw Failed(t.name + ": sent " + std::to_string(t.source_rows) + " rows, PostgreSQL stored " +
                 std::to_string(stored));
  progress.Line("  " + t.name + ": " + std::to_string(t.source_rows) + " rows in " + Fixed1(t.seconds) + " s");
}

// Reads `t` back from the target (inside the copy's transaction) in the same order and
// checksums it the same way.
void ReadBack(postgres::Db& db, Table& t) {
  PGconn* c = db.raw();
  PQclear(Exec(
      c, "COPY (SELECT " + ColumnList(t) + " FROM " + Q(t.name) + " ORDER BY " + OrderBy(t, "\"C\"") + ") TO STDOUT",
      PGRES_COPY_OUT, "read back " + t.name));
  Checksum sum;
  std::vector<std::string> values;
  std::vector<bool> nulls;
  char* line = nullptr;
  int n;
  bool shape_ok = true;
  while ((n = PQgetCopyData(c, &line, 0)) > 0) {
    ParseCopyLine(std::string_view(line, static_cast<std::size_t>(n)), values, nulls);
    PQfreemem(line);
    if (values.size() != t.columns.size()) {
      shape_ok = false;
      continue;
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (nulls[i])
        sum.Null();
      else
        sum.Value(Canonical(t.columns[i].kind, values[i]));
    }
    sum.EndRow();
  }
  if (n == -2) throw postgres::DbError(PGRES_FATAL_ERROR, "read back " + t.name + ": " + PQerrorMessage(c));
  FinishCopy(c, "read back " + t.name);
  if (!shape_ok) throw Failed("read back " + t.name + ": a row with the wrong number of columns");
  t.target_rows = sum.rows();
  t.target_sum = sum.Hex();
}

// The next id of each sequence-backed column past the copied rows: the largest id, or what
// SQLite's AUTOINCREMENT already handed out (a deleted newest ticket's number is not reused).
// ALTER SEQUENCE ... RESTART is transactional (setval is not): a rollback undoes it.
std::vector<std::string> MoveSequences(Source& src, postgres::Db& db, const std::vector<Table>& tables) {
  std::vector<std::string> report;
  for (const auto& t : tables) {
    std::vector<std::pair<std::string, std::string>> seqs;  // column, sequence
    auto& s = db.Prepare(
        "SELECT a.attname, pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) "
        "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped "
        "ORDER BY a.attnum");
    s.Bind(1, t.name);
    while (s.Step())
      if (!s.IsNull(1)) seqs.emplace_back(s.Text(0), s.Text(1));
    s.Reset();
    for (const auto& [col, seq] : seqs) {
      auto it = std::find_if(t.columns.begin(), t.columns.end(), [&](const Column& c) { return c.name == col; });
      if (it == t.columns.end()) continue;
      auto& m = db.Prepare("SELECT coalesce(max(" + Q(col) + "), 0) FROM " + Q(t.name));
      std::int64_t last = m.Step() ? m.Int(0) : 0;
      m.Reset();
      if (t.rowid && t.columns[*t.rowid].name == col) last = std::max(last, src.Sequence(t.name));
      db.Exec("ALTER SEQUENCE " + seq + " RESTART WITH " + std::to_string(last + 1));
      report.push_back(t.name + " " + std::to_string(last + 1));
    }
  }
  return report;
}

// ---------------------------------------------------------------- search data in bulk

// The search triggers of 0002_search.sql cost about 0.3 ms a row (a plpgsql call, a lookup, a
// tsvector in two configurations, one INSERT and its GIN entries). During the copy they are
// disabled, by name, on the copied tables that have them (tickets, comments) - only those:
// foreign keys stay checked (they are internal triggers) and any other trigger still fires -
// and chamado_search_rebuild() (0004_search_rebuild.sql) builds the same rows afterwards in
// a few set-based statements, all in the copy's transaction. `SET LOCAL
// session_replication_role = replica` would silence them too, but also the foreign keys.
struct SearchTriggers {
  std::vector<std::pair<std::string, std::string>> disabled;  // table, trigger
  bool rebuild = false;                                       // chamado_search_rebuild exists
};

SearchTriggers DisableSearchTriggers(postgres::Db& db, const Plan& plan) {
  SearchTriggers st;
  {
    auto& s = db.Prepare("SELECT to_regprocedure('chamado_search_rebuild(boolean)') IS NOT NULL");
    st.rebuild = s.Step() && s.Text(0) == "t";
    s.Reset();
  }
  if (!st.rebuild) return st;
  for (const auto& t : plan.tables) {
    auto& s = db.Prepare(
        "SELECT tg.tgname FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid "
        "JOIN pg_proc p ON p.oid = tg.tgfoid WHERE c.relnamespace = current_schema()::regnamespace "
        "AND c.relname = ? AND NOT tg.tgisinternal AND tg.tgenabled <> 'D' "
        "AND p.proname LIKE 'chamado\\_%\\_search\\_%' ORDER BY tg.tgname");
    s.Bind(1, t.name);
    std::vector<std::string> names;
    while (s.Step()) names.push_back(s.Text(0));
    s.Reset();
    for (const auto& n : names) {
      db.Exec("ALTER TABLE " + Q(t.name) + " DISABLE TRIGGER " + Q(n));
      st.disabled.emplace_back(t.name, n);
    }
  }
  return st;
}

// Rebuilds ticket_search_texts (and ticket_tags unless it was copied from the source), then
// turns the triggers back on; returns the search texts built.
std::int64_t RebuildSearch(postgres::Db& db, const Plan& plan, const SearchTriggers& st) {
  const bool tags_copied =
      std::any_of(plan.tables.begin(), plan.tables.end(), [](const Table& t) { return t.name == "ticket_tags"; });
  auto& s = db.Prepare(std::string("SELECT chamado_search_rebuild(") + (tags_copied ? "false" : "true") + ")");
  const std::int64_t texts = s.Step() ? s.Int(0) : 0;
  s.Reset();
  for (const auto& [table, trigger] : st.disabled) db.Exec("ALTER TABLE " + Q(table) + " ENABLE TRIGGER " + Q(trigger));
  return texts;
}

// ---------------------------------------------------------------- attachment files

// The source's blob directory: storage.dir from its chamado.toml (the environment is not
// read: it belongs to this shell, not to the source's server), else DATA/blobs.
fs::path SourceBlobDir(const fs::path& data_dir, Progress& progress) {
  const fs::path config = data_dir / "chamado.toml";
  std::error_code ec;
  if (fs::exists(config, ec)) {
    auto s = config::LoadSettings(config.string(), false, [](const char*) -> const char* { return nullptr; });
    if (!s)
      progress.Line("warning: " + s.error().description + "; attachment files are taken from " +
                    (data_dir / "blobs").string());
    else if (!s->storage_dir.empty())
      return s->storage_dir;
  }
  return data_dir / "blobs";
}

struct BlobCopy {
  std::size_t files = 0;
  std::uint64_t bytes = 0;
  std::size_t vanished = 0;  // deleted in the source while the copy ran
};

// Every blob file of `dir` into blob_objects/blob_chunks, inside the copy's transaction on
// `db`; each is refused unless its bytes hash to its name, and read back from the target
// and hashed again. Throws Failed naming the file.
BlobCopy CopyBlobs(postgres::Db& db, const fs::path& dir, Progress& progress) {
  BlobCopy out;
  const auto names = blob::ListBlobs(dir);
  if (names.empty()) return out;
  progress.Line("copying " + std::to_string(names.size()) + " attachment files from " + dir.string());
  for (const auto& name : names) {
    const fs::path path = dir / name.substr(0, 2) / name.substr(2, 2) / name;
    std::error_code ec;
    if (!fs::exists(path, ec)) {  // an expired upload or a redaction, since the listing
      ++out.vanished;
      continue;
    }
    app::BlobInfo put;
    try {
      put = postgres::PutBlobInTransaction(db, path.string(), name);
    } catch (const postgres::DbError&) {
      throw;
    } catch (const std::exception& e) {
      throw Failed(std::string("attachment file ") + e.what());
    }
    auto back = postgres::HashStoredBlob(db, name);
    if (!back || back->sha256 != name || back->size != put.size)
      throw Failed("attachment file " + path.string() + ": read back from the target, it does not hash to its name");
    ++out.files;
    out.bytes += put.size;
  }
  return out;
}

// Attachments of the copied rows whose bytes the target lacks (the source lacked them too).
std::int64_t AttachmentsWithoutBytes(postgres::Db& db, const Plan& plan) {
  const bool has = std::any_of(plan.tables.begin(), plan.tables.end(), [](const Table& t) {
    return t.name == "attachments" &&
           std::any_of(t.columns.begin(), t.columns.end(), [](const Column& c) { return c.name == "sha256"; });
  });
  if (!has) return 0;
  return PgCountWhere(db,
                      "attachments a WHERE a.sha256 <> '' AND NOT EXISTS (SELECT 1 FROM blob_objects b WHERE "
                      "b.sha256 = a.sha256)");
}

std::string Short(const std::string& sum) { return sum.substr(0, 16); }

void PrintReport(const Plan& plan, double copy_secs, double total_secs, const std::vector<std::string>& next_ids,
                 const std::vector<std::pair<std::string, std::int64_t>>& derived) {
  std::printf("%-26s %12s  %-16s  %s\n", "table", "rows", "sha-256 source", "sha-256 target");
  std::int64_t total = 0;
  for (const auto& t : plan.tables) {
    const bool ok = t.source_rows == t.target_rows && t.source_sum == t.target_sum;
    std::printf("%-26s %12lld  %-16s  %-16s  %s\n", t.name.c_str(), static_cast<long long>(t.source_rows),
                Short(t.source_sum).c_str(), Short(t.target_sum).c_str(),
                ok ? "ok" : ("MISMATCH: " + std::to_string(t.target_rows) + " rows in the target").c_str());
    total += t.source_rows;
  }
  std::printf("%-26s %12lld rows in %s s (%s rows/s); %s s in all\n", "total", static_cast<long long>(total),
              Fixed1(copy_secs).c_str(), PerSecond(total, copy_secs).c_str(), Fixed1(total_secs).c_str());
  for (const auto& [name, rows] : derived)
    std::printf("%-26s %12lld  (PostgreSQL's own: built from the copied rows)\n", name.c_str(),
                static_cast<long long>(rows));
  if (!next_ids.empty()) {
    std::string s;
    for (const auto& n : next_ids) s += (s.empty() ? "" : ", ") + n;
    std::printf("next ids: %s\n", s.c_str());
  }
}

}  // namespace

int RunStoreCopy(const std::string& from, const std::string& to, bool copy_blobs) {
  const auto started = Clock::now();
  Progress progress;
  try {
    if (!to.starts_with("postgresql://") && !to.starts_with("postgres://"))
      throw Refused("--to must be a PostgreSQL URL: postgresql://USER@HOST:PORT/DB");
    if (!from.starts_with("sqlite:")) throw Refused("--from must be sqlite:DATA_DIR (the SQLite help desk's data dir)");
    std::string dir = from.substr(7);
    if (dir.starts_with("//")) dir = dir.substr(2);
    if (dir.empty()) throw Refused("--from sqlite: names no data dir (sqlite:/srv/chamado)");
    std::error_code ec;
    fs::path db_path = dir;
    if (fs::is_directory(db_path, ec)) {
      db_path /= "chamado.db";
      if (!fs::exists(db_path, ec)) throw Refused(dir + ": no chamado.db in this directory (not a SQLite data dir)");
    } else if (!fs::exists(db_path, ec)) {
      throw Refused(dir + ": no such data directory");
    }
    const fs::path data_dir = db_path.parent_path().empty() ? fs::path(".") : db_path.parent_path();

    // ---- the source: one snapshot, checked before the target is touched
    Source src(db_path);
    const int sv = src.version();
    if (sv == 0) throw Refused(db_path.string() + ": not a Chamado database (no migration applied)");
    if (sv < sqlite::LatestMigration())
      throw Refused(db_path.string() + ": the source is at schema version " + std::to_string(sv) +
                    ", this chamado's is " + std::to_string(sqlite::LatestMigration()) +
                    ": migrate the source first (chamado migrate --data " + data_dir.string() +
                    ", or restart its server on this version), then copy");
    if (sv > sqlite::LatestMigration())
      throw Refused(db_path.string() + ": the source is at schema version " + std::to_string(sv) +
                    ", newer than this chamado knows (" + std::to_string(sqlite::LatestMigration()) +
                    "): copy with the chamado that migrated it");

    // ---- the target: migrated, at the same version, empty
    std::unique_ptr<postgres::PgStore> store;
    try {
      postgres::PgStoreOptions opts;
      opts.pool_size = 1;
      store = std::make_unique<postgres::PgStore>(to, opts);
    } catch (const std::exception& e) {
      const std::string what = e.what();
      throw Refused(RedactedUrl(to) + ": " + what +
                    (what.find("does not exist") != std::string::npos ? " (create an empty one first: createdb)" : ""));
    }
    // Each store has its own migrations (PostgreSQL's 0004 has no SQLite counterpart), so
    // "the same schema" is: each at the latest version this chamado ships for its kind.
    const int tv = store->migrations().current;
    if (tv != postgres::LatestMigration())
      throw Refused("schema versions differ: the source is at " + std::to_string(sv) + ", the target " +
                    RedactedUrl(to) + " at " + std::to_string(tv) +
                    " (this chamado's: " + std::to_string(postgres::LatestMigration()) + "): " +
                    (tv > postgres::LatestMigration()
                         ? "migrate the source (chamado migrate --data " + data_dir.string() +
                               " with the chamado that migrated the target)"
                         : "migrate the target (chamado migrate --db URL with the chamado that migrated the source)"));
    auto db = store->Connect();
    Plan plan = MakePlan(src, *db);
    for (const auto& name : plan.source_only)
      progress.Line("warning: table " + name + " is not in PostgreSQL's schema: not copied");
    for (const auto& note : plan.column_notes) progress.Line("warning: " + note);
    std::int64_t expected = 0;
    for (auto& t : plan.tables) expected += t.expected = src.Count(t.name);
    progress.Line("copying " + std::to_string(plan.tables.size()) + " tables, " + std::to_string(expected) +
                  " rows, from " + db_path.string() + " (schema version " + std::to_string(sv) + ") to " +
                  RedactedUrl(to));

    std::vector<std::string> next_ids;
    std::vector<std::pair<std::string, std::int64_t>> derived;
    const fs::path blob_dir = SourceBlobDir(data_dir, progress);
    BlobCopy blobs;
    std::int64_t missing_bytes = 0;
    double copy_secs = 0;
    bool verified = true;
    db->Exec("BEGIN");
    try {
      db->Exec("SET LOCAL lock_timeout = '30s'");
      // No other writer while the copy runs (readers may read the empty tables).
      std::string all;
      for (const auto& t : plan.tables) all += (all.empty() ? "" : ", ") + Q(t.name);
      if (!all.empty()) db->Exec("LOCK TABLE " + all + " IN EXCLUSIVE MODE");
      const auto has = [&](std::string_view name) {
        return std::any_of(plan.tables.begin(), plan.tables.end(), [&](const Table& t) { return t.name == name; });
      };
      const std::int64_t users = has("users") ? PgCount(*db, "users") : 0;
      const std::int64_t tickets = has("tickets") ? PgCount(*db, "tickets") : 0;
      if (users > 0 || tickets > 0)
        throw Refused(RedactedUrl(to) + ": the target already holds " + std::to_string(users) + " users and " +
                      std::to_string(tickets) +
                      " tickets: copy into an empty help desk (a new database); nothing was copied");
      // What the migrations put there (the shipped ticket fields and their options) gives way
      // to the source's rows: children first.
      for (auto it = plan.tables.rbegin(); it != plan.tables.rend(); ++it) db->Exec("DELETE FROM " + Q(it->name));

      const SearchTriggers search = DisableSearchTriggers(*db, plan);
      const auto copy_started = Clock::now();
      for (auto& t : plan.tables) CopyTable(src, *db, t, progress);
      std::optional<std::int64_t> search_texts;
      if (search.rebuild) {
        const auto rebuild_started = Clock::now();
        search_texts = RebuildSearch(*db, plan, search);
        progress.Line("  search data (ticket_search_texts" +
                      std::string(std::any_of(plan.tables.begin(), plan.tables.end(),
                                              [](const Table& t) { return t.name == "ticket_tags"; })
                                      ? ""
                                      : ", ticket_tags") +
                      "): " + std::to_string(*search_texts) + " texts rebuilt in " + Fixed1(Seconds(rebuild_started)) +
                      " s");
      }
      copy_secs = Seconds(copy_started);
      next_ids = MoveSequences(src, *db, plan.tables);

      const auto verify_started = Clock::now();
      for (auto& t : plan.tables) {
        ReadBack(*db, t);
        verified &= t.source_rows == t.target_rows && t.source_sum == t.target_sum;
      }
      // One search text per subject and per comment, whichever way they were built.
      if (search_texts) {
        std::int64_t want = 0;
        for (const auto& t : plan.tables)
          if (t.name == "tickets" || t.name == "comments") want += t.source_rows;
        if (*search_texts != want || PgCount(*db, "ticket_search_texts") != want)
          throw Failed("ticket_search_texts: " + std::to_string(*search_texts) + " texts rebuilt, expected " +
                       std::to_string(want) + " (one per ticket and per comment)");
      }
      progress.Line("verified " + std::to_string(plan.tables.size()) +
                    " tables (row counts, SHA-256 in key order) in " + Fixed1(Seconds(verify_started)) + " s");
      for (const auto& name : plan.target_only) derived.emplace_back(name, PgCount(*db, name));
      if (!verified) {
        std::string bad;
        for (const auto& t : plan.tables)
          if (t.source_rows != t.target_rows || t.source_sum != t.target_sum) bad += (bad.empty() ? "" : ", ") + t.name;
        db->Exec("ROLLBACK");
        PrintReport(plan, copy_secs, Seconds(started), {}, {});
        std::cerr
            << "chamado: store copy: " << bad
            << ": the target does not match the source snapshot; rolled back, nothing was committed to the target\n";
        return kFailed;
      }
      // ---- attachment files, in the same transaction: all of it commits, or none
      if (copy_blobs) {
        const auto blobs_started = Clock::now();
        blobs = CopyBlobs(*db, blob_dir, progress);
        if (blobs.files > 0)
          progress.Line("verified " + std::to_string(blobs.files) + " attachment files (" +
                        Fixed1(static_cast<double>(blobs.bytes) / (1024.0 * 1024.0)) + " MiB, SHA-256 read back) in " +
                        Fixed1(Seconds(blobs_started)) + " s");
        missing_bytes = AttachmentsWithoutBytes(*db, plan);
      }
      // Nodes already connected to the target drop whatever they cached.
      postgres::Notify(*db, "*");
      db->Exec("COMMIT");
    } catch (...) {
      try {
        if (PQtransactionStatus(db->raw()) != PQTRANS_IDLE) db->Exec("ROLLBACK");
      } catch (...) {
        // A broken connection: the server rolls back when it goes.
      }
      throw;
    }
    PrintReport(plan, copy_secs, Seconds(started), next_ids, derived);
    if (!copy_blobs)
      std::printf(
          "attachments: the files in %s were not copied (--no-blobs): run the nodes with storage.backend = "
          "\"local\" on a directory every node reaches\n",
          blob_dir.c_str());
    else
      std::printf(
          "attachments: %zu files, %s MiB, copied from %s into blob_objects/blob_chunks and verified%s\n", blobs.files,
          Fixed1(static_cast<double>(blobs.bytes) / (1024.0 * 1024.0)).c_str(), blob_dir.c_str(),
          blobs.vanished ? (" (" + std::to_string(blobs.vanished) + " deleted in the source meanwhile)").c_str() : "");
    if (missing_bytes > 0)
      std::printf(
          "warning: %lld attachments refer to files %s does not hold (neither did the source): their downloads "
          "fail\n",
          static_cast<long long>(missing_bytes), "the target");
    std::printf("copied %s into %s\n", db_path.c_str(), RedactedUrl(to).c_str());
    return 0;
  } catch (const Refused& e) {
    std::cerr << "chamado: store copy: " << e.what() << "\n";
    return kRefused;
  } catch (const postgres::DbError& e) {
    // 55P03: a lock not granted within lock_timeout.
    if (e.sqlstate() == "55P03") {
      std::cerr << "chamado: store copy: the target is in use (its tables stayed locked for 30 s): stop what "
                   "writes to it and copy again; nothing was copied\n";
      return kRefused;
    }
    std::cerr << "chamado: store copy: " << e.what() << "; nothing was committed to the target\n";
    return kFailed;
  } catch (const std::exception& e) {
    std::cerr << "chamado: store copy: " << e.what() << "; nothing was committed to the target\n";
    return kFailed;
  }
}

std::string RedactedUrl(std::string url) {
  auto scheme = url.find("://");
  auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return url;
  auto colon = url.find(':', scheme + 3);
  if (colon != std::string::npos && colon < at) url.replace(colon, at - colon, ":***");
  return url;
}

}  // namespace chamado
