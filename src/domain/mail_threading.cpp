#include "domain/mail_threading.hpp"

#include <array>
#include <vector>

namespace chamado {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// ASCII lower case; other bytes (UTF-8) as they are.
std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = Lower(c);
  return out;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// Parses "[#123]" at `s[i]` (s[i] == '['); the id and the index just past ']'.
std::optional<std::pair<std::int64_t, std::size_t>> TagAt(std::string_view s, std::size_t i) {
  if (i + 3 >= s.size() || s[i] != '[' || s[i + 1] != '#') return std::nullopt;
  std::size_t j = i + 2;
  std::int64_t id = 0;
  std::size_t digits = 0;
  while (j < s.size() && s[j] >= '0' && s[j] <= '9') {
    if (++digits > 15) return std::nullopt;  // no ticket id is that long
    id = id * 10 + (s[j] - '0');
    ++j;
  }
  if (digits == 0 || j >= s.size() || s[j] != ']' || id <= 0) return std::nullopt;
  return std::pair{id, j + 1};
}

// The reply/forward prefixes of the three languages (and a few mail clients' others).
constexpr std::array<std::string_view, 12> kPrefixes = {"re", "res", "rv", "fw", "fwd", "enc",
                                                        "aw", "wg",  "tr", "sv", "vs",  "ref"};

// Length of one prefix ("Re:", "RES :", "Re[2]:", "Fwd:") at the start of `s`, else 0.
std::size_t PrefixLength(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z'))) ++n;
  if (n == 0) return 0;
  const std::string word = LowerAscii(s.substr(0, n));
  bool known = false;
  for (auto p : kPrefixes) known = known || word == p;
  if (!known) return 0;
  std::size_t i = n;
  if (i < s.size() && s[i] == '[') {  // "Re[2]:"
    std::size_t j = i + 1;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
    if (j == i + 1 || j >= s.size() || s[j] != ']') return 0;
    i = j + 1;
  }
  while (i < s.size() && s[i] == ' ') ++i;
  if (i < s.size() && (s[i] == ':' || s[i] == '>')) return i + 1;
  // full-width colon (some CJK clients): U+FF1A
  if (s.substr(i, 3) == "\xEF\xBC\x9A") return i + 3;
  return 0;
}

constexpr std::string_view kB64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::optional<std::string> DecodeBase64(std::string_view in) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    if (IsSpace(c)) continue;
    if (c == '=') break;
    const auto pos = kB64.find(c);
    if (pos == std::string_view::npos) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(pos);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

std::string EncodeBase64(std::string_view in) {
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const std::uint32_t v = (std::uint8_t(in[i]) << 16) | (std::uint8_t(in[i + 1]) << 8) | std::uint8_t(in[i + 2]);
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
    out += kB64[v & 63];
  }
  if (const std::size_t rest = in.size() - i; rest > 0) {
    std::uint32_t v = std::uint8_t(in[i]) << 16;
    if (rest == 2) v |= std::uint8_t(in[i + 1]) << 8;
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += rest == 2 ? kB64[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

// A line as the markers compare it: trimmed, ASCII lower case, leading '*' (bold from HTML) gone.
std::string Key(std::string_view line) {
  line = Trim(line);
  while (!line.empty() && line.front() == '*') line.remove_prefix(1);
  return LowerAscii(Trim(line));
}

// "On … wrote:" and its Portuguese and Spanish forms; `key` may be two lines joined.
bool IsAttributionLine(const std::string& key) {
  return (StartsWith(key, "on ") && EndsWith(key, "wrote:")) ||
         (StartsWith(key, "em ") && EndsWith(key, "escreveu:")) ||
         (StartsWith(key, "el ") && (EndsWith(key, "escribió:") || EndsWith(key, "escribio:")));
}

bool IsOriginalMessageRule(const std::string& key) {
  if (!StartsWith(key, "--")) return false;
  for (std::string_view p : {"original message", "mensagem original", "mensaje original"})
    if (key.find(p) != std::string::npos) return true;
  return false;
}

bool IsHeaderStart(const std::string& key) { return StartsWith(key, "from:") || StartsWith(key, "de:"); }
bool IsHeaderDate(const std::string& key) {
  for (std::string_view p :
       {"sent:", "enviado:", "enviada em:", "enviado em:", "enviado el:", "date:", "data:", "fecha:", "to:", "para:"})
    if (StartsWith(key, p)) return true;
  return false;
}

// An Outlook header block ("From: …" then "Sent: …" within the next few lines) starting at i.
bool IsOutlookBlock(const std::vector<std::string_view>& lines, std::size_t i) {
  if (!IsHeaderStart(Key(lines[i]))) return false;
  for (std::size_t j = i + 1; j < lines.size() && j <= i + 4; ++j)
    if (IsHeaderDate(Key(lines[j]))) return true;
  return false;
}

bool IsUnderscoreRule(const std::string& key) {
  return key.size() >= 10 && key.find_first_not_of('_') == std::string::npos;
}

bool ContainsAny(const std::string& s, std::initializer_list<std::string_view> words) {
  for (auto w : words)
    if (s.find(w) != std::string::npos) return true;
  return false;
}

bool SubjectSaysOutOfOffice(const std::string& s) {
  return ContainsAny(
      s, {"out of office", "out of the office", "fora do escritório", "fora do escritorio", "ausente", "ausência",
          "ausencia", "fuera de la oficina", "fuera de oficina", "férias", "vacaciones", "vacation"});
}

bool SubjectSaysAutoReply(const std::string& s) {
  for (std::string_view p :
       {"automatic reply", "auto reply", "auto-reply", "autoreply", "auto:", "auto response", "resposta automática",
        "resposta automatica", "respuesta automática", "respuesta automatica"})
    if (StartsWith(s, p)) return true;
  return false;
}

}  // namespace

std::optional<std::int64_t> SubjectTicketTag(std::string_view subject) {
  for (std::size_t i = subject.find('['); i != std::string_view::npos; i = subject.find('[', i + 1))
    if (auto tag = TagAt(subject, i)) return tag->first;
  return std::nullopt;
}

std::string NormalizeSubject(std::string_view subject) {
  // Drop every [#123] tag first, then the prefixes (which may surround tags).
  std::string untagged;
  for (std::size_t i = 0; i < subject.size();) {
    if (subject[i] == '[')
      if (auto tag = TagAt(subject, i)) {
        i = tag->second;
        continue;
      }
    untagged += subject[i++];
  }
  std::string_view s = Trim(untagged);
  for (std::size_t n = PrefixLength(s); n > 0; n = PrefixLength(s)) s = Trim(s.substr(n));
  std::string out;
  bool space = false;
  for (char c : s) {
    if (IsSpace(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::optional<std::string> PlusAddressToken(std::string_view address) {
  address = Trim(address);
  if (!address.empty() && address.front() == '<') address.remove_prefix(1);
  if (!address.empty() && address.back() == '>') address.remove_suffix(1);
  const auto at = address.rfind('@');
  const std::string_view local = address.substr(0, at);
  const auto plus = local.find('+');
  if (plus == std::string_view::npos || plus + 1 >= local.size()) return std::nullopt;
  return LowerAscii(local.substr(plus + 1));
}

std::optional<std::string> ThreadIndexConversation(std::string_view thread_index) {
  auto bytes = DecodeBase64(thread_index);
  if (!bytes || bytes->size() < 22) return std::nullopt;
  return EncodeBase64(std::string_view(*bytes).substr(0, 22));
}

std::string StripQuotedHistory(std::string_view text) {
  const auto lines = Lines(text);
  std::size_t cut = lines.size();
  for (std::size_t i = 0; i < lines.size() && cut == lines.size(); ++i) {
    const std::string key = Key(lines[i]);
    if (key.empty()) continue;
    const std::string joined = i + 1 < lines.size() ? key + " " + Key(lines[i + 1]) : key;
    if (IsAttributionLine(key) || IsOriginalMessageRule(key) || IsOutlookBlock(lines, i) ||
        ((StartsWith(key, "on ") || StartsWith(key, "em ") || StartsWith(key, "el ")) && IsAttributionLine(joined)))
      cut = i;
    else if (IsUnderscoreRule(key))
      for (std::size_t j = i + 1; j < lines.size() && j <= i + 2; ++j)
        if (IsHeaderStart(Key(lines[j]))) cut = i;
  }
  // Trailing quoted lines (">") and blank lines go too.
  while (cut > 0) {
    const std::string_view l = Trim(lines[cut - 1]);
    if (!l.empty() && l.front() != '>') break;
    --cut;
  }
  std::string out;
  for (std::size_t i = 0; i < cut; ++i) {
    std::string_view l = lines[i];
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    out += l;
    if (i + 1 < cut) out += '\n';
  }
  const std::string_view trimmed = Trim(out);
  if (trimmed.empty()) return std::string(Trim(text));
  return std::string(trimmed);
}

std::string_view MailAutomationName(MailAutomation a) {
  switch (a) {
    case MailAutomation::kNone: return "none";
    case MailAutomation::kAutoReply: return "auto_reply";
    case MailAutomation::kOutOfOffice: return "out_of_office";
    case MailAutomation::kBulk: return "bulk";
    case MailAutomation::kList: return "list";
    case MailAutomation::kBounce: return "bounce";
  }
  return "none";
}

MailAutomation ClassifyAutomation(const InboundMessage& m) {
  if (m.dsn) return MailAutomation::kBounce;
  const std::string from = LowerAscii(m.from.address);
  if (StartsWith(from, "mailer-daemon@")) return MailAutomation::kBounce;
  const std::string subject = LowerAscii(Trim(m.subject));
  const std::string auto_submitted = LowerAscii(Trim(m.auto_submitted));
  const std::string precedence = LowerAscii(Trim(m.precedence));
  const bool auto_header = (!auto_submitted.empty() && auto_submitted != "no") || m.x_autoreply ||
                           precedence == "auto_reply" || precedence == "auto-reply";
  if (auto_header || SubjectSaysAutoReply(subject))
    return SubjectSaysOutOfOffice(subject) ? MailAutomation::kOutOfOffice : MailAutomation::kAutoReply;
  if (precedence == "bulk" || precedence == "junk") return MailAutomation::kBulk;
  if (precedence == "list" || !Trim(m.list_id).empty()) return MailAutomation::kList;
  if (m.has_list_unsubscribe) return MailAutomation::kBulk;
  // Out-of-office subjects without any header (old clients): only as a prefix, so a person's
  // "Re: vacation request" still reaches an agent.
  for (std::string_view p : {"out of office", "fora do escritório", "ausente:", "fuera de la oficina"})
    if (StartsWith(subject, p)) return MailAutomation::kOutOfOffice;
  return MailAutomation::kNone;
}

std::string LocaleFromLanguage(std::string_view language) {
  std::string_view first = language.substr(0, language.find(','));
  first = Trim(first.substr(0, first.find(';')));
  const std::string tag = LowerAscii(first);
  if (StartsWith(tag, "pt")) return "pt-BR";
  if (StartsWith(tag, "es")) return "es";
  if (StartsWith(tag, "en")) return "en";
  return "pt-BR";
}

}  // namespace chamado
