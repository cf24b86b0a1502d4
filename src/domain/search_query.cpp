#include "domain/search_query.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

namespace chamado {
namespace {

using std::chrono::days;
using std::chrono::seconds;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool IsKeyChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::int64_t> ToId(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

Error QueryError(std::string description) {
  return Error::Invalid("query", "InvalidValue", "Query: " + std::move(description));
}

// Something the full-text index would see as a word (letters or digits; any non-ASCII
// character counts, the tokenizer knows better).
bool HasWordChars(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || std::isalnum(u);
  });
}

// One whitespace-separated piece of the query, quotes honoured.
struct Token {
  bool negated = false;
  std::string key;    // lower-case; empty for plain text
  std::string op;     // ":", "<", ">", "<=", ">="
  std::string value;  // without its quotes
  bool quoted = false;
  bool star = false;  // a trailing '*'
  std::string raw;    // as written, without the leading '-'
};

// Strips `"..."` (and a '*' right after the closing quote) off `s`.
std::string Unquote(std::string_view s, bool& quoted, bool& star) {
  if (!s.empty() && s.front() == '"') {
    quoted = true;
    s.remove_prefix(1);
    if (s.ends_with("\"*")) {
      star = true;
      s.remove_suffix(2);
    } else if (s.ends_with('"')) {
      s.remove_suffix(1);
    }
  }
  std::string out;
  for (char c : s)
    if (c != '"') out.push_back(c);
  if (!quoted) {
    while (!out.empty() && out.back() == '*') {
      star = true;
      out.pop_back();
    }
  }
  return out;
}

std::vector<Token> Tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    while (i < n && IsSpace(s[i])) ++i;
    if (i >= n) break;
    Token t;
    if (s[i] == '-' && i + 1 < n && !IsSpace(s[i + 1])) {
      t.negated = true;
      ++i;
    }
    bool in_quotes = false;
    while (i < n && (in_quotes || !IsSpace(s[i]))) {
      if (s[i] == '"') in_quotes = !in_quotes;
      t.raw.push_back(s[i]);
      ++i;
    }
    std::size_t j = 0;
    while (j < t.raw.size() && IsKeyChar(t.raw[j])) ++j;
    if (j > 0 && j < t.raw.size() && (t.raw[j] == ':' || t.raw[j] == '<' || t.raw[j] == '>')) {
      t.key = Lower(std::string_view(t.raw).substr(0, j));
      t.op = t.raw.substr(j, 1);
      if (t.raw[j] != ':' && j + 1 < t.raw.size() && t.raw[j + 1] == '=') t.op += "=";
      t.value = Unquote(std::string_view(t.raw).substr(j + t.op.size()), t.quoted, t.star);
    } else {
      t.value = Unquote(t.raw, t.quoted, t.star);
    }
    out.push_back(std::move(t));
  }
  return out;
}

// Comparison of `level` against `pivot` with `op` ("<", "<=", ">", ">=").
bool Compare(std::size_t level, std::string_view op, std::size_t pivot) {
  if (op == "<") return level < pivot;
  if (op == "<=") return level <= pivot;
  if (op == ">") return level > pivot;
  return level >= pivot;
}

// An ordered scale (statuses, priorities) narrowed by key:value, key<value, -key:value...
template <std::size_t N>
class ScaleBuilder final {
 public:
  explicit ScaleBuilder(std::size_t ordered) : ordered_(ordered) { allowed_.set(); }
  void Equal(std::size_t bit, bool negated) {
    used_ = true;
    if (negated) {
      excluded_.set(bit);
    } else {
      equal_.set(bit);
      any_equal_ = true;
    }
  }
  void Compare(std::string_view op, std::size_t pivot, bool negated) {
    used_ = true;
    std::bitset<N> range;
    for (std::size_t i = 0; i < ordered_; ++i)
      if (chamado::Compare(i, op, pivot)) range.set(i);
    allowed_ &= negated ? ~range : range;
  }
  std::optional<std::bitset<N>> Result() const {
    if (!used_) return std::nullopt;
    std::bitset<N> all;
    all.set();
    return (any_equal_ ? equal_ : all) & allowed_ & ~excluded_;
  }

 private:
  std::size_t ordered_;
  bool used_ = false;
  bool any_equal_ = false;
  std::bitset<N> equal_, allowed_, excluded_;
};

// "24hours", "4days", "2weeks", "1month", "30minutes": the length, or nullopt.
std::optional<seconds> ParseRelative(std::string_view v) {
  std::size_t i = 0;
  while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) ++i;
  if (i == 0 || i == v.size() || i > 9) return std::nullopt;
  const std::int64_t n = *ToId(v.substr(0, i));
  const std::string unit = Lower(v.substr(i));
  std::int64_t each = 0;
  if (unit == "minute" || unit == "minutes" || unit == "min" || unit == "mins") each = 60;
  if (unit == "hour" || unit == "hours") each = 3600;
  if (unit == "day" || unit == "days") each = 86400;
  if (unit == "week" || unit == "weeks") each = 7 * 86400;
  if (unit == "month" || unit == "months") each = 30 * 86400;  // Limit: a month is 30 days
  if (unit == "year" || unit == "years") each = 365 * 86400;
  if (each == 0) return std::nullopt;
  if (n > 200LL * 365 * 86400 / each) return std::nullopt;  // at most 200 years back
  return seconds(n * each);
}

bool IsDateOnly(std::string_view v) {
  if (v.size() != 10 || v[4] != '-' || v[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(v[i]))) return false;
  return true;
}

// created>2024-01-01, updated<=2024-05-01T10:00:00Z, updated>24hours ("within the last 24 h").
// A day is the UTC day: created:2024-01-01 is that whole day, created>2024-01-01 starts the
// day after. Limit: days are UTC days, not the account's time zone.
Result<TimeRange> DateRange(const Token& t, Instant now) {
  if (t.negated) return Fail(QueryError(t.key + ": a date cannot be negated; use the opposite comparison"));
  Instant at{};
  seconds span{1};  // the instant's own length: a second, or a day for a date
  if (auto rel = ParseRelative(t.value)) {
    at = now - *rel;
    if (t.op == ":") return TimeRange{at, std::nullopt};  // key:24hours reads as "within"
  } else if (auto parsed = ParseIso(t.value)) {
    at = *parsed;
    if (IsDateOnly(t.value)) span = days(1);
  } else {
    return Fail(QueryError(t.key + ": '" + t.value +
                           "' is not a date (YYYY-MM-DD, an ISO 8601 time, or a relative time such as 24hours, "
                           "4days, 2weeks)"));
  }
  if (t.op == ":") return TimeRange{at, at + span};
  if (t.op == ">") return TimeRange{at + span, std::nullopt};
  if (t.op == ">=") return TimeRange{at, std::nullopt};
  if (t.op == "<") return TimeRange{std::nullopt, at};
  return TimeRange{std::nullopt, at + span};  // "<="
}

void Intersect(TimeRange& into, const TimeRange& r) {
  if (r.from) into.from = into.from ? std::max(*into.from, *r.from) : *r.from;
  if (r.until) into.until = into.until ? std::min(*into.until, *r.until) : *r.until;
}

Result<PersonRef> ParsePerson(const Token& t) {
  const std::string v = Lower(t.value);
  if (v == "me") return PersonRef{PersonRef::Kind::kMe, 0, ""};
  if (v == "none") return PersonRef{PersonRef::Kind::kNone, 0, ""};
  if (auto id = ToId(v)) return PersonRef{PersonRef::Kind::kId, *id, ""};
  if (v.find('@') != std::string::npos) {
    std::string email = NormalizeEmail(v);
    if (email.empty()) return Fail(QueryError(t.key + ": '" + t.value + "' is not a valid e-mail address"));
    return PersonRef{PersonRef::Kind::kEmail, 0, email};
  }
  return PersonRef{PersonRef::Kind::kName, 0, t.value};
}

Result<NamedRef> ParseNamed(const Token& t, bool id_only) {
  if (auto id = ToId(t.value)) return NamedRef{*id, "", false};
  if (Lower(t.value) == "none") return NamedRef{std::nullopt, "", true};
  if (id_only) return Fail(QueryError(t.key + ": '" + t.value + "' is not an id"));
  return NamedRef{std::nullopt, t.value, false};
}

template <typename T>
void AddTo(AnyNone<T>& set, T v, bool negated) {
  (negated ? set.none_of : set.any_of).push_back(std::move(v));
}

std::optional<Role> ParseRoleName(std::string_view v) {
  const std::string s = Lower(v);
  if (s == "end-user" || s == "end_user" || s == "enduser") return Role::kEndUser;
  return ParseRole(s);
}

// Full text from a token: a word, a quoted phrase, or an unknown key:value kept as written.
std::optional<TextTerm> TextOf(const Token& t, bool whole_raw) {
  TextTerm term;
  if (whole_raw) {
    bool quoted = false, star = false;
    term.text = Unquote(t.raw, quoted, star);
    term.phrase = true;
  } else {
    term.text = t.value;
    term.phrase = t.quoted;
    // Limit: prefixes shorter than 3 characters are searched as whole words (cost).
    term.prefix = t.star && term.text.size() >= 3;
  }
  if (!HasWordChars(term.text)) return std::nullopt;
  return term;
}

bool OnlyColon(const Token& t) { return t.op == ":"; }

}  // namespace

std::string_view SearchTypeName(SearchType t) {
  switch (t) {
    case SearchType::kTicket: return "ticket";
    case SearchType::kUser: return "user";
    case SearchType::kOrganization: return "organization";
  }
  return "ticket";
}

std::optional<SearchType> ParseSearchType(std::string_view name) {
  for (auto t : {SearchType::kTicket, SearchType::kUser, SearchType::kOrganization})
    if (SearchTypeName(t) == name) return t;
  return std::nullopt;
}

std::optional<StatusLevel> ParseStatusLevel(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, StatusLevel>, 6> kNames{{{"new", StatusLevel::kNew},
                                                                                   {"open", StatusLevel::kOpen},
                                                                                   {"pending", StatusLevel::kPending},
                                                                                   {"hold", StatusLevel::kHold},
                                                                                   {"solved", StatusLevel::kSolved},
                                                                                   {"closed", StatusLevel::kClosed}}};
  for (const auto& [n, l] : kNames)
    if (n == name) return l;
  return std::nullopt;
}

StatusLevel LevelOf(const Status& s) {
  if (s.closed) return StatusLevel::kClosed;
  switch (s.category) {
    case Category::kNew: return StatusLevel::kNew;
    case Category::kOpen: return StatusLevel::kOpen;
    case Category::kPending: return StatusLevel::kPending;
    case Category::kHold: return StatusLevel::kHold;
    case Category::kSolved: return StatusLevel::kSolved;
  }
  return StatusLevel::kOpen;
}

std::optional<SearchSort> ParseSearchSort(std::string_view name) {
  const std::string n = Lower(name);
  if (n == "created" || n == "created_at") return SearchSort::kCreated;
  if (n == "updated" || n == "updated_at") return SearchSort::kUpdated;
  if (n == "priority") return SearchSort::kPriority;
  if (n == "status") return SearchSort::kStatus;
  if (n == "relevance") return SearchSort::kRelevance;
  return std::nullopt;
}

Result<SearchQuery> ParseSearchQuery(std::string_view text, Instant now) {
  if (text.size() > kMaxQueryBytes)
    return Fail(QueryError("is longer than " + std::to_string(kMaxQueryBytes) + " bytes"));
  std::string clean(text);
  for (auto& c : clean)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';  // control characters never reach the index
  auto tokens = Tokenize(clean);
  if (tokens.size() > kMaxQueryTerms)
    return Fail(QueryError("has more than " + std::to_string(kMaxQueryTerms) + " terms"));

  SearchQuery q;
  ScaleBuilder<kStatusLevels> statuses(kStatusLevels);
  ScaleBuilder<kPriorityBits> priorities(4);
  for (const auto& t : tokens) {
    const std::string& k = t.key;
    auto needs_colon = [&]() -> Result<void> {
      if (!OnlyColon(t)) return Fail(QueryError(k + ": compare with ':' only"));
      return {};
    };
    auto not_negated = [&]() -> Result<void> {
      if (t.negated) return Fail(QueryError(k + ": cannot be negated"));
      return {};
    };
    const bool known = k == "type" || k == "status" || k == "priority" || k == "custom_status_id" || k == "requester" ||
                       k == "assignee" || k == "tags" || k == "tag" || k == "group" || k == "group_id" ||
                       k == "organization" || k == "organization_id" || k == "created" || k == "updated" ||
                       k == "subject" || k == "order_by" || k == "sort" || k == "role";
    if (!known) {
      // Plain words and phrases, and unknown key:value as text (Zendesk does the same).
      auto term = TextOf(t, !k.empty());
      if (term) (t.negated ? q.excluded : q.terms).push_back(std::move(*term));
      continue;
    }
    if (t.value.empty()) return Fail(QueryError(k + ": needs a value"));
    Result<void> ok;
    if (k == "type") {
      if (!(ok = needs_colon()) || !(ok = not_negated())) return Fail(ok.error());
      auto type = ParseSearchType(Lower(t.value));
      if (!type) return Fail(QueryError("type: '" + t.value + "' cannot be searched (ticket, user, organization)"));
      if (q.type && *q.type != *type) return Fail(QueryError("type: one type per query"));
      q.type = type;
    } else if (k == "status") {
      auto level = ParseStatusLevel(Lower(t.value));
      if (!level)
        return Fail(QueryError("status: '" + t.value + "' is not a status (new, open, pending, hold, solved, closed)"));
      if (t.op == ":")
        statuses.Equal(static_cast<std::size_t>(*level), t.negated);
      else
        statuses.Compare(t.op, static_cast<std::size_t>(*level), t.negated);
    } else if (k == "priority") {
      const std::string v = Lower(t.value);
      if (v == "none") {
        if (!(ok = needs_colon())) return Fail(ok.error());
        priorities.Equal(kPriorityNoneBit, t.negated);
        continue;
      }
      auto p = ParsePriority(v);
      if (!p)
        return Fail(QueryError("priority: '" + t.value + "' is not a priority (low, normal, high, urgent, none)"));
      if (t.op == ":")
        priorities.Equal(static_cast<std::size_t>(*p), t.negated);
      else
        priorities.Compare(t.op, static_cast<std::size_t>(*p), t.negated);
    } else if (k == "custom_status_id") {
      if (!(ok = needs_colon())) return Fail(ok.error());
      auto id = ToId(t.value);
      if (!id) return Fail(QueryError("custom_status_id: '" + t.value + "' is not an id"));
      AddTo(q.custom_status_ids, *id, t.negated);
    } else if (k == "requester" || k == "assignee") {
      if (!(ok = needs_colon())) return Fail(ok.error());
      auto who = ParsePerson(t);
      if (!who) return Fail(who.error());
      AddTo(k == "requester" ? q.requesters : q.assignees, *who, t.negated);
    } else if (k == "tags" || k == "tag") {
      if (!(ok = needs_colon())) return Fail(ok.error());
      for (auto& tag : NormalizeTags({t.value})) AddTo(q.tags, tag, t.negated);
    } else if (k == "group" || k == "group_id" || k == "organization" || k == "organization_id") {
      if (!(ok = needs_colon())) return Fail(ok.error());
      auto ref = ParseNamed(t, k.ends_with("_id"));
      if (!ref) return Fail(ref.error());
      AddTo(k.starts_with("group") ? q.groups : q.organizations, *ref, t.negated);
    } else if (k == "created" || k == "updated") {
      auto range = DateRange(t, now);
      if (!range) return Fail(range.error());
      Intersect(k == "created" ? q.created : q.updated, *range);
    } else if (k == "subject") {
      if (!(ok = needs_colon())) return Fail(ok.error());
      auto term = TextOf(t, false);
      if (!term) continue;
      term->subject_only = true;
      (t.negated ? q.excluded : q.terms).push_back(std::move(*term));
    } else if (k == "order_by") {
      if (!(ok = needs_colon()) || !(ok = not_negated())) return Fail(ok.error());
      q.sort_by = ParseSearchSort(t.value);
      if (!q.sort_by)
        return Fail(QueryError("order_by: '" + t.value + "' is not sortable (created, updated, priority, status)"));
    } else if (k == "sort") {
      if (!(ok = needs_colon()) || !(ok = not_negated())) return Fail(ok.error());
      const std::string v = Lower(t.value);
      if (v != "asc" && v != "desc") return Fail(QueryError("sort: asc or desc"));
      q.descending = v == "desc";
    } else if (k == "role") {
      if (!(ok = needs_colon()) || !(ok = not_negated())) return Fail(ok.error());
      auto role = ParseRoleName(t.value);
      if (!role) return Fail(QueryError("role: '" + t.value + "' is not a role (end-user, agent, admin)"));
      q.roles.push_back(*role);
    }
  }
  q.statuses = statuses.Result();
  q.priorities = priorities.Result();
  return q;
}

namespace {

// Base letters of U+00C0..U+00FF (lower-cased; "" keeps the character).
constexpr std::array<std::string_view, 64> kLatin1{
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",   // C0-CF
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",  // D0-DF
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",   // E0-EF
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};  // F0-FF

// Base letters of U+0100..U+017F (Latin Extended-A), by ranges.
std::string_view LatinExtendedA(char32_t c) {
  struct Span {
    char32_t last;
    std::string_view base;
  };
  static constexpr std::array<Span, 21> kSpans{
      {{0x105, "a"},  {0x10D, "c"}, {0x111, "d"}, {0x11B, "e"}, {0x123, "g"}, {0x127, "h"}, {0x131, "i"},
       {0x133, "ij"}, {0x135, "j"}, {0x138, "k"}, {0x142, "l"}, {0x14B, "n"}, {0x151, "o"}, {0x153, "oe"},
       {0x159, "r"},  {0x161, "s"}, {0x167, "t"}, {0x173, "u"}, {0x175, "w"}, {0x178, "y"}, {0x17E, "z"}}};
  for (const auto& s : kSpans)
    if (c <= s.last) return s.base;
  return "s";  // U+017F long s
}

}  // namespace

std::string FoldForSearch(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 < 0x80) {
      out.push_back(static_cast<char>(std::tolower(b0)));
      ++i;
      continue;
    }
    // Two-byte sequences cover U+0080..U+07FF, where the Latin letters with accents live.
    if ((b0 & 0xE0) == 0xC0 && i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) {
      const char32_t cp = (static_cast<char32_t>(b0 & 0x1F) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3F);
      std::string_view base;
      if (cp >= 0xC0 && cp <= 0xFF) base = kLatin1[cp - 0xC0];
      if (cp >= 0x100 && cp <= 0x17F) base = LatinExtendedA(cp);
      if (!base.empty())
        out += base;
      else
        out.append(text.substr(i, 2));
      i += 2;
      continue;
    }
    out.push_back(text[i]);
    ++i;
  }
  return out;
}

}  // namespace chamado
