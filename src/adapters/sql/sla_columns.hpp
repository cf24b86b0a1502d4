#pragma once
// An SLA policy's filter and metrics as the JSON text columns of sla_policies (sqlite
// 0009_sla.sql, postgres 0011_sla.sql). Reading is lenient (a member of the wrong type is
// skipped): the rows were validated when written (domain/sla.hpp ValidatePolicy).
#include <string>
#include <vector>

#include "domain/sla.hpp"

namespace chamado::sql {

// {"all":[{"field","operator","value"}],"any":[...]}
std::string SlaFilterToJson(const SlaFilter& f);
SlaFilter SlaFilterFromJson(const std::string& text);

// [{"priority","metric","target","business_hours"[,"business_days"][,"pause_status_ids"]}]
std::string SlaMetricsToJson(const std::vector<SlaPolicyMetric>& v);
std::vector<SlaPolicyMetric> SlaMetricsFromJson(const std::string& text);

}  // namespace chamado::sql
