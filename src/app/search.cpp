#include "app/search.hpp"

#include <algorithm>

namespace chamado::app {
namespace {

// Ids start at 1: a name that resolves to nobody filters on this id and matches nothing, with
// the same query shape as a name that resolves.
constexpr std::int64_t kNoSuchId = 0;
// Limit: names (requester:"Ana Lima", group:Support) are looked up among the first 100 users
// whose name or e-mail contains them, and among the first 10,000 groups and organizations.
constexpr std::int64_t kMaxNameMatches = 100;
constexpr std::int64_t kMaxScanned = 10000;
// ---- portal: a requests list sorted by updated_at counts this far (a customer has far fewer).
constexpr std::int64_t kRequestListCountCap = 1000000;

bool Contains(const std::vector<std::int64_t>& v, std::int64_t x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

Error QueryError(std::string description) {
  return Error::Invalid("query", "InvalidValue", "Query: " + std::move(description));
}

std::vector<std::int64_t> PersonIds(ReadTx& tx, const Caller& c, const PersonRef& r) {
  switch (r.kind) {
    case PersonRef::Kind::kMe: return {c.user_id};
    case PersonRef::Kind::kId: return {r.id};
    case PersonRef::Kind::kEmail: {
      auto u = tx.UserByEmail(r.text);
      return {u ? u->id : kNoSuchId};
    }
    case PersonRef::Kind::kName: {
      UserFilter f;
      f.text = r.text;
      PageRequest p;
      p.limit = kMaxNameMatches;
      p.want_count = false;
      std::vector<std::int64_t> ids;
      for (const auto& u : tx.ListUsers(f, p).items) ids.push_back(u.id);
      if (ids.empty()) ids.push_back(kNoSuchId);
      return ids;
    }
    case PersonRef::Kind::kNone: break;
  }
  return {};
}

IdFilter PeopleFilter(ReadTx& tx, const Caller& c, const AnyNone<PersonRef>& refs) {
  IdFilter f;
  for (const auto& r : refs.any_of) {
    if (r.kind == PersonRef::Kind::kNone) {
      f.or_none = true;
      continue;
    }
    auto ids = PersonIds(tx, c, r);
    f.any_of.insert(f.any_of.end(), ids.begin(), ids.end());
  }
  for (const auto& r : refs.none_of) {
    if (r.kind == PersonRef::Kind::kNone) {
      f.not_none = true;
      continue;
    }
    for (auto id : PersonIds(tx, c, r))
      if (id != kNoSuchId) f.none_of.push_back(id);
  }
  return f;
}

// Every group or organization, in pages (they are few; Limit: the first kMaxScanned).
template <typename T, typename ListFn>
std::vector<T> All(ListFn list) {
  std::vector<T> out;
  PageRequest p;
  p.limit = 100;
  p.want_count = false;
  for (;;) {
    Page<T> page = list(p);
    out.insert(out.end(), page.items.begin(), page.items.end());
    if (!page.has_more || page.items.empty() || static_cast<std::int64_t>(out.size()) >= kMaxScanned) break;
    p.after_id = page.items.back().id;
  }
  return out;
}

template <typename T>
IdFilter NamedFilter(const AnyNone<NamedRef>& refs, const std::vector<T>& all) {
  auto ids_of = [&](const NamedRef& r) {
    std::vector<std::int64_t> ids;
    if (r.id) return std::vector<std::int64_t>{*r.id};
    const std::string want = FoldForSearch(r.name);
    for (const auto& x : all)
      if (FoldForSearch(x.name) == want) ids.push_back(x.id);
    return ids;
  };
  IdFilter f;
  for (const auto& r : refs.any_of) {
    if (r.none) {
      f.or_none = true;
      continue;
    }
    auto ids = ids_of(r);
    if (ids.empty()) ids.push_back(kNoSuchId);
    f.any_of.insert(f.any_of.end(), ids.begin(), ids.end());
  }
  for (const auto& r : refs.none_of) {
    if (r.none) {
      f.not_none = true;
      continue;
    }
    auto ids = ids_of(r);
    f.none_of.insert(f.none_of.end(), ids.begin(), ids.end());
  }
  return f;
}

bool NeedsNames(const AnyNone<NamedRef>& refs) {
  auto by_name = [](const NamedRef& r) { return !r.id && !r.none; };
  return std::any_of(refs.any_of.begin(), refs.any_of.end(), by_name) ||
         std::any_of(refs.none_of.begin(), refs.none_of.end(), by_name);
}

std::vector<Group> AllGroups(ReadTx& tx) {
  return All<Group>([&](const PageRequest& p) { return tx.ListGroups(p); });
}
std::vector<Organization> AllOrganizations(ReadTx& tx) {
  return All<Organization>([&](const PageRequest& p) { return tx.ListOrganizations(p); });
}

// status:, status<..., custom_status_id: -> the workflow's status ids (never status names).
std::optional<std::vector<std::int64_t>> StatusIds(const Workflow& wf, const SearchQuery& q) {
  if (!q.statuses && q.custom_status_ids.empty()) return std::nullopt;
  std::vector<std::int64_t> ids;
  for (const auto& s : wf.statuses) {
    if (q.statuses && !q.statuses->test(static_cast<std::size_t>(LevelOf(s)))) continue;
    if (!q.custom_status_ids.any_of.empty() && !Contains(q.custom_status_ids.any_of, s.id)) continue;
    if (Contains(q.custom_status_ids.none_of, s.id)) continue;
    ids.push_back(s.id);
  }
  return ids;
}

// Status ids from the lowest level (new) to the highest (closed), for sort_by=status.
std::vector<std::int64_t> StatusOrder(const Workflow& wf) {
  std::vector<const Status*> ss;
  for (const auto& s : wf.statuses) ss.push_back(&s);
  std::stable_sort(ss.begin(), ss.end(), [](const Status* a, const Status* b) { return LevelOf(*a) < LevelOf(*b); });
  std::vector<std::int64_t> ids;
  for (const auto* s : ss) ids.push_back(s->id);
  return ids;
}

TicketSort ToTicketSort(std::optional<SearchSort> s) {
  if (!s) return TicketSort::kNewest;
  switch (*s) {
    case SearchSort::kCreated: return TicketSort::kCreated;
    case SearchSort::kUpdated: return TicketSort::kUpdated;
    case SearchSort::kPriority: return TicketSort::kPriority;
    case SearchSort::kStatus: return TicketSort::kStatus;
    case SearchSort::kRelevance: return TicketSort::kRelevance;
  }
  return TicketSort::kNewest;
}

// The parsed query with every name resolved, inside the read transaction.
TicketSearch ResolveTicketSearch(ReadTx& tx, const Caller& c, const Workflow& wf, const SearchQuery& q) {
  TicketSearch s;
  s.must = q.terms;
  s.must_not = q.excluded;
  s.custom_status_ids = StatusIds(wf, q);
  s.requester = PeopleFilter(tx, c, q.requesters);
  s.assignee = PeopleFilter(tx, c, q.assignees);
  if (NeedsNames(q.groups))
    s.group = NamedFilter(q.groups, AllGroups(tx));
  else
    s.group = NamedFilter(q.groups, std::vector<Group>{});
  if (NeedsNames(q.organizations))
    s.organization = NamedFilter(q.organizations, AllOrganizations(tx));
  else
    s.organization = NamedFilter(q.organizations, std::vector<Organization>{});
  if (q.priorities) {
    PriorityFilter pf;
    for (auto p : {Priority::kLow, Priority::kNormal, Priority::kHigh, Priority::kUrgent})
      if (q.priorities->test(static_cast<std::size_t>(p))) pf.any_of.push_back(p);
    pf.or_none = q.priorities->test(kPriorityNoneBit);
    s.priority = pf;
  }
  s.tags_any = q.tags.any_of;
  s.tags_none = q.tags.none_of;
  s.created_from = q.created.from;
  s.created_until = q.created.until;
  s.updated_from = q.updated.from;
  s.updated_until = q.updated.until;
  s.status_order = StatusOrder(wf);
  s.count_cap = kSearchMaxResults;
  return s;
}

// The ticket as its requester or CCs see it (as in tickets.cpp): an internal first comment
// does not reach them as the description.
Ticket AsSeenByRequester(Ticket t) {
  if (!t.is_public) t.description.clear();
  return t;
}

// Every term, folded, is part of the folded name.
bool NameMatches(const std::string& name, const std::vector<TextTerm>& terms) {
  const std::string folded = FoldForSearch(name);
  return std::all_of(terms.begin(), terms.end(),
                     [&](const TextTerm& t) { return folded.find(FoldForSearch(t.text)) != std::string::npos; });
}

// ---- portal: the statuses a StatusFilter allows (nullopt: any). An unknown id is a 400.
Result<std::optional<std::vector<std::int64_t>>> AllowedStatusIds(const Workflow& wf, const StatusFilter& f) {
  if (!f.active()) return std::optional<std::vector<std::int64_t>>{};
  if (f.custom_status_ids)
    for (auto id : *f.custom_status_ids)
      if (!wf.ById(id))
        return Fail(Error::BadRequest("chamado_custom_status_id: " + std::to_string(id) +
                                      " is not a status of workflow '" + wf.name + "' (see GET /custom_statuses)"));
  std::vector<std::int64_t> ids;
  for (const auto& s : wf.statuses) {
    if (f.levels && std::find(f.levels->begin(), f.levels->end(), LevelOf(s)) == f.levels->end()) continue;
    if (f.custom_status_ids && !Contains(*f.custom_status_ids, s.id)) continue;
    ids.push_back(s.id);
  }
  return std::optional<std::vector<std::int64_t>>{std::move(ids)};
}

// Both restrictions at once (nullopt: no restriction).
std::optional<std::vector<std::int64_t>> Intersect(const std::optional<std::vector<std::int64_t>>& a,
                                                   const std::optional<std::vector<std::int64_t>>& b) {
  if (!a) return b;
  if (!b) return a;
  std::vector<std::int64_t> out;
  for (auto id : *a)
    if (Contains(*b, id)) out.push_back(id);
  return out;
}

// "123" or "#123" (blanks around allowed): the protocol number a customer types.
std::optional<std::int64_t> TicketNumber(std::string_view q) {
  while (!q.empty() && (q.front() == ' ' || q.front() == '\t')) q.remove_prefix(1);
  while (!q.empty() && (q.back() == ' ' || q.back() == '\t')) q.remove_suffix(1);
  if (!q.empty() && q.front() == '#') q.remove_prefix(1);
  if (q.empty() || q.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  for (char ch : q) {
    if (ch < '0' || ch > '9') return std::nullopt;
    v = v * 10 + (ch - '0');
  }
  return v;
}

void CapCount(SearchResults& r, std::int64_t count) {
  r.count_capped = count > kSearchMaxResults;
  r.count = std::min(count, kSearchMaxResults);
}

Result<SearchQuery> ParseWithSort(const SearchParams& p, Instant now) {
  auto q = ParseSearchQuery(p.query, now);
  if (!q) return Fail(q.error());
  if (p.sort_by) {
    q->sort_by = ParseSearchSort(*p.sort_by);
    if (!q->sort_by)
      return Fail(Error::BadRequest("sort_by must be one of created_at, updated_at, priority, status, relevance"));
  }
  if (p.descending) q->descending = p.descending;
  return *q;
}

}  // namespace

Result<SearchResults> SearchService::Search(const Caller& c, const SearchParams& p) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsStaff()) return Fail(Error::Forbidden());
  auto q = ParseWithSort(p, clock_.Now());
  if (!q) return Fail(q.error());
  // Limit: without type:, tickets only (Zendesk mixes tickets, users and organizations).
  return Run(c, q->type.value_or(SearchType::kTicket), *q, p, false);
}

Result<SearchResults> SearchService::Export(const Caller& c, SearchType type, const SearchParams& p) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsStaff()) return Fail(Error::Forbidden());
  auto q = ParseSearchQuery(p.query, clock_.Now());
  if (!q) return Fail(q.error());
  // An export walks ids newest first, whatever the query asks.
  q->sort_by.reset();
  q->descending = true;
  return Run(c, type, *q, p, false);
}

Result<SearchResults> SearchService::SearchRequests(const Caller& c, const SearchParams& p) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  auto q = ParseWithSort(p, clock_.Now());
  if (!q) return Fail(q.error());
  if (q->type && *q->type != SearchType::kTicket)
    return Fail(QueryError("type: the Requests API searches requests only"));
  // Tags are the agents' notes about a ticket; a requester may not probe them.
  if (!q->tags.empty()) return Fail(QueryError("tags: cannot be searched from the Requests API"));
  auto only = AllowedStatusIds(wf_, p.status);  // ---- portal: status=, chamado_custom_status_id=
  if (!only) return Fail(only.error());
  const auto number = TicketNumber(p.query);
  if (!number) return Run(c, SearchType::kTicket, *q, p, true, *only);
  // ---- portal: the numbered request first (when visible and within the filter), then the
  // text matches without it. Limit: those come from the first kSearchMaxResults matches.
  if (p.page.offset >= kSearchMaxResults)
    return Fail(Error::Invalid("page", "InvalidValue", "Page: search returns at most the first 1,000 results"));
  std::optional<Ticket> hit;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    auto t = tx.TicketById(*number);
    if (t && IsRequesterOrCc(c, *t) && (!*only || Contains(**only, t->custom_status_id)))
      hit = AsSeenByRequester(std::move(*t));
    return {};
  });
  if (!r) return Fail(r.error());
  if (!hit) return Run(c, SearchType::kTicket, *q, p, true, *only);
  SearchParams every = p;
  every.page = PageRequest{};
  every.page.limit = kSearchMaxResults;
  auto text = Run(c, SearchType::kTicket, *q, every, true, *only);
  if (!text) return Fail(text.error());
  std::vector<Ticket> all{std::move(*hit)};
  for (auto& t : text->tickets)
    if (t.id != all.front().id) all.push_back(std::move(t));
  SearchResults out;
  out.count_capped = text->count_capped;
  out.count = std::min<std::int64_t>(static_cast<std::int64_t>(all.size()), kSearchMaxResults);
  const auto from = std::min<std::size_t>(static_cast<std::size_t>(p.page.offset), all.size());
  const auto n =
      std::min<std::size_t>(static_cast<std::size_t>(std::max<std::int64_t>(p.page.limit, 0)), all.size() - from);
  out.tickets.assign(std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(from)),
                     std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(from + n)));
  out.has_more = from + n < all.size() || text->count_capped;
  return out;
}

Result<Page<Ticket>> SearchService::ListRequests(const Caller& c, const RequestListQuery& q) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  auto allowed = AllowedStatusIds(wf_, q.status);
  if (!allowed) return Fail(allowed.error());
  std::optional<std::vector<std::int64_t>> ids = *allowed;
  if (q.scope == RequestScope::kOpen || q.scope == RequestScope::kSolved) {
    const bool solved = q.scope == RequestScope::kSolved;
    std::vector<std::int64_t> scope;
    for (const auto& s : wf_.statuses)
      if ((s.category == Category::kSolved) == solved) scope.push_back(s.id);
    ids = Intersect(ids, scope);
  }
  Page<Ticket> page;
  if (ids && ids->empty()) return page;  // no status can match: nothing to read
  const bool by_updated = q.sort == RequestSort::kUpdated;
  if (by_updated && (q.page.after_id || q.page.before_id || !q.page.want_count))
    return Fail(Error::BadRequest("sort_by=updated_at pages by offset only (page, per_page), not page[size]"));
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    if (!by_updated) {  // ids grow with creation: the created order is the id order
      TicketFilter f;
      if (q.scope == RequestScope::kCcd)
        f.cc_user_id = c.user_id;
      else if (q.include_ccd)
        f.requester_or_cc_id = c.user_id;
      else
        f.requester_id = c.user_id;
      if (ids) f.custom_status_ids = *ids;
      page = tx.ListTickets(f, q.page);
      return {};
    }
    TicketSearch s;
    if (q.scope == RequestScope::kCcd) {
      // Limit: a ticket the caller both requested and is CC of shows in /requests, not /ccd.
      s.requester_or_cc_id = c.user_id;
      s.requester.none_of = {c.user_id};
    } else if (q.include_ccd) {
      s.requester_or_cc_id = c.user_id;
    } else {
      s.requester.any_of = {c.user_id};
    }
    s.custom_status_ids = ids;
    s.sort = TicketSort::kUpdated;
    s.descending = q.page.descending;
    s.count_cap = kRequestListCountCap;
    page = tx.SearchTickets(s, q.page);
    page.count = std::min(page.count, kRequestListCountCap);
    return {};
  });
  if (!r) return Fail(r.error());
  for (auto& t : page.items) t = AsSeenByRequester(std::move(t));
  return page;
}

Result<SearchResults> SearchService::Run(const Caller& c, SearchType type, const SearchQuery& q,
                                         const SearchParams& params, bool requests_view,
                                         const std::optional<std::vector<std::int64_t>>& only_statuses) {
  const bool cursor = params.page.after_id || params.page.before_id || !params.page.want_count;
  PageRequest page = params.page;
  if (!cursor) {
    if (page.offset >= kSearchMaxResults)
      return Fail(Error::Invalid("page", "InvalidValue",
                                 "Page: search returns at most the first 1,000 results; narrow the query or use "
                                 "search/export"));
    page.limit = std::min(page.limit, kSearchMaxResults - page.offset);
  }
  SearchResults out;
  out.type = type;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    if (type == SearchType::kTicket) {
      TicketSearch s = ResolveTicketSearch(tx, c, wf_, q);
      s.sort = ToTicketSort(q.sort_by);
      s.descending = q.descending.value_or(true);
      s.custom_status_ids = Intersect(s.custom_status_ids, only_statuses);  // ---- portal
      if (requests_view) {
        s.requester_or_cc_id = c.user_id;
        s.public_only = true;
      }
      auto found = tx.SearchTickets(s, page);
      CapCount(out, found.count);
      out.has_more = found.has_more;
      out.tickets = std::move(found.items);
      if (requests_view)
        for (auto& t : out.tickets) t = AsSeenByRequester(std::move(t));
      return {};
    }
    if (type == SearchType::kUser) {
      // Limit: users match by name or e-mail containing the words as one text; other
      // conditions than role: and organization: are ignored.
      UserFilter f;
      for (const auto& t : q.terms) f.text += (f.text.empty() ? "" : " ") + t.text;
      f.roles = q.roles;
      if (!q.organizations.any_of.empty()) {
        IdFilter org = NamedFilter(q.organizations,
                                   NeedsNames(q.organizations) ? AllOrganizations(tx) : std::vector<Organization>{});
        f.organization_id = org.any_of.empty() ? kNoSuchId : org.any_of.front();
      }
      page.descending = q.descending.value_or(true);
      auto found = tx.ListUsers(f, page);
      CapCount(out, found.count);
      out.has_more = found.has_more;
      out.users = std::move(found.items);
      return {};
    }
    // Organizations: by name, newest first. Limit: a scan of the first 10,000 organizations.
    std::vector<Organization> all = AllOrganizations(tx);
    std::vector<Organization> hits;
    for (auto& o : all)
      if (NameMatches(o.name, q.terms)) hits.push_back(std::move(o));
    std::sort(hits.begin(), hits.end(), [](const Organization& a, const Organization& b) { return a.id > b.id; });
    CapCount(out, static_cast<std::int64_t>(hits.size()));
    auto begin = hits.begin();
    auto end = hits.end();
    if (page.after_id)
      begin = std::find_if(hits.begin(), hits.end(), [&](const Organization& o) { return o.id < *page.after_id; });
    else if (!cursor)
      begin = hits.begin() + std::min<std::int64_t>(page.offset, static_cast<std::int64_t>(hits.size()));
    if (page.before_id) {
      end = std::find_if(hits.begin(), hits.end(), [&](const Organization& o) { return o.id <= *page.before_id; });
      begin = end - std::min<std::int64_t>(page.limit, end - hits.begin());
      out.has_more = begin != hits.begin();
    } else {
      const auto n = std::min<std::int64_t>(page.limit, end - begin);
      out.has_more = end - begin > n;
      end = begin + n;
    }
    out.organizations.assign(begin, end);
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

}  // namespace chamado::app
