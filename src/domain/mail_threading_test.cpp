// Inbound threading rules (domain/mail_threading.hpp): tags, tokens, Thread-Index, quote
// stripping, automation and locale.
#include "domain/mail_threading.hpp"

#include <gtest/gtest.h>

namespace chamado {
namespace {

TEST(SubjectTicketTag, FindsTheTagBehindReplyPrefixes) {
  EXPECT_EQ(SubjectTicketTag("[#123] Impressora parada"), 123);
  EXPECT_EQ(SubjectTicketTag("Re: RES: RV: [#42] Impressora"), 42);
  EXPECT_EQ(SubjectTicketTag("Fwd: ENC: Impressora [#7]"), 7);
  EXPECT_EQ(SubjectTicketTag("[ext] [#9] dois colchetes"), 9);
}

TEST(SubjectTicketTag, IgnoresWhatIsNotATag) {
  EXPECT_EQ(SubjectTicketTag("Pedido #123"), std::nullopt);
  EXPECT_EQ(SubjectTicketTag("[123] sem cerquilha"), std::nullopt);
  EXPECT_EQ(SubjectTicketTag("[#] vazio"), std::nullopt);
  EXPECT_EQ(SubjectTicketTag("[#12a] letras"), std::nullopt);
  EXPECT_EQ(SubjectTicketTag("[#0] zero"), std::nullopt);
  EXPECT_EQ(SubjectTicketTag("[#99999999999999999999] enorme"), std::nullopt);
  EXPECT_EQ(SubjectTicketTag("[#12"), std::nullopt);
}

TEST(NormalizeSubject, DropsPrefixesAndTags) {
  EXPECT_EQ(NormalizeSubject("RES: Re: [#12] Impressora parada"), "Impressora parada");
  EXPECT_EQ(NormalizeSubject("Re[2]: RV:  Fwd:Factura   de enero"), "Factura de enero");
  EXPECT_EQ(NormalizeSubject("ENC: AW: WG: TR: invoice"), "invoice");
  EXPECT_EQ(NormalizeSubject("Resumo do mês"), "Resumo do mês");  // "Res" inside a word stays
  EXPECT_EQ(NormalizeSubject("Reunião: pauta"), "Reunião: pauta");
  EXPECT_EQ(NormalizeSubject("  "), "");
}

TEST(PlusAddressToken, ReadsTheTokenOfAPlusAddress) {
  EXPECT_EQ(PlusAddressToken("support+t123-abcd@helpdesk.test"), "t123-abcd");
  EXPECT_EQ(PlusAddressToken("<Support+T123-ABCD@helpdesk.test>"), "t123-abcd");
  EXPECT_EQ(PlusAddressToken("support@helpdesk.test"), std::nullopt);
  EXPECT_EQ(PlusAddressToken("support+@helpdesk.test"), std::nullopt);
}

TEST(ThreadIndexConversation, RepliesShareTheFirst22Bytes) {
  // An Outlook conversation start (22 bytes) and a reply to it (27 bytes: 5 more).
  const std::string first = "AdmV0ZkD5m2ZvW4nTSGmxCMmOeqSDg==";
  const std::string reply = "AdmV0ZkD5m2ZvW4nTSGmxCMmOeqSDgAAEZ7g";
  auto a = ThreadIndexConversation(first);
  auto b = ThreadIndexConversation(reply);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(*a, first);
  EXPECT_NE(ThreadIndexConversation("AdmV0ZkE5m2ZvW4nTSGmxCMmOeqSDgAAEZ7g"), a);  // another conversation
  EXPECT_EQ(ThreadIndexConversation("AQID"), std::nullopt);                       // too short
  EXPECT_EQ(ThreadIndexConversation("not base64 !!"), std::nullopt);
}

TEST(StripQuotedHistory, PortugueseGmailAttribution) {
  EXPECT_EQ(StripQuotedHistory("Funcionou, obrigado!\n\nEm seg., 1 de jan. de 2024 às 10:00, Suporte "
                               "<support@helpdesk.test> escreveu:\n> Tente reiniciar.\n> \n"),
            "Funcionou, obrigado!");
}

TEST(StripQuotedHistory, AttributionWrappedOverTwoLines) {
  EXPECT_EQ(StripQuotedHistory("Still broken.\n\nOn Mon, Jan 1, 2024 at 10:00 AM Support <support@helpdesk.test>\n"
                               "wrote:\n> Try again\n"),
            "Still broken.");
}

TEST(StripQuotedHistory, SpanishAttribution) {
  EXPECT_EQ(StripQuotedHistory("Sigue sin funcionar.\r\n\r\nEl lun, 1 ene 2024 a las 10:00, Soporte "
                               "(<support@helpdesk.test>) escribió:\r\n> Pruebe de nuevo\r\n"),
            "Sigue sin funcionar.");
}

TEST(StripQuotedHistory, OutlookSeparators) {
  EXPECT_EQ(StripQuotedHistory("Segue o anexo.\n\n-----Mensagem original-----\nDe: Suporte\nEnviada em: ontem\n"),
            "Segue o anexo.");
  EXPECT_EQ(StripQuotedHistory("See below.\n-----Original Message-----\nFrom: x\n"), "See below.");
  EXPECT_EQ(StripQuotedHistory("Adjunto.\n\n________________________________\nDe: Soporte <support@helpdesk.test>\n"
                               "Enviado: lunes\nPara: Ana\nAsunto: RE: [#5] Factura\n\nTexto viejo"),
            "Adjunto.");
  EXPECT_EQ(StripQuotedHistory("Ok.\n\nFrom: Support <support@helpdesk.test>\nSent: Monday\nTo: Ana\n\nold"), "Ok.");
  EXPECT_EQ(StripQuotedHistory("Ok.\n\n*De:* Suporte <support@helpdesk.test>\n*Enviado:* segunda\n\nold"), "Ok.");
}

TEST(StripQuotedHistory, KeepsInlineAnswersAndPlainText) {
  EXPECT_EQ(StripQuotedHistory("> Qual o modelo?\nHP 1020\n> E a versão?\n2.1\n\n> fim\n"),
            "> Qual o modelo?\nHP 1020\n> E a versão?\n2.1");
  EXPECT_EQ(StripQuotedHistory("De: hoje não funciona.\nObrigado"), "De: hoje não funciona.\nObrigado");
  EXPECT_EQ(StripQuotedHistory("Once upon a time I wrote: a poem"), "Once upon a time I wrote: a poem");
}

TEST(StripQuotedHistory, AllQuoteKeepsTheWholeText) {
  EXPECT_EQ(StripQuotedHistory("On Mon, Jan 1 Ana wrote:\n> hi\n"), "On Mon, Jan 1 Ana wrote:\n> hi");
}

InboundMessage Msg(std::string subject) {
  InboundMessage m;
  m.from.address = "ana@customer.test";
  m.subject = std::move(subject);
  return m;
}

TEST(ClassifyAutomation, PeopleAreNone) {
  EXPECT_EQ(ClassifyAutomation(Msg("Impressora parada")), MailAutomation::kNone);
  auto m = Msg("Re: vacation request");
  EXPECT_EQ(ClassifyAutomation(m), MailAutomation::kNone);
  m.auto_submitted = "no";
  EXPECT_EQ(ClassifyAutomation(m), MailAutomation::kNone);
}

TEST(ClassifyAutomation, AutoSubmittedAndOutOfOffice) {
  auto m = Msg("Resposta automática: [#3] Impressora");
  m.auto_submitted = "auto-replied";
  EXPECT_EQ(ClassifyAutomation(m), MailAutomation::kAutoReply);
  m.subject = "Ausente: [#3] Impressora";
  EXPECT_EQ(ClassifyAutomation(m), MailAutomation::kOutOfOffice);
  auto oof = Msg("Automatic reply: Out of Office");
  oof.x_autoreply = true;
  EXPECT_EQ(ClassifyAutomation(oof), MailAutomation::kOutOfOffice);
  EXPECT_EQ(ClassifyAutomation(Msg("Respuesta automática: Factura")), MailAutomation::kAutoReply);
  EXPECT_EQ(ClassifyAutomation(Msg("Out of Office: back Monday")), MailAutomation::kOutOfOffice);
  auto gen = Msg("Alert");
  gen.auto_submitted = "auto-generated";
  EXPECT_EQ(ClassifyAutomation(gen), MailAutomation::kAutoReply);
}

TEST(ClassifyAutomation, BulkListAndBounce) {
  auto m = Msg("Newsletter");
  m.precedence = "bulk";
  EXPECT_EQ(ClassifyAutomation(m), MailAutomation::kBulk);
  m.precedence = "Junk";
  EXPECT_EQ(ClassifyAutomation(m), MailAutomation::kBulk);
  m.precedence = "list";
  EXPECT_EQ(ClassifyAutomation(m), MailAutomation::kList);
  auto l = Msg("[dev] weekly");
  l.list_id = "<dev.lists.customer.test>";
  EXPECT_EQ(ClassifyAutomation(l), MailAutomation::kList);
  auto u = Msg("Ofertas");
  u.has_list_unsubscribe = true;
  EXPECT_EQ(ClassifyAutomation(u), MailAutomation::kBulk);
  auto d = Msg("Undelivered Mail Returned to Sender");
  d.dsn = DeliveryReport{};
  EXPECT_EQ(ClassifyAutomation(d), MailAutomation::kBounce);
  auto md = Msg("failure notice");
  md.from.address = "MAILER-DAEMON@customer.test";
  EXPECT_EQ(ClassifyAutomation(md), MailAutomation::kBounce);
  EXPECT_EQ(MailAutomationName(MailAutomation::kOutOfOffice), "out_of_office");
}

TEST(LocaleFromLanguage, MapsLanguageHeadersToOurLocales) {
  EXPECT_EQ(LocaleFromLanguage("pt-BR"), "pt-BR");
  EXPECT_EQ(LocaleFromLanguage("pt_PT"), "pt-BR");
  EXPECT_EQ(LocaleFromLanguage("es-AR"), "es");
  EXPECT_EQ(LocaleFromLanguage("EN-us, pt;q=0.5"), "en");
  EXPECT_EQ(LocaleFromLanguage("fr-FR, en;q=0.8"), "pt-BR");
  EXPECT_EQ(LocaleFromLanguage(""), "pt-BR");
}

}  // namespace
}  // namespace chamado
