#include "adapters/mail/mime_parse.hpp"

#include <utility>

#include "adapters/mail/mime_read.hpp"

namespace chamado::mail {

GMimeParser::GMimeParser() { InitMime(); }

Result<InboundMessage> GMimeParser::Parse(std::string_view raw) {
  MimeRead read = ReadMime(raw);
  if (!read.message) return Fail(Error::Invalid("message", "InvalidValue", read.error));
  return std::move(*read.message);
}

}  // namespace chamado::mail
