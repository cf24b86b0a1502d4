#pragma once
// The escalation fields of ticket and request JSON (docs/escalation.md), added by the handlers
// of the Tickets and Requests APIs after the Zendesk shape is built (json_mapping.hpp):
//   chamado_escalation      {state, label} or null (never escalated); agents and customers
//   chamado_incident_count  problem tickets only, agents only; has_incidents follows it
//   custom_fields/fields    field 103 (escalation_status, read-only) = "escalation_<state>"
// Agents read labels in the request's locale (?locale=, else pt-BR); a customer in their own
// language: ?locale= when given, else their profile's locale. Never the problem's id, subject
// or notes on the customer's side.
#include <vector>

#include "adapters/http/api.hpp"
#include "adapters/http/json_mapping.hpp"

namespace chamado::http {

// `objects[i]` is the JSON of `tickets[i]`. One read transaction for the lot (none when no
// ticket is linked to a problem or is one). An error leaves the objects untouched.
Result<void> AddEscalationFields(json::array& objects, const std::vector<Ticket>& tickets, Ctx& c, ApiDeps& d,
                                 bool customer_view);
Result<void> AddEscalationFields(json::object& object, const Ticket& t, Ctx& c, ApiDeps& d, bool customer_view);

}  // namespace chamado::http
