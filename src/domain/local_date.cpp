#include "domain/local_date.hpp"

#include <algorithm>
#include <cstdio>

namespace chamado {
namespace {

using namespace std::chrono;

bool Digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int Number(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

}  // namespace

std::optional<LocalDay> ParseLocalDate(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  if (!Digits(t.substr(0, 4)) || !Digits(t.substr(5, 2)) || !Digits(t.substr(8, 2))) return std::nullopt;
  const year_month_day ymd{year(Number(t.substr(0, 4))), month(static_cast<unsigned>(Number(t.substr(5, 2)))),
                           day(static_cast<unsigned>(Number(t.substr(8, 2))))};
  if (!ymd.ok()) return std::nullopt;
  return sys_days(ymd);
}

std::string FormatLocalDate(LocalDay d) {
  const year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

int YearOf(LocalDay d) { return static_cast<int>(year_month_day{d}.year()); }

std::optional<int> ParseMinuteOfDay(std::string_view t) {
  if (t.size() != 5 || t[2] != ':' || !Digits(t.substr(0, 2)) || !Digits(t.substr(3, 2))) return std::nullopt;
  const int h = Number(t.substr(0, 2));
  const int m = Number(t.substr(3, 2));
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

std::string FormatMinuteOfDay(int minute) {
  char buf[16];  // room for any int (the compiler checks the worst case)
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60, minute % 60);
  return buf;
}

}  // namespace chamado
