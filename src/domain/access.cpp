#include "domain/access.hpp"

#include <algorithm>

namespace chamado {

bool IsRequesterOrCc(const Caller& c, const Ticket& t) {
  if (c.anonymous || c.user_id == 0) return false;
  if (t.requester_id == c.user_id) return true;
  return std::find(t.collaborator_ids.begin(), t.collaborator_ids.end(), c.user_id) != t.collaborator_ids.end();
}

bool CanSeeTicket(const Caller& c, const Ticket& t) { return c.IsStaff() || IsRequesterOrCc(c, t); }

bool CanSeeComment(const Caller& c, const Comment& comment) { return comment.is_public || c.IsStaff(); }

bool CanSeeUser(const Caller& c, const User& u) { return c.IsStaff() || (!c.anonymous && c.user_id == u.id); }

}  // namespace chamado
