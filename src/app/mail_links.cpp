#include "app/mail_links.hpp"

#include <optional>

#include "app/notifications.hpp"
#include "app/satisfaction.hpp"
#include "app/sla.hpp"
#include "app/timers.hpp"
#include "domain/satisfaction.hpp"
#include "domain/ticket_change.hpp"
#include "domain/user.hpp"

namespace chamado::app {
namespace {

constexpr std::string_view kViaEmail = "email";

// A link that may act: its row, ticket and user. Otherwise the outcome that says why not.
struct LiveLink {
  MailLink link;
  Ticket ticket;
  std::string locale{kDefaultLocale};
};

struct Checked {
  std::optional<LiveLink> live;
  LinkOutcome outcome = LinkOutcome::kUnknown;
  std::string locale{kDefaultLocale};  // for the page saying why not, once the link is known
};

// The checks every page and action runs, in a read or write transaction: the link exists and
// has the action, is unused (single-use kinds), unexpired, and its ticket still belongs to its
// user. A self-help link also needs the ticket still waiting for the answer.
Checked CheckLink(ReadTx& tx, Crypto& crypto, const Workflow& wf, std::string_view token, std::string_view action,
                  Instant now) {
  Checked c;
  if (token.empty() || token.size() > 128) return c;
  auto link = tx.MailLinkByHash(crypto.Sha256Hex(token));
  if (!link || !IsLinkAction(link->purpose, action)) return c;
  if (auto u = tx.UserById(link->user_id)) c.locale = u->locale;
  if (link->used_at) {
    c.outcome = LinkOutcome::kUsed;
    return c;
  }
  auto t = tx.TicketById(link->ticket_id);
  if (now >= link->expires_at || !t || t->requester_id != link->user_id) {
    c.outcome = LinkOutcome::kExpired;
    return c;
  }
  if (link->purpose == kLinkSelfHelp) {
    const Status* wait = wf.self_help ? wf.ByKey(wf.self_help->wait) : nullptr;
    if (!wait || t->custom_status_id != wait->id) {  // answered by a reply, moved by an agent, closed
      c.outcome = LinkOutcome::kUsed;
      return c;
    }
  }
  c.live = LiveLink{*link, *t, c.locale};
  c.outcome = LinkOutcome::kConfirm;
  return c;
}

// What the page templates see: the ticket's number and subject (nothing else of it), what the
// link is for and which button was pressed.
TemplateValue PageData(std::string_view purpose, std::string_view action, const std::optional<LiveLink>& live) {
  TemplateValue d;
  d.Set("has_ticket", TemplateValue::Bool(live.has_value()));
  d.Set("ticket_id", live ? std::to_string(live->ticket.id) : "");
  d.Set("subject", live ? live->ticket.subject : "");
  // The page's form posts to its own URL (no action attribute: right behind a path prefix too).
  d.Set("action", std::string(action));
  d.Set("self_help", TemplateValue::Bool(purpose == kLinkSelfHelp));
  d.Set("satisfaction", TemplateValue::Bool(purpose == kLinkSatisfaction));
  for (std::string_view a : {"yes", "no", "good", "bad"})
    d.Set("action_" + std::string(a), TemplateValue::Bool(action == a));
  return d;
}

// The self-help answer as the customer's move: wait -> yes, or wait -> no (the queue).
Result<void> AnswerSelfHelp(WriteTx& tx, const Workflow& wf, const LiveLink& live, std::string_view action,
                            Instant now) {
  const SelfHelpMoves& h = *wf.self_help;
  const Ticket& before = live.ticket;
  const Status* to = nullptr;
  if (action == "yes")
    to = wf.ByKey(h.yes);
  else if (h.no == "queue")
    to = wf.ByKey(before.assignee_id ? wf.queue_assigned : wf.queue_unassigned);
  else
    to = wf.ByKey(h.no);
  const Status* from = wf.ById(before.custom_status_id);
  if (!to || !from) return Fail(Error::Internal("workflow '" + wf.name + "': self_help names an unknown status"));
  if (auto ok = CheckTransition(wf, *from, *to, Actor::kCustomer); !ok) return ok;

  Ticket t = before;
  std::vector<Event> events;
  AddStatusEvents(events, wf, from->id, to->id);
  events.push_back(RuleEvent("self_help " + std::string(action)));
  t.custom_status_id = to->id;
  t.updated_at = now;
  OfferSatisfactionOnSolve(wf, before.custom_status_id, t);
  t.version = before.version + 1;
  if (!tx.UpdateTicket(t, before.version))
    return Fail(Error::Conflict("Request " + std::to_string(t.id) + " changed meanwhile; please retry"));
  SyncStatusTimer(tx, wf, before.custom_status_id, t, now);
  Audit a;
  a.ticket_id = t.id;
  a.author_id = live.link.user_id;  // the customer, through their signed link
  a.via_channel = std::string(kViaEmail);
  a.created_at = now;
  a.events = std::move(events);
  tx.InsertAudit(a);
  if (auto ok = NotifyAudit(tx, wf, t, a, now); !ok) return ok;
  return RecomputeSla(tx, wf, t, now);
}

}  // namespace

std::string IssueMailLink(WriteTx& tx, Crypto& crypto, std::string_view public_url, std::string_view purpose,
                          std::int64_t ticket_id, std::int64_t user_id, Instant expires_at, Instant now) {
  const std::string token = crypto.RandomToken();
  MailLink l;
  l.token_sha256 = crypto.Sha256Hex(token);
  l.purpose = std::string(purpose);
  l.ticket_id = ticket_id;
  l.user_id = user_id;
  l.expires_at = expires_at;
  l.created_at = now;
  tx.InsertMailLink(l);
  std::string base(public_url);
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/chamado/links/" + token;
}

bool IsLinkAction(std::string_view purpose, std::string_view action) {
  if (purpose == kLinkSelfHelp) return action == "yes" || action == "no";
  if (purpose == kLinkSatisfaction) return action == "good" || action == "bad";
  return false;
}

Result<LinkPage> MailLinkService::Render(LinkOutcome outcome, std::string_view locale, TemplateValue data) {
  data.Set("used", TemplateValue::Bool(outcome == LinkOutcome::kUsed));
  data.Set("expired", TemplateValue::Bool(outcome == LinkOutcome::kExpired));
  data.Set("unknown", TemplateValue::Bool(outcome == LinkOutcome::kUnknown));
  data.Set("refused", TemplateValue::Bool(outcome == LinkOutcome::kRefused));
  std::string_view name = "page_link_gone";
  if (outcome == LinkOutcome::kConfirm) name = "page_link_confirm";
  if (outcome == LinkOutcome::kDone) name = "page_link_done";
  auto html = renderer_.RenderPage(name, locale, data);
  if (!html) return Fail(html.error());
  return LinkPage{outcome, std::move(*html)};
}

Result<LinkPage> MailLinkService::Show(std::string_view token, std::string_view action) {
  const Instant now = clock_.Now();
  Checked c;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    c = CheckLink(tx, crypto_, wf_, token, action, now);
    return {};
  });
  if (!r) return Fail(r.error());
  const std::string purpose = c.live ? c.live->link.purpose : "";
  return Render(c.outcome, c.locale, PageData(purpose, action, c.live));
}

Result<LinkPage> MailLinkService::Act(std::string_view token, std::string_view action, std::string_view comment) {
  const Instant now = clock_.Now();
  Checked c;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    c = CheckLink(tx, crypto_, wf_, token, action, now);
    if (!c.live || c.live->link.purpose != kLinkSelfHelp) return {};
    // Marked first: of two presses at once, the second changes nothing.
    if (!tx.UseMailLink(c.live->link.id, now, action)) {
      c.outcome = LinkOutcome::kUsed;
      return {};
    }
    if (auto ok = AnswerSelfHelp(tx, wf_, *c.live, action, now); !ok) return ok;
    c.outcome = LinkOutcome::kDone;
    return {};
  });
  if (!r) return Fail(r.error());
  if (c.live && c.live->link.purpose == kLinkSatisfaction) {
    if (!satisfaction_) return Fail(Error::Unavailable("satisfaction ratings are not available"));
    RatingInput in;
    in.score = std::string(action);
    in.comment = std::string(comment.substr(0, 2000));
    in.via_channel = std::string(kViaEmail);
    auto rated = satisfaction_->RateAsRequester(c.live->link.user_id, c.live->link.ticket_id, in);
    if (!rated && rated.error().code != ErrorCode::kInvalid && rated.error().code != ErrorCode::kNotFound)
      return Fail(rated.error());
    c.outcome = rated ? LinkOutcome::kDone : LinkOutcome::kRefused;
  }
  const std::string purpose = c.live ? c.live->link.purpose : "";
  return Render(c.outcome, c.locale, PageData(purpose, action, c.live));
}

}  // namespace chamado::app
