#pragma once
// Holiday-set files (config/holidays/*.toml, docs/calendars.md "File format") into the domain's
// HolidaySet. The shipped sets are embedded in the binary at build time (cmake/embed.cmake),
// so a deployment needs no data directory.
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/holidays.hpp"

namespace chamado::config {

// Parses and validates one file's text. On failure the error (kInvalid) has a one-line
// description naming `source_name`, the line where known, and the problem, e.g.
// "config/holidays/mx.toml:14: holiday 'Día de la Constitución': 'weekday' must be one of ...".
Result<HolidaySet> ParseHolidaySet(std::string_view toml_text, std::string_view source_name);

// The shipped sets, parsed once (thread-safe), sorted by id: what src/main hands to
// app::CalendarService. A shipped file that does not parse is a build defect (config_test
// parses them all): it aborts with the error.
const std::vector<HolidaySet>& ShippedHolidaySets();

// The days of shipped set `id` and of the sets it extends, years from_year..to_year.
// Errors: 422 on "holiday_sets" for an unknown id.
Result<std::vector<HolidayDay>> ResolveHolidaySet(std::string_view id, int from_year, int to_year);

}  // namespace chamado::config
