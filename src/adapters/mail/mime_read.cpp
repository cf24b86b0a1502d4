#include "adapters/mail/mime_read.hpp"

#include <gmime/gmime.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/mail/html_sanitize.hpp"

namespace chamado::mail {
namespace {

// Work caps (docs/email.md "Parsing"): GMime itself stops nesting at its own MAX_LEVEL; our walk
// stops earlier and looks at a bounded number of parts and addresses, so a hostile message
// costs time linear in its size and nothing more.
constexpr int kMaxDepth = 32;
constexpr std::size_t kMaxParts = 500;
constexpr std::size_t kMaxAddresses = 500;
constexpr std::size_t kMaxReferences = 200;

struct GObjectUnref {
  void operator()(void* p) const {
    if (p) g_object_unref(p);
  }
};
template <typename T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

GMimeParserOptions* ParserOptions() {
  static GMimeParserOptions* options = [] {
    g_mime_init();
    GMimeParserOptions* o = g_mime_parser_options_new();
    g_mime_parser_options_set_address_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_parameter_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_rfc2047_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_allow_addresses_without_domain(o, TRUE);
    // Raw 8-bit header text (no RFC 2047): UTF-8 when it is valid, else Windows-1252.
    const char* fallback[] = {"UTF-8", "windows-1252", nullptr};
    g_mime_parser_options_set_fallback_charsets(o, fallback);
    return o;
  }();
  return options;
}

std::string Str(const char* p) { return p ? std::string(p) : std::string(); }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string Trim(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return std::string(s);
}

bool ContainsNoCase(std::string_view haystack, std::string_view needle) {
  return Lower(haystack).find(Lower(needle)) != std::string::npos;
}

// Valid UTF-8, no NUL (PostgreSQL text refuses it), line ends as "\n".
std::string CleanText(std::string_view s) {
  std::string valid;
  if (g_utf8_validate(s.data(), static_cast<gssize>(s.size()), nullptr)) {
    valid.assign(s);
  } else {
    char* v = g_utf8_make_valid(s.data(), static_cast<gssize>(s.size()));
    valid = v ? v : "";
    g_free(v);
  }
  std::string out;
  out.reserve(valid.size());
  for (std::size_t i = 0; i < valid.size(); ++i) {
    char c = valid[i];
    if (c == '\0') continue;
    if (c == '\r') {
      out += '\n';
      if (i + 1 < valid.size() && valid[i + 1] == '\n') ++i;
      continue;
    }
    out += c;
  }
  return out;
}

// Windows-1252 (and so ISO-8859-1, which mail clients use as its name) to UTF-8, by table:
// iconv refuses the five bytes 1252 leaves undefined, a table does not.
std::string Windows1252ToUtf8(std::string_view bytes) {
  static constexpr std::array<std::uint16_t, 32> k80 = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                                        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                                        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                                        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 4);
  for (unsigned char c : bytes) {
    std::uint32_t cp = c;
    if (c >= 0x80 && c < 0xA0) cp = k80[c - 0x80];
    char buf[6];
    int n = g_unichar_to_utf8(cp, buf);
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

// A part's bytes in its declared charset, as UTF-8.
std::string ToUtf8(std::string_view bytes, std::string_view declared) {
  std::string cs = Lower(Trim(declared));
  std::erase(cs, '"');
  bool valid = g_utf8_validate(bytes.data(), static_cast<gssize>(bytes.size()), nullptr);
  if (cs.empty() || cs == "us-ascii" || cs == "ascii" || cs == "utf-8" || cs == "utf8" || cs == "unknown-8bit" ||
      cs == "x-unknown")
    return CleanText(valid ? std::string(bytes) : Windows1252ToUtf8(bytes));
  if (cs == "iso-8859-1" || cs == "iso8859-1" || cs == "iso_8859-1" || cs == "latin1" || cs == "latin-1" ||
      cs == "l1" || cs == "windows-1252" || cs == "cp1252" || cs == "x-cp1252" || cs == "cp-1252")
    return CleanText(Windows1252ToUtf8(bytes));
  const char* iconv_name = g_mime_charset_iconv_name(cs.c_str());
  GError* error = nullptr;
  gsize written = 0;
  char* converted = g_convert(bytes.data(), static_cast<gssize>(bytes.size()), "UTF-8",
                              iconv_name ? iconv_name : cs.c_str(), nullptr, &written, &error);
  if (converted) {
    std::string out(converted, written);
    g_free(converted);
    return CleanText(out);
  }
  if (error) g_error_free(error);
  // An unknown charset or bytes it does not have: the likeliest reading.
  return CleanText(valid ? std::string(bytes) : Windows1252ToUtf8(bytes));
}

// A header of the message; GMime files the top level's Content-* headers under its MIME part.
std::string Header(GMimeMessage* m, const char* name) {
  const char* v = g_mime_object_get_header(GMIME_OBJECT(m), name);
  if (!v) {
    GMimeObject* part = g_mime_message_get_mime_part(m);
    if (part) v = g_mime_object_get_header(part, name);
  }
  return v ? CleanText(Trim(v)) : std::string();
}

bool HasHeader(GMimeMessage* m, const char* name) {
  GMimeObject* part = g_mime_message_get_mime_part(m);
  return g_mime_object_get_header(GMIME_OBJECT(m), name) != nullptr ||
         (part && g_mime_object_get_header(part, name) != nullptr);
}

std::string CleanName(const char* raw) {
  std::string name = CleanText(Trim(Str(raw)));
  if (name.size() >= 2 &&
      ((name.front() == '"' && name.back() == '"') || (name.front() == '\'' && name.back() == '\'')))
    name = Trim(std::string_view(name).substr(1, name.size() - 2));
  return name;
}

void CollectAddresses(InternetAddressList* list, std::vector<MailAddress>& out, int depth = 0) {
  if (!list || depth > 4) return;
  int n = internet_address_list_length(list);
  for (int i = 0; i < n && out.size() < kMaxAddresses; ++i) {
    InternetAddress* ia = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
      MailAddress a;
      a.name = CleanName(internet_address_get_name(ia));
      a.address = Lower(CleanText(Trim(Str(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia))))));
      if (!a.address.empty() || !a.name.empty()) out.push_back(std::move(a));
    } else if (INTERNET_ADDRESS_IS_GROUP(ia)) {
      CollectAddresses(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)), out, depth + 1);
    }
  }
}

std::vector<MailAddress> Addresses(GMimeMessage* m, GMimeAddressType type) {
  std::vector<MailAddress> out;
  CollectAddresses(g_mime_message_get_addresses(m, type), out);
  return out;
}

// Message-IDs of an In-Reply-To / References value, without <>.
std::vector<std::string> MessageIds(std::string_view value) {
  std::vector<std::string> out;
  if (value.empty()) return out;
  std::string v(value);
  GMimeReferences* refs = g_mime_references_parse(ParserOptions(), v.c_str());
  if (!refs) return out;
  int n = g_mime_references_length(refs);
  for (int i = 0; i < n; ++i) {
    std::string id = CleanText(Trim(Str(g_mime_references_get_message_id(refs, i))));
    if (!id.empty() && out.size() < kMaxReferences) out.push_back(std::move(id));
  }
  g_mime_references_free(refs);
  return out;
}

// "<abc@x>" -> "abc@x"; "abc@x" stays.
std::string StripAngles(std::string_view v) {
  std::string s = Trim(v);
  std::size_t lt = s.find('<');
  if (lt != std::string::npos) {
    std::size_t gt = s.find('>', lt);
    s = s.substr(lt + 1, gt == std::string::npos ? std::string::npos : gt - lt - 1);
  }
  return Trim(s);
}

// The first item of a language list: "es-ES, en-US" -> "es-ES"; "en;q=0.8" -> "en".
std::string FirstLanguage(std::string_view v) {
  std::string s(v.substr(0, v.find(',')));
  return Trim(std::string_view(s).substr(0, s.find(';')));
}

// ---- header blocks in bodies (delivery-status fields, returned headers, text bounces)

using Fields = std::vector<std::pair<std::string, std::string>>;  // lower-cased name, unfolded value

// "Name: value" groups separated by blank lines; continuation lines join their field.
std::vector<Fields> FieldGroups(std::string_view text) {
  std::vector<Fields> groups(1);
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = end + 1;
    if (Trim(line).empty()) {
      if (!groups.back().empty()) groups.emplace_back();
      continue;
    }
    if ((line.front() == ' ' || line.front() == '\t') && !groups.back().empty()) {
      groups.back().back().second += " " + Trim(line);
      continue;
    }
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) continue;
    groups.back().emplace_back(Lower(Trim(line.substr(0, colon))), Trim(line.substr(colon + 1)));
  }
  if (groups.back().empty()) groups.pop_back();
  return groups;
}

std::string Field(const Fields& f, std::string_view name) {
  for (const auto& [k, v] : f)
    if (k == name) return v;
  return {};
}

// "rfc822; Bob@X" -> "bob@x".
std::string RecipientOf(std::string_view v) {
  std::size_t semi = v.find(';');
  return Lower(StripAngles(semi == std::string_view::npos ? v : v.substr(semi + 1)));
}

// RFC 3464 message/delivery-status: the first failed recipient, else the first one.
std::optional<DeliveryReport> ParseDeliveryStatus(std::string_view text, std::string* original_id_field) {
  auto groups = FieldGroups(text);
  const Fields* chosen = nullptr;
  for (const auto& g : groups) {
    if (original_id_field && original_id_field->empty()) {
      std::string x = Field(g, "x-original-message-id");
      if (!x.empty()) *original_id_field = StripAngles(x);
    }
    if (Field(g, "final-recipient").empty() && Field(g, "action").empty()) continue;
    if (!chosen) chosen = &g;
    if (Lower(Field(g, "action")) == "failed" && Lower(Field(*chosen, "action")) != "failed") chosen = &g;
  }
  if (!chosen) return std::nullopt;
  DeliveryReport r;
  std::string recipient = Field(*chosen, "final-recipient");
  if (recipient.empty()) recipient = Field(*chosen, "original-recipient");
  r.final_recipient = RecipientOf(recipient);
  r.action = Lower(Field(*chosen, "action"));
  std::string status = Field(*chosen, "status");
  r.status = Trim(std::string_view(status).substr(0, status.find_first_of(" \t(")));
  r.diagnostic = Field(*chosen, "diagnostic-code");
  return r;
}

// The Message-ID in a block of returned headers.
std::string MessageIdInHeaders(std::string_view text) {
  auto groups = FieldGroups(text);
  if (groups.empty()) return {};
  return StripAngles(Field(groups.front(), "message-id"));
}

// ---- text bounces that are not RFC 3464 (qmail, old Exim, ...): best effort.

bool LooksLikeBounce(const InboundMessage& m, std::string_view return_path) {
  std::string local = m.from.address.substr(0, m.from.address.find('@'));
  bool daemon = local == "mailer-daemon" || local == "postmaster" || local == "mail-daemon";
  bool null_sender = Trim(return_path) == "<>";
  if (!daemon && !null_sender) return false;
  static constexpr std::array<std::string_view, 10> kSubjects = {"failure notice",
                                                                 "undeliver",
                                                                 "delivery status notification",
                                                                 "returned mail",
                                                                 "delivery failure",
                                                                 "mail delivery failed",
                                                                 "could not be delivered",
                                                                 "delivery has failed",
                                                                 "nondeliverable",
                                                                 "não entregue"};
  for (auto s : kSubjects)
    if (ContainsNoCase(m.subject, s)) return true;
  return daemon;
}

bool IsStatusCode(std::string_view s) {  // "5.1.1"
  auto digits = [](std::string_view d) {
    return !d.empty() && d.size() <= 3 && std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (s.size() < 5 || (s[0] != '2' && s[0] != '4' && s[0] != '5') || s[1] != '.') return false;
  std::string_view rest = s.substr(2);
  std::size_t dot = rest.find('.');
  return dot != std::string_view::npos && digits(rest.substr(0, dot)) && digits(rest.substr(dot + 1));
}

bool IsCodeBoundary(char c) { return c == ' ' || c == '#' || c == '(' || c == '\t'; }

// A line naming "5.1.1" or an SMTP reply code like "550".
bool HasStatusCode(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (i > 0 && !IsCodeBoundary(line[i - 1])) continue;
    std::string_view window = line.substr(i, 12);
    std::string_view token = window.substr(0, window.find_first_of(" \t)"));
    if (IsStatusCode(token)) return true;
    if (token.size() == 3 && (token[0] == '4' || token[0] == '5') &&
        std::isdigit(static_cast<unsigned char>(token[1])) && std::isdigit(static_cast<unsigned char>(token[2])))
      return true;
  }
  return false;
}

std::optional<DeliveryReport> TextBounce(std::string_view text) {
  DeliveryReport r;
  std::string lower = Lower(text);
  // The returned copy starts at its headers; our Message-ID is among them.
  std::size_t copy = lower.find("\nmessage-id:");
  if (copy != std::string::npos) {
    std::size_t end = text.find('\n', copy + 12);
    r.original_message_id = StripAngles(text.substr(copy + 12, end == std::string_view::npos ? end : end - copy - 12));
  }
  std::string_view report = text.substr(0, copy == std::string::npos ? text.size() : copy);
  // The recipient: a line that is only an address ("<a@b>:" in qmail, "  a@b" in Exim); the
  // diagnostic: in the lines after it (up to a blank line), the first naming an SMTP or
  // enhanced status code, else the first.
  std::size_t pos = 0;
  bool found = false;
  std::string first_line;
  while (pos < report.size()) {
    std::size_t end = report.find('\n', pos);
    if (end == std::string_view::npos) end = report.size();
    std::string line = Trim(report.substr(pos, end - pos));
    pos = end + 1;
    if (found) {
      if (line.empty()) {
        if (!first_line.empty()) break;
        continue;
      }
      if (first_line.empty()) first_line = line;
      if (HasStatusCode(line)) {
        r.diagnostic = line;
        break;
      }
      continue;
    }
    if (!line.empty() && line.back() == ':') line.pop_back();
    std::string addr =
        line.size() > 2 && line.front() == '<' && line.back() == '>' ? line.substr(1, line.size() - 2) : line;
    if (addr.find('@') != std::string::npos && addr.find('@') == addr.rfind('@') &&
        addr.find_first_of(" \t<>,;\"") == std::string::npos) {
      r.final_recipient = Lower(addr);
      found = true;
    }
  }
  if (r.diagnostic.empty()) r.diagnostic = first_line;
  for (std::size_t i = 0; i + 5 <= report.size(); ++i) {
    if (i > 0 && !IsCodeBoundary(report[i - 1])) continue;
    std::string_view window = report.substr(i, 12);  // a status is short: never scan further
    std::string_view token = window.substr(0, window.find_first_of(" \t\r\n)"));
    if (IsStatusCode(token)) {
      r.status = std::string(token);
      break;
    }
  }
  if (r.final_recipient.empty() && r.original_message_id.empty()) return std::nullopt;
  r.action = (!r.status.empty() && r.status[0] == '4') ? "delayed" : "failed";
  return r;
}

// ---- format=flowed (RFC 3676): soft line breaks joined again.
std::string Unflow(std::string_view text, bool delsp) {
  std::string out;
  std::string para;
  int para_depth = -1;
  auto flush = [&] {
    if (para_depth < 0) return;
    out.append(static_cast<std::size_t>(para_depth), '>');
    if (para_depth > 0 && !para.empty()) out += ' ';
    out += para;
    out += '\n';
    para.clear();
    para_depth = -1;
  };
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    int depth = 0;
    while (!line.empty() && line.front() == '>') {
      ++depth;
      line.remove_prefix(1);
    }
    if (!line.empty() && line.front() == ' ') line.remove_prefix(1);  // space-stuffing
    bool flowed = !line.empty() && line.back() == ' ' && line != "-- ";
    if (para_depth >= 0 && para_depth != depth) flush();
    para_depth = depth;
    para += flowed && delsp ? line.substr(0, line.size() - 1) : line;
    if (!flowed) flush();
  }
  flush();
  return out;
}

// ---- the body walk

struct Walk {
  std::string text;
  std::string html;  // raw, sanitized at the end
  std::vector<InboundAttachment> attachments;
  std::optional<DeliveryReport> dsn;
  std::string returned_message_id;  // from a report's returned headers or message
  std::string x_original_message_id;
  bool report = false;
  std::size_t parts = 0;
};

std::string PartBytes(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (!content) return {};
  GPtr<GMimeStream> stream(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(content, stream.get());
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
  return bytes ? std::string(reinterpret_cast<const char*>(bytes->data), bytes->len) : std::string();
}

std::string ObjectBytes(GMimeObject* obj) {
  GPtr<GMimeStream> stream(g_mime_stream_mem_new());
  g_mime_object_write_to_stream(obj, nullptr, stream.get());
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
  return bytes ? std::string(reinterpret_cast<const char*>(bytes->data), bytes->len) : std::string();
}

std::string ExtensionFor(std::string_view type, std::string_view subtype) {
  if (subtype == "jpeg" || subtype == "pjpeg") return ".jpg";
  if (type == "text" && subtype == "plain") return ".txt";
  if (subtype == "calendar") return ".ics";
  if (subtype == "rfc822") return ".eml";
  if (subtype == "octet-stream") return ".bin";
  std::string ext;
  for (char c : subtype)
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) ext += c;
  return ext.empty() ? std::string() : "." + ext.substr(0, 10);
}

void WalkObject(GMimeObject* obj, Walk& w, int depth, bool related_resource, bool in_report);

void AddAttachment(Walk& w, GMimeObject* obj, std::string name, std::string type, std::string subtype,
                   std::string bytes, bool related_resource) {
  InboundAttachment a;
  std::string disposition = Lower(Str(g_mime_object_get_disposition(obj)));
  a.content_id = CleanText(Trim(Str(g_mime_object_get_content_id(obj))));
  a.is_inline = disposition != "attachment" && (disposition == "inline" || !a.content_id.empty() || related_resource);
  a.content_type = type + "/" + subtype;
  a.file_name = CleanText(Trim(name));
  if (a.file_name.empty())
    a.file_name = "attachment-" + std::to_string(w.attachments.size() + 1) + ExtensionFor(type, subtype);
  a.bytes = std::move(bytes);
  w.attachments.push_back(std::move(a));
}

void WalkMultipart(GMimeMultipart* mp, std::string_view subtype, Walk& w, int depth, bool in_report) {
  int count = g_mime_multipart_get_count(mp);
  if (subtype == "alternative") {
    // One body from the alternatives: the last plain text and the last HTML (clients order
    // them simplest first); attachments of every alternative are kept.
    std::string text, html;
    for (int i = 0; i < count; ++i) {
      Walk sub;
      sub.parts = w.parts;
      WalkObject(g_mime_multipart_get_part(mp, i), sub, depth + 1, false, in_report);
      w.parts = sub.parts;
      if (!sub.text.empty()) text = std::move(sub.text);
      if (!sub.html.empty()) html = std::move(sub.html);
      for (auto& a : sub.attachments) w.attachments.push_back(std::move(a));
      if (!w.dsn && sub.dsn) w.dsn = std::move(sub.dsn);
      if (w.returned_message_id.empty()) w.returned_message_id = std::move(sub.returned_message_id);
      if (w.x_original_message_id.empty()) w.x_original_message_id = std::move(sub.x_original_message_id);
      w.report = w.report || sub.report;
    }
    if (!text.empty()) w.text += (w.text.empty() ? "" : "\n") + text;
    if (!html.empty()) w.html += html;
    return;
  }
  if (subtype == "signed") {  // the signed content; the signature is not an attachment
    if (count > 0) WalkObject(g_mime_multipart_get_part(mp, 0), w, depth + 1, false, in_report);
    return;
  }
  if (subtype == "encrypted") return;
  if (subtype == "report") {
    w.report = true;
    in_report = true;
  }
  for (int i = 0; i < count; ++i)
    WalkObject(g_mime_multipart_get_part(mp, i), w, depth + 1, subtype == "related" && i > 0, in_report);
}

void WalkObject(GMimeObject* obj, Walk& w, int depth, bool related_resource, bool in_report) {
  if (!obj || depth > kMaxDepth || ++w.parts > kMaxParts) return;
  GMimeContentType* ct = g_mime_object_get_content_type(obj);
  std::string type = ct ? Lower(Str(g_mime_content_type_get_media_type(ct))) : "text";
  std::string subtype = ct ? Lower(Str(g_mime_content_type_get_media_subtype(ct))) : "plain";

  if (GMIME_IS_MULTIPART(obj)) {
    WalkMultipart(GMIME_MULTIPART(obj), subtype, w, depth, in_report);
    return;
  }
  if (GMIME_IS_MESSAGE_PART(obj)) {
    GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
    if (in_report) {  // the returned message of a bounce
      if (inner && w.returned_message_id.empty())
        w.returned_message_id = CleanText(Trim(Str(g_mime_message_get_message_id(inner))));
      return;
    }
    // A message forwarded as an attachment.
    std::string name = Str(g_mime_object_get_content_disposition_parameter(obj, "filename"));
    if (name.empty()) name = Str(g_mime_object_get_content_type_parameter(obj, "name"));
    if (name.empty() && inner) {
      name = CleanText(Trim(Str(g_mime_message_get_subject(inner))));
      if (name.empty()) name = "message";
      name += ".eml";
    }
    AddAttachment(w, obj, name, type, subtype, inner ? ObjectBytes(GMIME_OBJECT(inner)) : std::string(),
                  related_resource);
    return;
  }
  if (!GMIME_IS_PART(obj)) return;
  GMimePart* part = GMIME_PART(obj);

  if (type == "message" && (subtype == "delivery-status" || subtype == "global-delivery-status")) {
    if (!w.dsn) w.dsn = ParseDeliveryStatus(CleanText(PartBytes(part)), &w.x_original_message_id);
    return;
  }
  if (type == "text" && (subtype == "rfc822-headers" || subtype == "global-headers") && in_report) {
    if (w.returned_message_id.empty()) w.returned_message_id = MessageIdInHeaders(CleanText(PartBytes(part)));
    return;
  }
  if (type == "application" &&
      (subtype == "pgp-signature" || subtype == "pkcs7-signature" || subtype == "x-pkcs7-signature"))
    return;

  std::string disposition = Lower(Str(g_mime_object_get_disposition(obj)));
  std::string name = Str(g_mime_part_get_filename(part));
  bool body_text = type == "text" && (subtype == "plain" || subtype == "html") && disposition != "attachment" &&
                   Trim(name).empty() && !related_resource;
  if (body_text) {
    std::string text = ToUtf8(PartBytes(part), Str(g_mime_object_get_content_type_parameter(obj, "charset")));
    if (subtype == "plain") {
      if (Lower(Str(g_mime_object_get_content_type_parameter(obj, "format"))) == "flowed")
        text = Unflow(text, Lower(Str(g_mime_object_get_content_type_parameter(obj, "delsp"))) == "yes");
      if (!w.text.empty() && w.text.back() != '\n') w.text += '\n';
      w.text += text;
    } else {
      w.html += text;
    }
    return;
  }
  AddAttachment(w, obj, name, type, subtype, PartBytes(part), related_resource);
}

}  // namespace

void InitMime() { ParserOptions(); }

MimeRead ReadMime(std::string_view raw) {
  if (Trim(raw.substr(0, 4096)).empty()) return {std::nullopt, "empty input: not an e-mail message"};
  GMimeParserOptions* options = ParserOptions();
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
  GPtr<::GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
  GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), options));
  if (!message) return {std::nullopt, "not an e-mail message"};
  GMimeMessage* m = message.get();

  // Something that is not a message at all has none of the headers every message has.
  static constexpr std::array<const char*, 10> kMessageHeaders = {
      "From",       "Sender", "Return-Path", "To",           "Subject",
      "Message-ID", "Date",   "Received",    "MIME-Version", "Content-Type"};
  if (std::none_of(kMessageHeaders.begin(), kMessageHeaders.end(), [&](const char* h) { return HasHeader(m, h); }))
    return {std::nullopt, "no message headers: not an e-mail message"};

  InboundMessage out;
  out.raw_size = raw.size();
  out.message_id = CleanText(Trim(Str(g_mime_message_get_message_id(m))));
  auto in_reply_to = MessageIds(Header(m, "In-Reply-To"));
  if (!in_reply_to.empty()) out.in_reply_to = in_reply_to.front();
  out.references = MessageIds(Header(m, "References"));

  auto from = Addresses(m, GMIME_ADDRESS_TYPE_FROM);
  if (from.empty()) from = Addresses(m, GMIME_ADDRESS_TYPE_SENDER);
  if (!from.empty()) out.from = from.front();
  auto reply_to = Addresses(m, GMIME_ADDRESS_TYPE_REPLY_TO);
  if (!reply_to.empty()) out.reply_to = reply_to.front();
  out.to = Addresses(m, GMIME_ADDRESS_TYPE_TO);
  out.cc = Addresses(m, GMIME_ADDRESS_TYPE_CC);
  out.subject = CleanText(Trim(Str(g_mime_message_get_subject(m))));
  std::replace(out.subject.begin(), out.subject.end(), '\n', ' ');
  if (GDateTime* date = g_mime_message_get_date(m)) out.date = FromUnix(g_date_time_to_unix(date));

  out.language = FirstLanguage(Header(m, "Content-Language"));
  if (out.language.empty()) out.language = FirstLanguage(Header(m, "Accept-Language"));
  out.thread_index = Header(m, "Thread-Index");
  std::erase_if(out.thread_index, [](char c) { return IsBlank(c); });

  // Automation signals, as given.
  std::string auto_submitted = Header(m, "Auto-Submitted");
  out.auto_submitted = Lower(Trim(std::string_view(auto_submitted).substr(0, auto_submitted.find(';'))));
  out.precedence = Lower(Header(m, "Precedence"));
  out.list_id = Header(m, "List-Id");
  out.has_list_unsubscribe = !Header(m, "List-Unsubscribe").empty();
  std::string x_autoreply = Lower(Header(m, "X-Autoreply"));
  std::string suppress = Lower(Header(m, "X-Auto-Response-Suppress"));
  out.x_autoreply = (HasHeader(m, "X-Autoreply") && x_autoreply != "no") || HasHeader(m, "X-Autorespond") ||
                    HasHeader(m, "X-Autoresponder") || out.precedence == "auto_reply" ||
                    suppress.find("all") != std::string::npos || suppress.find("oof") != std::string::npos ||
                    suppress.find("autoreply") != std::string::npos;

  Walk w;
  WalkObject(g_mime_message_get_mime_part(m), w, 0, false, false);
  out.text = std::move(w.text);
  if (!w.html.empty()) {
    out.html = SanitizeHtml(w.html);
    if (Trim(out.text).empty()) out.text = HtmlToText(w.html);
  }
  out.attachments = std::move(w.attachments);

  if (w.dsn) {
    w.dsn->original_message_id = !w.returned_message_id.empty()     ? w.returned_message_id
                                 : !w.x_original_message_id.empty() ? w.x_original_message_id
                                                                    : out.in_reply_to;
    out.dsn = std::move(w.dsn);
  } else if (LooksLikeBounce(out, Header(m, "Return-Path"))) {
    out.dsn = TextBounce(out.text);
  }
  return {std::move(out), {}};
}

}  // namespace chamado::mail
