// Users, identities, groups, group memberships, organizations and ticket fields over HTTP,
// against the real binary.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "harness.hpp"

namespace it {
namespace {

std::string Id(std::int64_t id) { return std::to_string(id); }

bool HasDetail(const Response& r, const char* field) {
  const auto& d = r["details"];
  return d.is_object() && d.as_object().contains(field);
}

// The path part of an absolute link (http://host:port/api/v2/...) for the harness client.
std::string PathOf(const std::string& url) {
  auto p = url.find("/api/v2/");
  return p == std::string::npos ? url : url.substr(p);
}

std::vector<std::int64_t> Ids(const json::value& arr) {
  std::vector<std::int64_t> out;
  for (const auto& x : arr.as_array()) out.push_back(x.at("id").as_int64());
  return out;
}

const json::object* FieldById(const json::value& fields, std::int64_t id) {
  for (const auto& f : fields.as_array())
    if (f.at("id").as_int64() == id) return &f.as_object();
  return nullptr;
}

std::vector<std::string> OptionValues(const json::object& field) {
  std::vector<std::string> out;
  for (const auto& o : field.at("custom_field_options").as_array()) out.emplace_back(o.at("value").as_string());
  return out;
}

// ---------------------------------------------------------------- users

TEST(PeopleUsers, MeAnswersTheCallerAndTheAnonymousUser) {
  Desk d;
  auto me = d.Agent().Get("/api/v2/users/me.json");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me["user"].at("id").as_int64(), d.agent_id);
  EXPECT_EQ(me["user"].at("email").as_string(), "agent@test.example");
  EXPECT_EQ(me["user"].at("role").as_string(), "agent");
  EXPECT_EQ(me["user"].at("locale").as_string(), "pt-BR");  // the default locale

  auto alice = d.Alice().Get("/api/v2/users/me");
  ASSERT_EQ(alice.status, 200) << alice.body;
  EXPECT_EQ(alice["user"].at("id").as_int64(), d.alice_id);
  EXPECT_EQ(alice["user"].at("role").as_string(), "end-user");

  auto anon = d.Anonymous().Get("/api/v2/users/me.json");
  ASSERT_EQ(anon.status, 200) << anon.body;
  EXPECT_EQ(anon["user"].at("name").as_string(), "Anonymous user");
  EXPECT_TRUE(anon["user"].at("id").is_null());

  // A wrong token is refused on a protected endpoint.
  Client wrong(d.server, "agent@test.example", "not-the-token");
  EXPECT_EQ(wrong.Get("/api/v2/users/" + Id(d.agent_id)).status, 401);
}

TEST(PeopleUsers, ShowRespectsWhoMaySeeWhom) {
  Desk d;
  auto r = d.Agent().Get("/api/v2/users/" + Id(d.alice_id) + ".json");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r["user"].at("email").as_string(), "alice@customer.example");
  EXPECT_EQ(r["user"].at("name").as_string(), "Alice");

  EXPECT_EQ(d.Alice().Get("/api/v2/users/" + Id(d.alice_id)).status, 200);
  auto other = d.Alice().Get("/api/v2/users/" + Id(d.bob_id));
  EXPECT_EQ(other.status, 404) << other.body;
  EXPECT_EQ(other["error"].as_string(), "RecordNotFound");
  EXPECT_EQ(d.Anonymous().Get("/api/v2/users/" + Id(d.alice_id)).status, 401);
  EXPECT_EQ(d.Agent().Get("/api/v2/users/999999").status, 404);
}

TEST(PeopleUsers, AgentCreatesEndUsersOnlyAdminsCreateAgents) {
  Desk d;
  auto r = d.Agent().Post("/api/v2/users.json",
                          R"({"user":{"name":"Carol","email":"Carol@Customer.example","locale":"es"}})");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto id = r["user"].at("id").as_int64();
  EXPECT_EQ(r["user"].at("role").as_string(), "end-user");
  EXPECT_EQ(r["user"].at("email").as_string(), "carol@customer.example");
  EXPECT_EQ(r["user"].at("locale").as_string(), "es");
  auto shown = d.Agent().Get("/api/v2/users/" + Id(id));
  ASSERT_EQ(shown.status, 200);
  EXPECT_EQ(shown["user"].at("name").as_string(), "Carol");

  auto forbidden =
      d.Agent().Post("/api/v2/users", R"({"user":{"name":"Dan","email":"dan@test.example","role":"agent"}})");
  EXPECT_EQ(forbidden.status, 403) << forbidden.body;
  auto admin_only =
      d.Agent().Post("/api/v2/users", R"({"user":{"name":"Eve","email":"eve@test.example","role":"admin"}})");
  EXPECT_EQ(admin_only.status, 403) << admin_only.body;
  // Nothing was created by the refused calls.
  auto search = d.Admin().Get("/api/v2/users/search?query=dan%40test.example");
  ASSERT_EQ(search.status, 200);
  EXPECT_TRUE(search["users"].as_array().empty()) << search.body;

  auto by_admin =
      d.Admin().Post("/api/v2/users", R"({"user":{"name":"Dan","email":"dan@test.example","role":"agent"}})");
  ASSERT_EQ(by_admin.status, 201) << by_admin.body;
  EXPECT_EQ(by_admin["user"].at("role").as_string(), "agent");

  EXPECT_EQ(d.Alice().Post("/api/v2/users", R"({"user":{"name":"F","email":"f@customer.example"}})").status, 403);
  EXPECT_EQ(d.Anonymous().Post("/api/v2/users", R"({"user":{"name":"F","email":"f@customer.example"}})").status, 401);
}

TEST(PeopleUsers, CreateValidatesFieldByField) {
  Desk d;
  auto dup = d.Agent().Post("/api/v2/users", R"({"user":{"name":"Alice 2","email":"ALICE@customer.example"}})");
  ASSERT_EQ(dup.status, 422) << dup.body;
  EXPECT_EQ(dup["error"].as_string(), "RecordInvalid");
  EXPECT_TRUE(HasDetail(dup, "email")) << dup.body;

  auto bad_email = d.Agent().Post("/api/v2/users", R"({"user":{"name":"X","email":"not-an-address"}})");
  ASSERT_EQ(bad_email.status, 422) << bad_email.body;
  EXPECT_TRUE(HasDetail(bad_email, "email")) << bad_email.body;

  auto bad_locale =
      d.Agent().Post("/api/v2/users", R"({"user":{"name":"X","email":"x@customer.example","locale":"klingon"}})");
  ASSERT_EQ(bad_locale.status, 422) << bad_locale.body;
  EXPECT_TRUE(HasDetail(bad_locale, "locale")) << bad_locale.body;

  auto no_name = d.Agent().Post("/api/v2/users", R"({"user":{"email":"y@customer.example"}})");
  ASSERT_EQ(no_name.status, 422) << no_name.body;
  EXPECT_TRUE(HasDetail(no_name, "name")) << no_name.body;

  auto wrong_type = d.Agent().Post("/api/v2/users", R"({"user":{"name":42,"email":"z@customer.example"}})");
  ASSERT_EQ(wrong_type.status, 422) << wrong_type.body;
  EXPECT_TRUE(HasDetail(wrong_type, "name")) << wrong_type.body;

  // Unknown fields are ignored like Zendesk does.
  auto unknown =
      d.Agent().Post("/api/v2/users", R"({"user":{"name":"W","email":"w@customer.example","shoe_size":44}})");
  EXPECT_EQ(unknown.status, 201) << unknown.body;

  // None of the refused users exists.
  auto list = d.Admin().Get("/api/v2/users/search?query=customer.example");
  ASSERT_EQ(list.status, 200);
  std::set<std::string> emails;
  for (const auto& u : list["users"].as_array()) emails.insert(std::string(u.at("email").as_string()));
  EXPECT_EQ(emails, (std::set<std::string>{"alice@customer.example", "bob@customer.example", "w@customer.example"}));
}

TEST(PeopleUsers, EndUserUpdatesOnlyTheirOwnProfileFields) {
  Desk d;
  auto r = d.Alice().Put(
      "/api/v2/users/" + Id(d.alice_id) + ".json",
      R"({"user":{"name":"Alice Souza","locale":"es","time_zone":"America/Bogota","phone":"+55 11 5555-0000",
                                     "email":"hijack@evil.example","tags":["vip"],"notes":"self-written note"}})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto u = d.Agent().Get("/api/v2/users/" + Id(d.alice_id));
  ASSERT_EQ(u.status, 200);
  EXPECT_EQ(u["user"].at("name").as_string(), "Alice Souza");
  EXPECT_EQ(u["user"].at("locale").as_string(), "es");
  EXPECT_EQ(u["user"].at("time_zone").as_string(), "America/Bogota");
  EXPECT_EQ(u["user"].at("phone").as_string(), "+55 11 5555-0000");
  // Fields an end user may not touch stay as they were.
  EXPECT_EQ(u["user"].at("email").as_string(), "alice@customer.example");
  EXPECT_TRUE(u["user"].at("tags").as_array().empty());
  EXPECT_EQ(u["user"].at("notes").as_string(), "");
  // The token still authenticates with the unchanged e-mail.
  EXPECT_EQ(d.Alice().Get("/api/v2/requests.json").status, 200);

  auto bad_locale = d.Alice().Put("/api/v2/users/" + Id(d.alice_id), R"({"user":{"locale":"xx"}})");
  EXPECT_EQ(bad_locale.status, 422) << bad_locale.body;
  EXPECT_TRUE(HasDetail(bad_locale, "locale"));
}

TEST(PeopleUsers, OnlyAdminsChangeRoles) {
  Desk d;
  auto self = d.Alice().Put("/api/v2/users/" + Id(d.alice_id), R"({"user":{"role":"admin"}})");
  EXPECT_EQ(self.status, 403) << self.body;
  auto by_agent = d.Agent().Put("/api/v2/users/" + Id(d.alice_id), R"({"user":{"role":"agent"}})");
  EXPECT_EQ(by_agent.status, 403) << by_agent.body;
  auto agent_self = d.Agent().Put("/api/v2/users/" + Id(d.agent_id), R"({"user":{"role":"admin"}})");
  EXPECT_EQ(agent_self.status, 403) << agent_self.body;
  EXPECT_EQ(d.Agent().Get("/api/v2/users/" + Id(d.alice_id))["user"].at("role").as_string(), "end-user");
  EXPECT_EQ(d.Agent().Get("/api/v2/users/me")["user"].at("role").as_string(), "agent");
  // Alice still cannot use the agents' API.
  EXPECT_EQ(d.Alice().Get("/api/v2/tickets.json").status, 403);

  auto by_admin = d.Admin().Put("/api/v2/users/" + Id(d.alice_id), R"({"user":{"role":"agent"}})");
  ASSERT_EQ(by_admin.status, 200) << by_admin.body;
  EXPECT_EQ(by_admin["user"].at("role").as_string(), "agent");
  EXPECT_EQ(d.Alice().Get("/api/v2/tickets.json").status, 200);  // takes effect at once
}

TEST(PeopleUsers, EndUserCannotUpdateSomeoneElse) {
  Desk d;
  auto r = d.Alice().Put("/api/v2/users/" + Id(d.bob_id), R"({"user":{"name":"Bob the Hacked"}})");
  EXPECT_EQ(r.status, 404) << r.body;
  auto r2 = d.Alice().Put("/api/v2/users/" + Id(d.agent_id), R"({"user":{"name":"Agent Hacked"}})");
  EXPECT_EQ(r2.status, 404) << r2.body;
  EXPECT_EQ(d.Agent().Get("/api/v2/users/" + Id(d.bob_id))["user"].at("name").as_string(), "Bob");
  EXPECT_EQ(d.Admin().Get("/api/v2/users/" + Id(d.agent_id))["user"].at("name").as_string(), "Agent Smith");

  // An agent updates an end user's profile.
  auto ok = d.Agent().Put("/api/v2/users/" + Id(d.bob_id), R"({"user":{"name":"Robert","phone":"123"}})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(d.Bob().Get("/api/v2/users/me")["user"].at("name").as_string(), "Robert");
}

TEST(PeopleUsers, StaffChangeAnEmailAndTheIdentityAndTokenFollow) {
  Desk d;
  auto taken = d.Admin().Put("/api/v2/users/" + Id(d.alice_id), R"({"user":{"email":"bob@customer.example"}})");
  EXPECT_EQ(taken.status, 422) << taken.body;
  EXPECT_TRUE(HasDetail(taken, "email"));
  auto invalid = d.Agent().Put("/api/v2/users/" + Id(d.alice_id), R"({"user":{"email":"alice at example"}})");
  EXPECT_EQ(invalid.status, 422) << invalid.body;
  // An agent may not edit an admin.
  EXPECT_EQ(d.Agent().Put("/api/v2/users/" + Id(d.admin_id), R"({"user":{"name":"Demoted"}})").status, 403);
  EXPECT_EQ(d.Admin().Get("/api/v2/users/me")["user"].at("name").as_string(), "Admin");

  auto ok = d.Agent().Put("/api/v2/users/" + Id(d.alice_id), R"({"user":{"email":"alice.new@customer.example"}})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok["user"].at("email").as_string(), "alice.new@customer.example");
  auto ids = d.Agent().Get("/api/v2/users/" + Id(d.alice_id) + "/identities");
  ASSERT_EQ(ids["identities"].as_array().size(), 1u);
  EXPECT_EQ(ids["identities"].as_array()[0].at("value").as_string(), "alice.new@customer.example");
  // The token now goes with the new address; the old one no longer matches.
  Client renamed(d.server, "alice.new@customer.example", d.alice_token);
  EXPECT_EQ(renamed.Get("/api/v2/requests").status, 200);
  EXPECT_EQ(d.Alice().Get("/api/v2/requests").status, 401);
  // The old address is free again.
  EXPECT_EQ(d.Agent().Post("/api/v2/users", R"({"user":{"name":"Alice Two","email":"alice@customer.example"}})").status,
            201);
}

TEST(PeopleUsers, ListFiltersByRoleAndWalksCursorPages) {
  Desk d;
  std::set<std::int64_t> agents{d.agent_id};
  for (int i = 0; i < 4; ++i)
    agents.insert(
        d.server.AddUser("agent" + std::to_string(i) + "@test.example", "Agent " + std::to_string(i), "agent"));

  auto r = d.Admin().Get("/api/v2/users.json?role=agent");
  ASSERT_EQ(r.status, 200) << r.body;
  std::set<std::int64_t> got;
  for (const auto& u : r["users"].as_array()) {
    EXPECT_EQ(u.at("role").as_string(), "agent");
    got.insert(u.at("id").as_int64());
  }
  EXPECT_EQ(got, agents);
  EXPECT_EQ(r["count"].as_int64(), 5);

  auto admins = d.Agent().Get("/api/v2/users?role=admin");
  ASSERT_EQ(admins.status, 200);
  EXPECT_EQ(Ids(admins["users"]), std::vector<std::int64_t>{d.admin_id});

  // Cursor pagination: pages of 2 over the 5 agents, then back.
  std::vector<std::int64_t> walked;
  std::string path = "/api/v2/users.json?role=agent&page[size]=2";
  int pages = 0;
  std::string last_prev;
  while (!path.empty() && pages < 10) {
    auto p = d.Agent().Get(path);
    ASSERT_EQ(p.status, 200) << path << " " << p.body;
    ASSERT_TRUE(p["meta"].is_object()) << p.body;
    for (auto id : Ids(p["users"])) walked.push_back(id);
    ++pages;
    const auto& next = p["links"].at("next");
    EXPECT_EQ(p["meta"].at("has_more").as_bool(), !next.is_null());
    if (!next.is_null()) {
      std::string n(next.as_string());
      EXPECT_TRUE(n.starts_with("http://127.0.0.1:" + std::to_string(d.server.port()) + "/api/v2/users")) << n;
      EXPECT_NE(n.find("role=agent"), std::string::npos) << n;  // the filter stays in the link
      path = PathOf(n);
    } else {
      path.clear();
    }
    if (!p["links"].at("prev").is_null()) last_prev = std::string(p["links"].at("prev").as_string());
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(std::set<std::int64_t>(walked.begin(), walked.end()), agents);
  EXPECT_EQ(walked.size(), agents.size()) << "a user appeared twice";
  ASSERT_FALSE(last_prev.empty());
  auto back = d.Agent().Get(PathOf(last_prev));
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(Ids(back["users"]), std::vector<std::int64_t>(walked.begin() + 2, walked.begin() + 4));

  EXPECT_EQ(d.Alice().Get("/api/v2/users").status, 403);
  EXPECT_EQ(d.Admin().Get("/api/v2/users?role=wizard").status, 400);
}

TEST(PeopleUsers, SearchFindsByNameAndEmail) {
  Desk d;
  auto r = d.Agent().Get("/api/v2/users/search.json?query=alice");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Ids(r["users"]), std::vector<std::int64_t>{d.alice_id});

  auto by_domain = d.Agent().Get("/api/v2/users/search?query=customer.example");
  ASSERT_EQ(by_domain.status, 200);
  auto ids = Ids(by_domain["users"]);
  EXPECT_EQ(std::set<std::int64_t>(ids.begin(), ids.end()), (std::set<std::int64_t>{d.alice_id, d.bob_id}));

  auto by_name = d.Agent().Get("/api/v2/users/search?query=Smith");
  ASSERT_EQ(by_name.status, 200);
  EXPECT_EQ(Ids(by_name["users"]), std::vector<std::int64_t>{d.agent_id});

  auto none = d.Agent().Get("/api/v2/users/search?query=nobody-here");
  ASSERT_EQ(none.status, 200);
  EXPECT_TRUE(none["users"].as_array().empty());

  EXPECT_EQ(d.Alice().Get("/api/v2/users/search?query=bob").status, 403);
}

TEST(PeopleUsers, IdentitiesListTheEmail) {
  Desk d;
  auto r = d.Agent().Get("/api/v2/users/" + Id(d.alice_id) + "/identities.json");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& ids = r["identities"].as_array();
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(ids[0].at("type").as_string(), "email");
  EXPECT_EQ(ids[0].at("value").as_string(), "alice@customer.example");
  EXPECT_EQ(ids[0].at("user_id").as_int64(), d.alice_id);
  EXPECT_TRUE(ids[0].at("primary").as_bool());

  EXPECT_EQ(d.Alice().Get("/api/v2/users/" + Id(d.alice_id) + "/identities").status, 200);
  EXPECT_EQ(d.Alice().Get("/api/v2/users/" + Id(d.bob_id) + "/identities").status, 404);
  EXPECT_EQ(d.Agent().Get("/api/v2/users/999999/identities").status, 404);
}

// ---------------------------------------------------------------- groups

TEST(PeopleGroups, AdminsManageGroupsAgentsOnlyRead) {
  Desk d;
  auto created = d.Admin().Post("/api/v2/groups.json", R"({"group":{"name":"Billing","description":"Money"}})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto gid = created["group"].at("id").as_int64();
  EXPECT_EQ(created["group"].at("name").as_string(), "Billing");

  auto shown = d.Agent().Get("/api/v2/groups/" + Id(gid));
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(shown["group"].at("description").as_string(), "Money");

  auto renamed = d.Admin().Put("/api/v2/groups/" + Id(gid), R"({"group":{"name":"Finance"}})");
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(d.Agent().Get("/api/v2/groups/" + Id(gid))["group"].at("name").as_string(), "Finance");

  auto list = d.Agent().Get("/api/v2/groups");
  ASSERT_EQ(list.status, 200);
  auto ids = Ids(list["groups"]);
  EXPECT_NE(std::find(ids.begin(), ids.end(), gid), ids.end());

  EXPECT_EQ(d.Agent().Post("/api/v2/groups", R"({"group":{"name":"Rogue"}})").status, 403);
  EXPECT_EQ(d.Agent().Put("/api/v2/groups/" + Id(gid), R"({"group":{"name":"Rogue"}})").status, 403);
  EXPECT_EQ(d.Agent().Delete("/api/v2/groups/" + Id(gid)).status, 403);
  EXPECT_EQ(d.Alice().Get("/api/v2/groups").status, 403);
  EXPECT_EQ(d.Agent().Get("/api/v2/groups/" + Id(gid))["group"].at("name").as_string(), "Finance");
  EXPECT_EQ(d.Admin().Post("/api/v2/groups", R"({"group":{"name":""}})").status, 422);

  auto del = d.Admin().Delete("/api/v2/groups/" + Id(gid) + ".json");
  EXPECT_EQ(del.status, 204) << del.body;
  EXPECT_TRUE(del.body.empty());
  EXPECT_EQ(d.Agent().Get("/api/v2/groups/" + Id(gid)).status, 404);
  EXPECT_EQ(d.Admin().Delete("/api/v2/groups/" + Id(gid)).status, 404);
  auto after = Ids(d.Agent().Get("/api/v2/groups")["groups"]);
  EXPECT_EQ(std::find(after.begin(), after.end(), gid), after.end());
}

TEST(PeopleGroups, MembershipsCreateListDelete) {
  Desk d;
  const auto gid = d.Admin().Post("/api/v2/groups", R"({"group":{"name":"Tier 2"}})")["group"].at("id").as_int64();
  const std::string body = R"({"group_membership":{"user_id":)" + Id(d.agent_id) + R"(,"group_id":)" + Id(gid) + "}}";

  EXPECT_EQ(d.Agent().Post("/api/v2/group_memberships", body).status, 403);
  auto m = d.Admin().Post("/api/v2/group_memberships.json", body);
  ASSERT_EQ(m.status, 201) << m.body;
  const auto mid = m["group_membership"].at("id").as_int64();
  EXPECT_EQ(m["group_membership"].at("user_id").as_int64(), d.agent_id);
  EXPECT_EQ(m["group_membership"].at("group_id").as_int64(), gid);

  auto dup = d.Admin().Post("/api/v2/group_memberships", body);
  EXPECT_EQ(dup.status, 422) << dup.body;
  EXPECT_TRUE(HasDetail(dup, "user_id")) << dup.body;

  auto customer = d.Admin().Post("/api/v2/group_memberships", R"({"group_membership":{"user_id":)" + Id(d.alice_id) +
                                                                  R"(,"group_id":)" + Id(gid) + "}}");
  EXPECT_EQ(customer.status, 422) << customer.body;
  EXPECT_TRUE(HasDetail(customer, "user_id")) << customer.body;

  auto no_group = d.Admin().Post("/api/v2/group_memberships",
                                 R"({"group_membership":{"user_id":)" + Id(d.agent_id) + R"(,"group_id":999999}})");
  EXPECT_EQ(no_group.status, 422) << no_group.body;

  auto all = d.Agent().Get("/api/v2/group_memberships");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(Ids(all["group_memberships"]), std::vector<std::int64_t>{mid});
  auto of_group = d.Agent().Get("/api/v2/groups/" + Id(gid) + "/memberships.json");
  ASSERT_EQ(of_group.status, 200);
  EXPECT_EQ(Ids(of_group["group_memberships"]), std::vector<std::int64_t>{mid});
  auto of_user = d.Agent().Get("/api/v2/users/" + Id(d.agent_id) + "/group_memberships");
  ASSERT_EQ(of_user.status, 200);
  EXPECT_EQ(Ids(of_user["group_memberships"]), std::vector<std::int64_t>{mid});
  EXPECT_TRUE(
      d.Agent().Get("/api/v2/users/" + Id(d.admin_id) + "/group_memberships")["group_memberships"].as_array().empty());

  EXPECT_EQ(d.Agent().Delete("/api/v2/group_memberships/" + Id(mid)).status, 403);
  EXPECT_EQ(d.Admin().Delete("/api/v2/group_memberships/" + Id(mid)).status, 204);
  EXPECT_TRUE(d.Agent().Get("/api/v2/group_memberships")["group_memberships"].as_array().empty());
  EXPECT_EQ(d.Admin().Delete("/api/v2/group_memberships/" + Id(mid)).status, 404);
  // After the delete the agent can join again.
  EXPECT_EQ(d.Admin().Post("/api/v2/group_memberships", body).status, 201);
  // Deleting the group removes its memberships, and nobody joins a deleted group.
  ASSERT_EQ(d.Admin().Delete("/api/v2/groups/" + Id(gid)).status, 204);
  EXPECT_TRUE(d.Agent().Get("/api/v2/group_memberships")["group_memberships"].as_array().empty());
  auto to_deleted = d.Admin().Post("/api/v2/group_memberships", body);
  EXPECT_EQ(to_deleted.status, 422) << to_deleted.body;
  EXPECT_TRUE(HasDetail(to_deleted, "group_id")) << to_deleted.body;
}

// ---------------------------------------------------------------- organizations

TEST(PeopleOrganizations, CreateShowUpdateList) {
  Desk d;
  auto c =
      d.Admin().Post("/api/v2/organizations.json",
                     R"({"organization":{"name":"Acme Ltda","domain_names":["acme.example"],"shared_tickets":false}})");
  ASSERT_EQ(c.status, 201) << c.body;
  const auto oid = c["organization"].at("id").as_int64();
  EXPECT_EQ(c["organization"].at("name").as_string(), "Acme Ltda");

  auto s = d.Agent().Get("/api/v2/organizations/" + Id(oid) + ".json");
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_EQ(s["organization"].at("domain_names").as_array().size(), 1u);
  EXPECT_EQ(s["organization"].at("domain_names").as_array()[0].as_string(), "acme.example");
  EXPECT_FALSE(s["organization"].at("shared_tickets").as_bool());

  auto u = d.Admin().Put("/api/v2/organizations/" + Id(oid),
                         R"({"organization":{"name":"Acme S.A.","shared_tickets":true}})");
  ASSERT_EQ(u.status, 200) << u.body;
  auto s2 = d.Agent().Get("/api/v2/organizations/" + Id(oid));
  EXPECT_EQ(s2["organization"].at("name").as_string(), "Acme S.A.");
  EXPECT_TRUE(s2["organization"].at("shared_tickets").as_bool());
  EXPECT_EQ(s2["organization"].at("domain_names").as_array().size(), 1u);  // untouched fields stay

  d.Admin().Post("/api/v2/organizations", R"({"organization":{"name":"Globex"}})");
  auto l = d.Agent().Get("/api/v2/organizations");
  ASSERT_EQ(l.status, 200);
  std::set<std::string> names;
  for (const auto& o : l["organizations"].as_array()) names.insert(std::string(o.at("name").as_string()));
  EXPECT_EQ(names, (std::set<std::string>{"Acme S.A.", "Globex"}));

  auto no_name = d.Admin().Post("/api/v2/organizations", R"({"organization":{"domain_names":["x.example"]}})");
  EXPECT_EQ(no_name.status, 422);
  EXPECT_TRUE(HasDetail(no_name, "name"));
  EXPECT_EQ(d.Agent().Get("/api/v2/organizations/999999").status, 404);
  EXPECT_EQ(d.Alice().Get("/api/v2/organizations").status, 403);

  // A user can be put into the organization.
  auto joined = d.Admin().Put("/api/v2/users/" + Id(d.alice_id), R"({"user":{"organization_id":)" + Id(oid) + "}}");
  ASSERT_EQ(joined.status, 200) << joined.body;
  EXPECT_EQ(d.Agent().Get("/api/v2/users/" + Id(d.alice_id))["user"].at("organization_id").as_int64(), oid);
}

// ---------------------------------------------------------------- ticket fields

TEST(PeopleTicketFields, ShippedFieldsHaveFixedIdsAndOptions) {
  Desk d;
  auto r = d.Agent().Get("/api/v2/ticket_fields.json");
  ASSERT_EQ(r.status, 200) << r.body;
  for (std::int64_t id : {100, 101, 102, 103}) ASSERT_NE(FieldById(r["ticket_fields"], id), nullptr) << id;

  EXPECT_EQ(FieldById(r["ticket_fields"], 100)->at("type").as_string(), "text");
  const auto& topic = *FieldById(r["ticket_fields"], 101);
  EXPECT_EQ(topic.at("type").as_string(), "tagger");
  EXPECT_EQ(topic.at("chamado_key").as_string(), "topic");
  EXPECT_FALSE(topic.at("custom_field_options").as_array().empty());

  const auto& impact = *FieldById(r["ticket_fields"], 102);
  EXPECT_EQ(impact.at("type").as_string(), "tagger");
  EXPECT_EQ(impact.at("chamado_key").as_string(), "availability_impact");
  EXPECT_EQ(OptionValues(impact), (std::vector<std::string>{"impact_total", "impact_partial", "impact_none"}));

  const auto& escalation = *FieldById(r["ticket_fields"], 103);
  EXPECT_TRUE(escalation.at("chamado_read_only").as_bool());

  auto one = d.Agent().Get("/api/v2/ticket_fields/102");
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(OptionValues(one["ticket_field"].as_object()), OptionValues(impact));
}

TEST(PeopleTicketFields, EndUsersSeeOnlyPortalFields) {
  Desk d;
  auto agent = d.Agent().Get("/api/v2/ticket_fields");
  auto alice = d.Alice().Get("/api/v2/ticket_fields");
  ASSERT_EQ(alice.status, 200) << alice.body;
  std::size_t hidden = 0;
  for (const auto& f : agent["ticket_fields"].as_array()) hidden += f.at("visible_in_portal").as_bool() ? 0 : 1;
  ASSERT_GT(hidden, 0u) << "the agents' list should hold fields hidden from the portal";
  for (const auto& f : alice["ticket_fields"].as_array()) EXPECT_TRUE(f.at("visible_in_portal").as_bool()) << f;
  EXPECT_EQ(alice["ticket_fields"].as_array().size() + hidden, agent["ticket_fields"].as_array().size());
  EXPECT_NE(FieldById(alice["ticket_fields"], 102), nullptr);

  // A hidden field, asked for directly, does not exist for an end user.
  for (const auto& f : agent["ticket_fields"].as_array())
    if (!f.at("visible_in_portal").as_bool()) {
      EXPECT_EQ(d.Alice().Get("/api/v2/ticket_fields/" + Id(f.at("id").as_int64())).status, 404);
      break;
    }
  EXPECT_EQ(d.Anonymous().Get("/api/v2/ticket_fields").status, 401);
}

TEST(PeopleTicketFields, AdminAddsAFieldAndAnOption) {
  Desk d;
  auto c = d.Admin().Post("/api/v2/ticket_fields.json", R"({"ticket_field":{"type":"tagger","title":"Product",
      "custom_field_options":[{"name":"Web","value":"product_web"},{"name":"Mobile","value":"product_mobile"}]}})");
  ASSERT_EQ(c.status, 201) << c.body;
  const auto fid = c["ticket_field"].at("id").as_int64();
  EXPECT_GT(fid, 103);
  EXPECT_EQ(OptionValues(c["ticket_field"].as_object()), (std::vector<std::string>{"product_web", "product_mobile"}));
  std::int64_t web_id = c["ticket_field"].at("custom_field_options").as_array()[0].at("id").as_int64();

  auto u = d.Admin().Put("/api/v2/ticket_fields/" + Id(fid), R"({"ticket_field":{"custom_field_options":[
      {"name":"Web","value":"product_web"},{"name":"Mobile","value":"product_mobile"},{"name":"Desktop","value":"product_desktop"}]}})");
  ASSERT_EQ(u.status, 200) << u.body;
  auto shown = d.Agent().Get("/api/v2/ticket_fields/" + Id(fid));
  ASSERT_EQ(shown.status, 200);
  EXPECT_EQ(OptionValues(shown["ticket_field"].as_object()),
            (std::vector<std::string>{"product_web", "product_mobile", "product_desktop"}));
  EXPECT_EQ(shown["ticket_field"].at("custom_field_options").as_array()[0].at("id").as_int64(), web_id)
      << "an existing option keeps its id";
  auto listed = d.Agent().Get("/api/v2/ticket_fields");
  EXPECT_NE(FieldById(listed["ticket_fields"], fid), nullptr);

  // A ticket can use the new option.
  auto t =
      d.Agent().Post("/api/v2/tickets", R"({"ticket":{"subject":"S","comment":{"body":"B"},"custom_fields":[{"id":)" +
                                            Id(fid) + R"(,"value":"product_desktop"}]}})");
  ASSERT_EQ(t.status, 201) << t.body;
  bool found = false;
  for (const auto& f : t["ticket"].at("custom_fields").as_array())
    if (f.at("id").as_int64() == fid) found = f.at("value") == json::value("product_desktop");
  EXPECT_TRUE(found) << t.body;

  EXPECT_EQ(d.Agent().Post("/api/v2/ticket_fields", R"({"ticket_field":{"type":"text","title":"Nope"}})").status, 403);
  EXPECT_EQ(d.Agent().Put("/api/v2/ticket_fields/" + Id(fid), R"({"ticket_field":{"title":"Nope"}})").status, 403);
  auto bad_type = d.Admin().Post("/api/v2/ticket_fields", R"({"ticket_field":{"type":"hologram","title":"X"}})");
  EXPECT_EQ(bad_type.status, 422);
  EXPECT_TRUE(HasDetail(bad_type, "type"));
}

TEST(PeopleTicketFields, AdminAddsAnOptionToAShippedField) {
  Desk d;
  auto before = d.Agent().Get("/api/v2/ticket_fields/101");
  ASSERT_EQ(before.status, 200);
  json::array opts;
  for (const auto& o : before["ticket_field"].at("custom_field_options").as_array())
    opts.push_back({{"name", o.at("name")}, {"value", o.at("value")}});
  opts.push_back({{"name", "Segurança"}, {"value", "topic_security"}});
  auto u = d.Admin().Put("/api/v2/ticket_fields/101",
                         json::serialize(json::object{{"ticket_field", {{"custom_field_options", opts}}}}));
  ASSERT_EQ(u.status, 200) << u.body;
  auto after = d.Agent().Get("/api/v2/ticket_fields/101");
  auto values = OptionValues(after["ticket_field"].as_object());
  EXPECT_EQ(values.size(), opts.size());
  EXPECT_EQ(values.back(), "topic_security");
  EXPECT_EQ(after["ticket_field"].at("custom_field_options").as_array()[0].at("id"),
            before["ticket_field"].at("custom_field_options").as_array()[0].at("id"));
}

}  // namespace
}  // namespace it
