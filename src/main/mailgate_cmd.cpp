#include "main/mailgate_cmd.hpp"

#include <iostream>
#include <iterator>

#include "adapters/mail/mailgate_client.hpp"

namespace chamado {

int RunMailgate(const std::string& url, const std::string& token, const std::string& recipient) {
  std::string raw((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  const auto answer = mail::PostInboundMail(url, token, recipient, raw);
  const int code = mail::MailgateExitCode(answer.http_status);
  if (code == 0) {
    std::cout << answer.body << "\n";
    return 0;
  }
  // Loud: the MTA logs what the pipe wrote; an operator reads why mail waits or bounced.
  std::cerr << "chamado mailgate: "
            << (answer.http_status == 0
                    ? "cannot reach " + url + ": " + answer.body
                    : "the server answered " + std::to_string(answer.http_status) + ": " + answer.body)
            << (code == 75 ? " (temporary failure: the MTA will retry)" : " (the message will not be accepted)")
            << (answer.http_status == 401 || answer.http_status == 403 ? " -- CHECK THE MAILGATE TOKEN" : "")
            << std::endl;
  return code;
}

}  // namespace chamado
