// Ticket search (app/search_filter.hpp) over the FTS5 index and tables of
// migrations/0002_search.sql. Every value is bound; user text reaches FTS5 only inside quoted
// strings, so it can never be read as query syntax.
#include <algorithm>
#include <variant>

#include "adapters/sql/json_columns.hpp"
#include "adapters/sql/query_text.hpp"
#include "adapters/sqlite/tx.hpp"

namespace chamado::sqlite {
using sql::IdsToJson;
using sql::StringsToJson;
namespace {

using sql::BindAll;
using sql::Conds;
using sql::Param;
using sql::Sql;

// An FTS5 string: inside double quotes (doubled when part of the text) every character is
// text, never an operator; the tokenizer splits it into a phrase.
std::string FtsString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string FtsTerm(const TextTerm& t, bool public_only) {
  const char* cols = t.subject_only ? "{subject}"
                     : public_only  ? "{subject public_text}"
                                    : "{subject public_text private_text}";
  return std::string(cols) + " : " + FtsString(t.text) + (t.prefix ? " *" : "");
}

std::string JoinTerms(const std::vector<TextTerm>& ts, bool public_only, std::string_view op) {
  std::string out;
  for (const auto& t : ts) {
    if (!out.empty()) out += op;
    out += FtsTerm(t, public_only);
  }
  return out;
}

// The MATCH expression: every positive term and none of the excluded ones. Exclusions alone
// subtract from every ticket (the word "ticket" of the column `kind`, in every row), since
// FTS5's NOT needs a left side.
std::string MatchExpr(const app::TicketSearch& q) {
  if (q.must.empty() && q.must_not.empty()) return "";
  std::string pos = q.must.empty() ? "{kind} : \"ticket\"" : JoinTerms(q.must, q.public_only, " AND ");
  if (q.must_not.empty()) return pos;
  return "(" + pos + ") NOT (" + JoinTerms(q.must_not, q.public_only, " OR ") + ")";
}

// Must equal the expression of the index tickets_priority_rank (migrations/0002_search.sql).
constexpr const char* kPriorityRank =
    "(CASE t.priority WHEN 'low' THEN 1 WHEN 'normal' THEN 2 WHEN 'high' THEN 3 WHEN 'urgent' THEN 4 ELSE 0 END)";

std::string PriorityJson(const std::vector<Priority>& ps) {
  std::vector<std::string> names;
  for (auto p : ps) names.emplace_back(PriorityName(p));
  return StringsToJson(names);
}

void AddIdFilter(Conds& w, const std::string& col, const app::IdFilter& f) {
  if (f.any_of.size() == 1 && !f.or_none) {
    w.Add(col + " = ?", {f.any_of[0]});
  } else if (f.any_of.empty() && f.or_none) {
    w.Add(col + " IS NULL");
  } else if (!f.any_of.empty()) {
    w.Add("(" + col + " IN (SELECT value FROM json_each(?))" + (f.or_none ? " OR " + col + " IS NULL)" : ")"),
          {IdsToJson(f.any_of)});
  }
  if (!f.none_of.empty())
    w.Add("(" + col + " IS NULL OR " + col + " NOT IN (SELECT value FROM json_each(?)))", {IdsToJson(f.none_of)});
  if (f.not_none) w.Add(col + " IS NOT NULL");
}

// The conditions on tickets `t`. `dense`: matches are many, keep list and range filters off
// the indexes so the order (ids, or the sort's index) drives the walk; `by_created`: the walk
// follows tickets_created, so the created range stays on it.
void AddTicketConditions(Conds& w, const app::TicketSearch& q, bool dense, bool by_created) {
  const std::string plus = dense ? "+" : "";
  const std::string created_plus = dense && !by_created ? "+" : "";
  if (q.requester_or_cc_id)
    w.Add("(t.requester_id = ? OR t.id IN (SELECT ticket_id FROM ticket_ccs WHERE user_id = ?))",
          {*q.requester_or_cc_id, *q.requester_or_cc_id});
  if (q.custom_status_ids) {
    const auto& ids = *q.custom_status_ids;
    if (ids.empty())
      w.Add("0");
    else if (ids.size() == 1)
      w.Add(plus + "t.custom_status_id = ?", {ids[0]});
    else
      w.Add(plus + "t.custom_status_id IN (SELECT value FROM json_each(?))", {IdsToJson(ids)});
  }
  AddIdFilter(w, "t.requester_id", q.requester);
  AddIdFilter(w, "t.assignee_id", q.assignee);
  AddIdFilter(w, "t.group_id", q.group);
  AddIdFilter(w, "t.organization_id", q.organization);
  if (q.priority)
    w.Add("(t.priority IN (SELECT value FROM json_each(?)) OR (? AND t.priority IS NULL))",
          {PriorityJson(q.priority->any_of), std::int64_t{q.priority->or_none ? 1 : 0}});
  if (!q.tags_any.empty()) {
    if (dense)
      w.Add(
          "EXISTS (SELECT 1 FROM ticket_tags g WHERE g.tag IN (SELECT value FROM json_each(?)) AND g.ticket_id = "
          "t.id)",
          {StringsToJson(q.tags_any)});
    else
      w.Add("t.id IN (SELECT ticket_id FROM ticket_tags WHERE tag IN (SELECT value FROM json_each(?)))",
            {StringsToJson(q.tags_any)});
  }
  if (!q.tags_none.empty())
    w.Add(
        "NOT EXISTS (SELECT 1 FROM ticket_tags g WHERE g.tag IN (SELECT value FROM json_each(?)) AND g.ticket_id = "
        "t.id)",
        {StringsToJson(q.tags_none)});
  if (q.created_from) w.Add(created_plus + "t.created_at >= ?", {UnixSeconds(*q.created_from)});
  if (q.created_until) w.Add(created_plus + "t.created_at < ?", {UnixSeconds(*q.created_until)});
  if (q.updated_from) w.Add(plus + "t.updated_at >= ?", {UnixSeconds(*q.updated_from)});
  if (q.updated_until) w.Add(plus + "t.updated_at < ?", {UnixSeconds(*q.updated_until)});
}

enum class Drive {
  kText,     // FTS5 walks matching tickets in rowid (= id) order; each is checked against the filters
  kTickets,  // tickets are walked (a filter's or the sort's index); each is checked with a one-row FTS5 lookup
};

struct Shape {
  Drive drive = Drive::kTickets;
  bool filters = true;        // the ticket conditions take part (false: the words alone)
  bool text = true;           // the words take part (false: the filters alone)
  bool dense = false;         // more than count_cap matches: walk the order, not the filter indexes
  bool by_created = false;    // kTickets: newest first walks created_at (a created range narrows it)
  bool sort_columns = false;  // the ORDER BY reads ticket columns
};

// FROM ... WHERE ... of a search in `shape`.
Sql FromWhere(const app::TicketSearch& q, const Shape& shape) {
  Conds w;
  Sql s;
  const bool filters = shape.filters && HasTicketConditions(q);
  if (shape.drive == Drive::kText) {
    s.Add(filters || shape.sort_columns ? " FROM ticket_fts CROSS JOIN tickets t ON t.id = ticket_fts.rowid"
                                        : " FROM ticket_fts");
    w.Add("ticket_fts MATCH ?", {MatchExpr(q)});
  } else {
    s.Add(" FROM tickets t");
  }
  if (filters) AddTicketConditions(w, q, shape.dense, shape.by_created);
  // The one-row text checks go last, after the cheap column tests. Words and exclusions are
  // checked apart: FTS5 seeks a rowid quickly in a plain expression, not under NOT.
  if (shape.drive == Drive::kTickets && shape.text && !q.must.empty())
    w.Add("EXISTS (SELECT 1 FROM ticket_fts WHERE ticket_fts MATCH ? AND ticket_fts.rowid = t.id)",
          {JoinTerms(q.must, q.public_only, " AND ")});
  if (shape.drive == Drive::kTickets && shape.text && !q.must_not.empty())
    w.Add("NOT EXISTS (SELECT 1 FROM ticket_fts WHERE ticket_fts MATCH ? AND ticket_fts.rowid = t.id)",
          {JoinTerms(q.must_not, q.public_only, " OR ")});
  s.text += w.WhereClause();
  s.params.insert(s.params.end(), w.params.begin(), w.params.end());
  return s;
}

// How many rows FROM/WHERE `fw` has, counting no further than `cap` + 1.
std::int64_t CountUpTo(Db& db, const Sql& fw, std::int64_t cap) {
  Sql s;
  s.Add("SELECT count(*) FROM (SELECT 1").Add(fw.text, fw.params).Add(" LIMIT ?)", {cap + 1});
  auto& st = db.Prepare(s.text);
  BindAll(st, s.params);
  std::int64_t n = st.Step() ? st.Int(0) : 0;
  st.Reset();
  return n;
}

std::string StatusOrderText(const std::vector<std::int64_t>& ids) {
  std::string s = ",";
  for (auto id : ids) s += std::to_string(id) + ",";
  return s;
}

// The ids of one page in `shape`, sorted; `limit` + 1 are read, so the caller can tell more.
std::vector<std::int64_t> PageIds(Db& db, const app::TicketSearch& q, const Shape& shape, app::TicketSort sort,
                                  bool desc, const app::PageRequest& p, std::int64_t limit) {
  const bool keyset = p.after_id || p.before_id;
  // In the text-driven walk the order must be FTS5's rowid, so no sort step reads every match.
  const std::string id_col = shape.drive == Drive::kText ? "ticket_fts.rowid" : "t.id";
  Sql s;
  s.Add("SELECT " + id_col);
  Sql fw = FromWhere(q, shape);
  s.Add(fw.text, fw.params);
  if (keyset) {  // newest first only (export)
    const std::string join = fw.text.find(" WHERE ") == std::string::npos ? " WHERE " : " AND ";
    if (p.after_id) s.Add(join + id_col + (q.descending ? " < ?" : " > ?"), {*p.after_id});
    if (p.before_id) s.Add(join + id_col + (q.descending ? " > ?" : " < ?"), {*p.before_id});
  }
  const std::string d = desc ? " DESC" : " ASC";
  switch (sort) {
    // Limit: newest first is id order, which is creation order unless the system clock stepped back.
    case app::TicketSort::kNewest: s.Add(" ORDER BY " + id_col + d); break;
    case app::TicketSort::kCreated: s.Add(" ORDER BY t.created_at" + d + ", t.id" + d); break;
    case app::TicketSort::kUpdated: s.Add(" ORDER BY t.updated_at" + d + ", t.id" + d); break;
    case app::TicketSort::kPriority: s.Add(std::string(" ORDER BY ") + kPriorityRank + d + ", t.id" + d); break;
    case app::TicketSort::kStatus:
      s.Add(" ORDER BY instr(?, ',' || t.custom_status_id || ',')" + d + ", t.id" + d,
            {StatusOrderText(q.status_order)});
      break;
    case app::TicketSort::kRelevance:
      // The subject weighs most; internal notes weigh nothing when they may not be searched.
      s.Add(" ORDER BY bm25(ticket_fts, 10.0, 1.0, ?, 0.0), " + id_col + " DESC", {q.public_only ? 0.0 : 1.0});
      break;
  }
  s.Add(" LIMIT ? OFFSET ?", {limit + 1, keyset ? std::int64_t{0} : p.offset});
  std::vector<std::int64_t> ids;
  auto& st = db.Prepare(s.text);
  BindAll(st, s.params);
  while (st.Step()) ids.push_back(st.Int(0));
  st.Reset();
  return ids;
}

}  // namespace

// The shape is chosen from capped counts, each at most count_cap + 1 index entries:
// - a requester narrows the set (an end user's own requests, requester:x): walk their tickets,
//   all matches at once (count and page in one query);
// - words matching at most count_cap tickets: walk those;
// - filters matching at most count_cap tickets: walk those, checking the words per ticket;
// - both broad: walk the words' matches newest first (dense, a page comes quickly), or with a
//   created range, walk tickets_created inside the range.
// Limit: broad words with broad filters whose combination is rare (a common word and
// status:hold at a million tickets) walk many index entries before a page fills; so does a
// search made only of exclusions that exclude nearly everything.
app::Page<Ticket> SqliteTx::SearchTickets(const app::TicketSearch& q, const app::PageRequest& p) {
  app::Page<Ticket> page;
  const std::int64_t cap = q.count_cap;
  const bool has_text = !q.must.empty() || !q.must_not.empty();
  const bool has_filters = HasTicketConditions(q);
  const bool keyset = p.after_id || p.before_id;
  const bool narrow = q.requester_or_cc_id || (q.requester.any_of.size() == 1 && !q.requester.or_none);
  const bool created_range = q.created_from || q.created_until;
  app::TicketSort sort = q.sort;
  bool desc = q.descending;

  Shape shape;  // kTickets, everything
  std::optional<std::int64_t> count;
  if (has_text && !narrow) {
    const std::int64_t words = CountUpTo(db_, FromWhere(q, Shape{Drive::kText, false, true, false, false}), cap);
    if (!has_filters) count = words;
    std::int64_t filtered = cap + 1;
    if (has_filters && words > cap)
      filtered = CountUpTo(db_, FromWhere(q, Shape{Drive::kTickets, true, false, false, false}), cap);
    if (words <= cap || (filtered > cap && !(created_range && !keyset))) shape.drive = Drive::kText;
  }
  // Limit: relevance (bm25) ranks text searches with at most count_cap matches; ranking more
  // would read every match. Others come newest first.
  auto relevance_falls_back = [&](bool capped) {
    if (sort == app::TicketSort::kRelevance && (shape.drive != Drive::kText || capped)) {
      sort = app::TicketSort::kNewest;
      desc = true;
    }
  };
  shape.by_created = shape.drive == Drive::kTickets && created_range && !keyset && sort == app::TicketSort::kNewest;
  if (shape.by_created) sort = app::TicketSort::kCreated;
  shape.sort_columns = sort != app::TicketSort::kNewest && sort != app::TicketSort::kRelevance;

  if (narrow && !keyset) {
    // A few hundred tickets at most: every match in order, then the page out of them.
    relevance_falls_back(false);
    auto all = PageIds(db_, q, shape, sort, desc, app::PageRequest{}, cap);
    if (static_cast<std::int64_t>(all.size()) <= cap) {
      page.count = static_cast<std::int64_t>(all.size());
      const auto from = std::min<std::int64_t>(p.offset, page.count);
      const auto to = std::min<std::int64_t>(from + p.limit, page.count);
      page.has_more = to < page.count;
      page.items = TicketsByIds(std::vector<std::int64_t>(all.begin() + from, all.begin() + to));
      return page;
    }
    count = cap + 1;  // more than the cap: the dense walk below
  }
  if (!count) count = CountUpTo(db_, FromWhere(q, shape), cap);
  page.count = *count;
  if (page.count == 0) return page;
  const bool capped = page.count > cap;

  relevance_falls_back(capped);
  shape.dense = capped;
  if (shape.drive == Drive::kText && capped && sort != app::TicketSort::kNewest && sort != app::TicketSort::kRelevance)
    shape.drive = Drive::kTickets;  // walk the sort's index, check the words per ticket
  shape.sort_columns = sort != app::TicketSort::kNewest && sort != app::TicketSort::kRelevance;

  const bool backwards = p.before_id.has_value();
  if (backwards) desc = !desc;
  auto ids = PageIds(db_, q, shape, sort, desc, p, p.limit);
  if (static_cast<std::int64_t>(ids.size()) > p.limit) {
    page.has_more = true;
    ids.pop_back();
  }
  if (backwards) std::reverse(ids.begin(), ids.end());
  page.items = TicketsByIds(ids);
  return page;
}

}  // namespace chamado::sqlite
