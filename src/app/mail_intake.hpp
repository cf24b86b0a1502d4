#pragma once
// E-mail to ticket (issue 7; docs/email.md "Inbound"): one RFC 5322 message, from the mailgate,
// the IMAP poller or a recovered suspended ticket, becomes a comment on the ticket it threads
// into, a follow-up of a closed ticket, a duplicate of the sender's active case or a new ticket
// (in that order, through TicketService, so every ticket rule applies as for the portal); or it
// is a bounce (the outbox row it returns is marked bounced), automated mail (dropped when the
// sender is known, suspended otherwise), or held as a suspended ticket. Every message gets a
// mail_messages row naming the rule that placed it and why, in words; the same Message-ID
// delivered again is stored once.
//
// Quoted history: a reply threaded into a ticket keeps only its new text (the history is the
// ticket's timeline already); a new ticket keeps the whole text (a forwarded conversation is
// the context an agent needs). The HTML part is kept only on new tickets for the same reason.
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "app/attachments.hpp"
#include "app/blobs.hpp"
#include "app/mail_ports.hpp"
#include "app/ports.hpp"
#include "app/tickets.hpp"
#include "domain/mail.hpp"

namespace chamado::app {

// Writes bytes to a private temporary file (the blob store and the attachment use case take
// files, never whole buffers); the caller removes it. Adapter: adapters/mail/mail_spool.
class MailSpool {
 public:
  virtual ~MailSpool() = default;
  virtual Result<std::string> Write(std::string_view bytes) = 0;
  virtual void Remove(const std::string& path) = 0;
};

struct MailIntakeSettings {
  std::string support_address;           // mail.support_address (never made a CC)
  std::string from_address;              // mail.from_address (never made a CC either)
  int inbound_per_sender_per_hour = 30;  // more goes to suspended tickets
};

// What became of one message (POST /api/v2/chamado/mail/inbound answers it).
struct IntakeOutcome {
  ThreadRule rule = ThreadRule::kNewTicket;
  std::optional<std::int64_t> ticket_id;
  std::optional<std::int64_t> suspended_ticket_id;
  std::string detail;
};

class MailIntakeService final {
 public:
  // `attachments` may be null (no attachment store: files are refused with a note).
  MailIntakeService(Store& store, Clock& clock, Crypto& crypto, TicketService& tickets, AttachmentService* attachments,
                    BlobStore& blobs, MailParser& parser, MailSpool& spool, MailIntakeSettings settings,
                    Logger* log = nullptr);

  // One raw message; `envelope_recipient` is the address the MTA delivered to (may be empty).
  // The caller is the gateway (a staff token). Errors: 401/403 for the caller; kInvalid when
  // `raw` is not a message (the mailgate then exits 65); kUnavailable/kInternal for what a
  // redelivery may fix (the mailgate exits 75 and the MTA retries).
  Result<IntakeOutcome> Receive(const Caller& c, std::string_view raw, std::string_view envelope_recipient);

  // Suspended tickets (zendesk-compat.md §12), agents only.
  Result<Page<SuspendedTicket>> ListSuspended(const Caller& c, const PageRequest& p);
  Result<SuspendedTicket> ShowSuspended(const Caller& c, std::int64_t id);
  // Runs the intake again on the held message, past the automation and rate checks; the
  // suspended ticket goes.
  Result<IntakeOutcome> Recover(const Caller& c, std::int64_t id);
  Result<void> DeleteSuspended(const Caller& c, std::int64_t id);

  // The mail of a ticket, oldest first, with each message's rule and detail (agents).
  Result<std::vector<MailMessageRecord>> MessagesOfTicket(const Caller& c, std::int64_t ticket_id);

 private:
  struct Attempt;
  Result<IntakeOutcome> Run(const Caller& gateway, std::string_view raw, InboundMessage msg,
                            std::optional<MailMessageRecord> recovered);
  Result<IntakeOutcome> Suspend(const InboundMessage& msg, std::string_view raw, std::string cause,
                                const std::string& conversation);
  Result<IntakeOutcome> Bounce(const InboundMessage& msg, const std::string& conversation);
  Result<User> SenderUser(const InboundMessage& msg);
  // What became of an already stored Message-ID (duplicate_delivery), or nullopt when new.
  Result<std::optional<IntakeOutcome>> StoredBefore(const std::string& message_id);
  Result<IntakeOutcome> Record(const InboundMessage& msg, const std::string& conversation, IntakeOutcome out,
                               std::optional<std::int64_t> comment_id, std::optional<MailMessageRecord> recovered);
  // Only one intake per Message-ID at a time in this process (a redelivery racing the first).
  void LockMessageId(const std::string& id);
  void UnlockMessageId(const std::string& id);

  Store& store_;
  Clock& clock_;
  Crypto& crypto_;
  TicketService& tickets_;
  AttachmentService* attachments_;
  BlobStore& blobs_;
  MailParser& parser_;
  MailSpool& spool_;
  MailIntakeSettings settings_;
  Logger* log_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::set<std::string> in_flight_;
};

}  // namespace chamado::app
