// Operations: health, readiness, and the manual clock of tests.
#include "adapters/http/api.hpp"
#include "adapters/http/error_mapping.hpp"
#include "adapters/http/json_input.hpp"

namespace chamado::http {

void AddOpsRoutes(Router& r, ApiDeps& d) {
  // No auth and no database work: the HTTP ceiling for benchmarks.
  r.Add("GET", "/healthz", AuthMode::kNone, [](Ctx&) { return JsonResponse(200, json::object{{"status", "ok"}}); });

  r.Add("GET", "/readyz", AuthMode::kNone, [&d](Ctx&) {
    auto ok = d.store.Ready();
    if (!ok) return JsonResponse(503, json::object{{"status", "unavailable"}, {"description", ok.error().description}});
    return JsonResponse(200, json::object{{"status", "ready"}});
  });

  if (!d.manual_clock) return;  // without --clock=manual the route does not exist
  r.Add("POST", "/api/v2/chamado/test/clock", AuthMode::kNone, [&d](Ctx& c) {
    auto v = ParseJson(c.req.body);
    if (!v) return ErrorResponse(v.error());
    if (!v->is_object())
      return ErrorResponse(Error::BadRequest("expected {\"now\": ISO time} or {\"advance_seconds\": N}"));
    FieldReader fr(v->as_object());
    auto now = fr.Str("now");
    auto adv = fr.Int("advance_seconds");
    if (!fr.ok()) return ErrorResponse(fr.error());
    Instant t;
    if (now) {
      auto parsed = ParseIso(*now);
      if (!parsed)
        return ErrorResponse(Error::Invalid("now", "InvalidValue", "Now: '" + *now + "' is not an ISO 8601 time"));
      t = d.manual_clock->Set(*parsed);
    } else if (adv) {
      if (*adv < 0)
        return ErrorResponse(Error::Invalid("advance_seconds", "InvalidValue", "The clock only moves forward"));
      t = d.manual_clock->Advance(std::chrono::seconds(*adv));
    } else {
      t = d.manual_clock->Now();
    }
    // Every timer due by `t` has fired and committed before this answer (on PostgreSQL, on
    // whichever node claimed it): a test asserts their effect at once.
    if (d.catch_up_timers) {
      auto fired = d.catch_up_timers();
      if (!fired) return ErrorResponse(Error::Unavailable("timers: " + fired.error().description));
      return JsonResponse(200, json::object{{"now", FormatIso(t)}, {"chamado_timers_applied", *fired}});
    }
    return JsonResponse(200, json::object{{"now", FormatIso(t)}});
  });
}

}  // namespace chamado::http
