#pragma once
// CommonTx's merge queries (app/ports.hpp, "merges"), for both stores: included by
// common_tx.hpp after its own definitions. Table: merges (sqlite 0006_merges.sql, postgres
// 0008_merges.sql); docs/duplicates.md.
#include "adapters/sql/common_tx.hpp"

namespace chamado::sql {
namespace merge_detail {

inline constexpr const char* kMergeCols =
    "id, job_id, kind, source_id, target_id, source_comment_id, target_comment_id, author_id, created_at, "
    "undone_at, undone_by";

template <typename S>
MergeRecord MergeRow(const S& s) {
  MergeRecord m;
  m.id = s.Int(0);
  m.job_id = s.Int(1);
  m.kind = s.Text(2);
  m.source_id = s.Int(3);
  m.target_id = s.Int(4);
  m.source_comment_id = s.OptInt(5);
  m.target_comment_id = s.OptInt(6);
  m.author_id = s.Int(7);
  m.created_at = FromUnix(s.Int(8));
  if (auto u = s.OptInt(9)) m.undone_at = FromUnix(*u);
  m.undone_by = s.OptInt(10);
  return m;
}

}  // namespace merge_detail

template <typename Db>
void CommonTx<Db>::LockUser(std::int64_t id) {
  // Db::kForUpdate is "" on SQLite: its single writer already serializes write transactions.
  static const std::string kSql = std::string("SELECT id FROM users WHERE id = ?") + std::string(Db::kForUpdate);
  auto& s = db_.Prepare(kSql);
  s.Bind(1, id);
  while (s.Step()) {
  }
  s.Reset();
}

template <typename Db>
std::vector<MergeRecord> CommonTx<Db>::ListMerges(const app::MergeFilter& f) {
  Conds w;
  if (f.source_id) w.Add("source_id = ?", {*f.source_id});
  if (f.target_id) w.Add("target_id = ?", {*f.target_id});
  if (f.job_id) w.Add("job_id = ?", {*f.job_id});
  std::vector<MergeRecord> out;
  if (w.sql.empty()) return out;  // never the whole table
  auto& s = db_.Prepare(std::string("SELECT ") + merge_detail::kMergeCols + " FROM merges" + w.WhereClause() +
                        " ORDER BY id");
  BindAll(s, w.params);
  while (s.Step()) out.push_back(merge_detail::MergeRow(s));
  s.Reset();
  return out;
}

template <typename Db>
void CommonTx<Db>::InsertMerge(MergeRecord& m) {
  auto& s = db_.Prepare(
      "INSERT INTO merges (job_id, kind, source_id, target_id, source_comment_id, target_comment_id, author_id, "
      "created_at, undone_at, undone_by) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id");
  const std::optional<std::int64_t> undone =
      m.undone_at ? std::optional<std::int64_t>(UnixSeconds(*m.undone_at)) : std::nullopt;
  s.Bind(1, m.job_id).Bind(2, m.kind).Bind(3, m.source_id).Bind(4, m.target_id).Bind(5, m.source_comment_id);
  s.Bind(6, m.target_comment_id).Bind(7, m.author_id).Bind(8, UnixSeconds(m.created_at)).Bind(9, undone);
  s.Bind(10, m.undone_by);
  m.id = ReturnedId(s);
  if (m.job_id == 0) {  // the first merge of its job names the job
    m.job_id = m.id;
    auto& u = db_.Prepare("UPDATE merges SET job_id = ? WHERE id = ?");
    u.Bind(1, m.job_id).Bind(2, m.id);
    u.Run();
  }
}

template <typename Db>
void CommonTx<Db>::UndoMerge(std::int64_t id, Instant at, std::int64_t by) {
  auto& s = db_.Prepare("UPDATE merges SET undone_at = ?, undone_by = ? WHERE id = ? AND undone_at IS NULL");
  s.Bind(1, UnixSeconds(at)).Bind(2, by).Bind(3, id);
  s.Run();
}

}  // namespace chamado::sql
