// Escalation to internal teams (docs/escalation.md): POST /api/v2/chamado/tickets/{id}/escalate,
// GET /api/v2/tickets/{id}/incidents, and the escalation fields of ticket and request JSON.
#include "adapters/http/error_mapping.hpp"
#include "adapters/http/escalation_json.hpp"
#include "adapters/http/json_input.hpp"
#include "adapters/http/paging.hpp"
#include "app/escalation.hpp"

namespace chamado::http {
namespace {

app::EscalationService Service(ApiDeps& d) {
  return app::EscalationService(d.store, d.clock, d.workflow, d.tickets.settings().priority_volume);
}

// {"escalation": {"group_id": N} | {"problem_id": N} | {"not_required": true}, "comment": "..."}
Result<app::EscalateCommand> ParseEscalate(const std::string& body) {
  auto root = ParseJson(body);
  if (!root) return Fail(root.error());
  if (!root->is_object()) return Fail(Error::BadRequest("The body must be a JSON object"));
  const json::object& o = root->as_object();
  const json::value* e = o.if_contains("escalation");
  if (!e || !e->is_object())
    return Fail(Error::Invalid("escalation", "BlankValue",
                               "Escalation: is required: {\"group_id\": N}, {\"problem_id\": N} or "
                               "{\"not_required\": true}"));
  app::EscalateCommand cmd;
  FieldReader r(e->as_object());
  cmd.group_id = r.Int("group_id");
  cmd.problem_id = r.Int("problem_id");
  cmd.not_required = r.Bool("not_required").value_or(false);
  if (!r.ok()) return Fail(r.error());
  FieldReader top(o);
  if (auto c = top.Str("comment")) cmd.comment = *c;
  if (!top.ok()) return Fail(top.error());
  return cmd;
}

json::value EscalationJson(const app::EscalationView& v, std::string_view locale) {
  if (!v.state) return nullptr;
  return json::object{{"state", EscalationStateName(*v.state)}, {"label", EscalationLabels(*v.state).For(locale)}};
}

// The derived value of the read-only field escalation_status in custom_fields and fields
// (replacing anything stored under its id), when there is a state.
void SetEscalationField(json::object& o, const app::EscalationView& v) {
  if (!v.state) return;
  for (const char* key : {"custom_fields", "fields"}) {
    json::array* fields = o.contains(key) ? o[key].if_array() : nullptr;
    if (!fields) continue;
    for (auto it = fields->begin(); it != fields->end();) {
      const json::object* f = it->if_object();
      if (f && f->contains("id") && f->at("id") == kEscalationStatusFieldId)
        it = fields->erase(it);
      else
        ++it;
    }
    fields->push_back(json::object{{"id", kEscalationStatusFieldId}, {"value", EscalationTag(*v.state)}});
  }
}

}  // namespace

Result<void> AddEscalationFields(json::array& objects, const std::vector<Ticket>& tickets, Ctx& c, ApiDeps& d,
                                 bool customer_view) {
  const bool explicit_locale = c.req.Query("locale") != nullptr;
  auto views = Service(d).ViewsFor(c.caller, tickets, /*incident_counts=*/!customer_view,
                                   /*locale_of_viewer=*/customer_view && !explicit_locale);
  if (!views) return Fail(views.error());
  std::string locale = c.locale;  // Api::Handle set it from a supported ?locale=
  if (customer_view && !explicit_locale && IsSupportedLocale(views->viewer_locale)) locale = views->viewer_locale;
  for (std::size_t i = 0; i < tickets.size() && i < objects.size(); ++i) {
    json::object* o = objects[i].if_object();
    if (!o) continue;
    const auto& v = views->items[i];
    (*o)["chamado_escalation"] = EscalationJson(v, locale);
    SetEscalationField(*o, v);
    if (!customer_view && tickets[i].type == TicketType::kProblem && v.incident_count) {
      (*o)["chamado_incident_count"] = *v.incident_count;
      (*o)["has_incidents"] = *v.incident_count > 0;
    }
  }
  return {};
}

Result<void> AddEscalationFields(json::object& object, const Ticket& t, Ctx& c, ApiDeps& d, bool customer_view) {
  json::array one{std::move(object)};
  auto r = AddEscalationFields(one, {t}, c, d, customer_view);
  object = std::move(one[0].as_object());
  return r;
}

void AddEscalationRoutes(Router& r, ApiDeps& d) {
  r.Add("POST", "/api/v2/chamado/tickets/:id/escalate", AuthMode::kRequired, [&d](Ctx& c) {
    // Only staff get as far as the body: an end user learns nothing from a 422.
    if (!c.caller.IsStaff()) return ErrorResponse(Error::Forbidden());
    auto cmd = ParseEscalate(c.req.body);
    if (!cmd) return ErrorResponse(cmd.error());
    auto res = Service(d).Escalate(c.caller, c.ids[0], *cmd);
    if (!res) return ErrorResponse(res.error());
    std::vector<Ticket> tickets{res->incident};
    json::array objs{TicketJson(res->incident, d.workflow, c.urls)};
    if (res->problem) {
      tickets.push_back(*res->problem);
      objs.push_back(TicketJson(*res->problem, d.workflow, c.urls));
    }
    (void)AddEscalationFields(objs, tickets, c, d, /*customer_view=*/false);  // the write is done: best effort
    json::object body{{"ticket", objs[0]}, {"problem", res->problem ? objs[1] : json::value(nullptr)}};
    return JsonResponse(200, body);
  });

  r.Add("GET", "/api/v2/tickets/:id/incidents", AuthMode::kRequired, [&d](Ctx& c) {
    auto p = ParsePaging(c.req, /*cursor_allowed=*/true);
    if (!p) return ErrorResponse(p.error());
    auto page = Service(d).Incidents(c.caller, c.ids[0], p->req);
    if (!page) return ErrorResponse(page.error());
    json::array arr;
    for (const auto& t : page->items) arr.push_back(TicketJson(t, d.workflow, c.urls));
    if (auto ok = AddEscalationFields(arr, page->items, c, d, /*customer_view=*/false); !ok)
      return ErrorResponse(ok.error());
    json::object body{{"tickets", std::move(arr)}};
    AddPagingFor(body, c.req, c.urls, *p, *page);
    return JsonResponse(200, body);
  });
}

}  // namespace chamado::http
