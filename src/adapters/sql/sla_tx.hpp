#pragma once
// CommonTx's SLA queries (app/ports.hpp, "sla"), for both stores: included by common_tx.hpp
// after its own definitions. Tables: sla_policies, ticket_slas and tickets.sla_next_breach_at
// (sqlite 0009_sla.sql, postgres 0011_sla.sql).
#include "adapters/sql/common_tx.hpp"
#include "adapters/sql/sla_columns.hpp"

namespace chamado::sql {
namespace sla_detail {

inline constexpr const char* kPolicyCols = "id, title, description, position, filter, metrics, created_at, updated_at";

template <typename S>
SlaPolicy PolicyRow(const S& s) {
  SlaPolicy p;
  p.id = s.Int(0);
  p.title = s.Text(1);
  p.description = s.Text(2);
  p.position = static_cast<int>(s.Int(3));
  p.filter = SlaFilterFromJson(s.Text(4));
  p.metrics = SlaMetricsFromJson(s.Text(5));
  p.created_at = FromUnix(s.Int(6));
  p.updated_at = FromUnix(s.Int(7));
  return p;
}

inline constexpr const char* kTicketSlaCols =
    "ticket_id, metric, policy_id, priority, target_minutes, business_hours, started_at, breach_at, stage, "
    "achieved_at, breached";

template <typename S>
app::TicketSla TicketSlaRow(const S& s) {
  app::TicketSla r;
  r.ticket_id = s.Int(0);
  r.metric = s.Text(1);
  r.policy_id = s.Int(2);
  r.priority = ParsePriority(s.Text(3)).value_or(Priority::kNormal);
  r.target_minutes = s.Int(4);
  r.business_hours = s.Int(5) != 0;
  r.started_at = FromUnix(s.Int(6));
  if (auto b = s.OptInt(7)) r.breach_at = FromUnix(*b);
  r.stage = s.Text(8);
  if (auto a = s.OptInt(9)) r.achieved_at = FromUnix(*a);
  r.breached = s.Int(10) != 0;
  return r;
}

inline std::optional<std::int64_t> OptUnix(const std::optional<Instant>& t) {
  return t ? std::optional<std::int64_t>(UnixSeconds(*t)) : std::nullopt;
}

}  // namespace sla_detail

// ------------------------------------------------------------------ sla

template <typename Db>
std::vector<SlaPolicy> CommonTx<Db>::ListSlaPolicies() {
  using namespace sla_detail;
  auto& s = db_.Prepare(std::string("SELECT ") + kPolicyCols + " FROM sla_policies ORDER BY position, id");
  std::vector<SlaPolicy> out;
  while (s.Step()) out.push_back(PolicyRow(s));
  s.Reset();
  return out;
}

template <typename Db>
std::optional<SlaPolicy> CommonTx<Db>::SlaPolicyById(std::int64_t id) {
  using namespace sla_detail;
  auto& s = db_.Prepare(std::string("SELECT ") + kPolicyCols + " FROM sla_policies WHERE id = ?");
  s.Bind(1, id);
  std::optional<SlaPolicy> p;
  if (s.Step()) p = PolicyRow(s);
  s.Reset();
  return p;
}

template <typename Db>
std::vector<app::TicketSla> CommonTx<Db>::TicketSlasOf(const std::vector<std::int64_t>& ticket_ids) {
  using namespace sla_detail;
  std::vector<app::TicketSla> out;
  // Chunks of at most 128 ids, each padded to a power of two by repeating its last id (as
  // IncidentCounts): a connection caches at most 8 shapes of this statement.
  constexpr std::size_t kChunk = 128;
  for (std::size_t from = 0; from < ticket_ids.size(); from += kChunk) {
    const std::size_t n = std::min(kChunk, ticket_ids.size() - from);
    std::size_t width = 1;
    while (width < n) width *= 2;
    std::vector<Param> ps(ticket_ids.begin() + from, ticket_ids.begin() + from + n);
    ps.resize(width, ps.back());
    auto& s = db_.Prepare(std::string("SELECT ") + kTicketSlaCols + " FROM ticket_slas WHERE ticket_id IN " +
                          InList(width) + " ORDER BY ticket_id, metric");
    BindAll(s, ps);
    while (s.Step()) out.push_back(TicketSlaRow(s));
    s.Reset();
  }
  return out;
}

template <typename Db>
std::vector<std::int64_t> CommonTx<Db>::TicketIdsUnderSlaPolicy(std::int64_t policy_id) {
  auto& s = db_.Prepare("SELECT DISTINCT ticket_id FROM ticket_slas WHERE policy_id = ? ORDER BY ticket_id");
  s.Bind(1, policy_id);
  std::vector<std::int64_t> out;
  while (s.Step()) out.push_back(s.Int(0));
  s.Reset();
  return out;
}

// Soonest next breach first; tickets without one last; then by id. Offset pages (the keyset on
// id of Paged would not follow this order).
template <typename Db>
app::Page<Ticket> CommonTx<Db>::ListTicketsByNextBreach(const app::TicketFilter& f, const app::PageRequest& p) {
  const Where w = TicketFilterConds(f);
  app::Page<Ticket> page;
  if (p.want_count) {
    auto& c = db_.Prepare("SELECT count(*) FROM tickets" + w.WhereClause());
    BindAll(c, w.params);
    if (c.Step()) page.count = c.Int(0);
    c.Reset();
  }
  const char* dir = p.descending ? "DESC" : "ASC";
  auto& s = db_.Prepare(std::string("SELECT ") + kTicketCols + " FROM tickets" + w.WhereClause() +
                        " ORDER BY CASE WHEN sla_next_breach_at IS NULL THEN 1 ELSE 0 END, sla_next_breach_at " + dir +
                        ", id " + dir + " LIMIT ? OFFSET ?");
  BindAll(s, w.params);
  const int n = static_cast<int>(w.params.size());
  s.Bind(n + 1, p.limit + 1).Bind(n + 2, p.offset);
  while (s.Step()) page.items.push_back(TicketRow(s));
  s.Reset();
  if (static_cast<std::int64_t>(page.items.size()) > p.limit) {
    page.has_more = true;
    page.items.pop_back();
  }
  return page;
}

template <typename Db>
void CommonTx<Db>::InsertSlaPolicy(SlaPolicy& p) {
  auto& s = db_.Prepare(
      "INSERT INTO sla_policies (title, description, position, filter, metrics, created_at, updated_at) "
      "VALUES (?,?,?,?,?,?,?) RETURNING id");
  s.Bind(1, p.title).Bind(2, p.description).Bind(3, p.position).Bind(4, SlaFilterToJson(p.filter));
  s.Bind(5, SlaMetricsToJson(p.metrics)).Bind(6, UnixSeconds(p.created_at)).Bind(7, UnixSeconds(p.updated_at));
  p.id = ReturnedId(s);
}

template <typename Db>
void CommonTx<Db>::UpdateSlaPolicy(const SlaPolicy& p) {
  auto& s = db_.Prepare(
      "UPDATE sla_policies SET title = ?, description = ?, position = ?, filter = ?, metrics = ?, updated_at = ? "
      "WHERE id = ?");
  s.Bind(1, p.title).Bind(2, p.description).Bind(3, p.position).Bind(4, SlaFilterToJson(p.filter));
  s.Bind(5, SlaMetricsToJson(p.metrics)).Bind(6, UnixSeconds(p.updated_at)).Bind(7, p.id);
  s.Run();
}

template <typename Db>
void CommonTx<Db>::DeleteSlaPolicy(std::int64_t id) {
  auto& s = db_.Prepare("DELETE FROM sla_policies WHERE id = ?");
  s.Bind(1, id);
  s.Run();
}

template <typename Db>
void CommonTx<Db>::ReplaceTicketSlas(std::int64_t ticket_id, const std::vector<app::TicketSla>& rows,
                                     std::optional<Instant> next_breach) {
  using namespace sla_detail;
  auto& d = db_.Prepare("DELETE FROM ticket_slas WHERE ticket_id = ?");
  d.Bind(1, ticket_id);
  d.Run();
  for (const auto& r : rows) {
    auto& i =
        db_.Prepare(std::string("INSERT INTO ticket_slas (") + kTicketSlaCols + ") VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    i.Bind(1, ticket_id).Bind(2, r.metric).Bind(3, r.policy_id).Bind(4, PriorityName(r.priority));
    i.Bind(5, r.target_minutes).Bind(6, r.business_hours).Bind(7, UnixSeconds(r.started_at));
    i.Bind(8, OptUnix(r.breach_at)).Bind(9, r.stage).Bind(10, OptUnix(r.achieved_at)).Bind(11, r.breached);
    i.Run();
  }
  auto& u = db_.Prepare("UPDATE tickets SET sla_next_breach_at = ? WHERE id = ?");
  u.Bind(1, OptUnix(next_breach)).Bind(2, ticket_id);
  u.Run();
}

}  // namespace chamado::sql
