#pragma once
// The list of common passwords (config/common-passwords.txt, embedded in the binary at build
// time by cmake/embed.cmake) as the predicate app::AccountService takes.
#include <cstddef>
#include <functional>
#include <string_view>

namespace chamado::config {

// True when `lower_password` (already lower-cased, as domain CheckPassword passes it) is on
// the shipped list. The list is parsed once, on first use; thread-safe.
bool IsCommonPassword(std::string_view lower_password);
// The same, as the std::function AccountService wants.
std::function<bool(std::string_view)> CommonPasswords();
// How many passwords the shipped list holds (tests, the startup log).
std::size_t CommonPasswordCount();

}  // namespace chamado::config
