#pragma once
// Comment redaction, the use case (PUT /tickets/{id}/comments/{cid}/redact; docs/api.md
// "Redaction"): an agent removes a text from a comment for good. The text rules are
// domain/redaction.hpp's; this finds every stored copy of the comment's text and rewrites it in
// one transaction:
// - the comment's body and html_body (plain_body is the body);
// - the search index, through the stores' comment triggers (sqlite/postgres 0002_search.sql);
// - when it is the ticket's first comment: the ticket's description (that comment's text), and
//   the subject with its "subject" events, since Zendesk-style creation takes the subject from
//   the description when none is given (the subject index follows through its trigger);
// and adds an audit by the agent with one CommentRedactionEvent naming the comment (never the
// removed text). Events store no comment text ("Comment" events hold public/internal), so
// only the subject events can hold a copy.
#include <cstdint>
#include <string>

#include "app/ports.hpp"
#include "domain/access.hpp"

namespace chamado::app {

struct RedactionResult {
  Comment comment;  // as stored after the redaction
  Audit audit;      // the redaction's audit
};

class RedactionService final {
 public:
  RedactionService(Store& store, Clock& clock) : store_(store), clock_(clock) {}

  // Agents and admins (end users 403, nobody 401). An unknown ticket, or a comment that is not
  // one of the ticket's, is 404; a text that is blank or not in the comment is 422 on `text`.
  Result<RedactionResult> RedactComment(const Caller& c, std::int64_t ticket_id, std::int64_t comment_id,
                                        const std::string& text);

 private:
  Store& store_;
  Clock& clock_;
};

}  // namespace chamado::app
