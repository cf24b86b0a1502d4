#include "app/attachments.hpp"

#include <algorithm>
#include <utility>

// Blob lifetime. Blobs are shared (content-addressed, deduplicated), so deleting one must not
// race with a new reference to the same bytes: an upload of identical bytes stores its blob
// (PutFile: a no-op when it exists) long before its row is written, and an expiry or a
// redaction may meanwhile delete the last row referring to that blob. The rule:
//  - a new reference (Upload, CopyAttachments) takes the blob's row lock in attachment_blobs
//    (WriteTx::LockBlob), then checks in that same transaction that the blob still exists
//    (BlobStore::Open) and only then inserts its row; a blob gone meanwhile makes the upload
//    store the file again and retry;
//  - a deletion (ExpireUploads, DeleteUpload, Redact) removes its rows, takes each blob's row
//    lock, counts the rows still referring to the blob, and only at 0 forgets the lock row and
//    deletes the bytes, as the last step of its transaction.
// With the lock, one of the two transactions runs first (SQLite: one writer; PostgreSQL: the
// row lock, READ COMMITTED re-reads after the wait): either the deletion sees the new row and
// keeps the bytes, or the new reference sees the bytes gone and stores them again.
// Limit: the bytes are deleted before the COMMIT; if the COMMIT itself then fails (disk full,
// connection lost) the rows come back without their bytes and a download of them answers 404.

namespace chamado::app {
namespace {

// An unattached upload's token, or an attached one's, as the client may name it: a refusal
// never says which (the caller learns nothing about others' uploads).
Error BadToken(std::string_view token, const char* field) {
  return Error::Invalid(field, "InvalidValue",
                        "Upload token '" + std::string(token) + "' is unknown, has expired or belongs to someone else");
}

// A redacted attachment's bytes: none.
class EmptyReader final : public BlobReader {
 public:
  std::uint64_t Size() const override { return 0; }
  Result<std::size_t> Read(char*, std::size_t) override { return std::size_t{0}; }
};

std::vector<IncomingFile> FilesOf(const std::vector<Attachment>& as) {
  std::vector<IncomingFile> out;
  for (const auto& a : as) out.push_back({a.file_name, a.size, a.content_type});
  return out;
}

// Where an attachment's ticket and comment are, for CanSeeAttachment.
Result<void> CheckVisible(ReadTx& tx, const Caller& c, const Attachment& a) {
  std::optional<Ticket> t;
  std::vector<Comment> cm;
  if (a.comment_id && a.ticket_id) {
    t = tx.TicketById(*a.ticket_id);
    cm = tx.CommentsByIds({*a.comment_id});
  }
  if (!CanSeeAttachment(c, a, t ? &*t : nullptr, cm.empty() ? nullptr : &cm.front())) return Fail(Error::NotFound());
  return {};
}

}  // namespace

AttachmentService::AttachmentService(Store& store, Clock& clock, Crypto& crypto, BlobStore& blobs,
                                     FileTypeDetector& types, VirusScanner* scanner, AttachmentSettings settings,
                                     Logger* log)
    : store_(store),
      clock_(clock),
      crypto_(crypto),
      blobs_(blobs),
      types_(types),
      scanner_(scanner),
      settings_(settings),
      policy_(settings.limits),
      log_(log) {}

std::optional<ImageSize> AttachmentService::SizeOfImage(const std::string& content_type, std::string_view sha256) {
  if (!AttachmentPolicy::IsSafeInline(content_type)) return std::nullopt;
  auto reader = blobs_.Open(sha256);
  if (!reader) return std::nullopt;
  // The dimensions sit in the first bytes (a JPEG's may follow an EXIF block: 64 KiB covers
  // the usual ones; past that, width and height stay null).
  std::string head(64 * 1024, '\0');
  std::size_t got = 0;
  while (got < head.size()) {
    auto n = (*reader)->Read(head.data() + got, head.size() - got);
    if (!n || *n == 0) break;
    got += *n;
  }
  head.resize(got);
  return ImageSizeOf(content_type, head);
}

Result<UploadResult> AttachmentService::Upload(const Caller& c, std::string_view file_name,
                                               const std::optional<std::string>& token, const std::string& body_file,
                                               std::int64_t size) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  // Refusals that need no reading first: name, type by name, size.
  IncomingFile file{AttachmentPolicy::SanitizeFileName(file_name), size, ""};
  file.detected_mime = types_.MimeTypeOfFile(body_file);
  auto accepted = policy_.CheckFile(file);
  if (!accepted) return Fail(accepted.error());
  Instant now = clock_.Now();

  // Adding to an upload: refuse early what the transaction below would refuse anyway.
  auto check_upload = [&](ReadTx& tx) -> Result<std::optional<chamado::Upload>> {
    if (!token) return std::optional<chamado::Upload>{};
    auto up = tx.UploadByToken(*token);
    if (!up || up->uploader_id != c.user_id || up->expires_at <= now) return Fail(BadToken(*token, "token"));
    auto files = FilesOf(tx.AttachmentsOfUpload(up->token));
    files.push_back(file);
    if (auto ok = policy_.CheckMessage(files); !ok) return Fail(ok.error());
    return up;
  };
  if (token) {
    auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
      auto up = check_upload(tx);
      if (!up) return Fail(up.error());
      return {};
    });
    if (!r) return Fail(r.error());
  }

  std::string scan_result(kScanNotScanned);
  if (scanner_) {
    const ScanVerdict v = scanner_->ScanFile(body_file);
    if (v.kind == ScanVerdict::Kind::kInfected) {
      if (log_)
        log_->Warn("upload_infected", "'" + file.name + "' by user " + std::to_string(c.user_id) + ": " + v.detail);
      return Fail(AttachmentRefusal(attachment_rule::kMalwareFound,
                                    "File '" + file.name + "' contains malware (" + v.detail + ") and was not stored"));
    }
    if (v.kind == ScanVerdict::Kind::kFailed) {
      // Not the file's fault: a 503 the client may retry, never a silent pass.
      if (log_) log_->Error("virus_scan_failed", v.detail);
      return Fail(Error::Unavailable("The virus scanner is unavailable; file '" + file.name +
                                     "' was not stored. Please try again later."));
    }
    scan_result = std::string(kScanClean);
  }

  UploadResult result;
  for (int attempt = 0;; ++attempt) {
    auto blob = blobs_.PutFile(body_file);
    if (!blob) return Fail(blob.error());
    const auto dims = SizeOfImage(accepted->content_type, blob->sha256);
    now = clock_.Now();
    bool blob_gone = false;
    auto w = store_.Write([&](WriteTx& tx) -> Result<void> {
      result = UploadResult{};
      auto existing = check_upload(tx);
      if (!existing) return Fail(existing.error());
      if (*existing) {
        result.upload = **existing;
      } else {
        result.upload.token = crypto_.RandomToken();
        result.upload.uploader_id = c.user_id;
        result.upload.created_at = now;
        result.upload.expires_at = now + settings_.upload_ttl;
        tx.InsertUpload(result.upload);
      }
      // Blob lifetime (above): lock, then make sure the bytes are still there.
      tx.LockBlob(blob->sha256, static_cast<std::int64_t>(blob->size), now);
      if (!blobs_.Open(blob->sha256)) {
        blob_gone = true;
        return Fail(Error::Unavailable("the file's blob was deleted meanwhile"));
      }
      Attachment a;
      a.upload_token = result.upload.token;
      a.uploader_id = c.user_id;
      a.file_name = file.name;
      a.content_type = accepted->content_type;
      a.size = static_cast<std::int64_t>(blob->size);
      a.sha256 = blob->sha256;
      if (dims) {
        a.width = dims->width;
        a.height = dims->height;
      }
      a.malware_scan_result = scan_result;
      a.created_at = now;
      tx.InsertAttachment(a);
      result.attachment = a;
      result.attachments = tx.AttachmentsOfUpload(result.upload.token);
      return {};
    });
    if (w) return result;
    if (!blob_gone || attempt >= 2) return Fail(w.error());
  }
}

Result<void> AttachmentService::DeleteUpload(const Caller& c, std::string_view token) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  const Instant now = clock_.Now();
  return store_.Write([&](WriteTx& tx) -> Result<void> {
    auto up = tx.UploadByToken(token);
    if (!up || up->uploader_id != c.user_id) return Fail(Error::NotFound());
    std::vector<std::pair<std::string, std::int64_t>> blobs;
    for (const auto& a : tx.AttachmentsOfUpload(token)) blobs.emplace_back(a.sha256, a.size);
    tx.DeleteUpload(token);
    ReleaseBlobs(tx, std::move(blobs), now);
    return {};
  });
}

Result<Attachment> AttachmentService::Show(const Caller& c, std::int64_t id) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  std::optional<Attachment> a;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    a = tx.AttachmentById(id);
    if (!a) return Fail(Error::NotFound());
    return CheckVisible(tx, c, *a);
  });
  if (!r) return Fail(r.error());
  return *a;
}

Result<Download> AttachmentService::OpenDownload(const Caller& c, std::int64_t id) {
  auto a = Show(c, id);
  if (!a) return Fail(a.error());
  Download d;
  d.attachment = *a;
  if (a->redacted || a->sha256.empty()) {
    d.reader = std::make_unique<EmptyReader>();
    return d;
  }
  auto reader = blobs_.Open(a->sha256);
  if (!reader) {
    if (reader.error().code == ErrorCode::kNotFound && log_)
      log_->Error("blob_missing", "attachment " + std::to_string(id) + " names blob " + a->sha256 + ", which is gone");
    return Fail(reader.error().code == ErrorCode::kNotFound ? Error::NotFound() : reader.error());
  }
  d.reader = std::move(*reader);
  return d;
}

Result<std::map<std::int64_t, std::vector<Attachment>>> AttachmentService::OfComments(
    const Caller& c, const std::vector<Comment>& comments) {
  std::map<std::int64_t, std::vector<Attachment>> out;
  std::vector<std::int64_t> ids;
  for (const auto& cm : comments)
    if (CanSeeComment(c, cm)) ids.push_back(cm.id);
  if (ids.empty()) return out;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    for (auto& a : tx.AttachmentsOfComments(ids))
      if (a.comment_id) out[*a.comment_id].push_back(std::move(a));
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

Result<Attachment> AttachmentService::Redact(const Caller& c, std::int64_t ticket_id, std::int64_t comment_id,
                                             std::int64_t attachment_id) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsStaff()) return Fail(Error::Forbidden());
  const Instant now = clock_.Now();
  std::optional<Attachment> out;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    auto a = tx.AttachmentById(attachment_id);
    if (!a || a->ticket_id != ticket_id || a->comment_id != comment_id || !tx.TicketById(ticket_id))
      return Fail(Error::NotFound());
    if (!a->redacted) {
      tx.RedactAttachment(attachment_id);
      Audit audit;
      audit.ticket_id = ticket_id;
      audit.author_id = c.user_id;
      audit.via_channel = "api";
      audit.created_at = now;
      Event e;
      e.type = "AttachmentRedactionEvent";
      e.field_name = "attachment_id";
      e.value = std::to_string(attachment_id);
      e.comment_id = comment_id;
      audit.events.push_back(std::move(e));
      tx.InsertAudit(audit);
      // The bytes go last (Blob lifetime): nothing may fail after them.
      ReleaseBlobs(tx, {{a->sha256, a->size}}, now);
    }
    out = tx.AttachmentById(attachment_id);
    return {};
  });
  if (!r) return Fail(r.error());
  return *out;
}

Result<int> AttachmentService::ExpireUploads(Instant now, int limit) {
  int n = 0;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    n = 0;
    std::vector<std::pair<std::string, std::int64_t>> blobs;
    for (const auto& up : tx.ExpiredUploads(now, limit)) {
      for (const auto& a : tx.AttachmentsOfUpload(up.token)) blobs.emplace_back(a.sha256, a.size);
      tx.DeleteUpload(up.token);
      ++n;
    }
    ReleaseBlobs(tx, std::move(blobs), now);
    return {};
  });
  if (!r) return Fail(r.error());
  return n;
}

void AttachmentService::ReleaseBlobs(WriteTx& tx, std::vector<std::pair<std::string, std::int64_t>> blobs,
                                     Instant now) {
  // One lock order for every transaction (sorted by name): no deadlock between two releases.
  std::sort(blobs.begin(), blobs.end());
  blobs.erase(std::unique(blobs.begin(), blobs.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
              blobs.end());
  std::vector<std::string> unreferenced;
  for (const auto& [sha, size] : blobs) {
    if (sha.empty()) continue;
    tx.LockBlob(sha, size, now);
    if (tx.AttachmentsWithBlob(sha) > 0) continue;
    tx.ForgetBlob(sha);
    unreferenced.push_back(sha);
  }
  for (const auto& sha : unreferenced)
    if (auto d = blobs_.Delete(sha); !d && log_)
      log_->Warn("blob_delete_failed", sha + ": " + d.error().description + " (the orphaned bytes stay)");
}

Result<std::vector<Attachment>> AttachUploads(WriteTx& tx, const Comment& comment,
                                              const std::vector<std::string>& tokens, const Caller& caller, Instant now,
                                              const AttachmentPolicy& policy) {
  std::vector<std::string> unique;
  for (const auto& t : tokens)
    if (std::find(unique.begin(), unique.end(), t) == unique.end()) unique.push_back(t);
  if (unique.empty()) return std::vector<Attachment>{};
  std::vector<IncomingFile> files;
  for (const auto& token : unique) {
    auto up = tx.UploadByToken(token);
    // The caller's own upload, or (staff entering a comment for someone) the author's.
    const bool owner =
        up && !caller.anonymous &&
        (up->uploader_id == caller.user_id || (caller.IsStaff() && up->uploader_id == comment.author_id));
    if (!owner || up->expires_at <= now) return Fail(BadToken(token, "uploads"));
    auto more = FilesOf(tx.AttachmentsOfUpload(token));
    files.insert(files.end(), more.begin(), more.end());
  }
  // The files of all the tokens are one message.
  if (auto ok = policy.CheckMessage(files); !ok) return Fail(ok.error());
  for (const auto& token : unique) tx.AttachUpload(token, comment.ticket_id, comment.id);
  return tx.AttachmentsOfComments({comment.id});
}

}  // namespace chamado::app
