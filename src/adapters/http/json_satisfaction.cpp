#include "adapters/http/json_satisfaction.hpp"

namespace chamado::http {

json::object SatisfactionRatingJson(const SatisfactionRating& r, const Urls& u) {
  json::object o;
  o["id"] = r.id;
  o["url"] = u.Api("satisfaction_ratings/" + std::to_string(r.id));
  o["score"] = r.score;
  o["comment"] = r.comment.empty() ? json::value(nullptr) : json::value(json::string(r.comment));
  o["ticket_id"] = r.ticket_id;
  o["requester_id"] = r.requester_id;
  o["assignee_id"] = OptId(r.assignee_id);
  o["group_id"] = OptId(r.group_id);
  o["reason"] = nullptr;  // Zendesk's follow-up reasons for a bad rating: not offered
  o["reason_id"] = nullptr;
  o["created_at"] = Time(r.created_at);
  o["updated_at"] = Time(r.updated_at);
  return o;
}

json::object TicketSatisfactionJson(const Ticket& t) {
  json::object o{{"score", t.satisfaction_score}};
  o["id"] = OptId(t.satisfaction_rating_id);
  o["comment"] =
      t.satisfaction_comment.empty() ? json::value(nullptr) : json::value(json::string(t.satisfaction_comment));
  return o;
}

}  // namespace chamado::http
