#pragma once
#include <boost/json.hpp>

#include "adapters/http/message.hpp"
#include "domain/error.hpp"

namespace chamado::http {

// The one place ErrorCode becomes an HTTP status and a Zendesk-shaped body (§3).
Response ErrorResponse(const Error& e);
Response JsonResponse(int status, const boost::json::value& body);
// Rate-limit headers go on every response (zendesk-compat.md §5); never Retry-After
// except on a 429.
void AddStandardHeaders(Response& r);

}  // namespace chamado::http
