#pragma once
// Signed e-mail links (issue 7; docs/email.md "Links"): self-help "Yes, close this case" / "No,
// keep it open" and satisfaction good/bad. A link is 256 random bits (the store keeps its
// SHA-256), bound to a ticket and its requester, expiring; self-help links are single-use.
// GET {public_url}/chamado/links/{token}/{action} shows a confirmation page in the customer's
// language; only the POST acts (mail scanners follow links).
#include <cstdint>
#include <string>
#include <string_view>

#include "app/mail_ports.hpp"
#include "app/ports.hpp"
#include "domain/workflow.hpp"

namespace chamado::app {

inline constexpr std::string_view kLinkSelfHelp = "self_help";         // actions: yes, no
inline constexpr std::string_view kLinkSatisfaction = "satisfaction";  // actions: good, bad

// Stores a new link and returns its URL without the action: {public_url}/chamado/links/{token}
// (templates append "/yes", "/no", "/good" or "/bad").
std::string IssueMailLink(WriteTx& tx, Crypto& crypto, std::string_view public_url, std::string_view purpose,
                          std::int64_t ticket_id, std::int64_t user_id, Instant expires_at, Instant now);

// Is `action` one of the actions of links of `purpose`?
bool IsLinkAction(std::string_view purpose, std::string_view action);

// What a link page says; the http adapter turns it into a status (confirm/done 200, used and
// expired 410, unknown 404, refused 422).
enum class LinkOutcome {
  kConfirm,  // GET: "Close this case?" with a form that POSTs
  kDone,     // POST acted
  kUsed,     // a single-use link already acted on, or the ticket moved on meanwhile
  kExpired,  // past expires_at, or the ticket no longer belongs to the link's user
  kUnknown,  // no such link, or an action the link does not have
  kRefused,  // the rule said no (a rating outside the satisfaction window)
};

struct LinkPage {
  LinkOutcome outcome = LinkOutcome::kUnknown;
  std::string html;
};

class SatisfactionService;

// The pages behind the links. Page templates (MailRenderer::RenderPage): page_link_confirm,
// page_link_done, page_link_gone; they see only the ticket's id and subject.
class MailLinkService final {
 public:
  MailLinkService(Store& store, Clock& clock, const Workflow& wf, Crypto& crypto, MailRenderer& renderer,
                  SatisfactionService* satisfaction)
      : store_(store), clock_(clock), wf_(wf), crypto_(crypto), renderer_(renderer), satisfaction_(satisfaction) {}

  // GET: the confirmation page; changes nothing.
  Result<LinkPage> Show(std::string_view token, std::string_view action);
  // POST: acts. self_help yes -> the workflow's self_help.yes (customer; Rule "self_help yes"),
  // no -> self_help.no (the queue); satisfaction good/bad (+ comment) -> RateAsRequester.
  Result<LinkPage> Act(std::string_view token, std::string_view action, std::string_view comment);

 private:
  Result<LinkPage> Render(LinkOutcome outcome, std::string_view locale, TemplateValue data);

  Store& store_;
  Clock& clock_;
  const Workflow& wf_;
  Crypto& crypto_;
  MailRenderer& renderer_;
  SatisfactionService* satisfaction_;
};

}  // namespace chamado::app
