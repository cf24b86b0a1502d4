#pragma once
// CommonTx's inbound mail queries (app/ports.hpp, "mail in"), for both stores. Tables
// mail_messages (every Message-ID we sent or received, with the rule that placed each inbound
// one) and suspended_tickets (sqlite 0010_mail.sql, postgres 0012_mail.sql); docs/email.md.
#include "adapters/sql/common_tx.hpp"

namespace chamado::sql {
namespace mail_in_detail {

inline constexpr const char* kMessageCols =
    "id, message_id, direction, ticket_id, comment_id, outbox_id, from_address, subject, thread_index, rule, "
    "detail, created_at";

template <typename S>
app::MailMessageRecord MessageRow(const S& s) {
  app::MailMessageRecord r;
  r.id = s.Int(0);
  r.message_id = s.Text(1);
  r.direction = s.Text(2);
  r.ticket_id = s.OptInt(3);
  r.comment_id = s.OptInt(4);
  r.outbox_id = s.OptInt(5);
  r.from_address = s.Text(6);
  r.subject = s.Text(7);
  r.thread_index = s.Text(8);
  r.rule = s.Text(9);
  r.detail = s.Text(10);
  r.created_at = FromUnix(s.Int(11));
  return r;
}

inline constexpr const char* kSuspendedCols =
    "id, subject, author_email, author_name, cause, message_id, raw_sha256, raw_size, recipient, created_at";

template <typename S>
app::SuspendedTicket SuspendedRow(const S& s) {
  app::SuspendedTicket t;
  t.id = s.Int(0);
  t.subject = s.Text(1);
  t.author_email = s.Text(2);
  t.author_name = s.Text(3);
  t.cause = s.Text(4);
  t.message_id = s.Text(5);
  t.raw_sha256 = s.Text(6);
  t.raw_size = s.Int(7);
  t.recipient = s.Text(8);
  t.created_at = FromUnix(s.Int(9));
  return t;
}

}  // namespace mail_in_detail

template <typename Db>
std::vector<app::MailMessageRecord> CommonTx<Db>::MailMessagesByIds(const std::vector<std::string>& message_ids) {
  std::vector<app::MailMessageRecord> out;
  // In slices: a References header can name hundreds of messages.
  constexpr std::size_t kSlice = 100;
  for (std::size_t from = 0; from < message_ids.size(); from += kSlice) {
    const std::size_t n = std::min(kSlice, message_ids.size() - from);
    auto& s = db_.Prepare(std::string("SELECT ") + mail_in_detail::kMessageCols +
                          " FROM mail_messages WHERE message_id IN " + InList(n));
    for (std::size_t i = 0; i < n; ++i) s.Bind(static_cast<int>(i + 1), message_ids[from + i]);
    while (s.Step()) out.push_back(mail_in_detail::MessageRow(s));
    s.Reset();
  }
  return out;
}

template <typename Db>
std::optional<std::int64_t> CommonTx<Db>::TicketByThreadIndex(std::string_view conversation) {
  if (conversation.empty()) return std::nullopt;
  auto& s = db_.Prepare(
      "SELECT ticket_id FROM mail_messages WHERE thread_index = ? AND ticket_id IS NOT NULL ORDER BY id DESC "
      "LIMIT 1");
  s.Bind(1, conversation);
  std::optional<std::int64_t> id;
  if (s.Step()) id = s.Int(0);
  s.Reset();
  return id;
}

template <typename Db>
std::int64_t CommonTx<Db>::InboundFromSenderSince(std::string_view address, Instant since) {
  auto& s =
      db_.Prepare("SELECT count(*) FROM mail_messages WHERE direction = 'in' AND from_address = ? AND created_at >= ?");
  s.Bind(1, address).Bind(2, UnixSeconds(since));
  std::int64_t n = 0;
  if (s.Step()) n = s.Int(0);
  s.Reset();
  return n;
}

template <typename Db>
std::vector<app::MailMessageRecord> CommonTx<Db>::MailMessagesOfTicket(std::int64_t ticket_id) {
  auto& s = db_.Prepare(std::string("SELECT ") + mail_in_detail::kMessageCols +
                        " FROM mail_messages WHERE ticket_id = ? ORDER BY id");
  s.Bind(1, ticket_id);
  std::vector<app::MailMessageRecord> out;
  while (s.Step()) out.push_back(mail_in_detail::MessageRow(s));
  s.Reset();
  return out;
}

template <typename Db>
std::optional<app::SuspendedTicket> CommonTx<Db>::SuspendedTicketById(std::int64_t id) {
  auto& s =
      db_.Prepare(std::string("SELECT ") + mail_in_detail::kSuspendedCols + " FROM suspended_tickets WHERE id = ?");
  s.Bind(1, id);
  std::optional<app::SuspendedTicket> t;
  if (s.Step()) t = mail_in_detail::SuspendedRow(s);
  s.Reset();
  return t;
}

template <typename Db>
app::Page<app::SuspendedTicket> CommonTx<Db>::ListSuspendedTickets(const app::PageRequest& p) {
  return Paged<app::SuspendedTicket>(db_, mail_in_detail::kSuspendedCols, "suspended_tickets", Where{}, p,
                                     [](const auto& s) { return mail_in_detail::SuspendedRow(s); });
}

template <typename Db>
bool CommonTx<Db>::InsertMailMessage(app::MailMessageRecord& r) {
  // ON CONFLICT DO NOTHING: the same message delivered twice (or by two nodes at once) is
  // stored once; the second insert returns no row.
  auto& s = db_.Prepare(
      "INSERT INTO mail_messages (message_id, direction, ticket_id, comment_id, outbox_id, from_address, subject, "
      "thread_index, rule, detail, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (message_id) DO NOTHING "
      "RETURNING id");
  s.Bind(1, r.message_id).Bind(2, r.direction).Bind(3, r.ticket_id).Bind(4, r.comment_id).Bind(5, r.outbox_id);
  s.Bind(6, r.from_address).Bind(7, r.subject).Bind(8, r.thread_index).Bind(9, r.rule).Bind(10, r.detail);
  s.Bind(11, UnixSeconds(r.created_at));
  const bool inserted = s.Step();
  if (inserted) r.id = s.Int(0);
  s.Reset();
  return inserted;
}

template <typename Db>
void CommonTx<Db>::UpdateMailMessage(const app::MailMessageRecord& r) {
  auto& s = db_.Prepare("UPDATE mail_messages SET ticket_id = ?, comment_id = ?, rule = ?, detail = ? WHERE id = ?");
  s.Bind(1, r.ticket_id).Bind(2, r.comment_id).Bind(3, r.rule).Bind(4, r.detail).Bind(5, r.id);
  s.Run();
}

template <typename Db>
void CommonTx<Db>::InsertSuspendedTicket(app::SuspendedTicket& t) {
  auto& s = db_.Prepare(
      "INSERT INTO suspended_tickets (subject, author_email, author_name, cause, message_id, raw_sha256, raw_size, "
      "recipient, created_at) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id");
  s.Bind(1, t.subject).Bind(2, t.author_email).Bind(3, t.author_name).Bind(4, t.cause).Bind(5, t.message_id);
  s.Bind(6, t.raw_sha256).Bind(7, t.raw_size).Bind(8, t.recipient).Bind(9, UnixSeconds(t.created_at));
  t.id = ReturnedId(s);
}

template <typename Db>
void CommonTx<Db>::DeleteSuspendedTicket(std::int64_t id) {
  auto& s = db_.Prepare("DELETE FROM suspended_tickets WHERE id = ?");
  s.Bind(1, id);
  s.Run();
}

}  // namespace chamado::sql
