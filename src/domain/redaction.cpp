#include "domain/redaction.hpp"

namespace chamado {

Result<void> ValidateRedactionText(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return Fail(Error::Invalid("text", "BlankValue", "Text: the words to redact cannot be blank"));
  if (text.size() > kMaxRedactionTextBytes)
    return Fail(Error::Invalid("text", "TooLong",
                               "Text: is too long (maximum is " + std::to_string(kMaxRedactionTextBytes) + " bytes)"));
  return {};
}

std::string RedactionMarks(std::string_view text) {
  std::string out;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) out += kRedactionMark;  // one mark per code point, not per byte
  return out;
}

std::string RedactText(std::string_view s, std::string_view text) {
  if (text.empty()) return std::string(s);
  const std::string marks = RedactionMarks(text);
  std::string out;
  std::size_t from = 0;
  for (auto at = s.find(text); at != std::string_view::npos; at = s.find(text, from)) {
    out.append(s.substr(from, at - from));
    out += marks;
    from = at + text.size();
  }
  out.append(s.substr(from));
  return out;
}

std::string HtmlEscapedForRedaction(std::string_view text) {
  std::string out;
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(ch);
    }
  }
  return out;
}

std::string RedactHtml(std::string_view html, std::string_view text) {
  std::string out = RedactText(html, text);
  const std::string escaped = HtmlEscapedForRedaction(text);
  if (escaped == text) return out;
  // The escaped spelling gets as many marks as the text has characters.
  const std::string marks = RedactionMarks(text);
  std::string result;
  std::size_t from = 0;
  for (auto at = out.find(escaped); at != std::string::npos; at = out.find(escaped, from)) {
    result.append(out, from, at - from);
    result += marks;
    from = at + escaped.size();
  }
  result.append(out, from);
  return result;
}

}  // namespace chamado
