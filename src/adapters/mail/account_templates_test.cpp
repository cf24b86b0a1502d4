// The account mails (issue 8; app/accounts.cpp): every kind in every locale, with the data
// AccountService gives them, no tag left unresolved, and the link in both parts.
#include <gtest/gtest.h>

#include <set>

#include "adapters/mail/templates.hpp"

namespace chamado::mail {
namespace {

using app::TemplateValue;

TEST(AccountTemplates, EveryAccountMailRendersInEveryLocaleWithItsLink) {
  MailBranding b;
  b.company_name = "Acme Suporte";
  TemplateRenderer r(b, "");
  for (std::string kind : {"account_verify", "account_reset", "account_exists"}) {
    const std::string url_field = kind == "account_verify" ? "verify_url" : "reset_url";
    const std::string url = kind == "account_verify" ? "https://help.acme.test/verify-email#token=abc_DEF-123"
                                                     : "https://help.acme.test/reset-password#token=abc_DEF-123";
    std::set<std::string> subjects;
    for (std::string locale : {"pt-BR", "es", "en"}) {
      SCOPED_TRACE(kind + " " + locale);
      TemplateValue d;
      d.Set("recipient_name", "Ana <Souza>")
          .Set("portal_url", "https://help.acme.test/")
          .Set(url_field, url)
          .Set("expires_in", "48 horas");
      auto m = r.RenderMail(kind, locale, d);
      ASSERT_TRUE(m) << m.error().description;
      EXPECT_EQ(TemplateRenderer::LastUnresolvedTags(), std::vector<std::string>{});
      EXPECT_NE(m->text.find(url), std::string::npos) << m->text;
      EXPECT_NE(m->html.find("href=\"" + url + "\""), std::string::npos) << m->html;
      EXPECT_NE(m->text.find("48 horas"), std::string::npos);
      EXPECT_NE(m->html.find("Ana &lt;Souza&gt;"), std::string::npos);  // escaped in HTML
      EXPECT_NE(m->html.find("<html lang=\"" + locale + "\">"), std::string::npos);
      EXPECT_EQ(m->subject.find('['), std::string::npos);  // no ticket tag: not about a ticket
      subjects.insert(m->subject);
    }
    EXPECT_EQ(subjects.size(), 3u) << kind;
  }
}

}  // namespace
}  // namespace chamado::mail
