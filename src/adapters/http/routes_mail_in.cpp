// Inbound e-mail (docs/email.md "Inbound"): POST /api/v2/chamado/mail/inbound (the mailgate and
// anything else that holds one raw RFC 5322 message), the suspended tickets of
// zendesk-compat.md §12 (list, show, recover, delete) and a ticket's mail with the rule that
// placed each message (GET /api/v2/chamado/tickets/{id}/mail). Agents only.
#include <fstream>
#include <iterator>

#include "adapters/http/api.hpp"
#include "adapters/http/error_mapping.hpp"
#include "adapters/http/paging.hpp"
#include "app/mail_intake.hpp"

namespace chamado::http {
namespace {

Response NotConfigured() { return ErrorResponse(Error::Unavailable("Inbound e-mail is not available on this server")); }

json::value MailId(const std::optional<std::int64_t>& id) { return id ? json::value(*id) : json::value(nullptr); }

json::object OutcomeJson(const app::IntakeOutcome& o) {
  return {{"rule", std::string(ThreadRuleName(o.rule))},
          {"ticket_id", MailId(o.ticket_id)},
          {"suspended_ticket_id", MailId(o.suspended_ticket_id)},
          {"detail", o.detail}};
}

json::object SuspendedJson(const app::SuspendedTicket& s, const Urls& u) {
  return {{"id", s.id},
          {"url", u.Api("suspended_tickets/" + std::to_string(s.id))},
          {"author", json::object{{"id", nullptr}, {"name", s.author_name}, {"email", s.author_email}}},
          {"subject", s.subject},
          {"cause", s.cause},
          {"message_id", s.message_id},
          {"recipient", s.recipient},
          {"ticket_id", nullptr},
          {"via", json::object{{"channel", "email"}}},
          {"chamado_raw_size", s.raw_size},
          {"created_at", FormatIso(s.created_at)},
          {"updated_at", FormatIso(s.created_at)}};
}

json::object MessageJson(const app::MailMessageRecord& m) {
  return {{"id", m.id},
          {"message_id", m.message_id},
          {"direction", m.direction},
          {"ticket_id", MailId(m.ticket_id)},
          {"comment_id", MailId(m.comment_id)},
          {"outbox_id", MailId(m.outbox_id)},
          {"from", m.from_address},
          {"subject", m.subject},
          {"rule", m.rule},
          {"detail", m.detail},
          {"created_at", FormatIso(m.created_at)}};
}

// The raw message: the spooled body (Api::SpoolsBody), or the buffered one.
Result<std::string> RawBody(const Request& r) {
  if (r.body_file.empty()) return r.body;
  std::ifstream in(r.body_file, std::ios::binary);
  if (!in) return Fail(Error::Internal("cannot read the spooled message"));
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

void AddMailInRoutes(Router& r, ApiDeps& d) {
  app::MailIntakeService*& svc = d.mail_intake;

  r.Add("POST", "/api/v2/chamado/mail/inbound", AuthMode::kRequired, [&svc](Ctx& c) {
    if (!svc) return NotConfigured();
    auto raw = RawBody(c.req);
    if (!raw) return ErrorResponse(raw.error());
    const std::string* to = c.req.Query("recipient");
    auto out = svc->Receive(c.caller, *raw, to ? *to : std::string());
    if (!out) return ErrorResponse(out.error());
    return JsonResponse(200, json::object{{"mail", OutcomeJson(*out)}});
  });

  r.Add("GET", "/api/v2/suspended_tickets", AuthMode::kRequired, [&svc](Ctx& c) {
    if (!svc) return NotConfigured();
    auto p = ParsePaging(c.req, true, /*descending=*/true);
    if (!p) return ErrorResponse(p.error());
    auto page = svc->ListSuspended(c.caller, p->req);
    if (!page) return ErrorResponse(page.error());
    json::array arr;
    for (const auto& s : page->items) arr.push_back(SuspendedJson(s, c.urls));
    json::object body{{"suspended_tickets", std::move(arr)}};
    AddPagingFor(body, c.req, c.urls, *p, *page);
    return JsonResponse(200, body);
  });

  r.Add("GET", "/api/v2/suspended_tickets/:id", AuthMode::kRequired, [&svc](Ctx& c) {
    if (!svc) return NotConfigured();
    auto s = svc->ShowSuspended(c.caller, c.ids[0]);
    if (!s) return ErrorResponse(s.error());
    return JsonResponse(200, json::object{{"suspended_ticket", SuspendedJson(*s, c.urls)}});
  });

  r.Add("PUT", "/api/v2/suspended_tickets/:id/recover", AuthMode::kRequired, [&svc](Ctx& c) {
    if (!svc) return NotConfigured();
    auto s = svc->ShowSuspended(c.caller, c.ids[0]);
    if (!s) return ErrorResponse(s.error());
    auto out = svc->Recover(c.caller, c.ids[0]);
    if (!out) return ErrorResponse(out.error());
    json::object st = SuspendedJson(*s, c.urls);
    st["ticket_id"] = MailId(out->ticket_id);
    return JsonResponse(200, json::object{{"ticket", json::object{{"id", MailId(out->ticket_id)}}},
                                          {"suspended_ticket", std::move(st)},
                                          {"mail", OutcomeJson(*out)}});
  });

  r.Add("DELETE", "/api/v2/suspended_tickets/:id", AuthMode::kRequired, [&svc](Ctx& c) {
    if (!svc) return NotConfigured();
    auto ok = svc->DeleteSuspended(c.caller, c.ids[0]);
    if (!ok) return ErrorResponse(ok.error());
    Response res;
    res.status = 204;
    return res;
  });

  r.Add("GET", "/api/v2/chamado/tickets/:id/mail", AuthMode::kRequired, [&svc](Ctx& c) {
    if (!svc) return NotConfigured();
    auto msgs = svc->MessagesOfTicket(c.caller, c.ids[0]);
    if (!msgs) return ErrorResponse(msgs.error());
    json::array arr;
    for (const auto& m : *msgs) arr.push_back(MessageJson(m));
    return JsonResponse(200, json::object{{"mail", std::move(arr)}});
  });
}

}  // namespace chamado::http
