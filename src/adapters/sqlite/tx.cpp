#include "adapters/sqlite/tx.hpp"

#include <algorithm>
#include <variant>

#include "adapters/sqlite/json_columns.hpp"
#include "adapters/sqlite/rows.hpp"

namespace chamado::sqlite {
namespace {

using Param = std::variant<std::int64_t, std::string>;

// A filtered list query: fixed SQL fragments joined with AND, values always bound.
struct Where {
  std::vector<std::string> conds;
  std::vector<Param> params;
  void Add(std::string cond, std::vector<Param> ps = {}) {
    conds.push_back(std::move(cond));
    params.insert(params.end(), ps.begin(), ps.end());
  }
  std::string Sql() const {
    std::string s;
    for (const auto& c : conds) s += (s.empty() ? " WHERE " : " AND ") + c;
    return s;
  }
};

void BindAll(Stmt& st, const std::vector<Param>& ps, int first = 1) {
  int i = first;
  for (const auto& p : ps) std::visit([&](const auto& v) { st.Bind(i++, v); }, p);
}

// Runs a paged query over `table` with `columns`, keyset on `id` (cursor) or offset.
template <typename T, typename RowFn>
app::Page<T> Paged(Db& db, const std::string& columns, const std::string& table, Where w, const app::PageRequest& p,
                   RowFn row) {
  app::Page<T> page;
  if (p.want_count && !p.after_id && !p.before_id) {
    auto& c = db.Prepare("SELECT count(*) FROM " + table + w.Sql());
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
  std::string sql = "SELECT " + columns + " FROM " + table + w.Sql() + " ORDER BY id " + (order_desc ? "DESC" : "ASC") +
                    " LIMIT ? OFFSET ?";
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

std::string InList(std::size_t n) {
  std::string s = "(";
  for (std::size_t i = 0; i < n; ++i) s += i ? ",?" : "?";
  return s + ")";
}

// ---- users
const char* kUserCols =
    "id, name, email, role, active, verified, suspended, organization_id, default_group_id, phone, time_zone, locale, "
    "tags, external_id, notes, created_at, updated_at";

User UserRow(const Stmt& s) {
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
  return u;
}

// ---- tickets
const char* kTicketCols =
    "id, external_id, type, subject, description, priority, custom_status_id, requester_id, submitter_id, assignee_id, "
    "group_id, organization_id, problem_id, followup_source_id, collaborator_ids, follower_ids, tags, custom_fields, "
    "via_channel, due_at, is_public, created_at, updated_at, version";

Ticket TicketRow(const Stmt& s) {
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
  return t;
}

std::optional<std::string> TypeText(const Ticket& t) {
  return t.type ? std::optional<std::string>(TicketTypeName(*t.type)) : std::nullopt;
}
std::optional<std::string> PriorityText(const Ticket& t) {
  return t.priority ? std::optional<std::string>(PriorityName(*t.priority)) : std::nullopt;
}
std::optional<std::int64_t> DueText(const Ticket& t) {
  return t.due_at ? std::optional<std::int64_t>(UnixSeconds(*t.due_at)) : std::nullopt;
}

const char* kGroupCols = "id, name, description, is_default, created_at, updated_at";
Group GroupRow(const Stmt& s) {
  return Group{s.Int(0), s.Text(1), s.Text(2), s.Int(3) != 0, FromUnix(s.Int(4)), FromUnix(s.Int(5))};
}

const char* kMembershipCols = "id, user_id, group_id, is_default, created_at";
GroupMembership MembershipRow(const Stmt& s) {
  return GroupMembership{s.Int(0), s.Int(1), s.Int(2), s.Int(3) != 0, FromUnix(s.Int(4))};
}

const char* kOrgCols =
    "id, name, domain_names, details, notes, shared_tickets, shared_comments, tags, external_id, created_at, "
    "updated_at";
Organization OrgRow(const Stmt& s) {
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

const char* kFieldCols =
    "id, type, key, title, description, title_in_portal, active, required, visible_in_portal, editable_in_portal, "
    "required_in_portal, system, read_only, position, created_at, updated_at";
app::TicketField FieldRow(const Stmt& s) {
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

}  // namespace

Comment rows::CommentRow(const Stmt& s) {
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

// ------------------------------------------------------------------ users

std::optional<User> SqliteTx::UserById(std::int64_t id) {
  auto& s = db_.Prepare(std::string("SELECT ") + kUserCols + " FROM users WHERE id = ?");
  s.Bind(1, id);
  std::optional<User> u;
  if (s.Step()) u = UserRow(s);
  s.Reset();
  return u;
}

std::optional<User> SqliteTx::UserByEmail(std::string_view email) {
  auto& s = db_.Prepare(std::string("SELECT ") + kUserCols + " FROM users WHERE email = ?");
  s.Bind(1, email);
  std::optional<User> u;
  if (s.Step()) u = UserRow(s);
  s.Reset();
  return u;
}

std::vector<User> SqliteTx::UsersByIds(const std::vector<std::int64_t>& ids) {
  std::vector<User> out;
  for (auto id : ids)
    if (auto u = UserById(id)) out.push_back(std::move(*u));
  return out;
}

app::Page<User> SqliteTx::ListUsers(const app::UserFilter& f, const app::PageRequest& p) {
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
    w.Add("(name LIKE ? OR email LIKE ?)", {like, like});
  }
  return Paged<User>(db_, kUserCols, "users", w, p, UserRow);
}

std::vector<Identity> SqliteTx::IdentitiesOf(std::int64_t user_id) {
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

std::optional<std::int64_t> SqliteTx::UserIdByTokenHash(std::string_view sha256_hex) {
  auto& s = db_.Prepare("SELECT user_id FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL");
  s.Bind(1, sha256_hex);
  std::optional<std::int64_t> id;
  if (s.Step()) id = s.Int(0);
  s.Reset();
  return id;
}

std::optional<std::string> SqliteTx::PasswordHashOf(std::int64_t user_id) {
  auto& s = db_.Prepare("SELECT password_hash FROM users WHERE id = ?");
  s.Bind(1, user_id);
  std::optional<std::string> h;
  if (s.Step()) h = s.OptText(0);
  s.Reset();
  return h;
}

void SqliteTx::InsertUser(User& u) {
  auto& s = db_.Prepare(
      "INSERT INTO users (name, email, role, active, verified, suspended, organization_id, default_group_id, phone, "
      "time_zone, locale, tags, external_id, notes, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  s.Bind(1, u.name).Bind(2, u.email).Bind(3, RoleName(u.role)).Bind(4, u.active).Bind(5, u.verified);
  s.Bind(6, u.suspended).Bind(7, u.organization_id).Bind(8, u.default_group_id).Bind(9, u.phone);
  s.Bind(10, u.time_zone).Bind(11, u.locale).Bind(12, StringsToJson(u.tags)).Bind(13, u.external_id);
  s.Bind(14, u.notes).Bind(15, UnixSeconds(u.created_at)).Bind(16, UnixSeconds(u.updated_at));
  s.Run();
  u.id = db_.LastInsertId();
  auto& i = db_.Prepare(
      "INSERT INTO user_identities (user_id, type, value, verified, is_primary, created_at) VALUES (?, 'email', ?, ?, "
      "1, ?)");
  i.Bind(1, u.id).Bind(2, u.email).Bind(3, u.verified).Bind(4, UnixSeconds(u.created_at));
  i.Run();
}

void SqliteTx::UpdateUser(const User& u) {
  auto old = UserById(u.id);
  auto& s = db_.Prepare(
      "UPDATE users SET name=?, email=?, role=?, active=?, verified=?, suspended=?, organization_id=?, "
      "default_group_id=?, phone=?, time_zone=?, locale=?, tags=?, external_id=?, notes=?, updated_at=? WHERE id=?");
  s.Bind(1, u.name).Bind(2, u.email).Bind(3, RoleName(u.role)).Bind(4, u.active).Bind(5, u.verified);
  s.Bind(6, u.suspended).Bind(7, u.organization_id).Bind(8, u.default_group_id).Bind(9, u.phone);
  s.Bind(10, u.time_zone).Bind(11, u.locale).Bind(12, StringsToJson(u.tags)).Bind(13, u.external_id);
  s.Bind(14, u.notes).Bind(15, UnixSeconds(u.updated_at)).Bind(16, u.id);
  s.Run();
  if (old && old->email != u.email) {
    auto& i = db_.Prepare("UPDATE user_identities SET value = ? WHERE user_id = ? AND type = 'email' AND value = ?");
    i.Bind(1, u.email).Bind(2, u.id).Bind(3, old->email);
    i.Run();
  }
}

void SqliteTx::SetPasswordHash(std::int64_t user_id, std::string_view hash) {
  auto& s = db_.Prepare("UPDATE users SET password_hash = ? WHERE id = ?");
  s.Bind(1, hash).Bind(2, user_id);
  s.Run();
}

void SqliteTx::InsertToken(app::ApiToken& t, std::string_view sha256_hex) {
  auto& s = db_.Prepare("INSERT INTO api_tokens (user_id, token_hash, prefix, created_at) VALUES (?,?,?,?)");
  s.Bind(1, t.user_id).Bind(2, sha256_hex).Bind(3, t.prefix).Bind(4, UnixSeconds(t.created_at));
  s.Run();
  t.id = db_.LastInsertId();
}

// ------------------------------------------------------------------ groups, organizations

std::optional<Group> SqliteTx::GroupById(std::int64_t id) {
  auto& s = db_.Prepare(std::string("SELECT ") + kGroupCols + " FROM agent_groups WHERE id = ? AND deleted = 0");
  s.Bind(1, id);
  std::optional<Group> g;
  if (s.Step()) g = GroupRow(s);
  s.Reset();
  return g;
}

app::Page<Group> SqliteTx::ListGroups(const app::PageRequest& p) {
  Where w;
  w.Add("deleted = 0");
  return Paged<Group>(db_, kGroupCols, "agent_groups", w, p, GroupRow);
}

void SqliteTx::InsertGroup(Group& g) {
  auto& s = db_.Prepare(
      "INSERT INTO agent_groups (name, description, is_default, created_at, updated_at) VALUES (?,?,?,?,?)");
  s.Bind(1, g.name).Bind(2, g.description).Bind(3, g.is_default).Bind(4, UnixSeconds(g.created_at));
  s.Bind(5, UnixSeconds(g.updated_at));
  s.Run();
  g.id = db_.LastInsertId();
}

void SqliteTx::UpdateGroup(const Group& g) {
  auto& s = db_.Prepare("UPDATE agent_groups SET name=?, description=?, is_default=?, updated_at=? WHERE id=?");
  s.Bind(1, g.name).Bind(2, g.description).Bind(3, g.is_default).Bind(4, UnixSeconds(g.updated_at)).Bind(5, g.id);
  s.Run();
}

// Groups are soft-deleted: tickets keep pointing at them.
void SqliteTx::DeleteGroup(std::int64_t id) {
  auto& s = db_.Prepare("UPDATE agent_groups SET deleted = 1 WHERE id = ?");
  s.Bind(1, id);
  s.Run();
  auto& m = db_.Prepare("DELETE FROM group_memberships WHERE group_id = ?");
  m.Bind(1, id);
  m.Run();
}

std::optional<GroupMembership> SqliteTx::MembershipById(std::int64_t id) {
  auto& s = db_.Prepare(std::string("SELECT ") + kMembershipCols + " FROM group_memberships WHERE id = ?");
  s.Bind(1, id);
  std::optional<GroupMembership> m;
  if (s.Step()) m = MembershipRow(s);
  s.Reset();
  return m;
}

app::Page<GroupMembership> SqliteTx::ListMemberships(std::optional<std::int64_t> user_id,
                                                     std::optional<std::int64_t> group_id, const app::PageRequest& p) {
  Where w;
  if (user_id) w.Add("user_id = ?", {*user_id});
  if (group_id) w.Add("group_id = ?", {*group_id});
  return Paged<GroupMembership>(db_, kMembershipCols, "group_memberships", w, p, MembershipRow);
}

void SqliteTx::InsertMembership(GroupMembership& m) {
  auto& s = db_.Prepare("INSERT INTO group_memberships (user_id, group_id, is_default, created_at) VALUES (?,?,?,?)");
  s.Bind(1, m.user_id).Bind(2, m.group_id).Bind(3, m.is_default).Bind(4, UnixSeconds(m.created_at));
  s.Run();
  m.id = db_.LastInsertId();
}

void SqliteTx::DeleteMembership(std::int64_t id) {
  auto& s = db_.Prepare("DELETE FROM group_memberships WHERE id = ?");
  s.Bind(1, id);
  s.Run();
}

std::optional<Organization> SqliteTx::OrganizationById(std::int64_t id) {
  auto& s = db_.Prepare(std::string("SELECT ") + kOrgCols + " FROM organizations WHERE id = ?");
  s.Bind(1, id);
  std::optional<Organization> o;
  if (s.Step()) o = OrgRow(s);
  s.Reset();
  return o;
}

app::Page<Organization> SqliteTx::ListOrganizations(const app::PageRequest& p) {
  return Paged<Organization>(db_, kOrgCols, "organizations", Where{}, p, OrgRow);
}

void SqliteTx::InsertOrganization(Organization& o) {
  auto& s = db_.Prepare(
      "INSERT INTO organizations (name, domain_names, details, notes, shared_tickets, shared_comments, tags, "
      "external_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)");
  s.Bind(1, o.name).Bind(2, StringsToJson(o.domain_names)).Bind(3, o.details).Bind(4, o.notes);
  s.Bind(5, o.shared_tickets).Bind(6, o.shared_comments).Bind(7, StringsToJson(o.tags)).Bind(8, o.external_id);
  s.Bind(9, UnixSeconds(o.created_at)).Bind(10, UnixSeconds(o.updated_at));
  s.Run();
  o.id = db_.LastInsertId();
}

void SqliteTx::UpdateOrganization(const Organization& o) {
  auto& s = db_.Prepare(
      "UPDATE organizations SET name=?, domain_names=?, details=?, notes=?, shared_tickets=?, shared_comments=?, "
      "tags=?, external_id=?, updated_at=? WHERE id=?");
  s.Bind(1, o.name).Bind(2, StringsToJson(o.domain_names)).Bind(3, o.details).Bind(4, o.notes);
  s.Bind(5, o.shared_tickets).Bind(6, o.shared_comments).Bind(7, StringsToJson(o.tags)).Bind(8, o.external_id);
  s.Bind(9, UnixSeconds(o.updated_at)).Bind(10, o.id);
  s.Run();
}

// ------------------------------------------------------------------ tickets

std::optional<Ticket> SqliteTx::TicketById(std::int64_t id) {
  auto& s = db_.Prepare(std::string("SELECT ") + kTicketCols + " FROM tickets WHERE id = ?");
  s.Bind(1, id);
  std::optional<Ticket> t;
  if (s.Step()) t = TicketRow(s);
  s.Reset();
  return t;
}

std::vector<Ticket> SqliteTx::TicketsByIds(const std::vector<std::int64_t>& ids) {
  std::vector<Ticket> out;
  for (auto id : ids)
    if (auto t = TicketById(id)) out.push_back(std::move(*t));
  return out;
}

app::Page<Ticket> SqliteTx::ListTickets(const app::TicketFilter& f, const app::PageRequest& p) {
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
  return Paged<Ticket>(db_, kTicketCols, "tickets", w, p, TicketRow);
}

void SqliteTx::WriteCcs(const Ticket& t) {
  auto& d = db_.Prepare("DELETE FROM ticket_ccs WHERE ticket_id = ?");
  d.Bind(1, t.id);
  d.Run();
  for (auto uid : t.collaborator_ids) {
    auto& i = db_.Prepare("INSERT OR IGNORE INTO ticket_ccs (user_id, ticket_id) VALUES (?, ?)");
    i.Bind(1, uid).Bind(2, t.id);
    i.Run();
  }
}

void SqliteTx::InsertTicket(Ticket& t) {
  auto& s = db_.Prepare(
      "INSERT INTO tickets (external_id, type, subject, description, priority, custom_status_id, requester_id, "
      "submitter_id, assignee_id, group_id, organization_id, problem_id, followup_source_id, collaborator_ids, "
      "follower_ids, tags, custom_fields, via_channel, due_at, is_public, created_at, updated_at, version) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  s.Bind(1, t.external_id).Bind(2, TypeText(t)).Bind(3, t.subject).Bind(4, t.description).Bind(5, PriorityText(t));
  s.Bind(6, t.custom_status_id).Bind(7, t.requester_id).Bind(8, t.submitter_id).Bind(9, t.assignee_id);
  s.Bind(10, t.group_id).Bind(11, t.organization_id).Bind(12, t.problem_id).Bind(13, t.followup_source_id);
  s.Bind(14, IdsToJson(t.collaborator_ids)).Bind(15, IdsToJson(t.follower_ids)).Bind(16, StringsToJson(t.tags));
  s.Bind(17, FieldsToJson(t.custom_fields)).Bind(18, t.via_channel).Bind(19, DueText(t)).Bind(20, t.is_public);
  s.Bind(21, UnixSeconds(t.created_at)).Bind(22, UnixSeconds(t.updated_at)).Bind(23, t.version);
  s.Run();
  t.id = db_.LastInsertId();
  WriteCcs(t);
}

bool SqliteTx::UpdateTicket(const Ticket& t, std::int64_t expected_version) {
  auto& s = db_.Prepare(
      "UPDATE tickets SET external_id=?, type=?, subject=?, description=?, priority=?, custom_status_id=?, "
      "requester_id=?, submitter_id=?, assignee_id=?, group_id=?, organization_id=?, problem_id=?, "
      "followup_source_id=?, collaborator_ids=?, follower_ids=?, tags=?, custom_fields=?, via_channel=?, due_at=?, "
      "is_public=?, updated_at=?, version=? WHERE id=? AND version=?");
  s.Bind(1, t.external_id).Bind(2, TypeText(t)).Bind(3, t.subject).Bind(4, t.description).Bind(5, PriorityText(t));
  s.Bind(6, t.custom_status_id).Bind(7, t.requester_id).Bind(8, t.submitter_id).Bind(9, t.assignee_id);
  s.Bind(10, t.group_id).Bind(11, t.organization_id).Bind(12, t.problem_id).Bind(13, t.followup_source_id);
  s.Bind(14, IdsToJson(t.collaborator_ids)).Bind(15, IdsToJson(t.follower_ids)).Bind(16, StringsToJson(t.tags));
  s.Bind(17, FieldsToJson(t.custom_fields)).Bind(18, t.via_channel).Bind(19, DueText(t)).Bind(20, t.is_public);
  s.Bind(21, UnixSeconds(t.updated_at)).Bind(22, t.version).Bind(23, t.id).Bind(24, expected_version);
  s.Run();
  if (db_.Changes() != 1) return false;
  WriteCcs(t);
  return true;
}

void SqliteTx::InsertAudit(Audit& a) {
  auto& s = db_.Prepare("INSERT INTO audits (ticket_id, author_id, via_channel, created_at) VALUES (?,?,?,?)");
  s.Bind(1, a.ticket_id).Bind(2, a.author_id).Bind(3, a.via_channel).Bind(4, UnixSeconds(a.created_at));
  s.Run();
  a.id = db_.LastInsertId();
  for (auto& e : a.events) {
    auto& ev = db_.Prepare(
        "INSERT INTO events (audit_id, ticket_id, type, field_name, value, previous_value, comment_id) "
        "VALUES (?,?,?,?,?,?,?)");
    ev.Bind(1, a.id).Bind(2, a.ticket_id).Bind(3, e.type).Bind(4, e.field_name).Bind(5, e.value);
    ev.Bind(6, e.previous_value).Bind(7, e.comment_id ? std::optional<std::int64_t>(e.comment_id) : std::nullopt);
    ev.Run();
    e.id = db_.LastInsertId();
    if (e.comment_id) {
      auto& c = db_.Prepare("UPDATE comments SET audit_id = ? WHERE id = ?");
      c.Bind(1, a.id).Bind(2, e.comment_id);
      c.Run();
    }
  }
}

void SqliteTx::InsertComment(Comment& c) {
  auto& s = db_.Prepare(
      "INSERT INTO comments (ticket_id, author_id, body, html_body, is_public, via_channel, created_at) "
      "VALUES (?,?,?,?,?,?,?)");
  s.Bind(1, c.ticket_id).Bind(2, c.author_id).Bind(3, c.body).Bind(4, c.html_body).Bind(5, c.is_public);
  s.Bind(6, c.via_channel).Bind(7, UnixSeconds(c.created_at));
  s.Run();
  c.id = db_.LastInsertId();
}

app::Page<Comment> SqliteTx::CommentsOf(std::int64_t ticket_id, bool public_only, const app::PageRequest& p) {
  Where w;
  w.Add("ticket_id = ?", {ticket_id});
  if (public_only) w.Add("is_public = 1");
  return Paged<Comment>(db_, rows::kCommentCols, "comments", w, p, rows::CommentRow);
}

std::int64_t SqliteTx::CommentCount(std::int64_t ticket_id) {
  auto& s = db_.Prepare("SELECT count(*) FROM comments WHERE ticket_id = ?");
  s.Bind(1, ticket_id);
  std::int64_t n = 0;
  if (s.Step()) n = s.Int(0);
  s.Reset();
  return n;
}

// ------------------------------------------------------------------ ticket fields

std::vector<app::TicketField> SqliteTx::ListTicketFields() {
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

std::optional<app::TicketField> SqliteTx::TicketFieldById(std::int64_t id) {
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

void SqliteTx::WriteOptions(const app::TicketField& f) {
  // Options keep their ids when their value stays; removed ones disappear.
  auto& d = db_.Prepare("DELETE FROM ticket_field_options WHERE field_id = ?");
  d.Bind(1, f.id);
  d.Run();
  std::int64_t pos = 0;
  for (const auto& o : f.options) {
    auto& i = db_.Prepare(
        "INSERT INTO ticket_field_options (id, field_id, name, value, is_default, position) VALUES (?,?,?,?,?,?)");
    i.Bind(1, o.id ? std::optional<std::int64_t>(o.id) : std::nullopt).Bind(2, f.id).Bind(3, o.name).Bind(4, o.value);
    i.Bind(5, o.is_default).Bind(6, ++pos);
    i.Run();
  }
}

void SqliteTx::InsertTicketField(app::TicketField& f) {
  auto& s = db_.Prepare(
      "INSERT INTO ticket_fields (type, key, title, description, title_in_portal, active, required, visible_in_portal, "
      "editable_in_portal, required_in_portal, system, read_only, position, created_at, updated_at) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,0,0,?,?,?)");
  s.Bind(1, f.type).Bind(2, f.key).Bind(3, f.title).Bind(4, f.description).Bind(5, f.title_in_portal);
  s.Bind(6, f.active).Bind(7, f.required).Bind(8, f.visible_in_portal).Bind(9, f.editable_in_portal);
  s.Bind(10, f.required_in_portal).Bind(11, f.position).Bind(12, UnixSeconds(f.created_at));
  s.Bind(13, UnixSeconds(f.updated_at));
  s.Run();
  f.id = db_.LastInsertId();
  WriteOptions(f);
  if (auto back = TicketFieldById(f.id)) f.options = back->options;
}

void SqliteTx::UpdateTicketField(const app::TicketField& f) {
  auto& s = db_.Prepare(
      "UPDATE ticket_fields SET title=?, description=?, title_in_portal=?, active=?, required=?, "
      "visible_in_portal=?, editable_in_portal=?, required_in_portal=?, position=?, updated_at=? WHERE id=?");
  s.Bind(1, f.title).Bind(2, f.description).Bind(3, f.title_in_portal).Bind(4, f.active).Bind(5, f.required);
  s.Bind(6, f.visible_in_portal).Bind(7, f.editable_in_portal).Bind(8, f.required_in_portal).Bind(9, f.position);
  s.Bind(10, UnixSeconds(f.updated_at)).Bind(11, f.id);
  s.Run();
  if (!f.system) WriteOptions(f);
}

}  // namespace chamado::sqlite
