#include "adapters/mail/html_sanitize.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chamado::mail {
namespace {

constexpr std::size_t kMaxDepth = 100;      // kept elements open at once; deeper tags are dropped
constexpr std::size_t kMaxAttributes = 64;  // per tag; the rest are ignored

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
std::string LowerCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

void AppendUtf8(std::string& out, std::uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// HTML 4's Latin-1 entities, U+00A0 .. U+00FF in order.
constexpr std::array<std::string_view, 96> kLatin1Entities = {
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",   "uml",    "copy",   "ordf",
    "laquo",  "not",    "shy",    "reg",    "macr",   "deg",    "plusmn", "sup2",   "sup3",   "acute",  "micro",
    "para",   "middot", "cedil",  "sup1",   "ordm",   "raquo",  "frac14", "frac12", "frac34", "iquest", "Agrave",
    "Aacute", "Acirc",  "Atilde", "Auml",   "Aring",  "AElig",  "Ccedil", "Egrave", "Eacute", "Ecirc",  "Euml",
    "Igrave", "Iacute", "Icirc",  "Iuml",   "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde", "Ouml",
    "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",  "szlig",  "agrave", "aacute",
    "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil", "egrave", "eacute", "ecirc",  "euml",   "igrave",
    "iacute", "icirc",  "iuml",   "eth",    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide",
    "oslash", "ugrave", "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml"};

struct NamedEntity {
  std::string_view name;
  std::uint32_t cp;
};
constexpr std::array<NamedEntity, 22> kOtherEntities = {
    {{"amp", '&'},       {"lt", '<'},       {"gt", '>'},       {"quot", '"'},     {"apos", '\''},    {"euro", 0x20AC},
     {"hellip", 0x2026}, {"mdash", 0x2014}, {"ndash", 0x2013}, {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C},
     {"rdquo", 0x201D},  {"sbquo", 0x201A}, {"bdquo", 0x201E}, {"bull", 0x2022},  {"trade", 0x2122}, {"zwnj", 0x200C},
     {"zwj", 0x200D},    {"ensp", 0x2002},  {"emsp", 0x2003},  {"thinsp", 0x2009}}};

std::optional<std::uint32_t> NamedEntityCodePoint(std::string_view name) {
  for (const auto& e : kOtherEntities)
    if (e.name == name) return e.cp;
  for (std::size_t i = 0; i < kLatin1Entities.size(); ++i)
    if (kLatin1Entities[i] == name) return static_cast<std::uint32_t>(0xA0 + i);
  return std::nullopt;
}

// Decodes character references: &#65; &#x41; &amp; ... Unknown ones stay as written.
std::string DecodeEntities(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '&') {
      out += s[i++];
      continue;
    }
    std::size_t j = i + 1;
    if (j < s.size() && s[j] == '#') {
      ++j;
      bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
      if (hex) ++j;
      std::size_t digits_start = j;
      std::uint64_t value = 0;
      while (j < s.size() && j - digits_start < 8) {
        char c = s[j];
        int d = -1;
        if (c >= '0' && c <= '9')
          d = c - '0';
        else if (hex && c >= 'a' && c <= 'f')
          d = c - 'a' + 10;
        else if (hex && c >= 'A' && c <= 'F')
          d = c - 'A' + 10;
        if (d < 0) break;
        value = value * (hex ? 16 : 10) + static_cast<std::uint64_t>(d);
        ++j;
      }
      if (j == digits_start) {
        out += s[i++];
        continue;
      }
      // Absurdly long: a replacement character.
      while (j < s.size() &&
             ((s[j] >= '0' && s[j] <= '9') || (hex && std::isxdigit(static_cast<unsigned char>(s[j]))))) {
        ++j;
        value = 0x110000;
      }
      if (j < s.size() && s[j] == ';') ++j;
      AppendUtf8(out, value > 0x10FFFF ? 0xFFFD : static_cast<std::uint32_t>(value));
      i = j;
      continue;
    }
    while (j < s.size() && j - i <= 10 && (IsAsciiAlpha(s[j]) || (s[j] >= '0' && s[j] <= '9'))) ++j;
    std::string_view name = s.substr(i + 1, j - i - 1);
    bool semicolon = j < s.size() && s[j] == ';';
    auto cp = name.empty() ? std::nullopt : NamedEntityCodePoint(name);
    bool lenient = name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "nbsp";
    if (cp && (semicolon || lenient)) {
      AppendUtf8(out, *cp);
      i = j + (semicolon ? 1 : 0);
    } else {
      out += s[i++];
    }
  }
  return out;
}

struct Attribute {
  std::string name;   // lower-cased
  std::string value;  // entities decoded
};

struct Token {
  enum class Kind { kText, kStart, kEnd };
  Kind kind = Kind::kText;
  std::string name;  // lower-cased tag name
  std::vector<Attribute> attributes;
  bool self_closing = false;
  std::string text;  // kText: decoded
};

// Elements whose content is not markup: skipped to their end tag by the tokenizer.
bool IsRawText(std::string_view name) {
  return name == "script" || name == "style" || name == "xmp" || name == "iframe" || name == "noembed" ||
         name == "noframes" || name == "title" || name == "textarea" || name == "plaintext";
}

// A tolerant HTML tokenizer (not the WHATWG one: enough to find every tag a browser would).
void Tokenize(std::string_view html, const std::function<void(const Token&)>& emit) {
  const std::string lower = LowerCopy(html);
  const std::size_t n = html.size();
  std::size_t i = 0;
  std::size_t text_start = 0;
  auto flush_text = [&](std::size_t end) {
    if (end > text_start) {
      Token t;
      t.text = DecodeEntities(html.substr(text_start, end - text_start));
      emit(t);
    }
  };
  while (i < n) {
    if (html[i] != '<' || i + 1 >= n) {
      ++i;
      continue;
    }
    char next = html[i + 1];
    if (html.compare(i, 4, "<!--") == 0) {
      flush_text(i);
      std::size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? n : end + 3;
      text_start = i;
      continue;
    }
    if (next == '!' || next == '?') {
      flush_text(i);
      std::size_t end = html.find('>', i + 2);
      i = end == std::string_view::npos ? n : end + 1;
      text_start = i;
      continue;
    }
    bool is_end = next == '/';
    std::size_t name_start = i + (is_end ? 2 : 1);
    if (name_start >= n || !IsAsciiAlpha(html[name_start])) {
      ++i;  // a literal '<'
      continue;
    }
    flush_text(i);
    std::size_t j = name_start;
    while (j < n && !IsSpace(html[j]) && html[j] != '/' && html[j] != '>') ++j;
    Token tag;
    tag.kind = is_end ? Token::Kind::kEnd : Token::Kind::kStart;
    tag.name = lower.substr(name_start, j - name_start);
    // Attributes, until '>' outside quotes.
    bool closed = false;
    while (j < n) {
      while (j < n && (IsSpace(html[j]) || html[j] == '/')) {
        if (html[j] == '/') tag.self_closing = true;
        ++j;
      }
      if (j >= n) break;
      if (html[j] == '>') {
        closed = true;
        ++j;
        break;
      }
      tag.self_closing = false;
      std::size_t an = j;
      while (j < n && !IsSpace(html[j]) && html[j] != '=' && html[j] != '>' && html[j] != '/') ++j;
      if (j == an) ++j;  // a stray '=': skip it
      Attribute a{lower.substr(an, j - an), {}};
      std::size_t k = j;
      while (k < n && IsSpace(html[k])) ++k;
      if (k < n && html[k] == '=') {
        ++k;
        while (k < n && IsSpace(html[k])) ++k;
        if (k < n && (html[k] == '"' || html[k] == '\'')) {
          char q = html[k];
          std::size_t end = html.find(q, k + 1);
          if (end == std::string_view::npos) end = n;
          a.value = DecodeEntities(html.substr(k + 1, end - k - 1));
          j = end < n ? end + 1 : n;
        } else {
          std::size_t vs = k;
          while (k < n && !IsSpace(html[k]) && html[k] != '>') ++k;
          a.value = DecodeEntities(html.substr(vs, k - vs));
          j = k;
        }
      }
      if (!is_end && !a.name.empty() && tag.attributes.size() < kMaxAttributes) tag.attributes.push_back(std::move(a));
    }
    if (!closed) {  // a tag cut off by the end of the input: dropped, as a browser would
      i = n;
      text_start = n;
      break;
    }
    emit(tag);
    i = j;
    text_start = i;
    if (!is_end && !tag.self_closing && IsRawText(tag.name)) {
      // Skip to "</name" (case-insensitive); the end tag is tokenized normally.
      std::size_t end = lower.find("</" + tag.name, i);
      i = end == std::string::npos ? n : end;
      text_start = i;  // raw content is never emitted
    }
  }
  flush_text(n);
}

// Dropped together with everything inside them.
bool DropsContent(std::string_view name) {
  static constexpr std::array<std::string_view, 22> kNames = {
      "script", "style",  "iframe", "frame", "frameset", "object",   "embed",   "applet",
      "svg",    "math",   "head",   "title", "template", "noscript", "noembed", "noframes",
      "xmp",    "canvas", "audio",  "video", "textarea", "select"};
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

bool IsVoid(std::string_view name) {
  return name == "br" || name == "hr" || name == "img" || name == "col" || name == "wbr" || name == "meta" ||
         name == "link" || name == "input" || name == "base" || name == "area" || name == "source" || name == "param" ||
         name == "embed" || name == "frame" || name == "track";
}

bool IsAllowedElement(std::string_view name) {
  static constexpr std::array<std::string_view, 45> kNames = {
      "a",    "abbr", "address",  "b",     "bdi",  "bdo",    "big",    "blockquote", "br",  "caption", "center", "cite",
      "code", "col",  "colgroup", "dd",    "del",  "div",    "dl",     "dt",         "em",  "font",    "h1",     "h2",
      "h3",   "h4",   "h5",       "h6",    "hr",   "i",      "img",    "ins",        "kbd", "li",      "ol",     "p",
      "pre",  "q",    "s",        "small", "span", "strike", "strong", "sub",        "sup"};
  static constexpr std::array<std::string_view, 10> kMore = {"table", "tbody", "td", "tfoot", "th",
                                                             "thead", "tr",    "tt", "u",     "ul"};
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end() ||
         std::find(kMore.begin(), kMore.end(), name) != kMore.end();
}

bool IsAllowedAttribute(std::string_view element, std::string_view attr) {
  static constexpr std::array<std::string_view, 19> kGlobal = {
      "title",  "lang",    "dir",         "align",       "valign", "width", "height", "colspan", "rowspan", "alt",
      "border", "bgcolor", "cellpadding", "cellspacing", "color",  "face",  "size",   "start",   "span"};
  if (std::find(kGlobal.begin(), kGlobal.end(), attr) != kGlobal.end()) return true;
  return (element == "a" && attr == "href") || (element == "img" && attr == "src");
}

// The URL when its scheme is one of `schemes`; empty when not (relative URLs included: in an
// e-mail they point nowhere). Blanks and control characters are ignored, as browsers do.
std::string SafeUrl(std::string_view value, std::initializer_list<std::string_view> schemes) {
  std::string url;
  for (char c : value)
    if (static_cast<unsigned char>(c) > 0x20 && c != 0x7F) url += c;
  std::size_t colon = url.find(':');
  if (colon == std::string::npos || colon == 0) return {};
  std::string scheme = LowerCopy(std::string_view(url).substr(0, colon));
  for (char c : scheme)
    if (!IsAsciiAlpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return {};
  for (auto s : schemes)
    if (scheme == s) return url;
  return {};
}

void AppendEscaped(std::string& out, std::string_view s, bool attribute) {
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"':
        if (attribute) {
          out += "&quot;";
          break;
        }
        [[fallthrough]];
      default: out += c;
    }
  }
}

// Tracks elements whose content is dropped: nested ones of the same name count.
class Skipper {
 public:
  // True when `t` is inside (or is) dropped content.
  bool Skip(const Token& t) {
    if (!name_.empty()) {
      if (t.kind == Token::Kind::kStart && t.name == name_ && !t.self_closing) ++depth_;
      if (t.kind == Token::Kind::kEnd && t.name == name_ && --depth_ == 0) name_.clear();
      // A <body> ends a <head> that was never closed.
      if (name_ == "head" && t.kind == Token::Kind::kStart && t.name == "body") name_.clear();
      return true;
    }
    if (t.kind == Token::Kind::kStart && DropsContent(t.name) && !t.self_closing && !IsVoid(t.name)) {
      name_ = t.name;
      depth_ = 1;
      return true;
    }
    return t.kind != Token::Kind::kText && DropsContent(t.name);
  }

 private:
  std::string name_;
  int depth_ = 0;
};

}  // namespace

std::string SanitizeHtml(std::string_view html) {
  std::string out;
  out.reserve(html.size() / 2);
  std::vector<std::string> open;
  Skipper skipper;
  Tokenize(html, [&](const Token& t) {
    if (skipper.Skip(t)) return;
    switch (t.kind) {
      case Token::Kind::kText: AppendEscaped(out, t.text, false); break;
      case Token::Kind::kStart: {
        if (!IsAllowedElement(t.name)) return;
        bool is_void = IsVoid(t.name);
        if (!is_void && open.size() >= kMaxDepth) return;
        if (t.name == "img") {  // an image without a safe source is nothing
          bool has_src = false;
          for (const auto& a : t.attributes)
            if (a.name == "src" && !SafeUrl(a.value, {"http", "https", "cid"}).empty()) has_src = true;
          if (!has_src) return;
        }
        out += '<';
        out += t.name;
        std::vector<std::string_view> seen;
        for (const auto& a : t.attributes) {
          if (!IsAllowedAttribute(t.name, a.name)) continue;
          if (std::find(seen.begin(), seen.end(), a.name) != seen.end()) continue;
          std::string value = a.value;
          if (a.name == "href") value = SafeUrl(a.value, {"http", "https", "mailto"});
          if (a.name == "src") value = SafeUrl(a.value, {"http", "https", "cid"});
          if ((a.name == "href" || a.name == "src") && value.empty()) continue;
          seen.push_back(a.name);
          out += ' ';
          out += a.name;
          out += "=\"";
          AppendEscaped(out, value, true);
          out += '"';
        }
        if (t.name == "a") out += " rel=\"noopener noreferrer nofollow\"";
        out += '>';
        if (!is_void) open.push_back(t.name);
        break;
      }
      case Token::Kind::kEnd: {
        auto it = std::find(open.rbegin(), open.rend(), t.name);
        if (it == open.rend()) return;
        // Close it and whatever was left open inside it.
        std::size_t keep = static_cast<std::size_t>(open.rend() - it) - 1;
        while (open.size() > keep) {
          out += "</" + open.back() + ">";
          open.pop_back();
        }
        break;
      }
    }
  });
  while (!open.empty()) {
    out += "</" + open.back() + ">";
    open.pop_back();
  }
  return out;
}

std::string HtmlToText(std::string_view html) {
  std::string raw;
  raw.reserve(html.size() / 2);
  Skipper skipper;
  int pre = 0;
  auto is_block = [](std::string_view n) {
    return n == "p" || n == "div" || n == "tr" || n == "li" || n == "ul" || n == "ol" || n == "table" ||
           n == "blockquote" || n == "h1" || n == "h2" || n == "h3" || n == "h4" || n == "h5" || n == "h6" ||
           n == "hr" || n == "pre" || n == "dl" || n == "dt" || n == "dd" || n == "address" || n == "center" ||
           n == "form" || n == "body";
  };
  auto is_paragraph = [](std::string_view n) {
    return n == "p" || n == "blockquote" || n == "table" || n == "h1" || n == "h2" || n == "h3" || n == "h4" ||
           n == "h5" || n == "h6";
  };
  Tokenize(html, [&](const Token& t) {
    if (skipper.Skip(t)) return;
    if (t.kind == Token::Kind::kText) {
      for (std::size_t i = 0; i < t.text.size(); ++i) {
        char c = t.text[i];
        // U+00A0 (C2 A0) reads as a space.
        if (c == '\xC2' && i + 1 < t.text.size() && t.text[i + 1] == '\xA0') {
          raw += ' ';
          ++i;
        } else if (pre == 0 && IsSpace(c)) {
          if (!raw.empty() && raw.back() != ' ' && raw.back() != '\n') raw += ' ';
        } else {
          raw += c == '\r' ? '\n' : c;
        }
      }
      return;
    }
    if (t.name == "pre") pre = std::max(0, pre + (t.kind == Token::Kind::kStart ? 1 : -1));
    if (t.name == "br" && t.kind == Token::Kind::kStart)
      raw += '\n';
    else if (t.name == "td" || t.name == "th") {
      if (t.kind == Token::Kind::kEnd) raw += ' ';
    } else if (is_block(t.name)) {
      raw += is_paragraph(t.name) ? "\n\n" : "\n";
    }
  });
  // Trim each line, keep at most one blank line in a row, trim the whole.
  std::string out;
  out.reserve(raw.size());
  int newlines = 0;
  std::size_t start = 0;
  while (start <= raw.size()) {
    std::size_t end = raw.find('\n', start);
    if (end == std::string::npos) end = raw.size();
    std::string_view line(raw.data() + start, end - start);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    if (line.empty()) {
      ++newlines;
    } else {
      if (!out.empty()) out.append(std::min(newlines + 1, 2), '\n');
      out += line;
      newlines = 0;
    }
    start = end + 1;
  }
  return out;
}

}  // namespace chamado::mail
