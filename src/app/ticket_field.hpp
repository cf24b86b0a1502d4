#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "domain/time.hpp"

namespace chamado::app {

struct FieldOption {
  std::int64_t id = 0;
  std::string name;   // shown
  std::string value;  // the tag stored on the ticket
  bool is_default = false;
};

// A ticket field (system or custom). System fields and our shipped custom fields have
// the same ids on every install (seeded by the first migration).
struct TicketField {
  std::int64_t id = 0;
  std::string type;  // subject, description, status, ..., text, textarea, checkbox, tagger, ...
  std::string key;   // stable name: "platform", "topic", "availability_impact"
  std::string title;
  std::string description;
  std::string title_in_portal;
  bool active = true;
  bool required = false;
  bool visible_in_portal = true;
  bool editable_in_portal = true;
  bool required_in_portal = false;
  bool system = false;  // system fields cannot be removed
  bool read_only = false;
  std::int64_t position = 0;
  std::vector<FieldOption> options;
  Instant created_at{};
  Instant updated_at{};
};

}  // namespace chamado::app
