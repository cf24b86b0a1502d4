#pragma once
// Reading request bodies: the root object, and typed fields whose wrong type is a 422
// naming the field. Unknown fields are ignored, like Zendesk.
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "domain/ticket_change.hpp"

namespace chamado::http {
namespace json = boost::json;

// Parses `body` and returns the object under `root` ({"ticket": {...}}).
Result<json::object> ParseRoot(const std::string& body, const std::string& root);
Result<json::value> ParseJson(const std::string& body);

class FieldReader {
 public:
  explicit FieldReader(const json::object& o) : o_(o) {}

  bool Has(const char* key) const { return o_.contains(key); }
  const json::value* Raw(const char* key) const { return o_.if_contains(key); }
  std::optional<std::string> Str(const char* key);
  std::optional<std::int64_t> Int(const char* key);
  std::optional<bool> Bool(const char* key);
  Patch<std::int64_t> NullableInt(const char* key);
  Patch<std::string> NullableStr(const char* key);
  std::optional<std::vector<std::string>> StrList(const char* key);
  std::optional<std::vector<std::int64_t>> IntList(const char* key);

  void Invalid(const std::string& field, const std::string& what);
  bool ok() const { return !error_; }
  const Error& error() const { return *error_; }

 private:
  void WrongType(const char* key, const char* expected);
  const json::object& o_;
  std::optional<Error> error_;
};

}  // namespace chamado::http
