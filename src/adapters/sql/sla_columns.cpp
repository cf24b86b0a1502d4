#include "adapters/sql/sla_columns.hpp"

#include <boost/json.hpp>

namespace chamado::sql {
namespace json = boost::json;
namespace {

json::array ConditionsJson(const std::vector<SlaCondition>& cs) {
  json::array a;
  for (const auto& c : cs) a.push_back(json::object{{"field", c.field}, {"operator", c.op}, {"value", c.value}});
  return a;
}

std::string Str(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::vector<SlaCondition> ConditionsFrom(const json::value* v) {
  std::vector<SlaCondition> out;
  if (!v || !v->is_array()) return out;
  for (const auto& e : v->as_array()) {
    if (!e.is_object()) continue;
    const auto& o = e.as_object();
    out.push_back(SlaCondition{Str(o, "field"), Str(o, "operator"), Str(o, "value")});
  }
  return out;
}

json::value Parse(const std::string& text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  return ec ? json::value() : v;
}

}  // namespace

std::string SlaFilterToJson(const SlaFilter& f) {
  return json::serialize(json::object{{"all", ConditionsJson(f.all)}, {"any", ConditionsJson(f.any)}});
}

SlaFilter SlaFilterFromJson(const std::string& text) {
  SlaFilter f;
  const auto v = Parse(text);
  if (!v.is_object()) return f;
  f.all = ConditionsFrom(v.as_object().if_contains("all"));
  f.any = ConditionsFrom(v.as_object().if_contains("any"));
  return f;
}

std::string SlaMetricsToJson(const std::vector<SlaPolicyMetric>& v) {
  json::array a;
  for (const auto& m : v) {
    json::object o{{"priority", PriorityName(m.priority)},
                   {"metric", m.metric},
                   {"target", m.target},
                   {"business_hours", m.business_hours}};
    if (m.business_days) o["business_days"] = *m.business_days;
    if (!m.pause_status_ids.empty()) {
      json::array ids;
      for (auto id : m.pause_status_ids) ids.push_back(id);
      o["pause_status_ids"] = std::move(ids);
    }
    a.push_back(std::move(o));
  }
  return json::serialize(a);
}

std::vector<SlaPolicyMetric> SlaMetricsFromJson(const std::string& text) {
  std::vector<SlaPolicyMetric> out;
  const auto v = Parse(text);
  if (!v.is_array()) return out;
  for (const auto& e : v.as_array()) {
    if (!e.is_object()) continue;
    const auto& o = e.as_object();
    SlaPolicyMetric m;
    m.priority = ParsePriority(Str(o, "priority")).value_or(Priority::kNormal);
    m.metric = Str(o, "metric");
    if (const auto* t = o.if_contains("target"); t && t->is_int64()) m.target = t->as_int64();
    if (const auto* b = o.if_contains("business_hours"); b && b->is_bool()) m.business_hours = b->as_bool();
    if (const auto* d = o.if_contains("business_days"); d && d->is_int64())
      m.business_days = static_cast<int>(d->as_int64());
    if (const auto* ids = o.if_contains("pause_status_ids"); ids && ids->is_array())
      for (const auto& id : ids->as_array())
        if (id.is_int64()) m.pause_status_ids.push_back(id.as_int64());
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace chamado::sql
