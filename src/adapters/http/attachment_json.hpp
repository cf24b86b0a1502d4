#pragma once
// Attachments in Zendesk's JSON (zendesk-compat.md §7 "Attachment"), their download URL, and
// the filling of comments' (and audits' comment events') "attachments" arrays.
#include <boost/json.hpp>
#include <map>
#include <string>
#include <vector>

#include "adapters/http/json_mapping.hpp"
#include "domain/attachments.hpp"

namespace chamado::http {

using AttachmentsByComment = std::map<std::int64_t, std::vector<Attachment>>;

// The download, outside /api/v2: {base}/attachments/{id}/{percent-encoded file name}. It
// authenticates like the API (routes_uploads.cpp); the name is for the user's eyes only.
std::string AttachmentContentUrl(const Attachment& a, const Urls& u);
json::object AttachmentJson(const Attachment& a, const Urls& u);
json::array AttachmentsJson(const std::vector<Attachment>& as, const Urls& u);
// Sets "attachments" on each comment object of `comments` (CommentJson's) from `by_comment`.
void FillCommentAttachments(json::array& comments, const AttachmentsByComment& by_comment, const Urls& u);
// The same for the "Comment" events of `audit`, the object AuditJson made of `a`.
void FillAuditAttachments(json::object& audit, const Audit& a, const AttachmentsByComment& by_comment, const Urls& u);
// `Content-Disposition` of a download: inline for safe images, else attachment; the name as
// an ASCII fallback and as RFC 5987 UTF-8 (filename*=UTF-8''...).
std::string ContentDisposition(const Attachment& a);

}  // namespace chamado::http
