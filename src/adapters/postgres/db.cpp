#include "adapters/postgres/db.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <cstring>

namespace chamado::postgres {

namespace {

bool IsIdentChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == '$' || u >= 0x80;
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string Trimmed(const char* s) {
  std::string out = s ? s : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

std::string Message(PGconn* conn, const PGresult* res) {
  if (res) {
    const char* primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    if (primary) {
      std::string m = primary;
      if (const char* detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL)) m += std::string(" (") + detail + ")";
      return m;
    }
    if (const char* e = PQresultErrorMessage(res); e && *e) return Trimmed(e);
  }
  return Trimmed(conn ? PQerrorMessage(conn) : "out of memory");
}

bool Succeeded(const PGresult* res) {
  if (!res) return false;
  switch (PQresultStatus(res)) {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_EMPTY_QUERY: return true;
    default: return false;
  }
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

void ThrowResult(PGconn* conn, PGresult* res, std::string_view what) {
  std::string msg = std::string(what) + ": " + Message(conn, res);
  std::string state;
  if (res)
    if (const char* s = PQresultErrorField(res, PG_DIAG_SQLSTATE)) state = s;
  const int code = res ? static_cast<int>(PQresultStatus(res)) : static_cast<int>(PGRES_FATAL_ERROR);
  PQclear(res);
  throw DbError(code, msg, std::move(state));
}

// ---------------------------------------------------------------- placeholders

std::string ConvertPlaceholders(std::string_view sql, int* count) {
  std::string out;
  out.reserve(sql.size() + 16);
  int highest = 0;
  const std::size_t n = sql.size();
  std::size_t i = 0;
  auto copy_to = [&](std::size_t end) {
    end = std::min(end, n);
    out.append(sql.substr(i, end - i));
    i = end;
  };
  while (i < n) {
    const char c = sql[i];
    const char next = i + 1 < n ? sql[i + 1] : '\0';
    if (c == '\'') {
      // 'literal' ('' is a quote inside); E'...' also takes backslash escapes.
      const bool escapes = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i < 2 || !IsIdentChar(sql[i - 2]));
      std::size_t j = i + 1;
      while (j < n) {
        if (escapes && sql[j] == '\\') {
          j += 2;
        } else if (sql[j] == '\'') {
          if (j + 1 < n && sql[j + 1] == '\'') {
            j += 2;
          } else {
            break;
          }
        } else {
          ++j;
        }
      }
      copy_to(j + 1);
    } else if (c == '"') {
      std::size_t j = i + 1;
      while (j < n) {
        if (sql[j] == '"') {
          if (j + 1 < n && sql[j + 1] == '"') {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      copy_to(j + 1);
    } else if (c == '-' && next == '-') {
      const std::size_t eol = sql.find('\n', i);
      copy_to(eol == std::string_view::npos ? n : eol + 1);
    } else if (c == '/' && next == '*') {
      // Block comments nest in PostgreSQL.
      int depth = 0;
      std::size_t j = i;
      while (j < n) {
        if (sql[j] == '/' && j + 1 < n && sql[j + 1] == '*') {
          ++depth;
          j += 2;
        } else if (sql[j] == '*' && j + 1 < n && sql[j + 1] == '/') {
          j += 2;
          if (--depth == 0) break;
        } else {
          ++j;
        }
      }
      copy_to(j);
    } else if (c == '$' && (i == 0 || !IsIdentChar(sql[i - 1])) && !IsDigit(next)) {
      // $tag$ ... $tag$ (a `$1` parameter already in the text is left alone below).
      std::size_t j = i + 1;
      while (j < n && IsIdentChar(sql[j]) && sql[j] != '$') ++j;
      if (j < n && sql[j] == '$') {
        const std::string_view tag = sql.substr(i, j - i + 1);
        const std::size_t end = sql.find(tag, j + 1);
        copy_to(end == std::string_view::npos ? n : end + tag.size());
      } else {
        copy_to(i + 1);
      }
    } else if (c == '?') {
      // `?NNN` takes that number; a bare `?` one more than the largest so far (SQLite's rule).
      std::size_t j = i + 1;
      while (j < n && IsDigit(sql[j])) ++j;
      int index = highest + 1;
      if (j > i + 1) std::from_chars(sql.data() + i + 1, sql.data() + j, index);
      highest = std::max(highest, index);
      out += '$';
      out += std::to_string(index);
      i = j;
    } else {
      out += c;
      ++i;
    }
  }
  if (count) *count = highest;
  return out;
}

// ---------------------------------------------------------------- Stmt

Stmt::Stmt(Db& db, std::string name, std::string_view sql) : db_(db), name_(std::move(name)) {
  sql_ = ConvertPlaceholders(sql, &nparams_);
  params_.resize(static_cast<std::size_t>(nparams_));
  PGresult* res = PQprepare(db_.conn_, name_.c_str(), sql_.c_str(), 0, nullptr);
  if (!Succeeded(res)) ThrowResult(db_.conn_, res, "prepare '" + std::string(sql.substr(0, 80)) + "'");
  PQclear(res);
}

Stmt::~Stmt() { PQclear(res_); }

void Stmt::Check(int i) const {
  if (i < 1 || i > nparams_)
    throw DbError(PGRES_FATAL_ERROR, "bind: parameter " + std::to_string(i) + " out of range (statement has " +
                                         std::to_string(nparams_) + "): " + sql_.substr(0, 80));
  if (executed_)
    throw DbError(PGRES_FATAL_ERROR, "bind: statement already executed (Reset first): " + sql_.substr(0, 80));
}

Stmt& Stmt::Bind(int i, std::int64_t v) {
  Check(i);
  params_[static_cast<std::size_t>(i - 1)] = std::to_string(v);
  return *this;
}

Stmt& Stmt::Bind(int i, double v) {
  Check(i);
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest text that reads back exactly
  params_[static_cast<std::size_t>(i - 1)] = std::string(buf, end);
  return *this;
}

Stmt& Stmt::Bind(int i, std::string_view v) {
  Check(i);
  params_[static_cast<std::size_t>(i - 1)] = std::string(v);
  return *this;
}

Stmt& Stmt::BindNull(int i) {
  Check(i);
  params_[static_cast<std::size_t>(i - 1)].reset();
  return *this;
}

void Stmt::Execute() {
  std::vector<const char*> values(params_.size());
  for (std::size_t k = 0; k < params_.size(); ++k) values[k] = params_[k] ? params_[k]->c_str() : nullptr;
  PQclear(res_);
  res_ = nullptr;
  db_.RunDeferredBegin();
  PGresult* res = PQexecPrepared(db_.conn_, name_.c_str(), nparams_, values.data(), nullptr, nullptr, 0);
  if (!Succeeded(res)) ThrowResult(db_.conn_, res, "step '" + sql_.substr(0, 80) + "'");
  db_.Record(res);
  res_ = res;
  executed_ = true;
  rows_ = PQresultStatus(res) == PGRES_TUPLES_OK ? PQntuples(res) : 0;
  row_ = -1;
}

bool Stmt::Step() {
  if (!executed_) Execute();
  if (row_ < rows_) ++row_;
  return row_ < rows_;
}

void Stmt::Run() {
  if (!executed_) Execute();
  row_ = rows_;
}

void Stmt::Reset() {
  PQclear(res_);
  res_ = nullptr;
  executed_ = false;
  row_ = -1;
  rows_ = 0;
  for (auto& p : params_) p.reset();
}

const char* Stmt::Value(int col) const {
  if (!res_ || row_ < 0 || row_ >= rows_)
    throw DbError(PGRES_FATAL_ERROR, "read: no current row: " + sql_.substr(0, 80));
  if (col < 0 || col >= PQnfields(res_))
    throw DbError(PGRES_FATAL_ERROR, "read: column " + std::to_string(col) + " out of range: " + sql_.substr(0, 80));
  return PQgetvalue(res_, row_, col);
}

std::int64_t Stmt::Int(int col) const {
  const char* v = Value(col);
  if (PQgetisnull(res_, row_, col)) return 0;
  const std::size_t len = std::strlen(v);
  if (len == 1 && (v[0] == 't' || v[0] == 'f')) return v[0] == 't' ? 1 : 0;
  std::int64_t out = 0;
  auto [end, ec] = std::from_chars(v, v + len, out);
  if (ec == std::errc() && end == v + len) return out;
  // numeric / float text ("2.0", "1e3"): truncated like SQLite's integer read of a real.
  char* dend = nullptr;
  const double d = std::strtod(v, &dend);
  if (dend == v) throw DbError(PGRES_FATAL_ERROR, "read: column " + std::to_string(col) + " is not a number: " + v);
  return static_cast<std::int64_t>(d);
}

double Stmt::Double(int col) const {
  const char* v = Value(col);
  if (PQgetisnull(res_, row_, col)) return 0.0;
  if (v[0] == 't' && v[1] == '\0') return 1.0;
  if (v[0] == 'f' && v[1] == '\0') return 0.0;
  const std::size_t len = std::strlen(v);
  double out = 0;
  auto [end, ec] = std::from_chars(v, v + len, out);
  if (ec == std::errc() && end == v + len) return out;
  return std::strtod(v, nullptr);  // "Infinity", "NaN"
}

std::string Stmt::Text(int col) const {
  const char* v = Value(col);
  return std::string(v, static_cast<std::size_t>(PQgetlength(res_, row_, col)));
}

bool Stmt::IsNull(int col) const {
  Value(col);
  return PQgetisnull(res_, row_, col) != 0;
}

std::optional<std::int64_t> Stmt::OptInt(int col) const {
  return IsNull(col) ? std::nullopt : std::optional<std::int64_t>(Int(col));
}

std::optional<std::string> Stmt::OptText(int col) const {
  return IsNull(col) ? std::nullopt : std::optional<std::string>(Text(col));
}

// ---------------------------------------------------------------- Db

Db::Db(const std::string& conninfo) {
  // The URL comes last so that anything it says wins over these defaults.
  const char* keys[] = {"application_name", "client_encoding", "connect_timeout", "dbname", nullptr};
  const char* values[] = {"chamado", "UTF8", "10", conninfo.c_str(), nullptr};
  conn_ = PQconnectdbParams(keys, values, 1);
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
    const int code = conn_ ? static_cast<int>(PQstatus(conn_)) : static_cast<int>(CONNECTION_BAD);
    std::string msg = Trimmed(conn_ ? PQerrorMessage(conn_) : "out of memory");
    PQfinish(conn_);
    conn_ = nullptr;
    throw DbError(code, "connect: " + msg);
  }
  // Notices ("relation already exists, skipping") are not errors; keep them off stderr.
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
}

Db::~Db() {
  cache_.clear();
  PQfinish(conn_);
}

bool Db::Ok() const { return conn_ && PQstatus(conn_) == CONNECTION_OK; }

void Db::Record(const PGresult* res) {
  const char* tag = PQcmdStatus(const_cast<PGresult*>(res));
  last_command_ = tag ? tag : "";
  const std::string_view t = last_command_;
  if (StartsWith(t, "INSERT ") || StartsWith(t, "UPDATE ") || StartsWith(t, "DELETE ") || StartsWith(t, "MERGE "))
    changes_ = std::atoi(PQcmdTuples(const_cast<PGresult*>(res)));
}

void Db::RunDeferredBegin() {
  if (deferred_begin_.empty()) return;
  PGresult* res = PQexec(conn_, deferred_begin_.c_str());
  if (!Succeeded(res)) ThrowResult(conn_, res, "exec '" + deferred_begin_ + "'");
  Record(res);
  PQclear(res);
  deferred_begin_.clear();
}

void Db::Exec(std::string_view sql) {
  RunDeferredBegin();
  const std::string s(sql);
  PGresult* res = PQexec(conn_, s.c_str());
  if (!Succeeded(res)) ThrowResult(conn_, res, "exec '" + s.substr(0, 80) + "'");
  Record(res);
  PQclear(res);
}

Stmt& Db::Prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    auto st = std::make_unique<Stmt>(*this, "chamado_" + std::to_string(++next_stmt_), sql);
    it = cache_.emplace(std::string(sql), std::move(st)).first;
  }
  it->second->Reset();
  return *it->second;
}

}  // namespace chamado::postgres
