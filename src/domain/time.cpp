#include "domain/time.hpp"

#include <date/date.h>

#include <sstream>

namespace chamado {

std::string FormatIso(Instant t) { return date::format("%Y-%m-%dT%H:%M:%SZ", t); }

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
