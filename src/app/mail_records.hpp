#pragma once
// Rows of the e-mail tables the store keeps (issue 7; docs/email.md): what the store port
// (app/ports.hpp, "mail") reads and writes. OutboundEmail (the outbox row) is a domain value
// (domain/mail.hpp).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/mail.hpp"
#include "domain/time.hpp"

namespace chamado::app {

// Which outbox rows ListOutbox returns (all set conditions hold).
struct OutboxFilter {
  std::optional<std::int64_t> ticket_id;
  std::optional<DeliveryState> state;
  std::optional<std::int64_t> recipient_user_id;  // a customer's own mail (requests/{id}/deliveries)
};

// One message we sent or received, by Message-ID: what threading looks up (mail_messages).
struct MailMessageRecord {
  std::int64_t id = 0;
  std::string message_id;  // without <>, unique
  std::string direction;   // "in" | "out"
  std::optional<std::int64_t> ticket_id;
  std::optional<std::int64_t> comment_id;
  std::optional<std::int64_t> outbox_id;  // direction "out"
  std::string from_address;               // lower-cased
  std::string subject;
  std::string thread_index;  // Outlook conversation: the first 22 bytes of Thread-Index, base64
  std::string rule;          // ThreadRuleName of an inbound message; "" for outbound
  std::string detail;        // why, in words: "In-Reply-To <abc@x> is ticket 12's reply of ..."
  Instant created_at{};
};

// Mail held back for an agent to recover or delete (zendesk-compat.md §12 suspended_tickets).
struct SuspendedTicket {
  std::int64_t id = 0;
  std::string subject;
  std::string author_email;
  std::string author_name;
  std::string cause;       // "Detected as an automated message", "Over the sender rate limit", ...
  std::string message_id;  // without <>
  std::string raw_sha256;  // the raw RFC 5322 message, in the blob store
  std::int64_t raw_size = 0;
  std::string recipient;  // the envelope recipient it came to
  Instant created_at{};
};

// A signed e-mail link (self-help yes/no, satisfaction good/bad): the token is 256 random bits
// sent in the link; the store keeps only its SHA-256.
struct MailLink {
  std::int64_t id = 0;
  std::string token_sha256;
  std::string purpose;  // "self_help" | "satisfaction"
  std::int64_t ticket_id = 0;
  std::int64_t user_id = 0;
  Instant expires_at{};
  std::optional<Instant> used_at;  // single-use links: set when acted on
  std::string used_action;         // "yes" | "no" | "good" | "bad"
  Instant created_at{};
};

}  // namespace chamado::app
