// libFuzzer entry for inbound MIME (docs/email.md "Fuzzing"): any bytes through ReadMime (all
// of GMimeParser::Parse but its std::expected wrapper, which clang 14 cannot compile) and,
// directly, through the HTML sanitizer. Besides the sanitizers' own
// checks (memory errors, leaks, timeouts), it traps when an output breaks a promise:
// text that is not valid UTF-8 or holds a NUL, or sanitized HTML with a tag or attribute
// outside the whitelist.
#include <glib.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "adapters/mail/html_sanitize.hpp"
#include "adapters/mail/mime_read.hpp"

namespace {

void Require(bool ok) {
  if (!ok) __builtin_trap();
}

void RequireText(const std::string& s) {
  Require(g_utf8_validate(s.data(), static_cast<gssize>(s.size()), nullptr));
  Require(s.find('\0') == std::string::npos);
}

bool Allowed(std::string_view name, const char* const* list) {
  for (; *list; ++list)
    if (name == *list) return true;
  return false;
}

// Our own output's shape: `<name a="v" b="v">`, `</name>`; '<' appears nowhere else (escaped).
void RequireSafeHtml(std::string_view html) {
  static const char* const kTags[] = {"a",     "abbr",    "address", "b",    "bdi",  "bdo",   "big",      "blockquote",
                                      "br",    "caption", "center",  "cite", "code", "col",   "colgroup", "dd",
                                      "del",   "div",     "dl",      "dt",   "em",   "font",  "h1",       "h2",
                                      "h3",    "h4",      "h5",      "h6",   "hr",   "i",     "img",      "ins",
                                      "kbd",   "li",      "ol",      "p",    "pre",  "q",     "s",        "small",
                                      "span",  "strike",  "strong",  "sub",  "sup",  "table", "tbody",    "td",
                                      "tfoot", "th",      "thead",   "tr",   "tt",   "u",     "ul",       nullptr};
  static const char* const kAttributes[] = {"title",       "lang",        "dir",     "align", "valign", "width",
                                            "height",      "colspan",     "rowspan", "alt",   "border", "bgcolor",
                                            "cellpadding", "cellspacing", "color",   "face",  "size",   "start",
                                            "span",        "href",        "src",     "rel",   nullptr};
  std::size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    std::size_t end = html.find('>', i);
    Require(end != std::string_view::npos);
    std::string_view tag = html.substr(i + 1, end - i - 1);
    if (!tag.empty() && tag.front() == '/') tag.remove_prefix(1);
    std::size_t sp = tag.find(' ');
    Require(Allowed(tag.substr(0, sp), kTags));
    while (sp != std::string_view::npos) {  // ` name="value"` pairs; values hold no '"'
      std::size_t eq = tag.find("=\"", sp);
      Require(eq != std::string_view::npos);
      std::string_view name = tag.substr(sp + 1, eq - sp - 1);
      Require(Allowed(name, kAttributes));
      std::size_t close = tag.find('"', eq + 2);
      Require(close != std::string_view::npos);
      std::string_view value = tag.substr(eq + 2, close - eq - 2);
      if (name == "href" || name == "src") {
        std::string lower(value.substr(0, 8));
        for (char& c : lower) c = static_cast<char>(g_ascii_tolower(c));
        Require(lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("mailto:") ||
                lower.starts_with("cid:"));
      }
      sp = close + 1 < tag.size() ? close + 1 : std::string_view::npos;
    }
    i = end + 1;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto read = chamado::mail::ReadMime(input);
  if (const auto& m = read.message) {
    RequireText(m->text);
    RequireText(m->html);
    RequireText(m->subject);
    RequireText(m->from.name);
    RequireSafeHtml(m->html);
    for (const auto& a : m->attachments) RequireText(a.file_name);
  }
  RequireSafeHtml(chamado::mail::SanitizeHtml(input));
  (void)chamado::mail::HtmlToText(input);
  return 0;
}
