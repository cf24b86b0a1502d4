// Users, identities, groups, memberships, organizations, ticket fields.
#include "adapters/http/api.hpp"
#include "adapters/http/error_mapping.hpp"
#include "adapters/http/json_input.hpp"
#include "adapters/http/paging.hpp"

namespace chamado::http {
namespace {

Result<app::UserInput> ParseUserInput(const json::object& o) {
  FieldReader fr(o);
  app::UserInput in;
  in.name = fr.Str("name");
  in.email = fr.Str("email");
  in.role = fr.Str("role");
  in.phone = fr.Str("phone");
  in.time_zone = fr.Str("time_zone");
  if (auto tz = fr.Str("iana_time_zone")) in.time_zone = tz;
  in.locale = fr.Str("locale");
  in.external_id = fr.Str("external_id");
  in.notes = fr.Str("notes");
  in.organization_id = fr.NullableInt("organization_id");
  in.default_group_id = fr.NullableInt("default_group_id");
  in.tags = fr.StrList("tags");
  in.verified = fr.Bool("verified");
  in.suspended = fr.Bool("suspended");
  if (!fr.ok()) return Fail(fr.error());
  return in;
}

Result<app::GroupInput> ParseGroupInput(const json::object& o) {
  FieldReader fr(o);
  app::GroupInput in;
  in.name = fr.Str("name");
  in.description = fr.Str("description");
  in.is_default = fr.Bool("default");
  in.schedule_id = fr.NullableInt("chamado_schedule_id");  // ---- schedules
  if (!fr.ok()) return Fail(fr.error());
  return in;
}

Result<app::OrganizationInput> ParseOrgInput(const json::object& o) {
  FieldReader fr(o);
  app::OrganizationInput in;
  in.name = fr.Str("name");
  in.details = fr.Str("details");
  in.notes = fr.Str("notes");
  in.external_id = fr.Str("external_id");
  in.domain_names = fr.StrList("domain_names");
  in.tags = fr.StrList("tags");
  in.shared_tickets = fr.Bool("shared_tickets");
  in.shared_comments = fr.Bool("shared_comments");
  if (!fr.ok()) return Fail(fr.error());
  return in;
}

Result<app::TicketFieldInput> ParseFieldInput(const json::object& o) {
  FieldReader fr(o);
  app::TicketFieldInput in;
  in.type = fr.Str("type");
  in.title = fr.Str("title");
  in.description = fr.Str("description");
  in.title_in_portal = fr.Str("title_in_portal");
  in.key = fr.Str("key");
  in.active = fr.Bool("active");
  in.required = fr.Bool("required");
  in.visible_in_portal = fr.Bool("visible_in_portal");
  in.editable_in_portal = fr.Bool("editable_in_portal");
  in.required_in_portal = fr.Bool("required_in_portal");
  in.position = fr.Int("position");
  if (auto* v = o.if_contains("custom_field_options"); v && !v->is_null()) {
    if (!v->is_array()) {
      fr.Invalid("custom_field_options", "Options: must be an array of {name, value}");
    } else {
      std::vector<app::FieldOption> opts;
      for (const auto& e : v->as_array()) {
        if (!e.is_object()) {
          fr.Invalid("custom_field_options", "Options: must be an array of {name, value}");
          break;
        }
        FieldReader or_(e.as_object());
        app::FieldOption op;
        op.name = or_.Str("name").value_or("");
        op.value = or_.Str("value").value_or("");
        op.is_default = or_.Bool("default").value_or(false);
        if (!or_.ok()) fr.Invalid("custom_field_options", "Options: name and value must be strings");
        opts.push_back(op);
      }
      in.options = opts;
    }
  }
  if (!fr.ok()) return Fail(fr.error());
  return in;
}

template <typename T, typename ToJson>
Response PageResponse(Ctx& c, const char* root, const Result<app::Page<T>>& page, const Paging& p, ToJson to_json) {
  if (!page) return ErrorResponse(page.error());
  json::array arr;
  for (const auto& x : page->items) arr.push_back(to_json(x));
  json::object body{{root, std::move(arr)}};
  AddPagingFor(body, c.req, c.urls, p, *page);
  return JsonResponse(200, body);
}

template <typename T, typename ToJson>
Response One(int status, const char* root, const Result<T>& r, ToJson to_json) {
  if (!r) return ErrorResponse(r.error());
  return JsonResponse(status, json::object{{root, to_json(*r)}});
}

}  // namespace

void AddPeopleRoutes(Router& r, ApiDeps& d) {
  // ---- users
  r.Add("GET", "/api/v2/users/me", AuthMode::kLenient, [&d](Ctx& c) {
    if (c.caller.anonymous) return JsonResponse(200, json::object{{"user", AnonymousUserJson()}});
    return One(200, "user", d.directory.ShowUser(c.caller, c.caller.user_id),
               [&](const User& u) { return UserJson(u, c.urls); });
  });
  r.Add("GET", "/api/v2/users/search", AuthMode::kRequired, [&d](Ctx& c) {
    auto p = ParsePaging(c.req, false);
    if (!p) return ErrorResponse(p.error());
    app::UserFilter f;
    if (auto* q = c.req.Query("query"))
      f.text = *q;
    else if (auto* e = c.req.Query("email"))
      f.text = *e;
    else if (auto* x = c.req.Query("external_id"))
      f.text = *x;
    return PageResponse(c, "users", d.directory.ListUsers(c.caller, f, p->req), *p,
                        [&](const User& u) { return UserJson(u, c.urls); });
  });
  r.Add("GET", "/api/v2/users", AuthMode::kRequired, [&d](Ctx& c) {
    auto p = ParsePaging(c.req, true);
    if (!p) return ErrorResponse(p.error());
    app::UserFilter f;
    for (auto [it, end] = c.req.query.equal_range("role"); it != end; ++it) {
      auto role = ParseRole(it->second);
      if (!role) return ErrorResponse(Error::BadRequest("role must be end-user, agent or admin"));
      f.roles.push_back(*role);
    }
    for (auto [it, end] = c.req.query.equal_range("role[]"); it != end; ++it)
      if (auto role = ParseRole(it->second)) f.roles.push_back(*role);
    return PageResponse(c, "users", d.directory.ListUsers(c.caller, f, p->req), *p,
                        [&](const User& u) { return UserJson(u, c.urls); });
  });
  r.Add("POST", "/api/v2/users", AuthMode::kRequired, [&d](Ctx& c) {
    auto obj = ParseRoot(c.req.body, "user");
    if (!obj) return ErrorResponse(obj.error());
    auto in = ParseUserInput(*obj);
    if (!in) return ErrorResponse(in.error());
    return One(201, "user", d.directory.CreateUser(c.caller, *in), [&](const User& u) { return UserJson(u, c.urls); });
  });
  r.Add("GET", "/api/v2/users/:id", AuthMode::kRequired, [&d](Ctx& c) {
    return One(200, "user", d.directory.ShowUser(c.caller, c.ids[0]),
               [&](const User& u) { return UserJson(u, c.urls); });
  });
  r.Add("PUT", "/api/v2/users/:id", AuthMode::kRequired, [&d](Ctx& c) {
    auto obj = ParseRoot(c.req.body, "user");
    if (!obj) return ErrorResponse(obj.error());
    auto in = ParseUserInput(*obj);
    if (!in) return ErrorResponse(in.error());
    return One(200, "user", d.directory.UpdateUser(c.caller, c.ids[0], *in),
               [&](const User& u) { return UserJson(u, c.urls); });
  });
  r.Add("GET", "/api/v2/users/:id/identities", AuthMode::kRequired, [&d](Ctx& c) {
    auto ids = d.directory.Identities(c.caller, c.ids[0]);
    if (!ids) return ErrorResponse(ids.error());
    json::array arr;
    for (const auto& i : *ids) arr.push_back(IdentityJson(i, c.urls));
    return JsonResponse(200, json::object{{"identities", std::move(arr)},
                                          {"next_page", nullptr},
                                          {"previous_page", nullptr},
                                          {"count", static_cast<std::int64_t>(ids->size())}});
  });
  r.Add("GET", "/api/v2/users/:id/group_memberships", AuthMode::kRequired, [&d](Ctx& c) {
    auto p = ParsePaging(c.req, true);
    if (!p) return ErrorResponse(p.error());
    return PageResponse(c, "group_memberships", d.directory.ListMemberships(c.caller, c.ids[0], std::nullopt, p->req),
                        *p, [&](const GroupMembership& m) { return MembershipJson(m, c.urls); });
  });

  // ---- groups
  r.Add("GET", "/api/v2/groups", AuthMode::kRequired, [&d](Ctx& c) {
    auto p = ParsePaging(c.req, true);
    if (!p) return ErrorResponse(p.error());
    return PageResponse(c, "groups", d.directory.ListGroups(c.caller, p->req), *p,
                        [&](const Group& g) { return GroupJson(g, c.urls); });
  });
  r.Add("POST", "/api/v2/groups", AuthMode::kRequired, [&d](Ctx& c) {
    auto obj = ParseRoot(c.req.body, "group");
    if (!obj) return ErrorResponse(obj.error());
    auto in = ParseGroupInput(*obj);
    if (!in) return ErrorResponse(in.error());
    return One(201, "group", d.directory.CreateGroup(c.caller, *in),
               [&](const Group& g) { return GroupJson(g, c.urls); });
  });
  r.Add("GET", "/api/v2/groups/:id", AuthMode::kRequired, [&d](Ctx& c) {
    return One(200, "group", d.directory.ShowGroup(c.caller, c.ids[0]),
               [&](const Group& g) { return GroupJson(g, c.urls); });
  });
  r.Add("PUT", "/api/v2/groups/:id", AuthMode::kRequired, [&d](Ctx& c) {
    auto obj = ParseRoot(c.req.body, "group");
    if (!obj) return ErrorResponse(obj.error());
    auto in = ParseGroupInput(*obj);
    if (!in) return ErrorResponse(in.error());
    return One(200, "group", d.directory.UpdateGroup(c.caller, c.ids[0], *in),
               [&](const Group& g) { return GroupJson(g, c.urls); });
  });
  r.Add("DELETE", "/api/v2/groups/:id", AuthMode::kRequired, [&d](Ctx& c) {
    auto res = d.directory.DeleteGroup(c.caller, c.ids[0]);
    if (!res) return ErrorResponse(res.error());
    Response resp;
    resp.status = 204;
    return resp;
  });
  r.Add("GET", "/api/v2/groups/:id/memberships", AuthMode::kRequired, [&d](Ctx& c) {
    auto p = ParsePaging(c.req, true);
    if (!p) return ErrorResponse(p.error());
    return PageResponse(c, "group_memberships", d.directory.ListMemberships(c.caller, std::nullopt, c.ids[0], p->req),
                        *p, [&](const GroupMembership& m) { return MembershipJson(m, c.urls); });
  });

  // ---- group memberships
  r.Add("GET", "/api/v2/group_memberships", AuthMode::kRequired, [&d](Ctx& c) {
    auto p = ParsePaging(c.req, true);
    if (!p) return ErrorResponse(p.error());
    return PageResponse(c, "group_memberships",
                        d.directory.ListMemberships(c.caller, std::nullopt, std::nullopt, p->req), *p,
                        [&](const GroupMembership& m) { return MembershipJson(m, c.urls); });
  });
  r.Add("POST", "/api/v2/group_memberships", AuthMode::kRequired, [&d](Ctx& c) {
    auto obj = ParseRoot(c.req.body, "group_membership");
    if (!obj) return ErrorResponse(obj.error());
    FieldReader fr(*obj);
    auto user_id = fr.Int("user_id");
    auto group_id = fr.Int("group_id");
    auto def = fr.Bool("default");
    if (!fr.ok()) return ErrorResponse(fr.error());
    if (!user_id) return ErrorResponse(Error::Invalid("user_id", "BlankValue", "User: cannot be blank"));
    if (!group_id) return ErrorResponse(Error::Invalid("group_id", "BlankValue", "Group: cannot be blank"));
    return One(201, "group_membership",
               d.directory.CreateMembership(c.caller, *user_id, *group_id, def.value_or(false)),
               [&](const GroupMembership& m) { return MembershipJson(m, c.urls); });
  });
  r.Add("DELETE", "/api/v2/group_memberships/:id", AuthMode::kRequired, [&d](Ctx& c) {
    auto res = d.directory.DeleteMembership(c.caller, c.ids[0]);
    if (!res) return ErrorResponse(res.error());
    Response resp;
    resp.status = 204;
    return resp;
  });

  // ---- organizations
  r.Add("GET", "/api/v2/organizations", AuthMode::kRequired, [&d](Ctx& c) {
    auto p = ParsePaging(c.req, true);
    if (!p) return ErrorResponse(p.error());
    return PageResponse(c, "organizations", d.directory.ListOrganizations(c.caller, p->req), *p,
                        [&](const Organization& o) { return OrganizationJson(o, c.urls); });
  });
  r.Add("POST", "/api/v2/organizations", AuthMode::kRequired, [&d](Ctx& c) {
    auto obj = ParseRoot(c.req.body, "organization");
    if (!obj) return ErrorResponse(obj.error());
    auto in = ParseOrgInput(*obj);
    if (!in) return ErrorResponse(in.error());
    return One(201, "organization", d.directory.CreateOrganization(c.caller, *in),
               [&](const Organization& o) { return OrganizationJson(o, c.urls); });
  });
  r.Add("GET", "/api/v2/organizations/:id", AuthMode::kRequired, [&d](Ctx& c) {
    return One(200, "organization", d.directory.ShowOrganization(c.caller, c.ids[0]),
               [&](const Organization& o) { return OrganizationJson(o, c.urls); });
  });
  r.Add("PUT", "/api/v2/organizations/:id", AuthMode::kRequired, [&d](Ctx& c) {
    auto obj = ParseRoot(c.req.body, "organization");
    if (!obj) return ErrorResponse(obj.error());
    auto in = ParseOrgInput(*obj);
    if (!in) return ErrorResponse(in.error());
    return One(200, "organization", d.directory.UpdateOrganization(c.caller, c.ids[0], *in),
               [&](const Organization& o) { return OrganizationJson(o, c.urls); });
  });

  // ---- ticket fields
  r.Add("GET", "/api/v2/ticket_fields", AuthMode::kRequired, [&d](Ctx& c) {
    auto fs = d.directory.ListTicketFields(c.caller);
    if (!fs) return ErrorResponse(fs.error());
    json::array arr;
    for (const auto& f : *fs) arr.push_back(TicketFieldJson(f, c.urls));
    return JsonResponse(200, json::object{{"ticket_fields", std::move(arr)},
                                          {"next_page", nullptr},
                                          {"previous_page", nullptr},
                                          {"count", static_cast<std::int64_t>(fs->size())}});
  });
  r.Add("GET", "/api/v2/ticket_fields/:id", AuthMode::kRequired, [&d](Ctx& c) {
    return One(200, "ticket_field", d.directory.ShowTicketField(c.caller, c.ids[0]),
               [&](const app::TicketField& f) { return TicketFieldJson(f, c.urls); });
  });
  r.Add("POST", "/api/v2/ticket_fields", AuthMode::kRequired, [&d](Ctx& c) {
    auto obj = ParseRoot(c.req.body, "ticket_field");
    if (!obj) return ErrorResponse(obj.error());
    auto in = ParseFieldInput(*obj);
    if (!in) return ErrorResponse(in.error());
    return One(201, "ticket_field", d.directory.CreateTicketField(c.caller, *in),
               [&](const app::TicketField& f) { return TicketFieldJson(f, c.urls); });
  });
  r.Add("PUT", "/api/v2/ticket_fields/:id", AuthMode::kRequired, [&d](Ctx& c) {
    auto obj = ParseRoot(c.req.body, "ticket_field");
    if (!obj) return ErrorResponse(obj.error());
    auto in = ParseFieldInput(*obj);
    if (!in) return ErrorResponse(in.error());
    return One(200, "ticket_field", d.directory.UpdateTicketField(c.caller, c.ids[0], *in),
               [&](const app::TicketField& f) { return TicketFieldJson(f, c.urls); });
  });
}

}  // namespace chamado::http
