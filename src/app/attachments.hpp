#pragma once
// Attachment use cases (docs/attachments.md): uploads (POST /uploads), their deletion and
// expiry, showing and downloading an attachment, attaching uploads to a comment (called by
// TicketService inside its transaction), and redacting an attachment. The rules are the
// domain's (domain/attachments.hpp: AttachmentPolicy, CanSeeAttachment); the bytes go through
// the ports of app/blobs.hpp.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/blobs.hpp"
#include "app/ports.hpp"
#include "domain/access.hpp"
#include "domain/attachments.hpp"

namespace chamado::app {

struct AttachmentSettings {
  AttachmentLimits limits;                   // [attachments] max_files, max_total_mb
  std::chrono::seconds upload_ttl{60 * 60};  // [attachments] upload_ttl_minutes
};

struct UploadResult {
  Upload upload;                        // token and expires_at
  std::vector<Attachment> attachments;  // every file of the upload so far, oldest first
  Attachment attachment;                // the file just added
};

struct Download {
  Attachment attachment;
  std::unique_ptr<BlobReader> reader;  // the bytes (empty for a redacted attachment)
};

class AttachmentService final {
 public:
  // `scanner` may be null (no clamd configured: files are not scanned); `log` may be null.
  AttachmentService(Store& store, Clock& clock, Crypto& crypto, BlobStore& blobs, FileTypeDetector& types,
                    VirusScanner* scanner, AttachmentSettings settings, Logger* log = nullptr);

  const AttachmentPolicy& policy() const { return policy_; }
  const AttachmentSettings& settings() const { return settings_; }

  // A file (spooled to `body_file`, `size` bytes) joins a new upload, or the caller's pending
  // upload `token`. The name is sanitized, the type checked by name and content, the message
  // limits counted over the upload's files, the file scanned (when a scanner is set), stored
  // by content, and described by a new attachment row.
  // Errors: 422 naming the rule and the file (or the token); 503 when the scanner fails.
  Result<UploadResult> Upload(const Caller& c, std::string_view file_name, const std::optional<std::string>& token,
                              const std::string& body_file, std::int64_t size);
  // Deletes the caller's pending upload and its files. 404 for anyone else's, an attached
  // (taken) or an unknown token.
  Result<void> DeleteUpload(const Caller& c, std::string_view token);
  // 404 unless the caller may see it (CanSeeAttachment).
  Result<Attachment> Show(const Caller& c, std::int64_t id);
  Result<Download> OpenDownload(const Caller& c, std::int64_t id);
  // The attachments of `comments` (a page the caller was allowed to read), by comment id; a
  // customer gets none of an internal note's. One query for the page.
  Result<std::map<std::int64_t, std::vector<Attachment>>> OfComments(const Caller& c,
                                                                     const std::vector<Comment>& comments);
  // Agents: the attachment keeps its place but loses its bytes for good (redacted.txt, empty);
  // the blob goes when no other attachment refers to it; an AttachmentRedactionEvent audit
  // records it on the ticket's timeline. Idempotent. 404 unless the ids belong together.
  Result<Attachment> Redact(const Caller& c, std::int64_t ticket_id, std::int64_t comment_id,
                            std::int64_t attachment_id);
  // Deletes pending uploads whose expires_at <= now (at most `limit`) and the blobs no
  // attachment refers to any more. Returns how many uploads went. Run by the scheduler.
  Result<int> ExpireUploads(Instant now, int limit = 100);

 private:
  Store& store_;
  Clock& clock_;
  Crypto& crypto_;
  BlobStore& blobs_;
  FileTypeDetector& types_;
  VirusScanner* scanner_;
  AttachmentSettings settings_;
  AttachmentPolicy policy_;
  Logger* log_;

  std::optional<ImageSize> SizeOfImage(const std::string& content_type, std::string_view sha256);
  void ReleaseBlobs(WriteTx& tx, std::vector<std::pair<std::string, std::int64_t>> blobs, Instant now);
};

// Inside a ticket write (TicketService, after the comment is inserted): the uploads named by
// `tokens` become the comment's attachments. Each token must be a pending upload of the
// caller (or, for staff, of the comment's author), not expired; all their files together must
// fit one message (policy). Refusals are 422 naming the token, or the rule and the file.
Result<std::vector<Attachment>> AttachUploads(WriteTx& tx, const Comment& comment,
                                              const std::vector<std::string>& tokens, const Caller& caller, Instant now,
                                              const AttachmentPolicy& policy);

}  // namespace chamado::app
