#pragma once
// `chamado mailgate --url URL --token TOKEN [--recipient ADDR]` (docs/email.md "Mailgate"):
// reads one RFC 5322 message on stdin and POSTs it to a running server. Exit codes for the
// MTA: 0 stored (also a duplicate, ignored or suspended message), 75 EX_TEMPFAIL (server down,
// 5xx, a rejected token: the MTA keeps the message and retries), 65 EX_DATAERR (the server
// will never accept it). Needs no data dir and no config: it runs as the MTA's pipe user.
#include <string>

namespace chamado {

int RunMailgate(const std::string& url, const std::string& token, const std::string& recipient);

}  // namespace chamado
