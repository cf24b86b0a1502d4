// The self-help e-mail and the link pages' templates (docs/email.md "Self-help", "Links";
// app/self_help.cpp and app/mail_links.cpp give them their data): every locale renders with no
// unresolved tag, in its own words, and the customer's text is escaped.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "adapters/mail/templates.hpp"

namespace chamado::mail {
namespace {

using app::TemplateValue;

const std::vector<std::string> kLocales = {"pt-BR", "es", "en"};

TemplateValue Answer(std::string title, std::string text, std::string url) {
  TemplateValue a;
  a.Set("title", std::move(title)).Set("text", std::move(text)).Set("url", url);
  a.Set("has_url", TemplateValue::Bool(!url.empty()));
  return a;
}

// What app/self_help.cpp adds to what every ticket e-mail gets (app/notifications.cpp).
TemplateValue SelfHelpData() {
  TemplateValue d;
  d.Set("recipient_name", "Ana Souza").Set("ticket_id", "123").Set("ticket_subject", "Não consigo entrar");
  d.Set("portal_url", "https://help.acme.test/requests/123").Set("status", "Aguardando sua confirmação");
  d.Set("answers", TemplateValue::List({Answer("Esqueceu a senha?", "Clique em <Esqueci>.", "https://acme.test/senha"),
                                        Answer("Conta bloqueada", "Aguarde 15 minutos.", "")}));
  d.Set("yes_url", "https://help.acme.test/chamado/links/TOKEN/yes");
  d.Set("no_url", "https://help.acme.test/chamado/links/TOKEN/no");
  d.Set("expires_hours", "24");
  return d;
}

// What app/mail_links.cpp gives a page.
TemplateValue PageData(std::string_view purpose, std::string_view action, std::string_view outcome) {
  TemplateValue d;
  d.Set("has_ticket", TemplateValue::Bool(true)).Set("ticket_id", "123").Set("subject", "<script>x</script> login");
  d.Set("action", std::string(action));
  d.Set("self_help", TemplateValue::Bool(purpose == "self_help"));
  d.Set("satisfaction", TemplateValue::Bool(purpose == "satisfaction"));
  for (std::string_view a : {"yes", "no", "good", "bad"})
    d.Set("action_" + std::string(a), TemplateValue::Bool(action == a));
  for (std::string_view o : {"used", "expired", "unknown", "refused"})
    d.Set(std::string(o), TemplateValue::Bool(outcome == o));
  return d;
}

TEST(SelfHelpMail, RendersInEveryLocaleWithTheAnswersAndBothLinks) {
  TemplateRenderer r(MailBranding{}, "");
  std::set<std::string> texts;
  for (const auto& loc : kLocales) {
    SCOPED_TRACE(loc);
    auto m = r.RenderMail("self_help", loc, SelfHelpData());
    ASSERT_TRUE(m) << m.error().description;
    EXPECT_EQ(TemplateRenderer::LastUnresolvedTags(), std::vector<std::string>{});
    EXPECT_EQ(m->subject, "[#123] Não consigo entrar");
    for (const std::string* part : {&m->text, &m->html}) {
      EXPECT_NE(part->find("Esqueceu a senha?"), std::string::npos);
      EXPECT_NE(part->find("Conta bloqueada"), std::string::npos);
      EXPECT_NE(part->find("https://help.acme.test/chamado/links/TOKEN/yes"), std::string::npos);
      EXPECT_NE(part->find("https://help.acme.test/chamado/links/TOKEN/no"), std::string::npos);
      EXPECT_NE(part->find("https://acme.test/senha"), std::string::npos);
      EXPECT_NE(part->find("24"), std::string::npos);
    }
    EXPECT_NE(m->html.find("Clique em &lt;Esqueci&gt;."), std::string::npos);  // answer text escaped in HTML
    texts.insert(m->text);
  }
  EXPECT_EQ(texts.size(), 3u);
  auto en = r.RenderMail("self_help", "en", SelfHelpData());
  ASSERT_TRUE(en);
  EXPECT_NE(en->html.find("Yes, close this case"), std::string::npos);
  EXPECT_NE(en->html.find("No, keep it open"), std::string::npos);
  auto pt = r.RenderMail("self_help", "pt-BR", SelfHelpData());
  ASSERT_TRUE(pt);
  EXPECT_NE(pt->html.find("Sim, encerrar este caso"), std::string::npos);
}

TEST(LinkPages, EveryPageAndOutcomeRendersInEveryLocaleEscapingTheSubject) {
  TemplateRenderer r(MailBranding{}, "");
  struct Case {
    const char* page;
    const char* purpose;
    const char* action;
    const char* outcome;
  };
  const Case cases[] = {
      {"page_link_confirm", "self_help", "yes", ""},     {"page_link_confirm", "self_help", "no", ""},
      {"page_link_confirm", "satisfaction", "good", ""}, {"page_link_confirm", "satisfaction", "bad", ""},
      {"page_link_done", "self_help", "yes", ""},        {"page_link_done", "self_help", "no", ""},
      {"page_link_done", "satisfaction", "good", ""},    {"page_link_gone", "", "yes", "used"},
      {"page_link_gone", "", "yes", "expired"},          {"page_link_gone", "", "yes", "unknown"},
      {"page_link_gone", "", "good", "refused"},
  };
  for (const auto& c : cases) {
    std::set<std::string> pages;
    for (const auto& loc : kLocales) {
      SCOPED_TRACE(std::string(c.page) + " " + c.action + " " + c.outcome + " " + loc);
      auto html = r.RenderPage(c.page, loc, PageData(c.purpose, c.action, c.outcome));
      ASSERT_TRUE(html) << html.error().description;
      EXPECT_EQ(TemplateRenderer::LastUnresolvedTags(), std::vector<std::string>{});
      EXPECT_EQ(html->find("<script>"), std::string::npos);
      EXPECT_NE(html->find("<html lang=\"" + loc + "\">"), std::string::npos);
      // Between the frame's <h1> and the end of <main>: the page's own words, not empty.
      const auto h1 = html->find("<h1");
      ASSERT_NE(h1, std::string::npos);
      EXPECT_GT(html->find("</main>") - html->find("</h1>"), 20u) << *html;
      pages.insert(*html);
    }
    EXPECT_EQ(pages.size(), 3u) << c.page << ": the three locales must differ";
  }
  auto confirm = r.RenderPage("page_link_confirm", "en", PageData("satisfaction", "bad", ""));
  ASSERT_TRUE(confirm);
  EXPECT_NE(confirm->find("<form method=\"post\">"), std::string::npos);
  EXPECT_NE(confirm->find("<textarea"), std::string::npos);
  EXPECT_NE(confirm->find("&lt;script&gt;x&lt;/script&gt; login"), std::string::npos) << *confirm;
  auto yes = r.RenderPage("page_link_confirm", "es", PageData("self_help", "yes", ""));
  ASSERT_TRUE(yes);
  EXPECT_NE(yes->find("¿Cerrar este caso?"), std::string::npos);
  EXPECT_EQ(yes->find("<textarea"), std::string::npos);
}

}  // namespace
}  // namespace chamado::mail
