#pragma once
// CommonTx's satisfaction and redaction queries (app/ports.hpp, "satisfaction" and
// "redaction"), for both stores: included by common_tx.hpp after its own definitions.
// Tables: satisfaction_ratings (sqlite 0007_satisfaction.sql, postgres 0009_satisfaction.sql).
#include "adapters/sql/common_tx.hpp"

namespace chamado::sql {
namespace satisfaction_detail {

inline constexpr const char* kRatingCols =
    "id, ticket_id, requester_id, assignee_id, group_id, score, comment, created_at, updated_at";

template <typename S>
SatisfactionRating RatingRow(const S& s) {
  SatisfactionRating r;
  r.id = s.Int(0);
  r.ticket_id = s.Int(1);
  r.requester_id = s.Int(2);
  r.assignee_id = s.OptInt(3);
  r.group_id = s.OptInt(4);
  r.score = s.Text(5);
  r.comment = s.Text(6);
  r.created_at = FromUnix(s.Int(7));
  r.updated_at = FromUnix(s.Int(8));
  return r;
}

inline Conds RatingConds(const app::SatisfactionFilter& f) {
  Conds w;
  if (!f.scores.empty()) {
    std::vector<Param> ps(f.scores.begin(), f.scores.end());
    w.Add("score IN " + detail::InList(ps.size()), ps);
  }
  if (f.with_comment) w.Add(*f.with_comment ? "comment <> ''" : "comment = ''");
  if (f.start_time) w.Add("updated_at >= ?", {UnixSeconds(*f.start_time)});
  if (f.end_time) w.Add("updated_at < ?", {UnixSeconds(*f.end_time)});
  return w;
}

}  // namespace satisfaction_detail

// ------------------------------------------------------------------ satisfaction

template <typename Db>
std::optional<SatisfactionRating> CommonTx<Db>::SatisfactionRatingById(std::int64_t id) {
  using namespace satisfaction_detail;
  auto& s = db_.Prepare(std::string("SELECT ") + kRatingCols + " FROM satisfaction_ratings WHERE id = ?");
  s.Bind(1, id);
  std::optional<SatisfactionRating> r;
  if (s.Step()) r = RatingRow(s);
  s.Reset();
  return r;
}

template <typename Db>
std::optional<SatisfactionRating> CommonTx<Db>::SatisfactionRatingOfTicket(std::int64_t ticket_id) {
  using namespace satisfaction_detail;
  auto& s = db_.Prepare(std::string("SELECT ") + kRatingCols + " FROM satisfaction_ratings WHERE ticket_id = ?");
  s.Bind(1, ticket_id);
  std::optional<SatisfactionRating> r;
  if (s.Step()) r = RatingRow(s);
  s.Reset();
  return r;
}

template <typename Db>
app::Page<SatisfactionRating> CommonTx<Db>::ListSatisfactionRatings(const app::SatisfactionFilter& f,
                                                                    const app::PageRequest& p) {
  using namespace satisfaction_detail;
  return detail::Paged<SatisfactionRating>(db_, kRatingCols, "satisfaction_ratings", RatingConds(f), p,
                                           [](const auto& s) { return RatingRow(s); });
}

template <typename Db>
std::vector<app::SatisfactionTally> CommonTx<Db>::SatisfactionReport(const app::SatisfactionFilter& f,
                                                                     app::SatisfactionGroupBy by) {
  using namespace satisfaction_detail;
  // The column is one of two fixed names, never caller text.
  const std::string col = by == app::SatisfactionGroupBy::kGroup ? "group_id" : "assignee_id";
  const Conds w = RatingConds(f);
  // coalesce in ORDER BY: SQLite sorts NULL first, PostgreSQL last; nobody (0) comes first on both.
  auto& s = db_.Prepare("SELECT " + col +
                        ", sum(CASE WHEN score = 'good' THEN 1 ELSE 0 END), "
                        "sum(CASE WHEN score = 'bad' THEN 1 ELSE 0 END) FROM satisfaction_ratings" +
                        w.WhereClause() + " GROUP BY " + col + " ORDER BY count(*) DESC, coalesce(" + col + ", 0)");
  BindAll(s, w.params);
  std::vector<app::SatisfactionTally> out;
  while (s.Step()) out.push_back(app::SatisfactionTally{s.OptInt(0), s.Int(1), s.Int(2)});
  s.Reset();
  return out;
}

template <typename Db>
void CommonTx<Db>::InsertSatisfactionRating(SatisfactionRating& r) {
  auto& s = db_.Prepare(
      "INSERT INTO satisfaction_ratings (ticket_id, requester_id, assignee_id, group_id, score, comment, created_at, "
      "updated_at) VALUES (?,?,?,?,?,?,?,?) RETURNING id");
  s.Bind(1, r.ticket_id).Bind(2, r.requester_id).Bind(3, r.assignee_id).Bind(4, r.group_id).Bind(5, r.score);
  s.Bind(6, r.comment).Bind(7, UnixSeconds(r.created_at)).Bind(8, UnixSeconds(r.updated_at));
  r.id = detail::ReturnedId(s);
}

template <typename Db>
void CommonTx<Db>::UpdateSatisfactionRating(const SatisfactionRating& r) {
  auto& s = db_.Prepare(
      "UPDATE satisfaction_ratings SET assignee_id = ?, group_id = ?, score = ?, comment = ?, updated_at = ? "
      "WHERE id = ?");
  s.Bind(1, r.assignee_id).Bind(2, r.group_id).Bind(3, r.score).Bind(4, r.comment);
  s.Bind(5, UnixSeconds(r.updated_at)).Bind(6, r.id);
  s.Run();
}

// ------------------------------------------------------------------ redaction

template <typename Db>
void CommonTx<Db>::UpdateCommentBody(std::int64_t comment_id, std::string_view body, std::string_view html_body) {
  auto& s = db_.Prepare("UPDATE comments SET body = ?, html_body = ? WHERE id = ?");
  s.Bind(1, body).Bind(2, html_body).Bind(3, comment_id);
  s.Run();
}

template <typename Db>
void CommonTx<Db>::UpdateEventValues(std::int64_t event_id, std::string_view value, std::string_view previous_value) {
  auto& s = db_.Prepare("UPDATE events SET value = ?, previous_value = ? WHERE id = ?");
  s.Bind(1, value).Bind(2, previous_value).Bind(3, event_id);
  s.Run();
}

}  // namespace chamado::sql
