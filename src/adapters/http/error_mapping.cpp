#include "adapters/http/error_mapping.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace chamado::http {
namespace json = boost::json;

Response JsonResponse(int status, const json::value& body) {
  Response r;
  r.status = status;
  r.body = json::serialize(body);
  return r;
}

Response ErrorResponse(const Error& e) {
  int status = 500;
  json::object body;
  switch (e.code) {
    case ErrorCode::kInvalid: {
      status = 422;
      json::object details;
      for (const auto& f : e.fields) {
        auto& arr = details[f.field].emplace_array();
        (void)arr;
      }
      for (const auto& f : e.fields)
        details[f.field].as_array().push_back({{"description", f.description}, {"error", f.error}});
      body = {{"error", "RecordInvalid"}, {"description", e.description}, {"details", std::move(details)}};
      break;
    }
    case ErrorCode::kBadRequest:
      status = 400;
      body = {{"error", "InvalidRequest"}, {"description", e.description}};
      break;
    case ErrorCode::kUnauthenticated:
      status = 401;
      body = {{"error", "Couldn't authenticate you"}};
      break;
    case ErrorCode::kForbidden:
      status = 403;
      body = {{"error", "Forbidden"}, {"description", e.description}};
      break;
    case ErrorCode::kNotFound:
      status = 404;
      body = {{"error", "RecordNotFound"}, {"description", "Not found"}};
      break;
    case ErrorCode::kConflict:
      status = 409;
      body = {{"error", "UpdateConflict"}, {"description", e.description}};
      break;
    case ErrorCode::kRateLimited:
      status = 429;
      body = {{"error", "TooManyRequests"}, {"description", e.description}};
      break;
    case ErrorCode::kUnavailable:
      status = 503;
      body = {{"error", "ServiceUnavailable"}, {"description", e.description}};
      break;
    case ErrorCode::kInternal:
      status = 500;
      // Internal details stay in the log, not in the answer.
      body = {{"error", "InternalError"}, {"description", "Internal server error"}};
      break;
  }
  auto r = JsonResponse(status, body);
  if (status == 429) r.headers.emplace_back("Retry-After", "60");
  return r;
}

void AddStandardHeaders(Response& r, const RateFigures& f) {
  // node-zendesk reads any Retry-After as "rate limited", whatever the status.
  std::erase_if(r.headers, [](const auto& h) {
    return h.first.size() == 11 && std::equal(h.first.begin(), h.first.end(), "retry-after", [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == b;
           });
  });
  if (r.status == 429) r.headers.emplace_back("Retry-After", std::to_string(std::max(1, f.retry_after_seconds)));
  r.headers.emplace_back("X-Rate-Limit", std::to_string(f.limit));
  r.headers.emplace_back("X-Rate-Limit-Remaining", std::to_string(f.remaining));
  r.headers.emplace_back("ratelimit-limit", std::to_string(f.limit));
  r.headers.emplace_back("ratelimit-remaining", std::to_string(f.remaining));
  r.headers.emplace_back("ratelimit-reset", std::to_string(f.reset_seconds));
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
}

}  // namespace chamado::http
