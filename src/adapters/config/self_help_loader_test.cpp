// The self-help answers file (docs/email.md "Self-help"): what an admin writes, what the
// creation hook picks from it (the requester's language, else pt-BR), and refusals that name
// the line.
#include "adapters/config/self_help_loader.hpp"

#include <gtest/gtest.h>

#include <string>

namespace chamado::config {
namespace {

constexpr const char* kFile = R"(topic_field = "assunto"

[[topic]]
value = "login"

[[topic.answer]]
locale = "pt-BR"
title = "Esqueceu a senha?"
text = "Clique em Esqueci minha senha."
url = "https://example.com/senha"

[[topic.answer]]
locale = "en"
title = "Forgot your password?"
text = "Click Forgot my password."

[[topic]]
value = "billing"

[[topic.answer]]
locale = "en"
title = "Invoices"
text = "My account > Invoices."
)";

TEST(SelfHelpFile, ReadsTopicsAndAnswersPerLocale) {
  auto cfg = ParseSelfHelp(kFile, "self-help.toml", "topic");
  ASSERT_TRUE(cfg) << cfg.error().description;
  EXPECT_EQ(cfg->topic_field, "assunto");
  ASSERT_EQ(cfg->topics.size(), 2u);
  const auto* pt = app::SelfHelpAnswersFor(*cfg, "login", "pt-BR");
  ASSERT_NE(pt, nullptr);
  ASSERT_EQ(pt->size(), 1u);
  EXPECT_EQ((*pt)[0].title, "Esqueceu a senha?");
  EXPECT_EQ((*pt)[0].url, "https://example.com/senha");
  const auto* en = app::SelfHelpAnswersFor(*cfg, "login", "en");
  ASSERT_NE(en, nullptr);
  EXPECT_EQ((*en)[0].title, "Forgot your password?");
  EXPECT_EQ((*en)[0].url, "");
}

TEST(SelfHelpFile, ASpanishSpeakerGetsThePortugueseAnswersWhenNoneAreInSpanish) {
  auto cfg = ParseSelfHelp(kFile, "self-help.toml", "topic");
  ASSERT_TRUE(cfg);
  const auto* es = app::SelfHelpAnswersFor(*cfg, "login", "es");
  ASSERT_NE(es, nullptr);
  EXPECT_EQ((*es)[0].title, "Esqueceu a senha?");
  // billing has English only: nothing for pt-BR or es, so those tickets stay New.
  EXPECT_EQ(app::SelfHelpAnswersFor(*cfg, "billing", "pt-BR"), nullptr);
  EXPECT_EQ(app::SelfHelpAnswersFor(*cfg, "billing", "es"), nullptr);
  EXPECT_NE(app::SelfHelpAnswersFor(*cfg, "billing", "en"), nullptr);
  EXPECT_EQ(app::SelfHelpAnswersFor(*cfg, "printer", "pt-BR"), nullptr);
  EXPECT_EQ(app::SelfHelpAnswersFor(*cfg, "", "pt-BR"), nullptr);
}

TEST(SelfHelpFile, TheTopicFieldDefaultsToTheSlaTopicField) {
  auto cfg = ParseSelfHelp("[[topic]]\nvalue = \"x\"\n[[topic.answer]]\nlocale = \"en\"\ntitle = \"t\"\ntext = \"x\"\n",
                           "s.toml", "topic");
  ASSERT_TRUE(cfg) << cfg.error().description;
  EXPECT_EQ(cfg->topic_field, "topic");
}

TEST(SelfHelpFile, RefusalsNameTheLine) {
  auto err = [](const std::string& text) {
    auto r = ParseSelfHelp(text, "s.toml", "topic");
    return r ? std::string("(parsed)") : r.error().description;
  };
  EXPECT_EQ(err("[[topic]]\nvalue = \"x\"\n[[topic.answer]]\nlocale = \"fr\"\ntitle = \"t\"\ntext = \"x\"\n"),
            "s.toml:4: topic 'x': locale 'fr' is not one of pt-BR, es, en");
  EXPECT_EQ(err("[[topic]]\nvalue = \"x\"\n[[topic.answer]]\nlocale = \"en\"\ntext = \"x\"\n"),
            "s.toml:3: topic 'x': missing 'title'");
  EXPECT_EQ(err("[[topic]]\nvalue = \"x\"\n[[topic.answer]]\nlocale = \"en\"\ntitle = \"t\"\ntext = \"x\"\n"
                "url = \"javascript:alert(1)\"\n"),
            "s.toml:7: topic 'x': url must start with https:// or http://");
  EXPECT_EQ(err("[[topic]]\nvalue = \"x\"\n"), "s.toml:1: topic 'x': has no [[topic.answer]]");
  EXPECT_EQ(err("topics = 1\n"), "s.toml:1: unknown key 'topics'");
  EXPECT_EQ(err("[[topic]]\nvalue = \"x\"\ntitel = \"t\"\n"), "s.toml:3: topic: unknown key 'titel'");
}

TEST(SelfHelpFile, TheExampleFileLoads) {
  auto cfg = LoadSelfHelp(std::string(CHAMADO_SOURCE_DIR) + "/config/self-help.example.toml", "topic");
  ASSERT_TRUE(cfg) << cfg.error().description;
  for (std::string_view locale : {"pt-BR", "es", "en"})
    EXPECT_NE(app::SelfHelpAnswersFor(*cfg, "topic_access", locale), nullptr) << locale;
  EXPECT_EQ(LoadSelfHelp("/nonexistent/self-help.toml", "topic").error().description,
            "cannot read the self-help file '/nonexistent/self-help.toml' (self_help.file)");
}

}  // namespace
}  // namespace chamado::config
