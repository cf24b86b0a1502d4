#pragma once
// HTML from e-mail reduced to safe markup (docs/email.md "Parsing"). A whitelist of our own,
// not a browser: elements outside the list lose their tags (their text stays), and script,
// style, iframe, object, svg, head, ... lose their content too; attributes outside a short list
// go (every on*, style, class, id); links keep only http, https and mailto URLs, images only
// http, https and cid. The output is well formed: every kept element is closed, text and
// attribute values are escaped again. Work is linear in the input; nesting is capped.
#include <string>
#include <string_view>

namespace chamado::mail {

// The safe HTML of `html` (UTF-8 in, UTF-8 out).
std::string SanitizeHtml(std::string_view html);

// The readable text of `html`, for a message without a text/plain part: no markup, no script
// or style content, entities decoded, blocks and <br> as line breaks, runs of blanks collapsed.
std::string HtmlToText(std::string_view html);

}  // namespace chamado::mail
