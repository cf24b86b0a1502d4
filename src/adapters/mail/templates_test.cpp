#include "adapters/mail/templates.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "domain/notifications.hpp"

namespace chamado::mail {
namespace {

using app::TemplateValue;

const std::vector<std::string> kLocales = {"pt-BR", "es", "en"};

MailBranding Brand() {
  MailBranding b;
  b.company_name = "Acme Suporte";
  b.logo_url = "https://acme.test/logo.png";
  b.footer = "Acme Ltda · Av. Paulista 1000";
  b.public_url = "https://help.acme.test";
  return b;
}

TemplateValue Refused(std::string name, std::string reason) {
  TemplateValue v;
  v.Set("name", std::move(name)).Set("reason", std::move(reason));
  return v;
}

// Every field any shipped e-mail template reads (docs/email.md "Templates"), sections on.
TemplateValue FullData(std::string comment = "Please restart the printer.") {
  TemplateValue d;
  d.Set("recipient_name", "Ana Souza")
      .Set("ticket_id", "123")
      .Set("ticket_subject", "Printer on fire")
      .Set("status", "In progress")
      .Set("portal_url", "https://help.acme.test/requests/123")
      .Set("ticket_url", "https://help.acme.test/agent/tickets/123")
      .Set("has_comment", TemplateValue::Bool(true))
      .Set("comment", std::move(comment))
      .Set("comment_author", "Bruno (Acme)")
      .Set("author_name", "Bruno (Acme)")
      .Set("requester_name", "Ana Souza")
      .Set("has_due", TemplateValue::Bool(true))
      .Set("due_at", "02/03/2026 09:00 (-03)")
      .Set("has_auto_close", TemplateValue::Bool(true))
      .Set("auto_close_after", "48 h")
      .Set("has_satisfaction", TemplateValue::Bool(true))
      .Set("satisfaction_url", "https://help.acme.test/chamado/links/abc")
      .Set("merged_into_id", "99")
      .Set("merged_into_url", "https://help.acme.test/requests/99")
      .Set("files", TemplateValue::List({Refused("setup.exe", "type not allowed")}));
  return d;
}

bool Shipped(std::string_view kind, std::string_view locale) {
  const std::string file = std::string(kind) + "." + std::string(locale) + ".mustache";
  for (auto [name, text] : ShippedMailTemplateFiles())
    if (name == file) return true;
  return false;
}

TEST(MailTemplates, EveryKindRendersInEveryLocaleWithNoUnresolvedTag) {
  TemplateRenderer r(Brand(), "");
  EXPECT_TRUE(r.problems().empty());
  for (auto kind : MailKinds()) {
    // The self-help mail's template and data belong to the self-help part (app/mail_links).
    if (kind == kMailSelfHelp && !Shipped(kind, "pt-BR")) continue;
    std::set<std::string> texts;
    for (const auto& loc : kLocales) {
      SCOPED_TRACE(std::string(kind) + " " + loc);
      ASSERT_TRUE(Shipped(kind, loc));
      auto m = r.RenderMail(kind, loc, FullData());
      ASSERT_TRUE(m) << m.error().description;
      if (kind != kMailSelfHelp) {
        EXPECT_EQ(TemplateRenderer::LastUnresolvedTags(), std::vector<std::string>{});
      }
      EXPECT_NE(m->subject.find("[#123]"), std::string::npos) << m->subject;
      EXPECT_EQ(m->subject.find('\n'), std::string::npos);
      for (const std::string* part : {&m->subject, &m->text, &m->html}) {
        EXPECT_EQ(part->find("{{"), std::string::npos) << *part;
        EXPECT_EQ(part->find("}}"), std::string::npos) << *part;
      }
      EXPECT_NE(m->text.find("123"), std::string::npos);
      EXPECT_NE(m->html.find("<html lang=\"" + loc + "\">"), std::string::npos);
      EXPECT_NE(m->text.find("Acme Suporte"), std::string::npos);  // branded
      EXPECT_NE(m->html.find("https://acme.test/logo.png"), std::string::npos);
      EXPECT_NE(m->html.find("Av. Paulista 1000"), std::string::npos);
      texts.insert(m->text);
    }
    EXPECT_EQ(texts.size(), kLocales.size()) << kind << ": the three locales must differ";
  }
}

TEST(MailTemplates, WordsComeInTheRecipientsLanguage) {
  TemplateRenderer r(Brand(), "");
  auto pt = r.RenderMail(kMailTicketReceived, "pt-BR", FullData());
  auto es = r.RenderMail(kMailTicketReceived, "es", FullData());
  auto en = r.RenderMail(kMailTicketReceived, "en", FullData());
  ASSERT_TRUE(pt && es && en);
  EXPECT_NE(pt->text.find("Número de protocolo: 123"), std::string::npos) << pt->text;
  EXPECT_NE(es->text.find("Número de protocolo: 123"), std::string::npos) << es->text;
  EXPECT_NE(en->text.find("Protocol number: 123"), std::string::npos) << en->text;
  EXPECT_NE(en->text.find("Expected resolution by: 02/03/2026 09:00"), std::string::npos);
  // An unknown locale reads as pt-BR.
  auto fr = r.RenderMail(kMailTicketReceived, "fr", FullData());
  ASSERT_TRUE(fr);
  EXPECT_EQ(fr->text, pt->text);
}

TEST(MailTemplates, OptionalPartsDisappearWhenOff) {
  TemplateRenderer r(MailBranding{}, "");
  TemplateValue d = FullData();
  d.Set("has_due", TemplateValue::Bool(false)).Set("has_comment", TemplateValue::Bool(false));
  d.Set("has_satisfaction", TemplateValue::Bool(false));
  auto m = r.RenderMail(kMailResolved, "en", d);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->text.find("Please restart"), std::string::npos);
  EXPECT_EQ(m->text.find("/good"), std::string::npos);
  EXPECT_EQ(m->html.find("<img"), std::string::npos);  // no logo configured: the name instead
  EXPECT_NE(m->html.find("<strong style=\"font:bold 18px Arial,Helvetica,sans-serif;color:#24292f\">Chamado</strong>"),
            std::string::npos);
  auto with = r.RenderMail(kMailResolved, "en", FullData());
  ASSERT_TRUE(with);
  EXPECT_NE(with->text.find("Good: https://help.acme.test/chamado/links/abc/good"), std::string::npos) << with->text;
  EXPECT_NE(with->html.find("href=\"https://help.acme.test/chamado/links/abc/bad\""), std::string::npos);
}

TEST(MailTemplates, CustomerTextIsEscapedInHtmlAndVerbatimInText) {
  TemplateRenderer r(Brand(), "");
  const std::string evil = "<script>alert('x')</script> & <a href=\"javascript:1\">click</a>";
  TemplateValue d = FullData(evil);
  d.Set("ticket_subject", "<b>Printer</b> & co");
  d.Set("recipient_name", "Ana <img src=x onerror=alert(1)>");
  auto m = r.RenderMail(kMailAgentReply, "pt-BR", d);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->html.find("<script>"), std::string::npos);
  EXPECT_EQ(m->html.find("<img src=x"), std::string::npos);
  EXPECT_EQ(m->html.find("<b>Printer"), std::string::npos);
  EXPECT_EQ(m->html.find("href=\"javascript"), std::string::npos);
  EXPECT_NE(m->html.find("&lt;script&gt;"), std::string::npos);
  // Text and subject are not HTML: the customer's words exactly.
  EXPECT_NE(m->text.find(evil), std::string::npos);
  EXPECT_EQ(m->subject, "[#123] <b>Printer</b> & co");
}

std::filesystem::path TempDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("chamado-templates-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

void Write(const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; }

TEST(MailTemplates, FilesInTemplatesDirReplaceShippedOnes) {
  auto dir = TempDir("override");
  Write(dir / "agent_reply.en.mustache",
        "==== subject\n[#{{ticket_id}}] Our answer\n==== text\nDear {{recipient_name}}: {{comment}}\n==== html\n"
        "<p>Dear {{recipient_name}}</p>\n");
  Write(dir / "status_changed.en.mustache", "==== subject\n{{#broken}}\n==== text\nx\n==== html\ny\n");
  Write(dir / "README.txt", "not a template");
  TemplateRenderer r(Brand(), dir.string());
  EXPECT_EQ(r.overrides(), std::vector<std::string>{"agent_reply.en.mustache"});
  ASSERT_EQ(r.problems().size(), 1u);
  EXPECT_NE(r.problems()[0].find("status_changed.en.mustache"), std::string::npos) << r.problems()[0];

  auto m = r.RenderMail(kMailAgentReply, "en", FullData());
  ASSERT_TRUE(m);
  EXPECT_EQ(m->subject, "[#123] Our answer");
  EXPECT_NE(m->text.find("Dear Ana Souza: Please restart the printer."), std::string::npos) << m->text;
  EXPECT_NE(m->text.find("Acme Suporte"), std::string::npos);  // still inside the layout
  // Other locales and the broken file: the shipped templates.
  auto pt = r.RenderMail(kMailAgentReply, "pt-BR", FullData());
  ASSERT_TRUE(pt);
  EXPECT_NE(pt->text.find("Há uma nova resposta"), std::string::npos);
  auto st = r.RenderMail(kMailStatusChanged, "en", FullData());
  ASSERT_TRUE(st);
  EXPECT_NE(st->text.find("changed to: In progress"), std::string::npos) << st->text;
  std::filesystem::remove_all(dir);
}

TEST(MailTemplates, PagesUseTheBrandedFrame) {
  auto dir = TempDir("page");
  Write(dir / "page_demo.es.mustache",
        "==== title\nCaso {{ticket_id}}\n==== html\n<p>{{ticket_subject}}</p>\n"
        "<form method=\"post\"><button>Sí</button></form>\n");
  TemplateRenderer r(Brand(), dir.string());
  TemplateValue d;
  d.Set("ticket_id", "7").Set("ticket_subject", "<i>Impresora</i>");
  auto html = r.RenderPage("page_demo", "es", d);
  ASSERT_TRUE(html) << html.error().description;
  EXPECT_EQ(TemplateRenderer::LastUnresolvedTags(), std::vector<std::string>{});
  EXPECT_NE(html->find("<html lang=\"es\">"), std::string::npos);
  EXPECT_NE(html->find("<title>Caso 7 · Acme Suporte</title>"), std::string::npos) << *html;
  EXPECT_NE(html->find("&lt;i&gt;Impresora"), std::string::npos);
  EXPECT_NE(html->find("<form method=\"post\">"), std::string::npos);
  EXPECT_FALSE(r.RenderPage("page_missing", "es", d));
  std::filesystem::remove_all(dir);
}

TEST(MailTemplates, SectionsSplitAndNameTheirProblems) {
  auto s = SplitTemplateSections("comment\n==== subject\nHi {{x}}\n==== text\nline 1\n\nline 2\n\n");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->at("subject"), "Hi {{x}}");
  EXPECT_EQ(s->at("text"), "line 1\n\nline 2");
  EXPECT_FALSE(SplitTemplateSections("no sections"));
  auto dup = SplitTemplateSections("==== text\na\n==== text\nb\n");
  ASSERT_FALSE(dup);
  ASSERT_FALSE(dup.error().fields.empty());
  EXPECT_NE(dup.error().fields[0].description.find("line 3"), std::string::npos);
}

TEST(MailTemplates, UnknownKindIsAnError) {
  TemplateRenderer r(Brand(), "");
  EXPECT_FALSE(r.RenderMail("no_such_kind", "en", FullData()));
}

}  // namespace
}  // namespace chamado::mail
