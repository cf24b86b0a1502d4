#pragma once
// Lists stored as JSON text columns.
#include <cstdint>
#include <string>
#include <vector>

#include "domain/ticket.hpp"

namespace chamado::sql {

std::string IdsToJson(const std::vector<std::int64_t>& ids);
std::vector<std::int64_t> IdsFromJson(const std::string& text);
std::string StringsToJson(const std::vector<std::string>& v);
std::vector<std::string> StringsFromJson(const std::string& text);
std::string FieldsToJson(const std::vector<CustomFieldValue>& v);
std::vector<CustomFieldValue> FieldsFromJson(const std::string& text);

}  // namespace chamado::sql
