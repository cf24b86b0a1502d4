// Inbound e-mail (issue 7; docs/email.md "Inbound"): messages posted as the mailgate posts them
// (POST /api/v2/chamado/mail/inbound) become tickets, replies, follow-ups and duplicates by the
// threading rules, are stored once, loop and abuse protection drops or suspends automated mail,
// agents recover or delete suspended tickets, `chamado mailgate` exits as the MTA needs, real
// mail through Postfix and Dovecot (scripts/mail-test.sh; skipped without CHAMADO_TEST_MAIL)
// arrives, and every file of the corpus (tests/mail/corpus) reaches its expected outcome.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "harness.hpp"
#include "mail_harness.hpp"

namespace {
using namespace it;
namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::seconds;

// An RFC 5322 message; `headers` are extra header lines ("In-Reply-To: <x>").
std::string Eml(const std::string& from, const std::string& subject, const std::string& body,
                const std::string& message_id, const std::vector<std::string>& headers = {}) {
  std::string m = "From: " + from + "\r\nTo: Suporte <support@helpdesk.test>\r\nSubject: " + subject +
                  "\r\nMessage-ID: <" + message_id + ">\r\nDate: Thu, 26 Nov 2026 10:00:00 -0300\r\n";
  for (const auto& h : headers) m += h + "\r\n";
  m += "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n";
  return m + body + "\r\n";
}

Response Inbound(Client c, const std::string& raw, const std::string& recipient = "support@helpdesk.test") {
  return c.Send("POST", "/api/v2/chamado/mail/inbound?recipient=" + recipient, raw,
                {{"Content-Type", "message/rfc822"}});
}

std::string Rule(const Response& r) { return Str(r["mail"].at("rule")); }
std::int64_t TicketOf(const Response& r) {
  const auto& v = r["mail"].at("ticket_id");
  return v.is_null() ? 0 : v.as_int64();
}

json::array Comments(Desk& d, std::int64_t id) {
  auto r = d.Agent().Get("/api/v2/tickets/" + S(id) + "/comments.json");
  return r["comments"].as_array();
}
json::object TicketJson(Desk& d, std::int64_t id) { return d.Agent().Get(TicketPath(id))["ticket"].as_object(); }
json::object UserJson(Desk& d, std::int64_t id) {
  return d.Agent().Get("/api/v2/users/" + S(id) + ".json")["user"].as_object();
}

// The ticket's mail log (GET /api/v2/chamado/tickets/{id}/mail).
json::array MailOf(Desk& d, std::int64_t id) {
  auto r = d.Agent().Get("/api/v2/chamado/tickets/" + S(id) + "/mail");
  return r.status == 200 ? r["mail"].as_array() : json::array{};
}

// Our outbound Message-ID on ticket `id` (the notification the intake's ticket caused).
std::string OutboundMessageId(Desk& d, std::int64_t id) {
  for (int i = 0; i < 100; ++i) {
    for (const auto& m : MailOf(d, id))
      if (Str(m.at("direction")) == "out") return Str(m.at("message_id"));
    std::this_thread::sleep_for(milliseconds(50));
  }
  return "";
}

// The Reply-To of the first .eml about ticket `id` in DATA/mail-out (no smtp_url: files).
std::string ReplyAddressFromMailOut(Desk& d, std::int64_t id) {
  for (int i = 0; i < 100; ++i) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(fs::path(d.server.data()) / "mail-out", ec)) {
      std::ifstream in(e.path());
      std::stringstream ss;
      ss << in.rdbuf();
      auto msg = mail::ParseMessage(ss.str(), e.path());
      if (msg.Header("X-Chamado-Ticket") != S(id)) continue;
      std::string rt = msg.Header("Reply-To");
      if (auto lt = rt.find('<'); lt != std::string::npos) rt = rt.substr(lt + 1, rt.find('>') - lt - 1);
      if (!rt.empty()) return rt;
    }
    std::this_thread::sleep_for(milliseconds(50));
  }
  return "";
}

// ---------------------------------------------------------------- through the API

TEST(MailIn, ANewMessageOpensATicketForANewCustomer) {
  Desk d;
  auto r =
      Inbound(d.Agent(), Eml("Carla Dias <Carla@Customer.example>", "Impressora não imprime",
                             "Bom dia, a impressora parou.", "new-1@customer.example", {"Content-Language: es-AR"}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Rule(r), "new_ticket") << r.body;
  const auto id = TicketOf(r);
  ASSERT_GT(id, 0);
  auto t = TicketJson(d, id);
  EXPECT_EQ(Str(t.at("subject")), "Impressora não imprime");
  EXPECT_EQ(Str(t.at("via").at("channel")), "email") << json::serialize(t);
  auto u = UserJson(d, t.at("requester_id").as_int64());
  EXPECT_EQ(Str(u.at("email")), "carla@customer.example");
  EXPECT_EQ(Str(u.at("name")), "Carla Dias");
  EXPECT_EQ(Str(u.at("role")), "end-user");
  EXPECT_EQ(Str(u.at("locale")), "es") << "locale from Content-Language";
  auto cs = Comments(d, id);
  ASSERT_EQ(cs.size(), 1u);
  EXPECT_NE(Str(cs[0].at("body")).find("a impressora parou"), std::string::npos);
  // The record says why (next to our "ticket received" reply, direction "out").
  std::optional<json::object> in;
  for (const auto& m : MailOf(d, id))
    if (Str(m.at("direction")) == "in") in = m.as_object();
  ASSERT_TRUE(in);
  EXPECT_EQ(Str(in->at("rule")), "new_ticket");
  EXPECT_EQ(Str(in->at("message_id")), "new-1@customer.example");
  EXPECT_NE(Str(in->at("detail")).find("new ticket"), std::string::npos) << Str(in->at("detail"));
}

TEST(MailIn, OnlyStaffTokensMayPostMailAndNonMessagesAre422) {
  Desk d;
  const auto raw = Eml("x@customer.example", "Hi", "Hi", "auth-1@customer.example");
  EXPECT_EQ(Inbound(d.Alice(), raw).status, 403);
  EXPECT_EQ(Inbound(d.Anonymous(), raw).status, 401);
  EXPECT_EQ(Inbound(d.Agent(), "").status, 422);
}

TEST(MailIn, TheSameMessageTwiceIsStoredOnce) {
  Desk d;
  const auto raw = Eml("dora@customer.example", "Dúvida", "Minha dúvida.", "twice@customer.example");
  auto first = Inbound(d.Agent(), raw);
  ASSERT_EQ(first.status, 200) << first.body;
  auto second = Inbound(d.Agent(), raw);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(Rule(second), "duplicate_delivery");
  EXPECT_EQ(TicketOf(second), TicketOf(first));
  EXPECT_EQ(Comments(d, TicketOf(first)).size(), 1u);
  auto list = d.Agent().Get("/api/v2/tickets.json");
  EXPECT_EQ(list["tickets"].as_array().size(), 1u) << "one ticket, not two";
}

// The MTA may hand the same message to two nodes at once (a retry after a timeout): the
// message's record commits with its ticket, so the loser rolls back and reports the winner's.
TEST(MailIn, TheSameMessageOnTwoNodesAtOnceMakesOneTicket) {
  if (!OnPostgres()) GTEST_SKIP() << "two nodes share one database only on PostgreSQL";
  Desk d;
  Server b;  // a second node, same database
  PortClient on_b(b.port(), "agent@test.example", d.agent_token);
  for (int round = 0; round < 5; ++round) {
    const auto raw = Eml("race" + S(round) + "@customer.example", "Corrida " + S(round), "Uma vez só.",
                         "race-" + S(round) + "@customer.example");
    std::vector<std::int64_t> tickets(4, -1);
    std::vector<std::string> rules(4);
    std::vector<std::thread> senders;
    for (int i = 0; i < 4; ++i)
      senders.emplace_back([&, i] {
        Response r = i % 2 ? on_b.Send("POST", "/api/v2/chamado/mail/inbound?recipient=support@helpdesk.test", raw)
                           : Inbound(d.Agent(), raw);
        if (r.status != 200) return;
        tickets[i] = TicketOf(r);
        rules[i] = Rule(r);
      });
    for (auto& t : senders) t.join();
    for (int i = 0; i < 4; ++i) {
      EXPECT_GT(tickets[i], 0) << "round " << round << " sender " << i << ": " << rules[i];
      EXPECT_EQ(tickets[i], tickets[0]) << "round " << round;
    }
    EXPECT_EQ(std::count(rules.begin(), rules.end(), "new_ticket"), 1) << "round " << round;
    EXPECT_EQ(Comments(d, tickets[0]).size(), 1u) << "round " << round;
  }
  auto list = d.Agent().Get("/api/v2/tickets.json");
  EXPECT_EQ(list["tickets"].as_array().size(), 5u) << "one ticket per message";
}

TEST(MailIn, AReplyToOurMailThreadsByInReplyToWithoutItsQuotedHistory) {
  Desk d;
  auto first = Inbound(d.Agent(), Eml("eva@customer.example", "VPN caiu", "A VPN caiu.", "vpn-1@customer.example"));
  const auto id = TicketOf(first);
  ASSERT_GT(id, 0) << first.body;
  const std::string ours = OutboundMessageId(d, id);
  ASSERT_FALSE(ours.empty()) << "the ticket_received notification is on the ticket's mail log";
  auto reply = Inbound(d.Agent(), Eml("eva@customer.example", "Re: [#" + S(id) + "] VPN caiu",
                                      "Voltou a cair agora.\n\nEm qui., 26 de nov. de 2026 às 10:00, Suporte "
                                      "<support@helpdesk.test> escreveu:\n> Recebemos seu pedido.\n",
                                      "vpn-2@customer.example", {"In-Reply-To: <" + ours + ">"}));
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(Rule(reply), "in_reply_to") << reply.body;
  EXPECT_EQ(TicketOf(reply), id);
  auto cs = Comments(d, id);
  ASSERT_EQ(cs.size(), 2u);
  EXPECT_EQ(Str(cs[1].at("body")), "Voltou a cair agora.");
  // References alone (a client that drops In-Reply-To) threads too.
  auto again = Inbound(d.Agent(), Eml("eva@customer.example", "Re: VPN caiu", "E de novo.", "vpn-3@customer.example",
                                      {"References: <vpn-1@customer.example> <vpn-2@customer.example>"}));
  EXPECT_EQ(Rule(again), "references") << again.body;
  EXPECT_EQ(TicketOf(again), id);
}

TEST(MailIn, TheSignedReplyAddressThreadsAndAForgedOneDoesNot) {
  Desk d;
  auto first = Inbound(d.Agent(), Eml("fabio@customer.example", "Nota fiscal", "Preciso da nota.", "nf-1@x.example"));
  const auto id = TicketOf(first);
  ASSERT_GT(id, 0) << first.body;
  const std::string reply_to = ReplyAddressFromMailOut(d, id);
  ASSERT_NE(reply_to.find('+'), std::string::npos) << "a Reply-To with the signed token: " << reply_to;
  auto r = Inbound(d.Agent(), Eml("fabio@customer.example", "Nota", "Segue o CNPJ.", "nf-2@x.example"), reply_to);
  EXPECT_EQ(Rule(r), "reply_token") << r.body;
  EXPECT_EQ(TicketOf(r), id);
  // The same id with a made-up signature: not threaded by the token (the duplicate rule then
  // joins fabio's active case, which is a different rule).
  const std::string forged = "support+t" + S(id) + "-0000000000000000@helpdesk.test";
  auto f = Inbound(d.Agent(), Eml("fabio@customer.example", "Nota", "Outra.", "nf-3@x.example"), forged);
  EXPECT_NE(Rule(f), "reply_token") << f.body;
}

TEST(MailIn, ASubjectTagThreadsForTheRequesterButAGuessedTagFromAStrangerOpensANewTicket) {
  Desk d;
  const auto id = d.NewTicket("alice@customer.example", "Conta bloqueada");
  auto mine = Inbound(d.Agent(), Eml("Alice <alice@customer.example>", "RES: [#" + S(id) + "] Conta bloqueada",
                                     "Ainda bloqueada.", "tag-1@customer.example"));
  EXPECT_EQ(Rule(mine), "subject_tag") << mine.body;
  EXPECT_EQ(TicketOf(mine), id);
  auto stranger = Inbound(d.Agent(), Eml("Mallory <mallory@evil.example>", "Re: [#" + S(id) + "] Conta bloqueada",
                                         "Me passa os dados.", "tag-2@evil.example"));
  EXPECT_EQ(Rule(stranger), "new_ticket") << stranger.body;
  EXPECT_NE(TicketOf(stranger), id);
  EXPECT_NE(Str(stranger["mail"].at("detail")).find("ignored"), std::string::npos) << stranger.body;
  EXPECT_EQ(Comments(d, id).size(), 2u) << "the stranger's text never reached Alice's ticket";
}

TEST(MailIn, AnAgentsMailIsAPublicAgentReply) {
  Desk d;
  const auto id = d.NewTicket("alice@customer.example", "Senha");
  auto r = Inbound(d.Agent(), Eml("Agent Smith <agent@test.example>", "[#" + S(id) + "] Senha", "Redefini sua senha.",
                                  "agent-1@test.example"));
  EXPECT_EQ(Rule(r), "subject_tag") << r.body;
  auto cs = Comments(d, id);
  ASSERT_EQ(cs.size(), 2u);
  EXPECT_EQ(cs[1].at("author_id").as_int64(), d.agent_id);
  EXPECT_TRUE(cs[1].at("public").as_bool());
}

TEST(MailIn, AReplyToAClosedTicketOpensAFollowUp) {
  Desk d;
  auto first =
      Inbound(d.Agent(), Eml("Alice <alice@customer.example>", "Boleto", "Boleto vencido.", "bol-1@c.example"));
  const auto id = TicketOf(first);
  ASSERT_GT(id, 0) << first.body;
  auto closed = d.Alice().Put("/api/v2/requests/" + S(id) + ".json", R"({"request":{"solved":true}})");
  ASSERT_EQ(closed.status, 200) << closed.body;
  auto r = Inbound(d.Agent(), Eml("Alice <alice@customer.example>", "Re: Boleto", "Veio outro vencido.",
                                  "bol-2@c.example", {"In-Reply-To: <bol-1@c.example>"}));
  EXPECT_EQ(Rule(r), "follow_up") << r.body;
  const auto follow = TicketOf(r);
  ASSERT_GT(follow, 0);
  EXPECT_NE(follow, id);
  auto t = TicketJson(d, follow);
  EXPECT_EQ(t.at("via_followup_source_id"), json::value(id)) << json::serialize(t);
  EXPECT_EQ(Comments(d, id).size(), 1u) << "the closed ticket is left alone";
}

TEST(MailIn, AutoRepliesFromKnownSendersAreIgnoredAndBulkFromStrangersSuspended) {
  Desk d;
  auto oof = Inbound(d.Agent(), Eml("alice@customer.example", "Resposta automática: Ausente", "Volto segunda.",
                                    "oof-1@customer.example", {"Auto-Submitted: auto-replied"}));
  EXPECT_EQ(Rule(oof), "ignored_automated") << oof.body;
  EXPECT_TRUE(oof["mail"].at("ticket_id").is_null());
  auto bulk = Inbound(d.Agent(), Eml("Ofertas <news@shop.example>", "Promoção", "Compre já", "bulk-1@shop.example",
                                     {"Precedence: bulk"}));
  EXPECT_EQ(Rule(bulk), "suspended") << bulk.body;
  EXPECT_EQ(d.Agent().Get("/api/v2/tickets.json")["tickets"].as_array().size(), 0u);
  // Agents see it, with its cause; customers do not.
  auto list = d.Agent().Get("/api/v2/suspended_tickets.json");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list["suspended_tickets"].as_array().size(), 1u);
  const auto& s = list["suspended_tickets"].as_array()[0];
  EXPECT_EQ(Str(s.at("author").at("email")), "news@shop.example");
  EXPECT_EQ(Str(s.at("subject")), "Promoção");
  EXPECT_NE(Str(s.at("cause")).find("automated"), std::string::npos);
  EXPECT_EQ(d.Alice().Get("/api/v2/suspended_tickets.json").status, 403);
  // Redelivered: still one.
  EXPECT_EQ(Rule(Inbound(d.Agent(), Eml("Ofertas <news@shop.example>", "Promoção", "Compre já", "bulk-1@shop.example",
                                        {"Precedence: bulk"}))),
            "duplicate_delivery");
}

TEST(MailIn, ASuspendedTicketIsRecoveredIntoATicketOrDeleted) {
  Desk d;
  auto a = Inbound(d.Agent(), Eml("Gil <gil@partner.example>", "Pedido 77", "Status do pedido 77?", "gil-1@p.example",
                                  {"Auto-Submitted: auto-generated"}));
  auto b =
      Inbound(d.Agent(), Eml("Bot <bot@partner.example>", "Lixo", "spam", "bot-1@p.example", {"Precedence: junk"}));
  ASSERT_EQ(Rule(a), "suspended");
  ASSERT_EQ(Rule(b), "suspended");
  const auto sa = a["mail"].at("suspended_ticket_id").as_int64();
  const auto sb = b["mail"].at("suspended_ticket_id").as_int64();
  auto shown = d.Agent().Get("/api/v2/suspended_tickets/" + S(sa) + ".json");
  EXPECT_EQ(Str(shown["suspended_ticket"].at("subject")), "Pedido 77");
  auto rec = d.Agent().Put("/api/v2/suspended_tickets/" + S(sa) + "/recover.json", "");
  ASSERT_EQ(rec.status, 200) << rec.body;
  const auto id = rec["ticket"].at("id").as_int64();
  auto t = TicketJson(d, id);
  EXPECT_EQ(Str(t.at("subject")), "Pedido 77");
  EXPECT_EQ(Str(UserJson(d, t.at("requester_id").as_int64()).at("email")), "gil@partner.example");
  EXPECT_EQ(d.Agent().Get("/api/v2/suspended_tickets/" + S(sa) + ".json").status, 404) << "recovered: gone";
  // The record now names the ticket; the same message again is a duplicate of it.
  auto again = Inbound(d.Agent(), Eml("Gil <gil@partner.example>", "Pedido 77", "Status do pedido 77?",
                                      "gil-1@p.example", {"Auto-Submitted: auto-generated"}));
  EXPECT_EQ(Rule(again), "duplicate_delivery");
  EXPECT_EQ(TicketOf(again), id);
  EXPECT_EQ(d.Alice().Delete("/api/v2/suspended_tickets/" + S(sb) + ".json").status, 403);
  EXPECT_EQ(d.Agent().Delete("/api/v2/suspended_tickets/" + S(sb) + ".json").status, 204);
  EXPECT_EQ(d.Agent().Get("/api/v2/suspended_tickets.json")["suspended_tickets"].as_array().size(), 0u);
}

TEST(MailIn, MoreThanTheSenderRateGoesToSuspendedTickets) {
  ScopedEnv rate("CHAMADO_MAIL_INBOUND_PER_SENDER_PER_HOUR", "2");
  Desk d;
  for (int i = 0; i < 2; ++i) {
    auto r = Inbound(d.Bob(), "");  // customers cannot post mail at all
    EXPECT_EQ(r.status, 403);
  }
  std::vector<std::string> rules;
  for (int i = 0; i < 3; ++i)
    rules.push_back(Rule(Inbound(d.Agent(), Eml("loop@customer.example", "Msg " + S(i), "texto " + S(i),
                                                "rate-" + S(i) + "@customer.example"))));
  EXPECT_NE(rules[0], "suspended");
  EXPECT_NE(rules[1], "suspended");
  EXPECT_EQ(rules[2], "suspended");
  auto list = d.Agent().Get("/api/v2/suspended_tickets.json");
  ASSERT_EQ(list["suspended_tickets"].as_array().size(), 1u);
  EXPECT_NE(Str(list["suspended_tickets"].as_array()[0].at("cause")).find("rate"), std::string::npos);
}

TEST(MailIn, CcsBecomeCollaborators) {
  Desk d;
  auto r = Inbound(d.Agent(), Eml("hugo@customer.example", "Acesso", "Eu e a Iara sem acesso.", "cc-1@c.example",
                                  {"Cc: Iara <iara@customer.example>, Suporte <support@helpdesk.test>"}));
  ASSERT_EQ(Rule(r), "new_ticket") << r.body;
  auto t = TicketJson(d, TicketOf(r));
  const auto& ccs = t.at("collaborator_ids").as_array();
  ASSERT_EQ(ccs.size(), 1u) << json::serialize(t) << " (our own address is never a CC)";
  EXPECT_EQ(Str(UserJson(d, ccs[0].as_int64()).at("email")), "iara@customer.example");
}

// ---------------------------------------------------------------- chamado mailgate

TEST(Mailgate, ExitCodesTellTheMtaWhatToDo) {
  Desk d;
  const auto raw = Eml("jose@customer.example", "Via mailgate", "Olá.", "gate-1@customer.example");
  auto ok = RunCli(
      {"mailgate", "--url", d.server.base(), "--token", d.agent_token, "--recipient", "support@helpdesk.test"}, raw);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(d.Agent().Get("/api/v2/tickets.json")["tickets"].as_array().size(), 1u);
  auto dup = RunCli({"mailgate", "--url", d.server.base(), "--token", d.agent_token}, raw);
  EXPECT_EQ(dup.exit_code, 0) << "a redelivery is stored (once): " << dup.err;
  auto bad_token = RunCli({"mailgate", "--url", d.server.base(), "--token", "nope"}, raw);
  EXPECT_EQ(bad_token.exit_code, 75) << "a rejected token keeps the mail queued";
  EXPECT_NE(bad_token.err.find("TOKEN"), std::string::npos) << bad_token.err;
  auto garbage = RunCli({"mailgate", "--url", d.server.base(), "--token", d.agent_token}, "");
  EXPECT_EQ(garbage.exit_code, 65) << garbage.err;
  const std::string base = d.server.base();
  d.server.Stop();
  auto down = RunCli({"mailgate", "--url", base, "--token", d.agent_token},
                     Eml("jose@customer.example", "Down", "x", "gate-2@customer.example"));
  EXPECT_EQ(down.exit_code, 75) << down.err;
}

// ---------------------------------------------------------------- the corpus, replayed

TEST(MailIn, EveryCorpusMessageReachesItsExpectedOutcome) {
  const fs::path dir = fs::path(CHAMADO_SOURCE_DIR) / "tests/mail/corpus";
  std::ifstream in(dir / "expected.json");
  ASSERT_TRUE(in) << dir;
  std::stringstream ss;
  ss << in.rdbuf();
  const auto expected = json::parse(ss.str());
  Desk d;
  std::map<std::string, std::int64_t> ticket_of;  // file -> the ticket it made or joined
  std::map<std::string, std::string> sender_of;
  std::size_t sent = 0;
  for (const auto& fv : expected.at("files").as_array()) {
    const auto& f = fv.as_object();
    const std::string file = Str(f.at("file"));
    const auto& out = f.at("outcome").as_object();
    SCOPED_TRACE(file);
    if (out.contains("setup") && out.at("setup").as_object().contains("close_ticket_of")) {
      const std::string of = Str(out.at("setup").at("close_ticket_of"));
      const auto id = ticket_of[of];
      const std::string token = d.server.Token(sender_of[of]);
      auto r = Client(d.server, sender_of[of], token)
                   .Put("/api/v2/requests/" + S(id) + ".json", R"({"request":{"solved":true}})");
      ASSERT_EQ(r.status, 200) << r.body;
    }
    std::ifstream eml(dir / file, std::ios::binary);
    std::stringstream raw;
    raw << eml.rdbuf();
    auto r = Inbound(d.Agent(), raw.str());
    ASSERT_EQ(r.status, 200) << r.body;
    ++sent;
    const std::string result = Str(out.at("result"));
    EXPECT_EQ(Rule(r), Str(out.at("rule"))) << r.body;
    const auto id = TicketOf(r);
    const auto& facts = f.at("parse").as_object();
    sender_of[file] = Str(facts.at("from"));
    if (id) ticket_of[file] = id;
    const std::string joins = out.contains("replies_to") ? Str(out.at("replies_to")) : "";
    if (result == "reply_threaded" || result == "duplicate_delivery") {
      EXPECT_EQ(id, ticket_of[joins]) << r.body;
    }
    if (result == "duplicate") {
      ASSERT_GT(id, 0);
      EXPECT_EQ(TicketJson(d, id).at("chamado_merged_into"), json::value(ticket_of[joins]));
    }
    if (result == "follow_up") {
      ASSERT_GT(id, 0);
      EXPECT_NE(id, ticket_of[joins]);
    }
    if (result == "ignored_automated" || result == "suspended" || result == "bounce") {
      EXPECT_EQ(id, 0) << r.body;
    }
    if (out.contains("new_text")) {
      auto cs = Comments(d, id);
      ASSERT_FALSE(cs.empty());
      EXPECT_EQ(Str(cs.back().at("body")), Str(out.at("new_text")));
    }
    if (out.contains("locale") && id) {
      auto t = TicketJson(d, id);
      EXPECT_EQ(Str(UserJson(d, t.at("requester_id").as_int64()).at("locale")), Str(out.at("locale")));
    }
    if (out.contains("attachments_stored")) {
      auto cs = Comments(d, id);
      ASSERT_FALSE(cs.empty());
      std::vector<std::string> names;
      for (const auto& a : cs.front().at("attachments").as_array()) names.push_back(Str(a.at("file_name")));
      std::vector<std::string> want;
      for (const auto& n : out.at("attachments_stored").as_array()) want.push_back(Str(n));
      EXPECT_EQ(names, want);
    }
    if (out.contains("refused")) {
      bool noted = false;
      for (const auto& c : Comments(d, id))
        if (!c.at("public").as_bool())
          for (const auto& rf : out.at("refused").as_array())
            noted = noted || Str(c.at("body")).find(Str(rf.at("file"))) != std::string::npos;
      EXPECT_TRUE(noted) << "an internal note lists the refused file";
    }
    if (out.contains("collaborators")) {
      std::vector<std::string> emails;
      const auto t = TicketJson(d, id);
      for (const auto& c : t.at("collaborator_ids").as_array())
        emails.push_back(Str(UserJson(d, c.as_int64()).at("email")));
      std::vector<std::string> want;
      for (const auto& n : out.at("collaborators").as_array()) want.push_back(Str(n));
      std::sort(emails.begin(), emails.end());
      std::sort(want.begin(), want.end());
      EXPECT_EQ(emails, want);
    }
  }
  EXPECT_GE(sent, 30u) << "the corpus has at least 30 messages";
}

// ---------------------------------------------------------------- through Postfix and Dovecot

TEST(MailIn, AMessageThroughPostfixAndTheMailgateBecomesATicket) {
  if (!mail::Available()) GTEST_SKIP() << mail::kSkipReason;
  Desk d;
  mail::SetMailgate(d.server.base(), d.agent_token);
  const auto err =
      mail::SendSmtp("ana@customer.test", "support@helpdesk.test",
                     Eml("Ana <ana@customer.test>", "Via Postfix", "Chegou pelo Postfix.", "postfix-1@customer.test"));
  ASSERT_EQ(err, "") << err;
  json::array tickets;
  for (int i = 0; i < 200 && tickets.empty(); ++i) {
    tickets = d.Agent().Get("/api/v2/tickets.json")["tickets"].as_array();
    if (tickets.empty()) std::this_thread::sleep_for(milliseconds(50));
  }
  ASSERT_EQ(tickets.size(), 1u) << "Postfix piped the message to the mailgate";
  EXPECT_EQ(Str(tickets[0].at("subject")), "Via Postfix");
  bool recorded = false;
  for (const auto& m : MailOf(d, tickets[0].at("id").as_int64()))
    recorded = recorded || Str(m.at("message_id")) == "postfix-1@customer.test";
  EXPECT_TRUE(recorded);
}

TEST(MailIn, WhileTheServerIsDownPostfixKeepsTheMailAndDeliversItLater) {
  if (!mail::Available()) GTEST_SKIP() << mail::kSkipReason;
  Desk d;
  mail::SetMailgate(d.server.base(), d.agent_token);
  d.server.Stop();
  const auto err = mail::SendSmtp(
      "bob@customer.test", "support@helpdesk.test",
      Eml("Bob <bob@customer.test>", "Servidor fora", "Mandei com o servidor fora.", "down-1@customer.test"));
  ASSERT_EQ(err, "") << err;
  std::this_thread::sleep_for(seconds(2));  // the pipe ran, exited 75: deferred
  d.server.Start();
  mail::SetMailgate(d.server.base(), d.agent_token);  // the new port
  int rc = 0;
  Shell("postqueue -c " + mail::Dir() + "/postfix -f 2>&1 || postqueue -f 2>&1", &rc);
  json::array tickets;
  for (int i = 0; i < 300 && tickets.empty(); ++i) {
    tickets = d.Agent().Get("/api/v2/tickets.json")["tickets"].as_array();
    if (tickets.empty()) std::this_thread::sleep_for(milliseconds(100));
  }
  ASSERT_EQ(tickets.size(), 1u) << "the deferred message arrived once the server was back";
  EXPECT_EQ(Str(tickets[0].at("subject")), "Servidor fora");
}

TEST(MailIn, ImapPollingTurnsUnseenMessagesIntoTicketsAndMarksThemSeen) {
  if (!mail::Available()) GTEST_SKIP() << mail::kSkipReason;
  // Mail for ana@customer.test lands in her Dovecot mailbox; the help desk polls it.
  const std::string before_marker = "imap-" + S(::getpid()) + "@customer.test";
  const auto err = mail::SendSmtp("carol@customer.test", "ana@customer.test",
                                  Eml("Carol <carol@customer.test>", "Via IMAP", "Chegou pelo IMAP.", before_marker));
  ASSERT_EQ(err, "") << err;
  mail::WaitForMessageId("ana", before_marker);
  ScopedEnv url("CHAMADO_MAIL_IMAP_URL", "imap://127.0.0.1:" + S(mail::ImapPort()) + "/INBOX");
  ScopedEnv user("CHAMADO_MAIL_IMAP_USER", "ana@customer.test");
  ScopedEnv pass("CHAMADO_MAIL_IMAP_PASSWORD", "secret");
  ScopedEnv poll("CHAMADO_MAIL_IMAP_POLL_SECONDS", "1");
  Desk d;
  std::int64_t id = 0;
  for (int i = 0; i < 200 && !id; ++i) {
    const auto list = d.Agent().Get("/api/v2/tickets.json");
    for (const auto& t : list["tickets"].as_array())
      if (Str(t.at("subject")) == "Via IMAP") id = t.at("id").as_int64();
    if (!id) std::this_thread::sleep_for(milliseconds(100));
  }
  ASSERT_GT(id, 0) << d.server.stderr_text();
  // Seen: the file moved to cur/ with the S flag, and the next polls add nothing.
  bool seen = false;
  for (int i = 0; i < 100 && !seen; ++i) {
    for (const auto& m : mail::WithMessageId(mail::Maildir("ana"), before_marker))
      seen = seen || (m.path.find("/cur/") != std::string::npos && m.path.find(":2,") != std::string::npos &&
                      m.path.substr(m.path.find(":2,")).find('S') != std::string::npos);
    if (!seen) std::this_thread::sleep_for(milliseconds(50));
  }
  EXPECT_TRUE(seen) << "marked \\Seen once stored";
  std::this_thread::sleep_for(seconds(2));
  int count = 0;
  const auto list = d.Agent().Get("/api/v2/tickets.json");
  for (const auto& t : list["tickets"].as_array()) count += Str(t.at("subject")) == "Via IMAP";
  EXPECT_EQ(count, 1) << "polled once";
}

// A node that crashed between fetching a message (curl's fetch marks it \Seen) and storing it
// left it seen but marked "ChamadoFetching": the next poll reads it again, nothing is lost.
TEST(MailIn, ImapReadsAgainAMessageACrashLeftSeenMidFetch) {
  if (!mail::Available()) GTEST_SKIP() << mail::kSkipReason;
  const std::string marker = "imap-crash-" + S(::getpid()) + "@customer.test";
  const auto err = mail::SendSmtp("dave@customer.test", "bob@customer.test",
                                  Eml("Dave <dave@customer.test>", "Meio caminho", "Ficou pela metade.", marker));
  ASSERT_EQ(err, "") << err;
  mail::WaitForMessageId("bob", marker);
  const std::string imap = "imap://127.0.0.1:" + S(mail::ImapPort()) + "/INBOX";
  const std::string login = " -u bob@customer.test:secret ";
  // The UIDs an IMAP SEARCH answers ("* SEARCH 3 7").
  auto search = [&](const std::string& criteria) {
    std::istringstream words(Shell("curl -s '" + imap + "'" + login + "-X 'UID SEARCH " + criteria + "'"));
    std::set<std::string> uids;
    std::string w;
    while (words >> w)
      if (w.find_first_not_of("0123456789") == std::string::npos) uids.insert(w);
    return uids;
  };
  const auto found = search("HEADER Message-ID \"" + marker + "\"");
  ASSERT_EQ(found.size(), 1u);
  const std::string uid = *found.begin();
  // What the crashed node left behind: seen, and still marked as being fetched.
  Shell("curl -s '" + imap + "'" + login + "-X 'UID STORE " + uid + " +FLAGS (\\Seen ChamadoFetching)'");
  ASSERT_EQ(search("UNSEEN").count(uid), 0u);
  ScopedEnv url("CHAMADO_MAIL_IMAP_URL", imap);
  ScopedEnv user("CHAMADO_MAIL_IMAP_USER", "bob@customer.test");
  ScopedEnv pass("CHAMADO_MAIL_IMAP_PASSWORD", "secret");
  ScopedEnv poll("CHAMADO_MAIL_IMAP_POLL_SECONDS", "1");
  Desk d;
  std::int64_t id = 0;
  for (int i = 0; i < 200 && !id; ++i) {
    const auto list = d.Agent().Get("/api/v2/tickets.json");  // kept: the loop reads into it
    for (const auto& t : list["tickets"].as_array())
      if (Str(t.at("subject")) == "Meio caminho") id = t.at("id").as_int64();
    if (!id) std::this_thread::sleep_for(milliseconds(100));
  }
  ASSERT_GT(id, 0) << d.server.stderr_text();
  // Stored: the mark is gone, so later polls leave it alone.
  bool still_marked = true;
  for (int i = 0; i < 100 && still_marked; ++i) {
    still_marked = search("KEYWORD ChamadoFetching").count(uid) > 0;
    if (still_marked) std::this_thread::sleep_for(milliseconds(50));
  }
  EXPECT_FALSE(still_marked);
}

}  // namespace
