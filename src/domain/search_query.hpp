#pragma once
// Zendesk's search query language (zendesk-compat.md §8 "Search", docs/search.md) parsed into
// a value. Pure: relative dates ("updated>24hours") are resolved against `now`, which the
// caller passes; names (e-mails, groups) are kept as written for the app to resolve.
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/ticket.hpp"
#include "domain/time.hpp"
#include "domain/user.hpp"
#include "domain/workflow.hpp"

namespace chamado {

enum class SearchType { kTicket, kUser, kOrganization };
std::string_view SearchTypeName(SearchType t);  // "ticket", "user", "organization"
std::optional<SearchType> ParseSearchType(std::string_view name);

// Zendesk's legacy status scale, in its order: new < open < pending < hold < solved < closed.
enum class StatusLevel { kNew, kOpen, kPending, kHold, kSolved, kClosed };
inline constexpr std::size_t kStatusLevels = 6;
std::optional<StatusLevel> ParseStatusLevel(std::string_view name);
// Where a workflow status sits on that scale: its category, or closed for terminal ones.
StatusLevel LevelOf(const Status& s);

// Priority bits: one per Priority (low < normal < high < urgent), plus "none" (no priority).
inline constexpr std::size_t kPriorityBits = 5;
inline constexpr std::size_t kPriorityNoneBit = 4;

// A full-text term: one word or a quoted phrase, matched after case and accent folding.
struct TextTerm {
  std::string text;
  bool phrase = false;        // quoted ("...") or an unknown key:value: the words in this order
  bool prefix = false;        // written with a trailing '*': words starting with `text`
  bool subject_only = false;  // subject:...
  bool operator==(const TextTerm&) const = default;
};

// A person named in the query (requester:, assignee:).
struct PersonRef {
  enum class Kind { kMe, kNone, kId, kEmail, kName };
  Kind kind = Kind::kId;
  std::int64_t id = 0;
  std::string text;  // e-mail (lower-cased) or name
  bool operator==(const PersonRef&) const = default;
};

// A group or organization named by id or name, or "none".
struct NamedRef {
  std::optional<std::int64_t> id;
  std::string name;
  bool none = false;
  bool operator==(const NamedRef&) const = default;
};

// key:value conditions of one key. The same key written twice means either value (OR);
// -key:value excludes.
template <typename T>
struct AnyNone {
  std::vector<T> any_of;
  std::vector<T> none_of;
  bool empty() const { return any_of.empty() && none_of.empty(); }
};

// [from, until) in UTC; an end left open is unbounded.
struct TimeRange {
  std::optional<Instant> from;
  std::optional<Instant> until;
  bool empty() const { return !from && !until; }
};

enum class SearchSort { kCreated, kUpdated, kPriority, kStatus, kRelevance };
std::optional<SearchSort> ParseSearchSort(std::string_view name);  // created(_at), updated(_at), ...

struct SearchQuery {
  std::optional<SearchType> type;
  std::vector<TextTerm> terms;                           // every one must match
  std::vector<TextTerm> excluded;                        // none may match (-word, -"phrase", -subject:x)
  std::optional<std::bitset<kStatusLevels>> statuses;    // allowed levels; nullopt: any
  std::optional<std::bitset<kPriorityBits>> priorities;  // allowed priorities; nullopt: any
  AnyNone<std::int64_t> custom_status_ids;
  AnyNone<PersonRef> requesters;
  AnyNone<PersonRef> assignees;
  AnyNone<NamedRef> groups;
  AnyNone<NamedRef> organizations;
  AnyNone<std::string> tags;  // normalized like ticket tags
  TimeRange created;
  TimeRange updated;
  std::vector<Role> roles;            // type:user role:agent
  std::optional<SearchSort> sort_by;  // order_by:...
  std::optional<bool> descending;     // sort:asc|desc
};

// Limits of one query; past them the query is refused (422 naming "query").
inline constexpr std::size_t kMaxQueryBytes = 4096;
inline constexpr std::size_t kMaxQueryTerms = 64;

// Parses `text`. Unknown keys (`foo:bar`) are full text, as in Zendesk. Errors are 422s on the
// field "query" naming the part at fault (a bad date, an unknown status, ...).
Result<SearchQuery> ParseSearchQuery(std::string_view text, Instant now);

// Lower-case and without accents on Latin letters ("Ação" -> "acao"), for matching names
// outside the full-text index (which folds by itself: FTS5 unicode61 remove_diacritics 2).
std::string FoldForSearch(std::string_view text);

}  // namespace chamado
