#pragma once
// Domain values <-> Zendesk JSON shapes (zendesk-compat.md §7).
#include <boost/json.hpp>
#include <string>

#include "app/ports.hpp"
#include "domain/workflow.hpp"

namespace chamado::http {
namespace json = boost::json;

// Absolute base of this request's API, e.g. "http://127.0.0.1:8080" (scheme://host).
struct Urls {
  std::string base;
  std::string Api(const std::string& path) const { return base + "/api/v2/" + path + ".json"; }
};

std::string HtmlEscape(std::string_view s);
json::value Time(Instant t);
json::value OptTime(const std::optional<Instant>& t);
json::value OptId(const std::optional<std::int64_t>& id);

json::object TicketJson(const Ticket& t, const Workflow& wf, const Urls& u);
json::object RequestJson(const Ticket& t, const Workflow& wf, const Urls& u, bool can_be_solved_by_me);
json::object CommentJson(const Comment& c, std::optional<std::int64_t> request_id = std::nullopt);
json::object AuditJson(const Audit& a, const std::vector<Comment>& comments);
json::object TimerJson(const Timer& t, const Workflow& wf);
json::object UserJson(const User& user, const Urls& u);
json::object AnonymousUserJson();
json::object IdentityJson(const Identity& i, const Urls& u);
json::object GroupJson(const Group& g, const Urls& u);
json::object MembershipJson(const GroupMembership& m, const Urls& u);
json::object OrganizationJson(const Organization& o, const Urls& u);
json::object TicketFieldJson(const app::TicketField& f, const Urls& u);
json::object CustomStatusJson(const Status& s, const Urls& u, std::string_view locale);
json::value FieldValueJson(const FieldValue& v);

}  // namespace chamado::http
