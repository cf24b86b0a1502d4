#pragma once
// Local calendar dates and times of day as text, the way the API and the stores write them:
// "2026-02-16" and "08:30" (24:00 is the end of a day). Pure.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace chamado {

using LocalDay = std::chrono::sys_days;  // a local calendar date (the days since 1970-01-01)

std::optional<LocalDay> ParseLocalDate(std::string_view text);  // "2026-02-16"; nullopt unless a real date
std::string FormatLocalDate(LocalDay d);
int YearOf(LocalDay d);
std::optional<int> ParseMinuteOfDay(std::string_view text);  // "08:30", "24:00" -> 510, 1440
std::string FormatMinuteOfDay(int minute);                   // 510 -> "08:30", 1440 -> "24:00"

}  // namespace chamado
