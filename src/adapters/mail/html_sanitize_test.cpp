#include "adapters/mail/html_sanitize.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using chamado::mail::HtmlToText;
using chamado::mail::SanitizeHtml;

bool Has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

TEST(HtmlSanitize, DropsScriptStyleAndFramesWithTheirContent) {
  std::string out = SanitizeHtml(
      "<p>Oi</p><script>steal(document.cookie)</script><STYLE>p{color:red}</STYLE>"
      "<iframe src=\"https://evil.test\">inner</iframe><svg><script>alert(1)</script><text>x</text></svg>"
      "<object data=\"a.swf\"><param name=a value=b>fallback</object><p>fim</p>");
  EXPECT_EQ(out, "<p>Oi</p><p>fim</p>");
}

TEST(HtmlSanitize, DropsEventHandlersStyleClassAndUnsafeUrls) {
  std::string out = SanitizeHtml(
      "<a href=\"javascript:alert(1)\" onclick=\"x()\">a</a>"
      "<a href=\"  JaVaScRiPt:alert(2)\">b</a>"
      "<a href=\"java&#x09;script:alert(3)\">c</a>"
      "<a href=\"jav&#10;ascript:alert(4)\">d</a>"
      "<a href=\"vbscript:x\">e</a><a href=\"/relative\">f</a>"
      "<a href=\"https://ok.test/x?a=1&amp;b=2\" style=\"position:fixed\" class=\"c\" id=\"i\">g</a>"
      "<img src=\"data:image/png;base64,AAAA\"><img src=x onerror=\"alert(5)\">"
      "<img src=\"cid:image001.png@01D\" alt=\"logo\" width=\"10\">"
      "<p onmouseover=\"y()\" align=\"center\">h</p><a href=\"mailto:ana@customer.test\">i</a>");
  EXPECT_FALSE(Has(out, "javascript")) << out;
  EXPECT_FALSE(Has(out, "vbscript")) << out;
  EXPECT_FALSE(Has(out, "alert")) << out;
  EXPECT_FALSE(Has(out, "onclick")) << out;
  EXPECT_FALSE(Has(out, "onerror")) << out;
  EXPECT_FALSE(Has(out, "onmouseover")) << out;
  EXPECT_FALSE(Has(out, "style")) << out;
  EXPECT_FALSE(Has(out, "class")) << out;
  EXPECT_FALSE(Has(out, "data:")) << out;
  EXPECT_FALSE(Has(out, "/relative")) << out;
  EXPECT_TRUE(Has(out, "<a rel=\"noopener noreferrer nofollow\">a</a>")) << out;
  EXPECT_TRUE(Has(out, "href=\"https://ok.test/x?a=1&amp;b=2\"")) << out;
  EXPECT_TRUE(Has(out, "<img src=\"cid:image001.png@01D\" alt=\"logo\" width=\"10\">")) << out;
  EXPECT_TRUE(Has(out, "<p align=\"center\">h</p>")) << out;
  EXPECT_TRUE(Has(out, "href=\"mailto:ana@customer.test\"")) << out;
  EXPECT_TRUE(Has(out, "rel=\"noopener noreferrer nofollow\"")) << out;
}

TEST(HtmlSanitize, UnknownTagsLoseTheirTagsNotTheirText) {
  EXPECT_EQ(SanitizeHtml("<form action=x><input name=p>Nome: <button>ok</button></form><o:p>x</o:p>"), "Nome: okx");
}

TEST(HtmlSanitize, OutputIsWellFormedAndEscaped) {
  EXPECT_EQ(SanitizeHtml("<div><b>negrito<i>itálico</div></p>&lt;script&gt; 1 < 2 & 3"),
            "<div><b>negrito<i>itálico</i></b></div>&lt;script&gt; 1 &lt; 2 &amp; 3");
  EXPECT_EQ(SanitizeHtml("<a href='https://x.test/\"onmouseover=\"a'>x</a>"),
            "<a href=\"https://x.test/&quot;onmouseover=&quot;a\" rel=\"noopener noreferrer nofollow\">x</a>");
}

TEST(HtmlSanitize, CommentsDoctypeAndConditionalCommentsGo) {
  EXPECT_EQ(SanitizeHtml("<!DOCTYPE html><!--[if mso]><script>x</script><![endif]--><p>a</p><!-- <b>"), "<p>a</p>");
}

TEST(HtmlSanitize, UnclosedScriptSwallowsTheRest) {
  EXPECT_EQ(SanitizeHtml("<p>a</p><script>alert(1)<p>b</p>"), "<p>a</p>");
  EXPECT_EQ(SanitizeHtml("<p>a</p><scr"), "<p>a</p>");  // a tag cut off at the end is dropped
}

TEST(HtmlSanitize, HeadWithoutEndTagEndsAtBody) {
  EXPECT_EQ(SanitizeHtml("<html><head><meta charset=utf-8><title>t</title><body><p>corpo</p>"), "<p>corpo</p>");
}

TEST(HtmlSanitize, DeepNestingIsCappedAndLinear) {
  std::string deep;
  for (int i = 0; i < 20000; ++i) deep += "<div>";
  deep += "x";
  std::string out = SanitizeHtml(deep);
  EXPECT_TRUE(Has(out, "x"));
  EXPECT_LT(out.size(), 20000u * 5u);
}

TEST(HtmlToText, BlocksBreaksAndEntities) {
  EXPECT_EQ(HtmlToText("<html><head><style>p{x}</style></head><body><p>Olá,&nbsp;Ana</p>"
                       "<div>linha 1<br>linha 2</div><p>Preço: 10&euro; &amp; &#8220;aspas&#x201D;</p>"
                       "<script>alert(1)</script><table><tr><td>a</td><td>b</td></tr></table></body></html>"),
            "Olá, Ana\n\nlinha 1\nlinha 2\n\nPreço: 10€ & “aspas”\n\na b");
}

TEST(HtmlToText, CollapsesWhitespaceButKeepsPre) {
  EXPECT_EQ(HtmlToText("a\n   b\t c<pre>x  y\nz</pre>"), "a b c\nx  y\nz");
}

TEST(HtmlToText, BadEntitiesDoNotBreakIt) {
  EXPECT_EQ(HtmlToText("&#0; &#xFFFFFFFFF; &bogus; &amp &#99999999999;"),
            "\xEF\xBF\xBD \xEF\xBF\xBD &bogus; & \xEF\xBF\xBD");
}

}  // namespace
