#pragma once
// Which e-mails a change sends, and to whom (issue 7; PRODUCT.md §10; docs/email.md
// "Notifications"). Pure: from one audit (its events), the ticket as it is after it, the
// workflow (status categories and flags -- never status names), the audit's comments and the
// people involved, decide the notification kinds and recipients. app/notifications.cpp loads
// the inputs, renders each kind (adapters/mail/templates) and queues it in the outbox.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/ticket.hpp"
#include "domain/user.hpp"
#include "domain/workflow.hpp"

namespace chamado {

// ---- kinds (the template names: config/mail/templates/<kind>.<locale>.mustache)
// To the requester and CCs:
inline constexpr std::string_view kMailTicketReceived = "ticket_received";    // creation: protocol number, due date
inline constexpr std::string_view kMailAgentReply = "agent_reply";            // a public staff comment
inline constexpr std::string_view kMailInfoRequested = "info_requested";      // ... moving to a pending status
inline constexpr std::string_view kMailStatusChanged = "status_changed";      // customer label moved (open/hold)
inline constexpr std::string_view kMailReminder = "reminder";                 // a status's reminder timer
inline constexpr std::string_view kMailAutoClosed = "auto_closed";            // a rule closed it
inline constexpr std::string_view kMailResolved = "resolved";                 // solved, not closed: rating links
inline constexpr std::string_view kMailDuplicateMerged = "duplicate_merged";  // joined another case
inline constexpr std::string_view kMailEscalationConcluded = "escalation_concluded";  // its problem was solved
// To agents:
inline constexpr std::string_view kMailAssignment = "assignment";         // you were assigned
inline constexpr std::string_view kMailCustomerReply = "customer_reply";  // the customer wrote on your ticket
// Queued by other use cases through app::QueueTicketMail:
inline constexpr std::string_view kMailAttachmentRefused = "attachment_refused";  // intake (e-mail)
inline constexpr std::string_view kMailSelfHelp = "self_help";                    // self-help answers

// Every kind a template exists for (each in pt-BR, es and en).
const std::vector<std::string_view>& MailKinds();
// False only for the kinds a person wrote (agent_reply, info_requested): the others carry
// "Auto-Submitted: auto-generated" so auto-responders do not answer them.
bool IsAutoSubmittedKind(std::string_view kind);

// One e-mail to send: `kind` to user `user_id`; `comment_id` is the public comment the mail
// quotes (0: none).
struct Notification {
  std::string kind;
  std::int64_t user_id = 0;
  std::int64_t comment_id = 0;
  friend bool operator==(const Notification&, const Notification&) = default;
};

struct NotificationInput {
  const Workflow* wf = nullptr;
  const Ticket* ticket = nullptr;  // as it is after the audit
  const Audit* audit = nullptr;
  std::vector<Comment> comments;  // the comments the audit's Comment events name
  std::vector<User> people;       // requester, CCs, assignee, comment authors (unknown ids: no mail)
};

// The mails audit `in.audit` calls for, at most one per recipient (the most specific kind wins),
// in a stable order (customers first, then agents). Rules (docs/email.md):
// - requester + CCs: ticket_received on creation (also to the requester who wrote it: the
//   acknowledgement with the protocol number); duplicate_merged when the ticket joined another
//   case; auto_closed when a rule (system) closed it; resolved on a move to a solved, not
//   closed status; info_requested for a public staff comment moving it to a pending status;
//   agent_reply for any other public staff comment; escalation_concluded when its problem was
//   solved; status_changed when the customer label changed to an open or hold status by staff
//   or the system; reminder on a Reminder event.
// - agents: assignment to a new assignee (not when they assigned themselves); customer_reply to
//   the assignee on a public end-user comment.
// - never: an internal note to a customer, any mail to the audit's author (except the
//   creation's acknowledgement), customer mail about a problem ticket (internal), mail to an
//   inactive or suspended user or one without an e-mail address.
std::vector<Notification> DecideNotifications(const NotificationInput& in);

// Reply tokens (the signed reply address support+<token>@domain): "t<id>-<first 16 hex of the
// HMAC>". The HMAC is computed by the caller (Crypto); these only shape and read the text.
inline constexpr std::size_t kReplyTokenMacHex = 16;
std::string ReplyTokenData(std::int64_t ticket_id);  // what the HMAC signs: "chamado-reply:<id>"
std::string FormatReplyToken(std::int64_t ticket_id, std::string_view hmac_hex);
struct ReplyToken {
  std::int64_t ticket_id = 0;
  std::string mac;  // the hex the token carries
};
// The token's parts; nullopt when `token` is not shaped like one.
std::optional<ReplyToken> ParseReplyToken(std::string_view token);
// "support@x.test" + token -> "support+<token>@x.test"; the token of such an address (the part
// after the first '+' of the local part), or nullopt.
std::string PlusAddress(std::string_view address, std::string_view token);
std::optional<std::string> PlusTag(std::string_view address);

// "[#123] Subject" unless the subject already carries the ticket's tag.
std::string TaggedSubject(std::int64_t ticket_id, std::string_view subject);

// A local date-time for mail text in the recipient's zone and language: "02/03/2026 09:00"
// (pt-BR, es) or "2026-03-02 09:00" (en), then the zone's abbreviation. An unknown zone:
// America/Sao_Paulo.
std::string FormatMailTime(Instant t, std::string_view time_zone, std::string_view locale);

}  // namespace chamado
