#pragma once
// "Sending" to files (docs/email.md "Sending"): without mail.smtp_url every message is written
// to DATA/mail-out/<created unix time>-<outbox id>.eml, for a look before a mail server is set
// up, and for the tests.
#include <filesystem>
#include <string>

#include "app/mail_ports.hpp"
#include "app/ports.hpp"

namespace chamado::mail {

class FileTransport final : public app::MailTransport {
 public:
  // `log` may be null.
  FileTransport(std::filesystem::path dir, app::Logger* log);
  // Written atomically (a temp file renamed); a resend overwrites the same name with the same
  // bytes. Errors (disk full, permissions): kUnavailable.
  Result<void> Send(const OutboundEmail& m) override;
  std::string Describe() const override;

 private:
  std::filesystem::path dir_;
  app::Logger* log_;
};

}  // namespace chamado::mail
