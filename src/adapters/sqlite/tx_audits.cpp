// Audits (the event log), comments by id, and the incremental export's keyset walk.
#include <algorithm>
#include <limits>

#include "adapters/sqlite/rows.hpp"
#include "adapters/sqlite/tx.hpp"

namespace chamado::sqlite {
namespace {

// ---- named queries
constexpr const char* kSqlCountAudits = "SELECT count(*) FROM audits WHERE ticket_id = ?";
// Audit pages walk by id one way or the other: (id > ? ascending) or (id < ? descending).
constexpr const char* kSqlAuditsUp =
    "SELECT id, ticket_id, author_id, via_channel, created_at FROM audits WHERE ticket_id = ? AND id > ? "
    "ORDER BY id ASC LIMIT ? OFFSET ?";
constexpr const char* kSqlAuditsDown =
    "SELECT id, ticket_id, author_id, via_channel, created_at FROM audits WHERE ticket_id = ? AND id < ? "
    "ORDER BY id DESC LIMIT ? OFFSET ?";
constexpr const char* kSqlEventsOfAudit =
    "SELECT id, type, field_name, value, previous_value, comment_id FROM events WHERE audit_id = ? ORDER BY id";
const std::string kSqlCommentById = std::string("SELECT ") + rows::kCommentCols + " FROM comments WHERE id = ?";
// Keyset on the tickets_updated (updated_at, id) index; no sort step.
constexpr const char* kSqlTicketIdsChangedSince =
    "SELECT id FROM tickets WHERE (updated_at, id) > (?, ?) ORDER BY updated_at, id LIMIT ?";

Audit AuditRow(const Stmt& s) {
  Audit a;
  a.id = s.Int(0);
  a.ticket_id = s.Int(1);
  a.author_id = s.Int(2);
  a.via_channel = s.Text(3);
  a.created_at = FromUnix(s.Int(4));
  return a;
}

Event EventRow(const Stmt& s) {
  Event e;
  e.id = s.Int(0);
  e.type = s.Text(1);
  e.field_name = s.Text(2);
  e.value = s.Text(3);
  e.previous_value = s.Text(4);
  e.comment_id = s.OptInt(5).value_or(0);
  return e;
}

}  // namespace

app::Page<Audit> SqliteTx::AuditsOf(std::int64_t ticket_id, const app::PageRequest& p) {
  app::Page<Audit> page;
  const bool keyset = p.after_id || p.before_id;
  if (p.want_count && !keyset) {
    auto& c = db_.Prepare(kSqlCountAudits);
    c.Bind(1, ticket_id);
    if (c.Step()) page.count = c.Int(0);
    c.Reset();
  }
  // Walking back (page[before]) reads the other way, then flips the page.
  const bool backwards = p.before_id.has_value();
  const bool down = p.descending != backwards;
  std::int64_t bound = down ? std::numeric_limits<std::int64_t>::max() : 0;
  if (p.after_id) bound = *p.after_id;
  if (p.before_id) bound = *p.before_id;
  auto& st = db_.Prepare(down ? kSqlAuditsDown : kSqlAuditsUp);
  st.Bind(1, ticket_id).Bind(2, bound).Bind(3, p.limit + 1).Bind(4, keyset ? std::int64_t{0} : p.offset);
  while (st.Step()) page.items.push_back(AuditRow(st));
  st.Reset();
  if (static_cast<std::int64_t>(page.items.size()) > p.limit) {
    page.has_more = true;
    page.items.pop_back();
  }
  if (backwards) std::reverse(page.items.begin(), page.items.end());
  for (auto& a : page.items) {
    auto& ev = db_.Prepare(kSqlEventsOfAudit);
    ev.Bind(1, a.id);
    while (ev.Step()) a.events.push_back(EventRow(ev));
    ev.Reset();
  }
  return page;
}

std::vector<Comment> SqliteTx::CommentsByIds(const std::vector<std::int64_t>& ids) {
  std::vector<Comment> out;
  out.reserve(ids.size());
  for (auto id : ids) {
    auto& s = db_.Prepare(kSqlCommentById);
    s.Bind(1, id);
    if (s.Step()) out.push_back(rows::CommentRow(s));
    s.Reset();
  }
  return out;
}

std::vector<Ticket> SqliteTx::TicketsChangedSince(Instant since, std::int64_t after_id, std::int64_t limit) {
  std::vector<std::int64_t> ids;
  auto& s = db_.Prepare(kSqlTicketIdsChangedSince);
  s.Bind(1, UnixSeconds(since)).Bind(2, after_id).Bind(3, limit);
  while (s.Step()) ids.push_back(s.Int(0));
  s.Reset();
  // The rows themselves through TicketById, so the column mapping stays in one place.
  return TicketsByIds(ids);
}

}  // namespace chamado::sqlite
