#pragma once
// Method + path pattern -> handler. Patterns use ":id" for an integer segment, and any other
// ":name" for a segment of any text (an upload token, a file name), kept in Ctx::words.
#include <functional>
#include <string>
#include <vector>

#include "adapters/http/json_mapping.hpp"
#include "adapters/http/message.hpp"
#include "domain/access.hpp"

namespace chamado::http {

enum class AuthMode {
  kRequired,  // 401 without valid credentials
  kOptional,  // anonymous allowed; bad credentials still 401
  kLenient,   // bad credentials read as anonymous (GET /users/me, like Zendesk)
  kNone,      // no credentials looked at (healthz)
};

struct Ctx {
  Request& req;
  Caller caller;
  Urls urls;
  std::vector<std::int64_t> ids;   // the ":id" segments, in order
  std::string locale;              // caller's preferred locale for labels
  std::vector<std::string> words;  // the other ":name" segments, in order (decoded path text)
  // ---- accounts: the browser session the caller came with (the chamado_session cookie); 0
  // when they came with a token or anonymously.
  std::int64_t session_id = 0;
};

using RouteHandler = std::function<Response(Ctx&)>;

struct Route {
  std::string method;
  std::vector<std::string> segments;
  AuthMode auth;
  RouteHandler handler;
};

class Router {
 public:
  void Add(std::string method, const std::string& pattern, AuthMode auth, RouteHandler h);
  // The matching route and its ids; nullptr when none. `method_mismatch` is set when
  // the path exists under another method (405).
  const Route* Match(const std::string& method, const std::string& path, std::vector<std::int64_t>& ids,
                     bool& method_mismatch, std::vector<std::string>* words = nullptr) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace chamado::http
