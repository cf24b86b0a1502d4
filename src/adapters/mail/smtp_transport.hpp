#pragma once
// Sending over SMTP with libcurl (docs/email.md "Sending"): app::MailTransport.
#include <string>

#include "app/mail_ports.hpp"

namespace chamado::mail {

struct SmtpOptions {
  std::string url;   // smtp://host:port (STARTTLS when the server offers it) or smtps://host:port
  std::string user;  // AUTH when set
  std::string password;
  long connect_timeout_seconds = 10;
  long timeout_seconds = 60;  // the whole conversation
};

class SmtpTransport final : public app::MailTransport {
 public:
  explicit SmtpTransport(SmtpOptions o);
  // Connection failures, timeouts and 4xx answers: kUnavailable (retry later). 5xx answers
  // (recipient or message refused): kInvalid with the server's words. Authentication refused
  // (530/534/535) is kUnavailable: the operator fixes the settings, the mail waits.
  Result<void> Send(const OutboundEmail& m) override;
  std::string Describe() const override;

 private:
  SmtpOptions o_;
};

}  // namespace chamado::mail
