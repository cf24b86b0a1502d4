// Self-help e-mails and the signed links' pages (issue 7, PRODUCT.md §6; docs/email.md
// "Self-help" and "Links"). A ticket created with a topic that has answers (self_help.file)
// moves New -> Awaiting your confirmation and the requester gets the answers by e-mail (read
// here from the .eml files written to DATA/mail-out: no smtp_url) with "Yes, close this case" /
// "No, keep it open" links. GET shows a confirmation page and changes nothing; POST acts once;
// used, expired and unknown links say so and change nothing. Nobody answering: the 24 h timer
// closes it. The resolution e-mail's satisfaction links rate the ticket.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "harness.hpp"

namespace it {
namespace {

namespace fs = std::filesystem;

// case-lifecycle's status ids (config/workflows/case-lifecycle.toml).
constexpr std::int64_t kNew = 1;
constexpr std::int64_t kAwaitingConfirmation = 3;
constexpr std::int64_t kResolved = 6;
constexpr std::int64_t kClosed = 7;
constexpr std::int64_t kTopicField = 101;  // the shipped "topic" field

constexpr const char* kAnswers = R"(topic_field = "topic"
[[topic]]
value = "topic_access"
[[topic.answer]]
locale = "pt-BR"
title = "Esqueceu a senha?"
text = "Clique em Esqueci minha senha na tela de entrada."
url = "https://example.com/ajuda/senha"
[[topic.answer]]
locale = "en"
title = "Forgot your password?"
text = "Click Forgot my password on the sign-in screen."
)";

// Writes the answers file and points the server at it (CHAMADO_SELF_HELP_FILE) before the
// desk's server starts; the variable goes when the test ends.
struct SelfHelpFile {
  std::string dir = MakeTempDir("chamado-self-help");
  SelfHelpFile() {
    std::ofstream(dir + "/self-help.toml") << kAnswers;
    setenv("CHAMADO_SELF_HELP_FILE", (dir + "/self-help.toml").c_str(), 1);
  }
  ~SelfHelpFile() {
    unsetenv("CHAMADO_SELF_HELP_FILE");
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

// Undoes quoted-printable (soft line breaks, =XX) so links and text read whole.
std::string DecodeQp(const std::string& in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '=' && i + 1 < in.size() && (in[i + 1] == '\n' || in[i + 1] == '\r')) {
      i += in[i + 1] == '\r' && i + 2 < in.size() && in[i + 2] == '\n' ? 2 : 1;
    } else if (in[i] == '=' && i + 2 < in.size() && std::isxdigit(static_cast<unsigned char>(in[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(in[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

class SelfHelp : public ::testing::Test {
 protected:
  SelfHelpFile file_;
  Desk d;

  // Sends what is due (the clock endpoint drains the outbox before answering).
  void Flush() {
    auto r = d.Anonymous().Post("/api/v2/chamado/test/clock", R"({"advance_seconds":0})");
    ASSERT_EQ(r.status, 200) << r.body;
  }
  void Advance(std::int64_t seconds) {
    auto r = d.Anonymous().Post("/api/v2/chamado/test/clock", R"({"advance_seconds":)" + S(seconds) + "}");
    ASSERT_EQ(r.status, 200) << r.body;
  }

  // The decoded text of every .eml written so far whose headers name ticket `id`, oldest first.
  std::vector<std::string> MailsOf(std::int64_t id) {
    Flush();
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(d.server.data() + "/mail-out", ec))
      if (e.path().extension() == ".eml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<std::string> out;
    for (const auto& f : files) {
      std::stringstream text;
      text << std::ifstream(f).rdbuf();
      std::string mail = DecodeQp(text.str());
      if (mail.find("X-Chamado-Ticket: " + S(id) + "\r") != std::string::npos ||
          mail.find("X-Chamado-Ticket: " + S(id) + "\n") != std::string::npos)
        out.push_back(std::move(mail));
    }
    return out;
  }

  // The first link path "/chamado/links/TOKEN/<action>" in ticket `id`'s mail.
  std::string LinkIn(std::int64_t id, const std::string& action) {
    const std::string prefix = "/chamado/links/";
    auto token_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; };
    for (const auto& m : MailsOf(id))
      for (auto at = m.find(prefix); at != std::string::npos; at = m.find(prefix, at + 1)) {
        auto end = at + prefix.size();
        while (end < m.size() && token_char(m[end])) ++end;
        const std::string link = m.substr(at, end - at) + "/" + action;
        if (end - at - prefix.size() >= 20 && m.compare(at, link.size(), link) == 0) return link;
      }
    return "";
  }

  std::int64_t TicketWithTopic(const std::string& topic, const std::string& email = "alice@customer.example") {
    return d.NewTicket(email, "Cannot sign in",
                       F(R"("custom_fields":[{"id":{},"value":"{}"}])", {S(kTopicField), topic}));
  }

  std::int64_t StatusOf(std::int64_t id) {
    auto r = d.Agent().Get(TicketPath(id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r["ticket"].at("custom_status_id").as_int64() : -1;
  }

  // The audits naming a rule that starts with `rule`, with their author and channel.
  std::vector<json::object> AuditsWithRule(std::int64_t id, const std::string& rule) {
    auto r = d.Agent().Get("/api/v2/tickets/" + S(id) + "/audits.json");
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<json::object> out;
    if (r.status != 200) return out;
    for (const auto& a : r["audits"].as_array())
      for (const auto& ev : a.at("events").as_array())
        if (ev.at("type") == "Rule" && Str(ev.at("value")).starts_with(rule)) out.push_back(a.as_object());
    return out;
  }

  Response Page(const std::string& method, const std::string& path, const std::string& form = "") {
    return d.Anonymous().Send(method, path, form, {{"Content-Type", "application/x-www-form-urlencoded"}});
  }
};

TEST_F(SelfHelp, ATopicWithAnswersWaitsForTheCustomersConfirmationAndMailsTheAnswers) {
  const auto id = TicketWithTopic("topic_access");
  EXPECT_EQ(StatusOf(id), kAwaitingConfirmation);
  auto rule = AuditsWithRule(id, "self_help");
  ASSERT_EQ(rule.size(), 1u);
  EXPECT_EQ(Str(rule[0].at("via").at("channel")), "rule");

  std::string mail;
  for (const auto& m : MailsOf(id))
    if (m.find("Esqueceu a senha?") != std::string::npos) mail = m;
  ASSERT_FALSE(mail.empty()) << "no self-help e-mail for ticket " << id;
  EXPECT_NE(mail.find("alice@customer.example"), std::string::npos);
  EXPECT_NE(mail.find("[#" + S(id) + "]"), std::string::npos);
  EXPECT_NE(mail.find("https://example.com/ajuda/senha"), std::string::npos);  // Alice reads pt-BR
  EXPECT_EQ(mail.find("Forgot your password?"), std::string::npos);
  EXPECT_NE(LinkIn(id, "yes"), "");
  EXPECT_NE(LinkIn(id, "no"), "");
  // One mail acknowledges the ticket: the self-help one (it names the ticket), no "received" too.
  auto log = d.Agent().Get("/api/v2/chamado/tickets/" + S(id) + "/deliveries");
  ASSERT_EQ(log.status, 200) << log.body;
  std::vector<std::string> kinds;
  for (const auto& m : log["deliveries"].as_array()) kinds.push_back(Str(m.at("kind")));
  EXPECT_EQ(kinds, std::vector<std::string>{"self_help"});
}

TEST_F(SelfHelp, OpeningTheLinkShowsAConfirmationPageAndChangesNothing) {
  const auto id = TicketWithTopic("topic_access");
  const std::string yes = LinkIn(id, "yes");
  ASSERT_NE(yes, "");
  auto page = Page("GET", yes);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.Header("Content-Type").find("text/html"), std::string::npos);
  EXPECT_NE(page.body.find("Encerrar este caso?"), std::string::npos) << page.body;  // Alice's pt-BR
  EXPECT_NE(page.body.find("Cannot sign in"), std::string::npos);                    // the subject
  EXPECT_NE(page.body.find("<form method=\"post\""), std::string::npos);
  EXPECT_EQ(page.Header("Cache-Control"), "no-store");
  EXPECT_EQ(page.Header("Referrer-Policy"), "no-referrer");
  // Twice, as a mail scanner would: still waiting.
  EXPECT_EQ(Page("GET", yes).status, 200);
  EXPECT_EQ(StatusOf(id), kAwaitingConfirmation);
}

TEST_F(SelfHelp, YesClosesTheCaseOnceAndTheLinkIsThenGone) {
  const auto id = TicketWithTopic("topic_access");
  const std::string yes = LinkIn(id, "yes");
  ASSERT_NE(yes, "");
  auto done = Page("POST", yes);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_NE(done.body.find("Seu caso foi encerrado"), std::string::npos) << done.body;
  EXPECT_EQ(StatusOf(id), kClosed);
  // Recorded as the customer's own answer through the e-mail.
  auto answered = AuditsWithRule(id, "self_help yes");
  ASSERT_EQ(answered.size(), 1u);
  EXPECT_EQ(answered[0].at("author_id").as_int64(), d.alice_id);
  EXPECT_EQ(Str(answered[0].at("via").at("channel")), "email");

  auto again = Page("POST", yes);
  EXPECT_EQ(again.status, 410) << again.body;
  EXPECT_NE(again.body.find("já foi usado"), std::string::npos) << again.body;
  EXPECT_EQ(Page("GET", yes).status, 410);
  // The other button of the same e-mail is spent too.
  EXPECT_EQ(Page("POST", LinkIn(id, "no")).status, 410);
  EXPECT_EQ(StatusOf(id), kClosed);
}

TEST_F(SelfHelp, NoSendsTheCaseBackToTheQueue) {
  const auto id = TicketWithTopic("topic_access");
  const std::string no = LinkIn(id, "no");
  ASSERT_NE(no, "");
  auto done = Page("POST", no);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_NE(done.body.find("voltou para a fila"), std::string::npos) << done.body;
  EXPECT_EQ(StatusOf(id), kNew);  // unassigned: the queue is New
  EXPECT_EQ(AuditsWithRule(id, "self_help no").size(), 1u);
  // Pressing "Yes" afterwards changes nothing.
  EXPECT_EQ(Page("POST", LinkIn(id, "yes")).status, 410);
  EXPECT_EQ(StatusOf(id), kNew);
  // Nor does the 24 h close come: the wait's timer went with the status.
  Advance(25 * 3600);
  EXPECT_EQ(StatusOf(id), kNew);
}

TEST_F(SelfHelp, NobodyAnsweringClosesTheCaseAfter24HoursAndTheLinksExpire) {
  const auto id = TicketWithTopic("topic_access");
  const std::string yes = LinkIn(id, "yes");
  ASSERT_NE(yes, "");
  Advance(23 * 3600);
  EXPECT_EQ(StatusOf(id), kAwaitingConfirmation);
  Advance(3600);
  EXPECT_EQ(StatusOf(id), kClosed);
  EXPECT_EQ(AuditsWithRule(id, "status_auto awaiting_confirmation").size(), 1u);
  auto late = Page("POST", yes);
  EXPECT_EQ(late.status, 410) << late.body;
  EXPECT_EQ(StatusOf(id), kClosed);
}

TEST_F(SelfHelp, AnExpiredLinkChangesNothingEvenIfTheCaseStillWaits) {
  const auto id = TicketWithTopic("topic_access");
  const std::string yes = LinkIn(id, "yes");
  ASSERT_NE(yes, "");
  // At 23 h an agent takes it and puts it back to wait: a new 24 h wait, the old links still
  // end at 24 h.
  Advance(23 * 3600);
  auto SetStatus = [&](std::int64_t s) {
    auto r = d.Agent().Put(TicketPath(id), F(R"({"ticket":{"custom_status_id":{}}})", {S(s)}));
    ASSERT_EQ(r.status, 200) << r.body;
  };
  SetStatus(2);  // in_progress
  SetStatus(kAwaitingConfirmation);
  Advance(2 * 3600);
  ASSERT_EQ(StatusOf(id), kAwaitingConfirmation);
  auto page = Page("POST", yes);
  EXPECT_EQ(page.status, 410) << page.body;
  EXPECT_NE(page.body.find("expirou"), std::string::npos) << page.body;
  EXPECT_EQ(StatusOf(id), kAwaitingConfirmation);
}

TEST_F(SelfHelp, ATopicWithoutAnswersStaysNewAndGetsNoSelfHelpMail) {
  const auto id = TicketWithTopic("topic_reports");
  EXPECT_EQ(StatusOf(id), kNew);
  EXPECT_TRUE(AuditsWithRule(id, "self_help").empty());
  EXPECT_EQ(LinkIn(id, "yes"), "");
  // No topic at all: the same.
  const auto plain = d.NewTicket("bob@customer.example", "No topic");
  EXPECT_EQ(StatusOf(plain), kNew);
}

TEST_F(SelfHelp, TheRequestersLanguagePicksTheAnswersAndThePage) {
  auto u = d.Admin().Put("/api/v2/users/" + S(d.bob_id) + ".json", R"({"user":{"locale":"en"}})");
  ASSERT_EQ(u.status, 200) << u.body;
  const auto id = TicketWithTopic("topic_access", "bob@customer.example");
  bool english = false;
  for (const auto& m : MailsOf(id)) english |= m.find("Forgot your password?") != std::string::npos;
  EXPECT_TRUE(english);
  auto page = Page("GET", LinkIn(id, "no"));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("Keep the case open?"), std::string::npos) << page.body;
}

TEST_F(SelfHelp, UnknownOrTamperedLinksAre404AndActOnNothing) {
  const auto id = TicketWithTopic("topic_access");
  std::string yes = LinkIn(id, "yes");
  ASSERT_NE(yes, "");
  std::string tampered = yes;
  const auto at = std::string("/chamado/links/").size() + 3;
  tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
  EXPECT_EQ(Page("POST", tampered).status, 404);
  EXPECT_EQ(Page("GET", "/chamado/links/nope/yes").status, 404);
  // A self-help link has no "good" action.
  std::string wrong = yes.substr(0, yes.size() - 3) + "good";
  EXPECT_EQ(Page("POST", wrong).status, 404);
  EXPECT_EQ(StatusOf(id), kAwaitingConfirmation);
}

TEST_F(SelfHelp, TheResolutionMailsSatisfactionLinksRateTheTicket) {
  const auto id = d.NewTicket("alice@customer.example", "Printer on fire");
  auto r = d.Agent().Put(TicketPath(id),
                         F(R"({"ticket":{"custom_status_id":{},"comment":{"body":"Fixed."}}})", {S(kResolved)}));
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string good = LinkIn(id, "good");
  ASSERT_NE(good, "") << "no satisfaction link in the resolution e-mail";
  auto page = Page("GET", good);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("<textarea"), std::string::npos);
  auto t = d.Agent().Get(TicketPath(id));
  EXPECT_EQ(Str(t["ticket"].at("satisfaction_rating").at("score")), "offered");  // GET rated nothing

  auto done = Page("POST", good, "comment=Muito+r%C3%A1pido%21");
  ASSERT_EQ(done.status, 200) << done.body;
  t = d.Agent().Get(TicketPath(id));
  EXPECT_EQ(Str(t["ticket"].at("satisfaction_rating").at("score")), "good");
  EXPECT_EQ(Str(t["ticket"].at("satisfaction_rating").at("comment")), "Muito rápido!");
  // Changing one's mind: the bad link replaces the rating.
  ASSERT_EQ(Page("POST", LinkIn(id, "bad")).status, 200);
  t = d.Agent().Get(TicketPath(id));
  EXPECT_EQ(Str(t["ticket"].at("satisfaction_rating").at("score")), "bad");
}

}  // namespace
}  // namespace it
