#pragma once
// CommonTx's mail outbox queries (app/ports.hpp, "mail outbox"), for both stores. Table
// mail_outbox (sqlite 0010_mail.sql, postgres 0012_mail.sql); each row queued also gets its
// outbound mail_messages row, which threading looks replies up in.
#include <sstream>

#include "adapters/sql/common_tx.hpp"

namespace chamado::sql {
namespace outbox_detail {

inline constexpr const char* kOutboxCols =
    "id, ticket_id, audit_id, kind, recipient_user_id, to_address, to_name, from_address, from_name, reply_to, "
    "locale, subject, text_body, html_body, message_id, in_reply_to, refs, auto_submitted, state, attempts, "
    "next_attempt_at, claimed_until, last_error, created_at, sent_at, updated_at";

// refs: space-separated Message-IDs (none contains a space: they are addr-specs).
inline std::string JoinRefs(const std::vector<std::string>& refs) {
  std::string s;
  for (const auto& r : refs) s += (s.empty() ? "" : " ") + r;
  return s;
}
inline std::vector<std::string> SplitRefs(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string r; in >> r;) out.push_back(r);
  return out;
}

template <typename S>
OutboundEmail OutboxRow(const S& s) {
  OutboundEmail m;
  m.id = s.Int(0);
  m.ticket_id = s.OptInt(1);
  m.audit_id = s.OptInt(2);
  m.kind = s.Text(3);
  m.recipient_user_id = s.OptInt(4);
  m.to_address = s.Text(5);
  m.to_name = s.Text(6);
  m.from_address = s.Text(7);
  m.from_name = s.Text(8);
  m.reply_to = s.Text(9);
  m.locale = s.Text(10);
  m.subject = s.Text(11);
  m.text_body = s.Text(12);
  m.html_body = s.Text(13);
  m.message_id = s.Text(14);
  m.in_reply_to = s.Text(15);
  m.references = SplitRefs(s.Text(16));
  m.auto_submitted = s.Int(17) != 0;
  m.state = ParseDeliveryState(s.Text(18)).value_or(DeliveryState::kQueued);
  m.attempts = static_cast<int>(s.Int(19));
  m.next_attempt_at = FromUnix(s.Int(20));
  if (auto c = s.OptInt(21)) m.claimed_until = FromUnix(*c);
  m.last_error = s.Text(22);
  m.created_at = FromUnix(s.Int(23));
  if (auto t = s.OptInt(24)) m.sent_at = FromUnix(*t);
  m.updated_at = FromUnix(s.Int(25));
  return m;
}

inline std::optional<std::int64_t> OptUnix(const std::optional<Instant>& t) {
  return t ? std::optional<std::int64_t>(UnixSeconds(*t)) : std::nullopt;
}

// Due: queued rows whose time has come, and sending rows whose lease ran out (the node that
// claimed them died mid-send: resent with the same Message-ID). Oldest first.
inline constexpr const char* kSqlClaimOutbox =
    "SELECT id FROM mail_outbox WHERE (state = 'queued' AND next_attempt_at <= ?) OR "
    "(state = 'sending' AND claimed_until < ?) ORDER BY id LIMIT ?";

}  // namespace outbox_detail

template <typename Db>
std::optional<OutboundEmail> CommonTx<Db>::OutboxById(std::int64_t id) {
  using namespace outbox_detail;
  auto& s = db_.Prepare(std::string("SELECT ") + kOutboxCols + " FROM mail_outbox WHERE id = ?");
  s.Bind(1, id);
  std::optional<OutboundEmail> m;
  if (s.Step()) m = OutboxRow(s);
  s.Reset();
  return m;
}

template <typename Db>
std::optional<OutboundEmail> CommonTx<Db>::OutboxByMessageId(std::string_view message_id) {
  using namespace outbox_detail;
  auto& s = db_.Prepare(std::string("SELECT ") + kOutboxCols + " FROM mail_outbox WHERE message_id = ?");
  s.Bind(1, message_id);
  std::optional<OutboundEmail> m;
  if (s.Step()) m = OutboxRow(s);
  s.Reset();
  return m;
}

template <typename Db>
app::Page<OutboundEmail> CommonTx<Db>::ListOutbox(const app::OutboxFilter& f, const app::PageRequest& p) {
  using namespace outbox_detail;
  Conds w;
  if (f.ticket_id) w.Add("ticket_id = ?", {*f.ticket_id});
  if (f.state) w.Add("state = ?", {std::string(DeliveryStateName(*f.state))});
  if (f.recipient_user_id) w.Add("recipient_user_id = ?", {*f.recipient_user_id});
  return detail::Paged<OutboundEmail>(db_, kOutboxCols, "mail_outbox", std::move(w), p,
                                      [](const auto& s) { return OutboxRow(s); });
}

template <typename Db>
std::optional<Instant> CommonTx<Db>::NextOutboxDue() {
  auto& s = db_.Prepare(
      "SELECT min(CASE WHEN state = 'queued' THEN next_attempt_at ELSE claimed_until END) FROM mail_outbox "
      "WHERE state IN ('queued', 'sending')");
  std::optional<Instant> due;
  if (s.Step())
    if (auto v = s.OptInt(0)) due = FromUnix(*v);
  s.Reset();
  return due;
}

template <typename Db>
std::int64_t CommonTx<Db>::OutboxToAddressSince(std::string_view address, std::string_view kind, Instant since) {
  auto& s = db_.Prepare("SELECT count(*) FROM mail_outbox WHERE to_address = ? AND kind = ? AND created_at >= ?");
  s.Bind(1, address).Bind(2, kind).Bind(3, UnixSeconds(since));
  std::int64_t n = 0;
  if (s.Step()) n = s.Int(0);
  s.Reset();
  return n;
}

template <typename Db>
void CommonTx<Db>::InsertOutbox(OutboundEmail& m) {
  using namespace outbox_detail;
  auto& s = db_.Prepare(
      "INSERT INTO mail_outbox (ticket_id, audit_id, kind, recipient_user_id, to_address, to_name, from_address, "
      "from_name, reply_to, locale, subject, text_body, html_body, message_id, in_reply_to, refs, auto_submitted, "
      "state, attempts, next_attempt_at, claimed_until, last_error, created_at, sent_at, updated_at) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
  s.Bind(1, m.ticket_id).Bind(2, m.audit_id).Bind(3, m.kind).Bind(4, m.recipient_user_id).Bind(5, m.to_address);
  s.Bind(6, m.to_name).Bind(7, m.from_address).Bind(8, m.from_name).Bind(9, m.reply_to).Bind(10, m.locale);
  s.Bind(11, m.subject).Bind(12, m.text_body).Bind(13, m.html_body).Bind(14, m.message_id);
  s.Bind(15, m.in_reply_to).Bind(16, JoinRefs(m.references)).Bind(17, m.auto_submitted);
  s.Bind(18, DeliveryStateName(m.state)).Bind(19, m.attempts).Bind(20, UnixSeconds(m.next_attempt_at));
  s.Bind(21, OptUnix(m.claimed_until)).Bind(22, m.last_error).Bind(23, UnixSeconds(m.created_at));
  s.Bind(24, OptUnix(m.sent_at)).Bind(25, UnixSeconds(m.updated_at));
  m.id = detail::ReturnedId(s);
  // The Message-ID as threading sees it: a reply naming it in In-Reply-To finds the ticket.
  auto& r = db_.Prepare(
      "INSERT INTO mail_messages (message_id, direction, ticket_id, outbox_id, from_address, subject, created_at) "
      "VALUES (?, 'out', ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING");
  r.Bind(1, m.message_id).Bind(2, m.ticket_id).Bind(3, m.id).Bind(4, m.from_address).Bind(5, m.subject);
  r.Bind(6, UnixSeconds(m.created_at));
  r.Run();
  mail_queued_ = true;
}

template <typename Db>
std::vector<OutboundEmail> CommonTx<Db>::ClaimOutbox(Instant now, Instant until, int limit) {
  using namespace outbox_detail;
  static const std::string kClaim = std::string(kSqlClaimOutbox) + std::string(Db::kSkipLocked);
  auto& s = db_.Prepare(kClaim);
  s.Bind(1, UnixSeconds(now)).Bind(2, UnixSeconds(now)).Bind(3, limit);
  std::vector<std::int64_t> ids;
  while (s.Step()) ids.push_back(s.Int(0));
  s.Reset();
  std::vector<OutboundEmail> out;
  for (auto id : ids) {
    auto& u = db_.Prepare("UPDATE mail_outbox SET state = 'sending', claimed_until = ?, updated_at = ? WHERE id = ?");
    u.Bind(1, UnixSeconds(until)).Bind(2, UnixSeconds(now)).Bind(3, id);
    u.Run();
    if (auto m = OutboxById(id)) out.push_back(std::move(*m));
  }
  return out;
}

template <typename Db>
void CommonTx<Db>::UpdateOutboxDelivery(const OutboundEmail& m) {
  using namespace outbox_detail;
  auto& s = db_.Prepare(
      "UPDATE mail_outbox SET state = ?, attempts = ?, next_attempt_at = ?, claimed_until = ?, last_error = ?, "
      "sent_at = ?, updated_at = ? WHERE id = ?");
  s.Bind(1, DeliveryStateName(m.state)).Bind(2, m.attempts).Bind(3, UnixSeconds(m.next_attempt_at));
  s.Bind(4, OptUnix(m.claimed_until)).Bind(5, m.last_error).Bind(6, OptUnix(m.sent_at));
  s.Bind(7, UnixSeconds(m.updated_at)).Bind(8, m.id);
  s.Run();
}

template <typename Db>
void CommonTx<Db>::ClearOutboxBodies(std::int64_t id) {
  auto& s = db_.Prepare("UPDATE mail_outbox SET text_body = '', html_body = '' WHERE id = ?");
  s.Bind(1, id);
  s.Run();
}

}  // namespace chamado::sql
