#pragma once
// Inbound MIME with GMime 3 (docs/email.md "Parsing"): app::MailParser.
#include "app/mail_ports.hpp"

namespace chamado::mail {

class GMimeParser final : public app::MailParser {
 public:
  GMimeParser();  // initialises GMime once per process
  Result<InboundMessage> Parse(std::string_view raw) override;
};

}  // namespace chamado::mail
