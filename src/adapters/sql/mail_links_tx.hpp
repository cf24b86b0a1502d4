#pragma once
// CommonTx's e-mail link queries (app/ports.hpp, "mail links"), for both stores. Table
// mail_links (sqlite 0010_mail.sql, postgres 0012_mail.sql): the store keeps only the SHA-256
// of a link's token.
#include "adapters/sql/common_tx.hpp"

namespace chamado::sql {
namespace mail_links_detail {

inline constexpr const char* kLinkCols =
    "id, token_sha256, purpose, ticket_id, user_id, expires_at, used_at, used_action, created_at";

template <typename S>
app::MailLink LinkRow(const S& s) {
  app::MailLink l;
  l.id = s.Int(0);
  l.token_sha256 = s.Text(1);
  l.purpose = s.Text(2);
  l.ticket_id = s.Int(3);
  l.user_id = s.Int(4);
  l.expires_at = FromUnix(s.Int(5));
  if (auto u = s.OptInt(6)) l.used_at = FromUnix(*u);
  l.used_action = s.Text(7);
  l.created_at = FromUnix(s.Int(8));
  return l;
}

}  // namespace mail_links_detail

template <typename Db>
std::optional<app::MailLink> CommonTx<Db>::MailLinkByHash(std::string_view token_sha256) {
  using namespace mail_links_detail;
  auto& s = db_.Prepare(std::string("SELECT ") + kLinkCols + " FROM mail_links WHERE token_sha256 = ?");
  s.Bind(1, token_sha256);
  std::optional<app::MailLink> r;
  if (s.Step()) r = LinkRow(s);
  s.Reset();
  return r;
}

template <typename Db>
void CommonTx<Db>::InsertMailLink(app::MailLink& l) {
  auto& s = db_.Prepare(
      "INSERT INTO mail_links (token_sha256, purpose, ticket_id, user_id, expires_at, used_at, used_action, "
      "created_at) VALUES (?,?,?,?,?,?,?,?) RETURNING id");
  std::optional<std::int64_t> used;
  if (l.used_at) used = UnixSeconds(*l.used_at);
  s.Bind(1, l.token_sha256).Bind(2, l.purpose).Bind(3, l.ticket_id).Bind(4, l.user_id);
  s.Bind(5, UnixSeconds(l.expires_at)).Bind(6, used).Bind(7, l.used_action).Bind(8, UnixSeconds(l.created_at));
  l.id = detail::ReturnedId(s);
}

template <typename Db>
bool CommonTx<Db>::UseMailLink(std::int64_t id, Instant at, std::string_view action) {
  // "used_at IS NULL" makes the second of two concurrent uses change nothing.
  auto& s = db_.Prepare("UPDATE mail_links SET used_at = ?, used_action = ? WHERE id = ? AND used_at IS NULL");
  s.Bind(1, UnixSeconds(at)).Bind(2, action).Bind(3, id);
  s.Run();
  return db_.Changes() > 0;
}

}  // namespace chamado::sql
