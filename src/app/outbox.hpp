#pragma once
// The outbox (issue 7; docs/email.md "Delivery log"): notifications are queued as rows in the
// transaction of the change that caused them (app/notifications.hpp) and sent afterwards by
// DrainDue, which the outbox worker (adapters/mail/outbox_worker.hpp) runs when woken and on
// its poll, and the manual clock's endpoint runs before answering. A failure is retried with
// exponential backoff; a permanent one (5xx) or the last allowed attempt makes a dead letter
// that admins see and may retry. The delivery log answers "did my e-mail go out?" for agents
// (a ticket's mail) and customers (their own mail of a ticket).
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "app/mail_ports.hpp"
#include "app/ports.hpp"
#include "domain/access.hpp"
#include "domain/mail_delivery.hpp"

namespace chamado::app {

struct OutboxSettings {
  RetryPolicy retry;                // mail.max_attempts, retry_base_seconds, retry_max_seconds
  std::chrono::seconds lease{300};  // a claimed row is this node's until then (a crash: resent)
  int batch = 20;                   // rows per claim
};

// A row with its one-line description in the reader's language.
struct Delivery {
  OutboundEmail mail;
  std::string description;
};

class OutboxService final {
 public:
  // `log` may be null.
  OutboxService(Store& store, Clock& clock, MailTransport& transport, OutboxSettings s, Logger* log = nullptr);

  // Sends every row due at `now` (claimed in batches), recording each outcome. Returns how many
  // were attempted; an error when the store failed (what was sent stays recorded). Drains
  // never overlap in one process; the store's claim keeps nodes apart.
  Result<int> DrainDue(Instant now);
  // When the next row comes due (a queued row's next attempt, a sending row's lease end).
  Result<std::optional<Instant>> NextDue();

  // Agents: every row of ticket `ticket_id`, newest first (404 no such ticket; 403 end users).
  Result<Page<Delivery>> TicketDeliveries(const Caller& c, std::int64_t ticket_id, PageRequest p);
  // A customer: the rows of ticket `ticket_id` addressed to them, newest first; 404 unless they
  // are its requester or a CC (a ticket one cannot see reads as one that does not exist).
  Result<Page<Delivery>> RequestDeliveries(const Caller& c, std::int64_t ticket_id, PageRequest p);
  // Admins: the outbox, filtered (dead letters, the queue), newest first; 403 for others.
  Result<Page<Delivery>> List(const Caller& c, const OutboxFilter& f, PageRequest p);
  // Admins: a dead (or bounced) row back to the queue, attempts from zero, due now; 422 for a
  // row in another state, 404 for none.
  Result<Delivery> Retry(const Caller& c, std::int64_t id);

  // Called after Retry committed (the worker then sends at once). Set before serving.
  void OnRequeued(std::function<void()> wake) { requeued_ = std::move(wake); }
  MailTransport& transport() { return transport_; }

 private:
  std::string LocaleOf(ReadTx& tx, const Caller& c);
  Result<Page<Delivery>> Described(const Caller& c, const OutboxFilter& f, PageRequest p,
                                   const std::function<Result<void>(ReadTx&)>& check);

  Store& store_;
  Clock& clock_;
  MailTransport& transport_;
  OutboxSettings s_;
  Logger* log_;
  std::mutex drain_mu_;
  std::function<void()> requeued_;
};

}  // namespace chamado::app
