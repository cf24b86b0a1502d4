#include "domain/time.hpp"

#include <date/date.h>

#include <cstdio>
#include <sstream>

namespace chamado {

// Hot path (every ticket in every response): civil-date arithmetic, no stream or locale.
std::string FormatIso(Instant t) {
  const auto day = std::chrono::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<std::chrono::seconds> hms{t - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

std::optional<Instant> ParseIso(std::string_view text) {
  const std::string s(text);
  for (const char* fmt : {"%Y-%m-%dT%H:%M:%S%Ez", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"}) {
    std::istringstream in(s);
    date::sys_time<std::chrono::milliseconds> tp;
    in >> date::parse(fmt, tp);
    if (!in.fail()) {
      // Reject trailing garbage, allowing only a final 'Z' after a bare time.
      in >> std::ws;
      if (in.peek() == 'Z') in.get();
      if (in.peek() == std::char_traits<char>::eof()) return std::chrono::floor<std::chrono::seconds>(tp);
    }
  }
  return std::nullopt;
}

}  // namespace chamado
