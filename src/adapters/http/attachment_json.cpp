#include "adapters/http/attachment_json.hpp"

#include <cctype>

namespace chamado::http {
namespace {

// RFC 3986 unreserved characters stay; every other byte is %XX (UTF-8 names included).
std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    const auto b = static_cast<unsigned char>(ch);
    if (std::isalnum(b) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[b >> 4]);
      out.push_back(kHex[b & 15]);
    }
  }
  return out;
}

json::value OptInt(const std::optional<int>& v) { return v ? json::value(*v) : json::value(nullptr); }

void Fill(json::object& o, std::int64_t comment_id, const AttachmentsByComment& by_comment, const Urls& u) {
  auto it = by_comment.find(comment_id);
  o["attachments"] = it == by_comment.end() ? json::array{} : AttachmentsJson(it->second, u);
}

}  // namespace

std::string AttachmentContentUrl(const Attachment& a, const Urls& u) {
  return u.base + "/attachments/" + std::to_string(a.id) + "/" + PercentEncode(a.file_name);
}

json::object AttachmentJson(const Attachment& a, const Urls& u) {
  json::object o;
  o["id"] = a.id;
  o["url"] = u.Api("attachments/" + std::to_string(a.id));
  o["file_name"] = a.file_name;
  o["content_url"] = AttachmentContentUrl(a, u);
  o["mapped_content_url"] = AttachmentContentUrl(a, u);
  o["content_type"] = a.content_type;
  o["size"] = a.size;
  o["width"] = OptInt(a.width);
  o["height"] = OptInt(a.height);
  o["inline"] = a.is_inline;
  o["deleted"] = false;
  o["malware_access_override"] = false;
  o["malware_scan_result"] = a.malware_scan_result;
  o["thumbnails"] = json::array{};
  o["chamado_redacted"] = a.redacted;
  return o;
}

json::array AttachmentsJson(const std::vector<Attachment>& as, const Urls& u) {
  json::array arr;
  for (const auto& a : as) arr.push_back(AttachmentJson(a, u));
  return arr;
}

void FillCommentAttachments(json::array& comments, const AttachmentsByComment& by_comment, const Urls& u) {
  for (auto& v : comments) {
    if (!v.is_object()) continue;
    auto& o = v.as_object();
    if (auto* id = o.if_contains("id"); id && id->is_int64()) Fill(o, id->as_int64(), by_comment, u);
  }
}

void FillAuditAttachments(json::object& audit, const Audit& a, const AttachmentsByComment& by_comment, const Urls& u) {
  auto* events = audit.if_contains("events");
  if (!events || !events->is_array() || events->as_array().size() != a.events.size()) return;
  auto& arr = events->as_array();
  for (std::size_t i = 0; i < arr.size(); ++i) {
    // AuditJson writes one object per event, in order; a comment it found has "attachments".
    if (a.events[i].type != "Comment" || !arr[i].is_object() || !arr[i].as_object().contains("attachments")) continue;
    Fill(arr[i].as_object(), a.events[i].comment_id, by_comment, u);
  }
}

std::string ContentDisposition(const Attachment& a) {
  std::string ascii;
  for (char ch : a.file_name) {
    const auto b = static_cast<unsigned char>(ch);
    ascii.push_back(b < 0x20 || b >= 0x7F || ch == '"' || ch == '\\' || ch == '%' ? '_' : ch);
  }
  const char* kind = AttachmentPolicy::IsSafeInline(a.content_type) ? "inline" : "attachment";
  return std::string(kind) + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + PercentEncode(a.file_name);
}

}  // namespace chamado::http
