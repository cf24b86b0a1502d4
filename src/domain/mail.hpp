#pragma once
// E-mail as the domain sees it (issue 7; docs/email.md): a parsed inbound message, an outbound
// message waiting in the outbox, and the names of threading rules, automation kinds and
// notification kinds. Parsing (GMime) and sending (libcurl) are adapters (adapters/mail/);
// the rules over these values are pure (domain/mail_threading.hpp, domain/notifications.hpp).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.hpp"

namespace chamado {

struct MailAddress {
  std::string name;
  std::string address;  // lower-cased addr-spec; empty when the header had none
};

struct InboundAttachment {
  std::string file_name;  // decoded (RFC 2047/2231), not yet sanitized
  std::string content_type;
  std::string content_id;  // inline images: the cid without <>
  bool is_inline = false;
  std::string bytes;  // decoded body
};

// A delivery status notification (RFC 3464 multipart/report), or a bounce we could read.
struct DeliveryReport {
  std::string original_message_id;  // from the returned headers, without <>
  std::string final_recipient;      // lower-cased address
  std::string action;               // failed | delayed | delivered | relayed | expanded
  std::string status;               // "5.2.2"
  std::string diagnostic;           // "smtp; 552 5.2.2 mailbox full"
};

struct InboundMessage {
  std::string message_id;  // without <>; empty when the message had none
  std::string in_reply_to;
  std::vector<std::string> references;  // oldest first, without <>
  MailAddress from;
  std::optional<MailAddress> reply_to;
  std::vector<MailAddress> to;
  std::vector<MailAddress> cc;
  std::string envelope_recipient;  // the address the MTA delivered to (mailgate argv), if known
  std::string subject;             // decoded
  std::optional<Instant> date;
  std::string text;          // the plain-text body (from text/plain, else from the HTML), UTF-8
  std::string html;          // the HTML body reduced to safe markup, UTF-8; empty when none
  std::string language;      // Content-Language or the first of Accept-Language, as given
  std::string thread_index;  // Outlook Thread-Index, base64 as given
  // Automation signals, as given (empty when absent).
  std::string auto_submitted;  // "auto-replied", "auto-generated", "no"
  std::string precedence;      // bulk | junk | list
  std::string list_id;
  bool has_list_unsubscribe = false;
  bool x_autoreply = false;           // X-Autoreply / X-Autorespond / X-Auto-Response-Suppress: All|OOF|AutoReply
  std::optional<DeliveryReport> dsn;  // set for delivery status notifications
  std::vector<InboundAttachment> attachments;
  std::size_t raw_size = 0;
};

// Why an inbound message went where it went; recorded with each message.
enum class ThreadRule {
  kInReplyTo,          // In-Reply-To named one of our stored Message-IDs
  kReferences,         // References did
  kReplyToken,         // the signed token in support+<token>@domain
  kSubjectTag,         // [#123] in the subject (only for the ticket's requester, CCs or staff)
  kThreadIndex,        // Outlook Thread-Index conversation
  kFollowUp,           // it threaded into a closed ticket: a follow-up ticket linked to it
  kDuplicate,          // a new contact while the sender has an active case (app/duplicates.hpp)
  kNewTicket,          // none of the above
  kDuplicateDelivery,  // same Message-ID seen before: stored once
  kBounce,             // a DSN: recorded in the delivery log, no ticket
  kIgnoredAutomated,   // auto-reply, out-of-office, bulk/list from a known sender: dropped
  kSuspended,          // automated/bulk from an unknown sender, or over the sender rate
};
std::string_view ThreadRuleName(ThreadRule r);  // "in_reply_to", "references", ... "suspended"

// The outbox's row states (docs/email.md "Delivery log").
enum class DeliveryState {
  kQueued,   // waiting for its first attempt or a retry (next_attempt_at)
  kSending,  // claimed by a node until claimed_until (a crash there means a resend, same Message-ID)
  kSent,     // the SMTP server accepted it
  kDead,     // given up: permanent error or attempts exhausted (admins see the error)
  kBounced,  // accepted, then a DSN came back
};
std::string_view DeliveryStateName(DeliveryState s);  // queued, sending, sent, dead, bounced
std::optional<DeliveryState> ParseDeliveryState(std::string_view s);

// One e-mail in the outbox: rendered when the change that caused it committed (the same
// transaction), sent later. The MIME is built from these fields at send time, so a resend
// carries the same Message-ID and the same Date.
struct OutboundEmail {
  std::int64_t id = 0;
  std::optional<std::int64_t> ticket_id;
  std::optional<std::int64_t> audit_id;
  std::string kind;  // a notification kind: "ticket_received", "agent_reply", ... (notifications.hpp)
  std::optional<std::int64_t> recipient_user_id;
  std::string to_address;
  std::string to_name;
  std::string from_address;
  std::string from_name;
  std::string reply_to;  // support+<token>@domain
  std::string locale;
  std::string subject;
  std::string text_body;
  std::string html_body;
  std::string message_id;  // without <>, ours: <random>@<domain of from_address>
  std::string in_reply_to;
  std::vector<std::string> references;
  bool auto_submitted = true;  // "Auto-Submitted: auto-generated" (every notification; not agent replies)
  DeliveryState state = DeliveryState::kQueued;
  int attempts = 0;
  Instant next_attempt_at{};
  std::optional<Instant> claimed_until;
  std::string last_error;  // the latest SMTP/transport error, or the DSN's diagnostic
  Instant created_at{};
  std::optional<Instant> sent_at;
  Instant updated_at{};
};

}  // namespace chamado
