#include "app/custom_fields.hpp"

#include <algorithm>

namespace chamado::app {
namespace {

bool HasOption(const TicketField& f, const std::string& v) {
  return std::any_of(f.options.begin(), f.options.end(), [&](const FieldOption& o) { return o.value == v; });
}

Error Bad(const TicketField& f, const std::string& what) {
  return Error::Invalid("custom_fields", "InvalidValue",
                        f.title + ": " + what + " (field " + std::to_string(f.id) + ")");
}

}  // namespace

Result<void> ValidateCustomFields(ReadTx& tx, const std::vector<CustomFieldValue>& values, bool end_user) {
  for (const auto& v : values) {
    auto f = tx.TicketFieldById(v.id);
    if (!f || f->system || !f->active)
      return Fail(
          Error::Invalid("custom_fields", "InvalidValue", "Custom field " + std::to_string(v.id) + " does not exist"));
    if (f->read_only) return Fail(Bad(*f, "is read-only"));
    if (end_user && !f->editable_in_portal) return Fail(Bad(*f, "cannot be set by end users"));
    if (std::holds_alternative<std::monostate>(v.value)) continue;  // clearing is always fine
    const std::string& type = f->type;
    if (type == "tagger") {
      auto* s = std::get_if<std::string>(&v.value);
      if (!s || !HasOption(*f, *s)) return Fail(Bad(*f, "is not one of the field's options"));
    } else if (type == "multiselect") {
      auto* list = std::get_if<std::vector<std::string>>(&v.value);
      if (!list) return Fail(Bad(*f, "must be a list of option values"));
      for (const auto& s : *list)
        if (!HasOption(*f, s)) return Fail(Bad(*f, "'" + s + "' is not one of the field's options"));
    } else if (type == "checkbox") {
      if (!std::holds_alternative<bool>(v.value)) return Fail(Bad(*f, "must be true or false"));
    } else if (type == "integer") {
      if (!std::holds_alternative<std::int64_t>(v.value)) return Fail(Bad(*f, "must be a whole number"));
    } else if (type == "decimal") {
      if (!std::holds_alternative<std::int64_t>(v.value) && !std::holds_alternative<double>(v.value))
        return Fail(Bad(*f, "must be a number"));
    } else if (type == "date") {
      auto* s = std::get_if<std::string>(&v.value);
      if (!s || s->size() != 10 || !ParseIso(*s)) return Fail(Bad(*f, "must be a date YYYY-MM-DD"));
    } else {  // text, textarea, regexp
      auto* s = std::get_if<std::string>(&v.value);
      if (!s) return Fail(Bad(*f, "must be text"));
      if (s->size() > 65536) return Fail(Bad(*f, "is too long"));
    }
  }
  return {};
}

}  // namespace chamado::app
