// SLA policies: the metric vocabulary, validation, matching a ticket, the PRODUCT.md §5 default
// and the priority from the availability field. The targets are in sla_targets.cpp, the history
// they read in sla_history.cpp.
#include "domain/sla.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <set>
#include <utility>

namespace chamado {
namespace {

constexpr std::array<std::string_view, 7> kMetrics = {kFirstReplyTime,    kNextReplyTime, kPeriodicUpdateTime,
                                                      kRequesterWaitTime, kAgentWorkTime, kResolutionTime,
                                                      kEscalationTime};

// Limit: targets are capped at one year (in minutes, or business days) so that computing a due
// date always ends quickly.
constexpr std::int64_t kMaxTargetMinutes = 366 * 24 * 60;
constexpr int kMaxBusinessDays = 366;

std::optional<std::int64_t> ParseInt(std::string_view text) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return v;
}

std::string MetricNames() {
  std::string s;
  for (auto m : kMetrics) s += (s.empty() ? "" : ", ") + std::string(m);
  return s;
}

// The id of a "custom_fields_<id>" condition field, nullopt for any other field.
std::optional<std::int64_t> CustomFieldId(std::string_view field) {
  constexpr std::string_view kPrefix = "custom_fields_";
  if (!field.starts_with(kPrefix)) return std::nullopt;
  auto id = ParseInt(field.substr(kPrefix.size()));
  if (!id || *id <= 0) return std::nullopt;
  return id;
}

bool KnownField(std::string_view f) {
  return f == "priority" || f == "group_id" || f == "type" || f == "via" || f == "topic" || CustomFieldId(f);
}

// Checks one condition; `where` is "filter.all[0]" and the like, for the message.
void CheckCondition(const SlaCondition& c, const std::string& where, Error& err) {
  auto bad = [&](std::string rule, std::string what) {
    err.fields.push_back({"filter", std::move(rule), "Filter: " + where + " " + std::move(what)});
  };
  if (!KnownField(c.field)) {
    bad("UnknownField",
        "field '" + c.field + "' is not one of priority, group_id, type, via, topic or custom_fields_<id>");
    return;
  }
  const bool ordered = c.field == "priority" && (c.op == "less_than" || c.op == "greater_than");
  if (c.op != "is" && c.op != "is_not" && !ordered) {
    bad("UnknownOperator", "operator '" + c.op + "' is not is or is_not" +
                               (c.field == "priority" ? std::string(" (or less_than, greater_than)") : ""));
    return;
  }
  if (c.field == "priority" && !ParsePriority(c.value))
    bad("InvalidValue", "priority '" + c.value + "' is not low, normal, high or urgent");
  if (c.field == "type" && !c.value.empty() && !ParseTicketType(c.value))
    bad("InvalidValue", "type '" + c.value + "' is not question, incident, problem or task");
  if (c.field == "group_id" && !c.value.empty() && !ParseInt(c.value))
    bad("InvalidValue", "group_id '" + c.value + "' is not a group id");
  if (c.field == "via" && c.value.empty()) bad("BlankValue", "via needs a channel (web, api, email, chat)");
}

std::string MetricWhere(std::size_t i, const SlaPolicyMetric& m) {
  return "#" + std::to_string(i + 1) + " (" + m.metric + ", " + std::string(PriorityName(m.priority)) + ")";
}

std::string FieldText(const FieldValue& v) {
  struct V {
    std::string operator()(std::monostate) const { return ""; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return std::to_string(d); }
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(const std::vector<std::string>& v) const {
      std::string s;
      for (const auto& x : v) s += (s.empty() ? "" : " ") + x;
      return s;
    }
  };
  return std::visit(V{}, v);
}

const FieldValue* FindField(const std::vector<CustomFieldValue>& fields, std::int64_t id) {
  for (const auto& f : fields)
    if (f.id == id) return &f.value;
  return nullptr;
}

// Does the custom field hold `value`? A multiselect holds each of its options.
bool FieldIs(const FieldValue* v, const std::string& value) {
  if (!v) return value.empty();
  if (const auto* many = std::get_if<std::vector<std::string>>(v))
    return value.empty() ? many->empty() : std::find(many->begin(), many->end(), value) != many->end();
  return FieldText(*v) == value;
}

bool ConditionHolds(const SlaCondition& c, const Ticket& t, std::int64_t topic_field_id) {
  if (c.field == "priority") {
    const auto want = ParsePriority(c.value);
    if (!want) return false;
    const Priority have = t.priority.value_or(Priority::kNormal);
    if (c.op == "less_than") return have < *want;
    if (c.op == "greater_than") return have > *want;
    return (have == *want) == (c.op == "is");
  }
  bool is = false;
  if (c.field == "group_id") {
    is = c.value.empty() ? !t.group_id : (t.group_id && ParseInt(c.value) == *t.group_id);
  } else if (c.field == "type") {
    is = (t.type ? std::string(TicketTypeName(*t.type)) : std::string()) == c.value;
  } else if (c.field == "via") {
    is = t.via_channel == c.value;
  } else if (c.field == "topic") {
    is = FieldIs(topic_field_id ? FindField(t.custom_fields, topic_field_id) : nullptr, c.value);
  } else if (auto id = CustomFieldId(c.field)) {
    is = FieldIs(FindField(t.custom_fields, *id), c.value);
  } else {
    return false;  // unknown field: ValidatePolicy refuses it
  }
  if (c.op == "is") return is;
  if (c.op == "is_not") return !is;
  return false;
}

SlaPolicyMetric Metric(Priority p, std::string_view name, std::int64_t minutes, bool business = false,
                       std::optional<int> days = std::nullopt) {
  SlaPolicyMetric m;
  m.priority = p;
  m.metric = std::string(name);
  m.target = minutes;
  m.business_hours = business;
  m.business_days = days;
  return m;
}

}  // namespace

bool IsSlaMetric(std::string_view name) { return std::find(kMetrics.begin(), kMetrics.end(), name) != kMetrics.end(); }

Result<void> ValidatePolicy(const SlaPolicy& p, const Workflow& wf) {
  Error err{ErrorCode::kInvalid, "Record validation errors", {}};
  if (p.title.find_first_not_of(" \t\r\n") == std::string::npos)
    err.fields.push_back({"title", "BlankValue", "Title: cannot be blank"});
  if (p.position < 0) err.fields.push_back({"position", "InvalidValue", "Position: must be 0 or more"});
  for (std::size_t i = 0; i < p.filter.all.size(); ++i)
    CheckCondition(p.filter.all[i], "all[" + std::to_string(i) + "]", err);
  for (std::size_t i = 0; i < p.filter.any.size(); ++i)
    CheckCondition(p.filter.any[i], "any[" + std::to_string(i) + "]", err);

  std::set<std::pair<Priority, std::string>> seen;
  for (std::size_t i = 0; i < p.metrics.size(); ++i) {
    const SlaPolicyMetric& m = p.metrics[i];
    const std::string where = "Policy metrics: " + MetricWhere(i, m);
    auto bad = [&](std::string rule, std::string what) {
      err.fields.push_back({"policy_metrics", std::move(rule), where + " " + std::move(what)});
    };
    if (!IsSlaMetric(m.metric)) {
      bad("UnknownMetric", "metric is not one of " + MetricNames());
      continue;
    }
    if (!seen.insert({m.priority, m.metric}).second)
      bad("DuplicateValue", "is defined twice; a priority has at most one target per metric");
    if (m.business_days) {
      if (!m.business_hours)
        bad("BusinessDaysNeedBusinessHours", "business days count on a calendar: set business_hours to true");
      if (*m.business_days <= 0 || *m.business_days > kMaxBusinessDays)
        bad("InvalidTarget", "business days must be between 1 and " + std::to_string(kMaxBusinessDays));
    } else if (m.target <= 0 || m.target > kMaxTargetMinutes) {
      bad("InvalidTarget", "target must be between 1 and " + std::to_string(kMaxTargetMinutes) + " minutes");
    }
    for (auto id : m.pause_status_ids)
      if (!wf.ById(id))
        bad("UnknownStatus", "pause status " + std::to_string(id) + " is not a status of workflow '" + wf.name + "'");
  }
  if (!err.fields.empty()) return Fail(std::move(err));
  return {};
}

bool PolicyMatches(const SlaFilter& f, const Ticket& t, std::int64_t topic_field_id) {
  for (const auto& c : f.all)
    if (!ConditionHolds(c, t, topic_field_id)) return false;
  if (f.any.empty()) return true;
  return std::any_of(f.any.begin(), f.any.end(),
                     [&](const SlaCondition& c) { return ConditionHolds(c, t, topic_field_id); });
}

const SlaPolicy* PickPolicy(std::span<const SlaPolicy> policies, const Ticket& t, std::int64_t topic_field_id) {
  const SlaPolicy* best = nullptr;
  for (const auto& p : policies) {
    if (!PolicyMatches(p.filter, t, topic_field_id)) continue;
    if (!best || std::pair(p.position, p.id) < std::pair(best->position, best->id)) best = &p;
  }
  return best;
}

SlaPolicy DefaultSlaPolicy() {
  constexpr std::int64_t kDay = 24 * 60;
  SlaPolicy p;
  p.id = 1;
  p.title = "Padrão";
  p.description =
      "PRODUCT.md §5: resolution in 5, 15 and 30 calendar days for high (and urgent), normal and low priority; "
      "first reply within 24 hours; escalations concluded within 6 business days. Paused while the ticket awaits "
      "the customer.";
  p.position = 0;
  // Problem tickets are the internal side of an escalation (PRODUCT.md §3): nobody replies to
  // them publicly, so first-reply and resolution targets there would only be noise. Their
  // incidents carry the customer's targets, chamado_escalation_time included.
  p.filter.all.push_back(SlaCondition{"type", "is_not", "problem"});
  p.created_at = p.updated_at = FromUnix(1767225600);  // 2026-01-01, like the other seeds
  const std::array<std::pair<Priority, std::int64_t>, 4> resolution = {
      {{Priority::kUrgent, 5}, {Priority::kHigh, 5}, {Priority::kNormal, 15}, {Priority::kLow, 30}}};
  for (auto [priority, days] : resolution) {
    p.metrics.push_back(Metric(priority, kFirstReplyTime, kDay));
    p.metrics.push_back(Metric(priority, kResolutionTime, days * kDay));
    // 6 x 570 minutes on the default calendar (08:30-18:00); the calendar's own day length decides.
    p.metrics.push_back(Metric(priority, kEscalationTime, 6 * 570, true, 6));
  }
  return p;
}

Priority PriorityFromAvailability(std::optional<std::string_view> option_value) {
  if (option_value == "impact_total") return Priority::kHigh;
  if (option_value == "impact_none") return Priority::kLow;
  return Priority::kNormal;  // "impact_partial", no value, or a value we do not know
}

Priority PriorityFromCustomFields(const std::vector<CustomFieldValue>& fields) {
  const FieldValue* v = FindField(fields, kAvailabilityImpactFieldId);
  const auto* text = v ? std::get_if<std::string>(v) : nullptr;
  return PriorityFromAvailability(text ? std::optional<std::string_view>(*text) : std::nullopt);
}

}  // namespace chamado
