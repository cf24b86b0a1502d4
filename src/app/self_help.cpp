#include "app/self_help.hpp"

#include "app/mail_links.hpp"
#include "app/notifications.hpp"
#include "app/timers.hpp"
#include "domain/ticket_change.hpp"
#include "domain/user.hpp"

namespace chamado::app {
namespace {

// Start-up configuration, read-only afterwards (like app/notifications.cpp's).
struct SelfHelpState {
  bool enabled = false;
  SelfHelpConfig cfg;
  Crypto* crypto = nullptr;
};
SelfHelpState g_self_help;

// The ticket's topic: the value of the field keyed cfg.topic_field, when it is text.
std::string TopicOf(ReadTx& tx, const SelfHelpConfig& cfg, const Ticket& t) {
  for (const auto& f : tx.ListTicketFields()) {
    if (f.key != cfg.topic_field) continue;
    for (const auto& v : t.custom_fields)
      if (v.id == f.id)
        if (const auto* s = std::get_if<std::string>(&v.value)) return *s;
  }
  return "";
}

TemplateValue AnswersValue(const std::vector<SelfHelpAnswer>& answers) {
  std::vector<TemplateValue> items;
  for (const auto& a : answers) {
    TemplateValue v;
    v.Set("title", a.title).Set("text", a.text).Set("url", a.url);
    v.Set("has_url", TemplateValue::Bool(!a.url.empty()));
    items.push_back(std::move(v));
  }
  return TemplateValue::List(std::move(items));
}

}  // namespace

const std::vector<SelfHelpAnswer>* SelfHelpAnswersFor(const SelfHelpConfig& cfg, std::string_view topic,
                                                      std::string_view locale) {
  if (topic.empty()) return nullptr;
  for (const auto& t : cfg.topics) {
    if (t.value != topic) continue;
    for (std::string_view want : {locale, kDefaultLocale})
      for (const auto& [loc, answers] : t.answers)
        if (loc == want && !answers.empty()) return &answers;
    return nullptr;
  }
  return nullptr;
}

void ConfigureSelfHelp(SelfHelpConfig cfg, Crypto* crypto) {
  g_self_help.cfg = std::move(cfg);
  g_self_help.crypto = crypto;
  g_self_help.enabled = crypto != nullptr && !g_self_help.cfg.topics.empty();
}

Result<Ticket> OfferSelfHelp(WriteTx& tx, const Workflow& wf, const Ticket& t, Instant now) {
  const SelfHelpState& s = g_self_help;
  const NotificationSettings& mail = CurrentNotificationSettings();
  if (!s.enabled || !mail.enabled || !wf.self_help) return t;
  const Status* from = wf.ById(t.custom_status_id);
  const Status* wait = wf.ByKey(wf.self_help->wait);
  if (!from || !wait || from->key != wf.initial) return t;  // joined an active case, created solved, ...
  auto requester = tx.UserById(t.requester_id);
  if (!requester || requester->email.empty() || !requester->active || requester->suspended) return t;
  const auto* answers = SelfHelpAnswersFor(s.cfg, TopicOf(tx, s.cfg, t), requester->locale);
  if (!answers) return t;
  if (!CheckTransition(wf, *from, *wait, Actor::kSystem)) return t;  // the loader checked; be safe

  Ticket after = t;
  std::vector<Event> events;
  AddStatusEvents(events, wf, from->id, wait->id);
  events.push_back(RuleEvent("self_help"));
  after.custom_status_id = wait->id;
  after.updated_at = now;
  after.version = t.version + 1;
  if (!tx.UpdateTicket(after, t.version))
    return Fail(Error::Conflict("Ticket " + std::to_string(t.id) + " changed meanwhile; please retry"));
  SyncStatusTimer(tx, wf, t.custom_status_id, after, now);  // the wait status's 24 h close and reminder
  Audit a = SystemAudit(t.id, std::move(events), now);
  tx.InsertAudit(a);
  // No NotifyAudit: the self-help e-mail below is this audit's message to the customer.

  // The links live as long as the wait: its `auto` move closes the ticket (24 h).
  const auto lifetime =
      wait->auto_transition ? wait->auto_transition->after : std::chrono::seconds(std::chrono::hours(24));
  const std::string link =
      IssueMailLink(tx, *s.crypto, mail.public_url, kLinkSelfHelp, t.id, requester->id, now + lifetime, now);
  TemplateValue extra;
  extra.Set("answers", AnswersValue(*answers));
  extra.Set("yes_url", link + "/yes");
  extra.Set("no_url", link + "/no");
  extra.Set("expires_hours", std::to_string(std::chrono::duration_cast<std::chrono::hours>(lifetime).count()));
  if (auto ok = QueueTicketMail(tx, "self_help", after, *requester, extra, now); !ok) return Fail(ok.error());
  return after;
}

}  // namespace chamado::app
