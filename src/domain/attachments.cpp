#include "domain/attachments.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace chamado {
namespace {

struct TypeRule {
  const char* extension;
  const char* content_type;                // canonical: what we store and serve
  std::vector<std::string_view> accepted;  // libmagic's answers that fit (lower case)
};

// What `file --mime-type` (libmagic 5.44, Debian 12) answers for real files of each type:
// - Office 2007+ files are zips; libmagic names them only when [Content_Types].xml is the first
//   member (Office and LibreOffice write them so; other tools may not), else application/zip.
// - Office 97-2003 files are OLE2 compound files: msword / vnd.ms-excel when libmagic finds the
//   WordDocument / Workbook stream, else the generic compound-file answers.
// - CSV is text: text/csv when libmagic sees commas on every line, otherwise text/plain.
// Limit: a zip renamed .docx passes (libmagic cannot tell it from an unusual docx); it is still
// served as a download, never inline, with nosniff.
const std::vector<TypeRule>& Rules() {
  static const std::vector<TypeRule> k = {
      {"png", "image/png", {"image/png"}},
      {"jpg", "image/jpeg", {"image/jpeg"}},
      {"jpeg", "image/jpeg", {"image/jpeg"}},
      {"gif", "image/gif", {"image/gif"}},
      {"tiff", "image/tiff", {"image/tiff"}},
      {"tif", "image/tiff", {"image/tiff"}},
      {"pdf", "application/pdf", {"application/pdf"}},
      {"xls",
       "application/vnd.ms-excel",
       {"application/vnd.ms-excel", "application/vnd.ms-office", "application/cdfv2", "application/x-ole-storage"}},
      {"xlsx",
       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
       {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"}},
      {"csv", "text/csv", {"text/csv", "text/plain", "application/csv"}},
      {"doc",
       "application/msword",
       {"application/msword", "application/vnd.ms-office", "application/cdfv2", "application/x-ole-storage"}},
      {"docx",
       "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
       {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip"}},
  };
  return k;
}

const TypeRule* RuleFor(std::string_view ext) {
  for (const auto& r : Rules())
    if (ext == r.extension) return &r;
  return nullptr;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

std::string AllowedList() {
  std::string s;
  for (const auto& e : AttachmentPolicy::AllowedExtensions()) s += (s.empty() ? "" : ", ") + e;
  return s;
}

std::string MegaBytes(std::int64_t bytes) {
  const std::int64_t mb = bytes / (1024 * 1024);
  if (mb * 1024 * 1024 == bytes) return std::to_string(mb) + " MB";
  return std::to_string(bytes) + " bytes";
}

// Decodes one UTF-8 sequence at s[i]; returns its code point and length, or nullopt when it
// is not valid UTF-8 (overlong, surrogate, truncated, out of range).
std::optional<std::pair<char32_t, std::size_t>> DecodeUtf8(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return std::pair{char32_t(b0), std::size_t{1}};
  std::size_t n = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    n = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4;
    cp = b0 & 0x07;
  } else {
    return std::nullopt;
  }
  if (i + n > s.size()) return std::nullopt;
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr std::array<char32_t, 5> kMin = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  return std::pair{cp, n};
}

// Characters that must not reach a stored name: controls (C0, DEL, C1), zero-width and
// direction marks and overrides ("gpj.exe" shown as "exe.jpg"), line/paragraph separators,
// the byte-order mark.
bool Dropped(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x200B && cp <= 0x200F) ||
         (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

// Characters Windows forbids in names, and the quote that would end a header's filename="".
bool Replaced(char32_t cp) {
  return cp == '"' || cp == '<' || cp == '>' || cp == ':' || cp == '|' || cp == '?' || cp == '*';
}

// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
std::string_view Utf8Prefix(std::string_view s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

std::uint32_t Be16(std::string_view s, std::size_t i) {
  return (std::uint32_t(static_cast<unsigned char>(s[i])) << 8) | static_cast<unsigned char>(s[i + 1]);
}
std::uint32_t Be32(std::string_view s, std::size_t i) { return (Be16(s, i) << 16) | Be16(s, i + 2); }
std::uint32_t Le16(std::string_view s, std::size_t i) {
  return (std::uint32_t(static_cast<unsigned char>(s[i + 1])) << 8) | static_cast<unsigned char>(s[i]);
}

std::optional<ImageSize> Sized(std::uint32_t w, std::uint32_t h) {
  constexpr std::uint32_t kMax = 1u << 30;
  if (w == 0 || h == 0 || w > kMax || h > kMax) return std::nullopt;
  return ImageSize{static_cast<int>(w), static_cast<int>(h)};
}

std::optional<ImageSize> JpegSize(std::string_view s) {
  if (s.size() < 4 || static_cast<unsigned char>(s[0]) != 0xFF || static_cast<unsigned char>(s[1]) != 0xD8)
    return std::nullopt;
  std::size_t i = 2;
  while (i + 4 <= s.size()) {
    if (static_cast<unsigned char>(s[i]) != 0xFF) return std::nullopt;
    const auto m = static_cast<unsigned char>(s[i + 1]);
    if (m == 0xFF) {  // fill byte
      ++i;
      continue;
    }
    if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {  // no length
      i += 2;
      continue;
    }
    if (m == 0xD9 || m == 0xDA) return std::nullopt;  // end, or scan data before any frame
    const std::uint32_t len = Be16(s, i + 2);
    // Start of frame (baseline, progressive, ...): not DHT (C4), JPG (C8) or DAC (CC).
    if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
      if (i + 9 > s.size()) return std::nullopt;
      return Sized(Be16(s, i + 7), Be16(s, i + 5));
    }
    if (len < 2) return std::nullopt;
    i += 2 + len;
  }
  return std::nullopt;
}

}  // namespace

const std::vector<std::string>& AttachmentPolicy::AllowedExtensions() {
  static const std::vector<std::string> k = [] {
    std::vector<std::string> v;
    for (const auto& r : Rules()) v.emplace_back(r.extension);
    return v;
  }();
  return k;
}

std::string AttachmentPolicy::SanitizeFileName(std::string_view raw) {
  // No path: whatever follows the last separator of either convention.
  if (auto slash = raw.find_last_of("/\\"); slash != std::string_view::npos) raw = raw.substr(slash + 1);
  std::string out;
  for (std::size_t i = 0; i < raw.size();) {
    auto d = DecodeUtf8(raw, i);
    if (!d) {
      out.push_back('_');
      ++i;
      continue;
    }
    const auto [cp, n] = *d;
    if (Replaced(cp))
      out.push_back('_');
    else if (!Dropped(cp))
      out.append(raw.substr(i, n));
    i += n;
  }
  // No hidden files, no "..": leading dots and blanks go, runs of dots become one.
  std::string collapsed;
  for (char ch : out)
    if (!(ch == '.' && !collapsed.empty() && collapsed.back() == '.')) collapsed.push_back(ch);
  std::size_t b = 0;
  while (b < collapsed.size() && (collapsed[b] == '.' || collapsed[b] == ' ')) ++b;
  std::size_t e = collapsed.size();
  while (e > b && (collapsed[e - 1] == '.' || collapsed[e - 1] == ' ')) --e;  // Windows drops them
  std::string name = collapsed.substr(b, e - b);
  if (name.size() <= kMaxFileNameBytes) return name;
  // Too long: shorten the stem, keep the extension.
  const std::string ext = ExtensionOf(name);
  if (ext.empty() || ext.size() > 16) return std::string(Utf8Prefix(name, kMaxFileNameBytes));
  const std::string_view stem(name.data(), name.size() - ext.size() - 1);
  std::string cut(Utf8Prefix(stem, kMaxFileNameBytes - ext.size() - 1));
  while (!cut.empty() && (cut.back() == '.' || cut.back() == ' ')) cut.pop_back();
  return cut + "." + name.substr(name.size() - ext.size());
}

std::string AttachmentPolicy::ExtensionOf(std::string_view name) {
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == name.size()) return "";
  return Lower(name.substr(dot + 1));
}

Error AttachmentRefusal(const char* rule, std::string description) {
  return Error::Invalid("file", rule, std::move(description));
}

Result<AcceptedFile> AttachmentPolicy::CheckFile(const IncomingFile& f) const {
  namespace rule = attachment_rule;
  if (f.name.empty())
    return Fail(AttachmentRefusal(rule::kInvalidFileName,
                                  "File name is missing or has no usable characters: name the file, e.g. report.pdf"));
  const std::string quoted = "File '" + f.name + "'";
  const std::string ext = ExtensionOf(f.name);
  const TypeRule* r = RuleFor(ext);
  if (!r)
    return Fail(AttachmentRefusal(rule::kFileTypeNotAllowed,
                                  quoted + " is not an accepted type: the accepted types are " + AllowedList()));
  if (f.size <= 0) return Fail(AttachmentRefusal(rule::kEmptyFile, quoted + " is empty"));
  if (f.size > limits_.max_total_bytes)
    return Fail(AttachmentRefusal(
        rule::kTotalSizeExceeded,
        quoted + " is larger than " + MegaBytes(limits_.max_total_bytes) + ", the most a message may carry"));
  const std::string mime = Lower(f.detected_mime);
  if (std::find(r->accepted.begin(), r->accepted.end(), mime) == r->accepted.end())
    return Fail(AttachmentRefusal(rule::kContentTypeMismatch, quoted + " is named ." + ext +
                                                                  " but its content is not a " + ext + " file (" +
                                                                  (mime.empty() ? "unknown" : mime) + ")"));
  return AcceptedFile{ext, r->content_type};
}

Result<void> AttachmentPolicy::CheckMessage(const std::vector<IncomingFile>& files) const {
  namespace rule = attachment_rule;
  std::int64_t total = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& f = files[i];
    if (static_cast<int>(i) >= limits_.max_files)
      return Fail(AttachmentRefusal(rule::kTooManyFiles, "File '" + f.name +
                                                             "' is one too many: a message carries at most " +
                                                             std::to_string(limits_.max_files) + " files"));
    total += f.size;
    if (total > limits_.max_total_bytes)
      return Fail(AttachmentRefusal(rule::kTotalSizeExceeded, "File '" + f.name + "' brings the message's files to " +
                                                                  std::to_string(total) +
                                                                  " bytes: a message carries at most " +
                                                                  MegaBytes(limits_.max_total_bytes) + " in all"));
  }
  return {};
}

bool AttachmentPolicy::IsSafeInline(std::string_view content_type) {
  return content_type == "image/png" || content_type == "image/jpeg" || content_type == "image/gif";
}

std::optional<ImageSize> ImageSizeOf(std::string_view content_type, std::string_view head) {
  if (content_type == "image/png") {
    if (head.size() < 24 || head.substr(0, 8) != std::string_view("\x89PNG\r\n\x1a\n", 8) ||
        head.substr(12, 4) != "IHDR")
      return std::nullopt;
    return Sized(Be32(head, 16), Be32(head, 20));
  }
  if (content_type == "image/gif") {
    if (head.size() < 10 || (head.substr(0, 6) != "GIF87a" && head.substr(0, 6) != "GIF89a")) return std::nullopt;
    return Sized(Le16(head, 6), Le16(head, 8));
  }
  if (content_type == "image/jpeg") return JpegSize(head);
  return std::nullopt;
}

bool CanSeeAttachment(const Caller& c, const Attachment& a, const Ticket* ticket, const Comment* comment) {
  if (c.anonymous || c.user_id == 0) return false;
  if (!a.comment_id) return a.uploader_id == c.user_id;
  if (!ticket || !comment || comment->id != *a.comment_id || comment->ticket_id != ticket->id) return false;
  return CanSeeTicket(c, *ticket) && CanSeeComment(c, *comment);
}

}  // namespace chamado
