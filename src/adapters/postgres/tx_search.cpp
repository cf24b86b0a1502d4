// Ticket search (app/search_filter.hpp) on PostgreSQL, over the tables and functions of
// migrations/0002_search.sql: the same filters, counts and orders as sqlite/tx_search.cpp.
// Every value is bound; user text reaches the full-text index only through
// chamado_search_query(), which reads it as words, never as tsquery syntax.
#include <algorithm>
#include <iterator>
#include <variant>

#include "adapters/postgres/tx.hpp"
#include "adapters/sql/query_text.hpp"

namespace chamado::postgres {
namespace {

using sql::BindAll;
using sql::Conds;
using sql::Param;
using sql::Sql;

std::vector<std::int64_t> ReadIds(Db& db, const Sql& s) {
  std::vector<std::int64_t> ids;
  auto& st = db.Prepare(s.text);
  BindAll(st, s.params);
  while (st.Step()) ids.push_back(st.Int(0));
  st.Reset();
  return ids;
}

// Array literals, bound as one value: `{1,2,3}` for ?::bigint[], `{"a","b"}` for ?::text[]
// (every element quoted, `"` and `\` escaped, so any text is one element).
std::string IdArray(const std::vector<std::int64_t>& ids) {
  std::string s = "{";
  for (std::size_t i = 0; i < ids.size(); ++i) s += (i ? "," : "") + std::to_string(ids[i]);
  return s + "}";
}

std::string TextArray(const std::vector<std::string>& values) {
  std::string s = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    s += i ? ",\"" : "\"";
    for (char c : values[i]) {
      if (c == '"' || c == '\\') s += '\\';
      s += c;
    }
    s += '"';
  }
  return s + "}";
}

// ------------------------------------------------------------------ full text

// A term with its tsquery (text form) from chamado_search_query; empty when the term holds no
// word, and then it matches nothing (as an FTS5 empty string does).
struct TermQuery {
  TextTerm term;
  std::string tsquery;
};

struct TextQuery {
  std::vector<TermQuery> must;
  std::vector<TermQuery> must_not;
  bool public_only = false;
};

// Plain words also match by stem in the ticket's language; phrases and prefixes are exact words.
std::vector<TermQuery> TermQueries(Db& db, const std::vector<TextTerm>& terms) {
  std::vector<TermQuery> out;
  for (const auto& t : terms) {
    auto& st = db.Prepare("SELECT chamado_search_query(CAST(? AS TEXT), CAST(? AS BOOLEAN), CAST(? AS BOOLEAN))");
    st.Bind(1, t.text).Bind(2, std::string(!t.phrase && !t.prefix ? "true" : "false"));
    st.Bind(3, std::string(t.prefix ? "true" : "false"));
    out.push_back({t, st.Step() ? st.Text(0) : std::string()});
    st.Reset();
  }
  return out;
}

// Which texts of a ticket (alias `x`) a term reads: the subject (part 0), public comments (1),
// internal notes (2). An end user's search never reads part 2, so a word only an internal note
// holds neither finds nor excludes a ticket for them.
std::string PartsRead(const std::string& x, const TextTerm& t, bool public_only) {
  if (t.subject_only) return " AND " + x + ".part = 0";
  if (public_only) return " AND " + x + ".part < 2";
  return "";
}

// The texts of ticket t matching `m`, probed per ticket through the primary key (OFFSET 0 keeps
// the planner from turning the probe into a join over every match of the word).
std::string TicketHas(const TermQuery& m, bool public_only) {
  return "EXISTS (SELECT 1 FROM ticket_search_texts x WHERE x.ticket_id = t.id AND x.document @@ CAST(? AS tsquery)" +
         PartsRead("x", m.term, public_only) + " OFFSET 0)";
}

// Every must term in some text of the ticket, no must_not term in any. `skip`: a must term the
// walk already matched.
void AddTextConditions(Conds& w, const TextQuery& text, const TermQuery* skip = nullptr) {
  for (const auto& m : text.must) {
    if (&m == skip) continue;
    if (m.tsquery.empty())
      w.Add("FALSE");
    else
      w.Add(TicketHas(m, text.public_only), {m.tsquery});
  }
  for (const auto& n : text.must_not)
    if (!n.tsquery.empty()) w.Add("NOT " + TicketHas(n, text.public_only), {n.tsquery});
}

// Any of the must terms, for ranking: "(q1) | (q2)"; empty when none has words.
std::string AnyMustQuery(const TextQuery& text) {
  std::string s;
  for (const auto& m : text.must) {
    if (m.tsquery.empty()) continue;
    s += (s.empty() ? "(" : " | (") + m.tsquery + ")";
  }
  return s;
}

// ------------------------------------------------------------------ ticket filters

// Must equal the expression of the index tickets_priority_rank (migrations/0002_search.sql).
constexpr const char* kPriorityRank =
    "(CASE t.priority WHEN 'low' THEN 1 WHEN 'normal' THEN 2 WHEN 'high' THEN 3 WHEN 'urgent' THEN 4 ELSE 0 END)";

void AddIdFilter(Conds& w, const std::string& col, const app::IdFilter& f) {
  if (f.any_of.size() == 1 && !f.or_none) {
    w.Add(col + " = ?", {f.any_of[0]});
  } else if (f.any_of.empty() && f.or_none) {
    w.Add(col + " IS NULL");
  } else if (!f.any_of.empty()) {
    w.Add("(" + col + " = ANY(CAST(? AS BIGINT[]))" + (f.or_none ? " OR " + col + " IS NULL)" : ")"),
          {IdArray(f.any_of)});
  }
  if (!f.none_of.empty())
    w.Add("(" + col + " IS NULL OR " + col + " <> ALL(CAST(? AS BIGINT[])))", {IdArray(f.none_of)});
  if (f.not_none) w.Add(col + " IS NOT NULL");
}

// The conditions on tickets `t` other than the words.
void AddTicketConditions(Conds& w, const app::TicketSearch& q) {
  // Two index lookups (tickets_requester, ticket_ccs) rather than an OR over every ticket.
  if (q.requester_or_cc_id)
    w.Add(
        "t.id IN (SELECT r.id FROM tickets r WHERE r.requester_id = ? "
        "UNION ALL SELECT c.ticket_id FROM ticket_ccs c WHERE c.user_id = ?)",
        {*q.requester_or_cc_id, *q.requester_or_cc_id});
  if (q.custom_status_ids) {
    const auto& ids = *q.custom_status_ids;
    if (ids.empty())
      w.Add("FALSE");
    else if (ids.size() == 1)
      w.Add("t.custom_status_id = ?", {ids[0]});
    else
      w.Add("t.custom_status_id = ANY(CAST(? AS BIGINT[]))", {IdArray(ids)});
  }
  AddIdFilter(w, "t.requester_id", q.requester);
  AddIdFilter(w, "t.assignee_id", q.assignee);
  AddIdFilter(w, "t.group_id", q.group);
  AddIdFilter(w, "t.organization_id", q.organization);
  if (q.priority) {
    std::vector<std::string> names;
    for (auto p : q.priority->any_of) names.emplace_back(PriorityName(p));
    w.Add(std::string("(t.priority = ANY(CAST(? AS TEXT[]))") + (q.priority->or_none ? " OR t.priority IS NULL)" : ")"),
          {TextArray(names)});
  }
  if (!q.tags_any.empty())
    w.Add("t.id IN (SELECT g.ticket_id FROM ticket_tags g WHERE g.tag = ANY(CAST(? AS TEXT[])))",
          {TextArray(q.tags_any)});
  if (!q.tags_none.empty())
    w.Add("NOT EXISTS (SELECT 1 FROM ticket_tags g WHERE g.tag = ANY(CAST(? AS TEXT[])) AND g.ticket_id = t.id)",
          {TextArray(q.tags_none)});
  if (q.created_from) w.Add("t.created_at >= ?", {UnixSeconds(*q.created_from)});
  if (q.created_until) w.Add("t.created_at < ?", {UnixSeconds(*q.created_until)});
  if (q.updated_from) w.Add("t.updated_at >= ?", {UnixSeconds(*q.updated_from)});
  if (q.updated_until) w.Add("t.updated_at < ?", {UnixSeconds(*q.updated_until)});
}

// Every statement of a search is planned for its values (a rare or a common word, a handful of
// ids or thousands), never with a generic plan; for the statements of the search only, since the
// read transaction may go on.
class CustomPlans {
 public:
  explicit CustomPlans(Db& db) : db_(db) {
    auto& st = db_.Prepare(
        "SELECT current_setting('plan_cache_mode'), set_config('plan_cache_mode', 'force_custom_plan', true)");
    if (st.Step()) previous_ = st.Text(0);
    st.Reset();
  }
  ~CustomPlans() {
    try {
      auto& st = db_.Prepare("SELECT set_config('plan_cache_mode', CAST(? AS TEXT), true)");
      st.Bind(1, previous_);
      st.Run();
    } catch (...) {  // the transaction failed: its end restores the setting anyway
    }
  }
  CustomPlans(const CustomPlans&) = delete;
  CustomPlans& operator=(const CustomPlans&) = delete;

 private:
  Db& db_;
  std::string previous_ = "auto";
};

// ------------------------------------------------------------------ walks

// Where a query starts reading. The planner cannot pick this itself: it estimates a tsquery
// from sampled statistics and takes a word found in 0.05% of the texts for one in 2%, then walks
// the whole table in id order looking for it. So the walk is chosen here from capped counts,
// as SQLite's store does.
struct Walk {
  enum Kind {
    kTickets,  // tickets, through the filters' or the order's index; words probed per ticket
    kIds,      // the tickets `ids` (a few thousand at most)
    kTerm,     // the texts matching `term`, through the GIN index, each ticket once
  } kind = kTickets;
  std::vector<std::int64_t> ids;
  const TermQuery* term = nullptr;
  bool words_met = false;    // kIds: every id matches the words already
  bool filters_met = false;  // kIds: every id passes the filters already
};

Walk Ids(std::vector<std::int64_t> ids, bool words_met, bool filters_met) {
  return Walk{Walk::kIds, std::move(ids), nullptr, words_met, filters_met};
}
Walk Term(const TermQuery& term) { return Walk{Walk::kTerm, {}, &term, false, false}; }

// What a query checks besides its walk: the ticket filters, the words, or both.
struct Checks {
  bool filters = true;
  bool words = true;
};

// FROM ... WHERE ... of a search walking `walk`.
Sql FromWhere(const Walk& walk, const app::TicketSearch& q, const TextQuery& text, Checks checks) {
  Conds w;
  Sql s;
  if (walk.kind == Walk::kTerm) {
    // The first text of each ticket that matches (by comment_id), so a ticket comes once.
    const std::string parts_d = PartsRead("d", walk.term->term, text.public_only);
    const std::string parts_e = PartsRead("e", walk.term->term, text.public_only);
    s.Add(" FROM ticket_search_texts d JOIN tickets t ON t.id = d.ticket_id");
    w.Add("d.document @@ CAST(? AS tsquery)" + parts_d, {walk.term->tsquery});
    w.Add(
        "NOT EXISTS (SELECT 1 FROM ticket_search_texts e WHERE e.ticket_id = d.ticket_id AND "
        "e.comment_id < d.comment_id AND e.document @@ CAST(? AS tsquery)" +
            parts_e + " OFFSET 0)",
        {walk.term->tsquery});
  } else {
    s.Add(" FROM tickets t");
    if (walk.kind == Walk::kIds) w.Add("t.id = ANY(CAST(? AS BIGINT[]))", {IdArray(walk.ids)});
  }
  if (checks.filters && !walk.filters_met) AddTicketConditions(w, q);
  if (checks.words && !walk.words_met) AddTextConditions(w, text, walk.kind == Walk::kTerm ? walk.term : nullptr);
  s.text += w.WhereClause();
  s.params.insert(s.params.end(), w.params.begin(), w.params.end());
  return s;
}

// Ids of at most `cap` + 1 tickets of FROM/WHERE `fw`, in no order.
std::vector<std::int64_t> IdsUpTo(Db& db, const Sql& fw, std::int64_t cap) {
  Sql s;
  s.Add("SELECT t.id").Add(fw.text, fw.params).Add(" LIMIT ?", {cap + 1});
  return ReadIds(db, s);
}

// How many rows FROM/WHERE `fw` has, counting no further than `cap` + 1.
std::int64_t CountUpTo(Db& db, const Sql& fw, std::int64_t cap) {
  Sql s;
  s.Add("SELECT count(*) FROM (SELECT 1").Add(fw.text, fw.params).Add(" LIMIT ?) AS capped", {cap + 1});
  auto& st = db.Prepare(s.text);
  BindAll(st, s.params);
  std::int64_t n = st.Step() ? st.Int(0) : 0;
  st.Reset();
  return n;
}

// The ids of one page, sorted; `limit` + 1 are read, so the caller can tell more.
std::vector<std::int64_t> PageIds(Db& db, const Walk& walk, const app::TicketSearch& q, const TextQuery& text,
                                  app::TicketSort sort, bool desc, const app::PageRequest& p, std::int64_t limit) {
  const bool keyset = p.after_id || p.before_id;
  Sql s;
  s.Add("SELECT t.id");
  Sql fw = FromWhere(walk, q, text, Checks{});
  s.Add(fw.text, fw.params);
  if (keyset) {  // newest first only (export)
    const std::string join = fw.text.find(" WHERE ") == std::string::npos ? " WHERE " : " AND ";
    if (p.after_id) s.Add(join + (q.descending ? "t.id < ?" : "t.id > ?"), {*p.after_id});
    if (p.before_id) s.Add((p.after_id ? " AND " : join) + (q.descending ? "t.id > ?" : "t.id < ?"), {*p.before_id});
  }
  const std::string d = desc ? " DESC" : " ASC";
  switch (sort) {
    // Limit: newest first is id order, which is creation order unless the system clock stepped back.
    case app::TicketSort::kNewest: s.Add(" ORDER BY t.id" + d); break;
    case app::TicketSort::kCreated: s.Add(" ORDER BY t.created_at" + d + ", t.id" + d); break;
    case app::TicketSort::kUpdated: s.Add(" ORDER BY t.updated_at" + d + ", t.id" + d); break;
    case app::TicketSort::kPriority: s.Add(std::string(" ORDER BY ") + kPriorityRank + d + ", t.id" + d); break;
    case app::TicketSort::kStatus:
      // The status's place in status_order (statuses missing from it first, as in SQLite).
      s.Add(" ORDER BY coalesce(array_position(CAST(? AS BIGINT[]), t.custom_status_id), 0)" + d + ", t.id" + d,
            {IdArray(q.status_order)});
      break;
    case app::TicketSort::kRelevance: {
      // ts_rank of the texts the caller may search, the subject weighing 10x a comment.
      const std::string any = AnyMustQuery(text);
      if (!any.empty())
        s.Add(
            " ORDER BY (SELECT coalesce(sum(ts_rank(r.document, CAST(? AS tsquery)) * "
            "CASE r.part WHEN 0 THEN 10 ELSE 1 END), 0) FROM ticket_search_texts r "
            "WHERE r.ticket_id = t.id AND r.document @@ CAST(? AS tsquery)" +
                std::string(text.public_only ? " AND r.part < 2" : "") + ") DESC, t.id DESC",
            {any, any});
      else
        s.Add(" ORDER BY t.id DESC");
      break;
    }
  }
  s.Add(" LIMIT ? OFFSET ?", {limit + 1, keyset ? std::int64_t{0} : p.offset});
  return ReadIds(db, s);
}

// Past this many texts a word is dense: its tickets are walked in the requested order and the
// word probed per ticket (a page of 100 fills within a few thousand tickets). Up to it, the word's
// tickets are read through the GIN index and every search step works on them.
constexpr std::int64_t kCandidateTexts = 20000;

// The tickets of the texts matching `m`, through the GIN index: at most `limit` + 1 (a ticket
// comes once per matching text).
std::vector<std::int64_t> TicketsOfTexts(Db& db, const TermQuery& m, bool public_only, std::int64_t limit) {
  Sql s;
  s.Add("SELECT d.ticket_id FROM ticket_search_texts d WHERE d.document @@ CAST(? AS tsquery)" +
            PartsRead("d", m.term, public_only) + " LIMIT ?",
        {m.tsquery, limit + 1});
  return ReadIds(db, s);
}

// Those of the tickets `ids` with a text matching `m`: the GIN index and the primary key
// intersected (BitmapAnd), so no ticket is probed one by one.
std::vector<std::int64_t> TicketsWith(Db& db, const std::vector<std::int64_t>& ids, const TermQuery& m,
                                      bool public_only) {
  if (ids.empty() || m.tsquery.empty()) return {};
  Sql s;
  s.Add("SELECT DISTINCT d.ticket_id FROM ticket_search_texts d WHERE d.ticket_id = ANY(CAST(? AS BIGINT[])) AND " +
            std::string("d.document @@ CAST(? AS tsquery)") + PartsRead("d", m.term, public_only),
        {IdArray(ids), m.tsquery});
  return ReadIds(db, s);
}

// The tickets `ids` (sorted) matching every word and no excluded one; `met`: a must term they
// all match already.
std::vector<std::int64_t> WithWords(Db& db, std::vector<std::int64_t> ids, const TextQuery& text,
                                    const TermQuery* met = nullptr) {
  for (const auto& m : text.must) {
    if (&m == met) continue;
    ids = TicketsWith(db, ids, m, text.public_only);
    std::sort(ids.begin(), ids.end());
  }
  for (const auto& n : text.must_not) {
    if (n.tsquery.empty()) continue;
    auto excluded = TicketsWith(db, ids, n, text.public_only);
    std::sort(excluded.begin(), excluded.end());
    std::vector<std::int64_t> kept;
    std::set_difference(ids.begin(), ids.end(), excluded.begin(), excluded.end(), std::back_inserter(kept));
    ids = std::move(kept);
  }
  return ids;
}

// The words' side of a search.
struct WordMatches {
  std::int64_t count = 0;  // tickets matching every word and no excluded one, up to cap + 1
  Walk walk;               // kIds: every match (a few thousand at most); kTickets: dense words
};

// The first must term found in at most kCandidateTexts texts gives the candidates, narrowed by
// the other terms through the index: then every match is known. When every term is denser, or
// there are only exclusions, the words are counted by walking the first term's texts (or the
// tickets) until cap + 1 match.
WordMatches MatchWords(Db& db, const app::TicketSearch& q, const TextQuery& text, std::int64_t cap) {
  const bool only_term = text.must.size() == 1 && text.must_not.empty();
  for (const auto& m : text.must) {
    if (m.tsquery.empty()) return {0, Ids({}, true, false)};  // no words: matches nothing
    auto ids = TicketsOfTexts(db, m, text.public_only, kCandidateTexts);
    const bool all = static_cast<std::int64_t>(ids.size()) <= kCandidateTexts;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    if (all) {
      ids = WithWords(db, std::move(ids), text, &m);
      const auto n = static_cast<std::int64_t>(ids.size());
      return {std::min(n, cap + 1), Ids(std::move(ids), true, false)};
    }
    if (only_term && static_cast<std::int64_t>(ids.size()) > cap) return {cap + 1, Walk{}};
  }
  const Walk by_words = text.must.empty() ? Walk{} : Term(text.must.front());
  auto ids = IdsUpTo(db, FromWhere(by_words, q, text, Checks{false, true}), cap);
  const auto n = static_cast<std::int64_t>(ids.size());
  if (n <= cap) return {n, Ids(std::move(ids), true, false)};
  return {n, Walk{}};
}

}  // namespace

// The same results as SqliteTx::SearchTickets: counts stop at count_cap + 1, and the choices
// SQLite makes from its capped counts are made from the same counts here wherever they show in
// the results:
// - sort_by=relevance ranks only text searches that SQLite walks through its full-text index
//   (the words match at most count_cap tickets, or words and filters both match more but not
//   with a created range) and whose matches are at most count_cap; otherwise newest first. A
//   requester's own tickets (end users' searches, requester:x) come newest first.
// - newest first with a created range, when SQLite walks tickets_created, is created_at order.
// The walk (docs/search.md, "On PostgreSQL"):
// - a requester narrows the set (an end user's own requests, requester:x): walk their tickets,
//   probing the words, all matches at once (count and page in one query);
// - a word in at most kCandidateTexts texts: its tickets, narrowed by the other words through
//   the index, then by the filters;
// - filters matching at most count_cap tickets: those, narrowed by the words through the index;
// - dense words: counted through the first word's texts until count_cap + 1 pass (inside a
//   created range: tickets_created walked inside it); a page walks the tickets in the requested
//   order, probing the words per ticket.
// Limit: dense words whose combination with the other words or the filters is rare read every
// text of the first word before the count is known; a search made only of exclusions that
// exclude nearly everything probes ticket after ticket.
app::Page<Ticket> PgTx::SearchTickets(const app::TicketSearch& q, const app::PageRequest& p) {
  app::Page<Ticket> page;
  const std::int64_t cap = q.count_cap;
  const bool has_text = !q.must.empty() || !q.must_not.empty();
  const bool has_filters = HasTicketConditions(q);
  const bool keyset = p.after_id || p.before_id;
  const bool narrow = q.requester_or_cc_id || (q.requester.any_of.size() == 1 && !q.requester.or_none);
  const bool created_range = q.created_from || q.created_until;
  app::TicketSort sort = q.sort;
  bool desc = q.descending;

  const CustomPlans custom_plans(db_);

  TextQuery text;
  text.public_only = q.public_only;
  if (has_text) {
    text.must = TermQueries(db_, q.must);
    text.must_not = TermQueries(db_, q.must_not);
  }

  Walk walk;  // kTickets: the filters' and the order's indexes
  std::optional<std::int64_t> count;
  bool text_walk = false;  // would SQLite walk its full-text index?
  if (has_text && !narrow) {
    auto words = MatchWords(db_, q, text, cap);
    std::vector<std::int64_t> filter_ids;
    std::int64_t filtered = cap + 1;
    if (has_filters && words.count > cap) {
      filter_ids = IdsUpTo(db_, FromWhere(Walk{}, q, text, Checks{true, false}), cap);
      filtered = static_cast<std::int64_t>(filter_ids.size());
    }
    text_walk = words.count <= cap || (filtered > cap && !(created_range && !keyset));
    walk = std::move(words.walk);
    if (!has_filters) {
      count = words.count;
    } else if (filtered <= cap) {
      // The filters' few tickets, narrowed by the words through the index.
      std::sort(filter_ids.begin(), filter_ids.end());
      walk = Ids(WithWords(db_, std::move(filter_ids), text), true, true);
    } else if (walk.kind == Walk::kTickets && !created_range) {
      // Dense words, broad filters: the first word's texts until enough pass the filters (with a
      // created range, the count walks tickets_created inside it instead).
      const Walk by_words = text.must.empty() ? Walk{} : Term(text.must.front());
      auto ids = IdsUpTo(db_, FromWhere(by_words, q, text, Checks{}), cap);
      count = static_cast<std::int64_t>(ids.size());
      if (*count <= cap) walk = Ids(std::move(ids), true, true);
    }
  }
  if (created_range && !keyset && sort == app::TicketSort::kNewest && !text_walk) sort = app::TicketSort::kCreated;

  if (narrow && !keyset) {
    // A few hundred tickets at most: every match in order, then the page out of them.
    if (sort == app::TicketSort::kRelevance) {
      sort = app::TicketSort::kNewest;
      desc = true;
    }
    auto all = PageIds(db_, walk, q, text, sort, desc, app::PageRequest{}, cap);
    if (static_cast<std::int64_t>(all.size()) <= cap) {
      page.count = static_cast<std::int64_t>(all.size());
      const auto from = std::min<std::int64_t>(p.offset, page.count);
      const auto to = std::min<std::int64_t>(from + p.limit, page.count);
      page.has_more = to < page.count;
      page.items = TicketsByIds(std::vector<std::int64_t>(all.begin() + from, all.begin() + to));
      return page;
    }
    count = cap + 1;
  }
  if (!count) count = CountUpTo(db_, FromWhere(walk, q, text, Checks{}), cap);
  page.count = *count;
  if (page.count == 0) return page;
  const bool capped = page.count > cap;

  if (sort == app::TicketSort::kRelevance && (!text_walk || capped)) {
    sort = app::TicketSort::kNewest;
    desc = true;
  }

  const bool backwards = p.before_id.has_value();
  if (backwards) desc = !desc;
  auto ids = PageIds(db_, walk, q, text, sort, desc, p, p.limit);
  if (static_cast<std::int64_t>(ids.size()) > p.limit) {
    page.has_more = true;
    ids.pop_back();
  }
  if (backwards) std::reverse(ids.begin(), ids.end());
  page.items = TicketsByIds(ids);
  return page;
}

}  // namespace chamado::postgres
