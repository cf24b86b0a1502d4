#pragma once
// Instants are values passed in; the domain never reads a clock.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chamado {

using Instant = std::chrono::sys_seconds;

// "2026-03-02T12:00:00Z" (Zendesk's format: UTC, second precision).
std::string FormatIso(Instant t);
// Accepts "YYYY-MM-DDTHH:MM:SSZ", fractional seconds, "+HH:MM" offsets, and "YYYY-MM-DD".
std::optional<Instant> ParseIso(std::string_view text);
inline std::int64_t UnixSeconds(Instant t) { return t.time_since_epoch().count(); }
inline Instant FromUnix(std::int64_t s) { return Instant{std::chrono::seconds{s}}; }

}  // namespace chamado
