// Agents, admins and their credentials (issue 8; docs/accounts.md "Agents and API tokens"): API
// tokens shown once, listed by prefix only, revoked; an agent touches only their own; a
// deactivated agent's token and session stop at once; the audit log of sign-ins and token use;
// the operator commands. On both stores.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "harness.hpp"

namespace it {
namespace {

const std::string kPassword = "Blue-Lagoon-42-Piano";

std::string J(const json::object& o) { return json::serialize(o); }

Response CreateToken(Client c, const std::string& description, std::optional<std::int64_t> user_id = std::nullopt) {
  json::object t{{"description", description}};
  if (user_id) t["user_id"] = *user_id;
  return c.Post("/api/v2/chamado/api_tokens.json", J({{"api_token", t}}));
}

// A token of the listing by id; null when it is not listed.
json::value Listed(const Response& list, std::int64_t id) {
  for (const auto& t : list["api_tokens"].as_array())
    if (t.at("id").as_int64() == id) return t;
  return nullptr;
}

TEST(StaffTokens, ATokenIsShownOnceListedByPrefixAndStopsWhenRevoked) {
  Desk d;
  auto created = CreateToken(d.Agent(), "CI pipeline");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto& t = created["api_token"];
  const std::string secret = Str(t.at("token"));
  const auto id = t.at("id").as_int64();
  ASSERT_GE(secret.size(), 20u);
  EXPECT_EQ(t.at("user_id").as_int64(), d.agent_id);
  EXPECT_EQ(Str(t.at("description")), "CI pipeline");
  EXPECT_TRUE(secret.starts_with(Str(t.at("prefix")))) << created.body;

  // It works as Basic email/token:KEY and as Bearer.
  Client basic(d.server, "agent@test.example", secret);
  EXPECT_EQ(basic.Get("/api/v2/tickets.json").status, 200);
  auto bearer = Client(d.server).Send("GET", "/api/v2/users/me.json", "", {{"Authorization", "Bearer " + secret}});
  ASSERT_EQ(bearer.status, 200);
  EXPECT_EQ(bearer["user"].at("id").as_int64(), d.agent_id);

  // Listed by prefix, never the secret; its use is noted.
  auto list = d.Agent().Get("/api/v2/chamado/api_tokens.json");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.body.find(secret), std::string::npos) << "the listing never shows a token";
  auto mine = Listed(list, id);
  ASSERT_FALSE(mine.is_null()) << list.body;
  EXPECT_EQ(Str(mine.at("prefix")), Str(t.at("prefix")));
  EXPECT_FALSE(mine.as_object().contains("token"));
  EXPECT_TRUE(mine.at("active").as_bool());
  EXPECT_FALSE(mine.at("last_used_at").is_null()) << "used above: " << list.body;

  auto revoke = d.Agent().Delete("/api/v2/chamado/api_tokens/" + S(id) + ".json");
  EXPECT_EQ(revoke.status, 204) << revoke.body;
  auto refused = basic.Get("/api/v2/tickets.json");
  EXPECT_EQ(refused.status, 401) << refused.body;
  EXPECT_EQ(Client(d.server).Send("GET", "/api/v2/tickets.json", "", {{"Authorization", "Bearer " + secret}}).status,
            401);
  auto after = Listed(d.Agent().Get("/api/v2/chamado/api_tokens.json"), id);
  ASSERT_FALSE(after.is_null());
  EXPECT_FALSE(after.at("active").as_bool());
  EXPECT_FALSE(after.at("revoked_at").is_null());
  EXPECT_EQ(d.Agent().Get("/api/v2/tickets.json").status, 200) << "the agent's other token still works";
}

TEST(StaffTokens, AnAgentTouchesOnlyTheirOwnTokensAndEndUsersHaveNone) {
  Desk d;
  auto admins = CreateToken(d.Admin(), "admin's script");
  ASSERT_EQ(admins.status, 201) << admins.body;
  const auto admin_token_id = admins["api_token"].at("id").as_int64();
  auto agents = d.Agent().Get("/api/v2/chamado/api_tokens.json");
  ASSERT_EQ(agents.status, 200);
  EXPECT_TRUE(Listed(agents, admin_token_id).is_null()) << "an agent lists only their own";
  for (const auto& tok : agents["api_tokens"].as_array()) EXPECT_EQ(tok.at("user_id").as_int64(), d.agent_id);
  auto steal = d.Agent().Delete("/api/v2/chamado/api_tokens/" + S(admin_token_id) + ".json");
  EXPECT_EQ(steal.status, 404) << steal.body;
  EXPECT_EQ(
      Client(d.server, "admin@test.example", Str(admins["api_token"].at("token"))).Get("/api/v2/users/me.json").status,
      200)
      << "still works";
  auto for_admin = CreateToken(d.Agent(), "for someone else", d.admin_id);
  EXPECT_EQ(for_admin.status, 403) << for_admin.body;

  // An admin manages anybody's.
  auto for_agent = CreateToken(d.Admin(), "issued by admin", d.agent_id);
  ASSERT_EQ(for_agent.status, 201) << for_agent.body;
  EXPECT_EQ(for_agent["api_token"].at("user_id").as_int64(), d.agent_id);
  auto listed = d.Admin().Get("/api/v2/chamado/api_tokens.json?user_id=" + S(d.agent_id));
  ASSERT_EQ(listed.status, 200);
  EXPECT_FALSE(Listed(listed, for_agent["api_token"].at("id").as_int64()).is_null());
  EXPECT_EQ(d.Admin().Delete("/api/v2/chamado/api_tokens/" + S(for_agent["api_token"].at("id").as_int64())).status,
            204);
  EXPECT_EQ(CreateToken(d.Admin(), "nobody", 999999).status, 404);

  // End users: no API tokens of their own through the API.
  EXPECT_EQ(d.Alice().Get("/api/v2/chamado/api_tokens.json").status, 403);
  EXPECT_EQ(CreateToken(d.Alice(), "mine").status, 403);
}

TEST(StaffTokens, ADeactivatedAgentsTokenAndSessionStopAtOnce) {
  Desk d;
  Browser agent = SetPasswordByMail(d.server, "agent@test.example", kPassword);
  ASSERT_EQ(agent.Get("/api/v2/tickets.json").status, 200) << "an agent's session works on the agent API";
  auto extra = CreateToken(d.Agent(), "second token");
  ASSERT_EQ(extra.status, 201);
  const std::string second = Str(extra["api_token"].at("token"));

  EXPECT_EQ(d.Agent().Delete("/api/v2/users/" + S(d.alice_id) + ".json").status, 403) << "admins only";
  EXPECT_EQ(d.Admin().Delete("/api/v2/users/" + S(d.admin_id) + ".json").status, 422) << "not oneself";
  auto off = d.Admin().Delete("/api/v2/users/" + S(d.agent_id) + ".json");
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_FALSE(off["user"].at("active").as_bool());

  EXPECT_EQ(d.Agent().Get("/api/v2/tickets.json").status, 401);
  EXPECT_EQ(Client(d.server, "agent@test.example", second).Get("/api/v2/tickets.json").status, 401);
  EXPECT_EQ(agent.Get("/api/v2/tickets.json").status, 401);
  EXPECT_EQ(agent.Get(AuthPath("session")).status, 401);
  Browser again(d.server);
  auto login = again.Post(AuthPath("login"), J({{"email", "agent@test.example"}, {"password", kPassword}}));
  EXPECT_EQ(login.status, 401) << login.body;
  EXPECT_EQ(login.body, R"({"error":"Couldn't authenticate you"})");
  auto tokens = d.Admin().Get("/api/v2/chamado/api_tokens.json?user_id=" + S(d.agent_id));
  ASSERT_EQ(tokens.status, 200);
  for (const auto& t : tokens["api_tokens"].as_array()) EXPECT_FALSE(t.at("active").as_bool()) << tokens.body;
  EXPECT_EQ(d.Admin().Delete("/api/v2/users/999999.json").status, 404);
}

TEST(StaffTokens, SessionsOfAPersonCanBeEndedByAnAdminOrThemselves) {
  Desk d;
  Browser alice = SetPasswordByMail(d.server, "alice@customer.example", kPassword);
  Browser alice2 = LoggedIn(d.server, "alice@customer.example", kPassword);
  EXPECT_EQ(d.Bob().Delete("/api/v2/chamado/users/" + S(d.alice_id) + "/sessions").status, 403);
  EXPECT_EQ(d.Agent().Delete("/api/v2/chamado/users/" + S(d.alice_id) + "/sessions").status, 403);
  auto ended = d.Admin().Delete("/api/v2/chamado/users/" + S(d.alice_id) + "/sessions");
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(ended["ended"].as_int64(), 2);
  EXPECT_EQ(alice.Get(AuthPath("session")).status, 401);
  EXPECT_EQ(alice2.Get(AuthPath("session")).status, 401);
  Browser again = LoggedIn(d.server, "alice@customer.example", kPassword);
  auto own = d.Alice().Delete("/api/v2/chamado/users/" + S(d.alice_id) + "/sessions");
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(own["ended"].as_int64(), 1);
  EXPECT_EQ(again.Get(AuthPath("session")).status, 401);
}

TEST(StaffTokens, TheAuditLogListsSignInsFailuresAndTokenUse) {
  Desk d;
  SetPasswordByMail(d.server, "alice@customer.example", kPassword);
  Browser b(d.server);
  ASSERT_EQ(
      b.Post(AuthPath("login"), J({{"email", "alice@customer.example"}, {"password", "Wrong-Password-1"}})).status,
      401);
  ASSERT_EQ(b.Post(AuthPath("login"), J({{"email", "alice@customer.example"}, {"password", kPassword}})).status, 200);
  auto created = CreateToken(d.Agent(), "audited");
  ASSERT_EQ(created.status, 201);
  const auto token_id = created["api_token"].at("id").as_int64();
  ASSERT_EQ(d.Agent().Delete("/api/v2/chamado/api_tokens/" + S(token_id)).status, 204);

  EXPECT_EQ(d.Agent().Get("/api/v2/chamado/auth_events.json").status, 403) << "admins only";
  EXPECT_EQ(d.Alice().Get("/api/v2/chamado/auth_events.json").status, 403);
  auto all = d.Admin().Get("/api/v2/chamado/auth_events.json");
  ASSERT_EQ(all.status, 200) << all.body;
  std::vector<std::string> alice_kinds, agent_kinds;
  bool failed = false;
  for (const auto& e : all["auth_events"].as_array()) {
    const auto& uid = e.at("user_id");
    if (!uid.is_null() && uid.as_int64() == d.alice_id) alice_kinds.push_back(Str(e.at("kind")));
    if (!uid.is_null() && uid.as_int64() == d.agent_id) agent_kinds.push_back(Str(e.at("kind")));
    if (Str(e.at("kind")) == "login_failed" && Str(e.at("email")) == "alice@customer.example") {
      failed = true;
      EXPECT_EQ(Str(e.at("ip")), "127.0.0.1");
    }
  }
  EXPECT_TRUE(failed) << all.body;
  EXPECT_TRUE(std::ranges::any_of(alice_kinds, [](const std::string& k) { return k == "login"; })) << all.body;
  for (const char* kind : {"token_created", "token_revoked", "token_used"})
    EXPECT_TRUE(std::ranges::any_of(agent_kinds, [&](const std::string& k) { return k == kind; }))
        << kind << ": " << all.body;

  // Filters.
  auto only = d.Admin().Get("/api/v2/chamado/auth_events.json?kind=login_failed");
  ASSERT_EQ(only.status, 200);
  ASSERT_FALSE(only["auth_events"].as_array().empty());
  for (const auto& e : only["auth_events"].as_array()) EXPECT_EQ(Str(e.at("kind")), "login_failed");
  auto hers = d.Admin().Get("/api/v2/chamado/auth_events.json?user_id=" + S(d.alice_id));
  ASSERT_EQ(hers.status, 200);
  for (const auto& e : hers["auth_events"].as_array()) EXPECT_EQ(e.at("user_id").as_int64(), d.alice_id);
  // Paging like the other lists.
  auto page = d.Admin().Get("/api/v2/chamado/auth_events.json?per_page=1");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page["auth_events"].as_array().size(), 1u);
  EXPECT_FALSE(page["next_page"].is_null()) << page.body;
}

// ------------------------------------------------------------------ operator commands

TEST(StaffTokensCli, TheOperatorListsRevokesAndDeactivates) {
  Desk d;
  const std::string data = d.server.data();
  auto added = RunCli(
      {"admin", "token", "add", "--data", data, "--email", "agent@test.example", "--description", "from the CLI"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const std::string secret = added.LastLine();
  EXPECT_EQ(Client(d.server, "agent@test.example", secret).Get("/api/v2/tickets.json").status, 200);

  auto list = RunCli({"admin", "token", "list", "--data", data, "--email", "agent@test.example"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("from the CLI"), std::string::npos) << list.out;
  EXPECT_EQ(list.out.find(secret), std::string::npos) << "never the token itself";
  // The id of the CLI's token, from the API's listing.
  std::int64_t id = 0;
  const auto tokens = d.Agent().Get("/api/v2/chamado/api_tokens.json");
  for (const auto& t : tokens["api_tokens"].as_array())
    if (Str(t.at("description")) == "from the CLI") id = t.at("id").as_int64();
  ASSERT_GT(id, 0);
  EXPECT_NE(list.out.find(S(id)), std::string::npos) << list.out;

  auto revoke = RunCli({"admin", "token", "revoke", "--data", data, "--id", S(id)});
  ASSERT_EQ(revoke.exit_code, 0) << revoke.err;
  EXPECT_EQ(Client(d.server, "agent@test.example", secret).Get("/api/v2/tickets.json").status, 401);

  Browser agent = SetPasswordByMail(d.server, "agent@test.example", kPassword);
  auto off = RunCli({"admin", "user", "deactivate", "--data", data, "--email", "agent@test.example"});
  ASSERT_EQ(off.exit_code, 0) << off.err;
  EXPECT_EQ(d.Agent().Get("/api/v2/tickets.json").status, 401);
  EXPECT_EQ(agent.Get(AuthPath("session")).status, 401);
  EXPECT_FALSE(d.Admin().Get("/api/v2/users/" + S(d.agent_id) + ".json")["user"].at("active").as_bool());
  auto unknown = RunCli({"admin", "user", "deactivate", "--data", data, "--email", "nobody@test.example"});
  EXPECT_NE(unknown.exit_code, 0);
}

}  // namespace
}  // namespace it
