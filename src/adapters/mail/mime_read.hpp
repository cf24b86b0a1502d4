#pragma once
// The GMime work behind GMimeParser (mime_parse.hpp): one RFC 5322 message read into an
// InboundMessage. Kept free of app/ and <expected> so the fuzz build (tests/fuzz, clang 14,
// whose C++23 cannot compile std::expected of a class type) compiles exactly this code.
// Caps: nesting depth, part count, address and reference counts (docs/email.md "Parsing").
#include <optional>
#include <string>
#include <string_view>

#include "domain/mail.hpp"

namespace chamado::mail {

struct MimeRead {
  std::optional<InboundMessage> message;  // empty when the input is not a message at all
  std::string error;                      // why, then
};

void InitMime();  // initialises GMime once per process (ReadMime does it too)
MimeRead ReadMime(std::string_view raw);

}  // namespace chamado::mail
