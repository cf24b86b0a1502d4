#pragma once
// What the config adapter's TOML readers share (workflow files, holiday sets): a problem
// located at its line, and the one-line error "FILE:LINE: what is wrong" it becomes.
// Internal to the adapter: included only by its .cpp files.
#include <toml++/toml.h>

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

#include "domain/error.hpp"

namespace chamado::config::toml_reading {

// A problem in the file: its line (0 when unknown) and what is wrong.
struct Located {
  std::uint32_t line = 0;
  std::string message;
};
template <typename T>
using Parsed = std::expected<T, Located>;

inline std::unexpected<Located> At(const toml::node& n, std::string message) {
  return std::unexpected(Located{n.source().begin.line, std::move(message)});
}

inline std::string Quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

inline Error Failure(std::string_view source, const Located& problem) {
  std::string text(source);
  if (problem.line > 0) text += ":" + std::to_string(problem.line);
  return Error{ErrorCode::kInvalid, text + ": " + problem.message, {}};
}

// Parses `toml_text` (named `source_name` in messages) and reads it with `read(root)`, which
// returns Parsed<T>; a syntax error or a reading problem becomes Failure(source_name, ...).
template <typename Read>
auto ParseTomlWith(std::string_view toml_text, std::string_view source_name, Read read)
    -> Result<typename std::invoke_result_t<Read, const toml::table&>::value_type> {
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    return Fail(Failure(source_name, Located{e.source().begin.line, std::string(e.description())}));
  }
  auto value = read(root);
  if (!value) return Fail(Failure(source_name, value.error()));
  return std::move(*value);
}

}  // namespace chamado::config::toml_reading
