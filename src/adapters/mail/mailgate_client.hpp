#pragma once
// The client half of `chamado mailgate` (docs/email.md "Mailgate"): one raw message POSTed to a
// running server's /api/v2/chamado/mail/inbound. No data dir, no config: it runs as the MTA's
// pipe user.
#include <string>

namespace chamado::mail {

struct MailgateAnswer {
  int http_status = 0;  // 0: the server could not be reached
  std::string body;     // the server's answer, or curl's error text
};

MailgateAnswer PostInboundMail(const std::string& base_url, const std::string& token, const std::string& recipient,
                               const std::string& raw, long timeout_seconds = 120);

// The exit code the MTA understands: 0 stored (also a duplicate, ignored or suspended
// message), 65 EX_DATAERR (the server will never accept it: 4xx other than 401/403/408/429),
// 75 EX_TEMPFAIL (unreachable, 5xx, a rejected token, rate limits: the MTA retries later).
int MailgateExitCode(int http_status);

}  // namespace chamado::mail
