#include "domain/attachments.hpp"

#include <gtest/gtest.h>

namespace chamado {
namespace {

using P = AttachmentPolicy;

const char* RuleOf(const Error& e) { return e.fields.empty() ? "" : e.fields[0].error.c_str(); }

TEST(SanitizeFileName, StripsPathsOfBothConventions) {
  EXPECT_EQ(P::SanitizeFileName("../../etc/passwd.pdf"), "passwd.pdf");
  EXPECT_EQ(P::SanitizeFileName("..\\x.pdf"), "x.pdf");
  EXPECT_EQ(P::SanitizeFileName("C:\\Users\\ana\\Desktop\\nota.pdf"), "nota.pdf");
  EXPECT_EQ(P::SanitizeFileName("/abs/path/"), "");
  EXPECT_EQ(P::SanitizeFileName(".."), "");
  EXPECT_EQ(P::SanitizeFileName("a/.."), "");
}

TEST(SanitizeFileName, DropsControlAndDirectionCharacters) {
  EXPECT_EQ(P::SanitizeFileName(std::string("rep\x00ort\r\n.pdf", 13)), "report.pdf");
  EXPECT_EQ(P::SanitizeFileName("a\tb\x7f.csv"), "ab.csv");
  // U+202E RIGHT-TO-LEFT OVERRIDE makes "photo\u202Efdp.exe" look like "photoexe.pdf".
  EXPECT_EQ(P::SanitizeFileName("photo\xE2\x80\xAE"
                                "fdp.exe"),
            "photofdp.exe");
  EXPECT_EQ(P::SanitizeFileName("\xC2\x85x.png"), "x.png");      // C1 control NEL
  EXPECT_EQ(P::SanitizeFileName("\xEF\xBB\xBFx.png"), "x.png");  // BOM
}

TEST(SanitizeFileName, HiddenDotsQuotesAndBlanks) {
  EXPECT_EQ(P::SanitizeFileName(".htaccess"), "htaccess");
  EXPECT_EQ(P::SanitizeFileName("  ..report...pdf.  "), "report.pdf");
  EXPECT_EQ(P::SanitizeFileName("a\"b<c>d:e|f?g*.pdf"), "a_b_c_d_e_f_g_.pdf");
}

TEST(SanitizeFileName, KeepsUnicodeLettersAndReplacesBrokenUtf8) {
  EXPECT_EQ(P::SanitizeFileName("relatório de ação 東京.pdf"), "relatório de ação 東京.pdf");
  EXPECT_EQ(P::SanitizeFileName("a\xC3(b.pdf"), "a_(b.pdf");
  EXPECT_EQ(P::SanitizeFileName("\xED\xA0\x80x.pdf"), "___x.pdf");  // a UTF-16 surrogate
}

TEST(SanitizeFileName, CapsLengthKeepingTheExtension) {
  const std::string longname = std::string(400, 'a') + ".xlsx";
  const std::string s = P::SanitizeFileName(longname);
  EXPECT_EQ(s.size(), kMaxFileNameBytes);
  EXPECT_TRUE(s.ends_with("a.xlsx"));
  // Cut on a character boundary: 'ç' is two bytes.
  std::string accented;
  for (int i = 0; i < 200; ++i) accented += "ç";
  const std::string t = P::SanitizeFileName(accented + ".pdf");
  EXPECT_LE(t.size(), kMaxFileNameBytes);
  EXPECT_TRUE(t.ends_with("ç.pdf"));
}

TEST(ExtensionOf, LowerCaseAfterLastDot) {
  EXPECT_EQ(P::ExtensionOf("Report.PDF"), "pdf");
  EXPECT_EQ(P::ExtensionOf("a.tar.gz"), "gz");
  EXPECT_EQ(P::ExtensionOf("noext"), "");
  EXPECT_EQ(P::ExtensionOf("trailing."), "");
}

// The MIME types are what `file --mime-type` (libmagic 5.44) said for real samples.
TEST(AttachmentPolicy, AcceptsEachAllowedTypeWithMatchingContent) {
  P p;
  struct Case {
    const char* name;
    const char* mime;
    const char* stored;
  };
  const Case cases[] = {
      {"a.png", "image/png", "image/png"},
      {"a.JPG", "image/jpeg", "image/jpeg"},
      {"a.jpeg", "image/jpeg", "image/jpeg"},
      {"a.gif", "image/gif", "image/gif"},
      {"a.tif", "image/tiff", "image/tiff"},
      {"a.tiff", "image/tiff", "image/tiff"},
      {"a.pdf", "application/pdf", "application/pdf"},
      {"a.csv", "text/csv", "text/csv"},
      {"b.csv", "text/plain", "text/csv"},
      {"a.doc", "application/msword", "application/msword"},
      {"a.xls", "application/vnd.ms-excel", "application/vnd.ms-excel"},
      {"c.xls", "application/CDFV2", "application/vnd.ms-excel"},
      {"a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
       "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {"b.docx", "application/zip", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {"a.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
  };
  for (const auto& c : cases) {
    auto r = p.CheckFile({c.name, 10, c.mime});
    ASSERT_TRUE(r) << c.name << ": " << r.error().fields[0].description;
    EXPECT_EQ(r->content_type, c.stored) << c.name;
  }
  EXPECT_EQ(P::AllowedExtensions().size(), 12u);
}

TEST(AttachmentPolicy, RefusesOtherNames) {
  P p;
  for (const char* n : {"x.exe", "x.zip", "x.html", "x.svg", "x.txt", "noext", "x.pdf.exe"}) {
    auto r = p.CheckFile({n, 10, "application/pdf"});
    ASSERT_FALSE(r) << n;
    EXPECT_STREQ(RuleOf(r.error()), attachment_rule::kFileTypeNotAllowed);
    EXPECT_EQ(r.error().fields[0].field, "file");
    EXPECT_NE(r.error().fields[0].description.find(std::string("'") + n + "'"), std::string::npos);
  }
}

TEST(AttachmentPolicy, ContentMustMatchTheName) {
  P p;
  // An executable renamed .pdf; a PNG renamed .pdf; HTML renamed .csv; a zip renamed .xls.
  const std::pair<const char*, const char*> cases[] = {{"invoice.pdf", "application/x-pie-executable"},
                                                       {"photo.pdf", "image/png"},
                                                       {"data.csv", "text/html"},
                                                       {"sheet.xls", "application/zip"},
                                                       {"scan.png", "image/jpeg"},
                                                       {"x.csv", "application/octet-stream"}};
  for (const auto& [name, mime] : cases) {
    auto r = p.CheckFile({name, 10, mime});
    ASSERT_FALSE(r) << name;
    EXPECT_STREQ(RuleOf(r.error()), attachment_rule::kContentTypeMismatch) << name;
    EXPECT_NE(r.error().fields[0].description.find(name), std::string::npos);
  }
}

TEST(AttachmentPolicy, EmptyUnnamedAndOversizedFiles) {
  P p(AttachmentLimits{5, 1000});
  EXPECT_STREQ(RuleOf(p.CheckFile({"a.pdf", 0, "inode/x-empty"}).error()), attachment_rule::kEmptyFile);
  EXPECT_STREQ(RuleOf(p.CheckFile({"", 10, "application/pdf"}).error()), attachment_rule::kInvalidFileName);
  EXPECT_STREQ(RuleOf(p.CheckFile({"a.pdf", 1001, "application/pdf"}).error()), attachment_rule::kTotalSizeExceeded);
  EXPECT_TRUE(p.CheckFile({"a.pdf", 1000, "application/pdf"}));
}

TEST(AttachmentPolicy, AMessageCarriesFiveFilesAndTwentyMegabytes) {
  P p;
  const std::int64_t mb = 1024 * 1024;
  std::vector<IncomingFile> five(5, IncomingFile{"a.pdf", mb, ""});
  EXPECT_TRUE(p.CheckMessage(five));
  auto six = five;
  six.push_back({"sixth.pdf", 1, ""});
  auto r = p.CheckMessage(six);
  ASSERT_FALSE(r);
  EXPECT_STREQ(RuleOf(r.error()), attachment_rule::kTooManyFiles);
  EXPECT_NE(r.error().fields[0].description.find("'sixth.pdf'"), std::string::npos);

  std::vector<IncomingFile> big = {{"a.pdf", 10 * mb, ""}, {"b.pdf", 10 * mb, ""}};
  EXPECT_TRUE(p.CheckMessage(big));  // exactly 20 MB
  big.push_back({"c.pdf", 1 * mb, ""});
  r = p.CheckMessage(big);
  ASSERT_FALSE(r);
  EXPECT_STREQ(RuleOf(r.error()), attachment_rule::kTotalSizeExceeded);
  EXPECT_NE(r.error().fields[0].description.find("'c.pdf'"), std::string::npos);
  EXPECT_NE(r.error().fields[0].description.find("20 MB"), std::string::npos);
}

TEST(AttachmentPolicy, OnlyPlainImagesAreInline) {
  EXPECT_TRUE(P::IsSafeInline("image/png"));
  EXPECT_TRUE(P::IsSafeInline("image/jpeg"));
  EXPECT_TRUE(P::IsSafeInline("image/gif"));
  EXPECT_FALSE(P::IsSafeInline("image/tiff"));
  EXPECT_FALSE(P::IsSafeInline("application/pdf"));
  EXPECT_FALSE(P::IsSafeInline("text/csv"));
}

TEST(ImageSizeOf, ReadsPngGifAndJpegHeaders) {
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x01\x02\0\0\0\x30", 24);
  auto s = ImageSizeOf("image/png", png);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->width, 258);
  EXPECT_EQ(s->height, 48);
  const std::string gif("GIF89a\x10\x00\x20\x00", 10);
  s = ImageSizeOf("image/gif", gif);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->width, 16);
  EXPECT_EQ(s->height, 32);
  // SOI, an APP0 segment of 16 bytes, then SOF0: precision 8, height 0x01E0, width 0x0280.
  std::string jpg("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 20);
  jpg += std::string("\xFF\xC0\x00\x11\x08\x01\xE0\x02\x80\x03", 10);
  s = ImageSizeOf("image/jpeg", jpg);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->width, 640);
  EXPECT_EQ(s->height, 480);
  EXPECT_FALSE(ImageSizeOf("image/jpeg", jpg.substr(0, 22)));
  EXPECT_FALSE(ImageSizeOf("application/pdf", "%PDF-1.4"));
  EXPECT_FALSE(ImageSizeOf("image/png", "garbage"));
}

TEST(CanSeeAttachment, UnattachedOnlyForItsUploader) {
  Attachment a;
  a.uploader_id = 7;
  EXPECT_TRUE(CanSeeAttachment(Caller{7, Role::kEndUser, false}, a, nullptr, nullptr));
  EXPECT_FALSE(CanSeeAttachment(Caller{8, Role::kAgent, false}, a, nullptr, nullptr));
  EXPECT_FALSE(CanSeeAttachment(Caller{}, a, nullptr, nullptr));
}

TEST(CanSeeAttachment, AttachedFollowsTicketAndComment) {
  Ticket t;
  t.id = 1;
  t.requester_id = 10;
  t.collaborator_ids = {11};
  Comment pub;
  pub.id = 5;
  pub.ticket_id = 1;
  Comment note = pub;
  note.is_public = false;
  Attachment a;
  a.uploader_id = 20;
  a.ticket_id = 1;
  a.comment_id = 5;
  const Caller requester{10, Role::kEndUser, false}, cc{11, Role::kEndUser, false}, stranger{12, Role::kEndUser, false},
      agent{20, Role::kAgent, false};
  EXPECT_TRUE(CanSeeAttachment(requester, a, &t, &pub));
  EXPECT_TRUE(CanSeeAttachment(cc, a, &t, &pub));
  EXPECT_FALSE(CanSeeAttachment(stranger, a, &t, &pub));
  EXPECT_TRUE(CanSeeAttachment(agent, a, &t, &pub));
  // An internal note's attachment never reaches a customer, even one who uploaded it.
  EXPECT_FALSE(CanSeeAttachment(requester, a, &t, &note));
  Attachment own = a;
  own.uploader_id = 10;
  EXPECT_FALSE(CanSeeAttachment(requester, own, &t, &note));
  EXPECT_TRUE(CanSeeAttachment(agent, a, &t, &note));
  // The comment given must be the attachment's.
  Comment other = pub;
  other.id = 6;
  EXPECT_FALSE(CanSeeAttachment(agent, a, &t, &other));
  EXPECT_FALSE(CanSeeAttachment(agent, a, nullptr, nullptr));
}

}  // namespace
}  // namespace chamado
