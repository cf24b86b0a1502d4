// Outbound MIME and the two transports' error mapping.
#include "adapters/mail/mime_build.hpp"

#include <gmime/gmime.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "adapters/mail/file_transport.hpp"
#include "adapters/mail/smtp_transport.hpp"

namespace chamado::mail {
namespace {

OutboundEmail Sample() {
  OutboundEmail m;
  m.id = 7;
  m.ticket_id = 123;
  m.kind = "agent_reply";
  m.to_address = "ana@customer.test";
  m.to_name = "Ana Souza";
  m.from_address = "support@helpdesk.test";
  m.from_name = "Suporte Ação";
  m.reply_to = "support+t123-0123456789abcdef@helpdesk.test";
  m.subject = "[#123] Impressora não liga";
  m.text_body = "Olá Ana,\nA impressão voltará às 10h.\n";
  m.html_body = "<p>Olá Ana,</p><p>A impressão voltará às 10h.</p>";
  m.message_id = "abc123@helpdesk.test";
  m.in_reply_to = "first@helpdesk.test";
  m.references = {"first@helpdesk.test", "second@customer.test"};
  m.auto_submitted = true;
  m.created_at = FromUnix(1'900'000'000);
  return m;
}

// Parses `raw` back with GMime, as a mail client would.
struct Parsed {
  GMimeMessage* msg = nullptr;
  explicit Parsed(const std::string& raw) {
    g_mime_init();
    GMimeStream* s = g_mime_stream_mem_new_with_buffer(raw.data(), raw.size());
    GMimeParser* p = g_mime_parser_new_with_stream(s);
    msg = g_mime_parser_construct_message(p, nullptr);
    g_object_unref(p);
    g_object_unref(s);
  }
  ~Parsed() {
    if (msg) g_object_unref(msg);
  }
  std::string Header(const char* name) const {
    const char* v = g_mime_object_get_header(GMIME_OBJECT(msg), name);
    return v ? v : "";
  }
  std::string Text(const char* subtype) const {
    GMimeObject* body = g_mime_message_get_body(msg);
    GMimeObject* part = body;
    if (GMIME_IS_MULTIPART(body)) {
      for (int i = 0; i < g_mime_multipart_get_count(GMIME_MULTIPART(body)); ++i) {
        GMimeObject* p = g_mime_multipart_get_part(GMIME_MULTIPART(body), i);
        if (g_mime_content_type_is_type(g_mime_object_get_content_type(p), "text", subtype)) part = p;
      }
    }
    char* t = g_mime_text_part_get_text(GMIME_TEXT_PART(part));
    std::string out;
    for (const char* c = t; c && *c; ++c)
      if (*c != '\r') out.push_back(*c);  // the wire's CRLF, as a client shows it
    g_free(t);
    return out;
  }
};

TEST(MimeBuild, CarriesEveryHeaderAMailClientThreadsAndFiltersBy) {
  const std::string raw = BuildMime(Sample());
  Parsed p(raw);
  ASSERT_NE(p.msg, nullptr);
  EXPECT_STREQ(g_mime_message_get_subject(p.msg), "[#123] Impressora não liga");
  EXPECT_STREQ(g_mime_message_get_message_id(p.msg), "abc123@helpdesk.test");
  EXPECT_EQ(p.Header("In-Reply-To"), "<first@helpdesk.test>");
  EXPECT_EQ(p.Header("References"), "<first@helpdesk.test> <second@customer.test>");
  EXPECT_EQ(p.Header("Auto-Submitted"), "auto-generated");
  EXPECT_EQ(p.Header("X-Auto-Response-Suppress"), "All");
  EXPECT_EQ(p.Header("X-Chamado-Ticket"), "123");
  EXPECT_NE(p.Header("Reply-To").find("support+t123-0123456789abcdef@helpdesk.test"), std::string::npos);
  InternetAddressList* from = g_mime_message_get_from(p.msg);
  ASSERT_EQ(internet_address_list_length(from), 1);
  EXPECT_STREQ(internet_address_get_name(internet_address_list_get_address(from, 0)), "Suporte Ação");
  // 2030-03-17 17:46:40 UTC: the row's created_at, not the time of sending.
  EXPECT_NE(p.Header("Date").find("17 Mar 2030 17:46:40"), std::string::npos) << p.Header("Date");
  EXPECT_EQ(p.Text("plain"), "Olá Ana,\nA impressão voltará às 10h.\n");
  EXPECT_NE(p.Text("html").find("<p>Olá Ana,</p>"), std::string::npos);
  // Only ASCII on the wire: subject and name RFC 2047, bodies quoted-printable UTF-8.
  for (unsigned char c : raw) ASSERT_LT(c, 0x80);
  EXPECT_NE(raw.find("From: Suporte =?UTF-8?"), std::string::npos) << raw.substr(0, 200);
  EXPECT_NE(raw.find("multipart/alternative"), std::string::npos);
  EXPECT_NE(raw.find("charset=utf-8"), std::string::npos);
  EXPECT_NE(raw.find("quoted-printable"), std::string::npos);
}

TEST(MimeBuild, LinesEndInCrlf) {
  const std::string raw = BuildMime(Sample());
  for (std::size_t i = 0; i < raw.size(); ++i)
    if (raw[i] == '\n') {
      ASSERT_TRUE(i > 0 && raw[i - 1] == '\r') << "bare LF at byte " << i;
    }
}

TEST(MimeBuild, AResendIsTheSameMessage) { EXPECT_EQ(BuildMime(Sample()), BuildMime(Sample())); }

TEST(MimeBuild, APersonsReplyIsNotMarkedAutomatic) {
  auto m = Sample();
  m.auto_submitted = false;
  m.html_body.clear();
  m.in_reply_to.clear();
  m.references.clear();
  Parsed p(BuildMime(m));
  EXPECT_EQ(p.Header("Auto-Submitted"), "");
  EXPECT_EQ(p.Header("X-Auto-Response-Suppress"), "");
  EXPECT_EQ(p.Header("In-Reply-To"), "");
  EXPECT_EQ(p.Text("plain"), "Olá Ana,\nA impressão voltará às 10h.\n");  // a single text part
}

TEST(FileTransport, WritesOneEmlPerMessage) {
  auto dir = std::filesystem::temp_directory_path() / ("chamado-mailout-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  FileTransport t(dir / "mail-out", nullptr);
  ASSERT_TRUE(t.Send(Sample()));
  ASSERT_TRUE(t.Send(Sample()));  // a resend overwrites the same file with the same bytes
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir / "mail-out")) files.push_back(e.path());
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].filename(), "1900000000-7.eml");
  std::ifstream in(files[0], std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), BuildMime(Sample()));
  std::filesystem::remove_all(dir);
}

TEST(SmtpTransport, NoServerIsATemporaryFailure) {
  // A port nobody listens on: bind, read the port, close.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  SmtpTransport t({.url = "smtp://127.0.0.1:" + std::to_string(ntohs(a.sin_port)), .connect_timeout_seconds = 2});
  auto r = t.Send(Sample());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable) << r.error().description;
}

}  // namespace
}  // namespace chamado::mail
