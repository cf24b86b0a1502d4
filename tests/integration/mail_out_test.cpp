// Outbound e-mail (issue 7; docs/email.md "Sending", "Delivery log"): notifications leave
// through the outbox, reach a real mailbox through a real Postfix (scripts/mail-test.sh; those
// tests skip without CHAMADO_TEST_MAIL), survive an SMTP outage without loss or duplicates,
// end as dead letters admins see when refused, and are written as .eml files when no SMTP
// server is configured. The delivery log shows each person what concerns them.
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
using std::chrono::seconds;

const json::array& Rows(const Response& r, const char* key = "deliveries") {
  static const json::array kEmpty;
  if (r.status != 200 || !r.json.is_object() || !r.json.as_object().contains(key)) return kEmpty;
  return r.json.at(key).as_array();
}

// The first row addressed to `to`, if any.
std::optional<json::object> RowTo(const json::array& rows, const std::string& to) {
  for (const auto& v : rows)
    if (Str(v.at("to")) == to) return v.as_object();
  return std::nullopt;
}

// Polls the agents' delivery log of ticket `id` until a row to `to` satisfies `pred`.
template <typename Pred>
std::optional<json::object> WaitRow(Desk& d, std::int64_t id, const std::string& to, Pred pred,
                                    milliseconds timeout = seconds(10)) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto r = d.Agent().Get("/api/v2/chamado/tickets/" + S(id) + "/deliveries");
    auto row = RowTo(Rows(r), to);
    if (row && pred(*row)) return row;
    if (std::chrono::steady_clock::now() > end) return row;
    std::this_thread::sleep_for(milliseconds(50));
  }
}

bool IsSent(const json::object& o) { return Str(o.at("state")) == "sent"; }

// Restarts the test Postfix if a test stopped it and failed before starting it again.
struct SmtpBackOnExit {
  bool stopped = false;
  ~SmtpBackOnExit() {
    if (stopped) mail::StartSmtp();
  }
};

// ---------------------------------------------------------------- through Postfix

TEST(MailOut, NotificationReachesTheCustomersMailboxThroughPostfix) {
  if (!mail::Available()) GTEST_SKIP() << mail::kSkipReason;
  ScopedEnv smtp("CHAMADO_MAIL_SMTP_URL", mail::SmtpUrl());
  ScopedEnv from("CHAMADO_MAIL_FROM_ADDRESS", "support@helpdesk.test");
  Desk d;
  d.server.AddUser("ana@customer.test", "Ana Souza", "end-user");
  const auto id = d.NewTicket("ana@customer.test", "Impressora não liga");

  auto row = WaitRow(d, id, "ana@customer.test", IsSent);
  ASSERT_TRUE(row && IsSent(*row)) << (row ? json::serialize(*row) : "no delivery to ana");
  const std::string mid = Str(row->at("message_id"));
  auto got = mail::WaitForMessageId("ana", mid);
  ASSERT_EQ(got.size(), 1u) << "message " << mid << " not in ana's Maildir";
  const auto& m = got[0];
  EXPECT_NE(m.Header("Subject").find("[#" + S(id) + "]"), std::string::npos) << m.Header("Subject");
  EXPECT_NE(m.Header("From").find("support@helpdesk.test"), std::string::npos) << m.Header("From");
  // Replies go to the signed address of this ticket: support+t<id>-<hmac>@helpdesk.test.
  EXPECT_NE(m.Header("Reply-To").find("support+t" + S(id) + "-"), std::string::npos) << m.Header("Reply-To");
  EXPECT_NE(m.Header("Reply-To").find("@helpdesk.test"), std::string::npos);
  EXPECT_EQ(m.Header("Auto-Submitted"), "auto-generated");  // vacation responders stay quiet
  EXPECT_EQ(m.Header("X-Chamado-Ticket"), S(id));
  EXPECT_NE(mid.find("@helpdesk.test"), std::string::npos) << mid;

  // An agent's public reply is a person writing: not marked automatic, threaded under the first.
  auto put = d.Agent().Put(TicketPath(id),
                           R"({"ticket":{"comment":{"body":"Troque o cabo de energia, por favor.","public":true}}})");
  ASSERT_EQ(put.status, 200) << put.body;
  auto reply = WaitRow(d, id, "ana@customer.test",
                       [&](const json::object& o) { return IsSent(o) && Str(o.at("message_id")) != mid; });
  ASSERT_TRUE(reply && Str(reply->at("message_id")) != mid) << "no second e-mail to ana";
  auto second = mail::WaitForMessageId("ana", Str(reply->at("message_id")));
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].Header("Auto-Submitted"), "");
  EXPECT_EQ(second[0].Header("In-Reply-To"), "<" + mid + ">");
  EXPECT_NE(second[0].Header("Subject").find("[#" + S(id) + "]"), std::string::npos);
}

TEST(MailOut, AnSmtpOutageLosesNothingAndDeliversOnceWithTheSameMessageId) {
  if (!mail::Available()) GTEST_SKIP() << mail::kSkipReason;
  ScopedEnv smtp("CHAMADO_MAIL_SMTP_URL", mail::SmtpUrl());
  ScopedEnv from("CHAMADO_MAIL_FROM_ADDRESS", "support@helpdesk.test");
  ScopedEnv base("CHAMADO_MAIL_RETRY_BASE_SECONDS", "60");
  Desk d;
  d.server.AddUser("ana@customer.test", "Ana Souza", "end-user");
  SmtpBackOnExit guard;
  ASSERT_TRUE(mail::StopSmtp());
  guard.stopped = true;

  const auto id = d.NewTicket("ana@customer.test", "Sem internet");
  // The worker tried at once, failed, and says so: attempts, the error, the next try.
  auto row =
      WaitRow(d, id, "ana@customer.test", [](const json::object& o) { return o.at("attempts").as_int64() >= 1; });
  ASSERT_TRUE(row) << "no delivery to ana";
  EXPECT_EQ(Str(row->at("state")), "queued") << json::serialize(*row);
  EXPECT_EQ(row->at("attempts").as_int64(), 1);
  EXPECT_FALSE(row->at("error").is_null());
  EXPECT_FALSE(row->at("next_attempt_at").is_null());
  const std::string mid = Str(row->at("message_id"));
  // Admins find it in the queue with its error.
  auto queued = d.Admin().Get("/api/v2/chamado/mail/outbox?state=queued");
  ASSERT_EQ(queued.status, 200) << queued.body;
  EXPECT_TRUE(RowTo(Rows(queued, "outbox"), "ana@customer.test"));

  ASSERT_TRUE(mail::StartSmtp());
  guard.stopped = false;
  // Nothing is retried before its time (the manual clock has not moved)...
  std::this_thread::sleep_for(milliseconds(1500));
  EXPECT_TRUE(mail::WithMessageId(mail::Maildir("ana"), mid).empty());
  // ...and once the clock reaches it, the clock's endpoint answers after the retry was made.
  auto tick = d.Anonymous().Post("/api/v2/chamado/test/clock", R"({"advance_seconds":60})");
  ASSERT_EQ(tick.status, 200) << tick.body;
  auto after = RowTo(Rows(d.Agent().Get("/api/v2/chamado/tickets/" + S(id) + "/deliveries")), "ana@customer.test");
  ASSERT_TRUE(after);
  EXPECT_EQ(Str(after->at("state")), "sent") << json::serialize(*after);
  EXPECT_EQ(after->at("attempts").as_int64(), 2);
  EXPECT_EQ(Str(after->at("message_id")), mid);

  auto got = mail::WaitForMessageId("ana", mid);
  ASSERT_EQ(got.size(), 1u);
  std::this_thread::sleep_for(milliseconds(1500));  // and no second copy follows
  EXPECT_EQ(mail::WithMessageId(mail::Maildir("ana"), mid).size(), 1u);
}

TEST(MailOut, ARefusedRecipientBecomesADeadLetterAdminsSeeAndMayRetry) {
  if (!mail::Available()) GTEST_SKIP() << mail::kSkipReason;
  ScopedEnv smtp("CHAMADO_MAIL_SMTP_URL", mail::SmtpUrl());
  ScopedEnv from("CHAMADO_MAIL_FROM_ADDRESS", "support@helpdesk.test");
  Desk d;
  d.server.AddUser("zed@elsewhere.example", "Zed", "end-user");  // the test Postfix refuses it: 550
  const auto id = d.NewTicket("zed@elsewhere.example", "Outside");

  auto row =
      WaitRow(d, id, "zed@elsewhere.example", [](const json::object& o) { return Str(o.at("state")) == "dead"; });
  ASSERT_TRUE(row && Str(row->at("state")) == "dead") << (row ? json::serialize(*row) : "no delivery");
  EXPECT_EQ(row->at("attempts").as_int64(), 1);  // a permanent refusal is not retried
  EXPECT_NE(Str(row->at("error")).find("550"), std::string::npos) << Str(row->at("error"));

  auto dead = d.Admin().Get("/api/v2/chamado/mail/outbox?state=dead");
  ASSERT_EQ(dead.status, 200) << dead.body;
  auto listed = RowTo(Rows(dead, "outbox"), "zed@elsewhere.example");
  ASSERT_TRUE(listed);
  EXPECT_NE(Str(listed->at("error")).find("550"), std::string::npos) << dead.body;
  EXPECT_EQ(d.Agent().Get("/api/v2/chamado/mail/outbox?state=dead").status, 403);
  EXPECT_EQ(d.Admin().Get("/api/v2/chamado/mail/outbox?state=lost").status, 400);

  const std::string out_id = S(listed->at("id").as_int64());
  EXPECT_EQ(d.Agent().Post("/api/v2/chamado/mail/outbox/" + out_id + "/retry", "").status, 403);
  auto retry = d.Admin().Post("/api/v2/chamado/mail/outbox/" + out_id + "/retry", "");
  ASSERT_EQ(retry.status, 200) << retry.body;
  EXPECT_EQ(Str(retry["delivery"].at("state")), "queued");
  EXPECT_EQ(retry["delivery"].at("attempts").as_int64(), 0);
  // Sent again at once, refused again: dead with one attempt.
  auto again = WaitRow(d, id, "zed@elsewhere.example", [](const json::object& o) {
    return Str(o.at("state")) == "dead" && o.at("attempts").as_int64() == 1;
  });
  ASSERT_TRUE(again && Str(again->at("state")) == "dead");
  // A message that is not dead cannot be retried.
  auto sent_retry = d.Admin().Post("/api/v2/chamado/mail/outbox/999999/retry", "");
  EXPECT_EQ(sent_retry.status, 404);
}

// ---------------------------------------------------------------- without an SMTP server

std::vector<std::string> Emls(const std::string& data) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::path(data) / "mail-out", ec))
    if (e.path().extension() == ".eml") {
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      out.push_back(ss.str());
    }
  return out;
}

TEST(MailOut, WithoutAnSmtpServerMessagesAreWrittenToMailOut) {
  ScopedEnv smtp("CHAMADO_MAIL_SMTP_URL", "");
  Desk d;
  const auto id = d.NewTicket("alice@customer.example", "Arquivo de teste");
  auto row = WaitRow(d, id, "alice@customer.example", IsSent);
  ASSERT_TRUE(row && IsSent(*row)) << (row ? json::serialize(*row) : "no delivery to alice");
  const std::string mid = Str(row->at("message_id"));
  bool found = false;
  for (const auto& raw : Emls(d.server.data())) {
    auto m = mail::ParseMessage(raw);
    if (m.MessageId() != mid) continue;
    found = true;
    EXPECT_NE(m.Header("To").find("alice@customer.example"), std::string::npos);
    EXPECT_NE(m.Header("Subject").find("[#" + S(id) + "]"), std::string::npos) << m.Header("Subject");
    EXPECT_EQ(m.Header("X-Chamado-Ticket"), S(id));
  }
  EXPECT_TRUE(found) << "no .eml with Message-ID " << mid << " in " << d.server.data() << "/mail-out";
}

TEST(MailOut, TheCustomerSeesOnlyTheirOwnDeliveriesAndAnAgentSeesAll) {
  ScopedEnv smtp("CHAMADO_MAIL_SMTP_URL", "");
  Desk d;
  const auto id = d.NewTicket("alice@customer.example", "Com cópia", R"("collaborator_ids":[)" + S(d.bob_id) + "]");
  const auto other = d.NewTicket("bob@customer.example", "Só do Bob");
  ASSERT_TRUE(WaitRow(d, id, "alice@customer.example", IsSent));
  ASSERT_TRUE(WaitRow(d, id, "bob@customer.example", IsSent));

  auto agent = d.Agent().Get("/api/v2/chamado/tickets/" + S(id) + "/deliveries");
  ASSERT_EQ(agent.status, 200) << agent.body;
  EXPECT_TRUE(RowTo(Rows(agent), "alice@customer.example"));
  EXPECT_TRUE(RowTo(Rows(agent), "bob@customer.example"));

  auto mine = d.Alice().Get("/api/v2/chamado/requests/" + S(id) + "/deliveries");
  ASSERT_EQ(mine.status, 200) << mine.body;
  ASSERT_FALSE(Rows(mine).empty());
  for (const auto& v : Rows(mine)) {
    EXPECT_EQ(Str(v.at("to")), "alice@customer.example");
    // In her language (pt-BR by default), without the server's raw errors.
    EXPECT_EQ(Str(v.at("description")).rfind("enviado para alice@customer.example em ", 0), 0u)
        << Str(v.at("description"));
    EXPECT_FALSE(v.as_object().contains("error"));
  }
  auto bobs = d.Bob().Get("/api/v2/chamado/requests/" + S(id) + "/deliveries");
  ASSERT_EQ(bobs.status, 200);
  for (const auto& v : Rows(bobs)) EXPECT_EQ(Str(v.at("to")), "bob@customer.example");

  // Alice is no party to Bob's other ticket: it does not exist for her.
  EXPECT_EQ(d.Alice().Get("/api/v2/chamado/requests/" + S(other) + "/deliveries").status, 404);
  // The agents' log is for agents.
  EXPECT_EQ(d.Alice().Get("/api/v2/chamado/tickets/" + S(id) + "/deliveries").status, 403);
  EXPECT_EQ(d.Anonymous().Get("/api/v2/chamado/requests/" + S(id) + "/deliveries").status, 401);
}

}  // namespace
