#pragma once
// One error vocabulary for the whole program. Expected failures travel as values
// (Result<T>); the HTTP adapter maps ErrorCode to a status and a Zendesk-shaped body
// in exactly one place (adapters/http/error_mapping.cpp).
#include <expected>
#include <string>
#include <utility>
#include <vector>

namespace chamado {

enum class ErrorCode {
  kInvalid,          // validation failed (422); details name the fields
  kBadRequest,       // malformed input: JSON, parameters (400)
  kUnauthenticated,  // missing or bad credentials (401)
  kForbidden,        // authenticated but not allowed (403)
  kNotFound,         // unknown, or not visible to the caller (404)
  kConflict,         // stale safe_update, unique clash (409)
  kRateLimited,      // (429)
  kUnavailable,      // store down, shutting down (503)
  kInternal,         // a bug or an unexpected I/O failure (500)
};

struct FieldError {
  std::string field;        // "subject", "status", "base"
  std::string error;        // Zendesk's code: "BlankValue", "InvalidValue", "TransitionNotAllowed"
  std::string description;  // human text naming the field and rule
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string description;
  std::vector<FieldError> fields;
  // kRateLimited: seconds until a retry may succeed (the Retry-After header); 0 otherwise.
  int retry_after_seconds = 0;

  static Error Invalid(std::string field, std::string error, std::string description) {
    Error e{ErrorCode::kInvalid, "Record validation errors", {}};
    e.fields.push_back({std::move(field), std::move(error), std::move(description)});
    return e;
  }
  static Error BadRequest(std::string d) { return {ErrorCode::kBadRequest, std::move(d), {}}; }
  static Error NotFound() { return {ErrorCode::kNotFound, "Not found", {}}; }
  static Error Forbidden(
      std::string d =
          "You do not have access to this page. Please contact the account owner of this help desk for further help.") {
    return {ErrorCode::kForbidden, std::move(d), {}};
  }
  static Error Unauthenticated() { return {ErrorCode::kUnauthenticated, "Couldn't authenticate you", {}}; }
  static Error Conflict(std::string d) { return {ErrorCode::kConflict, std::move(d), {}}; }
  static Error Internal(std::string d) { return {ErrorCode::kInternal, std::move(d), {}}; }
  static Error Unavailable(std::string d) { return {ErrorCode::kUnavailable, std::move(d), {}}; }
  static Error RateLimited(std::string d, int retry_after) {
    return {ErrorCode::kRateLimited, std::move(d), {}, retry_after < 1 ? 1 : retry_after};
  }
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> Fail(Error e) { return std::unexpected<Error>(std::move(e)); }

}  // namespace chamado
