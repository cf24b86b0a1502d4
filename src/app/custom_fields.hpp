#pragma once
#include <vector>

#include "app/ports.hpp"

namespace chamado::app {

// Checks each value against its field's definition (exists, active, writable by this
// kind of caller, value of the field's type, option values of taggers and multiselects).
Result<void> ValidateCustomFields(ReadTx& tx, const std::vector<CustomFieldValue>& values, bool end_user);

}  // namespace chamado::app
