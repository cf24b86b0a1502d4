#include "app/directory.hpp"

#include <algorithm>

#include "app/caller_checks.hpp"
#include "app/staff.hpp"

namespace chamado::app {
namespace {

// ---- schedules: a group's calendar must exist (docs/calendars.md).
Result<void> CheckSchedule(ReadTx& tx, std::optional<std::int64_t> schedule_id) {
  if (schedule_id && !tx.ScheduleById(*schedule_id))
    return Fail(Error::Invalid("chamado_schedule_id", "InvalidValue",
                               "Schedule: " + std::to_string(*schedule_id) + " does not exist"));
  return {};
}

// Applies user fields; `self_service` limits an end user to their own profile fields.
Result<void> ApplyUserInput(ReadTx& tx, User& u, const UserInput& in, bool self_service) {
  if (in.name) {
    if (in.name->empty() || in.name->size() > 255)
      return Fail(Error::Invalid("name", "BlankValue", "Name: cannot be blank (at most 255 characters)"));
    u.name = *in.name;
  }
  if (in.locale) {
    if (!IsSupportedLocale(*in.locale))
      return Fail(Error::Invalid("locale", "InvalidValue", "Locale: '" + *in.locale + "' is not one of pt-BR, es, en"));
    u.locale = *in.locale;
  }
  if (in.time_zone) {
    if (in.time_zone->empty() || in.time_zone->size() > 64)
      return Fail(Error::Invalid("time_zone", "InvalidValue", "Time zone: must be an IANA zone name"));
    u.time_zone = *in.time_zone;
  }
  if (in.phone) {
    if (in.phone->size() > 32) return Fail(Error::Invalid("phone", "InvalidValue", "Phone: is too long"));
    u.phone = *in.phone;
  }
  if (self_service) return {};
  if (in.email) {
    auto e = NormalizeEmail(*in.email);
    if (e.empty())
      return Fail(Error::Invalid("email", "InvalidValue", "Email: '" + *in.email + "' is not a valid e-mail address"));
    if (auto other = tx.UserByEmail(e); other && other->id != u.id)
      return Fail(Error::Invalid("email", "DuplicateValue", "Email: " + e + " is already being used by another user"));
    u.email = e;
  }
  if (in.role) {
    auto r = ParseRole(*in.role);
    if (!r)
      return Fail(Error::Invalid("role", "InvalidValue", "Role: '" + *in.role + "' is not end-user, agent or admin"));
    u.role = *r;
  }
  if (in.organization_id) {
    if (*in.organization_id && !tx.OrganizationById(**in.organization_id))
      return Fail(Error::Invalid("organization_id", "InvalidValue", "Organization: does not exist"));
    u.organization_id = *in.organization_id;
  }
  if (in.default_group_id) {
    if (*in.default_group_id && !tx.GroupById(**in.default_group_id))
      return Fail(Error::Invalid("default_group_id", "InvalidValue", "Group: does not exist"));
    u.default_group_id = *in.default_group_id;
  }
  if (in.tags) u.tags = NormalizeTags(*in.tags);
  if (in.external_id) u.external_id = *in.external_id;
  if (in.notes) u.notes = *in.notes;
  if (in.verified) u.verified = *in.verified;
  if (in.suspended) u.suspended = *in.suspended;
  return {};
}

template <typename T, typename F>
Result<T> ReadOne(Store& store, F&& f) {
  std::optional<T> out;
  auto r = store.Read([&](ReadTx& tx) -> Result<void> {
    out = f(tx);
    return {};
  });
  if (!r) return Fail(r.error());
  if (!out) return Fail(Error::NotFound());
  return *out;
}

}  // namespace

// ---------------------------------------------------------------- users

Result<User> DirectoryService::ShowUser(const Caller& c, std::int64_t id) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  auto u = ReadOne<User>(store_, [&](ReadTx& tx) { return tx.UserById(id); });
  if (!u) return u;
  if (!CanSeeUser(c, *u)) return Fail(Error::NotFound());
  return u;
}

Result<User> DirectoryService::CreateUser(const Caller& c, const UserInput& in) {
  if (auto ok = RequireStaff(c); !ok) return Fail(ok.error());
  if (!in.name || in.name->empty()) return Fail(Error::Invalid("name", "BlankValue", "Name: cannot be blank"));
  if (!in.email) return Fail(Error::Invalid("email", "BlankValue", "Email: cannot be blank"));
  const auto role = in.role ? ParseRole(*in.role) : std::optional<Role>(Role::kEndUser);
  if (role && *role != Role::kEndUser && !c.IsAdmin())
    return Fail(Error::Forbidden("Only admins can create agents and admins"));
  User u;
  const Instant now = clock_.Now();
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    if (auto ok = ApplyUserInput(tx, u, in, false); !ok) return ok;
    u.created_at = u.updated_at = now;
    tx.InsertUser(u);
    return {};
  });
  if (!r) return Fail(r.error());
  return u;
}

Result<User> DirectoryService::UpdateUser(const Caller& c, std::int64_t id, const UserInput& in) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  const bool self_service = !c.IsStaff();
  if (self_service && c.user_id != id) return Fail(Error::NotFound());
  if (in.role && !c.IsAdmin()) return Fail(Error::Forbidden("Only admins can change roles"));
  User u;
  const Instant now = clock_.Now();
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    auto found = tx.UserById(id);
    if (!found) return Fail(Error::NotFound());
    u = *found;
    if (IsStaff(u.role) && !c.IsAdmin() && c.user_id != id)
      return Fail(Error::Forbidden("Only admins can change agents"));
    if (auto ok = ApplyUserInput(tx, u, in, self_service); !ok) return ok;
    u.updated_at = now;
    tx.UpdateUser(u);
    return {};
  });
  if (!r) return Fail(r.error());
  return u;
}

Result<Page<User>> DirectoryService::ListUsers(const Caller& c, const UserFilter& f, const PageRequest& p) {
  if (auto ok = RequireStaff(c); !ok) return Fail(ok.error());
  Page<User> page;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    page = tx.ListUsers(f, p);
    return {};
  });
  if (!r) return Fail(r.error());
  return page;
}

Result<std::vector<Identity>> DirectoryService::Identities(const Caller& c, std::int64_t user_id) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsStaff() && c.user_id != user_id) return Fail(Error::NotFound());
  std::vector<Identity> out;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    if (!tx.UserById(user_id)) return Fail(Error::NotFound());
    out = tx.IdentitiesOf(user_id);
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

Result<std::vector<User>> DirectoryService::UsersByIds(const std::vector<std::int64_t>& ids) {
  std::vector<User> out;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    out = tx.UsersByIds(ids);
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

// ---------------------------------------------------------------- groups

Result<Page<Group>> DirectoryService::ListGroups(const Caller& c, const PageRequest& p) {
  if (auto ok = RequireStaff(c); !ok) return Fail(ok.error());
  Page<Group> page;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    page = tx.ListGroups(p);
    return {};
  });
  if (!r) return Fail(r.error());
  return page;
}

Result<Group> DirectoryService::ShowGroup(const Caller& c, std::int64_t id) {
  if (auto ok = RequireStaff(c); !ok) return Fail(ok.error());
  return ReadOne<Group>(store_, [&](ReadTx& tx) { return tx.GroupById(id); });
}

Result<Group> DirectoryService::CreateGroup(const Caller& c, const GroupInput& in) {
  if (auto ok = RequireAdmin(c); !ok) return Fail(ok.error());
  if (!in.name || in.name->empty()) return Fail(Error::Invalid("name", "BlankValue", "Name: cannot be blank"));
  Group g;
  g.name = *in.name;
  g.description = in.description.value_or("");
  g.is_default = in.is_default.value_or(false);
  g.schedule_id = in.schedule_id.value_or(std::nullopt);
  g.created_at = g.updated_at = clock_.Now();
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    if (auto ok = CheckSchedule(tx, g.schedule_id); !ok) return ok;
    tx.InsertGroup(g);
    return {};
  });
  if (!r) return Fail(r.error());
  return g;
}

Result<Group> DirectoryService::UpdateGroup(const Caller& c, std::int64_t id, const GroupInput& in) {
  if (auto ok = RequireAdmin(c); !ok) return Fail(ok.error());
  Group g;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    auto found = tx.GroupById(id);
    if (!found) return Fail(Error::NotFound());
    g = *found;
    if (in.name) {
      if (in.name->empty()) return Fail(Error::Invalid("name", "BlankValue", "Name: cannot be blank"));
      g.name = *in.name;
    }
    if (in.description) g.description = *in.description;
    if (in.is_default) g.is_default = *in.is_default;
    if (in.schedule_id) g.schedule_id = *in.schedule_id;
    if (auto ok = CheckSchedule(tx, g.schedule_id); !ok) return ok;
    g.updated_at = clock_.Now();
    tx.UpdateGroup(g);
    return {};
  });
  if (!r) return Fail(r.error());
  return g;
}

Result<void> DirectoryService::DeleteGroup(const Caller& c, std::int64_t id) {
  if (auto ok = RequireAdmin(c); !ok) return Fail(ok.error());
  return store_.Write([&](WriteTx& tx) -> Result<void> {
    if (!tx.GroupById(id)) return Fail(Error::NotFound());
    tx.DeleteGroup(id);
    return {};
  });
}

Result<Page<GroupMembership>> DirectoryService::ListMemberships(const Caller& c, std::optional<std::int64_t> user_id,
                                                                std::optional<std::int64_t> group_id,
                                                                const PageRequest& p) {
  if (auto ok = RequireStaff(c); !ok) return Fail(ok.error());
  Page<GroupMembership> page;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    page = tx.ListMemberships(user_id, group_id, p);
    return {};
  });
  if (!r) return Fail(r.error());
  return page;
}

Result<GroupMembership> DirectoryService::CreateMembership(const Caller& c, std::int64_t user_id, std::int64_t group_id,
                                                           bool is_default) {
  if (auto ok = RequireAdmin(c); !ok) return Fail(ok.error());
  GroupMembership m;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    auto u = tx.UserById(user_id);
    if (!u) return Fail(Error::Invalid("user_id", "InvalidValue", "User: does not exist"));
    if (!IsStaff(u->role))
      return Fail(Error::Invalid("user_id", "InvalidValue", "User: only agents can be group members"));
    if (!tx.GroupById(group_id)) return Fail(Error::Invalid("group_id", "InvalidValue", "Group: does not exist"));
    auto existing = tx.ListMemberships(user_id, group_id, PageRequest{});
    if (!existing.items.empty())
      return Fail(Error::Invalid("user_id", "DuplicateValue", "User: is already a member of this group"));
    m.user_id = user_id;
    m.group_id = group_id;
    m.is_default = is_default;
    m.created_at = clock_.Now();
    tx.InsertMembership(m);
    return {};
  });
  if (!r) return Fail(r.error());
  return m;
}

Result<void> DirectoryService::DeleteMembership(const Caller& c, std::int64_t id) {
  if (auto ok = RequireAdmin(c); !ok) return Fail(ok.error());
  return store_.Write([&](WriteTx& tx) -> Result<void> {
    if (!tx.MembershipById(id)) return Fail(Error::NotFound());
    tx.DeleteMembership(id);
    return {};
  });
}

// ---------------------------------------------------------------- organizations

namespace {
Result<void> ApplyOrgInput(Organization& o, const OrganizationInput& in) {
  if (in.name) {
    if (in.name->empty()) return Fail(Error::Invalid("name", "BlankValue", "Name: cannot be blank"));
    o.name = *in.name;
  }
  if (in.details) o.details = *in.details;
  if (in.notes) o.notes = *in.notes;
  if (in.external_id) o.external_id = *in.external_id;
  if (in.domain_names) o.domain_names = NormalizeTags(*in.domain_names);
  if (in.tags) o.tags = NormalizeTags(*in.tags);
  if (in.shared_tickets) o.shared_tickets = *in.shared_tickets;
  if (in.shared_comments) o.shared_comments = *in.shared_comments;
  return {};
}
}  // namespace

Result<Page<Organization>> DirectoryService::ListOrganizations(const Caller& c, const PageRequest& p) {
  if (auto ok = RequireStaff(c); !ok) return Fail(ok.error());
  Page<Organization> page;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    page = tx.ListOrganizations(p);
    return {};
  });
  if (!r) return Fail(r.error());
  return page;
}

Result<Organization> DirectoryService::ShowOrganization(const Caller& c, std::int64_t id) {
  if (auto ok = RequireStaff(c); !ok) return Fail(ok.error());
  return ReadOne<Organization>(store_, [&](ReadTx& tx) { return tx.OrganizationById(id); });
}

Result<Organization> DirectoryService::CreateOrganization(const Caller& c, const OrganizationInput& in) {
  if (auto ok = RequireAdmin(c); !ok) return Fail(ok.error());
  if (!in.name || in.name->empty()) return Fail(Error::Invalid("name", "BlankValue", "Name: cannot be blank"));
  Organization o;
  if (auto ok = ApplyOrgInput(o, in); !ok) return Fail(ok.error());
  o.created_at = o.updated_at = clock_.Now();
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    tx.InsertOrganization(o);
    return {};
  });
  if (!r) return Fail(r.error());
  return o;
}

Result<Organization> DirectoryService::UpdateOrganization(const Caller& c, std::int64_t id,
                                                          const OrganizationInput& in) {
  if (auto ok = RequireAdmin(c); !ok) return Fail(ok.error());
  Organization o;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    auto found = tx.OrganizationById(id);
    if (!found) return Fail(Error::NotFound());
    o = *found;
    if (auto ok = ApplyOrgInput(o, in); !ok) return ok;
    o.updated_at = clock_.Now();
    tx.UpdateOrganization(o);
    return {};
  });
  if (!r) return Fail(r.error());
  return o;
}

// ---------------------------------------------------------------- ticket fields

Result<std::vector<TicketField>> DirectoryService::ListTicketFields(const Caller& c) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  std::vector<TicketField> out;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    out = tx.ListTicketFields();
    return {};
  });
  if (!r) return Fail(r.error());
  if (!c.IsStaff()) std::erase_if(out, [](const TicketField& f) { return !f.visible_in_portal || !f.active; });
  return out;
}

Result<TicketField> DirectoryService::ShowTicketField(const Caller& c, std::int64_t id) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  auto f = ReadOne<TicketField>(store_, [&](ReadTx& tx) { return tx.TicketFieldById(id); });
  if (f && !c.IsStaff() && !f->visible_in_portal) return Fail(Error::NotFound());
  return f;
}

namespace {
const std::vector<std::string>& CustomFieldTypes() {
  static const std::vector<std::string> k{"text",    "textarea", "checkbox", "date",       "integer",
                                          "decimal", "regexp",   "tagger",   "multiselect"};
  return k;
}

Result<void> ApplyFieldInput(TicketField& f, const TicketFieldInput& in) {
  if (in.title) {
    if (in.title->empty()) return Fail(Error::Invalid("title", "BlankValue", "Title: cannot be blank"));
    f.title = *in.title;
  }
  if (in.description) f.description = *in.description;
  if (in.title_in_portal) f.title_in_portal = *in.title_in_portal;
  if (in.active) f.active = *in.active;
  if (in.required) f.required = *in.required;
  if (in.visible_in_portal) f.visible_in_portal = *in.visible_in_portal;
  if (in.editable_in_portal) f.editable_in_portal = *in.editable_in_portal;
  if (in.required_in_portal) f.required_in_portal = *in.required_in_portal;
  if (in.position) f.position = *in.position;
  if (in.options) {
    if (f.type != "tagger" && f.type != "multiselect")
      return Fail(Error::Invalid("custom_field_options", "InvalidValue",
                                 "Options: only tagger and multiselect fields have options"));
    std::vector<FieldOption> opts;
    for (auto o : *in.options) {
      if (o.name.empty() || o.value.empty())
        return Fail(Error::Invalid("custom_field_options", "BlankValue", "Options: each needs a name and a value"));
      auto old =
          std::find_if(f.options.begin(), f.options.end(), [&](const FieldOption& x) { return x.value == o.value; });
      if (old != f.options.end()) o.id = old->id;
      opts.push_back(o);
    }
    f.options = std::move(opts);
  }
  return {};
}
}  // namespace

Result<TicketField> DirectoryService::CreateTicketField(const Caller& c, const TicketFieldInput& in) {
  if (auto ok = RequireAdmin(c); !ok) return Fail(ok.error());
  if (!in.type || std::find(CustomFieldTypes().begin(), CustomFieldTypes().end(), *in.type) == CustomFieldTypes().end())
    return Fail(Error::Invalid(
        "type", "InvalidValue",
        "Type: must be one of text, textarea, checkbox, date, integer, decimal, regexp, tagger, multiselect"));
  if (!in.title || in.title->empty()) return Fail(Error::Invalid("title", "BlankValue", "Title: cannot be blank"));
  TicketField f;
  f.type = *in.type;
  f.key = in.key.value_or("");
  if (auto ok = ApplyFieldInput(f, in); !ok) return Fail(ok.error());
  f.created_at = f.updated_at = clock_.Now();
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    tx.InsertTicketField(f);
    return {};
  });
  if (!r) return Fail(r.error());
  return f;
}

Result<TicketField> DirectoryService::UpdateTicketField(const Caller& c, std::int64_t id, const TicketFieldInput& in) {
  if (auto ok = RequireAdmin(c); !ok) return Fail(ok.error());
  TicketField f;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    auto found = tx.TicketFieldById(id);
    if (!found) return Fail(Error::NotFound());
    f = *found;
    if (in.type && *in.type != f.type) return Fail(Error::Invalid("type", "InvalidValue", "Type: cannot be changed"));
    if (f.system && (in.options || in.active))
      return Fail(Error::Invalid("base", "InvalidValue", "System fields keep their options and stay active"));
    if (auto ok = ApplyFieldInput(f, in); !ok) return ok;
    f.updated_at = clock_.Now();
    tx.UpdateTicketField(f);
    return {};
  });
  if (!r) return Fail(r.error());
  return f;
}

// ---------------------------------------------------------------- operator commands

Result<User> DirectoryService::AdminAddUser(const std::string& email, const std::string& name, Role role,
                                            const std::optional<std::string>& password) {
  UserInput in;
  in.email = email;
  in.name = name;
  in.role = std::string(RoleName(role));
  if (name.empty()) return Fail(Error::Invalid("name", "BlankValue", "Name: cannot be blank"));
  std::string hash;
  if (password) {
    if (password->size() < 8) return Fail(Error::Invalid("password", "TooShort", "Password: at least 8 characters"));
    hash = crypto_.HashPassword(*password);
  }
  User u;
  const Instant now = clock_.Now();
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    if (auto ok = ApplyUserInput(tx, u, in, false); !ok) return ok;
    u.verified = true;
    u.created_at = u.updated_at = now;
    tx.InsertUser(u);
    if (!hash.empty()) tx.SetPasswordHash(u.id, hash);
    return {};
  });
  if (!r) return Fail(r.error());
  return u;
}

Result<void> DirectoryService::AdminSetPassword(const std::string& email, const std::string& password) {
  if (password.size() < 8) return Fail(Error::Invalid("password", "TooShort", "Password: at least 8 characters"));
  const std::string hash = crypto_.HashPassword(password);
  return store_.Write([&](WriteTx& tx) -> Result<void> {
    auto u = tx.UserByEmail(NormalizeEmail(email));
    if (!u) return Fail(Error::Invalid("email", "NotFound", "No user with e-mail " + email));
    tx.SetPasswordHash(u->id, hash);
    return {};
  });
}

Result<std::string> DirectoryService::AdminAddToken(const std::string& email, const std::string& description) {
  std::string token;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    auto u = tx.UserByEmail(NormalizeEmail(email));
    if (!u) return Fail(Error::Invalid("email", "NotFound", "No user with e-mail " + email));
    // The operator's command: any user (the test harness gives customers tokens too).
    token = IssueApiToken(tx, crypto_, *u, description, clock_.Now(), std::nullopt, "").value;
    return {};
  });
  if (!r) return Fail(r.error());
  return token;
}

}  // namespace chamado::app
