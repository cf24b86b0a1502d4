#include "app/notifications.hpp"

#include <algorithm>
#include <charconv>

#include "app/mail_links.hpp"
#include "domain/notifications.hpp"
#include "domain/satisfaction.hpp"
#include "domain/sla.hpp"

namespace chamado::app {
namespace {

struct Configured {
  NotificationSettings settings;
  MailRenderer* renderer = nullptr;
  Crypto* crypto = nullptr;
};

// Set once before serving (ConfigureNotifications); read-only afterwards.
Configured& State() {
  static Configured c;
  return c;
}

std::optional<std::int64_t> ParseId(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string_view LocaleOf(const User& u) { return IsSupportedLocale(u.locale) ? u.locale : kDefaultLocale; }

bool Reachable(const User& u) { return u.active && !u.suspended && !u.email.empty(); }

std::string BaseUrl() {
  std::string u = State().settings.public_url;
  while (!u.empty() && u.back() == '/') u.pop_back();
  return u;
}

std::string DomainOf(std::string_view address) {
  const auto at = address.rfind('@');
  return at == std::string_view::npos ? std::string("chamado.localhost") : std::string(address.substr(at + 1));
}

}  // namespace

// "48 horas", "2 días", "30 minutes": a status's delay in the recipient's words.
std::string DelayWords(std::chrono::seconds d, std::string_view locale) {
  const auto s = d.count();
  const bool en = locale == "en";
  const bool pt = locale == "pt-BR";
  auto words = [&](long long n, const char* one_pt, const char* many_pt, const char* one_es, const char* many_es,
                   const char* one_en, const char* many_en) {
    const char* w = en ? (n == 1 ? one_en : many_en) : pt ? (n == 1 ? one_pt : many_pt) : (n == 1 ? one_es : many_es);
    return std::to_string(n) + " " + w;
  };
  if (s >= 2 * 86400 && s % 86400 == 0) return words(s / 86400, "dia", "dias", "día", "días", "day", "days");
  if (s >= 3600 && s % 3600 == 0) return words(s / 3600, "hora", "horas", "hora", "horas", "hour", "hours");
  return words((s + 59) / 60, "minuto", "minutos", "minuto", "minutos", "minute", "minutes");
}

namespace {

// What the customer is told the case is due by: the ticket's due date (tasks), else the
// resolution target, else the earliest active target.
std::optional<Instant> DueAt(ReadTx& tx, const Ticket& t) {
  if (t.due_at) return t.due_at;
  std::optional<Instant> resolution, earliest;
  for (const auto& row : tx.TicketSlasOf({t.id})) {
    if (row.stage != "active" || !row.breach_at) continue;
    if (row.metric == kResolutionTime) resolution = row.breach_at;
    if (!earliest || *row.breach_at < *earliest) earliest = row.breach_at;
  }
  return resolution ? resolution : earliest;
}

// The fields every ticket mail has, for recipient `to`.
TemplateValue BaseData(WriteTx& tx, const Workflow* wf, const Ticket& t, const User& to) {
  const std::string_view loc = LocaleOf(to);
  TemplateValue d;
  d.Set("recipient_name", to.name.empty() ? to.email : to.name);
  d.Set("ticket_id", std::to_string(t.id));
  d.Set("ticket_subject", t.subject);
  const Status* s = wf ? wf->ById(t.custom_status_id) : nullptr;
  d.Set("status",
        s ? (IsStaff(to.role) ? s->agent_label : CustomerLabel(*s, to.id == t.requester_id)).For(loc) : std::string());
  d.Set("portal_url", BaseUrl() + "/requests/" + std::to_string(t.id));
  d.Set("ticket_url", BaseUrl() + "/agent/tickets/" + std::to_string(t.id));
  std::string requester;
  if (auto r = tx.UserById(t.requester_id)) requester = r->name.empty() ? r->email : r->name;
  d.Set("requester_name", requester);
  d.Set("has_comment", TemplateValue::Bool(false));
  d.Set("has_due", TemplateValue::Bool(false));
  d.Set("has_satisfaction", TemplateValue::Bool(false));
  d.Set("has_auto_close", TemplateValue::Bool(false));
  if (s && s->auto_transition) {
    d.Set("has_auto_close", TemplateValue::Bool(true));
    d.Set("auto_close_after", DelayWords(s->auto_transition->after, loc));
  }
  return d;
}

std::string NameOf(const std::vector<User>& people, std::int64_t id) {
  if (id == kSystemAuthorId) return State().settings.from_name;
  for (const auto& u : people)
    if (u.id == id) return u.name.empty() ? u.email : u.name;
  return {};
}

// Renders `kind` for `to` and puts it in the outbox (the ticket's threading headers, the
// signed reply address). The auto-reply limit holds back "ticket received" mails.
Result<void> Queue(WriteTx& tx, std::string_view kind, const Ticket& t, const User& to, const TemplateValue& data,
                   std::optional<std::int64_t> audit_id, Instant now) {
  const Configured& c = State();
  if (!c.settings.enabled || !c.renderer || !c.crypto || !Reachable(to)) return {};
  if (!to.notify_email) return {};  // the person turned ticket mail off (their profile)
  // Loop protection (issue 7 §4): an auto-responder writing to us again and again gets at
  // most this many acknowledgements an hour; the tickets are still created.
  if (kind == kMailTicketReceived && c.settings.auto_replies_per_hour > 0 &&
      tx.OutboxToAddressSince(to.email, kind, now - std::chrono::hours(1)) >= c.settings.auto_replies_per_hour)
    return {};
  const std::string locale(LocaleOf(to));
  auto rendered = c.renderer->RenderMail(kind, locale, data);
  if (!rendered) return Fail(rendered.error());

  OutboundEmail m;
  m.ticket_id = t.id;
  m.audit_id = audit_id;
  m.kind = std::string(kind);
  m.recipient_user_id = to.id;
  m.to_address = to.email;
  m.to_name = to.name;
  m.from_address = c.settings.from_address;
  m.from_name = c.settings.from_name;
  m.reply_to = ReplyAddress(t.id);
  m.locale = locale;
  m.subject = TaggedSubject(t.id, rendered->subject);
  m.text_body = std::move(rendered->text);
  m.html_body = std::move(rendered->html);
  m.message_id = "t" + std::to_string(t.id) + "." + c.crypto->RandomToken() + "@" + DomainOf(c.settings.from_address);
  // Clients thread by the conversation's first message: the customer's own e-mail when the
  // ticket came in by mail, else our first notification.
  const auto thread = tx.MailMessagesOfTicket(t.id);
  if (!thread.empty()) {
    m.in_reply_to = thread.front().message_id;
    m.references.push_back(thread.front().message_id);
    if (thread.back().message_id != thread.front().message_id) m.references.push_back(thread.back().message_id);
  }
  m.auto_submitted = IsAutoSubmittedKind(kind);
  m.state = DeliveryState::kQueued;
  m.next_attempt_at = now;
  m.created_at = now;
  m.updated_at = now;
  tx.InsertOutbox(m);
  return {};
}

}  // namespace

void ConfigureNotifications(NotificationSettings s, MailRenderer* renderer, Crypto* crypto) {
  if (s.from_name.empty()) s.from_name = "Chamado";
  if (s.support_address.empty()) s.support_address = s.from_address;
  State() = Configured{std::move(s), renderer, crypto};
}

const NotificationSettings& CurrentNotificationSettings() { return State().settings; }

Result<void> NotifyAudit(WriteTx& tx, const Workflow& wf, const Ticket& t, const Audit& a, Instant now) {
  const Configured& c = State();
  if (!c.settings.enabled || !c.renderer || !c.crypto) return {};

  std::vector<std::int64_t> comment_ids;
  for (const auto& e : a.events)
    if (e.type == "Comment" && e.comment_id) comment_ids.push_back(e.comment_id);
  NotificationInput in;
  in.wf = &wf;
  in.ticket = &t;
  in.audit = &a;
  if (!comment_ids.empty()) in.comments = tx.CommentsByIds(comment_ids);
  std::vector<std::int64_t> ids{t.requester_id};
  ids.insert(ids.end(), t.collaborator_ids.begin(), t.collaborator_ids.end());
  if (t.assignee_id) ids.push_back(*t.assignee_id);
  if (a.author_id > 0) ids.push_back(a.author_id);
  for (const auto& e : a.events)
    if ((e.type == "Create" || e.type == "Change") && e.field_name == "assignee_id" && !e.value.empty())
      if (auto id = ParseId(e.value)) ids.push_back(*id);
  for (const auto& cm : in.comments) ids.push_back(cm.author_id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::erase_if(ids, [](std::int64_t id) { return id <= 0; });
  in.people = tx.UsersByIds(ids);

  for (const Notification& n : DecideNotifications(in)) {
    auto to = std::find_if(in.people.begin(), in.people.end(), [&](const User& u) { return u.id == n.user_id; });
    if (to == in.people.end()) continue;
    TemplateValue d = BaseData(tx, &wf, t, *to);
    d.Set("author_name", NameOf(in.people, a.author_id));
    if (n.comment_id) {
      auto cm =
          std::find_if(in.comments.begin(), in.comments.end(), [&](const Comment& x) { return x.id == n.comment_id; });
      // Only a public comment ever reaches a mail (DecideNotifications quotes no other).
      if (cm != in.comments.end() && cm->is_public) {
        d.Set("has_comment", TemplateValue::Bool(true));
        d.Set("comment", cm->body);
        d.Set("comment_author", NameOf(in.people, cm->author_id));
      }
    }
    if (n.kind == kMailTicketReceived) {
      // The self-help e-mail queued by this same write already acknowledged the ticket (with
      // its number): one mail, not two (app/self_help.hpp).
      OutboxFilter mine;
      mine.ticket_id = t.id;
      mine.recipient_user_id = to->id;
      const auto sent = tx.ListOutbox(mine, PageRequest{.limit = 10, .descending = true, .want_count = false});
      if (std::any_of(sent.items.begin(), sent.items.end(),
                      [&](const OutboundEmail& m) { return m.kind == "self_help" && m.created_at == now; }))
        continue;
      if (auto due = DueAt(tx, t)) {
        d.Set("has_due", TemplateValue::Bool(true));
        d.Set("due_at", FormatMailTime(*due, to->time_zone, LocaleOf(*to)));
      }
    }
    if (n.kind == kMailResolved && to->id == t.requester_id && t.satisfaction_score == kSatisfactionOffered) {
      const Instant expires = now + std::chrono::days(c.settings.satisfaction_window_days);
      d.Set("has_satisfaction", TemplateValue::Bool(true));
      d.Set("satisfaction_url", IssueMailLink(tx, *c.crypto, BaseUrl(), kLinkSatisfaction, t.id, to->id, expires, now));
    }
    if (n.kind == kMailDuplicateMerged && t.merged_into) {
      d.Set("merged_into_id", std::to_string(*t.merged_into));
      d.Set("merged_into_url", BaseUrl() + "/requests/" + std::to_string(*t.merged_into));
    }
    if (auto ok = Queue(tx, n.kind, t, *to, d, a.id, now); !ok) return ok;
  }
  return {};
}

Result<void> QueueTicketMail(WriteTx& tx, std::string_view kind, const Ticket& t, const User& to,
                             const TemplateValue& extra, Instant now) {
  const Configured& c = State();
  if (!c.settings.enabled || !c.renderer || !c.crypto || !Reachable(to) || !to.notify_email) return {};
  // No workflow here: "status" is empty unless `extra` names it.
  TemplateValue d = BaseData(tx, nullptr, t, to);
  if (extra.kind == TemplateValue::Kind::kObject)
    for (const auto& [k, v] : extra.fields) d.Set(k, v);
  return Queue(tx, kind, t, to, d, std::nullopt, now);
}

bool IsAccountMailKind(std::string_view kind) { return kind.starts_with("account_"); }

Result<void> QueueAccountMail(WriteTx& tx, std::string_view kind, const User& to, const TemplateValue& data,
                              Instant now) {
  const Configured& c = State();
  // notify_email is about ticket mail: an account mail was asked for by the person.
  if (!c.settings.enabled || !c.renderer || !c.crypto || !Reachable(to)) return {};
  const std::string locale(LocaleOf(to));
  TemplateValue d;
  d.Set("recipient_name", to.name.empty() ? to.email : to.name);
  d.Set("portal_url", BaseUrl() + "/");
  if (data.kind == TemplateValue::Kind::kObject)
    for (const auto& [k, v] : data.fields) d.Set(k, v);
  auto rendered = c.renderer->RenderMail(kind, locale, d);
  if (!rendered) return Fail(rendered.error());

  OutboundEmail m;
  m.kind = std::string(kind);
  m.recipient_user_id = to.id;
  m.to_address = to.email;
  m.to_name = to.name;
  m.from_address = c.settings.from_address;
  m.from_name = c.settings.from_name;
  m.reply_to = c.settings.support_address;  // no ticket: a reply is a new contact
  m.locale = locale;
  m.subject = std::move(rendered->subject);
  m.text_body = std::move(rendered->text);
  m.html_body = std::move(rendered->html);
  m.message_id = "a." + c.crypto->RandomToken() + "@" + DomainOf(c.settings.from_address);
  m.auto_submitted = true;
  m.state = DeliveryState::kQueued;
  m.next_attempt_at = now;
  m.created_at = now;
  m.updated_at = now;
  tx.InsertOutbox(m);
  return {};
}

std::string ReplyAddress(std::int64_t ticket_id) {
  const Configured& c = State();
  const std::string& base = c.settings.support_address.empty() ? c.settings.from_address : c.settings.support_address;
  if (!c.crypto || c.settings.link_secret.empty()) return base;
  const std::string mac = c.crypto->HmacSha256Hex(c.settings.link_secret, ReplyTokenData(ticket_id));
  return PlusAddress(base, FormatReplyToken(ticket_id, mac));
}

std::optional<std::int64_t> TicketFromReplyAddress(std::string_view address) {
  const Configured& c = State();
  if (!c.crypto || c.settings.link_secret.empty()) return std::nullopt;
  auto tag = PlusTag(address);
  if (!tag) return std::nullopt;
  auto token = ParseReplyToken(*tag);
  if (!token) return std::nullopt;
  const std::string mac = c.crypto->HmacSha256Hex(c.settings.link_secret, ReplyTokenData(token->ticket_id));
  if (!c.crypto->ConstantTimeEqual(mac.substr(0, kReplyTokenMacHex), token->mac)) return std::nullopt;
  return token->ticket_id;
}

}  // namespace chamado::app
