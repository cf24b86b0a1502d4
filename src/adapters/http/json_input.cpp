#include "adapters/http/json_input.hpp"

namespace chamado::http {

Result<json::value> ParseJson(const std::string& body) {
  boost::system::error_code ec;
  json::parse_options opt;
  opt.max_depth = 32;
  json::value v = json::parse(body, ec, {}, opt);
  if (ec) return Fail(Error::BadRequest("The request body is not valid JSON: " + ec.message()));
  return v;
}

Result<json::object> ParseRoot(const std::string& body, const std::string& root) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos)
    return Fail(Error::BadRequest("The request body is empty; expected {\"" + root + "\": {...}}"));
  auto v = ParseJson(body);
  if (!v) return Fail(v.error());
  if (!v->is_object()) return Fail(Error::BadRequest("The request body must be a JSON object"));
  auto* r = v->as_object().if_contains(root);
  if (!r) return Fail(Error::Invalid(root, "BlankValue", "The body must hold a \"" + root + "\" object"));
  if (!r->is_object()) return Fail(Error::Invalid(root, "InvalidValue", "\"" + root + "\" must be an object"));
  return r->as_object();
}

void FieldReader::Invalid(const std::string& field, const std::string& what) {
  if (!error_)
    error_ = Error::Invalid(field, "InvalidValue", what);
  else
    error_->fields.push_back({field, "InvalidValue", what});
}

void FieldReader::WrongType(const char* key, const char* expected) {
  Invalid(key, std::string(key) + ": must be " + expected);
}

std::optional<std::string> FieldReader::Str(const char* key) {
  auto* v = o_.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_string()) {
    WrongType(key, "a string");
    return std::nullopt;
  }
  return std::string(v->as_string());
}

std::optional<std::int64_t> FieldReader::Int(const char* key) {
  auto* v = o_.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64() && v->as_uint64() < (1ULL << 53)) return static_cast<std::int64_t>(v->as_uint64());
  WrongType(key, "an integer");
  return std::nullopt;
}

std::optional<bool> FieldReader::Bool(const char* key) {
  auto* v = o_.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_bool()) {
    WrongType(key, "true or false");
    return std::nullopt;
  }
  return v->as_bool();
}

Patch<std::int64_t> FieldReader::NullableInt(const char* key) {
  auto* v = o_.if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<std::int64_t>{};
  if (auto i = Int(key)) return std::optional<std::int64_t>{*i};
  return std::nullopt;
}

Patch<std::string> FieldReader::NullableStr(const char* key) {
  auto* v = o_.if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<std::string>{};
  if (auto s = Str(key)) return std::optional<std::string>{*s};
  return std::nullopt;
}

std::optional<std::vector<std::string>> FieldReader::StrList(const char* key) {
  auto* v = o_.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_array()) {
    WrongType(key, "an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& e : v->as_array()) {
    if (!e.is_string()) {
      WrongType(key, "an array of strings");
      return std::nullopt;
    }
    out.emplace_back(e.as_string());
  }
  return out;
}

std::optional<std::vector<std::int64_t>> FieldReader::IntList(const char* key) {
  auto* v = o_.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_array()) {
    WrongType(key, "an array of integers");
    return std::nullopt;
  }
  std::vector<std::int64_t> out;
  for (const auto& e : v->as_array()) {
    if (!e.is_int64()) {
      WrongType(key, "an array of integers");
      return std::nullopt;
    }
    out.push_back(e.as_int64());
  }
  return out;
}

}  // namespace chamado::http
