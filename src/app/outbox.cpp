#include "app/outbox.hpp"

#include "app/notifications.hpp"

namespace chamado::app {

OutboxService::OutboxService(Store& store, Clock& clock, MailTransport& transport, OutboxSettings s, Logger* log)
    : store_(store), clock_(clock), transport_(transport), s_(s), log_(log) {}

Result<int> OutboxService::DrainDue(Instant now) {
  std::lock_guard lk(drain_mu_);
  int attempted = 0;
  for (;;) {
    std::vector<OutboundEmail> claimed;
    auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
      claimed = tx.ClaimOutbox(now, now + s_.lease, s_.batch);
      return {};
    });
    if (!r) return Fail(r.error());
    for (auto& m : claimed) {
      // Sent outside any transaction: a slow server holds no lock. A crash between the send
      // and the record below means a resend after the lease, with the same Message-ID.
      auto sent = transport_.Send(m);
      const Instant at = std::max(now, clock_.Now());
      if (sent) {
        RecordSent(m, at);
        if (log_)
          log_->Info("mail_sent", "outbox " + std::to_string(m.id) + " to " + m.to_address + " (" + m.kind + ")");
      } else {
        const Error& e = sent.error();
        const bool permanent = e.code == ErrorCode::kInvalid;
        // A refusal's words are in its field error (MailTransport: the server's answer).
        const std::string why = !e.fields.empty() ? e.fields.front().description : e.description;
        RecordFailure(m, s_.retry, at, why, permanent);
        if (log_) {
          const std::string what = "outbox " + std::to_string(m.id) + " to " + m.to_address + ", attempt " +
                                   std::to_string(m.attempts) + ": " + why;
          if (m.state == DeliveryState::kDead)
            log_->Error("mail_dead", what);
          else
            log_->Warn("mail_retry", what + "; next at " + FormatIso(m.next_attempt_at));
        }
      }
      auto w = store_.Write([&](WriteTx& tx) -> Result<void> {
        tx.UpdateOutboxDelivery(m);
        // ---- accounts: a sent account mail's live one-time link is kept no longer than needed
        // (the outbox listing must not show it).
        if (m.state == DeliveryState::kSent && IsAccountMailKind(m.kind)) tx.ClearOutboxBodies(m.id);
        return {};
      });
      if (!w) return Fail(w.error());
      ++attempted;
    }
    if (static_cast<int>(claimed.size()) < s_.batch) return attempted;
  }
}

Result<std::optional<Instant>> OutboxService::NextDue() {
  std::optional<Instant> due;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    due = tx.NextOutboxDue();
    return {};
  });
  if (!r) return Fail(r.error());
  return due;
}

std::string OutboxService::LocaleOf(ReadTx& tx, const Caller& c) {
  auto u = tx.UserById(c.user_id);
  return u ? u->locale : std::string();
}

Result<Page<Delivery>> OutboxService::Described(const Caller& c, const OutboxFilter& f, PageRequest p,
                                                const std::function<Result<void>(ReadTx&)>& check) {
  p.descending = true;  // newest first
  Page<Delivery> out;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    if (auto ok = check(tx); !ok) return ok;
    const std::string locale = LocaleOf(tx, c);
    auto page = tx.ListOutbox(f, p);
    out = {};
    out.count = page.count;
    out.has_more = page.has_more;
    for (auto& m : page.items) {
      std::string d = DescribeDelivery(m, locale);
      out.items.push_back(Delivery{std::move(m), std::move(d)});
    }
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

Result<Page<Delivery>> OutboxService::TicketDeliveries(const Caller& c, std::int64_t ticket_id, PageRequest p) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsStaff()) return Fail(Error::Forbidden());
  OutboxFilter f;
  f.ticket_id = ticket_id;
  return Described(c, f, p, [&](ReadTx& tx) -> Result<void> {
    if (!tx.TicketById(ticket_id)) return Fail(Error::NotFound());
    return {};
  });
}

Result<Page<Delivery>> OutboxService::RequestDeliveries(const Caller& c, std::int64_t ticket_id, PageRequest p) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  OutboxFilter f;
  f.ticket_id = ticket_id;
  f.recipient_user_id = c.user_id;  // only mail addressed to the caller, never a CC's or an agent's
  return Described(c, f, p, [&](ReadTx& tx) -> Result<void> {
    auto t = tx.TicketById(ticket_id);
    if (!t || !IsRequesterOrCc(c, *t)) return Fail(Error::NotFound());
    return {};
  });
}

Result<Page<Delivery>> OutboxService::List(const Caller& c, const OutboxFilter& f, PageRequest p) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsAdmin()) return Fail(Error::Forbidden());
  return Described(c, f, p, [](ReadTx&) -> Result<void> { return {}; });
}

Result<Delivery> OutboxService::Retry(const Caller& c, std::int64_t id) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsAdmin()) return Fail(Error::Forbidden());
  const Instant now = clock_.Now();
  Delivery out;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    auto m = tx.OutboxById(id);
    if (!m) return Fail(Error::NotFound());
    if (m->state != DeliveryState::kDead && m->state != DeliveryState::kBounced)
      return Fail(Error::Invalid(
          "state", "InvalidValue",
          "only a dead or bounced message can be retried; this one is " + std::string(DeliveryStateName(m->state))));
    m->state = DeliveryState::kQueued;
    m->attempts = 0;
    m->next_attempt_at = now;
    m->claimed_until.reset();
    m->updated_at = now;  // last_error stays: what went wrong before, until the next attempt
    tx.UpdateOutboxDelivery(*m);
    out = Delivery{*m, DescribeDelivery(*m, LocaleOf(tx, c))};
    return {};
  });
  if (!r) return Fail(r.error());
  if (log_) log_->Info("mail_requeued", "outbox " + std::to_string(id) + " by user " + std::to_string(c.user_id));
  if (requeued_) requeued_();
  return out;
}

}  // namespace chamado::app
