#pragma once
// E-mail notifications (issue 7; docs/email.md "Notifications"): every audit a use case writes
// is turned, in the same transaction, into outbox rows (app/outbox.hpp drains them). Which
// kinds go to whom is a pure rule (domain/notifications.hpp); this file renders them
// (MailRenderer) and adds the threading headers and the signed reply address.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "app/mail_ports.hpp"
#include "app/ports.hpp"
#include "domain/workflow.hpp"

namespace chamado::app {

struct NotificationSettings {
  bool enabled = false;               // off until serve/demo configure it (unit tests, CLI)
  std::string from_address;           // mail.from_address
  std::string from_name;              // mail.from_name, else mail.company_name
  std::string support_address;        // mail.support_address, else from_address
  std::string public_url;             // server.public_url: links in mail
  std::string link_secret;            // signs reply addresses (mail.link_secret / DATA/mail-secret)
  int satisfaction_window_days = 14;  // the satisfaction links' lifetime
  int auto_replies_per_hour = 5;      // mail.auto_replies_per_hour: ticket_received per address; 0: no limit
};

// Set once at start-up (serve, demo) before any request: the renderer and crypto live as long
// as the process. Without it NotifyAudit does nothing.
void ConfigureNotifications(NotificationSettings s, MailRenderer* renderer, Crypto* crypto);
const NotificationSettings& CurrentNotificationSettings();

// Queues the e-mails audit `a` of ticket `t` (as it is after the audit) calls for. Call it
// right after tx.InsertAudit(a), in the same transaction.
Result<void> NotifyAudit(WriteTx& tx, const Workflow& wf, const Ticket& t, const Audit& a, Instant now);

// Queues one e-mail of template `kind` about ticket `t` to user `to` (the subject tag, reply
// address and threading headers as for every notification). `extra` adds template fields
// (an object). For mail other use cases send: attachment refusals, self-help answers.
// Every mail already has recipient_name, ticket_id, ticket_subject, status (the label the
// recipient sees), portal_url, ticket_url, requester_name; "attachment_refused" also reads
// files (a list of objects {name, reason}); docs/email.md "Templates" lists all. No workflow
// is at hand here: "status" is empty unless `extra` sets it.
// Nothing is queued (and no error) when notifications are off or `to` has no address, is
// inactive or suspended, or turned ticket mail off (notify_email false).
Result<void> QueueTicketMail(WriteTx& tx, std::string_view kind, const Ticket& t, const User& to,
                             const TemplateValue& extra, Instant now);

// ---- accounts (issue 8; docs/accounts.md): mail about the account itself, not a ticket.
inline constexpr std::string_view kMailAccountVerify = "account_verify";  // sign-up: confirm the address
inline constexpr std::string_view kMailAccountReset = "account_reset";    // forgot: set a new password
inline constexpr std::string_view kMailAccountExists = "account_exists";  // sign-up again: you have an account
// The account_* kinds: they carry live one-time links, so the outbox blanks their bodies once
// sent (app/outbox.cpp).
bool IsAccountMailKind(std::string_view kind);

// Queues account mail `kind` to `to`: no ticket, no reply token, Auto-Submitted. Sent whatever
// `to.notify_email` says (the person asked for it), but never to an inactive or suspended user
// or one without an address. The template sees `data`'s fields plus recipient_name and
// portal_url. Nothing is queued (and no error) when notifications are off.
Result<void> QueueAccountMail(WriteTx& tx, std::string_view kind, const User& to, const TemplateValue& data,
                              Instant now);

// "48 horas", "2 días", "30 minutes": a delay in the recipient's words.
std::string DelayWords(std::chrono::seconds d, std::string_view locale);

// support+<token>@domain for ticket `id`: the token is the ticket id and a truncated HMAC of
// it under link_secret, so a reply to it threads and a guessed one does not.
std::string ReplyAddress(std::int64_t ticket_id);
// The ticket a reply address names, when its token verifies; nullopt otherwise.
std::optional<std::int64_t> TicketFromReplyAddress(std::string_view address);

}  // namespace chamado::app
