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
  // ---- accounts: a throttle that knows when it lifts (login failures, account mails) says so;
  // otherwise AddStandardHeaders puts the rate limiter's figure on a 429.
  if (e.retry_after_seconds > 0) r.headers.emplace_back("Retry-After", std::to_string(e.retry_after_seconds));
  return r;
}

void AddStandardHeaders(Response& r, const RateFigures& f) {
  // node-zendesk reads any Retry-After as "rate limited", whatever the status. A 429 keeps the
  // one its error set (ErrorResponse: Error::retry_after_seconds), else gets the limiter's.
  auto is_retry_after = [](const auto& h) {
    return h.first.size() == 11 && std::equal(h.first.begin(), h.first.end(), "retry-after", [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == b;
           });
  };
  const bool has_own = r.status == 429 && std::any_of(r.headers.begin(), r.headers.end(), is_retry_after);
  if (!has_own) std::erase_if(r.headers, is_retry_after);
  if (r.status == 429 && !has_own)
    r.headers.emplace_back("Retry-After", std::to_string(std::max(1, f.retry_after_seconds)));
  r.headers.emplace_back("X-Rate-Limit", std::to_string(f.limit));
  r.headers.emplace_back("X-Rate-Limit-Remaining", std::to_string(f.remaining));
  r.headers.emplace_back("ratelimit-limit", std::to_string(f.limit));
  r.headers.emplace_back("ratelimit-remaining", std::to_string(f.remaining));
  r.headers.emplace_back("ratelimit-reset", std::to_string(f.reset_seconds));
  // API answers are never cached; the portal's files (static_site.cpp) set their own.
  auto has = [&r](std::string_view name) {
    return std::any_of(r.headers.begin(), r.headers.end(), [&](const auto& h) { return h.first == name; });
  };
  if (!has("Cache-Control")) r.headers.emplace_back("Cache-Control", "no-store");
  if (!has("X-Content-Type-Options")) r.headers.emplace_back("X-Content-Type-Options", "nosniff");
}

}  // namespace chamado::http
