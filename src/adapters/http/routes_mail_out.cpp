// The delivery log and the outbox (docs/email.md "Delivery log"): did the e-mail go out?
// Agents see a ticket's mail, customers their own mail of their request, admins the outbox
// with its dead letters, which they may send again. Thin: parse -> use case -> map.
#include "adapters/http/api.hpp"
#include "adapters/http/error_mapping.hpp"
#include "adapters/http/json_mapping.hpp"
#include "adapters/http/paging.hpp"
#include "app/outbox.hpp"

namespace chamado::http {
namespace {

Response NotConfigured() { return ErrorResponse(Error::Unavailable("E-mail is not available on this server")); }

// `full`: staff see the row's error and its kind; a customer reads the description.
json::object DeliveryJson(const app::Delivery& d, bool full) {
  const OutboundEmail& m = d.mail;
  json::object o{{"id", m.id},
                 {"ticket_id", OptId(m.ticket_id)},
                 {"state", std::string(DeliveryStateName(m.state))},
                 {"description", d.description},
                 {"to", m.to_address},
                 {"subject", m.subject},
                 {"created_at", Time(m.created_at)},
                 {"sent_at", OptTime(m.sent_at)}};
  if (full) {
    o["kind"] = m.kind;
    o["recipient_user_id"] = OptId(m.recipient_user_id);
    o["message_id"] = m.message_id;
    o["attempts"] = m.attempts;
    o["next_attempt_at"] = m.state == DeliveryState::kQueued ? Time(m.next_attempt_at) : json::value(nullptr);
    o["error"] = m.last_error.empty() ? json::value(nullptr) : json::value(m.last_error);
    o["updated_at"] = Time(m.updated_at);
  }
  return o;
}

Response PageResponse(const Result<app::Page<app::Delivery>>& page, const Ctx& c, const Paging& p, bool full,
                      const char* key = "deliveries") {
  if (!page) return ErrorResponse(page.error());
  json::array arr;
  for (const auto& d : page->items) arr.push_back(DeliveryJson(d, full));
  json::object body{{key, std::move(arr)}};
  const std::int64_t first = page->items.empty() ? 0 : page->items.front().mail.id;
  const std::int64_t last = page->items.empty() ? 0 : page->items.back().mail.id;
  AddPaging(body, c.req, c.urls, p, page->count, page->has_more, page->items.size(), first, last);
  return JsonResponse(200, body);
}

}  // namespace

void AddMailOutRoutes(Router& r, ApiDeps& d) {
  app::OutboxService* svc = d.outbox;

  // Agents: every e-mail of a ticket, whoever it went to.
  r.Add("GET", "/api/v2/chamado/tickets/:id/deliveries", AuthMode::kRequired, [svc](Ctx& c) {
    if (!svc) return NotConfigured();
    auto p = ParsePaging(c.req, /*cursor_allowed=*/true, /*descending=*/true);
    if (!p) return ErrorResponse(p.error());
    return PageResponse(svc->TicketDeliveries(c.caller, c.ids[0], p->req), c, *p, /*full=*/true);
  });

  // The customer: the e-mails of their request that were addressed to them.
  r.Add("GET", "/api/v2/chamado/requests/:id/deliveries", AuthMode::kRequired, [svc](Ctx& c) {
    if (!svc) return NotConfigured();
    auto p = ParsePaging(c.req, /*cursor_allowed=*/true, /*descending=*/true);
    if (!p) return ErrorResponse(p.error());
    return PageResponse(svc->RequestDeliveries(c.caller, c.ids[0], p->req), c, *p, /*full=*/false);
  });

  // Admins: the outbox, ?state=queued|sending|sent|dead|bounced, ?ticket_id=.
  r.Add("GET", "/api/v2/chamado/mail/outbox", AuthMode::kRequired, [svc](Ctx& c) {
    if (!svc) return NotConfigured();
    auto p = ParsePaging(c.req, /*cursor_allowed=*/true, /*descending=*/true);
    if (!p) return ErrorResponse(p.error());
    app::OutboxFilter f;
    if (const std::string* s = c.req.Query("state"); s && !s->empty()) {
      f.state = ParseDeliveryState(*s);
      if (!f.state) return ErrorResponse(Error::BadRequest("state must be queued, sending, sent, dead or bounced"));
    }
    if (const std::string* t = c.req.Query("ticket_id"); t && !t->empty()) {
      try {
        std::size_t used = 0;
        f.ticket_id = std::stoll(*t, &used);
        if (used != t->size()) throw std::invalid_argument("ticket_id");
      } catch (const std::exception&) {
        return ErrorResponse(Error::BadRequest("ticket_id must be a ticket id"));
      }
    }
    return PageResponse(svc->List(c.caller, f, p->req), c, *p, /*full=*/true, "outbox");
  });

  // Admins: a dead letter back to the queue (the worker sends it at once).
  r.Add("POST", "/api/v2/chamado/mail/outbox/:id/retry", AuthMode::kRequired, [svc](Ctx& c) {
    if (!svc) return NotConfigured();
    auto row = svc->Retry(c.caller, c.ids[0]);
    if (!row) return ErrorResponse(row.error());
    return JsonResponse(200, json::object{{"delivery", DeliveryJson(*row, /*full=*/true)}});
  });
}

}  // namespace chamado::http
