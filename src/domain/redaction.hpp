#pragma once
// Comment redaction (zendesk-compat.md §12; docs/api.md "Redaction"): an agent removes words a
// customer should not have sent (a card number, a password) from a comment, for good. As
// Zendesk does, every character of every occurrence becomes one "▇" (U+2587), so the reader
// sees that something of that length was there and nothing of what it was. Pure text rules;
// the app finds every place the text was copied to (app/redaction.hpp).
#include <string>
#include <string_view>

#include "domain/error.hpp"

namespace chamado {

inline constexpr std::string_view kRedactionMark = "\u2587";  // ▇, 3 bytes in UTF-8
// The timeline's event for a redaction: who and when (the audit's), which comment (the event's
// comment_id); never the removed text.
inline constexpr std::string_view kCommentRedactionEvent = "CommentRedactionEvent";
// Longest text one redaction may name.
inline constexpr std::size_t kMaxRedactionTextBytes = 4096;

// The text to remove: not blank, at most kMaxRedactionTextBytes (422 on `text`).
Result<void> ValidateRedactionText(std::string_view text);

// `text` with every character (UTF-8 code point) replaced by kRedactionMark.
std::string RedactionMarks(std::string_view text);

// `s` with every occurrence of `text` replaced by RedactionMarks(text), left to right,
// case-sensitive, not overlapping. `s` itself when `text` does not occur (or is empty).
std::string RedactText(std::string_view s, std::string_view text);

// `text` as it appears in HTML: &, <, >, " and ' escaped (&amp; &lt; &gt; &quot; &#39;).
// RedactHtml removes both spellings from an HTML body. Limit: other spellings of the same
// characters (&#x27;, &apos;, entities for letters) are not recognised.
std::string HtmlEscapedForRedaction(std::string_view text);
std::string RedactHtml(std::string_view html, std::string_view text);

}  // namespace chamado
