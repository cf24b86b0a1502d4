#pragma once
// The JSON text columns of schedules (sqlite 0008_schedules.sql, postgres 0010_schedules.sql):
// weekly intervals [{"start_time":1950,"end_time":2520}] and a half day's hours
// [{"start":510,"end":720}] (minutes from local midnight).
#include <string>
#include <vector>

#include "domain/calendar.hpp"

namespace chamado::sql {

std::string WeekIntervalsToJson(const std::vector<WeekInterval>& v);
std::vector<WeekInterval> WeekIntervalsFromJson(const std::string& text);
std::string DayIntervalsToJson(const std::vector<DayInterval>& v);
std::vector<DayInterval> DayIntervalsFromJson(const std::string& text);

}  // namespace chamado::sql
