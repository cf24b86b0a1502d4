#include "adapters/sql/json_columns.hpp"

#include <boost/json.hpp>

namespace chamado::sql {
namespace json = boost::json;

std::string IdsToJson(const std::vector<std::int64_t>& ids) {
  json::array a;
  for (auto id : ids) a.push_back(id);
  return json::serialize(a);
}

std::vector<std::int64_t> IdsFromJson(const std::string& text) {
  std::vector<std::int64_t> out;
  if (text.empty() || text == "[]") return out;  // the common case: no parse
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.as_array())
    if (e.is_int64()) out.push_back(e.as_int64());
  return out;
}

std::string StringsToJson(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.push_back(json::string(s));
  return json::serialize(a);
}

std::vector<std::string> StringsFromJson(const std::string& text) {
  std::vector<std::string> out;
  if (text.empty() || text == "[]") return out;  // the common case: no parse
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.as_array())
    if (e.is_string()) out.emplace_back(e.as_string());
  return out;
}

std::string FieldsToJson(const std::vector<CustomFieldValue>& v) {
  json::array a;
  for (const auto& f : v) {
    json::object o;
    o["id"] = f.id;
    struct V {
      json::value operator()(std::monostate) const { return nullptr; }
      json::value operator()(bool b) const { return b; }
      json::value operator()(std::int64_t i) const { return i; }
      json::value operator()(double d) const { return d; }
      json::value operator()(const std::string& s) const { return json::string(s); }
      json::value operator()(const std::vector<std::string>& l) const {
        json::array arr;
        for (const auto& s : l) arr.push_back(json::string(s));
        return arr;
      }
    };
    o["value"] = std::visit(V{}, f.value);
    a.push_back(std::move(o));
  }
  return json::serialize(a);
}

std::vector<CustomFieldValue> FieldsFromJson(const std::string& text) {
  std::vector<CustomFieldValue> out;
  if (text.empty() || text == "[]") return out;  // the common case: no parse
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.as_array()) {
    if (!e.is_object()) continue;
    const auto& o = e.as_object();
    CustomFieldValue f;
    if (auto* id = o.if_contains("id"); id && id->is_int64()) f.id = id->as_int64();
    if (auto* val = o.if_contains("value")) {
      if (val->is_bool())
        f.value = val->as_bool();
      else if (val->is_int64())
        f.value = val->as_int64();
      else if (val->is_double())
        f.value = val->as_double();
      else if (val->is_string())
        f.value = std::string(val->as_string());
      else if (val->is_array()) {
        std::vector<std::string> l;
        for (const auto& s : val->as_array())
          if (s.is_string()) l.emplace_back(s.as_string());
        f.value = l;
      }
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace chamado::sql
