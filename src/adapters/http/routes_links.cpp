// The pages behind the signed e-mail links (docs/email.md "Links"; app/mail_links.hpp):
// GET /chamado/links/{token}/{action} shows a confirmation page in the customer's language and
// changes nothing (mail scanners and link previews follow links); POST to the same URL acts.
// HTML, not JSON: the customer's browser opens these, without credentials.
#include <memory>
#include <string>
#include <string_view>

#include "adapters/http/api.hpp"
#include "app/mail_links.hpp"
#include "app/satisfaction.hpp"

namespace chamado::http {
namespace {

int StatusOf(app::LinkOutcome o) {
  switch (o) {
    case app::LinkOutcome::kConfirm:
    case app::LinkOutcome::kDone: return 200;
    case app::LinkOutcome::kUsed:
    case app::LinkOutcome::kExpired: return 410;
    case app::LinkOutcome::kUnknown: return 404;
    case app::LinkOutcome::kRefused: return 422;
  }
  return 404;
}

// The token is in the URL: no caching, no Referer to the pages' outbound links, no framing,
// no script.
Response HtmlResponse(int status, std::string body) {
  Response res;
  res.status = status;
  res.content_type = "text/html; charset=utf-8";
  res.body = std::move(body);
  res.headers.emplace_back("Cache-Control", "no-store");
  res.headers.emplace_back("Referrer-Policy", "no-referrer");
  res.headers.emplace_back("X-Frame-Options", "DENY");
  res.headers.emplace_back("X-Content-Type-Options", "nosniff");
  res.headers.emplace_back("Content-Security-Policy",
                           "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; "
                           "form-action 'self'; frame-ancestors 'none'");
  return res;
}

Response PlainPage(int status, std::string_view text) {
  return HtmlResponse(status,
                      "<!doctype html><meta charset=\"utf-8\"><title>Chamado</title><p>" + std::string(text) + "</p>");
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One field of an application/x-www-form-urlencoded body (the page's form); "" when absent.
std::string FormField(std::string_view body, std::string_view name) {
  while (!body.empty()) {
    const auto amp = body.find('&');
    std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) != name) continue;
    std::string_view raw = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '+') {
        out.push_back(' ');
      } else if (raw[i] == '%' && i + 2 < raw.size() && HexValue(raw[i + 1]) >= 0 && HexValue(raw[i + 2]) >= 0) {
        out.push_back(static_cast<char>(HexValue(raw[i + 1]) * 16 + HexValue(raw[i + 2])));
        i += 2;
      } else {
        out.push_back(raw[i]);
      }
    }
    return out;
  }
  return "";
}

}  // namespace

void AddLinkRoutes(Router& r, ApiDeps& d) {
  if (!d.mail_renderer) {
    auto off = [](Ctx&) { return PlainPage(503, "E-mail links are not available on this server."); };
    r.Add("GET", "/chamado/links/:token/:action", AuthMode::kNone, off);
    r.Add("POST", "/chamado/links/:token/:action", AuthMode::kNone, off);
    return;
  }
  auto satisfaction = std::make_shared<app::SatisfactionService>(
      d.store, d.clock, d.workflow, std::chrono::days(d.tickets.settings().satisfaction_window_days));
  auto svc = std::make_shared<app::MailLinkService>(d.store, d.clock, d.workflow, d.crypto, *d.mail_renderer,
                                                    satisfaction.get());
  auto page = [](const Result<app::LinkPage>& p) {
    if (!p) return PlainPage(p.error().code == ErrorCode::kConflict ? 409 : 503, "Please try again in a moment.");
    return HtmlResponse(StatusOf(p->outcome), p->html);
  };
  r.Add("GET", "/chamado/links/:token/:action", AuthMode::kNone,
        [svc, page](Ctx& c) { return page(svc->Show(c.words.at(0), c.words.at(1))); });
  r.Add("POST", "/chamado/links/:token/:action", AuthMode::kNone, [svc, satisfaction, page](Ctx& c) {
    return page(svc->Act(c.words.at(0), c.words.at(1), FormField(c.req.body, "comment")));
  });
}

}  // namespace chamado::http
