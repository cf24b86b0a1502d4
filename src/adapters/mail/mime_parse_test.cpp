#include "adapters/mail/mime_parse.hpp"

#include <glib.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

namespace {

using chamado::ErrorCode;
using chamado::mail::GMimeParser;

chamado::InboundMessage ParseOk(std::string_view raw) {
  GMimeParser parser;
  auto m = parser.Parse(raw);
  EXPECT_TRUE(m.has_value()) << (m ? "" : m.error().description);
  return m ? *m : chamado::InboundMessage{};
}

TEST(MimeParse, WhatIsNotAMessageIsInvalid) {
  GMimeParser parser;
  for (std::string_view raw : {std::string_view(""), std::string_view("\n\n  \r\n"),
                               std::string_view("just some words, no headers at all\n")}) {
    auto m = parser.Parse(raw);
    ASSERT_FALSE(m.has_value()) << raw;
    EXPECT_EQ(m.error().code, ErrorCode::kInvalid);
  }
}

TEST(MimeParse, HeadersAreDecoded) {
  auto m = ParseOk(
      "From: =?UTF-8?B?Sm/Do28gU2lsdmE=?= <Joao.Silva@Customer.TEST>\n"
      "To: \"Suporte\" <support@helpdesk.test>, grupo: ana@customer.test, bob@customer.test;\n"
      "Cc: =?ISO-8859-1?Q?In=EAs?= <ines@customer.test>\n"
      "Reply-To: outro@customer.test\n"
      "Subject: =?UTF-8?Q?Re:_Pedido_n=C2=BA?= 12 =?ISO-8859-1?Q?a=E7=E3o?=\n"
      "Date: Thu, 26 Nov 2026 12:01:02 -0300\n"
      "Message-ID: <abc@customer.test>\n"
      "In-Reply-To: <x1@helpdesk.test> (comentário)\n"
      "References: <a@x>\n <b@y>  <c@z>\n"
      "\n"
      "corpo\n");
  EXPECT_EQ(m.from.name, "João Silva");
  EXPECT_EQ(m.from.address, "joao.silva@customer.test");
  ASSERT_EQ(m.to.size(), 3u);  // the group's members count
  EXPECT_EQ(m.to[1].address, "ana@customer.test");
  ASSERT_EQ(m.cc.size(), 1u);
  EXPECT_EQ(m.cc[0].name, "Inês");
  ASSERT_TRUE(m.reply_to.has_value());
  EXPECT_EQ(m.reply_to->address, "outro@customer.test");
  EXPECT_EQ(m.subject, "Re: Pedido nº 12 ação");
  ASSERT_TRUE(m.date.has_value());
  EXPECT_EQ(chamado::FormatIso(*m.date), "2026-11-26T15:01:02Z");
  EXPECT_EQ(m.message_id, "abc@customer.test");
  EXPECT_EQ(m.in_reply_to, "x1@helpdesk.test");
  EXPECT_EQ(m.references, (std::vector<std::string>{"a@x", "b@y", "c@z"}));
  EXPECT_EQ(m.text, "corpo\n");
}

TEST(MimeParse, RawEightBitHeadersAndBodiesWithoutCharset) {
  // UTF-8 where it is valid UTF-8, else Windows-1252 (what such mail usually is).
  auto utf8 = ParseOk("From: ana@customer.test\nSubject: Atenção\n\nSolicitação\n");
  EXPECT_EQ(utf8.subject, "Atenção");
  EXPECT_EQ(utf8.text, "Solicitação\n");
  auto latin = ParseOk("From: ana@customer.test\nSubject: Aten\xE7\xE3o\n\nSolicita\xE7\xE3o \x80 10\n");
  EXPECT_EQ(latin.subject, "Atenção");
  EXPECT_EQ(latin.text, "Solicitação € 10\n");
}

TEST(MimeParse, CharsetsBecomeUtf8) {
  auto m = ParseOk(
      "From: a@customer.test\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
      "--b\nContent-Type: text/plain; charset=iso-8859-15\nContent-Transfer-Encoding: quoted-printable\n\n"
      "=A4 euro\n"
      "--b\nContent-Type: text/plain; charset=\"x-no-such-charset\"\n\nol\xE1\n"
      "--b\nContent-Type: text/plain; charset=utf-8\n\ninv\xC3lido\n--b--\n");
  EXPECT_NE(m.text.find("€ euro"), std::string::npos) << m.text;
  EXPECT_NE(m.text.find("olá"), std::string::npos) << m.text;  // unknown charset: read as 1252
  EXPECT_TRUE(g_utf8_validate(m.text.data(), static_cast<gssize>(m.text.size()), nullptr));
}

TEST(MimeParse, FormatFlowedIsJoined) {
  auto m = ParseOk(
      "From: a@customer.test\nContent-Type: text/plain; charset=utf-8; format=flowed\n\n"
      "Uma frase longa que \nquebrou aqui.\n>> citado \n>> junto\n-- \nassinatura\n");
  EXPECT_EQ(m.text, "Uma frase longa que quebrou aqui.\n>> citado junto\n-- \nassinatura\n");
}

TEST(MimeParse, HtmlOnlyGivesSafeHtmlAndText) {
  auto m = ParseOk(
      "From: a@customer.test\nContent-Type: text/html; charset=utf-8\n\n"
      "<p onclick=\"x()\">Ol&aacute; <b>mundo</b></p><script>alert(1)</script>\n");
  EXPECT_EQ(m.html, "<p>Olá <b>mundo</b></p>\n");
  EXPECT_EQ(m.text, "Olá mundo");
}

TEST(MimeParse, AttachmentsAndInlineImages) {
  auto m = ParseOk(
      "From: a@customer.test\nContent-Type: multipart/mixed; boundary=m\n\n"
      "--m\nContent-Type: multipart/related; boundary=r\n\n"
      "--r\nContent-Type: text/html\n\n<img src=\"cid:logo@x\">texto\n"
      "--r\nContent-Type: image/png\nContent-ID: <logo@x>\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n"
      "--r--\n"
      "--m\nContent-Type: application/pdf\nContent-Disposition: attachment; filename*=UTF-8''relat%C3%B3rio.pdf\n"
      "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n"
      "--m\nContent-Type: text/plain; name=\"notas.txt\"\nContent-Disposition: attachment\n\nnão é corpo\n"
      "--m\nContent-Type: message/rfc822\n\nFrom: x@y\nSubject: Pedido antigo\n\noi\n"
      "--m\nContent-Type: application/pkcs7-signature; name=smime.p7s\n\nAAAA\n"
      "--m--\n");
  ASSERT_EQ(m.attachments.size(), 4u);
  EXPECT_EQ(m.attachments[0].file_name, "attachment-1.png");
  EXPECT_TRUE(m.attachments[0].is_inline);
  EXPECT_EQ(m.attachments[0].content_id, "logo@x");
  EXPECT_EQ(m.attachments[0].bytes, "\x89PNG\r\n\x1a\n");
  EXPECT_EQ(m.attachments[1].file_name, "relatório.pdf");
  EXPECT_FALSE(m.attachments[1].is_inline);
  EXPECT_EQ(m.attachments[1].bytes, "%PDF-1.4\n");
  EXPECT_EQ(m.attachments[2].file_name, "notas.txt");
  EXPECT_EQ(m.attachments[3].file_name, "Pedido antigo.eml");
  EXPECT_EQ(m.attachments[3].content_type, "message/rfc822");
  EXPECT_EQ(m.text, "texto");
  EXPECT_EQ(m.text.find("não é corpo"), std::string::npos);
}

TEST(MimeParse, AutomationSignalsAsGiven) {
  auto m = ParseOk(
      "From: a@customer.test\nAuto-Submitted: Auto-Replied; owner=\"x\"\nPrecedence: Bulk\n"
      "List-Id: Lista <l.customer.test>\nList-Unsubscribe: <mailto:u@x>\nX-Auto-Response-Suppress: DR, OOF\n"
      "Content-Language: pt-BR, en\nThread-Index: AQHX\n 1234==\n\nx\n");
  EXPECT_EQ(m.auto_submitted, "auto-replied");
  EXPECT_EQ(m.precedence, "bulk");
  EXPECT_EQ(m.list_id, "Lista <l.customer.test>");
  EXPECT_TRUE(m.has_list_unsubscribe);
  EXPECT_TRUE(m.x_autoreply);
  EXPECT_EQ(m.language, "pt-BR");
  EXPECT_EQ(m.thread_index, "AQHX1234==");
  auto person = ParseOk("From: a@customer.test\nAccept-Language: es-MX;q=1, en\nX-Auto-Response-Suppress: DR\n\nx\n");
  EXPECT_FALSE(person.x_autoreply);
  EXPECT_EQ(person.language, "es-MX");
}

TEST(MimeParse, DeliveryStatusNotification) {
  auto m = ParseOk(
      "From: MAILER-DAEMON@mx.customer.test\nSubject: Undelivered Mail\n"
      "Content-Type: multipart/report; report-type=delivery-status; boundary=d\n\n"
      "--d\nContent-Type: text/plain\n\nNo.\n"
      "--d\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx\n\n"
      "Final-Recipient: rfc822; a@customer.test\nAction: delayed\nStatus: 4.4.1\n\n"
      "Final-Recipient: rfc822; <B@Customer.test>\nAction: failed\nStatus: 5.2.2 (mailbox full)\n"
      "Diagnostic-Code: smtp; 552 5.2.2\n mailbox full\n"
      "--d\nContent-Type: text/rfc822-headers\n\nFrom: support@helpdesk.test\nMessage-ID:\n <orig@helpdesk.test>\n"
      "--d--\n");
  ASSERT_TRUE(m.dsn.has_value());
  EXPECT_EQ(m.dsn->original_message_id, "orig@helpdesk.test");
  EXPECT_EQ(m.dsn->final_recipient, "b@customer.test");  // the failed one
  EXPECT_EQ(m.dsn->action, "failed");
  EXPECT_EQ(m.dsn->status, "5.2.2");
  EXPECT_EQ(m.dsn->diagnostic, "smtp; 552 5.2.2 mailbox full");
  EXPECT_EQ(m.text, "No.");
}

TEST(MimeParse, EximTextBounceIsReadBestEffort) {
  auto m = ParseOk(
      "From: Mail Delivery System <Mailer-Daemon@mx.customer.test>\n"
      "Subject: Mail delivery failed: returning message to sender\n\n"
      "This message was created automatically by mail delivery software.\n\n"
      "A message that you sent could not be delivered to one or more of its\n"
      "recipients. This is a permanent error. The following address(es) failed:\n\n"
      "  nobody@customer.test\n"
      "    host mx.customer.test [203.0.113.5]\n"
      "    SMTP error from remote mail server after RCPT TO:<nobody@customer.test>:\n"
      "    550 5.1.1 User unknown\n\n"
      "------ This is a copy of the message, including all the headers. ------\n\n"
      "Return-path: <bounces@helpdesk.test>\n"
      "Message-Id: <orig2@helpdesk.test>\n"
      "Subject: [#3] Recebemos\n\nx\n");
  ASSERT_TRUE(m.dsn.has_value());
  EXPECT_EQ(m.dsn->final_recipient, "nobody@customer.test");
  EXPECT_EQ(m.dsn->original_message_id, "orig2@helpdesk.test");
  EXPECT_EQ(m.dsn->status, "5.1.1");
  EXPECT_EQ(m.dsn->action, "failed");
  EXPECT_EQ(m.dsn->diagnostic, "550 5.1.1 User unknown");
}

TEST(MimeParse, APersonsMessageIsNotABounce) {
  auto m = ParseOk("From: ana@customer.test\nSubject: Undeliverable: my order\n\n<bob@customer.test>:\nhello\n");
  EXPECT_FALSE(m.dsn.has_value());
}

std::string ReadCorpus(const char* name) {
  std::ifstream in(std::string(CHAMADO_SOURCE_DIR) + "/tests/mail/corpus/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(MimeParse, EveryPrefixOfAMessageParsesOrIsRefused) {
  // A message cut anywhere (a dropped connection, a full disk) never crashes the parser.
  GMimeParser parser;
  for (const char* name : {"22-dsn-gmail-address-not-found.eml", "27-outlook-inline-images.eml"}) {
    std::string raw = ReadCorpus(name);
    ASSERT_FALSE(raw.empty());
    for (std::size_t n = 0; n < raw.size(); n += 37) {
      auto m = parser.Parse(std::string_view(raw).substr(0, n));
      if (m) {
        EXPECT_TRUE(g_utf8_validate(m->text.data(), static_cast<gssize>(m->text.size()), nullptr));
      }
    }
  }
}

TEST(MimeParse, DeepNestingAndManyPartsAreCapped) {
  std::string deep = "From: a@customer.test\nContent-Type: multipart/mixed; boundary=b0\n\n";
  for (int i = 1; i < 3000; ++i)
    deep += "--b" + std::to_string(i - 1) + "\nContent-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\n\n";
  deep += "--b2999\nContent-Type: text/plain\n\nfundo\n";
  std::string many = "From: a@customer.test\nContent-Type: multipart/mixed; boundary=m\n\n";
  for (int i = 0; i < 5000; ++i) many += "--m\nContent-Type: image/png\n\nx\n";
  many += "--m--\n";
  auto start = std::chrono::steady_clock::now();
  auto d = ParseOk(deep);
  auto m = ParseOk(many);
  EXPECT_LE(m.attachments.size(), 500u);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
}

}  // namespace
