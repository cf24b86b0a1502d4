#include "app/mail_intake.hpp"

#include <algorithm>
#include <chrono>

#include "app/notifications.hpp"
#include "domain/access.hpp"
#include "domain/mail_threading.hpp"
#include "domain/ticket.hpp"
#include "domain/user.hpp"

namespace chamado::app {
namespace {

constexpr std::string_view kVia = "email";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// `text` cut to the comment limit on a UTF-8 boundary; a blank body names what the mail was.
std::string CommentText(std::string text, bool has_files) {
  if (text.size() > kMaxCommentBytes - 64) {
    std::size_t n = kMaxCommentBytes - 64;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    text.resize(n);
    text += "\n\n[…]";
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    text = has_files ? "(e-mail with attachments only)" : "(e-mail without text)";
  return text;
}

// Addresses of the help desk itself (and their plus-addresses): never made collaborators.
bool IsOurAddress(const MailIntakeSettings& s, std::string_view addr) {
  const std::string a = Lower(addr);
  const auto base = [](const std::string& x) {
    const auto at = x.rfind('@');
    const auto plus = x.find('+');
    if (at == std::string::npos || plus == std::string::npos || plus > at) return x;
    return x.substr(0, plus) + x.substr(at);
  };
  for (const std::string& ours : {Lower(s.support_address), Lower(s.from_address)})
    if (!ours.empty() && (a == ours || base(a) == ours)) return true;
  return false;
}

std::string Quoted(std::string_view id) { return "<" + std::string(id) + ">"; }

}  // namespace

MailIntakeService::MailIntakeService(Store& store, Clock& clock, Crypto& crypto, TicketService& tickets,
                                     AttachmentService* attachments, BlobStore& blobs, MailParser& parser,
                                     MailSpool& spool, MailIntakeSettings settings, Logger* log)
    : store_(store),
      clock_(clock),
      crypto_(crypto),
      tickets_(tickets),
      attachments_(attachments),
      blobs_(blobs),
      parser_(parser),
      spool_(spool),
      settings_(std::move(settings)),
      log_(log) {}

void MailIntakeService::LockMessageId(const std::string& id) {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return !in_flight_.contains(id); });
  in_flight_.insert(id);
}

void MailIntakeService::UnlockMessageId(const std::string& id) {
  {
    std::lock_guard lock(mu_);
    in_flight_.erase(id);
  }
  cv_.notify_all();
}

Result<IntakeOutcome> MailIntakeService::Receive(const Caller& c, std::string_view raw,
                                                 std::string_view envelope_recipient) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsStaff()) return Fail(Error::Forbidden());
  auto parsed = parser_.Parse(raw);
  if (!parsed) return Fail(parsed.error());
  InboundMessage msg = std::move(*parsed);
  if (!envelope_recipient.empty()) msg.envelope_recipient = Lower(envelope_recipient);
  // A message without a Message-ID is known by its bytes, so a redelivery is still one message.
  if (msg.message_id.empty()) msg.message_id = crypto_.Sha256Hex(raw) + "@no-message-id.chamado";
  const std::string id = msg.message_id;
  LockMessageId(id);
  auto out = Run(c, raw, std::move(msg), std::nullopt);
  UnlockMessageId(id);
  return out;
}

Result<IntakeOutcome> MailIntakeService::Run(const Caller& gateway, std::string_view raw, InboundMessage msg,
                                             std::optional<MailMessageRecord> recovered) {
  const Instant now = clock_.Now();
  const std::string from = Lower(msg.from.address);
  const std::string conversation = ThreadIndexConversation(msg.thread_index).value_or("");

  // ---- stored once: the same Message-ID again answers what became of it the first time
  if (!recovered) {
    auto seen = StoredBefore(msg.message_id);
    if (!seen) return Fail(seen.error());
    if (*seen) return **seen;
  }

  // ---- loops and abuse: bounces, automated mail, unknown or suspended senders, the rate
  if (!recovered) {
    const MailAutomation automation = ClassifyAutomation(msg);
    if (automation == MailAutomation::kBounce) return Bounce(msg, conversation);
    std::optional<User> known;
    std::int64_t recent = 0;
    auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
      if (!from.empty()) known = tx.UserByEmail(NormalizeEmail(from));
      recent = tx.InboundFromSenderSince(from, now - std::chrono::hours(1));
      return {};
    });
    if (!r) return Fail(r.error());
    if (automation != MailAutomation::kNone) {
      const std::string what = std::string(MailAutomationName(automation));
      if (known && !known->suspended)
        return Record(msg, conversation,
                      {ThreadRule::kIgnoredAutomated, std::nullopt, std::nullopt,
                       "Automated mail (" + what + ") from " + from + ", a known user: no ticket, no reply"},
                      std::nullopt, std::nullopt);
      return Suspend(msg, raw, "Detected as an automated message (" + what + ")", conversation);
    }
    if (from.empty() || NormalizeEmail(from).empty())
      return Suspend(msg, raw, "The message has no valid sender address", conversation);
    if (known && known->suspended) return Suspend(msg, raw, "The sender is a suspended user", conversation);
    if (settings_.inbound_per_sender_per_hour > 0 && recent >= settings_.inbound_per_sender_per_hour)
      return Suspend(
          msg, raw,
          "Over the sender rate limit (" + std::to_string(settings_.inbound_per_sender_per_hour) + " messages an hour)",
          conversation);
  }

  auto sender = SenderUser(msg);
  if (!sender) return Fail(sender.error());
  const Caller as_sender{sender->id, sender->role, false};
  const bool staff_sender = IsStaff(sender->role);
  const Workflow& wf = tickets_.workflow();

  // ---- stored once, atomically: the message's record is written inside the transaction that
  // adds its ticket or comment (TicketCommand::within_tx). A redelivery racing this one (another
  // node, or the MTA retrying after a crash before our answer) finds the Message-ID taken and
  // rolls back: one message never makes two tickets or two comments.
  std::optional<MailMessageRecord> stored = recovered;
  bool raced = false;
  auto record_within = [&](ThreadRule rule_if_stored, bool created) {
    return [&, rule_if_stored, created](WriteTx& tx, const TicketResult& res) -> Result<void> {
      MailMessageRecord rec = stored.value_or(MailMessageRecord{});
      rec.message_id = msg.message_id;
      rec.direction = "in";
      rec.ticket_id = res.ticket.id;
      if (!res.comments.empty()) rec.comment_id = created ? res.comments.front().id : res.comments.back().id;
      rec.from_address = from;
      rec.subject = msg.subject;
      rec.thread_index = conversation;
      rec.rule = std::string(ThreadRuleName(
          created && res.ticket.merged_into && rule_if_stored == ThreadRule::kNewTicket ? ThreadRule::kDuplicate
                                                                                        : rule_if_stored));
      rec.created_at = now;
      if (rec.id != 0) {
        tx.UpdateMailMessage(rec);
      } else if (!tx.InsertMailMessage(rec)) {
        raced = true;
        return Fail(Error::Conflict("Message-ID " + Quoted(msg.message_id) + " was stored meanwhile"));
      }
      stored = rec;
      return {};
    };
  };
  // After a use case failed because the message was stored meanwhile: what became of it.
  auto raced_outcome = [&]() -> Result<IntakeOutcome> {
    auto seen = StoredBefore(msg.message_id);
    if (!seen) return Fail(seen.error());
    if (!*seen) return Fail(Error::Unavailable("Message-ID " + Quoted(msg.message_id) + ": lost a race; retry"));
    return **seen;
  };

  // ---- threading: In-Reply-To/References, the reply token, the subject tag, Thread-Index
  std::optional<Ticket> target;
  ThreadRule rule = ThreadRule::kNewTicket;
  std::string why;
  std::string notes;  // what was looked at and not used
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    std::vector<std::string> ids;
    if (!msg.in_reply_to.empty()) ids.push_back(msg.in_reply_to);
    ids.insert(ids.end(), msg.references.rbegin(), msg.references.rend());  // newest first
    if (!ids.empty()) {
      const auto found = tx.MailMessagesByIds(ids);
      for (std::size_t i = 0; i < ids.size() && !target; ++i)
        for (const auto& m : found)
          if (m.message_id == ids[i] && m.ticket_id)
            if (auto t = tx.TicketById(*m.ticket_id)) {
              target = t;
              rule = (i == 0 && !msg.in_reply_to.empty()) ? ThreadRule::kInReplyTo : ThreadRule::kReferences;
              why = std::string(rule == ThreadRule::kInReplyTo ? "In-Reply-To " : "References ") + Quoted(ids[i]) +
                    " is " + (m.direction == "out" ? "our mail" : "a message") + " of ticket " + std::to_string(t->id);
              break;
            }
    }
    if (!target) {
      std::vector<std::string> addrs;
      if (!msg.envelope_recipient.empty()) addrs.push_back(msg.envelope_recipient);
      for (const auto& a : msg.to) addrs.push_back(a.address);
      for (const auto& a : msg.cc) addrs.push_back(a.address);
      for (const auto& a : addrs) {
        if (!PlusAddressToken(a)) continue;
        if (auto tid = TicketFromReplyAddress(a))
          if (auto t = tx.TicketById(*tid)) {
            target = t;
            rule = ThreadRule::kReplyToken;
            why = "the reply address " + a + " carries ticket " + std::to_string(*tid) + "'s signed token";
            break;
          }
        notes += "; the token of " + a + " does not verify";
      }
    }
    if (!target)
      if (auto tag = SubjectTicketTag(msg.subject)) {
        auto t = tx.TicketById(*tag);
        if (t && (staff_sender || IsRequesterOrCc(as_sender, *t))) {
          target = t;
          rule = ThreadRule::kSubjectTag;
          why = "the subject tag [#" + std::to_string(*tag) + "], from " +
                (staff_sender ? std::string("staff") : std::string("its requester or a CC"));
        } else {
          notes += "; the subject tag [#" + std::to_string(*tag) + "] was ignored: " + from +
                   " is not the ticket's requester, a CC or staff";
        }
      }
    if (!target && !conversation.empty())
      if (auto tid = tx.TicketByThreadIndex(conversation))
        if (auto t = tx.TicketById(*tid)) {
          target = t;
          rule = ThreadRule::kThreadIndex;
          why = "the Outlook conversation (Thread-Index) of ticket " + std::to_string(*tid);
        }
    // A ticket merged into another: the conversation goes on there.
    for (int hop = 0; target && target->merged_into && hop < 5; ++hop)
      if (auto into = tx.TicketById(*target->merged_into)) {
        why += "; ticket " + std::to_string(target->id) + " was merged into " + std::to_string(into->id);
        target = into;
      } else {
        break;
      }
    return {};
  });
  if (!r) return Fail(r.error());

  // ---- attachments: each through the attachment policy, uploaded as the sender; what the
  // policy refuses is listed in an internal note and a reply explains the rule
  std::vector<std::string> uploads;
  std::vector<std::pair<std::string, std::string>> refused;  // file name, reason
  std::optional<std::string> token;
  for (const auto& a : msg.attachments) {
    if (!attachments_) {
      refused.emplace_back(a.file_name, "this help desk does not store attachments");
      continue;
    }
    auto path = spool_.Write(a.bytes);
    if (!path) return Fail(path.error());
    const std::string name = a.file_name.empty() ? "attachment" : a.file_name;
    auto up = attachments_->Upload(as_sender, name, token, *path, static_cast<std::int64_t>(a.bytes.size()));
    spool_.Remove(*path);
    if (!up) {
      if (up.error().code == ErrorCode::kUnavailable || up.error().code == ErrorCode::kInternal)
        return Fail(up.error());
      const auto& e = up.error();
      refused.emplace_back(name, e.fields.empty() ? e.description : e.fields.front().description);
      continue;
    }
    token = up->upload.token;
  }
  if (token) uploads.push_back(*token);

  std::vector<UserRef> ccs;
  for (const auto* list : {&msg.to, &msg.cc})
    for (const auto& a : *list) {
      const std::string addr = Lower(a.address);
      if (addr.empty() || addr == from || addr == msg.envelope_recipient || IsOurAddress(settings_, addr)) continue;
      if (list == &msg.to && PlusAddressToken(addr)) continue;  // someone's reply address
      UserRef u;
      u.email = addr;
      u.name = a.name;
      ccs.push_back(std::move(u));
    }

  const std::string reply_text = CommentText(StripQuotedHistory(msg.text), !msg.attachments.empty());
  IntakeOutcome out;
  std::optional<std::int64_t> comment_id;
  const Status* target_status = target ? wf.ById(target->custom_status_id) : nullptr;

  // ---- into the open ticket it threads into
  if (target && target_status && !target_status->closed) {
    Result<TicketResult> done = Fail(Error::Internal("not run"));
    if (staff_sender) {  // an agent answering by mail: a public agent reply
      TicketCommand cmd;
      cmd.comment = CommentInput{reply_text, "", true, sender->id, uploads};
      cmd.via_channel = kVia;
      cmd.within_tx = record_within(rule, false);
      done = tickets_.Update(as_sender, target->id, cmd);
    } else {
      if (!IsRequesterOrCc(as_sender, *target)) {
        // Someone the customer's mail reached (found by its headers or token): a CC from now on.
        TicketCommand add;
        UserRef me;
        me.id = sender->id;
        add.additional_collaborators.push_back(me);
        add.via_channel = kVia;
        if (auto ok = tickets_.Update(gateway, target->id, add); !ok) return Fail(ok.error());
        why += "; " + from + " was added as a CC";
      }
      RequestCommand cmd;
      cmd.comment = CommentInput{reply_text, "", true, std::nullopt, uploads};
      cmd.additional_collaborators = ccs;
      cmd.via_channel = kVia;
      cmd.within_tx = record_within(rule, false);
      done = tickets_.UpdateRequest(as_sender, target->id, cmd);
    }
    if (!done && raced) return raced_outcome();
    if (done) {
      out = {rule, target->id, std::nullopt, "Threaded into ticket " + std::to_string(target->id) + ": " + why + notes};
      if (!done->comments.empty()) comment_id = done->comments.back().id;
    } else if (done.error().code == ErrorCode::kInvalid) {
      notes += "; could not comment on ticket " + std::to_string(target->id) + " (" +
               (done.error().fields.empty() ? done.error().description : done.error().fields.front().description) + ")";
      target.reset();
    } else {
      return Fail(done.error());
    }
  }

  // ---- a closed ticket: a follow-up, linked to it
  if (target && target_status && target_status->closed && !out.ticket_id) {
    RequestCommand cmd;
    cmd.subject = NormalizeSubject(msg.subject);
    if (cmd.subject.empty()) cmd.subject = target->subject;
    cmd.comment = CommentInput{reply_text, "", true, std::nullopt, uploads};
    cmd.collaborators = ccs;
    cmd.via_channel = kVia;
    cmd.followup_source_id = target->id;
    cmd.within_tx = record_within(ThreadRule::kFollowUp, true);
    auto done = tickets_.CreateRequest(as_sender, cmd);
    if (!done) return raced ? raced_outcome() : Fail(done.error());
    out = {ThreadRule::kFollowUp, done->ticket.id, std::nullopt,
           "Ticket " + std::to_string(target->id) + " (found by " + why + ") is closed: follow-up ticket " +
               std::to_string(done->ticket.id) + notes};
    if (!done->comments.empty()) comment_id = done->comments.front().id;
  }

  // ---- a new ticket (the duplicate rule of CreateRequest applies)
  if (!out.ticket_id) {
    RequestCommand cmd;
    cmd.subject = msg.subject;
    if (cmd.subject.find_first_not_of(" \t") == std::string::npos) cmd.subject = "(no subject)";
    cmd.comment = CommentInput{CommentText(msg.text, !msg.attachments.empty()), msg.html, true, std::nullopt, uploads};
    cmd.collaborators = ccs;
    cmd.via_channel = kVia;
    cmd.within_tx = record_within(ThreadRule::kNewTicket, true);
    auto done = tickets_.CreateRequest(as_sender, cmd);
    if (!done) return raced ? raced_outcome() : Fail(done.error());
    if (!done->comments.empty()) comment_id = done->comments.front().id;
    if (done->ticket.merged_into)
      out = {ThreadRule::kDuplicate, done->ticket.id, std::nullopt,
             "Nothing threads it" + notes + "; " + from + " has an active case: ticket " +
                 std::to_string(done->ticket.id) + " joined ticket " + std::to_string(*done->ticket.merged_into)};
    else
      out = {ThreadRule::kNewTicket, done->ticket.id, std::nullopt,
             "Nothing threads it" + notes + ": new ticket " + std::to_string(done->ticket.id)};
  }

  // ---- refused attachments: an internal note for agents, a reply to the sender
  if (!refused.empty()) {
    std::string note = "Attachments of the e-mail from " + from + " refused by the attachment policy:";
    std::vector<TemplateValue> files;
    for (const auto& [name, reason] : refused) {
      note += "\n- " + name + ": " + reason;
      TemplateValue f;
      f.Set("name", name).Set("reason", reason);
      files.push_back(std::move(f));
    }
    TicketCommand cmd;
    cmd.comment = CommentInput{note, "", false, std::nullopt, {}};
    cmd.via_channel = kVia;
    if (auto ok = tickets_.Update(gateway, *out.ticket_id, cmd); !ok && log_)
      log_->Warn("mail_refused_note", ok.error().description);
    auto w = store_.Write([&](WriteTx& tx) -> Result<void> {
      auto t = tx.TicketById(*out.ticket_id);
      if (!t) return {};
      TemplateValue extra;
      extra.Set("files", TemplateValue::List(std::move(files)));
      extra.Set("refused_list", note);
      return QueueTicketMail(tx, "attachment_refused", *t, *sender, extra, clock_.Now());
    });
    if (!w && log_) log_->Warn("mail_refused_reply", w.error().description);
    out.detail += "; refused attachments: " + std::to_string(refused.size());
  }
  // The record exists (written with the ticket or comment); Record adds the final detail.
  return Record(msg, conversation, std::move(out), comment_id, std::move(stored));
}

Result<std::optional<IntakeOutcome>> MailIntakeService::StoredBefore(const std::string& message_id) {
  std::vector<MailMessageRecord> seen;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    seen = tx.MailMessagesByIds({message_id});
    return {};
  });
  if (!r) return Fail(r.error());
  if (seen.empty()) return std::optional<IntakeOutcome>{};
  return std::optional<IntakeOutcome>{
      IntakeOutcome{ThreadRule::kDuplicateDelivery, seen.front().ticket_id, std::nullopt,
                    "Message-ID " + Quoted(message_id) + " was received before (" + seen.front().rule +
                        (seen.front().detail.empty() ? "" : ": " + seen.front().detail) + "); stored once"}};
}

Result<User> MailIntakeService::SenderUser(const InboundMessage& msg) {
  const std::string email = NormalizeEmail(msg.from.address);
  if (email.empty()) return Fail(Error::Invalid("from", "InvalidValue", "The message has no valid sender address"));
  std::optional<User> user;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    user = tx.UserByEmail(email);
    if (user) return {};
    User u;
    u.email = email;
    u.name = msg.from.name.empty() ? email.substr(0, email.find('@')) : msg.from.name;
    u.locale = LocaleFromLanguage(msg.language);
    u.role = Role::kEndUser;
    u.created_at = u.updated_at = clock_.Now();
    tx.InsertUser(u);
    user = u;
    return {};
  });
  if (!r) return Fail(r.error());
  return *user;
}

Result<IntakeOutcome> MailIntakeService::Record(const InboundMessage& msg, const std::string& conversation,
                                                IntakeOutcome out, std::optional<std::int64_t> comment_id,
                                                std::optional<MailMessageRecord> recovered) {
  MailMessageRecord rec = recovered.value_or(MailMessageRecord{});
  rec.message_id = msg.message_id;
  rec.direction = "in";
  rec.ticket_id = out.ticket_id;
  rec.comment_id = comment_id;
  rec.from_address = Lower(msg.from.address);
  rec.subject = msg.subject;
  rec.thread_index = conversation;
  rec.rule = std::string(ThreadRuleName(out.rule));
  rec.detail = out.detail;
  rec.created_at = clock_.Now();
  auto w = store_.Write([&](WriteTx& tx) -> Result<void> {
    if (recovered && recovered->id != 0)
      tx.UpdateMailMessage(rec);
    else if (!tx.InsertMailMessage(rec) && log_)
      log_->Warn("mail_in_race", "Message-ID " + Quoted(rec.message_id) + " was stored meanwhile by another node");
    return {};
  });
  if (!w) return Fail(w.error());
  if (log_)
    log_->Info("mail_in", std::string(ThreadRuleName(out.rule)) + " " + Quoted(msg.message_id) + " from " +
                              rec.from_address + ": " + out.detail);
  return out;
}

Result<IntakeOutcome> MailIntakeService::Suspend(const InboundMessage& msg, std::string_view raw, std::string cause,
                                                 const std::string& conversation) {
  auto path = spool_.Write(raw);
  if (!path) return Fail(path.error());
  auto blob = blobs_.PutFile(*path);
  spool_.Remove(*path);
  if (!blob) return Fail(blob.error());
  SuspendedTicket s;
  s.subject = msg.subject;
  s.author_email = Lower(msg.from.address);
  s.author_name = msg.from.name;
  s.cause = cause;
  s.message_id = msg.message_id;
  s.raw_sha256 = blob->sha256;
  s.raw_size = static_cast<std::int64_t>(raw.size());
  s.recipient = msg.envelope_recipient;
  s.created_at = clock_.Now();
  MailMessageRecord rec;
  rec.message_id = msg.message_id;
  rec.direction = "in";
  rec.from_address = s.author_email;
  rec.subject = msg.subject;
  rec.thread_index = conversation;
  rec.rule = std::string(ThreadRuleName(ThreadRule::kSuspended));
  rec.created_at = s.created_at;
  auto w = store_.Write([&](WriteTx& tx) -> Result<void> {
    tx.InsertSuspendedTicket(s);
    rec.detail = cause + ": suspended ticket " + std::to_string(s.id);
    tx.InsertMailMessage(rec);
    return {};
  });
  if (!w) return Fail(w.error());
  if (log_) log_->Info("mail_in", "suspended " + Quoted(msg.message_id) + " from " + s.author_email + ": " + cause);
  return IntakeOutcome{ThreadRule::kSuspended, std::nullopt, s.id, rec.detail};
}

Result<IntakeOutcome> MailIntakeService::Bounce(const InboundMessage& msg, const std::string& conversation) {
  IntakeOutcome out{ThreadRule::kBounce, std::nullopt, std::nullopt, ""};
  auto w = store_.Write([&](WriteTx& tx) -> Result<void> {
    const std::string original = msg.dsn ? msg.dsn->original_message_id : "";
    std::optional<OutboundEmail> sent = original.empty() ? std::nullopt : tx.OutboxByMessageId(original);
    if (!sent) {
      out.detail = "A delivery report" + (original.empty() ? std::string() : " for " + Quoted(original)) +
                   " that names none of our messages";
      return {};
    }
    const bool failed = !msg.dsn || msg.dsn->action.empty() || msg.dsn->action == "failed";
    std::string diagnostic = msg.dsn->diagnostic.empty() ? msg.dsn->status : msg.dsn->diagnostic;
    if (failed) {
      sent->state = DeliveryState::kBounced;
      sent->last_error = diagnostic.empty() ? "bounced" : diagnostic;
      sent->updated_at = clock_.Now();
      tx.UpdateOutboxDelivery(*sent);
    }
    out.ticket_id = sent->ticket_id;
    out.detail = "Delivery report for our mail " + Quoted(original) + " to " + sent->to_address + ": " +
                 (msg.dsn->action.empty() ? "failed" : msg.dsn->action) +
                 (diagnostic.empty() ? "" : " (" + diagnostic + ")");
    return {};
  });
  if (!w) return Fail(w.error());
  return Record(msg, conversation, std::move(out), std::nullopt, std::nullopt);
}

// ---- suspended tickets

Result<Page<SuspendedTicket>> MailIntakeService::ListSuspended(const Caller& c, const PageRequest& p) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsStaff()) return Fail(Error::Forbidden());
  Page<SuspendedTicket> page;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    page = tx.ListSuspendedTickets(p);
    return {};
  });
  if (!r) return Fail(r.error());
  return page;
}

Result<SuspendedTicket> MailIntakeService::ShowSuspended(const Caller& c, std::int64_t id) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsStaff()) return Fail(Error::Forbidden());
  std::optional<SuspendedTicket> s;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    s = tx.SuspendedTicketById(id);
    return {};
  });
  if (!r) return Fail(r.error());
  if (!s) return Fail(Error::NotFound());
  return *s;
}

Result<IntakeOutcome> MailIntakeService::Recover(const Caller& c, std::int64_t id) {
  auto s = ShowSuspended(c, id);
  if (!s) return Fail(s.error());
  auto reader = blobs_.Open(s->raw_sha256);
  if (!reader) return Fail(reader.error());
  std::string raw;
  raw.reserve((*reader)->Size());
  char buf[64 * 1024];
  for (;;) {
    auto n = (*reader)->Read(buf, sizeof buf);
    if (!n) return Fail(n.error());
    if (*n == 0) break;
    raw.append(buf, *n);
  }
  auto parsed = parser_.Parse(raw);
  if (!parsed) return Fail(parsed.error());
  InboundMessage msg = std::move(*parsed);
  msg.envelope_recipient = s->recipient;
  msg.message_id = s->message_id;
  LockMessageId(msg.message_id);
  std::optional<MailMessageRecord> rec;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    auto found = tx.MailMessagesByIds({msg.message_id});
    if (!found.empty()) rec = found.front();
    return {};
  });
  Result<IntakeOutcome> out = r ? Result<IntakeOutcome>{} : Fail(r.error());
  if (r) {
    if (!rec) rec = MailMessageRecord{};  // recorded nowhere yet (id 0): Record inserts it
    out = Run(c, raw, std::move(msg), rec);
  }
  UnlockMessageId(s->message_id);
  if (!out) return out;
  out->detail = "Recovered suspended ticket " + std::to_string(id) + ": " + out->detail;
  auto w = store_.Write([&](WriteTx& tx) -> Result<void> {
    tx.DeleteSuspendedTicket(id);
    return {};
  });
  if (!w) return Fail(w.error());
  return out;
}

Result<void> MailIntakeService::DeleteSuspended(const Caller& c, std::int64_t id) {
  auto s = ShowSuspended(c, id);
  if (!s) return Fail(s.error());
  bool blob_free = false;
  auto w = store_.Write([&](WriteTx& tx) -> Result<void> {
    tx.DeleteSuspendedTicket(id);
    // The blob-lifetime rule of app/attachments.cpp: an attachment may share these bytes.
    tx.LockBlob(s->raw_sha256, s->raw_size, clock_.Now());
    blob_free = tx.AttachmentsWithBlob(s->raw_sha256) == 0;
    if (blob_free) tx.ForgetBlob(s->raw_sha256);
    return {};
  });
  if (!w) return Fail(w.error());
  if (blob_free) (void)blobs_.Delete(s->raw_sha256);  // the message itself goes too
  return {};
}

Result<std::vector<MailMessageRecord>> MailIntakeService::MessagesOfTicket(const Caller& c, std::int64_t ticket_id) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsStaff()) return Fail(Error::Forbidden());
  std::vector<MailMessageRecord> out;
  bool exists = false;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    exists = tx.TicketById(ticket_id).has_value();
    if (exists) out = tx.MailMessagesOfTicket(ticket_id);
    return {};
  });
  if (!r) return Fail(r.error());
  if (!exists) return Fail(Error::NotFound());
  return out;
}

}  // namespace chamado::app
