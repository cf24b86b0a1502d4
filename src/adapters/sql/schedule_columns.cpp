#include "adapters/sql/schedule_columns.hpp"

#include <boost/json.hpp>

namespace chamado::sql {
namespace json = boost::json;
namespace {

// Each element's two named integers; elements without them are skipped (the store wrote them).
template <typename T>
std::vector<T> Pairs(const std::string& text, const char* a, const char* b) {
  std::vector<T> out;
  if (text.empty() || text == "[]") return out;
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.as_array()) {
    const auto* o = e.if_object();
    if (!o) continue;
    const auto* x = o->if_contains(a);
    const auto* y = o->if_contains(b);
    if (x && y && x->is_int64() && y->is_int64())
      out.push_back(T{static_cast<int>(x->as_int64()), static_cast<int>(y->as_int64())});
  }
  return out;
}

}  // namespace

std::string WeekIntervalsToJson(const std::vector<WeekInterval>& v) {
  json::array a;
  for (const auto& i : v) a.push_back(json::object{{"start_time", i.start_time}, {"end_time", i.end_time}});
  return json::serialize(a);
}

std::vector<WeekInterval> WeekIntervalsFromJson(const std::string& text) {
  return Pairs<WeekInterval>(text, "start_time", "end_time");
}

std::string DayIntervalsToJson(const std::vector<DayInterval>& v) {
  json::array a;
  for (const auto& i : v) a.push_back(json::object{{"start", i.start}, {"end", i.end}});
  return json::serialize(a);
}

std::vector<DayInterval> DayIntervalsFromJson(const std::string& text) {
  return Pairs<DayInterval>(text, "start", "end");
}

}  // namespace chamado::sql
