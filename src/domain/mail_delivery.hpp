#pragma once
// The outbox's rules (docs/email.md "Delivery log"): how long to wait before a retry, when to
// give up, and how a delivery reads to the people who look at it (pt-BR, es, en).
#include <chrono>
#include <string>
#include <string_view>

#include "domain/mail.hpp"

namespace chamado {

struct RetryPolicy {
  int max_attempts = 10;           // mail.max_attempts: then a dead letter
  std::chrono::seconds base{30};   // mail.retry_base_seconds
  std::chrono::seconds max{3600};  // mail.retry_max_seconds
};

// The wait after failed attempt number `attempts` (1, 2, ...): base * 2^(attempts-1), at most max.
std::chrono::seconds RetryDelay(const RetryPolicy& p, int attempts);

// What an attempt's outcome does to the row (attempts, state, next_attempt_at, last_error,
// sent_at, claimed_until cleared). `permanent`: the server refused it for good (a 5xx).
void RecordSent(OutboundEmail& m, Instant now);
void RecordFailure(OutboundEmail& m, const RetryPolicy& p, Instant now, std::string_view error, bool permanent);

// "pt-BR", "es" or "en" for any locale tag (es-MX -> es, en-US -> en); anything else pt-BR.
std::string_view MailLocale(std::string_view locale);

// The server's reason in a person's words: "smtp; 552 5.2.2 mailbox full" -> "mailbox full".
std::string HumanReason(std::string_view error);

// One line about a delivery in `locale`: "sent to ana@customer.test on 2030-03-04 at 10:02 UTC",
// "not delivered to ...: <reason>", "bounced: mailbox full", "waiting to be sent to ...".
std::string DescribeDelivery(const OutboundEmail& m, std::string_view locale);

}  // namespace chamado
