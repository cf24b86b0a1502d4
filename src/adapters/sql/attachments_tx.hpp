#pragma once
// CommonTx's attachment queries (app/ports.hpp, "attachments"), for both stores: included by
// common_tx.hpp after its own definitions. Tables: uploads, attachments, attachment_blobs
// (sqlite 0005_attachments.sql, postgres 0006_attachments.sql).
#include "adapters/sql/common_tx.hpp"

namespace chamado::sql {
namespace attachments_detail {

inline constexpr const char* kAttachmentCols =
    "id, upload_token, uploader_id, ticket_id, comment_id, file_name, content_type, size, sha256, width, height, "
    "is_inline, redacted, malware_scan_result, created_at";

template <typename S>
Attachment AttachmentRow(const S& s) {
  Attachment a;
  a.id = s.Int(0);
  a.upload_token = s.Text(1);
  a.uploader_id = s.Int(2);
  a.ticket_id = s.OptInt(3);
  a.comment_id = s.OptInt(4);
  a.file_name = s.Text(5);
  a.content_type = s.Text(6);
  a.size = s.Int(7);
  a.sha256 = s.Text(8);
  if (auto w = s.OptInt(9)) a.width = static_cast<int>(*w);
  if (auto h = s.OptInt(10)) a.height = static_cast<int>(*h);
  a.is_inline = s.Int(11) != 0;
  a.redacted = s.Int(12) != 0;
  a.malware_scan_result = s.Text(13);
  a.created_at = FromUnix(s.Int(14));
  return a;
}

inline constexpr const char* kUploadCols = "id, token, uploader_id, created_at, expires_at";

template <typename S>
Upload UploadRow(const S& s) {
  return Upload{s.Int(0), s.Text(1), s.Int(2), FromUnix(s.Int(3)), FromUnix(s.Int(4))};
}

inline std::optional<std::int64_t> OptInt(const std::optional<int>& v) {
  return v ? std::optional<std::int64_t>(*v) : std::nullopt;
}

}  // namespace attachments_detail

template <typename Db>
std::optional<Upload> CommonTx<Db>::UploadByToken(std::string_view token) {
  using namespace attachments_detail;
  static const std::string kRead = std::string("SELECT ") + kUploadCols + " FROM uploads WHERE token = ?";
  static const std::string kLock = kRead + std::string(Db::kForUpdate);
  auto& s = db_.Prepare(writing_ ? kLock : kRead);
  s.Bind(1, token);
  std::optional<Upload> u;
  if (s.Step()) u = UploadRow(s);
  s.Reset();
  return u;
}

template <typename Db>
std::vector<Attachment> CommonTx<Db>::AttachmentsOfUpload(std::string_view token) {
  using namespace attachments_detail;
  auto& s = db_.Prepare(std::string("SELECT ") + kAttachmentCols +
                        " FROM attachments WHERE upload_token = ? AND comment_id IS NULL ORDER BY id");
  s.Bind(1, token);
  std::vector<Attachment> out;
  while (s.Step()) out.push_back(AttachmentRow(s));
  s.Reset();
  return out;
}

template <typename Db>
std::optional<Attachment> CommonTx<Db>::AttachmentById(std::int64_t id) {
  using namespace attachments_detail;
  auto& s = db_.Prepare(std::string("SELECT ") + kAttachmentCols + " FROM attachments WHERE id = ?");
  s.Bind(1, id);
  std::optional<Attachment> a;
  if (s.Step()) a = AttachmentRow(s);
  s.Reset();
  return a;
}

template <typename Db>
std::vector<Attachment> CommonTx<Db>::AttachmentsOfComments(const std::vector<std::int64_t>& comment_ids) {
  using namespace attachments_detail;
  std::vector<Attachment> out;
  // Chunks of at most 128 ids, each padded to a power of two by repeating its last id, so a
  // connection caches at most 8 shapes of this statement.
  constexpr std::size_t kChunk = 128;
  for (std::size_t from = 0; from < comment_ids.size(); from += kChunk) {
    const std::size_t n = std::min(kChunk, comment_ids.size() - from);
    std::size_t width = 1;
    while (width < n) width *= 2;
    std::vector<Param> ps(comment_ids.begin() + from, comment_ids.begin() + from + n);
    ps.resize(width, ps.back());
    auto& s = db_.Prepare(std::string("SELECT ") + kAttachmentCols + " FROM attachments WHERE comment_id IN " +
                          InList(width) + " ORDER BY comment_id, id");
    BindAll(s, ps);
    while (s.Step()) out.push_back(AttachmentRow(s));
    s.Reset();
  }
  return out;
}

template <typename Db>
std::int64_t CommonTx<Db>::AttachmentsWithBlob(std::string_view sha256) {
  // "sha256 <> ''" lets SQLite use the partial index attachments_sha.
  auto& s = db_.Prepare("SELECT count(*) FROM attachments WHERE sha256 = ? AND sha256 <> ''");
  s.Bind(1, sha256);
  std::int64_t n = 0;
  if (s.Step()) n = s.Int(0);
  s.Reset();
  return n;
}

template <typename Db>
std::vector<Upload> CommonTx<Db>::ExpiredUploads(Instant now, int limit) {
  using namespace attachments_detail;
  // Another node's sweep, or an upload adding a file (UploadByToken locks its row), keeps
  // what it holds: this one skips it (PostgreSQL; SQLite has one writer).
  static const std::string kRead =
      std::string("SELECT ") + kUploadCols + " FROM uploads WHERE expires_at <= ? ORDER BY expires_at, id LIMIT ?";
  static const std::string kClaim = kRead + std::string(Db::kSkipLocked);
  auto& s = db_.Prepare(writing_ ? kClaim : kRead);
  s.Bind(1, UnixSeconds(now)).Bind(2, std::int64_t{limit});
  std::vector<Upload> out;
  while (s.Step()) out.push_back(UploadRow(s));
  s.Reset();
  return out;
}

template <typename Db>
void CommonTx<Db>::InsertUpload(Upload& u) {
  auto& s =
      db_.Prepare("INSERT INTO uploads (token, uploader_id, created_at, expires_at) VALUES (?,?,?,?) RETURNING id");
  s.Bind(1, u.token).Bind(2, u.uploader_id).Bind(3, UnixSeconds(u.created_at)).Bind(4, UnixSeconds(u.expires_at));
  u.id = ReturnedId(s);
}

template <typename Db>
void CommonTx<Db>::InsertAttachment(Attachment& a) {
  using namespace attachments_detail;
  auto& s = db_.Prepare(
      "INSERT INTO attachments (upload_token, uploader_id, ticket_id, comment_id, file_name, content_type, size, "
      "sha256, width, height, is_inline, redacted, malware_scan_result, created_at) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
  s.Bind(1, a.upload_token).Bind(2, a.uploader_id).Bind(3, a.ticket_id).Bind(4, a.comment_id);
  s.Bind(5, a.file_name).Bind(6, a.content_type).Bind(7, a.size).Bind(8, a.sha256);
  s.Bind(9, OptInt(a.width)).Bind(10, OptInt(a.height)).Bind(11, a.is_inline).Bind(12, a.redacted);
  s.Bind(13, a.malware_scan_result).Bind(14, UnixSeconds(a.created_at));
  a.id = ReturnedId(s);
}

template <typename Db>
std::int64_t CommonTx<Db>::AttachUpload(std::string_view token, std::int64_t ticket_id, std::int64_t comment_id) {
  auto& s =
      db_.Prepare("UPDATE attachments SET ticket_id = ?, comment_id = ? WHERE upload_token = ? AND comment_id IS NULL");
  s.Bind(1, ticket_id).Bind(2, comment_id).Bind(3, token);
  s.Run();
  const std::int64_t n = db_.Changes();
  auto& d = db_.Prepare("DELETE FROM uploads WHERE token = ?");
  d.Bind(1, token);
  d.Run();
  return n;
}

template <typename Db>
void CommonTx<Db>::DeleteUpload(std::string_view token) {
  auto& s = db_.Prepare("DELETE FROM attachments WHERE upload_token = ? AND comment_id IS NULL");
  s.Bind(1, token);
  s.Run();
  auto& d = db_.Prepare("DELETE FROM uploads WHERE token = ?");
  d.Bind(1, token);
  d.Run();
}

template <typename Db>
void CommonTx<Db>::RedactAttachment(std::int64_t id) {
  auto& s = db_.Prepare(
      "UPDATE attachments SET file_name = ?, content_type = 'text/plain', size = 0, sha256 = '', width = NULL, "
      "height = NULL, redacted = 1 WHERE id = ?");
  s.Bind(1, kRedactedFileName).Bind(2, id);
  s.Run();
}

template <typename Db>
std::int64_t CommonTx<Db>::CopyAttachments(std::int64_t from_comment_id, std::int64_t to_comment_id,
                                           std::int64_t to_ticket_id) {
  // The copies are new references to the same blobs: take the blobs' locks first, as any new
  // reference does (LockBlob), so a concurrent redaction of the source cannot delete the
  // bytes under the copies.
  std::vector<std::pair<std::string, std::int64_t>> blobs;
  auto& b = db_.Prepare(
      "SELECT DISTINCT sha256, size FROM attachments WHERE comment_id = ? AND sha256 <> '' ORDER BY sha256");
  b.Bind(1, from_comment_id);
  while (b.Step()) blobs.emplace_back(b.Text(0), b.Int(1));
  b.Reset();
  auto& now = db_.Prepare("SELECT max(created_at) FROM attachments WHERE comment_id = ?");
  now.Bind(1, from_comment_id);
  std::int64_t at = 0;
  if (now.Step()) at = now.OptInt(0).value_or(0);
  now.Reset();
  for (const auto& [sha, size] : blobs) LockBlob(sha, size, FromUnix(at));
  auto& s = db_.Prepare(
      "INSERT INTO attachments (upload_token, uploader_id, ticket_id, comment_id, file_name, content_type, size, "
      "sha256, width, height, is_inline, redacted, malware_scan_result, created_at) "
      "SELECT upload_token, uploader_id, ?, ?, file_name, content_type, size, sha256, width, height, is_inline, "
      "redacted, malware_scan_result, created_at FROM attachments WHERE comment_id = ? ORDER BY id");
  s.Bind(1, to_ticket_id).Bind(2, to_comment_id).Bind(3, from_comment_id);
  s.Run();
  return db_.Changes();
}

template <typename Db>
void CommonTx<Db>::LockBlob(std::string_view sha256, std::int64_t size, Instant now) {
  // An upsert that changes nothing but locks the row (PostgreSQL: until COMMIT; SQLite: one
  // writer anyway).
  auto& s = db_.Prepare(
      "INSERT INTO attachment_blobs (sha256, size, created_at) VALUES (?,?,?) "
      "ON CONFLICT (sha256) DO UPDATE SET size = excluded.size");
  s.Bind(1, sha256).Bind(2, size).Bind(3, UnixSeconds(now));
  s.Run();
}

template <typename Db>
void CommonTx<Db>::ForgetBlob(std::string_view sha256) {
  auto& s = db_.Prepare("DELETE FROM attachment_blobs WHERE sha256 = ?");
  s.Bind(1, sha256);
  s.Run();
}

}  // namespace chamado::sql
