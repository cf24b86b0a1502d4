#pragma once
// Attachments (PRODUCT.md §9, docs/attachments.md): the stored file's description, and the ONE
// attachment policy every channel applies (API uploads now; portal, e-mail and chat later):
// which files are accepted (by name AND by content), how many and how large per message, what
// a file name may contain, and who may see an attachment. Pure: values in, values out; the
// content type comes from libmagic through app::FileTypeDetector.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/access.hpp"
#include "domain/error.hpp"
#include "domain/ticket.hpp"
#include "domain/time.hpp"

namespace chamado {

// Zendesk's malware_scan_result values.
inline constexpr std::string_view kScanNotScanned = "not_scanned";
inline constexpr std::string_view kScanClean = "malware_not_found";
inline constexpr std::string_view kScanInfected = "malware_found";

// What a redacted attachment shows instead of the original (the bytes are gone for good).
inline constexpr std::string_view kRedactedFileName = "redacted.txt";

// One stored file. Until a comment takes its upload it belongs to the upload (token) only;
// then ticket_id and comment_id are set and the ticket's visibility rules apply.
struct Attachment {
  std::int64_t id = 0;
  std::optional<std::int64_t> ticket_id;
  std::optional<std::int64_t> comment_id;
  std::string upload_token;
  std::int64_t uploader_id = 0;
  std::string file_name;     // sanitized (SanitizeFileName); never used as a path
  std::string content_type;  // the canonical type of its extension (CanonicalContentType)
  std::int64_t size = 0;     // bytes
  std::string sha256;        // the blob's name; empty once redacted
  std::optional<int> width;  // images, when the header tells
  std::optional<int> height;
  bool is_inline = false;  // Zendesk "inline": shown inside the comment's HTML (never set by uploads)
  bool redacted = false;
  std::string malware_scan_result = std::string(kScanNotScanned);
  Instant created_at{};
};

// A pending upload: a token that collects up to max_files files until a comment takes it
// (then the row is gone) or it expires (then it and its files are deleted).
struct Upload {
  std::int64_t id = 0;
  std::string token;
  std::int64_t uploader_id = 0;
  Instant created_at{};
  Instant expires_at{};
};

struct AttachmentLimits {
  int max_files = 5;                                  // per message
  std::int64_t max_total_bytes = 20LL * 1024 * 1024;  // per message, all files together
};

// The rule names a refusal carries (details.file[].error of the 422).
namespace attachment_rule {
inline constexpr const char* kInvalidFileName = "InvalidFileName";
inline constexpr const char* kFileTypeNotAllowed = "FileTypeNotAllowed";
inline constexpr const char* kContentTypeMismatch = "ContentTypeMismatch";
inline constexpr const char* kEmptyFile = "EmptyFile";
inline constexpr const char* kTooManyFiles = "TooManyFiles";
inline constexpr const char* kTotalSizeExceeded = "TotalSizeExceeded";
inline constexpr const char* kMalwareFound = "MalwareFound";
}  // namespace attachment_rule

inline constexpr std::size_t kMaxFileNameBytes = 255;

// A file as it enters a message: its (sanitized) name, size and libmagic's MIME type.
struct IncomingFile {
  std::string name;
  std::int64_t size = 0;
  std::string detected_mime;
};

// The verdict on an accepted file.
struct AcceptedFile {
  std::string extension;     // lower case: "pdf"
  std::string content_type;  // what we store and serve: "application/pdf"
};

class AttachmentPolicy final {
 public:
  explicit AttachmentPolicy(AttachmentLimits limits = {}) : limits_(limits) {}
  const AttachmentLimits& limits() const { return limits_; }

  // The extensions accepted, in the order the messages list them.
  static const std::vector<std::string>& AllowedExtensions();
  // A client's file name made safe to store, show and send in a header: no path (the part
  // after the last / or \), no control or bidi-override characters, no quotes or characters
  // Windows forbids, no leading dots, no runs of dots, no leading/trailing blanks, invalid
  // UTF-8 replaced, at most kMaxFileNameBytes bytes (the extension kept). Unicode letters stay.
  // Empty when nothing is left.
  static std::string SanitizeFileName(std::string_view raw);
  // "pdf" for "Report.PDF"; empty when the name has none.
  static std::string ExtensionOf(std::string_view name);

  // One file on its own: an allowed extension, content of that type (libmagic's MIME type must
  // be one the extension may have), not empty, not larger than a whole message may be.
  // A refusal is kInvalid on field "file" naming the rule and the file.
  Result<AcceptedFile> CheckFile(const IncomingFile& f) const;
  // The files of one message together (in order): at most max_files, at most max_total_bytes.
  // The refusal names the first file past a limit.
  Result<void> CheckMessage(const std::vector<IncomingFile>& files) const;

  // png, jpeg and gif are shown inline by browsers without running anything; every other type
  // is sent as a download (Content-Disposition: attachment).
  static bool IsSafeInline(std::string_view content_type);

 private:
  AttachmentLimits limits_;
};

// A 422 on field "file" naming the rule: {"file":[{"error": rule, "description": text}]}.
Error AttachmentRefusal(const char* rule, std::string description);

// Width and height from the first bytes of a png, gif or jpeg file (the header); nullopt when
// they are not in `head` or the type has no such header here.
struct ImageSize {
  int width = 0;
  int height = 0;
};
std::optional<ImageSize> ImageSizeOf(std::string_view content_type, std::string_view head);

// Who may see an attachment (its JSON and its bytes). An upload not yet attached: only its
// uploader. Attached: whoever sees the ticket AND the comment — so an internal note's
// attachments never reach a customer (domain/access.hpp). Anything else reads as not found.
// `ticket` and `comment` are the attachment's (null when unattached or missing).
bool CanSeeAttachment(const Caller& c, const Attachment& a, const Ticket* ticket, const Comment* comment);

}  // namespace chamado
