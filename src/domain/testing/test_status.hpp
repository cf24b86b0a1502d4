#pragma once
// Test data builder shared by the domain tests: a status with the same text for every label.
#include "domain/workflow.hpp"

namespace chamado::testing {

inline Status TestStatus(std::int64_t id, const char* key, Category category, bool is_default, bool closed = false) {
  Status s;
  s.id = id;
  s.key = key;
  s.category = category;
  s.is_default = is_default;
  s.closed = closed;
  s.agent_label = Labels{key, key, key};
  s.customer_label = Labels{key, key, key};
  return s;
}

}  // namespace chamado::testing
