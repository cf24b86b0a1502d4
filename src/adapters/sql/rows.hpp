#pragma once
// Row mappers shared by both SQL stores: column lists and the value built from a row.
// Each k*Cols constant matches its *Row function column for column. The mappers are
// templates on the statement type (sqlite::Stmt, postgres::Stmt), which share one API.
#include "adapters/sql/json_columns.hpp"
#include "app/ticket_field.hpp"
#include "domain/ticket.hpp"
#include "domain/timers.hpp"
#include "domain/user.hpp"

namespace chamado::sql::rows {

inline constexpr const char* kCommentCols =
    "id, ticket_id, author_id, audit_id, body, html_body, is_public, via_channel, created_at";
template <typename S>
Comment CommentRow(const S& s) {
  Comment c;
  c.id = s.Int(0);
  c.ticket_id = s.Int(1);
  c.author_id = s.Int(2);
  c.audit_id = s.OptInt(3).value_or(0);
  c.body = s.Text(4);
  c.html_body = s.Text(5);
  c.is_public = s.Int(6) != 0;
  c.via_channel = s.Text(7);
  c.created_at = FromUnix(s.Int(8));
  return c;
}

// ---- users
inline constexpr const char* kUserCols =
    "id, name, email, role, active, verified, suspended, organization_id, default_group_id, phone, time_zone, locale, "
    "tags, external_id, notes, created_at, updated_at, notify_email, notify_whatsapp";

template <typename S>
User UserRow(const S& s) {
  User u;
  u.id = s.Int(0);
  u.name = s.Text(1);
  u.email = s.Text(2);
  u.role = ParseRole(s.Text(3)).value_or(Role::kEndUser);
  u.active = s.Int(4) != 0;
  u.verified = s.Int(5) != 0;
  u.suspended = s.Int(6) != 0;
  u.organization_id = s.OptInt(7);
  u.default_group_id = s.OptInt(8);
  u.phone = s.Text(9);
  u.time_zone = s.Text(10);
  u.locale = s.Text(11);
  u.tags = StringsFromJson(s.Text(12));
  u.external_id = s.OptText(13);
  u.notes = s.Text(14);
  u.created_at = FromUnix(s.Int(15));
  u.updated_at = FromUnix(s.Int(16));
  u.notify_email = s.Int(17) != 0;  // ---- accounts (issue 8)
  u.notify_whatsapp = s.Int(18) != 0;
  return u;
}

// ---- tickets
inline constexpr const char* kTicketCols =
    "id, external_id, type, subject, description, priority, custom_status_id, requester_id, submitter_id, assignee_id, "
    "group_id, organization_id, problem_id, followup_source_id, collaborator_ids, follower_ids, tags, custom_fields, "
    "via_channel, due_at, is_public, created_at, updated_at, version, merged_into, escalation_not_required, "
    "satisfaction_score, satisfaction_comment, satisfaction_rating_id";

template <typename S>
Ticket TicketRow(const S& s) {
  Ticket t;
  t.id = s.Int(0);
  t.external_id = s.OptText(1);
  if (auto ty = s.OptText(2)) t.type = ParseTicketType(*ty);
  t.subject = s.Text(3);
  t.description = s.Text(4);
  if (auto pr = s.OptText(5)) t.priority = ParsePriority(*pr);
  t.custom_status_id = s.Int(6);
  t.requester_id = s.Int(7);
  t.submitter_id = s.Int(8);
  t.assignee_id = s.OptInt(9);
  t.group_id = s.OptInt(10);
  t.organization_id = s.OptInt(11);
  t.problem_id = s.OptInt(12);
  t.followup_source_id = s.OptInt(13);
  t.collaborator_ids = IdsFromJson(s.Text(14));
  t.follower_ids = IdsFromJson(s.Text(15));
  t.tags = StringsFromJson(s.Text(16));
  t.custom_fields = FieldsFromJson(s.Text(17));
  t.via_channel = s.Text(18);
  if (auto d = s.OptInt(19)) t.due_at = FromUnix(*d);
  t.is_public = s.Int(20) != 0;
  t.created_at = FromUnix(s.Int(21));
  t.updated_at = FromUnix(s.Int(22));
  t.version = s.Int(23);
  t.merged_into = s.OptInt(24);
  t.escalation_not_required = s.Int(25) != 0;
  t.satisfaction_score = s.Text(26);
  t.satisfaction_comment = s.Text(27);
  t.satisfaction_rating_id = s.OptInt(28);
  return t;
}

inline constexpr const char* kGroupCols = "id, name, description, is_default, created_at, updated_at, schedule_id";
template <typename S>
Group GroupRow(const S& s) {
  return Group{s.Int(0), s.Text(1), s.Text(2), s.Int(3) != 0, FromUnix(s.Int(4)), FromUnix(s.Int(5)), s.OptInt(6)};
}

inline constexpr const char* kMembershipCols = "id, user_id, group_id, is_default, created_at";
template <typename S>
GroupMembership MembershipRow(const S& s) {
  return GroupMembership{s.Int(0), s.Int(1), s.Int(2), s.Int(3) != 0, FromUnix(s.Int(4))};
}

inline constexpr const char* kOrgCols =
    "id, name, domain_names, details, notes, shared_tickets, shared_comments, tags, external_id, created_at, "
    "updated_at";
template <typename S>
Organization OrgRow(const S& s) {
  Organization o;
  o.id = s.Int(0);
  o.name = s.Text(1);
  o.domain_names = StringsFromJson(s.Text(2));
  o.details = s.Text(3);
  o.notes = s.Text(4);
  o.shared_tickets = s.Int(5) != 0;
  o.shared_comments = s.Int(6) != 0;
  o.tags = StringsFromJson(s.Text(7));
  o.external_id = s.OptText(8);
  o.created_at = FromUnix(s.Int(9));
  o.updated_at = FromUnix(s.Int(10));
  return o;
}

inline constexpr const char* kFieldCols =
    "id, type, key, title, description, title_in_portal, active, required, visible_in_portal, editable_in_portal, "
    "required_in_portal, system, read_only, position, created_at, updated_at";
template <typename S>
app::TicketField FieldRow(const S& s) {
  app::TicketField f;
  f.id = s.Int(0);
  f.type = s.Text(1);
  f.key = s.Text(2);
  f.title = s.Text(3);
  f.description = s.Text(4);
  f.title_in_portal = s.Text(5);
  f.active = s.Int(6) != 0;
  f.required = s.Int(7) != 0;
  f.visible_in_portal = s.Int(8) != 0;
  f.editable_in_portal = s.Int(9) != 0;
  f.required_in_portal = s.Int(10) != 0;
  f.system = s.Int(11) != 0;
  f.read_only = s.Int(12) != 0;
  f.position = s.Int(13);
  f.created_at = FromUnix(s.Int(14));
  f.updated_at = FromUnix(s.Int(15));
  return f;
}

inline constexpr const char* kAuditCols = "id, ticket_id, author_id, via_channel, created_at";

template <typename S>
Audit AuditRow(const S& s) {
  Audit a;
  a.id = s.Int(0);
  a.ticket_id = s.Int(1);
  a.author_id = s.Int(2);
  a.via_channel = s.Text(3);
  a.created_at = FromUnix(s.Int(4));
  return a;
}

template <typename S>
Event EventRow(const S& s) {
  Event e;
  e.id = s.Int(0);
  e.type = s.Text(1);
  e.field_name = s.Text(2);
  e.value = s.Text(3);
  e.previous_value = s.Text(4);
  e.comment_id = s.OptInt(5).value_or(0);
  return e;
}

// ---- timers
inline constexpr const char* kTimerCols =
    "id, ticket_id, kind, from_status_id, to_status_id, due_at, created_at, fired_at, fired_by, outcome";

template <typename S>
Timer TimerRow(const S& s) {
  Timer t;
  t.id = s.Int(0);
  t.ticket_id = s.Int(1);
  t.kind = s.Text(2);
  t.from_status_id = s.Int(3);
  t.to_status_id = s.Int(4);
  t.due_at = FromUnix(s.Int(5));
  t.created_at = FromUnix(s.Int(6));
  if (auto f = s.OptInt(7)) t.fired_at = FromUnix(*f);
  t.fired_by = s.OptText(8);
  t.outcome = s.OptText(9);
  return t;
}

}  // namespace chamado::sql::rows
