#pragma once
// SLA policies, ticket targets and their explanation in Zendesk's shapes (zendesk-compat.md
// §12; docs/sla.md). Our extensions are chamado_* members.
#include <boost/json.hpp>
#include <vector>

#include "adapters/http/api.hpp"
#include "adapters/http/json_mapping.hpp"
#include "app/sla.hpp"
#include "domain/sla.hpp"

namespace chamado::http {

// {id, url, title, description, position, filter:{all:[{field, operator, value}], any:[…]},
//  policy_metrics:[{priority, metric, target, business_hours, chamado_business_days,
//  chamado_pause_status_ids}], created_at, updated_at}
json::object SlaPolicyJson(const SlaPolicy& p, const Urls& u);

// The body of POST/PUT /slas/policies: {"sla_policy": {...}}. Members of the wrong type are
// 422s naming them ("policy_metrics", "filter"); absent members stay absent.
Result<app::SlaPolicyInput> ParseSlaPolicy(const std::string& body);

// A ticket's `slas` ({policy_metrics:[{breach_at, stage, metric, days, hours, minutes,
// chamado_breached, chamado_business_hours, chamado_target_minutes}]}): days/hours/minutes
// are the time left until breach_at at `now` (negative once overdue; null without a due time).
json::object TicketSlasJson(const std::vector<app::TicketSla>& rows, Instant now);

// GET /api/v2/chamado/tickets/{id}/sla.
json::object SlaExplanationJson(const app::SlaExplanation& e);

// The SLA members the Tickets and Requests handlers add after the Zendesk shape is built:
// agents get `slas` when the request asks ?include=slas; customers (customer_view) get
// `chamado_due_at`, their resolution due date, and never other targets. `objects[i]` is the
// JSON of `tickets[i]`. One read for the lot; an error leaves the objects untouched.
Result<void> AddSlaFields(json::array& objects, const std::vector<Ticket>& tickets, Ctx& c, ApiDeps& d,
                          bool customer_view);
Result<void> AddSlaFields(json::object& object, const Ticket& t, Ctx& c, ApiDeps& d, bool customer_view);

}  // namespace chamado::http
