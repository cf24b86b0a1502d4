// SLA policies (/api/v2/slas/policies, zendesk-compat.md §12) and a ticket's targets explained
// (GET /api/v2/chamado/tickets/{id}/sla; docs/sla.md). Thin: parse -> use case -> map.
// The ticket and request listings add their SLA members through AddSlaFields (json_sla.hpp).
#include <memory>

#include "adapters/http/api.hpp"
#include "adapters/http/error_mapping.hpp"
#include "adapters/http/json_sla.hpp"
#include "app/sla.hpp"

namespace chamado::http {

void AddSlaRoutes(Router& r, ApiDeps& d) {
  auto svc = std::make_shared<app::SlaService>(d.store, d.clock, d.workflow);

  r.Add("GET", "/api/v2/slas/policies", AuthMode::kRequired, [svc](Ctx& c) {
    auto ps = svc->ListPolicies(c.caller);
    if (!ps) return ErrorResponse(ps.error());
    json::array arr;
    for (const auto& p : *ps) arr.push_back(SlaPolicyJson(p, c.urls));
    const auto n = static_cast<std::int64_t>(arr.size());
    return JsonResponse(
        200, json::object{
                 {"sla_policies", std::move(arr)}, {"next_page", nullptr}, {"previous_page", nullptr}, {"count", n}});
  });

  r.Add("POST", "/api/v2/slas/policies", AuthMode::kRequired, [svc](Ctx& c) {
    if (!c.caller.IsAdmin()) return ErrorResponse(Error::Forbidden());
    auto in = ParseSlaPolicy(c.req.body);
    if (!in) return ErrorResponse(in.error());
    auto p = svc->CreatePolicy(c.caller, *in);
    if (!p) return ErrorResponse(p.error());
    auto resp = JsonResponse(201, json::object{{"sla_policy", SlaPolicyJson(*p, c.urls)}});
    resp.headers.emplace_back("Location", c.urls.Api("slas/policies/" + std::to_string(p->id)));
    return resp;
  });

  r.Add("GET", "/api/v2/slas/policies/:id", AuthMode::kRequired, [svc](Ctx& c) {
    auto p = svc->ShowPolicy(c.caller, c.ids[0]);
    if (!p) return ErrorResponse(p.error());
    return JsonResponse(200, json::object{{"sla_policy", SlaPolicyJson(*p, c.urls)}});
  });

  r.Add("PUT", "/api/v2/slas/policies/:id", AuthMode::kRequired, [svc](Ctx& c) {
    if (!c.caller.IsAdmin()) return ErrorResponse(Error::Forbidden());
    auto in = ParseSlaPolicy(c.req.body);
    if (!in) return ErrorResponse(in.error());
    auto p = svc->UpdatePolicy(c.caller, c.ids[0], *in);
    if (!p) return ErrorResponse(p.error());
    return JsonResponse(200, json::object{{"sla_policy", SlaPolicyJson(*p, c.urls)}});
  });

  r.Add("DELETE", "/api/v2/slas/policies/:id", AuthMode::kRequired, [svc](Ctx& c) {
    auto ok = svc->DeletePolicy(c.caller, c.ids[0]);
    if (!ok) return ErrorResponse(ok.error());
    Response res;
    res.status = 204;
    return res;
  });

  r.Add("GET", "/api/v2/chamado/tickets/:id/sla", AuthMode::kRequired, [svc](Ctx& c) {
    auto e = svc->Explain(c.caller, c.ids[0]);
    if (!e) return ErrorResponse(e.error());
    return JsonResponse(200, json::object{{"sla", SlaExplanationJson(*e)}});
  });
}

}  // namespace chamado::http
