// Notifications (issue 7; docs/email.md "Notifications"): each change mails the people it
// concerns, in their language, never an internal note to a customer, with the subject tag,
// the signed reply address and the satisfaction links; "ticket received" is limited per
// sender and hour. Read through the agents' delivery log and the .eml files the server writes
// without an SMTP server (DATA/mail-out).
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "harness.hpp"
#include "mail_harness.hpp"

namespace {
using namespace it;
namespace fs = std::filesystem;
using std::chrono::milliseconds;

// The agents' delivery log of ticket `id`: (kind, to) of each row, oldest first.
std::vector<std::pair<std::string, std::string>> Log(Desk& d, std::int64_t id) {
  auto r = d.Agent().Get("/api/v2/chamado/tickets/" + S(id) + "/deliveries");
  std::vector<std::pair<std::string, std::string>> out;
  if (r.status != 200) return out;
  for (const auto& v : r.json.at("deliveries").as_array()) out.emplace_back(Str(v.at("kind")), Str(v.at("to")));
  std::sort(out.begin(), out.end());
  return out;
}

int Count(const std::vector<std::pair<std::string, std::string>>& log, const std::string& kind, const std::string& to) {
  return static_cast<int>(std::count(log.begin(), log.end(), std::make_pair(kind, to)));
}

// Every .eml written so far, parsed.
std::vector<mail::Message> Emls(Desk& d) {
  std::vector<mail::Message> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::path(d.server.data()) / "mail-out", ec))
    if (e.path().extension() == ".eml") {
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      out.push_back(mail::ParseMessage(ss.str(), e.path().string()));
    }
  return out;
}

// Waits until `n` .eml files exist (the outbox worker writes them after the commit).
std::vector<mail::Message> WaitEmls(Desk& d, std::size_t n) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    auto all = Emls(d);
    if (all.size() >= n || std::chrono::steady_clock::now() > end) return all;
    std::this_thread::sleep_for(milliseconds(50));
  }
}

// Does `header` hold a signed reply address for ticket `id`: "+t<id>-<16 hex>@"?
bool HasReplyToken(const std::string& header, std::int64_t id) {
  const std::string head = "+t" + S(id) + "-";
  const auto p = header.find(head);
  if (p == std::string::npos || header.size() < p + head.size() + 17) return false;
  const std::string mac = header.substr(p + head.size(), 16);
  return mac.find_first_not_of("0123456789abcdef") == std::string::npos && header[p + head.size() + 16] == '@';
}

Response Comment(Desk& d, std::int64_t id, const std::string& body, bool is_public, const std::string& more = "") {
  return d.Agent().Put("/api/v2/tickets/" + S(id) + ".json", R"({"ticket":{"comment":{"body":")" + body +
                                                                 R"(","public":)" + (is_public ? "true" : "false") +
                                                                 "}" + more + "}}");
}

TEST(Notifications, EachChangeMailsTheRightPeopleAndNeverAnInternalNote) {
  ScopedEnv smtp("CHAMADO_MAIL_SMTP_URL", "");
  Desk d;
  const auto id = d.NewTicket("alice@customer.example", "Impressora", R"("collaborator_ids":[)" + S(d.bob_id) + "]");
  auto log = Log(d, id);
  EXPECT_EQ(Count(log, "ticket_received", "alice@customer.example"), 1);
  EXPECT_EQ(Count(log, "ticket_received", "bob@customer.example"), 1);
  EXPECT_EQ(Count(log, "ticket_received", "agent@test.example"), 0);  // the author

  ASSERT_EQ(Comment(d, id, "SEGREDO-INTERNO", false).status, 200);
  EXPECT_EQ(Log(d, id).size(), log.size()) << "an internal note mails nobody";

  ASSERT_EQ(Comment(d, id, "Reinicie a impressora, por favor.", true).status, 200);
  log = Log(d, id);
  EXPECT_EQ(Count(log, "agent_reply", "alice@customer.example"), 1);
  EXPECT_EQ(Count(log, "agent_reply", "bob@customer.example"), 1);

  ASSERT_EQ(Comment(d, id, "Qual o modelo?", true, R"(,"status":"pending")").status, 200);
  EXPECT_EQ(Count(Log(d, id), "info_requested", "alice@customer.example"), 1);

  ASSERT_EQ(Comment(d, id, "Resolvido.", true, R"(,"status":"solved")").status, 200);
  EXPECT_EQ(Count(Log(d, id), "resolved", "alice@customer.example"), 1);

  auto emls = WaitEmls(d, Log(d, id).size());
  ASSERT_EQ(emls.size(), Log(d, id).size());
  bool saw_reply = false, saw_links = false;
  for (const auto& m : emls) {
    EXPECT_EQ(m.raw.find("SEGREDO-INTERNO"), std::string::npos) << m.path;
    EXPECT_NE(m.Header("Subject").find("[#" + S(id) + "]"), std::string::npos) << m.Header("Subject");
    EXPECT_TRUE(HasReplyToken(m.Header("Reply-To"), id)) << m.Header("Reply-To");
    if (m.raw.find("Reinicie a impressora") != std::string::npos) saw_reply = true;
    // The requester rates from the "resolved" mail (only she may rate).
    if (m.raw.find("/chamado/links/") != std::string::npos) {
      saw_links = true;
      EXPECT_NE(m.Header("To").find("alice@customer.example"), std::string::npos);
    }
  }
  EXPECT_TRUE(saw_reply) << "the public reply's words are in the mail";
  EXPECT_TRUE(saw_links) << "the resolved mail carries the satisfaction links";
}

TEST(Notifications, TicketReceivedIsLimitedPerSenderPerHour) {
  ScopedEnv smtp("CHAMADO_MAIL_SMTP_URL", "");
  ScopedEnv limit("CHAMADO_MAIL_AUTO_REPLIES_PER_HOUR", "2");
  Desk d;
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(d.NewTicket("alice@customer.example", "Contato " + std::to_string(i)));
  int received = 0;
  for (auto id : ids) received += Count(Log(d, id), "ticket_received", "alice@customer.example");
  EXPECT_EQ(received, 2) << "the third acknowledgement within the hour is held back";
}

}  // namespace
