#include "adapters/http/json_sla.hpp"

#include <algorithm>
#include <charconv>

#include "adapters/http/json_input.hpp"

namespace chamado::http {
namespace {

bool IncludesSlas(const Request& r) {
  const std::string* inc = r.Query("include");
  if (!inc) return false;
  std::string_view s(*inc);
  std::size_t i = 0;
  while (i <= s.size()) {
    auto j = s.find(',', i);
    if (j == std::string_view::npos) j = s.size();
    if (s.substr(i, j - i) == "slas") return true;
    i = j + 1;
  }
  return false;
}

// A condition's value as Zendesk shows it: group ids as numbers, everything else as text.
json::value ConditionValue(const SlaCondition& c) {
  if (c.field == "group_id") {
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(c.value.data(), c.value.data() + c.value.size(), v);
    if (ec == std::errc() && p == c.value.data() + c.value.size()) return v;
  }
  return json::string(c.value);
}

json::array ConditionsJson(const std::vector<SlaCondition>& cs) {
  json::array a;
  for (const auto& c : cs)
    a.push_back(json::object{{"field", c.field}, {"operator", c.op}, {"value", ConditionValue(c)}});
  return a;
}

// [{field, operator, value}] with value a string, number or boolean (kept as text).
std::optional<std::vector<SlaCondition>> ParseConditions(const json::value* v, const std::string& where,
                                                         FieldReader& errors) {
  std::vector<SlaCondition> out;
  if (!v || v->is_null()) return out;
  if (!v->is_array()) {
    errors.Invalid("filter", "Filter: " + where + " must be a list of conditions");
    return std::nullopt;
  }
  for (const auto& e : v->as_array()) {
    const json::object* o = e.if_object();
    const json::value* field = o ? o->if_contains("field") : nullptr;
    const json::value* op = o ? o->if_contains("operator") : nullptr;
    const json::value* val = o ? o->if_contains("value") : nullptr;
    if (!field || !field->is_string() || !op || !op->is_string()) {
      errors.Invalid("filter", "Filter: each condition of " + where + " needs a field and an operator (strings)");
      return std::nullopt;
    }
    SlaCondition c{std::string(field->as_string()), std::string(op->as_string()), ""};
    if (val && val->is_string())
      c.value = std::string(val->as_string());
    else if (val && val->is_int64())
      c.value = std::to_string(val->as_int64());
    else if (val && val->is_uint64())
      c.value = std::to_string(val->as_uint64());
    else if (val && val->is_bool())
      c.value = val->as_bool() ? "true" : "false";
    else if (val && !val->is_null()) {
      errors.Invalid("filter", "Filter: a condition's value must be a string, a number or a boolean");
      return std::nullopt;
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::optional<std::vector<SlaPolicyMetric>> ParseMetrics(const json::value* v, FieldReader& errors) {
  std::vector<SlaPolicyMetric> out;
  if (!v->is_array()) {
    errors.Invalid("policy_metrics", "Policy metrics: must be a list");
    return std::nullopt;
  }
  for (const auto& e : v->as_array()) {
    const json::object* o = e.if_object();
    if (!o) {
      errors.Invalid("policy_metrics", "Policy metrics: each one must be an object");
      return std::nullopt;
    }
    FieldReader f(*o);
    SlaPolicyMetric m;
    const auto priority = f.Str("priority");
    const auto metric = f.Str("metric");
    const auto target = f.Int("target");
    const auto business = f.Bool("business_hours");
    const auto days = f.Int("chamado_business_days");
    const auto pauses = f.IntList("chamado_pause_status_ids");
    if (!f.ok()) {
      errors.Invalid("policy_metrics", "Policy metrics: " + f.error().fields.at(0).description);
      return std::nullopt;
    }
    if (!priority || !ParsePriority(*priority)) {
      errors.Invalid("policy_metrics", "Policy metrics: priority must be low, normal, high or urgent");
      return std::nullopt;
    }
    m.priority = *ParsePriority(*priority);
    m.metric = metric.value_or("");
    m.target = target.value_or(0);
    m.business_hours = business.value_or(false);
    if (days) m.business_days = static_cast<int>(std::clamp<std::int64_t>(*days, -1, 1000000));
    if (pauses) m.pause_status_ids = *pauses;
    out.push_back(std::move(m));
  }
  return out;
}

json::value Remaining(const std::optional<Instant>& breach_at, Instant now, std::int64_t unit_minutes,
                      std::int64_t modulo) {
  if (!breach_at) return nullptr;
  const std::int64_t secs = (*breach_at - now).count();
  const std::int64_t minutes = secs >= 0 ? secs / 60 : -((-secs) / 60);
  const std::int64_t abs = minutes < 0 ? -minutes : minutes;
  std::int64_t v = abs / unit_minutes;
  if (modulo) v %= modulo;
  return minutes < 0 ? -v : v;
}

json::array SegmentsJson(const std::vector<TimeSegment>& segs) {
  json::array a;
  for (const auto& s : segs) {
    const std::int64_t secs = (s.to - s.from).count();
    a.push_back(
        json::object{{"from", Time(s.from)},
                     {"to", Time(s.to)},
                     {"counted", s.counted},
                     {"minutes", secs / 60},
                     {"seconds", secs},
                     {"reason", s.reason.empty() ? json::value(nullptr) : json::value(json::string(s.reason))}});
  }
  return a;
}

}  // namespace

json::object SlaPolicyJson(const SlaPolicy& p, const Urls& u) {
  json::array metrics;
  for (const auto& m : p.metrics) {
    json::array pauses;
    for (auto id : m.pause_status_ids) pauses.push_back(id);
    metrics.push_back(
        json::object{{"priority", PriorityName(m.priority)},
                     {"metric", m.metric},
                     {"target", m.target},
                     {"business_hours", m.business_hours},
                     {"chamado_business_days", m.business_days ? json::value(*m.business_days) : json::value(nullptr)},
                     {"chamado_pause_status_ids", std::move(pauses)}});
  }
  json::object o;
  o["id"] = p.id;
  o["url"] = u.Api("slas/policies/" + std::to_string(p.id));
  o["title"] = p.title;
  o["description"] = p.description;
  o["position"] = p.position;
  o["filter"] = json::object{{"all", ConditionsJson(p.filter.all)}, {"any", ConditionsJson(p.filter.any)}};
  o["policy_metrics"] = std::move(metrics);
  o["created_at"] = Time(p.created_at);
  o["updated_at"] = Time(p.updated_at);
  return o;
}

Result<app::SlaPolicyInput> ParseSlaPolicy(const std::string& body) {
  auto obj = ParseRoot(body, "sla_policy");
  if (!obj) return Fail(obj.error());
  FieldReader f(*obj);
  app::SlaPolicyInput in;
  in.title = f.Str("title");
  in.description = f.Str("description");
  if (auto pos = f.Int("position")) in.position = static_cast<int>(std::clamp<std::int64_t>(*pos, -1, 1000000));
  if (const json::value* fv = f.Raw("filter"); fv && !fv->is_null()) {
    if (!fv->is_object()) {
      f.Invalid("filter", "Filter: must be an object {all: [...], any: [...]}");
    } else {
      SlaFilter filter;
      auto all = ParseConditions(fv->as_object().if_contains("all"), "all", f);
      auto any = ParseConditions(fv->as_object().if_contains("any"), "any", f);
      if (all && any) {
        filter.all = std::move(*all);
        filter.any = std::move(*any);
        in.filter = std::move(filter);
      }
    }
  }
  if (const json::value* mv = f.Raw("policy_metrics"); mv && !mv->is_null())
    if (auto ms = ParseMetrics(mv, f)) in.metrics = std::move(*ms);
  if (!f.ok()) return Fail(f.error());
  return in;
}

json::object TicketSlasJson(const std::vector<app::TicketSla>& rows, Instant now) {
  json::array metrics;
  for (const auto& r : rows) {
    const bool open = r.stage == kStageActive;
    const std::optional<Instant> due = open ? r.breach_at : std::nullopt;
    metrics.push_back(json::object{{"breach_at", OptTime(r.breach_at)},
                                   {"stage", r.stage},
                                   {"metric", r.metric},
                                   {"days", Remaining(due, now, 1440, 0)},
                                   {"hours", Remaining(due, now, 60, 24)},
                                   {"minutes", Remaining(due, now, 1, 60)},
                                   {"chamado_breached", r.IsBreachedAt(now)},
                                   {"chamado_business_hours", r.business_hours},
                                   {"chamado_target_minutes", r.target_minutes},
                                   {"chamado_achieved_at", OptTime(r.achieved_at)}});
  }
  return json::object{{"policy_metrics", std::move(metrics)}};
}

json::object SlaExplanationJson(const app::SlaExplanation& e) {
  json::object policy;
  if (e.policy) policy = json::object{{"id", e.policy->id}, {"title", e.policy->title}};
  json::value calendar = nullptr;
  if (!e.calendar.time_zone.empty())
    calendar = json::object{{"schedule_id", OptId(e.calendar.schedule_id)},
                            {"name", e.calendar.name},
                            {"time_zone", e.calendar.time_zone},
                            {"business_day_minutes", e.calendar.business_day_minutes}};
  json::array targets;
  for (const auto& t : e.targets) {
    const bool breached = t.breached || (t.stage == kStageActive && t.breach_at && *t.breach_at <= e.now);
    targets.push_back(json::object{{"metric", t.metric},
                                   {"priority", PriorityName(t.priority)},
                                   {"target_minutes", t.target_minutes},
                                   {"business_hours", t.business_hours},
                                   {"started_at", Time(t.started_at)},
                                   {"breach_at", OptTime(t.breach_at)},
                                   {"stage", t.stage},
                                   {"achieved_at", OptTime(t.achieved_at)},
                                   {"breached", breached},
                                   {"explanation", SegmentsJson(t.explanation)}});
  }
  json::object o;
  o["ticket_id"] = e.ticket_id;
  o["now"] = Time(e.now);
  o["priority"] = PriorityName(e.priority);
  o["policy"] = e.policy ? json::value(std::move(policy)) : json::value(nullptr);
  o["calendar"] = std::move(calendar);
  o["targets"] = std::move(targets);
  return o;
}

Result<void> AddSlaFields(json::array& objects, const std::vector<Ticket>& tickets, Ctx& c, ApiDeps& d,
                          bool customer_view) {
  app::SlaService svc(d.store, d.clock, d.workflow);
  if (customer_view) {
    auto due = svc.DueDatesOf(tickets);
    if (!due) return Fail(due.error());
    for (std::size_t i = 0; i < tickets.size() && i < objects.size(); ++i)
      if (json::object* o = objects[i].if_object()) (*o)["chamado_due_at"] = OptTime((*due)[i]);
    return {};
  }
  if (!IncludesSlas(c.req)) return {};
  auto rows = svc.TargetsOf(c.caller, tickets);
  if (!rows) return Fail(rows.error());
  const Instant now = svc.Now();
  for (std::size_t i = 0; i < tickets.size() && i < objects.size(); ++i)
    if (json::object* o = objects[i].if_object()) (*o)["slas"] = TicketSlasJson((*rows)[i], now);
  return {};
}

Result<void> AddSlaFields(json::object& object, const Ticket& t, Ctx& c, ApiDeps& d, bool customer_view) {
  json::array one{std::move(object)};
  auto r = AddSlaFields(one, {t}, c, d, customer_view);
  object = std::move(one[0].as_object());
  return r;
}

}  // namespace chamado::http
