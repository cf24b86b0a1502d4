#pragma once
// The ports the use cases need. Adapters implement them (sqlite/, postgres/, clock/,
// crypto/); use cases receive them by reference. Nothing here does I/O itself.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/account_records.hpp"
#include "app/mail_records.hpp"
#include "app/satisfaction_filter.hpp"
#include "app/search_filter.hpp"
#include "app/sla_records.hpp"
#include "app/ticket_field.hpp"
#include "domain/attachments.hpp"
#include "domain/error.hpp"
#include "domain/merge.hpp"
#include "domain/schedule.hpp"
#include "domain/sla.hpp"
#include "domain/ticket.hpp"
#include "domain/time.hpp"
#include "domain/timers.hpp"
#include "domain/user.hpp"

namespace chamado::app {

// ---- Clock ----
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant Now() = 0;
};

// A clock tests can move (`serve --clock=manual`).
class ManualClock : public Clock {
 public:
  virtual Instant Set(Instant t) = 0;
  virtual Instant Advance(std::chrono::seconds by) = 0;
};

// ---- Crypto ----
class Crypto {
 public:
  virtual ~Crypto() = default;
  // 256 random bits, URL-safe text.
  virtual std::string RandomToken() = 0;
  virtual std::string Sha256Hex(std::string_view data) = 0;
  // HMAC-SHA-256 of `data` under `key`, lower-case hex (the signed reply address, docs/email.md).
  virtual std::string HmacSha256Hex(std::string_view key, std::string_view data) = 0;
  // True when a and b are equal, in time independent of where they differ.
  virtual bool ConstantTimeEqual(std::string_view a, std::string_view b) = 0;
  // argon2id; slow on purpose: callers run it off the io threads.
  virtual std::string HashPassword(std::string_view password) = 0;
  virtual bool VerifyPassword(std::string_view hash, std::string_view password) = 0;
  // ---- accounts: true when `hash` was made with other parameters than HashPassword uses now
  // (the login then stores a new hash).
  virtual bool PasswordNeedsRehash(std::string_view hash) = 0;
};

// ---- Logger ----
class Logger {
 public:
  virtual ~Logger() = default;
  virtual void Info(std::string_view event, std::string_view detail) = 0;
  virtual void Warn(std::string_view event, std::string_view detail) = 0;
  virtual void Error(std::string_view event, std::string_view detail) = 0;
};

// ---- Store ----
// Pagination asked of the store: offset (page/per_page) or keyset on id (cursor).
struct PageRequest {
  std::int64_t limit = 100;
  std::int64_t offset = 0;
  std::optional<std::int64_t> after_id;   // cursor: items with id > after (asc) / < after (desc)
  std::optional<std::int64_t> before_id;  // cursor: the page before
  bool descending = false;
  bool want_count = true;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::int64_t count = 0;  // total matching (when asked for)
  bool has_more = false;   // more items past this page in the walking direction
};

struct TicketFilter {
  std::optional<std::int64_t> requester_id;
  std::optional<std::int64_t> cc_user_id;          // tickets the user is CC'd on
  std::optional<std::int64_t> requester_or_cc_id;  // either (an end user's whole view)
  std::optional<std::int64_t> assignee_id;
  std::optional<std::int64_t> group_id;
  std::optional<std::int64_t> organization_id;
  std::vector<std::int64_t> custom_status_ids;  // any of (empty: all)
  std::optional<std::int64_t> problem_id;       // ---- escalation: the incidents of this problem
};

// ---- merges: which merge rows ListMerges returns (exactly one set).
struct MergeFilter {
  std::optional<std::int64_t> source_id;
  std::optional<std::int64_t> target_id;
  std::optional<std::int64_t> job_id;
};

struct UserFilter {
  std::vector<Role> roles;  // any of (empty: all)
  std::optional<std::int64_t> group_id;
  std::optional<std::int64_t> organization_id;
  std::string text;  // name or e-mail contains (users/search)
};

struct ApiToken {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string prefix;  // first characters, shown in listings
  Instant created_at{};
  // ---- accounts (issue 8)
  std::string description;
  std::optional<Instant> last_used_at;  // written at most every few minutes (docs/accounts.md)
  std::optional<Instant> revoked_at;
};

class ReadTx {
 public:
  virtual ~ReadTx() = default;
  // users and identities
  virtual std::optional<User> UserById(std::int64_t id) = 0;
  virtual std::optional<User> UserByEmail(std::string_view email) = 0;
  virtual std::vector<User> UsersByIds(const std::vector<std::int64_t>& ids) = 0;
  virtual Page<User> ListUsers(const UserFilter& f, const PageRequest& p) = 0;
  virtual std::vector<Identity> IdentitiesOf(std::int64_t user_id) = 0;
  virtual std::optional<std::int64_t> UserIdByTokenHash(std::string_view sha256_hex) = 0;
  virtual std::optional<std::string> PasswordHashOf(std::int64_t user_id) = 0;
  // groups and organizations
  virtual std::optional<Group> GroupById(std::int64_t id) = 0;
  virtual Page<Group> ListGroups(const PageRequest& p) = 0;
  virtual std::optional<GroupMembership> MembershipById(std::int64_t id) = 0;
  virtual Page<GroupMembership> ListMemberships(std::optional<std::int64_t> user_id,
                                                std::optional<std::int64_t> group_id, const PageRequest& p) = 0;
  virtual std::optional<Organization> OrganizationById(std::int64_t id) = 0;
  virtual Page<Organization> ListOrganizations(const PageRequest& p) = 0;
  // tickets
  virtual std::optional<Ticket> TicketById(std::int64_t id) = 0;
  virtual std::vector<Ticket> TicketsByIds(const std::vector<std::int64_t>& ids) = 0;
  virtual Page<Ticket> ListTickets(const TicketFilter& f, const PageRequest& p) = 0;
  virtual Page<Comment> CommentsOf(std::int64_t ticket_id, bool public_only, const PageRequest& p) = 0;
  virtual std::int64_t CommentCount(std::int64_t ticket_id) = 0;
  // search (app/search_filter.hpp; sqlite/tx_search.cpp)
  virtual Page<Ticket> SearchTickets(const TicketSearch& q, const PageRequest& p) = 0;
  // audits and exports (sqlite/tx_audits.cpp)
  virtual Page<Audit> AuditsOf(std::int64_t ticket_id, const PageRequest& p) = 0;
  virtual std::vector<Comment> CommentsByIds(const std::vector<std::int64_t>& ids) = 0;
  // Tickets with (updated_at, id) after (since, after_id), in that order, at most `limit`.
  virtual std::vector<Ticket> TicketsChangedSince(Instant since, std::int64_t after_id, std::int64_t limit) = 0;
  // ticket fields
  virtual std::vector<TicketField> ListTicketFields() = 0;
  virtual std::optional<TicketField> TicketFieldById(std::int64_t id) = 0;
  // timers (domain/timers.hpp): a ticket's pending and fired timers, oldest first.
  virtual std::vector<Timer> TimersOf(std::int64_t ticket_id) = 0;
  // ---- attachments (app/attachments.hpp; sql/attachments_tx.hpp). A pending upload by token
  // (in a write transaction its row is locked: files added to one token take turns).
  virtual std::optional<Upload> UploadByToken(std::string_view token) = 0;
  // The files of an upload not yet attached, oldest first.
  virtual std::vector<Attachment> AttachmentsOfUpload(std::string_view token) = 0;
  virtual std::optional<Attachment> AttachmentById(std::int64_t id) = 0;
  // The attachments of these comments, by comment then id; one query for the lot.
  virtual std::vector<Attachment> AttachmentsOfComments(const std::vector<std::int64_t>& comment_ids) = 0;
  // How many attachments (attached or not) refer to the blob `sha256`.
  virtual std::int64_t AttachmentsWithBlob(std::string_view sha256) = 0;
  // Pending uploads with expires_at <= now, oldest first, at most `limit`. In a write
  // transaction they are locked, and those another transaction holds are skipped.
  virtual std::vector<Upload> ExpiredUploads(Instant now, int limit) = 0;
  // ---- satisfaction (app/satisfaction.hpp): ratings by id, a ticket's rating, the agents'
  // list (keyset on id), and the report: good/bad counts per assignee or group, most rated first.
  virtual std::optional<SatisfactionRating> SatisfactionRatingById(std::int64_t id) = 0;
  virtual std::optional<SatisfactionRating> SatisfactionRatingOfTicket(std::int64_t ticket_id) = 0;
  virtual Page<SatisfactionRating> ListSatisfactionRatings(const SatisfactionFilter& f, const PageRequest& p) = 0;
  virtual std::vector<SatisfactionTally> SatisfactionReport(const SatisfactionFilter& f, SatisfactionGroupBy by) = 0;
  // ---- escalation (app/escalation.hpp): how many tickets are linked to each of these
  // problems (problem_id), in the order given; one query for the lot.
  virtual std::vector<std::int64_t> IncidentCounts(const std::vector<std::int64_t>& problem_ids) = 0;
  // ---- merges (app/duplicates.hpp, app/merge.hpp): the merge rows whose source, target or
  // job is the given id (set exactly one), undone ones included, oldest first.
  virtual std::vector<MergeRecord> ListMerges(const MergeFilter& f) = 0;
  // ---- sla (app/sla.hpp; sql/sla_tx.hpp): the policies by (position, id); the stored targets
  // of these tickets (by ticket, then metric; one query for the lot); the tickets a policy's
  // stored targets name; tickets soonest next breach first (none last, then by id): offset
  // pages only (a cursor is ignored).
  virtual std::vector<SlaPolicy> ListSlaPolicies() = 0;
  virtual std::optional<SlaPolicy> SlaPolicyById(std::int64_t id) = 0;
  virtual std::vector<TicketSla> TicketSlasOf(const std::vector<std::int64_t>& ticket_ids) = 0;
  virtual std::vector<std::int64_t> TicketIdsUnderSlaPolicy(std::int64_t policy_id) = 0;
  virtual Page<Ticket> ListTicketsByNextBreach(const TicketFilter& f, const PageRequest& p) = 0;
  // ---- schedules (app/calendars.hpp; sql/schedules_tx.hpp): business-hours schedules, all of
  // them by id (few: no paging), one by id (in a write transaction its row is locked: changes
  // to one schedule take turns), a schedule's own holidays by start date, and the
  // schedule a group's tickets use: the group's own, else the default (the lowest id); nullopt
  // when there is no schedule at all. The live groups using a schedule (deleted ones don't count).
  virtual std::vector<Schedule> ListSchedules() = 0;
  virtual std::optional<Schedule> ScheduleById(std::int64_t id) = 0;
  virtual std::vector<ScheduleHoliday> HolidaysOfSchedule(std::int64_t schedule_id) = 0;
  virtual std::optional<Schedule> ScheduleForGroup(std::optional<std::int64_t> group_id) = 0;
  virtual std::vector<std::int64_t> GroupsUsingSchedule(std::int64_t schedule_id) = 0;
  // ---- timer scheduling (adapters/scheduler): the earliest due_at of any pending timer
  // (nullopt: none), for the scheduler's sleep; and how many pending timers are due at or
  // before `now` (the manual clock's endpoint waits for none on PostgreSQL, where other nodes
  // may be firing some).
  virtual std::optional<Instant> NextTimerDue() = 0;
  virtual std::int64_t PendingDueTimers(Instant now) = 0;
  // ---- mail outbox (app/outbox.hpp; sql/outbox_tx.hpp). A row by id; by its Message-ID
  // (a DSN names the message it returns); a page of rows, newest first (keyset on id); the
  // earliest next_attempt_at of a queued row, or claimed_until of a sending one (nullopt: none).
  virtual std::optional<OutboundEmail> OutboxById(std::int64_t id) = 0;
  virtual std::optional<OutboundEmail> OutboxByMessageId(std::string_view message_id) = 0;
  virtual Page<OutboundEmail> ListOutbox(const OutboxFilter& f, const PageRequest& p) = 0;
  virtual std::optional<Instant> NextOutboxDue() = 0;
  // How many outbox rows of `kind` went to `address` since `since` (auto-reply limits).
  virtual std::int64_t OutboxToAddressSince(std::string_view address, std::string_view kind, Instant since) = 0;
  // ---- mail in (app/mail_intake.hpp; sql/mail_in_tx.hpp). Stored messages by Message-ID
  // (without <>; those found, in no order); the newest ticket whose messages share an
  // Outlook conversation; how many inbound messages came from `address` since `since`; a
  // ticket's messages, oldest first.
  virtual std::vector<MailMessageRecord> MailMessagesByIds(const std::vector<std::string>& message_ids) = 0;
  virtual std::optional<std::int64_t> TicketByThreadIndex(std::string_view conversation) = 0;
  virtual std::int64_t InboundFromSenderSince(std::string_view address, Instant since) = 0;
  virtual std::vector<MailMessageRecord> MailMessagesOfTicket(std::int64_t ticket_id) = 0;
  virtual std::optional<SuspendedTicket> SuspendedTicketById(std::int64_t id) = 0;
  virtual Page<SuspendedTicket> ListSuspendedTickets(const PageRequest& p) = 0;
  // ---- mail links (app/mail_links.hpp; sql/mail_links_tx.hpp): a link by its token's SHA-256.
  virtual std::optional<MailLink> MailLinkByHash(std::string_view token_sha256) = 0;
  // ---- accounts (issue 8; app/account_records.hpp, sql/accounts_tx.hpp)
  virtual std::optional<Session> SessionByHash(std::string_view token_sha256) = 0;
  virtual std::vector<Session> SessionsOf(std::int64_t user_id) = 0;  // newest first
  virtual std::optional<AccountToken> AccountTokenByHash(std::string_view token_sha256) = 0;
  // API tokens of a user (or of everybody when nullopt), revoked ones included, newest first.
  virtual std::vector<ApiToken> ListApiTokens(std::optional<std::int64_t> user_id) = 0;
  virtual std::optional<ApiToken> ApiTokenById(std::int64_t id) = 0;
  virtual std::optional<User> UserByExternalId(std::string_view external_id) = 0;
  // Events of any of `kinds` since `since` (inclusive) whose email (CountAttemptsByEmail) or
  // ip (CountAttemptsByIp) is the one given: what the throttles count.
  virtual AttemptCount CountAttemptsByEmail(const std::vector<std::string>& kinds, std::string_view email,
                                            Instant since) = 0;
  virtual AttemptCount CountAttemptsByIp(const std::vector<std::string>& kinds, std::string_view ip, Instant since) = 0;
  virtual Page<AuthEvent> ListAuthEvents(const AuthEventFilter& f, const PageRequest& p) = 0;
  // Events of `kind` whose detail is "pending" (work recorded by a request and done after it:
  // a forgot-password mail), oldest first, at most `limit`.
  virtual std::vector<AuthEvent> PendingAuthEvents(std::string_view kind, int limit) = 0;
  // ---- privacy (LGPD export): every ticket the user requested, is CC of or commented on,
  // ids ascending.
  virtual std::vector<std::int64_t> TicketIdsTouchedBy(std::int64_t user_id) = 0;
};

class WriteTx : public ReadTx {
 public:
  // Each Insert sets the new row's id on the argument.
  virtual void InsertUser(User& u) = 0;
  virtual void UpdateUser(const User& u) = 0;
  virtual void SetPasswordHash(std::int64_t user_id, std::string_view hash) = 0;
  virtual void InsertToken(ApiToken& t, std::string_view sha256_hex) = 0;
  virtual void InsertGroup(Group& g) = 0;
  virtual void UpdateGroup(const Group& g) = 0;
  virtual void DeleteGroup(std::int64_t id) = 0;
  virtual void InsertMembership(GroupMembership& m) = 0;
  virtual void DeleteMembership(std::int64_t id) = 0;
  virtual void InsertOrganization(Organization& o) = 0;
  virtual void UpdateOrganization(const Organization& o) = 0;
  // Ticket ids come from a sequence: strictly increasing; a committed id is never reused (an id
  // only a rolled-back write saw may be, on SQLite).
  virtual void InsertTicket(Ticket& t) = 0;
  // Writes `t` if the stored version is still `expected_version`; false otherwise.
  virtual bool UpdateTicket(const Ticket& t, std::int64_t expected_version) = 0;
  virtual void InsertAudit(Audit& a) = 0;  // also sets each event's id
  virtual void InsertComment(Comment& c) = 0;
  virtual void InsertTicketField(TicketField& f) = 0;
  virtual void UpdateTicketField(const TicketField& f) = 0;
  // ---- timers (domain/timers.hpp; app/timers.hpp keeps them in step with the statuses)
  // Upsert: the ticket's pending timer of `t.kind` becomes `t` (due_at, statuses, created_at),
  // or `t` is inserted when there is none. Sets t.id (a rescheduled timer keeps its id).
  virtual void ScheduleTimer(Timer& t) = 0;
  // Deletes the ticket's pending timers of `kind`; fired ones stay (history).
  virtual void CancelTimers(std::int64_t ticket_id, std::string_view kind) = 0;
  // Pending timers with due_at <= now, oldest due first, at most `limit`, locked until this
  // transaction ends together with their tickets' rows: another node's claim skips them
  // (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite has one writer), and once this transaction
  // commits them as fired no claim returns them again.
  virtual std::vector<Timer> ClaimDueTimers(Instant now, int limit) = 0;
  // Sets fired_at, fired_by and outcome of a pending timer and keeps the row. False when the
  // timer is not pending (already fired, or cancelled): then nothing changed.
  virtual bool MarkTimerFired(std::int64_t id, Instant at, std::string_view by, std::string_view outcome) = 0;
  // ---- attachments. Insert* set the new row's id.
  virtual void InsertUpload(Upload& u) = 0;
  virtual void InsertAttachment(Attachment& a) = 0;
  // The upload's files become the comment's (ticket_id, comment_id set) and the upload row is
  // deleted: a token is taken once. Returns how many files it had.
  virtual std::int64_t AttachUpload(std::string_view token, std::int64_t ticket_id, std::int64_t comment_id) = 0;
  // Deletes a pending upload and its files not yet attached (their blobs are the caller's).
  virtual void DeleteUpload(std::string_view token) = 0;
  // The attachment keeps its row, loses its bytes: file_name redacted.txt, text/plain, size 0,
  // no sha256, no width/height, redacted = 1.
  virtual void RedactAttachment(std::int64_t id) = 0;
  // Copies the attachments of one comment onto another (new rows, same blobs: duplicates and
  // merges). Returns how many were copied.
  virtual std::int64_t CopyAttachments(std::int64_t from_comment_id, std::int64_t to_comment_id,
                                       std::int64_t to_ticket_id) = 0;
  // The blob's row in attachment_blobs, created if missing and locked until this transaction
  // ends: a new reference to a blob and the deletion of its last reference take turns
  // (app/attachments.cpp, "Blob lifetime"). ForgetBlob deletes the row.
  virtual void LockBlob(std::string_view sha256, std::int64_t size, Instant now) = 0;
  virtual void ForgetBlob(std::string_view sha256) = 0;
  // ---- satisfaction: one rating per ticket (ticket_id unique); Insert sets r.id, Update
  // rewrites score, comment, assignee, group and updated_at of r.id.
  virtual void InsertSatisfactionRating(SatisfactionRating& r) = 0;
  virtual void UpdateSatisfactionRating(const SatisfactionRating& r) = 0;
  // ---- redaction (app/redaction.hpp): rewrite a comment's text or an event's values in place.
  // The search index follows the comment (the stores' triggers, sqlite and postgres
  // 0002_search.sql). Only redaction may call these: everything else is append-only.
  virtual void UpdateCommentBody(std::int64_t comment_id, std::string_view body, std::string_view html_body) = 0;
  virtual void UpdateEventValues(std::int64_t event_id, std::string_view value, std::string_view previous_value) = 0;
  // ---- merges: LockUser takes a row lock on the user until the transaction ends
  // (PostgreSQL: SELECT ... FOR UPDATE; SQLite has one writer and needs none), so two contacts
  // of one customer decide "is there an active case?" one after the other. InsertMerge sets
  // m.id, and m.job_id to m.id when it is 0 (the first merge of a job); UndoMerge sets
  // undone_at and undone_by of merge `id`.
  virtual void LockUser(std::int64_t id) = 0;
  virtual void InsertMerge(MergeRecord& m) = 0;
  virtual void UndoMerge(std::int64_t id, Instant at, std::int64_t by) = 0;
  // ---- sla: InsertSlaPolicy sets p.id; UpdateSlaPolicy rewrites all but id and created_at.
  // ReplaceTicketSlas makes `rows` the ticket's stored targets and `next_breach` its
  // sla_next_breach_at (the ticket's version and updated_at stay).
  virtual void InsertSlaPolicy(SlaPolicy& p) = 0;
  virtual void UpdateSlaPolicy(const SlaPolicy& p) = 0;
  virtual void DeleteSlaPolicy(std::int64_t id) = 0;
  virtual void ReplaceTicketSlas(std::int64_t ticket_id, const std::vector<TicketSla>& rows,
                                 std::optional<Instant> next_breach) = 0;
  // ---- schedules. Insert* set the new row's id. UpdateSchedule writes every column of s.id
  // but created_at (the caller grows `version` with any change to the schedule or its
  // holidays). DeleteSchedule deletes its holidays too and unlinks deleted groups naming it.
  virtual void InsertSchedule(Schedule& s) = 0;
  virtual void UpdateSchedule(const Schedule& s) = 0;
  virtual void DeleteSchedule(std::int64_t id) = 0;
  virtual void InsertScheduleHoliday(ScheduleHoliday& h) = 0;
  virtual void UpdateScheduleHoliday(const ScheduleHoliday& h) = 0;
  virtual void DeleteScheduleHoliday(std::int64_t id) = 0;
  // ---- mail outbox. InsertOutbox sets m.id and records m.message_id as an outbound
  // mail_messages row (threading finds replies to it). ClaimOutbox: queued rows with
  // next_attempt_at <= now and sending rows whose claimed_until < now, oldest first, at most
  // `limit`; each becomes sending with claimed_until = `until` (PostgreSQL: FOR UPDATE SKIP
  // LOCKED, so two nodes never claim one row). UpdateOutboxDelivery writes state, attempts,
  // next_attempt_at, claimed_until, last_error, sent_at and updated_at of m.id.
  virtual void InsertOutbox(OutboundEmail& m) = 0;
  virtual std::vector<OutboundEmail> ClaimOutbox(Instant now, Instant until, int limit) = 0;
  virtual void UpdateOutboxDelivery(const OutboundEmail& m) = 0;
  // ---- accounts: blanks text_body and html_body of m.id (the rest stays): a sent account
  // mail keeps no live link in the outbox.
  virtual void ClearOutboxBodies(std::int64_t id) = 0;
  // ---- mail in. InsertMailMessage sets r.id; false (nothing written) when r.message_id is
  // already stored: the same message delivered twice is stored once.
  virtual bool InsertMailMessage(MailMessageRecord& r) = 0;
  // Writes ticket_id, comment_id, rule and detail of r.id (a suspended message recovered).
  virtual void UpdateMailMessage(const MailMessageRecord& r) = 0;
  virtual void InsertSuspendedTicket(SuspendedTicket& s) = 0;
  virtual void DeleteSuspendedTicket(std::int64_t id) = 0;
  // ---- mail links. InsertMailLink sets l.id; UseMailLink sets used_at/used_action once:
  // false when the link was already used (nothing changed).
  virtual void InsertMailLink(MailLink& l) = 0;
  virtual bool UseMailLink(std::int64_t id, Instant at, std::string_view action) = 0;
  // ---- accounts (issue 8). Insert* set the new row's id.
  virtual void InsertSession(Session& s) = 0;
  virtual void TouchSession(std::int64_t id, Instant at) = 0;
  virtual void DeleteSession(std::int64_t id) = 0;
  // Deletes every session of the user but `keep` (when given); returns how many.
  virtual std::int64_t DeleteSessionsOf(std::int64_t user_id, std::optional<std::int64_t> keep) = 0;
  // Sessions idle since before `idle_before` or created before `created_before` (the sweep).
  virtual std::int64_t DeleteExpiredSessions(Instant idle_before, Instant created_before) = 0;
  virtual void InsertAccountToken(AccountToken& t) = 0;
  // Sets used_at once: false when it was already used (nothing changed).
  virtual bool UseAccountToken(std::int64_t id, Instant at) = 0;
  // Marks every unused token of the user and purpose used (a reset voids older reset links).
  virtual void VoidAccountTokens(std::int64_t user_id, std::string_view purpose, Instant at) = 0;
  virtual void InsertAuthEvent(AuthEvent& e) = 0;
  // Settles a pending event once: detail and user_id are written only if its detail is still
  // "pending" (false otherwise: another node or an earlier pass did it).
  virtual bool SettlePendingAuthEvent(std::int64_t id, std::string_view detail,
                                      std::optional<std::int64_t> user_id) = 0;
  // Sets revoked_at of the token (PostgreSQL: drops it from every node's cache). False when
  // it was already revoked or does not exist.
  virtual bool RevokeApiToken(std::int64_t id, Instant at) = 0;
  // Revokes every token of the user; returns how many.
  virtual std::int64_t RevokeApiTokensOf(std::int64_t user_id, Instant at) = 0;
  // Records a token's use: last_used_at (and an auth_events row token_used) when the last
  // recorded use is older than `min_gap` (so at most one write per token per gap).
  virtual void RecordApiTokenUse(std::string_view token_sha256, std::string_view ip, Instant at,
                                 std::chrono::seconds min_gap) = 0;
  // A first-use JWT id: false when `jti` was seen (replay). Rows older than `forget_before`
  // are deleted on the way (they can no longer pass the iat check).
  virtual bool RememberJwtId(std::string_view jti, Instant at, Instant forget_before) = 0;
  virtual void SetPasswordHashAndVerify(std::int64_t user_id, std::string_view hash) = 0;  // verified = 1 too
  // ---- privacy (LGPD erase): the user's identity goes from every table that names it.
  // users: name "Erased user <id>" (given), email erased-<id>@invalid, phone/notes/external_id/
  // tags/password cleared, active 0; identities deleted; sessions, account tokens deleted; API
  // tokens revoked; auth_events email and ip blanked; outbox rows to them: to_address the erased
  // address, to_name the given name, bodies cleared; mail_messages from them: from_address the
  // erased address; suspended tickets from them deleted (the caller forgets their raw blobs,
  // returned); the search index of their tickets follows. Returns the raw blobs' sha256.
  virtual std::vector<std::string> EraseUserIdentity(std::int64_t user_id, std::string_view erased_name,
                                                     Instant at) = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  // Runs `fn` on a consistent snapshot. May block; call off the io threads.
  virtual Result<void> Read(const std::function<Result<void>(ReadTx&)>& fn) = 0;
  // Runs `fn` inside a transaction; an error result rolls back `fn`'s writes only.
  // Returns once the change is durable (SQLite: after its group's fsync).
  virtual Result<void> Write(const std::function<Result<void>(WriteTx&)>& fn) = 0;
  // Store reachable and migrated (readyz).
  virtual Result<void> Ready() = 0;
  // ---- timer scheduling: `wake` is called once a write transaction that scheduled timers
  // has committed, with the earliest due_at it scheduled (the scheduler sleeps until the next
  // due timer, and this one may be earlier). Set it before serving. Stores that cannot tell
  // (test fakes) never call it: the scheduler's max_sleep_ms is the safety net.
  virtual void OnTimerScheduled(std::function<void(Instant due)> wake) { (void)wake; }
  // ---- mail outbox: `wake` is called once a write transaction that queued mail (InsertOutbox)
  // has committed, so the outbox worker sends at once instead of at its next poll.
  virtual void OnMailQueued(std::function<void()> wake) { (void)wake; }
};

}  // namespace chamado::app
