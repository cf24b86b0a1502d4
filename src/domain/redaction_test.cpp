#include "domain/redaction.hpp"

#include <gtest/gtest.h>

namespace chamado {
namespace {

TEST(Redaction, EveryCharacterOfEveryOccurrenceBecomesAMark) {
  EXPECT_EQ(RedactText("card 4111 and 4111 again", "4111"), "card ▇▇▇▇ and ▇▇▇▇ again");
}

TEST(Redaction, OneMarkPerCharacterNotPerByte) {
  EXPECT_EQ(RedactionMarks("senha ção"), "▇▇▇▇▇▇▇▇▇");
  EXPECT_EQ(RedactText("a senha é ação!", "ação"), "a senha é ▇▇▇▇!");
}

TEST(Redaction, CaseSensitiveAndNothingWhenAbsent) {
  EXPECT_EQ(RedactText("Password hunter2", "password"), "Password hunter2");
  EXPECT_EQ(RedactText("abc", ""), "abc");
}

TEST(Redaction, OccurrencesDoNotOverlap) { EXPECT_EQ(RedactText("aaaa", "aa"), "▇▇▇▇"); }

TEST(Redaction, HtmlBodiesLoseTheEscapedSpellingToo) {
  EXPECT_EQ(RedactHtml("<p>a &amp; b</p><p>a & b</p>", "a & b"), "<p>▇▇▇▇▇</p><p>▇▇▇▇▇</p>");
  EXPECT_EQ(RedactHtml("<p>4111</p>", "4111"), "<p>▇▇▇▇</p>");
}

TEST(Redaction, TheTextMustNotBeBlankNorHuge) {
  EXPECT_TRUE(ValidateRedactionText("4111"));
  EXPECT_FALSE(ValidateRedactionText(""));
  EXPECT_FALSE(ValidateRedactionText("  \n"));
  EXPECT_FALSE(ValidateRedactionText(std::string(kMaxRedactionTextBytes + 1, 'x')));
}

}  // namespace
}  // namespace chamado
