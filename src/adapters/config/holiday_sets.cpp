#include "adapters/config/holiday_sets.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <expected>
#include <optional>
#include <span>
#include <utility>

#include "adapters/config/toml_reading.hpp"

namespace chamado::config {

// Generated at build time from config/holidays/*.toml: (file name, text).
std::vector<std::pair<std::string_view, std::string_view>> ShippedHolidaySetFiles();

namespace {

using namespace toml_reading;  // Located, Parsed, At, Quoted, Failure

constexpr std::string_view kShippedDir = "config/holidays/";
constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2200;

Parsed<void> CheckKeys(const toml::table& t, std::span<const std::string_view> allowed, const std::string& where) {
  for (auto&& [k, v] : t) {
    if (std::ranges::find(allowed, k.str()) != allowed.end()) continue;
    std::string expected;
    for (auto a : allowed) expected += (expected.empty() ? "" : ", ") + std::string(a);
    return std::unexpected(Located{k.source().begin.line,
                                   where + "unknown key " + Quoted(k.str()) + " (expected one of: " + expected + ")"});
  }
  return {};
}

Parsed<std::optional<std::string>> OptString(const toml::table& t, std::string_view key, const std::string& where) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return std::nullopt;
  const auto* s = n->as_string();
  if (s == nullptr || s->get().empty()) return At(*n, where + Quoted(key) + " must be a non-empty string");
  return s->get();
}

Parsed<std::optional<int>> OptInt(const toml::table& t, std::string_view key, const std::string& where, int min,
                                  int max) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return std::nullopt;
  const auto* i = n->as_integer();
  if (i == nullptr || i->get() < min || i->get() > max) {
    return At(*n,
              where + Quoted(key) + " must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return static_cast<int>(i->get());
}

// A non-empty run of decimal digits.
std::optional<int> Digits(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// "MM-DD" (a date that exists in a leap year).
std::optional<std::pair<unsigned, unsigned>> ParseMonthDay(std::string_view s) {
  if (s.size() != 5 || s[2] != '-') return std::nullopt;
  const auto m = Digits(s.substr(0, 2));
  const auto d = Digits(s.substr(3, 2));
  if (!m || !d) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{2024}, std::chrono::month{static_cast<unsigned>(*m)},
                                        std::chrono::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return std::pair{static_cast<unsigned>(*m), static_cast<unsigned>(*d)};
}

// "YYYY-MM-DD".
std::optional<LocalDay> ParseDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  const auto y = Digits(s.substr(0, 4));
  const auto md = ParseMonthDay(s.substr(5));
  if (!y || !md) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{*y}, std::chrono::month{md->first},
                                        std::chrono::day{md->second}};
  if (!ymd.ok()) return std::nullopt;
  return LocalDay{ymd};
}

// "HH:MM" (24:00 allowed) in minutes.
std::optional<int> ParseTime(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  const auto h = Digits(s.substr(0, 2));
  const auto m = Digits(s.substr(3, 2));
  if (!h || !m || *m > 59 || *h * 60 + *m > 1440) return std::nullopt;
  return *h * 60 + *m;
}

constexpr std::string_view kWeekdays[] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};

constexpr std::string_view kHolidayKeys[] = {"name", "date", "easter", "nth",   "weekday", "month",
                                             "on",   "move", "from",   "until", "except",  "hours"};

Parsed<HolidayRule> ReadRule(const toml::table& t, std::size_t index) {
  HolidayRule r;
  std::string where = "holiday #" + std::to_string(index + 1) + ": ";
  if (auto ok = CheckKeys(t, kHolidayKeys, where); !ok) return std::unexpected(ok.error());
  auto name = OptString(t, "name", where);
  if (!name) return std::unexpected(name.error());
  if (!*name) return std::unexpected(Located{t.source().begin.line, where + "missing 'name'"});
  r.name = std::move(**name);
  where = "holiday " + Quoted(r.name) + ": ";

  const int kinds = (t.contains("date") ? 1 : 0) + (t.contains("easter") ? 1 : 0) + (t.contains("nth") ? 1 : 0) +
                    (t.contains("on") ? 1 : 0);
  if (kinds != 1) {
    return std::unexpected(
        Located{t.source().begin.line, where + "give exactly one of 'date' (\"MM-DD\"), 'easter' (days from Easter), "
                                               "'nth' (with 'weekday' and 'month') or 'on' (\"YYYY-MM-DD\")"});
  }
  if (!t.contains("nth") && (t.contains("weekday") || t.contains("month"))) {
    return std::unexpected(
        Located{t.source().begin.line, where + "'weekday' and 'month' go with 'nth' (the nth weekday of a month)"});
  }
  if (const toml::node* n = t.get("date")) {
    const auto* s = n->as_string();
    const auto md = s ? ParseMonthDay(s->get()) : std::nullopt;
    if (!md) return At(*n, where + "'date' must be a month and day, \"MM-DD\" (\"11-20\")");
    r.kind = HolidayRule::Kind::kFixed;
    r.month = md->first;
    r.day = md->second;
  } else if (t.contains("easter")) {
    auto offset = OptInt(t, "easter", where, -100, 100);
    if (!offset) return std::unexpected(offset.error());
    r.kind = HolidayRule::Kind::kEaster;
    r.easter_offset = **offset;
  } else if (t.contains("nth")) {
    r.kind = HolidayRule::Kind::kNthWeekday;
    const toml::node* nth_node = t.get("nth");
    const auto* nth = nth_node->as_integer();
    if (nth == nullptr || !((nth->get() >= 1 && nth->get() <= 5) || nth->get() == -1)) {
      return At(*nth_node, where + "'nth' must be 1 to 5, or -1 for the last");
    }
    r.nth = static_cast<int>(nth->get());
    auto wd = OptString(t, "weekday", where);
    if (!wd) return std::unexpected(wd.error());
    const auto it = *wd ? std::ranges::find(kWeekdays, **wd) : std::end(kWeekdays);
    if (it == std::end(kWeekdays)) {
      return std::unexpected(
          Located{t.source().begin.line, where + "'weekday' must be one of: sunday, monday, tuesday, wednesday, "
                                                 "thursday, friday, saturday"});
    }
    r.weekday = static_cast<unsigned>(it - std::begin(kWeekdays));
    auto month = OptInt(t, "month", where, 1, 12);
    if (!month) return std::unexpected(month.error());
    if (!*month) return std::unexpected(Located{t.source().begin.line, where + "'nth' needs 'month' (1 to 12)"});
    r.month = static_cast<unsigned>(**month);
  } else {
    const toml::node* on = t.get("on");
    const auto* text = on->as_string();
    const auto d = text ? ParseDate(text->get()) : std::nullopt;
    if (!d) return At(*on, where + "'on' must be a date, \"YYYY-MM-DD\"");
    r.kind = HolidayRule::Kind::kOnce;
    r.date = *d;
    if (t.contains("move") || t.contains("from") || t.contains("until") || t.contains("except")) {
      return At(*on, where + "a one-off date ('on') takes no 'move', 'from', 'until' or 'except'");
    }
  }

  auto move = OptString(t, "move", where);
  if (!move) return std::unexpected(move.error());
  if (*move) {
    if (**move == "next_monday") {
      r.move = HolidayRule::Move::kNextMonday;
    } else if (**move == "ar_trasladable") {
      r.move = HolidayRule::Move::kArgentina;
    } else {
      return At(*t.get("move"), where + "'move' must be \"next_monday\" or \"ar_trasladable\"");
    }
  }
  auto from = OptInt(t, "from", where, kMinYear, kMaxYear);
  if (!from) return std::unexpected(from.error());
  r.from_year = *from;
  auto until = OptInt(t, "until", where, kMinYear, kMaxYear);
  if (!until) return std::unexpected(until.error());
  r.until_year = *until;
  if (r.from_year && r.until_year && *r.from_year > *r.until_year) {
    return At(*t.get("until"), where + "'until' is before 'from'");
  }
  if (const toml::node* n = t.get("except")) {
    const auto* arr = n->as_array();
    if (arr == nullptr) return At(*n, where + "'except' must be a list of years, like [2023]");
    for (const toml::node& e : *arr) {
      const auto* y = e.as_integer();
      if (y == nullptr || y->get() < kMinYear || y->get() > kMaxYear) {
        return At(*n, where + "'except' must be a list of years, like [2023]");
      }
      r.except_years.push_back(static_cast<int>(y->get()));
    }
  }
  if (const toml::node* n = t.get("hours")) {
    const auto* arr = n->as_array();
    const std::string shape = where + "'hours' must be a list of \"HH:MM-HH:MM\" (open hours of a half day)";
    if (arr == nullptr || arr->empty()) return At(*n, shape);
    for (const toml::node& e : *arr) {
      const auto* s = e.as_string();
      if (s == nullptr || s->get().size() != 11 || s->get()[5] != '-') return At(*n, shape);
      const auto a = ParseTime(std::string_view(s->get()).substr(0, 5));
      const auto b = ParseTime(std::string_view(s->get()).substr(6, 5));
      if (!a || !b || *a >= *b) return At(*n, shape);
      r.hours.push_back({*a, *b});
    }
    std::ranges::sort(r.hours, {}, &DayInterval::start);
    for (std::size_t i = 1; i < r.hours.size(); ++i) {
      if (r.hours[i].start < r.hours[i - 1].end) return At(*n, where + "'hours' overlap");
    }
  }
  return r;
}

constexpr std::string_view kTopKeys[] = {"id", "name", "version", "region", "extends", "years", "holiday"};

Parsed<HolidaySet> ReadSet(const toml::table& root) {
  HolidaySet s;
  if (auto ok = CheckKeys(root, kTopKeys, ""); !ok) return std::unexpected(ok.error());
  const auto required = [&](std::string_view key, std::string& out) -> Parsed<void> {
    auto v = OptString(root, key, "");
    if (!v) return std::unexpected(v.error());
    if (!*v) return std::unexpected(Located{0, "missing " + Quoted(key)});
    out = std::move(**v);
    return {};
  };
  for (auto [key, out] : {std::pair{"id", &s.id}, std::pair{"name", &s.name}, std::pair{"version", &s.version},
                          std::pair{"region", &s.region}}) {
    if (auto ok = required(key, *out); !ok) return std::unexpected(ok.error());
  }
  if (!std::ranges::all_of(s.id, [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; })) {
    return At(*root.get("id"), "'id' must be lowercase letters, digits and '-' (\"br-sp\")");
  }
  auto extends = OptString(root, "extends", "");
  if (!extends) return std::unexpected(extends.error());
  s.extends = std::move(*extends);
  if (s.extends == s.id) return At(*root.get("extends"), "a set cannot extend itself");

  const toml::node* years = root.get("years");
  const auto* arr = years ? years->as_array() : nullptr;
  const std::string years_shape = "'years' must be [first, last], the years whose dates were checked ([2015, 2035])";
  if (arr == nullptr || arr->size() != 2 || !arr->get(0)->is_integer() || !arr->get(1)->is_integer()) {
    return years ? At(*years, years_shape) : std::unexpected(Located{0, "missing 'years': " + years_shape});
  }
  s.first_year = static_cast<int>(arr->get(0)->as_integer()->get());
  s.last_year = static_cast<int>(arr->get(1)->as_integer()->get());
  if (s.first_year < kMinYear || s.last_year > kMaxYear || s.first_year > s.last_year) return At(*years, years_shape);

  const toml::node* holidays = root.get("holiday");
  const auto* list = holidays ? holidays->as_array() : nullptr;
  if (list == nullptr || list->empty()) {
    return std::unexpected(Located{0, "no [[holiday]] tables"});
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto* t = list->get(i)->as_table();
    if (t == nullptr) return At(*list->get(i), "'holiday' must be [[holiday]] tables");
    auto r = ReadRule(*t, i);
    if (!r) return std::unexpected(r.error());
    s.rules.push_back(std::move(*r));
  }
  return s;
}

std::vector<HolidaySet> LoadShipped() {
  std::vector<HolidaySet> sets;
  for (auto [name, text] : ShippedHolidaySetFiles()) {
    if (text.starts_with('\n')) text.remove_prefix(1);  // the embedding adds one; keep line numbers true
    auto s = ParseHolidaySet(text, std::string(kShippedDir) + std::string(name));
    if (!s) {
      std::fprintf(stderr, "chamado: shipped holiday set is invalid: %s\n", s.error().description.c_str());
      std::abort();
    }
    sets.push_back(std::move(*s));
  }
  std::ranges::sort(sets, {}, &HolidaySet::id);
  return sets;
}

}  // namespace

Result<HolidaySet> ParseHolidaySet(std::string_view toml_text, std::string_view source_name) {
  return toml_reading::ParseTomlWith(toml_text, source_name, ReadSet);
}

const std::vector<HolidaySet>& ShippedHolidaySets() {
  static const std::vector<HolidaySet> sets = LoadShipped();
  return sets;
}

Result<std::vector<HolidayDay>> ResolveHolidaySet(std::string_view id, int from_year, int to_year) {
  return chamado::ResolveHolidaySet(ShippedHolidaySets(), id, from_year, to_year);
}

}  // namespace chamado::config
