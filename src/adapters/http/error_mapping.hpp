#pragma once
#include <boost/json.hpp>

#include "adapters/http/message.hpp"
#include "domain/error.hpp"

namespace chamado::http {

// The one place ErrorCode becomes an HTTP status and a Zendesk-shaped body (§3).
Response ErrorResponse(const Error& e);
Response JsonResponse(int status, const boost::json::value& body);
// The figures of the rate-limit headers. The defaults are what is sent while limits are off
// (Zendesk's own figures, so clients pace themselves as they would against Zendesk).
struct RateFigures {
  int limit = 700;
  int remaining = 699;
  int reset_seconds = 60;
  int retry_after_seconds = 60;  // used only on a 429
};

// Rate-limit headers go on every response (zendesk-compat.md §5); Retry-After only on a
// 429 (the error's own when ErrorResponse set one, else from `f`; removed from anything else).
void AddStandardHeaders(Response& r, const RateFigures& f = {});

}  // namespace chamado::http
