#pragma once
// Turning credentials into a Caller. The HTTP adapter parses headers into Credentials.
#include <string>

#include "app/ports.hpp"
#include "domain/access.hpp"

namespace chamado::app {

struct Credentials {
  enum class Kind { kNone, kBasicToken, kBasicPassword, kBearer };
  Kind kind = Kind::kNone;
  std::string email;   // Basic: the part before "/token" or ":"
  std::string secret;  // token or password
};

// kNone gives the anonymous caller. A token works only for its own user (a Basic header
// naming another user's e-mail is refused); passwords are not accepted on the API.
Result<Caller> Authenticate(Store& store, Crypto& crypto, const Credentials& cred);

}  // namespace chamado::app
