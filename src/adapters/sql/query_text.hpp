#pragma once
// SQL text assembled from fixed fragments with its values always bound (never spliced into
// the text), shared by both stores' query files.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace chamado::sql {

using Param = std::variant<std::int64_t, std::string, double>;

// SQL text with its bound values, in order.
struct Sql {
  std::string text;
  std::vector<Param> params;
  Sql& Add(std::string_view s, std::vector<Param> ps = {}) {
    text += s;
    params.insert(params.end(), ps.begin(), ps.end());
    return *this;
  }
};

// Conditions joined with AND, each with its values.
struct Conds {
  std::vector<std::string> sql;
  std::vector<Param> params;
  void Add(std::string c, std::vector<Param> ps = {}) {
    sql.push_back(std::move(c));
    params.insert(params.end(), ps.begin(), ps.end());
  }
  // " WHERE a AND b", or "" when there is no condition.
  std::string WhereClause() const {
    std::string s;
    for (const auto& c : sql) s += (s.empty() ? " WHERE " : " AND ") + c;
    return s;
  }
};

// Binds `ps` from placeholder `first` on (both Stmt types share this API).
template <typename S>
void BindAll(S& st, const std::vector<Param>& ps, int first = 1) {
  int i = first;
  for (const auto& p : ps) std::visit([&](const auto& v) { st.Bind(i++, v); }, p);
}

}  // namespace chamado::sql
