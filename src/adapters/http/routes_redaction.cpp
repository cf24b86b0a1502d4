// Comment redaction (docs/api.md "Redaction"; zendesk-compat.md §12): agents remove a text from
// a comment for good. Thin: parse -> use case -> map.
#include <memory>

#include "adapters/http/api.hpp"
#include "adapters/http/error_mapping.hpp"
#include "adapters/http/json_input.hpp"
#include "app/redaction.hpp"

namespace chamado::http {

void AddRedactionRoutes(Router& r, ApiDeps& d) {
  auto svc = std::make_shared<app::RedactionService>(d.store, d.clock);

  // {"text": "the words to remove"} -> {"comment": {...}} with each character of the text "▇".
  r.Add("PUT", "/api/v2/tickets/:id/comments/:id/redact", AuthMode::kRequired, [svc](Ctx& c) {
    // Staff first: an end user learns nothing from the body's errors.
    if (!c.caller.IsStaff()) return ErrorResponse(Error::Forbidden());
    auto body = ParseJson(c.req.body);
    if (!body) return ErrorResponse(body.error());
    if (!body->is_object())
      return ErrorResponse(Error::BadRequest("the body must be a JSON object: {\"text\": \"...\"}"));
    FieldReader f(body->as_object());
    const std::string text = f.Str("text").value_or("");
    if (!f.ok()) return ErrorResponse(f.error());
    auto res = svc->RedactComment(c.caller, c.ids[0], c.ids[1], text);
    if (!res) return ErrorResponse(res.error());
    return JsonResponse(200, json::object{{"comment", CommentJson(res->comment)}});
  });
}

}  // namespace chamado::http
