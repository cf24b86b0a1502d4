#include "domain/access.hpp"

#include <gtest/gtest.h>

namespace chamado {
namespace {

Ticket TicketOf(std::int64_t requester, std::vector<std::int64_t> ccs = {}) {
  Ticket t;
  t.id = 7;
  t.requester_id = requester;
  t.collaborator_ids = std::move(ccs);
  return t;
}

Caller Customer(std::int64_t id) { return Caller{id, Role::kEndUser, false}; }

TEST(Access, RequesterSeesOwnTicket) { EXPECT_TRUE(CanSeeTicket(Customer(10), TicketOf(10))); }

TEST(Access, CcSeesTicket) { EXPECT_TRUE(CanSeeTicket(Customer(11), TicketOf(10, {11, 12}))); }

TEST(Access, OtherCustomerDoesNotSeeTicket) { EXPECT_FALSE(CanSeeTicket(Customer(13), TicketOf(10, {11, 12}))); }

TEST(Access, AnonymousSeesNothingEvenWithMatchingId) {
  Caller anon;  // anonymous, user_id 0
  EXPECT_FALSE(CanSeeTicket(anon, TicketOf(0)));
}

TEST(Access, AgentsAndAdminsSeeEveryTicket) {
  EXPECT_TRUE(CanSeeTicket(Caller{5, Role::kAgent, false}, TicketOf(10)));
  EXPECT_TRUE(CanSeeTicket(Caller{6, Role::kAdmin, false}, TicketOf(10)));
}

TEST(Access, AgentOnRequestsApiIsJudgedAsEndUser) {
  EXPECT_FALSE(IsRequesterOrCc(Caller{5, Role::kAgent, false}, TicketOf(10)));
  EXPECT_TRUE(IsRequesterOrCc(Caller{5, Role::kAgent, false}, TicketOf(5)));
}

TEST(Access, InternalNotesOnlyForStaff) {
  Comment note;
  note.is_public = false;
  EXPECT_FALSE(CanSeeComment(Customer(10), note));
  EXPECT_TRUE(CanSeeComment(Caller{5, Role::kAgent, false}, note));
  Comment reply;
  reply.is_public = true;
  EXPECT_TRUE(CanSeeComment(Customer(10), reply));
}

TEST(Access, EndUserSeesOnlyThemselves) {
  User u;
  u.id = 10;
  EXPECT_TRUE(CanSeeUser(Customer(10), u));
  EXPECT_FALSE(CanSeeUser(Customer(11), u));
  EXPECT_TRUE(CanSeeUser(Caller{5, Role::kAgent, false}, u));
}

}  // namespace
}  // namespace chamado
