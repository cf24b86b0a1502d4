#pragma once
// The named queries both SQL stores share, written once: every app::WriteTx method but
// SearchTickets, which each dialect implements (sqlite/tx_search.cpp, postgres/tx_search.cpp).
// `Db` is sqlite::Db or postgres::Db; both offer the same Prepare/Bind/Step/Run/Reset API,
// take `?` placeholders and provide Changes(), kILike (case-insensitive LIKE) and kSkipLocked
// (the claim's row locking: " FOR UPDATE SKIP LOCKED" on PostgreSQL, "" on SQLite, whose one
// writer needs none). New ids come back through INSERT ... RETURNING id, which both dialects
// support; so does the upsert INSERT ... ON CONFLICT (cols) WHERE <partial index> DO UPDATE.
// PostgreSQL caches users, API tokens and ticket fields on each node (postgres/tx.hpp):
// a new method writing users, api_tokens, ticket_fields or their options must be listed
// there too, or other nodes keep the old rows.
#include <algorithm>
#include <limits>
#include <string>
#include <variant>
#include <vector>

#include "adapters/sql/json_columns.hpp"
#include "adapters/sql/query_text.hpp"
#include "adapters/sql/rows.hpp"
#include "app/ports.hpp"

namespace chamado::sql {

template <typename Db>
class CommonTx : public app::WriteTx {
 public:
  // `writing`: inside a write transaction, a ticket read locks its row (Db::kForUpdate),
  // so two nodes changing one ticket take turns instead of one failing its version check.
  explicit CommonTx(Db& db, bool writing = false) : db_(db), writing_(writing) {}

  std::optional<User> UserById(std::int64_t id) override;
  std::optional<User> UserByEmail(std::string_view email) override;
  std::vector<User> UsersByIds(const std::vector<std::int64_t>& ids) override;
  app::Page<User> ListUsers(const app::UserFilter& f, const app::PageRequest& p) override;
  std::vector<Identity> IdentitiesOf(std::int64_t user_id) override;
  std::optional<std::int64_t> UserIdByTokenHash(std::string_view sha256_hex) override;
  std::optional<std::string> PasswordHashOf(std::int64_t user_id) override;
  std::optional<Group> GroupById(std::int64_t id) override;
  app::Page<Group> ListGroups(const app::PageRequest& p) override;
  std::optional<GroupMembership> MembershipById(std::int64_t id) override;
  app::Page<GroupMembership> ListMemberships(std::optional<std::int64_t> user_id, std::optional<std::int64_t> group_id,
                                             const app::PageRequest& p) override;
  std::optional<Organization> OrganizationById(std::int64_t id) override;
  app::Page<Organization> ListOrganizations(const app::PageRequest& p) override;
  std::optional<Ticket> TicketById(std::int64_t id) override;
  std::vector<Ticket> TicketsByIds(const std::vector<std::int64_t>& ids) override;
  app::Page<Ticket> ListTickets(const app::TicketFilter& f, const app::PageRequest& p) override;
  app::Page<Comment> CommentsOf(std::int64_t ticket_id, bool public_only, const app::PageRequest& p) override;
  std::int64_t CommentCount(std::int64_t ticket_id) override;
  app::Page<Audit> AuditsOf(std::int64_t ticket_id, const app::PageRequest& p) override;
  std::vector<Comment> CommentsByIds(const std::vector<std::int64_t>& ids) override;
  std::vector<Ticket> TicketsChangedSince(Instant since, std::int64_t after_id, std::int64_t limit) override;
  std::vector<app::TicketField> ListTicketFields() override;
  std::optional<app::TicketField> TicketFieldById(std::int64_t id) override;
  std::vector<Timer> TimersOf(std::int64_t ticket_id) override;
  std::optional<Instant> NextTimerDue() override;                                                   // timer scheduling
  std::int64_t PendingDueTimers(Instant now) override;                                              // timer scheduling
  std::vector<std::int64_t> IncidentCounts(const std::vector<std::int64_t>& problem_ids) override;  // escalation

  void InsertUser(User& u) override;
  void UpdateUser(const User& u) override;
  void SetPasswordHash(std::int64_t user_id, std::string_view hash) override;
  void InsertToken(app::ApiToken& t, std::string_view sha256_hex) override;
  void InsertGroup(Group& g) override;
  void UpdateGroup(const Group& g) override;
  void DeleteGroup(std::int64_t id) override;
  void InsertMembership(GroupMembership& m) override;
  void DeleteMembership(std::int64_t id) override;
  void InsertOrganization(Organization& o) override;
  void UpdateOrganization(const Organization& o) override;
  void InsertTicket(Ticket& t) override;
  bool UpdateTicket(const Ticket& t, std::int64_t expected_version) override;
  void InsertAudit(Audit& a) override;
  void InsertComment(Comment& c) override;
  void InsertTicketField(app::TicketField& f) override;
  void UpdateTicketField(const app::TicketField& f) override;
  void ScheduleTimer(Timer& t) override;
  void CancelTimers(std::int64_t ticket_id, std::string_view kind) override;
  std::vector<Timer> ClaimDueTimers(Instant now, int limit) override;
  bool MarkTimerFired(std::int64_t id, Instant at, std::string_view by, std::string_view outcome) override;
  // ---- attachments (defined in attachments_tx.hpp)
  std::optional<Upload> UploadByToken(std::string_view token) override;
  std::vector<Attachment> AttachmentsOfUpload(std::string_view token) override;
  std::optional<Attachment> AttachmentById(std::int64_t id) override;
  std::vector<Attachment> AttachmentsOfComments(const std::vector<std::int64_t>& comment_ids) override;
  std::int64_t AttachmentsWithBlob(std::string_view sha256) override;
  std::vector<Upload> ExpiredUploads(Instant now, int limit) override;
  void InsertUpload(Upload& u) override;
  void InsertAttachment(Attachment& a) override;
  std::int64_t AttachUpload(std::string_view token, std::int64_t ticket_id, std::int64_t comment_id) override;
  void DeleteUpload(std::string_view token) override;
  void RedactAttachment(std::int64_t id) override;
  std::int64_t CopyAttachments(std::int64_t from_comment_id, std::int64_t to_comment_id,
                               std::int64_t to_ticket_id) override;
  void LockBlob(std::string_view sha256, std::int64_t size, Instant now) override;
  void ForgetBlob(std::string_view sha256) override;
  // ---- satisfaction and redaction (defined in satisfaction_tx.hpp)
  std::optional<SatisfactionRating> SatisfactionRatingById(std::int64_t id) override;
  std::optional<SatisfactionRating> SatisfactionRatingOfTicket(std::int64_t ticket_id) override;
  app::Page<SatisfactionRating> ListSatisfactionRatings(const app::SatisfactionFilter& f,
                                                        const app::PageRequest& p) override;
  std::vector<app::SatisfactionTally> SatisfactionReport(const app::SatisfactionFilter& f,
                                                         app::SatisfactionGroupBy by) override;
  void InsertSatisfactionRating(SatisfactionRating& r) override;
  void UpdateSatisfactionRating(const SatisfactionRating& r) override;
  void UpdateCommentBody(std::int64_t comment_id, std::string_view body, std::string_view html_body) override;
  void UpdateEventValues(std::int64_t event_id, std::string_view value, std::string_view previous_value) override;
  // ---- merges (defined in merge_tx.hpp)
  std::vector<MergeRecord> ListMerges(const app::MergeFilter& f) override;
  void LockUser(std::int64_t id) override;
  void InsertMerge(MergeRecord& m) override;
  void UndoMerge(std::int64_t id, Instant at, std::int64_t by) override;
  // ---- sla (defined in sla_tx.hpp)
  std::vector<SlaPolicy> ListSlaPolicies() override;
  std::optional<SlaPolicy> SlaPolicyById(std::int64_t id) override;
  std::vector<app::TicketSla> TicketSlasOf(const std::vector<std::int64_t>& ticket_ids) override;
  std::vector<std::int64_t> TicketIdsUnderSlaPolicy(std::int64_t policy_id) override;
  app::Page<Ticket> ListTicketsByNextBreach(const app::TicketFilter& f, const app::PageRequest& p) override;
  void InsertSlaPolicy(SlaPolicy& p) override;
  void UpdateSlaPolicy(const SlaPolicy& p) override;
  void DeleteSlaPolicy(std::int64_t id) override;
  void ReplaceTicketSlas(std::int64_t ticket_id, const std::vector<app::TicketSla>& rows,
                         std::optional<Instant> next_breach) override;
  // ---- schedules (defined in schedules_tx.hpp)
  std::vector<Schedule> ListSchedules() override;
  std::optional<Schedule> ScheduleById(std::int64_t id) override;
  std::vector<ScheduleHoliday> HolidaysOfSchedule(std::int64_t schedule_id) override;
  std::optional<Schedule> ScheduleForGroup(std::optional<std::int64_t> group_id) override;
  std::vector<std::int64_t> GroupsUsingSchedule(std::int64_t schedule_id) override;
  void InsertSchedule(Schedule& s) override;
  void UpdateSchedule(const Schedule& s) override;
  void DeleteSchedule(std::int64_t id) override;
  void InsertScheduleHoliday(ScheduleHoliday& h) override;
  void UpdateScheduleHoliday(const ScheduleHoliday& h) override;
  void DeleteScheduleHoliday(std::int64_t id) override;
  // ---- mail outbox (defined in outbox_tx.hpp)
  std::optional<OutboundEmail> OutboxById(std::int64_t id) override;
  std::optional<OutboundEmail> OutboxByMessageId(std::string_view message_id) override;
  app::Page<OutboundEmail> ListOutbox(const app::OutboxFilter& f, const app::PageRequest& p) override;
  std::optional<Instant> NextOutboxDue() override;
  std::int64_t OutboxToAddressSince(std::string_view address, std::string_view kind, Instant since) override;
  void InsertOutbox(OutboundEmail& m) override;
  std::vector<OutboundEmail> ClaimOutbox(Instant now, Instant until, int limit) override;
  void UpdateOutboxDelivery(const OutboundEmail& m) override;
  void ClearOutboxBodies(std::int64_t id) override;
  // ---- mail in (defined in mail_in_tx.hpp)
  std::vector<app::MailMessageRecord> MailMessagesByIds(const std::vector<std::string>& message_ids) override;
  std::optional<std::int64_t> TicketByThreadIndex(std::string_view conversation) override;
  std::int64_t InboundFromSenderSince(std::string_view address, Instant since) override;
  std::vector<app::MailMessageRecord> MailMessagesOfTicket(std::int64_t ticket_id) override;
  std::optional<app::SuspendedTicket> SuspendedTicketById(std::int64_t id) override;
  app::Page<app::SuspendedTicket> ListSuspendedTickets(const app::PageRequest& p) override;
  bool InsertMailMessage(app::MailMessageRecord& r) override;
  void UpdateMailMessage(const app::MailMessageRecord& r) override;
  void InsertSuspendedTicket(app::SuspendedTicket& s) override;
  void DeleteSuspendedTicket(std::int64_t id) override;
  // ---- mail links (defined in mail_links_tx.hpp)
  std::optional<app::MailLink> MailLinkByHash(std::string_view token_sha256) override;
  void InsertMailLink(app::MailLink& l) override;
  bool UseMailLink(std::int64_t id, Instant at, std::string_view action) override;
  // ---- accounts (issue 8; defined in accounts_tx.hpp)
  std::optional<app::Session> SessionByHash(std::string_view token_sha256) override;
  std::vector<app::Session> SessionsOf(std::int64_t user_id) override;
  std::optional<app::AccountToken> AccountTokenByHash(std::string_view token_sha256) override;
  std::vector<app::ApiToken> ListApiTokens(std::optional<std::int64_t> user_id) override;
  std::optional<app::ApiToken> ApiTokenById(std::int64_t id) override;
  std::optional<User> UserByExternalId(std::string_view external_id) override;
  app::AttemptCount CountAttemptsByEmail(const std::vector<std::string>& kinds, std::string_view email,
                                         Instant since) override;
  app::AttemptCount CountAttemptsByIp(const std::vector<std::string>& kinds, std::string_view ip,
                                      Instant since) override;
  app::Page<app::AuthEvent> ListAuthEvents(const app::AuthEventFilter& f, const app::PageRequest& p) override;
  std::vector<app::AuthEvent> PendingAuthEvents(std::string_view kind, int limit) override;
  bool SettlePendingAuthEvent(std::int64_t id, std::string_view detail, std::optional<std::int64_t> user_id) override;
  std::vector<std::int64_t> TicketIdsTouchedBy(std::int64_t user_id) override;
  void InsertSession(app::Session& s) override;
  void TouchSession(std::int64_t id, Instant at) override;
  void DeleteSession(std::int64_t id) override;
  std::int64_t DeleteSessionsOf(std::int64_t user_id, std::optional<std::int64_t> keep) override;
  std::int64_t DeleteExpiredSessions(Instant idle_before, Instant created_before) override;
  void InsertAccountToken(app::AccountToken& t) override;
  bool UseAccountToken(std::int64_t id, Instant at) override;
  void VoidAccountTokens(std::int64_t user_id, std::string_view purpose, Instant at) override;
  void InsertAuthEvent(app::AuthEvent& e) override;
  bool RevokeApiToken(std::int64_t id, Instant at) override;
  std::int64_t RevokeApiTokensOf(std::int64_t user_id, Instant at) override;
  void RecordApiTokenUse(std::string_view token_sha256, std::string_view ip, Instant at,
                         std::chrono::seconds min_gap) override;
  bool RememberJwtId(std::string_view jti, Instant at, Instant forget_before) override;
  void SetPasswordHashAndVerify(std::int64_t user_id, std::string_view hash) override;
  std::vector<std::string> EraseUserIdentity(std::int64_t user_id, std::string_view erased_name, Instant at) override;

  // ---- mail outbox: whether this transaction queued mail (InsertOutbox), for the store to
  // wake the outbox worker once it has committed.
  bool mail_queued() const { return mail_queued_; }

  // ---- timer scheduling: the earliest due_at this transaction scheduled (ScheduleTimer), for
  // the store to wake the scheduler once it has committed.
  std::optional<Instant> earliest_timer_scheduled() const { return earliest_timer_scheduled_; }

 protected:
  Db& db_;
  const bool writing_;
  std::optional<Instant> earliest_timer_scheduled_;  // timer scheduling
  bool mail_queued_ = false;                         // mail outbox
  // ---- accounts: the hashes of the API tokens this transaction revoked (RevokeApiToken,
  // RevokeApiTokensOf, EraseUserIdentity), for PostgreSQL to drop from every node's cache.
  std::vector<std::string> revoked_token_hashes_;

 private:
  void WriteCcs(const Ticket& t);
  void WriteOptions(const app::TicketField& f);
};

namespace detail {

using namespace rows;

// A filtered list query: fixed SQL fragments joined with AND, values always bound.
using Where = Conds;

// Runs a paged query over `table` with `columns`, keyset on `id` (cursor) or offset.
template <typename T, typename Db, typename RowFn>
app::Page<T> Paged(Db& db, const std::string& columns, const std::string& table, Where w, const app::PageRequest& p,
                   RowFn row) {
  app::Page<T> page;
  if (p.want_count && !p.after_id && !p.before_id) {
    auto& c = db.Prepare("SELECT count(*) FROM " + table + w.WhereClause());
    BindAll(c, w.params);
    if (c.Step()) page.count = c.Int(0);
    c.Reset();
  }
  bool desc = p.descending;
  bool backwards = false;  // walking to the previous page: reverse order, then flip
  if (p.after_id) w.Add(desc ? "id < ?" : "id > ?", {*p.after_id});
  if (p.before_id) {
    w.Add(desc ? "id > ?" : "id < ?", {*p.before_id});
    backwards = true;
  }
  const bool order_desc = desc != backwards;
  std::string sql = "SELECT " + columns + " FROM " + table + w.WhereClause() + " ORDER BY id " +
                    (order_desc ? "DESC" : "ASC") + " LIMIT ? OFFSET ?";
  auto& st = db.Prepare(sql);
  BindAll(st, w.params);
  const int n = static_cast<int>(w.params.size());
  st.Bind(n + 1, p.limit + 1);
  st.Bind(n + 2, (p.after_id || p.before_id) ? std::int64_t{0} : p.offset);
  while (st.Step()) page.items.push_back(row(st));
  st.Reset();
  if (static_cast<std::int64_t>(page.items.size()) > p.limit) {
    page.has_more = true;
    page.items.pop_back();
  }
  if (backwards) std::reverse(page.items.begin(), page.items.end());
  return page;
}

inline std::string InList(std::size_t n) {
  std::string s = "(";
  for (std::size_t i = 0; i < n; ++i) s += i ? ",?" : "?";
  return s + ")";
}

// The id of the row an INSERT ... RETURNING id statement made.
template <typename S>
std::int64_t ReturnedId(S& s) {
  s.Step();
  const std::int64_t id = s.Int(0);
  s.Reset();
  return id;
}

inline std::optional<std::string> TypeText(const Ticket& t) {
  return t.type ? std::optional<std::string>(TicketTypeName(*t.type)) : std::nullopt;
}
inline std::optional<std::string> PriorityText(const Ticket& t) {
  return t.priority ? std::optional<std::string>(PriorityName(*t.priority)) : std::nullopt;
}
inline std::optional<std::int64_t> DueText(const Ticket& t) {
  return t.due_at ? std::optional<std::int64_t>(UnixSeconds(*t.due_at)) : std::nullopt;
}

// ---- named queries
inline constexpr const char* kSqlCountAudits = "SELECT count(*) FROM audits WHERE ticket_id = ?";
// Audit pages walk by id one way or the other: (id > ? ascending) or (id < ? descending).
inline constexpr const char* kSqlAuditsUp =
    "SELECT id, ticket_id, author_id, via_channel, created_at FROM audits WHERE ticket_id = ? AND id > ? "
    "ORDER BY id ASC LIMIT ? OFFSET ?";
inline constexpr const char* kSqlAuditsDown =
    "SELECT id, ticket_id, author_id, via_channel, created_at FROM audits WHERE ticket_id = ? AND id < ? "
    "ORDER BY id DESC LIMIT ? OFFSET ?";
inline constexpr const char* kSqlEventsOfAudit =
    "SELECT id, type, field_name, value, previous_value, comment_id FROM events WHERE audit_id = ? ORDER BY id";

// Keyset on the tickets_updated (updated_at, id) index; no sort step.
inline constexpr const char* kSqlTicketIdsChangedSince =
    "SELECT id FROM tickets WHERE (updated_at, id) > (?, ?) ORDER BY updated_at, id LIMIT ?";

// ---- timers
// One pending timer per (ticket, kind): the partial unique index timers_one_pending.
inline constexpr const char* kSqlScheduleTimer =
    "INSERT INTO timers (ticket_id, kind, from_status_id, to_status_id, due_at, created_at) VALUES (?,?,?,?,?,?) "
    "ON CONFLICT (ticket_id, kind) WHERE fired_at IS NULL DO UPDATE SET from_status_id = excluded.from_status_id, "
    "to_status_id = excluded.to_status_id, due_at = excluded.due_at, created_at = excluded.created_at RETURNING id";
inline constexpr const char* kSqlCancelTimers =
    "DELETE FROM timers WHERE ticket_id = ? AND kind = ? AND fired_at IS NULL";
// The join locks each claimed timer's ticket row too (Db::kSkipLocked applies to both), so a
// claim never waits on a ticket another transaction is changing (it takes that timer at a later
// poll) and the firing never waits while holding a timer that transaction may want to cancel.
inline constexpr const char* kSqlClaimDueTimers =
    "SELECT t.id, t.ticket_id, t.kind, t.from_status_id, t.to_status_id, t.due_at, t.created_at, t.fired_at, "
    "t.fired_by, t.outcome FROM timers t JOIN tickets k ON k.id = t.ticket_id "
    "WHERE t.fired_at IS NULL AND t.due_at <= ? ORDER BY t.due_at, t.id LIMIT ?";
inline constexpr const char* kSqlMarkTimerFired =
    "UPDATE timers SET fired_at = ?, fired_by = ?, outcome = ? WHERE id = ? AND fired_at IS NULL";

}  // namespace detail

using namespace detail;

// ------------------------------------------------------------------ users

template <typename Db>
std::optional<User> CommonTx<Db>::UserById(std::int64_t id) {
  auto& s = db_.Prepare(std::string("SELECT ") + kUserCols + " FROM users WHERE id = ?");
  s.Bind(1, id);
  std::optional<User> u;
  if (s.Step()) u = UserRow(s);
  s.Reset();
  return u;
}

template <typename Db>
std::optional<User> CommonTx<Db>::UserByEmail(std::string_view email) {
  auto& s = db_.Prepare(std::string("SELECT ") + kUserCols + " FROM users WHERE email = ?");
  s.Bind(1, email);
  std::optional<User> u;
  if (s.Step()) u = UserRow(s);
  s.Reset();
  return u;
}

template <typename Db>
std::vector<User> CommonTx<Db>::UsersByIds(const std::vector<std::int64_t>& ids) {
  std::vector<User> out;
  for (auto id : ids)
    if (auto u = UserById(id)) out.push_back(std::move(*u));
  return out;
}

template <typename Db>
app::Page<User> CommonTx<Db>::ListUsers(const app::UserFilter& f, const app::PageRequest& p) {
  Where w;
  if (!f.roles.empty()) {
    std::vector<Param> ps;
    for (auto r : f.roles) ps.emplace_back(std::string(RoleName(r)));
    w.Add("role IN " + InList(ps.size()), ps);
  }
  if (f.organization_id) w.Add("organization_id = ?", {*f.organization_id});
  if (f.group_id) w.Add("id IN (SELECT user_id FROM group_memberships WHERE group_id = ?)", {*f.group_id});
  if (!f.text.empty()) {
    std::string like = "%" + f.text + "%";
    w.Add(std::string("(name ") + std::string(Db::kILike) + " ? OR email " + std::string(Db::kILike) + " ?)",
          {like, like});
  }
  return Paged<User>(db_, kUserCols, "users", w, p, [](const auto& s) { return UserRow(s); });
}

template <typename Db>
std::vector<Identity> CommonTx<Db>::IdentitiesOf(std::int64_t user_id) {
  auto& s = db_.Prepare(
      "SELECT id, user_id, type, value, verified, is_primary, created_at FROM user_identities WHERE user_id = ? "
      "ORDER BY id");
  s.Bind(1, user_id);
  std::vector<Identity> out;
  while (s.Step())
    out.push_back(Identity{s.Int(0), s.Int(1), s.Text(2), s.Text(3), s.Int(4) != 0, s.Int(5) != 0, FromUnix(s.Int(6))});
  s.Reset();
  return out;
}

template <typename Db>
std::optional<std::int64_t> CommonTx<Db>::UserIdByTokenHash(std::string_view sha256_hex) {
  auto& s = db_.Prepare("SELECT user_id FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL");
  s.Bind(1, sha256_hex);
  std::optional<std::int64_t> id;
  if (s.Step()) id = s.Int(0);
  s.Reset();
  return id;
}

template <typename Db>
std::optional<std::string> CommonTx<Db>::PasswordHashOf(std::int64_t user_id) {
  auto& s = db_.Prepare("SELECT password_hash FROM users WHERE id = ?");
  s.Bind(1, user_id);
  std::optional<std::string> h;
  if (s.Step()) h = s.OptText(0);
  s.Reset();
  return h;
}

template <typename Db>
void CommonTx<Db>::InsertUser(User& u) {
  auto& s = db_.Prepare(
      "INSERT INTO users (name, email, role, active, verified, suspended, organization_id, default_group_id, phone, "
      "time_zone, locale, tags, external_id, notes, created_at, updated_at, notify_email, notify_whatsapp) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
  s.Bind(1, u.name).Bind(2, u.email).Bind(3, RoleName(u.role)).Bind(4, u.active).Bind(5, u.verified);
  s.Bind(6, u.suspended).Bind(7, u.organization_id).Bind(8, u.default_group_id).Bind(9, u.phone);
  s.Bind(10, u.time_zone).Bind(11, u.locale).Bind(12, StringsToJson(u.tags)).Bind(13, u.external_id);
  s.Bind(14, u.notes).Bind(15, UnixSeconds(u.created_at)).Bind(16, UnixSeconds(u.updated_at));
  s.Bind(17, u.notify_email).Bind(18, u.notify_whatsapp);
  u.id = ReturnedId(s);
  auto& i = db_.Prepare(
      "INSERT INTO user_identities (user_id, type, value, verified, is_primary, created_at) VALUES (?, 'email', ?, ?, "
      "1, ?)");
  i.Bind(1, u.id).Bind(2, u.email).Bind(3, u.verified).Bind(4, UnixSeconds(u.created_at));
  i.Run();
}

template <typename Db>
void CommonTx<Db>::UpdateUser(const User& u) {
  auto old = UserById(u.id);
  auto& s = db_.Prepare(
      "UPDATE users SET name=?, email=?, role=?, active=?, verified=?, suspended=?, organization_id=?, "
      "default_group_id=?, phone=?, time_zone=?, locale=?, tags=?, external_id=?, notes=?, updated_at=?, "
      "notify_email=?, notify_whatsapp=? WHERE id=?");
  s.Bind(1, u.name).Bind(2, u.email).Bind(3, RoleName(u.role)).Bind(4, u.active).Bind(5, u.verified);
  s.Bind(6, u.suspended).Bind(7, u.organization_id).Bind(8, u.default_group_id).Bind(9, u.phone);
  s.Bind(10, u.time_zone).Bind(11, u.locale).Bind(12, StringsToJson(u.tags)).Bind(13, u.external_id);
  s.Bind(14, u.notes).Bind(15, UnixSeconds(u.updated_at)).Bind(16, u.notify_email).Bind(17, u.notify_whatsapp);
  s.Bind(18, u.id);
  s.Run();
  if (old && old->email != u.email) {
    auto& i = db_.Prepare("UPDATE user_identities SET value = ? WHERE user_id = ? AND type = 'email' AND value = ?");
    i.Bind(1, u.email).Bind(2, u.id).Bind(3, old->email);
    i.Run();
  }
}

template <typename Db>
void CommonTx<Db>::SetPasswordHash(std::int64_t user_id, std::string_view hash) {
  auto& s = db_.Prepare("UPDATE users SET password_hash = ? WHERE id = ?");
  s.Bind(1, hash).Bind(2, user_id);
  s.Run();
}

template <typename Db>
void CommonTx<Db>::InsertToken(app::ApiToken& t, std::string_view sha256_hex) {
  auto& s = db_.Prepare(
      "INSERT INTO api_tokens (user_id, token_hash, prefix, created_at, description) VALUES (?,?,?,?,?) RETURNING id");
  s.Bind(1, t.user_id).Bind(2, sha256_hex).Bind(3, t.prefix).Bind(4, UnixSeconds(t.created_at));
  s.Bind(5, t.description);
  t.id = ReturnedId(s);
}

// ------------------------------------------------------------------ groups, organizations

template <typename Db>
std::optional<Group> CommonTx<Db>::GroupById(std::int64_t id) {
  auto& s = db_.Prepare(std::string("SELECT ") + kGroupCols + " FROM agent_groups WHERE id = ? AND deleted = 0");
  s.Bind(1, id);
  std::optional<Group> g;
  if (s.Step()) g = GroupRow(s);
  s.Reset();
  return g;
}

template <typename Db>
app::Page<Group> CommonTx<Db>::ListGroups(const app::PageRequest& p) {
  Where w;
  w.Add("deleted = 0");
  return Paged<Group>(db_, kGroupCols, "agent_groups", w, p, [](const auto& s) { return GroupRow(s); });
}

template <typename Db>
void CommonTx<Db>::InsertGroup(Group& g) {
  auto& s = db_.Prepare(
      "INSERT INTO agent_groups (name, description, is_default, created_at, updated_at, schedule_id) VALUES "
      "(?,?,?,?,?,?) RETURNING id");
  s.Bind(1, g.name).Bind(2, g.description).Bind(3, g.is_default).Bind(4, UnixSeconds(g.created_at));
  s.Bind(5, UnixSeconds(g.updated_at)).Bind(6, g.schedule_id);
  g.id = ReturnedId(s);
}

template <typename Db>
void CommonTx<Db>::UpdateGroup(const Group& g) {
  auto& s = db_.Prepare(
      "UPDATE agent_groups SET name=?, description=?, is_default=?, updated_at=?, schedule_id=? WHERE id=?");
  s.Bind(1, g.name).Bind(2, g.description).Bind(3, g.is_default).Bind(4, UnixSeconds(g.updated_at));
  s.Bind(5, g.schedule_id).Bind(6, g.id);
  s.Run();
}

// Groups are soft-deleted: tickets keep pointing at them.
template <typename Db>
void CommonTx<Db>::DeleteGroup(std::int64_t id) {
  auto& s = db_.Prepare("UPDATE agent_groups SET deleted = 1 WHERE id = ?");
  s.Bind(1, id);
  s.Run();
  auto& m = db_.Prepare("DELETE FROM group_memberships WHERE group_id = ?");
  m.Bind(1, id);
  m.Run();
}

template <typename Db>
std::optional<GroupMembership> CommonTx<Db>::MembershipById(std::int64_t id) {
  auto& s = db_.Prepare(std::string("SELECT ") + kMembershipCols + " FROM group_memberships WHERE id = ?");
  s.Bind(1, id);
  std::optional<GroupMembership> m;
  if (s.Step()) m = MembershipRow(s);
  s.Reset();
  return m;
}

template <typename Db>
app::Page<GroupMembership> CommonTx<Db>::ListMemberships(std::optional<std::int64_t> user_id,
                                                         std::optional<std::int64_t> group_id,
                                                         const app::PageRequest& p) {
  Where w;
  if (user_id) w.Add("user_id = ?", {*user_id});
  if (group_id) w.Add("group_id = ?", {*group_id});
  return Paged<GroupMembership>(db_, kMembershipCols, "group_memberships", w, p,
                                [](const auto& s) { return MembershipRow(s); });
}

template <typename Db>
void CommonTx<Db>::InsertMembership(GroupMembership& m) {
  auto& s = db_.Prepare(
      "INSERT INTO group_memberships (user_id, group_id, is_default, created_at) VALUES (?,?,?,?) RETURNING id");
  s.Bind(1, m.user_id).Bind(2, m.group_id).Bind(3, m.is_default).Bind(4, UnixSeconds(m.created_at));
  m.id = ReturnedId(s);
}

template <typename Db>
void CommonTx<Db>::DeleteMembership(std::int64_t id) {
  auto& s = db_.Prepare("DELETE FROM group_memberships WHERE id = ?");
  s.Bind(1, id);
  s.Run();
}

template <typename Db>
std::optional<Organization> CommonTx<Db>::OrganizationById(std::int64_t id) {
  auto& s = db_.Prepare(std::string("SELECT ") + kOrgCols + " FROM organizations WHERE id = ?");
  s.Bind(1, id);
  std::optional<Organization> o;
  if (s.Step()) o = OrgRow(s);
  s.Reset();
  return o;
}

template <typename Db>
app::Page<Organization> CommonTx<Db>::ListOrganizations(const app::PageRequest& p) {
  return Paged<Organization>(db_, kOrgCols, "organizations", Where{}, p, [](const auto& s) { return OrgRow(s); });
}

template <typename Db>
void CommonTx<Db>::InsertOrganization(Organization& o) {
  auto& s = db_.Prepare(
      "INSERT INTO organizations (name, domain_names, details, notes, shared_tickets, shared_comments, tags, "
      "external_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id");
  s.Bind(1, o.name).Bind(2, StringsToJson(o.domain_names)).Bind(3, o.details).Bind(4, o.notes);
  s.Bind(5, o.shared_tickets).Bind(6, o.shared_comments).Bind(7, StringsToJson(o.tags)).Bind(8, o.external_id);
  s.Bind(9, UnixSeconds(o.created_at)).Bind(10, UnixSeconds(o.updated_at));
  o.id = ReturnedId(s);
}

template <typename Db>
void CommonTx<Db>::UpdateOrganization(const Organization& o) {
  auto& s = db_.Prepare(
      "UPDATE organizations SET name=?, domain_names=?, details=?, notes=?, shared_tickets=?, shared_comments=?, "
      "tags=?, external_id=?, updated_at=? WHERE id=?");
  s.Bind(1, o.name).Bind(2, StringsToJson(o.domain_names)).Bind(3, o.details).Bind(4, o.notes);
  s.Bind(5, o.shared_tickets).Bind(6, o.shared_comments).Bind(7, StringsToJson(o.tags)).Bind(8, o.external_id);
  s.Bind(9, UnixSeconds(o.updated_at)).Bind(10, o.id);
  s.Run();
}

// ------------------------------------------------------------------ tickets

template <typename Db>
std::optional<Ticket> CommonTx<Db>::TicketById(std::int64_t id) {
  static const std::string kRead = std::string("SELECT ") + kTicketCols + " FROM tickets WHERE id = ?";
  static const std::string kLock = kRead + std::string(Db::kForUpdate);
  auto& s = db_.Prepare(writing_ ? kLock : kRead);
  s.Bind(1, id);
  std::optional<Ticket> t;
  if (s.Step()) t = TicketRow(s);
  s.Reset();
  return t;
}

template <typename Db>
std::vector<Ticket> CommonTx<Db>::TicketsByIds(const std::vector<std::int64_t>& ids) {
  std::vector<Ticket> out;
  for (auto id : ids)
    if (auto t = TicketById(id)) out.push_back(std::move(*t));
  return out;
}

// The conditions of a ticket filter (ListTickets; ListTicketsByNextBreach in sla_tx.hpp).
inline Where TicketFilterConds(const app::TicketFilter& f) {
  Where w;
  if (f.requester_id) w.Add("requester_id = ?", {*f.requester_id});
  if (f.cc_user_id) w.Add("id IN (SELECT ticket_id FROM ticket_ccs WHERE user_id = ?)", {*f.cc_user_id});
  if (f.requester_or_cc_id)
    w.Add("(requester_id = ? OR id IN (SELECT ticket_id FROM ticket_ccs WHERE user_id = ?))",
          {*f.requester_or_cc_id, *f.requester_or_cc_id});
  if (f.assignee_id) w.Add("assignee_id = ?", {*f.assignee_id});
  if (f.group_id) w.Add("group_id = ?", {*f.group_id});
  if (f.organization_id) w.Add("organization_id = ?", {*f.organization_id});
  if (!f.custom_status_ids.empty()) {
    std::vector<Param> ps(f.custom_status_ids.begin(), f.custom_status_ids.end());
    w.Add("custom_status_id IN " + InList(ps.size()), ps);
  }
  if (f.problem_id) w.Add("problem_id = ?", {*f.problem_id});  // escalation: a problem's incidents
  return w;
}

template <typename Db>
app::Page<Ticket> CommonTx<Db>::ListTickets(const app::TicketFilter& f, const app::PageRequest& p) {
  return Paged<Ticket>(db_, kTicketCols, "tickets", TicketFilterConds(f), p,
                       [](const auto& s) { return TicketRow(s); });
}

template <typename Db>
void CommonTx<Db>::WriteCcs(const Ticket& t) {
  auto& d = db_.Prepare("DELETE FROM ticket_ccs WHERE ticket_id = ?");
  d.Bind(1, t.id);
  d.Run();
  for (auto uid : t.collaborator_ids) {
    auto& i = db_.Prepare("INSERT INTO ticket_ccs (user_id, ticket_id) VALUES (?, ?) ON CONFLICT DO NOTHING");
    i.Bind(1, uid).Bind(2, t.id);
    i.Run();
  }
}

template <typename Db>
void CommonTx<Db>::InsertTicket(Ticket& t) {
  auto& s = db_.Prepare(
      "INSERT INTO tickets (external_id, type, subject, description, priority, custom_status_id, requester_id, "
      "submitter_id, assignee_id, group_id, organization_id, problem_id, followup_source_id, collaborator_ids, "
      "follower_ids, tags, custom_fields, via_channel, due_at, is_public, created_at, updated_at, version, "
      "merged_into, escalation_not_required, satisfaction_score, satisfaction_comment, satisfaction_rating_id) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
  s.Bind(1, t.external_id).Bind(2, TypeText(t)).Bind(3, t.subject).Bind(4, t.description).Bind(5, PriorityText(t));
  s.Bind(6, t.custom_status_id).Bind(7, t.requester_id).Bind(8, t.submitter_id).Bind(9, t.assignee_id);
  s.Bind(10, t.group_id).Bind(11, t.organization_id).Bind(12, t.problem_id).Bind(13, t.followup_source_id);
  s.Bind(14, IdsToJson(t.collaborator_ids)).Bind(15, IdsToJson(t.follower_ids)).Bind(16, StringsToJson(t.tags));
  s.Bind(17, FieldsToJson(t.custom_fields)).Bind(18, t.via_channel).Bind(19, DueText(t)).Bind(20, t.is_public);
  s.Bind(21, UnixSeconds(t.created_at)).Bind(22, UnixSeconds(t.updated_at)).Bind(23, t.version);
  s.Bind(24, t.merged_into).Bind(25, t.escalation_not_required).Bind(26, t.satisfaction_score);
  s.Bind(27, t.satisfaction_comment).Bind(28, t.satisfaction_rating_id);
  t.id = ReturnedId(s);
  WriteCcs(t);
}

template <typename Db>
bool CommonTx<Db>::UpdateTicket(const Ticket& t, std::int64_t expected_version) {
  auto& s = db_.Prepare(
      "UPDATE tickets SET external_id=?, type=?, subject=?, description=?, priority=?, custom_status_id=?, "
      "requester_id=?, submitter_id=?, assignee_id=?, group_id=?, organization_id=?, problem_id=?, "
      "followup_source_id=?, collaborator_ids=?, follower_ids=?, tags=?, custom_fields=?, via_channel=?, due_at=?, "
      "is_public=?, updated_at=?, version=?, merged_into=?, escalation_not_required=?, satisfaction_score=?, "
      "satisfaction_comment=?, satisfaction_rating_id=? WHERE id=? AND version=?");
  s.Bind(1, t.external_id).Bind(2, TypeText(t)).Bind(3, t.subject).Bind(4, t.description).Bind(5, PriorityText(t));
  s.Bind(6, t.custom_status_id).Bind(7, t.requester_id).Bind(8, t.submitter_id).Bind(9, t.assignee_id);
  s.Bind(10, t.group_id).Bind(11, t.organization_id).Bind(12, t.problem_id).Bind(13, t.followup_source_id);
  s.Bind(14, IdsToJson(t.collaborator_ids)).Bind(15, IdsToJson(t.follower_ids)).Bind(16, StringsToJson(t.tags));
  s.Bind(17, FieldsToJson(t.custom_fields)).Bind(18, t.via_channel).Bind(19, DueText(t)).Bind(20, t.is_public);
  s.Bind(21, UnixSeconds(t.updated_at)).Bind(22, t.version).Bind(23, t.merged_into);
  s.Bind(24, t.escalation_not_required).Bind(25, t.satisfaction_score).Bind(26, t.satisfaction_comment);
  s.Bind(27, t.satisfaction_rating_id).Bind(28, t.id).Bind(29, expected_version);
  s.Run();
  if (db_.Changes() != 1) return false;
  WriteCcs(t);
  return true;
}

template <typename Db>
void CommonTx<Db>::InsertAudit(Audit& a) {
  auto& s =
      db_.Prepare("INSERT INTO audits (ticket_id, author_id, via_channel, created_at) VALUES (?,?,?,?) RETURNING id");
  s.Bind(1, a.ticket_id).Bind(2, a.author_id).Bind(3, a.via_channel).Bind(4, UnixSeconds(a.created_at));
  a.id = ReturnedId(s);
  for (auto& e : a.events) {
    auto& ev = db_.Prepare(
        "INSERT INTO events (audit_id, ticket_id, type, field_name, value, previous_value, comment_id) "
        "VALUES (?,?,?,?,?,?,?) RETURNING id");
    ev.Bind(1, a.id).Bind(2, a.ticket_id).Bind(3, e.type).Bind(4, e.field_name).Bind(5, e.value);
    ev.Bind(6, e.previous_value).Bind(7, e.comment_id ? std::optional<std::int64_t>(e.comment_id) : std::nullopt);
    e.id = ReturnedId(ev);
    // Only a "Comment" event is its comment's audit; others name a comment they act on
    // (a CommentRedactionEvent) without becoming its audit.
    if (e.comment_id && e.type == "Comment") {
      auto& c = db_.Prepare("UPDATE comments SET audit_id = ? WHERE id = ?");
      c.Bind(1, a.id).Bind(2, e.comment_id);
      c.Run();
    }
  }
}

template <typename Db>
void CommonTx<Db>::InsertComment(Comment& c) {
  auto& s = db_.Prepare(
      "INSERT INTO comments (ticket_id, author_id, body, html_body, is_public, via_channel, created_at) "
      "VALUES (?,?,?,?,?,?,?) RETURNING id");
  s.Bind(1, c.ticket_id).Bind(2, c.author_id).Bind(3, c.body).Bind(4, c.html_body).Bind(5, c.is_public);
  s.Bind(6, c.via_channel).Bind(7, UnixSeconds(c.created_at));
  c.id = ReturnedId(s);
}

template <typename Db>
app::Page<Comment> CommonTx<Db>::CommentsOf(std::int64_t ticket_id, bool public_only, const app::PageRequest& p) {
  Where w;
  w.Add("ticket_id = ?", {ticket_id});
  if (public_only) w.Add("is_public = 1");
  return Paged<Comment>(db_, kCommentCols, "comments", w, p, [](const auto& s) { return CommentRow(s); });
}

template <typename Db>
std::int64_t CommonTx<Db>::CommentCount(std::int64_t ticket_id) {
  auto& s = db_.Prepare("SELECT count(*) FROM comments WHERE ticket_id = ?");
  s.Bind(1, ticket_id);
  std::int64_t n = 0;
  if (s.Step()) n = s.Int(0);
  s.Reset();
  return n;
}

// ---- escalation: incident counts of problems, one grouped query (index tickets(problem_id)).
template <typename Db>
std::vector<std::int64_t> CommonTx<Db>::IncidentCounts(const std::vector<std::int64_t>& problem_ids) {
  std::vector<std::int64_t> out(problem_ids.size(), 0);
  // Chunks of at most 128 ids, each padded to a power of two by repeating its last id, so a
  // connection caches at most 8 shapes of this statement.
  constexpr std::size_t kChunk = 128;
  for (std::size_t from = 0; from < problem_ids.size(); from += kChunk) {
    const std::size_t n = std::min(kChunk, problem_ids.size() - from);
    std::size_t width = 1;
    while (width < n) width *= 2;
    std::vector<Param> ps(problem_ids.begin() + from, problem_ids.begin() + from + n);
    ps.resize(width, ps.back());
    auto& s = db_.Prepare("SELECT problem_id, count(*) FROM tickets WHERE problem_id IN " + InList(width) +
                          " GROUP BY problem_id");
    BindAll(s, ps);
    while (s.Step()) {
      const std::int64_t id = s.Int(0), count = s.Int(1);
      for (std::size_t i = 0; i < problem_ids.size(); ++i)
        if (problem_ids[i] == id) out[i] = count;
    }
    s.Reset();
  }
  return out;
}

// ------------------------------------------------------------------ ticket fields

template <typename Db>
std::vector<app::TicketField> CommonTx<Db>::ListTicketFields() {
  std::vector<app::TicketField> out;
  auto& s = db_.Prepare(std::string("SELECT ") + kFieldCols + " FROM ticket_fields ORDER BY position, id");
  while (s.Step()) out.push_back(FieldRow(s));
  s.Reset();
  for (auto& f : out) {
    auto& o = db_.Prepare(
        "SELECT id, name, value, is_default FROM ticket_field_options WHERE field_id = ? ORDER BY position, id");
    o.Bind(1, f.id);
    while (o.Step()) f.options.push_back(app::FieldOption{o.Int(0), o.Text(1), o.Text(2), o.Int(3) != 0});
    o.Reset();
  }
  return out;
}

template <typename Db>
std::optional<app::TicketField> CommonTx<Db>::TicketFieldById(std::int64_t id) {
  auto& s = db_.Prepare(std::string("SELECT ") + kFieldCols + " FROM ticket_fields WHERE id = ?");
  s.Bind(1, id);
  std::optional<app::TicketField> f;
  if (s.Step()) f = FieldRow(s);
  s.Reset();
  if (!f) return f;
  auto& o = db_.Prepare(
      "SELECT id, name, value, is_default FROM ticket_field_options WHERE field_id = ? ORDER BY position, id");
  o.Bind(1, id);
  while (o.Step()) f->options.push_back(app::FieldOption{o.Int(0), o.Text(1), o.Text(2), o.Int(3) != 0});
  o.Reset();
  return f;
}

template <typename Db>
void CommonTx<Db>::WriteOptions(const app::TicketField& f) {
  // Options keep their ids when their value stays; removed ones disappear.
  auto& d = db_.Prepare("DELETE FROM ticket_field_options WHERE field_id = ?");
  d.Bind(1, f.id);
  d.Run();
  std::int64_t pos = 0;
  for (const auto& o : f.options) {
    // A kept option keeps its id; a new one gets the next from the sequence.
    auto& i = db_.Prepare(o.id ? "INSERT INTO ticket_field_options (field_id, name, value, is_default, position, id) "
                                 "VALUES (?,?,?,?,?,?)"
                               : "INSERT INTO ticket_field_options (field_id, name, value, is_default, position) "
                                 "VALUES (?,?,?,?,?)");
    i.Bind(1, f.id).Bind(2, o.name).Bind(3, o.value).Bind(4, o.is_default).Bind(5, ++pos);
    if (o.id) i.Bind(6, o.id);
    i.Run();
  }
}

template <typename Db>
void CommonTx<Db>::InsertTicketField(app::TicketField& f) {
  auto& s = db_.Prepare(
      "INSERT INTO ticket_fields (type, key, title, description, title_in_portal, active, required, visible_in_portal, "
      "editable_in_portal, required_in_portal, system, read_only, position, created_at, updated_at) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,0,0,?,?,?) RETURNING id");
  s.Bind(1, f.type).Bind(2, f.key).Bind(3, f.title).Bind(4, f.description).Bind(5, f.title_in_portal);
  s.Bind(6, f.active).Bind(7, f.required).Bind(8, f.visible_in_portal).Bind(9, f.editable_in_portal);
  s.Bind(10, f.required_in_portal).Bind(11, f.position).Bind(12, UnixSeconds(f.created_at));
  s.Bind(13, UnixSeconds(f.updated_at));
  f.id = ReturnedId(s);
  WriteOptions(f);
  if (auto back = TicketFieldById(f.id)) f.options = back->options;
}

template <typename Db>
void CommonTx<Db>::UpdateTicketField(const app::TicketField& f) {
  auto& s = db_.Prepare(
      "UPDATE ticket_fields SET title=?, description=?, title_in_portal=?, active=?, required=?, "
      "visible_in_portal=?, editable_in_portal=?, required_in_portal=?, position=?, updated_at=? WHERE id=?");
  s.Bind(1, f.title).Bind(2, f.description).Bind(3, f.title_in_portal).Bind(4, f.active).Bind(5, f.required);
  s.Bind(6, f.visible_in_portal).Bind(7, f.editable_in_portal).Bind(8, f.required_in_portal).Bind(9, f.position);
  s.Bind(10, UnixSeconds(f.updated_at)).Bind(11, f.id);
  s.Run();
  if (!f.system) WriteOptions(f);
}

template <typename Db>
app::Page<Audit> CommonTx<Db>::AuditsOf(std::int64_t ticket_id, const app::PageRequest& p) {
  app::Page<Audit> page;
  const bool keyset = p.after_id || p.before_id;
  if (p.want_count && !keyset) {
    auto& c = db_.Prepare(kSqlCountAudits);
    c.Bind(1, ticket_id);
    if (c.Step()) page.count = c.Int(0);
    c.Reset();
  }
  // Walking back (page[before]) reads the other way, then flips the page.
  const bool backwards = p.before_id.has_value();
  const bool down = p.descending != backwards;
  std::int64_t bound = down ? std::numeric_limits<std::int64_t>::max() : 0;
  if (p.after_id) bound = *p.after_id;
  if (p.before_id) bound = *p.before_id;
  auto& st = db_.Prepare(down ? kSqlAuditsDown : kSqlAuditsUp);
  st.Bind(1, ticket_id).Bind(2, bound).Bind(3, p.limit + 1).Bind(4, keyset ? std::int64_t{0} : p.offset);
  while (st.Step()) page.items.push_back(AuditRow(st));
  st.Reset();
  if (static_cast<std::int64_t>(page.items.size()) > p.limit) {
    page.has_more = true;
    page.items.pop_back();
  }
  if (backwards) std::reverse(page.items.begin(), page.items.end());
  for (auto& a : page.items) {
    auto& ev = db_.Prepare(kSqlEventsOfAudit);
    ev.Bind(1, a.id);
    while (ev.Step()) a.events.push_back(EventRow(ev));
    ev.Reset();
  }
  return page;
}

template <typename Db>
std::vector<Comment> CommonTx<Db>::CommentsByIds(const std::vector<std::int64_t>& ids) {
  std::vector<Comment> out;
  out.reserve(ids.size());
  for (auto id : ids) {
    auto& s = db_.Prepare(std::string("SELECT ") + kCommentCols + " FROM comments WHERE id = ?");
    s.Bind(1, id);
    if (s.Step()) out.push_back(CommentRow(s));
    s.Reset();
  }
  return out;
}

template <typename Db>
std::vector<Ticket> CommonTx<Db>::TicketsChangedSince(Instant since, std::int64_t after_id, std::int64_t limit) {
  std::vector<std::int64_t> ids;
  auto& s = db_.Prepare(kSqlTicketIdsChangedSince);
  s.Bind(1, UnixSeconds(since)).Bind(2, after_id).Bind(3, limit);
  while (s.Step()) ids.push_back(s.Int(0));
  s.Reset();
  // The rows themselves through TicketById, so the column mapping stays in one place.
  return TicketsByIds(ids);
}

// ------------------------------------------------------------------ timers

template <typename Db>
std::vector<Timer> CommonTx<Db>::TimersOf(std::int64_t ticket_id) {
  auto& s = db_.Prepare(std::string("SELECT ") + kTimerCols + " FROM timers WHERE ticket_id = ? ORDER BY id");
  s.Bind(1, ticket_id);
  std::vector<Timer> out;
  while (s.Step()) out.push_back(TimerRow(s));
  s.Reset();
  return out;
}

template <typename Db>
void CommonTx<Db>::ScheduleTimer(Timer& t) {
  auto& s = db_.Prepare(kSqlScheduleTimer);
  s.Bind(1, t.ticket_id).Bind(2, t.kind).Bind(3, t.from_status_id).Bind(4, t.to_status_id);
  s.Bind(5, UnixSeconds(t.due_at)).Bind(6, UnixSeconds(t.created_at));
  t.id = ReturnedId(s);
  if (!earliest_timer_scheduled_ || t.due_at < *earliest_timer_scheduled_) earliest_timer_scheduled_ = t.due_at;
}

template <typename Db>
void CommonTx<Db>::CancelTimers(std::int64_t ticket_id, std::string_view kind) {
  auto& s = db_.Prepare(kSqlCancelTimers);
  s.Bind(1, ticket_id).Bind(2, kind);
  s.Run();
}

template <typename Db>
std::vector<Timer> CommonTx<Db>::ClaimDueTimers(Instant now, int limit) {
  static const std::string kSql = std::string(kSqlClaimDueTimers) + std::string(Db::kSkipLocked);
  auto& s = db_.Prepare(kSql);
  s.Bind(1, UnixSeconds(now)).Bind(2, std::int64_t{limit});
  std::vector<Timer> out;
  while (s.Step()) out.push_back(TimerRow(s));
  s.Reset();
  return out;
}

template <typename Db>
bool CommonTx<Db>::MarkTimerFired(std::int64_t id, Instant at, std::string_view by, std::string_view outcome) {
  auto& s = db_.Prepare(kSqlMarkTimerFired);
  s.Bind(1, UnixSeconds(at)).Bind(2, by).Bind(3, outcome).Bind(4, id);
  s.Run();
  return db_.Changes() == 1;
}

// Both on the partial index timers_pending_due (due_at, id) WHERE fired_at IS NULL.
template <typename Db>
std::optional<Instant> CommonTx<Db>::NextTimerDue() {
  auto& s = db_.Prepare("SELECT due_at FROM timers WHERE fired_at IS NULL ORDER BY due_at LIMIT 1");
  std::optional<Instant> out;
  if (s.Step()) out = FromUnix(s.Int(0));
  s.Reset();
  return out;
}

template <typename Db>
std::int64_t CommonTx<Db>::PendingDueTimers(Instant now) {
  auto& s = db_.Prepare("SELECT count(*) FROM timers WHERE fired_at IS NULL AND due_at <= ?");
  s.Bind(1, UnixSeconds(now));
  std::int64_t n = 0;
  if (s.Step()) n = s.Int(0);
  s.Reset();
  return n;
}

}  // namespace chamado::sql

// Satisfaction and redaction queries: CommonTx member definitions in their own file.
#include "adapters/sql/satisfaction_tx.hpp"  // IWYU pragma: keep
// Merge queries (duplicates and merging): CommonTx member definitions in their own file.
#include "adapters/sql/merge_tx.hpp"  // IWYU pragma: keep

// Attachment queries: CommonTx member definitions in their own file.
#include "adapters/sql/attachments_tx.hpp"  // IWYU pragma: keep
// SLA queries (policies, ticket targets, next-breach order): in their own file.
#include "adapters/sql/sla_tx.hpp"  // IWYU pragma: keep
// Schedule queries (business-hours calendars): CommonTx member definitions in their own file.
#include "adapters/sql/schedules_tx.hpp"  // IWYU pragma: keep
// E-mail queries (issue 7): the outbox, inbound messages and suspended tickets, signed links.
#include "adapters/sql/mail_in_tx.hpp"     // IWYU pragma: keep
#include "adapters/sql/mail_links_tx.hpp"  // IWYU pragma: keep
#include "adapters/sql/outbox_tx.hpp"      // IWYU pragma: keep
// Account queries (issue 8): sessions, one-time tokens, API tokens, auth events, erasure.
#include "adapters/sql/accounts_tx.hpp"  // IWYU pragma: keep
