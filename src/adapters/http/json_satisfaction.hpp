#pragma once
// Satisfaction ratings in Zendesk's shapes (zendesk-compat.md §12; docs/satisfaction.md).
#include <boost/json.hpp>

#include "adapters/http/json_mapping.hpp"
#include "domain/satisfaction.hpp"

namespace chamado::http {

// {id, url, score, comment, ticket_id, requester_id, assignee_id, group_id, created_at, updated_at}
json::object SatisfactionRatingJson(const SatisfactionRating& r, const Urls& u);

// A ticket's (and request's) `satisfaction_rating`: {score, id, comment}; score "unoffered",
// "offered" (solved: the requester may rate), "good" or "bad"; id and comment null until rated.
json::object TicketSatisfactionJson(const Ticket& t);

}  // namespace chamado::http
