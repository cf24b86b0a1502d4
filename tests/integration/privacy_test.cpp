// LGPD (issue 8; docs/accounts.md "Privacy: export and erasure"): an admin exports everything
// about a person (JSON plus their attachments) and erases a person (their identity anonymized
// on every ticket and in search, sessions and tokens gone, the erasure in the audit log), from
// the API and from the CLI. On both stores.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "harness.hpp"

namespace it {
namespace {

namespace fs = std::filesystem;

const std::string kPassword = "Blue-Lagoon-42-Piano";

std::string FromHex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  return out;
}

// A real 3x2 PNG.
std::string Png() {
  return FromHex(
      "89504e470d0a1a0a0000000d49484452000000030000000208020000001216f14d0000001049444154789c63f8cfc000410c70160041d2"
      "05fb87f0b9480000000049454e44ae426082");
}

std::string Enc(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string ReadAll(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

class Privacy : public ::testing::Test {
 protected:
  Desk d;
  std::int64_t with_file_ = 0, by_agent_ = 0, attachment_id_ = 0;

  // Alice's request with a receipt attached, and a ticket an agent opened for her with a public
  // reply and an internal note.
  void SetUp() override {
    auto up = d.Alice().Send("POST", "/api/v2/uploads.json?filename=receipt.png", Png(),
                             {{"Content-Type", "application/binary"}});
    ASSERT_EQ(up.status, 201) << up.body;
    attachment_id_ = up["upload"].at("attachment").at("id").as_int64();
    auto req =
        d.Alice().Post("/api/v2/requests.json",
                       json::serialize(json::object{{"request",
                                                     {{"subject", "Charged twice"},
                                                      {"comment",
                                                       {{"body", "My CPF is 123.456.789-00, see the receipt"},
                                                        {"uploads", json::array{up["upload"].at("token")}}}}}}}));
    ASSERT_EQ(req.status, 201) << req.body;
    with_file_ = req["request"].at("id").as_int64();
    by_agent_ = d.NewTicket("alice@customer.example", "Callback requested");
    ASSERT_EQ(
        d.Agent().Put(TicketPath(by_agent_), R"({"ticket":{"comment":{"body":"We called you","public":true}}})").status,
        200);
    ASSERT_EQ(d.Agent()
                  .Put(TicketPath(by_agent_),
                       R"({"ticket":{"comment":{"body":"INTERNAL: she sounded upset","public":false}}})")
                  .status,
              200);
  }

  std::string ExportPath(std::int64_t id) { return "/api/v2/chamado/users/" + S(id) + "/export.json"; }
  std::string ErasePath(std::int64_t id) { return "/api/v2/chamado/users/" + S(id) + "/erase.json"; }

  std::vector<std::int64_t> TicketsFound(const std::string& query) {
    auto r = d.Agent().Get("/api/v2/search.json?query=" + Enc(query));
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    std::vector<std::int64_t> out;
    if (r.status != 200) return out;
    for (const auto& x : r["results"].as_array())
      if (Str(x.at("result_type")) == "ticket") out.push_back(x.at("id").as_int64());
    return out;
  }
  std::size_t UsersFound(const std::string& query) {
    auto r = d.Admin().Get("/api/v2/users/search.json?query=" + Enc(query));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r["users"].as_array().size() : 0;
  }
  bool EventOfKind(const std::string& kind, std::int64_t user_id) {
    auto r = d.Admin().Get("/api/v2/chamado/auth_events.json?kind=" + kind);
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return false;
    for (const auto& e : r["auth_events"].as_array())
      if (!e.at("user_id").is_null() && e.at("user_id").as_int64() == user_id && !e.at("actor_id").is_null() &&
          e.at("actor_id").as_int64() == d.admin_id)
        return true;
    return false;
  }
};

std::vector<std::int64_t> IdsOf(const json::value& list) {
  std::vector<std::int64_t> out;
  for (const auto& x : list.as_array()) out.push_back(x.at("id").as_int64());
  std::sort(out.begin(), out.end());
  return out;
}

TEST_F(Privacy, AnExportHoldsThePersonTheirTicketsCommentsAndAttachments) {
  EXPECT_EQ(d.Agent().Get(ExportPath(d.alice_id)).status, 403) << "admins only";
  EXPECT_EQ(d.Alice().Get(ExportPath(d.alice_id)).status, 403);
  EXPECT_EQ(d.Admin().Get(ExportPath(999999)).status, 404);

  auto r = d.Admin().Get(ExportPath(d.alice_id));
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& e = r["export"];
  EXPECT_EQ(Str(e.at("user").at("email")), "alice@customer.example");
  EXPECT_FALSE(e.at("generated_at").is_null());
  EXPECT_EQ(IdsOf(e.at("tickets")), (std::vector<std::int64_t>{with_file_, by_agent_}));
  EXPECT_NE(r.body.find("My CPF is 123.456.789-00"), std::string::npos) << "what she wrote";
  EXPECT_NE(r.body.find("We called you"), std::string::npos) << "public replies to her";
  EXPECT_EQ(r.body.find("INTERNAL"), std::string::npos) << "internal notes are not hers";
  EXPECT_EQ(r.body.find(d.alice_token), std::string::npos) << "tokens by prefix only";
  ASSERT_EQ(e.at("attachments").as_array().size(), 1u) << r.body;
  const auto& a = e.at("attachments").at(0);
  EXPECT_EQ(a.at("id").as_int64(), attachment_id_);
  EXPECT_EQ(a.at("ticket_id").as_int64(), with_file_);
  EXPECT_EQ(Str(a.at("file_name")), "receipt.png");
  EXPECT_EQ(a.at("size").as_int64(), static_cast<std::int64_t>(Png().size()));
  // The content_url downloads the bytes (for the admin).
  const std::string url = Str(a.at("content_url"));
  ASSERT_TRUE(url.starts_with(d.server.base())) << url;
  auto bytes = d.Admin().Get(url.substr(d.server.base().size()));
  EXPECT_EQ(bytes.status, 200);
  EXPECT_EQ(bytes.body, Png());
  for (const char* key : {"identities", "group_memberships", "comments", "satisfaction_ratings", "mails", "sessions",
                          "api_tokens", "auth_events"})
    EXPECT_TRUE(e.at(key).is_array()) << key;
  EXPECT_FALSE(e.at("api_tokens").as_array().empty());
  EXPECT_FALSE(e.at("mails").as_array().empty()) << "the acknowledgements sent to her";
  EXPECT_TRUE(EventOfKind("privacy_export", d.alice_id)) << "the export is in the audit log";
}

TEST_F(Privacy, AnErasureAnonymizesThePersonOnTicketsAndInSearchAndEndsTheirAccess) {
  Browser alice = SetPasswordByMail(d.server, "alice@customer.example", kPassword);
  ASSERT_EQ(TicketsFound("requester:alice@customer.example").size(), 2u);

  EXPECT_EQ(d.Agent().Post(ErasePath(d.alice_id), R"({"confirm":true})").status, 403);
  auto unconfirmed = d.Admin().Post(ErasePath(d.alice_id), "{}");
  EXPECT_EQ(unconfirmed.status, 422) << unconfirmed.body;
  EXPECT_EQ(d.Admin().Post(ErasePath(d.admin_id), R"({"confirm":true})").status, 422) << "not oneself";
  EXPECT_EQ(alice.Get(AuthPath("session")).status, 200) << "nothing happened yet";

  auto r = d.Admin().Post(ErasePath(d.alice_id), R"({"confirm":true})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r["erasure"].at("user_id").as_int64(), d.alice_id);
  EXPECT_EQ(r["erasure"].at("tickets").as_int64(), 2);

  // The tickets stay, with a requester who is nobody in particular.
  auto t = d.Agent().Get(TicketPath(with_file_) + "?include=users");
  ASSERT_EQ(t.status, 200) << t.body;
  for (const auto& u : t["users"].as_array()) {
    if (u.at("id").as_int64() != d.alice_id) continue;
    EXPECT_NE(Str(u.at("name")), "Alice") << t.body;
    EXPECT_EQ(Str(u.at("email")).find("alice"), std::string::npos) << t.body;
    EXPECT_EQ(Str(u.at("phone")).find("alice"), std::string::npos);
  }
  auto user = d.Admin().Get("/api/v2/users/" + S(d.alice_id) + ".json");
  if (user.status == 200) {
    EXPECT_EQ(Str(user["user"].at("email")).find("alice"), std::string::npos) << user.body;
    EXPECT_NE(Str(user["user"].at("name")), "Alice");
  }
  EXPECT_TRUE(TicketsFound("requester:alice@customer.example").empty());
  EXPECT_EQ(UsersFound("alice@customer.example"), 0u);
  EXPECT_EQ(UsersFound("Alice"), 0u);
  // What she typed into a comment is the ticket's content and stays (docs/accounts.md).
  auto comments = d.Agent().Get("/api/v2/tickets/" + S(with_file_) + "/comments.json");
  EXPECT_NE(comments.body.find("My CPF is"), std::string::npos);

  // Her access is gone: session, token, password.
  EXPECT_EQ(alice.Get(AuthPath("session")).status, 401);
  EXPECT_EQ(d.Alice().Get("/api/v2/requests.json").status, 401);
  Browser again(d.server);
  EXPECT_EQ(again
                .Post(AuthPath("login"),
                      json::serialize(json::object{{"email", "alice@customer.example"}, {"password", kPassword}}))
                .status,
            401);
  EXPECT_TRUE(EventOfKind("privacy_erase", d.alice_id)) << "the erasure is in the audit log";
}

// ------------------------------------------------------------------ operator commands

TEST_F(Privacy, TheCliExportsToADirectoryAndErases) {
  const std::string dir = MakeTempDir("chamado-export") + "/alice";
  auto out =
      RunCli({"admin", "user", "export", "--data", d.server.data(), "--email", "alice@customer.example", "--to", dir});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  auto person = json::parse(ReadAll(dir + "/person.json"));
  const auto& e = person.as_object().contains("export") ? person.at("export") : person;
  EXPECT_EQ(Str(e.at("user").at("email")), "alice@customer.example");
  EXPECT_EQ(IdsOf(e.at("tickets")), (std::vector<std::int64_t>{with_file_, by_agent_}));
  EXPECT_EQ(ReadAll(dir + "/attachments/" + S(attachment_id_) + "-receipt.png"), Png());

  auto refused = RunCli({"admin", "user", "erase", "--data", d.server.data(), "--email", "alice@customer.example"});
  EXPECT_NE(refused.exit_code, 0) << "erasing needs --yes";
  EXPECT_EQ(UsersFound("alice@customer.example"), 1u);
  auto erased =
      RunCli({"admin", "user", "erase", "--data", d.server.data(), "--email", "alice@customer.example", "--yes"});
  ASSERT_EQ(erased.exit_code, 0) << erased.err;
  EXPECT_EQ(UsersFound("alice@customer.example"), 0u);
  EXPECT_TRUE(TicketsFound("requester:alice@customer.example").empty());
  EXPECT_EQ(d.Alice().Get("/api/v2/requests.json").status, 401);
  fs::remove_all(fs::path(dir).parent_path());
}

}  // namespace
}  // namespace it
