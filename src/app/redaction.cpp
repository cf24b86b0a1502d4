#include "app/redaction.hpp"

#include "app/audit_history.hpp"
#include "domain/redaction.hpp"

namespace chamado::app {
namespace {

// The ticket's first comment (its description), if any.
std::optional<std::int64_t> FirstCommentId(ReadTx& tx, std::int64_t ticket_id) {
  PageRequest p;
  p.limit = 1;
  p.want_count = false;
  auto page = tx.CommentsOf(ticket_id, /*public_only=*/false, p);
  if (page.items.empty()) return std::nullopt;
  return page.items.front().id;
}

// Rewrites the subject events (Create and Change) of the ticket that hold `text`.
void RedactSubjectEvents(WriteTx& tx, std::int64_t ticket_id, const std::string& text) {
  for (const auto& a : AllAuditsOf(tx, ticket_id))
    for (const auto& e : a.events) {
      if (e.field_name != "subject") continue;
      if (e.value.find(text) == std::string::npos && e.previous_value.find(text) == std::string::npos) continue;
      tx.UpdateEventValues(e.id, RedactText(e.value, text), RedactText(e.previous_value, text));
    }
}

}  // namespace

Result<RedactionResult> RedactionService::RedactComment(const Caller& c, std::int64_t ticket_id,
                                                        std::int64_t comment_id, const std::string& text) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsStaff()) return Fail(Error::Forbidden());
  if (auto ok = ValidateRedactionText(text); !ok) return Fail(ok.error());
  const Instant now = clock_.Now();
  RedactionResult out;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    auto before = tx.TicketById(ticket_id);
    if (!before) return Fail(Error::NotFound());
    auto found = tx.CommentsByIds({comment_id});
    if (found.empty() || found.front().ticket_id != ticket_id) return Fail(Error::NotFound());
    Comment comment = std::move(found.front());

    const std::string body = RedactText(comment.body, text);
    const std::string html = RedactHtml(comment.html_body, text);
    if (body == comment.body && html == comment.html_body)
      return Fail(Error::Invalid(
          "text", "NotFound", "Text: comment " + std::to_string(comment_id) + " does not contain the text to redact"));
    comment.body = body;
    comment.html_body = html;
    tx.UpdateCommentBody(comment.id, comment.body, comment.html_body);

    Ticket after = *before;
    if (FirstCommentId(tx, ticket_id) == comment.id) {
      after.description = RedactText(after.description, text);
      after.subject = RedactText(after.subject, text);
      if (after.subject != before->subject) RedactSubjectEvents(tx, ticket_id, text);
    }
    // The ticket changed (its timeline at least): exports and safe_update see a new updated_at.
    after.updated_at = now;
    after.version = before->version + 1;
    if (!tx.UpdateTicket(after, before->version))
      return Fail(Error::Conflict("Ticket " + std::to_string(ticket_id) + " changed meanwhile; please retry"));

    Audit a;
    a.ticket_id = ticket_id;
    a.author_id = c.user_id;
    a.via_channel = "api";
    a.created_at = now;
    Event e;
    e.type = std::string(kCommentRedactionEvent);
    e.field_name = "comment";
    e.comment_id = comment.id;
    a.events.push_back(e);
    tx.InsertAudit(a);
    out.comment = comment;
    out.audit = std::move(a);
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

}  // namespace chamado::app
