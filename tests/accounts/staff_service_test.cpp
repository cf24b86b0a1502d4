// StaffService (app/staff.hpp) over the real SQLite store: API tokens shown once and stored
// hashed, who may manage whose, and deactivation cutting a person off everywhere at once.
#include <gtest/gtest.h>

#include "app/staff.hpp"
#include "services_fixture.hpp"

namespace chamado::services_test {
namespace {

class Staff : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    admin_ = AddUser("admin@acme.test", Role::kAdmin, "Admin");
    agent_ = AddUser("agent@acme.test", Role::kAgent, "Agent");
    other_agent_ = AddUser("other@acme.test", Role::kAgent, "Other");
    customer_ = AddUser("carla@cliente.com.br", Role::kEndUser, "Carla");
    staff_ = std::make_unique<app::StaffService>(*store_, clock_, crypto_);
  }

  std::int64_t admin_ = 0, agent_ = 0, other_agent_ = 0, customer_ = 0;
  std::unique_ptr<app::StaffService> staff_;
};

TEST_F(Staff, AnAgentsTokenIsShownOnceStoredHashedAndListedByPrefix) {
  auto t = staff_->CreateToken(As(agent_, Role::kAgent), std::nullopt, "zapier", kFrom);
  ASSERT_TRUE(t) << t.error().description;
  EXPECT_GE(t->value.size(), 32u);
  EXPECT_EQ(t->token.prefix, t->value.substr(0, 6));
  EXPECT_EQ(t->token.user_id, agent_);
  EXPECT_EQ(TokenOwner(t->value), agent_) << "the value authenticates as the agent";

  auto list = staff_->ListTokens(As(agent_, Role::kAgent), std::nullopt);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].description, "zapier");
  EXPECT_EQ((*list)[0].prefix, t->token.prefix);
  auto created = Events("token_created", agent_);
  ASSERT_EQ(created.size(), 1u);
  EXPECT_FALSE(created[0].actor_id) << "made by the agent themself";
  EXPECT_EQ(created[0].detail.find(t->value), std::string::npos) << "the secret is in no log";
}

TEST_F(Staff, AgentsManageOnlyTheirOwnTokensAdminsAnybodys) {
  const auto agent = As(agent_, Role::kAgent);
  auto foreign = staff_->CreateToken(agent, other_agent_, "", kFrom);
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(staff_->ListTokens(agent, other_agent_).error().code, ErrorCode::kForbidden);

  auto by_admin = staff_->CreateToken(As(admin_, Role::kAdmin), other_agent_, "ci", kFrom);
  ASSERT_TRUE(by_admin) << by_admin.error().description;
  auto created = Events("token_created", other_agent_);
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].actor_id, admin_);

  // Another's token is as unknown to an agent as one that does not exist.
  auto revoke = staff_->RevokeToken(agent, by_admin->token.id, kFrom);
  ASSERT_FALSE(revoke);
  EXPECT_EQ(revoke.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(TokenOwner(by_admin->value), other_agent_);
  EXPECT_TRUE(staff_->ListTokens(As(admin_, Role::kAdmin), other_agent_));
}

TEST_F(Staff, CustomersHaveNoApiTokens) {
  auto self = staff_->CreateToken(As(customer_, Role::kEndUser), std::nullopt, "", kFrom);
  ASSERT_FALSE(self);
  EXPECT_EQ(self.error().code, ErrorCode::kForbidden);
  auto for_them = staff_->CreateToken(As(admin_, Role::kAdmin), customer_, "", kFrom);
  ASSERT_FALSE(for_them);
  EXPECT_EQ(for_them.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(staff_->CreateToken(As(admin_, Role::kAdmin), 999999, "", kFrom).error().code, ErrorCode::kNotFound);
}

TEST_F(Staff, ARevokedTokenNoLongerAuthenticatesAndShowsWhen) {
  const auto agent = As(agent_, Role::kAgent);
  auto t = staff_->CreateToken(agent, std::nullopt, "laptop", kFrom);
  ASSERT_TRUE(t);
  ASSERT_TRUE(staff_->RevokeToken(agent, t->token.id, kFrom));
  EXPECT_FALSE(TokenOwner(t->value));
  auto list = staff_->ListTokens(agent, std::nullopt);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_TRUE((*list)[0].revoked_at);
  EXPECT_TRUE(staff_->RevokeToken(agent, t->token.id, kFrom)) << "revoking twice is fine";
  EXPECT_EQ(Events("token_revoked", agent_).size(), 1u);
  EXPECT_EQ(staff_->RevokeToken(agent, 424242, kFrom).error().code, ErrorCode::kNotFound);
}

TEST_F(Staff, DeactivationEndsSessionsAndRevokesTokensAtOnce) {
  auto token = staff_->CreateToken(As(agent_, Role::kAgent), std::nullopt, "", kFrom);
  ASSERT_TRUE(token);
  auto session = accounts_->OpenSession(agent_, "password", kFrom);
  ASSERT_TRUE(session);

  auto u = staff_->DeactivateUser(As(admin_, Role::kAdmin), agent_, kFrom);
  ASSERT_TRUE(u) << u.error().description;
  EXPECT_FALSE(u->active);
  EXPECT_FALSE(UserById(agent_)->active);
  EXPECT_FALSE(TokenOwner(token->value)) << "the token no longer works";
  EXPECT_FALSE(accounts_->AuthenticateSession(session->token)) << "the session is over";
  EXPECT_TRUE(SessionsOf(agent_).empty());
  auto ev = Events("user_deactivated", agent_);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].actor_id, admin_);
}

TEST_F(Staff, OnlyAdminsDeactivateAndNeverThemselves) {
  EXPECT_EQ(staff_->DeactivateUser(As(agent_, Role::kAgent), customer_, kFrom).error().code, ErrorCode::kForbidden);
  EXPECT_EQ(staff_->DeactivateUser(As(admin_, Role::kAdmin), admin_, kFrom).error().code, ErrorCode::kInvalid);
  EXPECT_EQ(staff_->DeactivateUser(As(admin_, Role::kAdmin), 999999, kFrom).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(UserById(customer_)->active);
  EXPECT_TRUE(UserById(admin_)->active);
}

TEST_F(Staff, EndSessionsForOneselfOrByAnAdmin) {
  ASSERT_TRUE(accounts_->OpenSession(customer_, "password", kFrom));
  ASSERT_TRUE(accounts_->OpenSession(customer_, "password", kFrom));
  EXPECT_EQ(staff_->EndSessions(As(agent_, Role::kAgent), customer_, kFrom).error().code, ErrorCode::kForbidden);
  auto n = staff_->EndSessions(As(customer_, Role::kEndUser), customer_, kFrom);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 2);
  ASSERT_TRUE(accounts_->OpenSession(customer_, "password", kFrom));
  EXPECT_EQ(staff_->EndSessions(As(admin_, Role::kAdmin), customer_, kFrom).value_or(-1), 1);
  EXPECT_TRUE(SessionsOf(customer_).empty());
  auto ev = Events("sessions_ended", customer_);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].actor_id, admin_);
  EXPECT_FALSE(ev[1].actor_id);
}

TEST_F(Staff, TheAuditLogIsForAdmins) {
  ASSERT_TRUE(staff_->CreateToken(As(agent_, Role::kAgent), std::nullopt, "", kFrom));
  EXPECT_EQ(staff_->AuthEvents(As(agent_, Role::kAgent), {}, {}).error().code, ErrorCode::kForbidden);
  auto page = staff_->AuthEvents(As(admin_, Role::kAdmin), app::AuthEventFilter{agent_, "token_created"}, {});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->items.size(), 1u);
}

TEST_F(Staff, OperatorCommands) {
  auto t = staff_->CreateToken(As(agent_, Role::kAgent), std::nullopt, "", kFrom);
  ASSERT_TRUE(t);
  auto list = staff_->AdminListTokens("Agent@acme.test");
  ASSERT_TRUE(list);
  EXPECT_EQ(list->size(), 1u);
  ASSERT_TRUE(staff_->AdminRevokeToken(t->token.id));
  EXPECT_FALSE(TokenOwner(t->value));
  auto u = staff_->AdminDeactivate("other@acme.test");
  ASSERT_TRUE(u);
  EXPECT_FALSE(u->active);
  EXPECT_EQ(staff_->AdminDeactivate("nobody@acme.test").error().code, ErrorCode::kInvalid);
}

}  // namespace
}  // namespace chamado::services_test
