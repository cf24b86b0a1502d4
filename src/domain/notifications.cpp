#include "domain/notifications.hpp"

#include <date/tz.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <stdexcept>

#include "domain/escalation.hpp"

namespace chamado {
namespace {

// Lower ranks win when one recipient is owed several kinds in one audit.
int Rank(std::string_view kind) {
  static const std::vector<std::string_view> order = {
      kMailTicketReceived, kMailDuplicateMerged, kMailAutoClosed,          kMailResolved,
      kMailInfoRequested,  kMailAgentReply,      kMailEscalationConcluded, kMailStatusChanged,
      kMailReminder,       kMailAssignment,      kMailCustomerReply,
  };
  auto it = std::find(order.begin(), order.end(), kind);
  return static_cast<int>(it - order.begin());
}

std::optional<std::int64_t> ParseId(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

const User* Find(const std::vector<User>& people, std::int64_t id) {
  for (const auto& u : people)
    if (u.id == id) return &u;
  return nullptr;
}

bool Reachable(const User* u) { return u && u->active && !u->suspended && !u->email.empty(); }

// What one audit says, read once from its events.
struct AuditFacts {
  bool created = false;
  std::optional<std::int64_t> status_from, status_to;  // a custom_status_id move
  std::optional<std::int64_t> new_assignee;            // assignee set (creation or change)
  bool merged_into = false;                            // chamado_merged_into set
  bool rule = false;                                   // a Rule event: the system's move
  bool reminder = false;
  bool escalation_concluded = false;
  std::vector<std::int64_t> comment_ids;  // in event order
};

AuditFacts Read(const Audit& a) {
  AuditFacts f;
  for (const auto& e : a.events) {
    if (e.type == "Create") {
      f.created = true;
      if (e.field_name == "custom_status_id") f.status_to = ParseId(e.value);
      if (e.field_name == "assignee_id" && !e.value.empty()) f.new_assignee = ParseId(e.value);
    } else if (e.type == "Change") {
      if (e.field_name == "custom_status_id") {
        f.status_from = ParseId(e.previous_value);
        f.status_to = ParseId(e.value);
      } else if (e.field_name == "assignee_id" && !e.value.empty()) {
        f.new_assignee = ParseId(e.value);
      } else if (e.field_name == "chamado_merged_into" && !e.value.empty()) {
        f.merged_into = true;
      }
    } else if (e.type == "Comment" && e.comment_id) {
      f.comment_ids.push_back(e.comment_id);
    } else if (e.type == kRuleEventType) {
      f.rule = true;
    } else if (e.type == "Reminder") {
      f.reminder = true;
    } else if (e.type == kEscalationEvent && e.field_name == kEscalationConcluded) {
      f.escalation_concluded = true;
    }
  }
  return f;
}

}  // namespace

const std::vector<std::string_view>& MailKinds() {
  static const std::vector<std::string_view> kinds = {
      kMailTicketReceived, kMailAgentReply,        kMailInfoRequested,   kMailStatusChanged,       kMailReminder,
      kMailAutoClosed,     kMailResolved,          kMailDuplicateMerged, kMailEscalationConcluded, kMailAssignment,
      kMailCustomerReply,  kMailAttachmentRefused, kMailSelfHelp,
  };
  return kinds;
}

bool IsAutoSubmittedKind(std::string_view kind) { return kind != kMailAgentReply && kind != kMailInfoRequested; }

std::vector<Notification> DecideNotifications(const NotificationInput& in) {
  const Workflow& wf = *in.wf;
  const Ticket& t = *in.ticket;
  const Audit& a = *in.audit;
  const AuditFacts f = Read(a);
  const std::int64_t author = a.author_id;
  const User* author_user = Find(in.people, author);
  const bool by_staff_or_system = author == kSystemAuthorId || (author_user && IsStaff(author_user->role));

  // The audit's comments as the customer may see them: public ones only, with their author.
  const Comment* public_staff = nullptr;     // the first public comment written by staff
  const Comment* public_customer = nullptr;  // ... by an end user
  for (auto id : f.comment_ids) {
    auto it = std::find_if(in.comments.begin(), in.comments.end(), [&](const Comment& c) { return c.id == id; });
    if (it == in.comments.end() || !it->is_public) continue;
    const User* w = Find(in.people, it->author_id);
    const bool staff = it->author_id == kSystemAuthorId || (w && IsStaff(w->role));
    if (staff && !public_staff) public_staff = &*it;
    if (!staff && !public_customer) public_customer = &*it;
  }

  const Status* to = f.status_to ? wf.ById(*f.status_to) : nullptr;
  const Status* from = f.status_from ? wf.ById(*f.status_from) : nullptr;
  const bool moved = to && (!from || from->id != to->id) && !f.created;

  // ---- the customer's kind (one for the requester and CCs alike)
  std::string_view customer_kind;
  std::int64_t quoted = 0;
  if (t.type != TicketType::kProblem) {  // problems are internal: their requester is an agent
    if (f.created) {
      // A contact that joined the customer's active case at once is told by the duplicate
      // notice (its own audit), not acknowledged as a new ticket.
      if (!t.merged_into) customer_kind = kMailTicketReceived;
    } else if (f.merged_into) {
      customer_kind = kMailDuplicateMerged;
      // An agent's merge comment is worth quoting; the system's notice says what the mail says.
      if (public_staff && author != kSystemAuthorId) quoted = public_staff->id;
    } else if (moved && to->closed && (f.rule || author == kSystemAuthorId)) {
      customer_kind = kMailAutoClosed;
    } else if (moved && to->category == Category::kSolved && !to->closed && by_staff_or_system) {
      customer_kind = kMailResolved;
      if (public_staff) quoted = public_staff->id;
    } else if (public_staff) {
      quoted = public_staff->id;
      customer_kind = moved && to->category == Category::kPending ? kMailInfoRequested : kMailAgentReply;
    } else if (f.escalation_concluded) {
      customer_kind = kMailEscalationConcluded;
    } else if (moved && by_staff_or_system && (to->category == Category::kOpen || to->category == Category::kHold) &&
               (!from || from->customer_label.pt_br != to->customer_label.pt_br ||
                from->customer_label.es != to->customer_label.es || from->customer_label.en != to->customer_label.en)) {
      customer_kind = kMailStatusChanged;
    } else if (f.reminder) {
      customer_kind = kMailReminder;
    }
  }

  std::map<std::int64_t, Notification> chosen;
  std::vector<std::int64_t> order;
  auto offer = [&](std::int64_t user_id, std::string_view kind, std::int64_t comment_id) {
    const User* u = Find(in.people, user_id);
    if (!Reachable(u)) return;
    // Never mail the author of the change; the creation's acknowledgement is the exception
    // (the protocol number is what the person who wrote needs).
    if (user_id == author && kind != kMailTicketReceived) return;
    auto it = chosen.find(user_id);
    if (it == chosen.end()) {
      chosen.emplace(user_id, Notification{std::string(kind), user_id, comment_id});
      order.push_back(user_id);
    } else if (Rank(kind) < Rank(it->second.kind)) {
      it->second = Notification{std::string(kind), user_id, comment_id};
    }
  };

  if (!customer_kind.empty()) {
    offer(t.requester_id, customer_kind, quoted);
    for (auto cc : t.collaborator_ids) {
      // ticket_received goes to the requester who wrote and to CCs, but a CC who is the
      // author (an agent creating it) is excluded by offer().
      offer(cc, customer_kind, quoted);
    }
  }
  // ---- agents
  if (f.new_assignee && *f.new_assignee != author) {
    const User* as = Find(in.people, *f.new_assignee);
    if (as && IsStaff(as->role)) offer(*f.new_assignee, kMailAssignment, 0);
  }
  if (public_customer && t.assignee_id && !f.created) {
    const User* as = Find(in.people, *t.assignee_id);
    if (as && IsStaff(as->role) && *t.assignee_id != public_customer->author_id)
      offer(*t.assignee_id, kMailCustomerReply, public_customer->id);
  }

  std::vector<Notification> out;
  for (auto id : order) out.push_back(chosen.at(id));
  // Customers first (in offer order), then agents: stable for tests and for the outbox.
  std::stable_partition(out.begin(), out.end(), [](const Notification& n) {
    return n.kind != kMailAssignment && n.kind != kMailCustomerReply;
  });
  return out;
}

// ---------------------------------------------------------------- reply tokens

std::string ReplyTokenData(std::int64_t ticket_id) { return "chamado-reply:" + std::to_string(ticket_id); }

std::string FormatReplyToken(std::int64_t ticket_id, std::string_view hmac_hex) {
  return "t" + std::to_string(ticket_id) + "-" + std::string(hmac_hex.substr(0, kReplyTokenMacHex));
}

std::optional<ReplyToken> ParseReplyToken(std::string_view token) {
  if (token.size() < 3 || (token[0] != 't' && token[0] != 'T')) return std::nullopt;
  const auto dash = token.find('-');
  if (dash == std::string_view::npos || dash < 2) return std::nullopt;
  auto id = ParseId(token.substr(1, dash - 1));
  if (!id || *id <= 0) return std::nullopt;
  std::string mac(token.substr(dash + 1));
  if (mac.size() != kReplyTokenMacHex) return std::nullopt;
  for (char& c : mac) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');  // some MTAs upper-case local parts
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
  }
  return ReplyToken{*id, std::move(mac)};
}

std::string PlusAddress(std::string_view address, std::string_view token) {
  const auto at = address.rfind('@');
  if (at == std::string_view::npos) return std::string(address);
  std::string local(address.substr(0, at));
  if (auto plus = local.find('+'); plus != std::string::npos) local.resize(plus);
  return local + "+" + std::string(token) + std::string(address.substr(at));
}

std::optional<std::string> PlusTag(std::string_view address) {
  const auto at = address.rfind('@');
  const std::string_view local = at == std::string_view::npos ? address : address.substr(0, at);
  const auto plus = local.find('+');
  if (plus == std::string_view::npos || plus + 1 >= local.size()) return std::nullopt;
  return std::string(local.substr(plus + 1));
}

std::string TaggedSubject(std::int64_t ticket_id, std::string_view subject) {
  const std::string tag = "[#" + std::to_string(ticket_id) + "]";
  if (subject.find(tag) != std::string_view::npos) return std::string(subject);
  if (subject.empty()) return tag;
  return tag + " " + std::string(subject);
}

std::string FormatMailTime(Instant t, std::string_view time_zone, std::string_view locale) {
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(time_zone);
  } catch (const std::runtime_error&) {
    zone = date::locate_zone("America/Sao_Paulo");
  }
  const auto local = date::zoned_time<std::chrono::seconds>(zone, t);
  const char* fmt = locale == "en" ? "%Y-%m-%d %H:%M (%Z)" : "%d/%m/%Y %H:%M (%Z)";
  return date::format(fmt, local);
}

}  // namespace chamado
