#pragma once
// Who may see what. The one place the visibility rules live: a customer never sees a
// ticket they are not requester or CC of, and never an internal note.
#include <cstdint>

#include "domain/ticket.hpp"
#include "domain/user.hpp"

namespace chamado {

struct Caller {
  std::int64_t user_id = 0;
  Role role = Role::kEndUser;
  bool anonymous = true;
  bool IsStaff() const { return !anonymous && chamado::IsStaff(role); }
  bool IsAdmin() const { return !anonymous && role == Role::kAdmin; }
};

// The end-user rule (requester or CC); agents on the Requests API are judged by it too.
bool IsRequesterOrCc(const Caller& c, const Ticket& t);
// Agents and admins see every ticket; end users see only their own or CC'd ones.
bool CanSeeTicket(const Caller& c, const Ticket& t);
// Internal notes are for staff only.
bool CanSeeComment(const Caller& c, const Comment& comment);
// End users may read only themselves; staff read everybody.
bool CanSeeUser(const Caller& c, const User& u);

}  // namespace chamado
