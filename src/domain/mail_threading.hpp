#pragma once
// The pure rules of inbound e-mail threading (issue 7; docs/email.md "Inbound"): reading the
// ticket tag in a subject, the token in a plus-address, the Outlook conversation in a
// Thread-Index, stripping quoted history, telling automated mail from people, and the locale a
// message's language headers ask for. The order the rules apply in is app/mail_intake.cpp's.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/mail.hpp"

namespace chamado {

// The ticket id of the first "[#123]" in a subject (after any "Re: RES: RV: Fwd: ENC:"
// prefixes or anywhere else); nullopt when there is none.
std::optional<std::int64_t> SubjectTicketTag(std::string_view subject);

// The subject without reply/forward prefixes (Re, RE, Res, RES, RV, Fw, Fwd, ENC, AW, WG, TR,
// SV, VS, with or without a count like "Re[2]:"), without our "[#123]" tags, spaces collapsed.
// "RES: Re: [#12] Impressora parada" -> "Impressora parada".
std::string NormalizeSubject(std::string_view subject);

// The token of a plus-address: "support+t123-abcd@helpdesk.test" -> "t123-abcd"; nullopt when
// the local part has no '+' or nothing after it.
std::optional<std::string> PlusAddressToken(std::string_view address);

// The Outlook conversation a Thread-Index names: the first 22 bytes of the decoded value (the
// header: a reserved byte, 5 bytes of time, a 16-byte GUID), base64 again. Every reply in the
// conversation carries the same header plus 5 bytes per reply. nullopt when the value is not
// base64 or is shorter than 22 bytes.
std::optional<std::string> ThreadIndexConversation(std::string_view thread_index);

// The new text of a reply: everything before the first quoted-history marker ("Em … escreveu:",
// "El … escribió:", "On … wrote:", also wrapped over two lines; "-----Original Message-----",
// "-----Mensagem original-----", "-----Mensaje original-----"; an Outlook header block
// "From:/De: … Sent:/Enviado:/Date:/Data:/Fecha:"; a "____" rule followed by such a block), then
// trailing ">"-quoted lines and blank lines dropped. When nothing would remain (a message that
// is all quote), the whole text, trimmed.
std::string StripQuotedHistory(std::string_view text);

enum class MailAutomation {
  kNone,         // a person wrote it
  kAutoReply,    // Auto-Submitted other than "no", X-Autoreply/X-Autorespond, auto-reply subjects
  kOutOfOffice,  // an auto-reply whose subject says out of office / ausente / fuera de la oficina
  kBulk,         // Precedence: bulk/junk, List-Unsubscribe
  kList,         // Precedence: list, List-Id
  kBounce,       // a delivery status notification, or mail from MAILER-DAEMON
};
std::string_view MailAutomationName(MailAutomation a);  // none, auto_reply, out_of_office, bulk, list, bounce

// What kind of automation sent `m`, from its headers (and, for auto-replies without headers,
// its subject). A DSN is a bounce first of all.
MailAutomation ClassifyAutomation(const InboundMessage& m);

// The locale a message's language asks for: "pt", "pt-BR", "pt_PT" -> "pt-BR"; "es*" -> "es";
// "en*" -> "en"; the first of a list ("en-US, pt;q=0.5") counts; anything else "pt-BR".
std::string LocaleFromLanguage(std::string_view language);

}  // namespace chamado
