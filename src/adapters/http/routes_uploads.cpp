// Uploads and attachments (zendesk-compat.md §8 "Uploads"; docs/attachments.md): POST /uploads
// with the raw file, DELETE /uploads/{token}, GET /attachments/{id}, the content_url download
// (outside /api/v2), and an attachment's redaction.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "adapters/http/api.hpp"
#include "adapters/http/attachment_json.hpp"
#include "adapters/http/error_mapping.hpp"

namespace chamado::http {
namespace {

// The upload's bytes as a file: the server's spool (Request::body_file, Api::SpoolsBody), or
// for a body the server buffered (an Api driven without the spooling server) a temporary copy,
// deleted with this object.
class BodyFile {
 public:
  explicit BodyFile(const Request& r) {
    if (!r.body_file.empty()) {
      path_ = r.body_file;
      size_ = static_cast<std::int64_t>(r.body_size);
      return;
    }
    std::string tmpl = (std::filesystem::temp_directory_path() / "chamado-upload-XXXXXX").string();
    const int fd = mkstemp(tmpl.data());
    if (fd < 0) {
      error_ = std::strerror(errno);
      return;
    }
    path_ = tmpl;
    owned_ = true;
    std::size_t done = 0;
    while (done < r.body.size()) {
      const ssize_t n = ::write(fd, r.body.data() + done, r.body.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        error_ = std::strerror(errno);
        break;
      }
      done += static_cast<std::size_t>(n);
    }
    ::close(fd);
    size_ = static_cast<std::int64_t>(r.body.size());
  }
  ~BodyFile() {
    if (owned_) ::unlink(path_.c_str());
  }
  BodyFile(const BodyFile&) = delete;
  BodyFile& operator=(const BodyFile&) = delete;

  const std::string& path() const { return path_; }
  std::int64_t size() const { return size_; }
  const std::string& error() const { return error_; }

 private:
  std::string path_;
  std::int64_t size_ = 0;
  bool owned_ = false;
  std::string error_;
};

Response NotConfigured() { return ErrorResponse(Error::Unavailable("Attachments are not available on this server")); }

}  // namespace

void AddUploadRoutes(Router& r, ApiDeps& d) {
  // The raw body is the file, whatever the Content-Type (node-zendesk sends application/json
  // or application/binary); unknown parameters (binary=undefined) are ignored.
  r.Add("POST", "/api/v2/uploads", AuthMode::kRequired, [&d](Ctx& c) {
    if (!d.attachments) return NotConfigured();
    const std::string* name = c.req.Query("filename");
    if (!name || name->empty())
      return ErrorResponse(
          Error::Invalid("filename", "BlankValue",
                         "Filename: is required, as a query parameter: POST /api/v2/uploads?filename=x.pdf"));
    std::optional<std::string> token;
    if (const std::string* t = c.req.Query("token"); t && !t->empty()) token = *t;
    BodyFile body(c.req);
    if (!body.error().empty()) return ErrorResponse(Error::Internal("spooling the upload: " + body.error()));
    auto res = d.attachments->Upload(c.caller, *name, token, body.path(), body.size());
    if (!res) return ErrorResponse(res.error());
    json::object upload{{"token", res->upload.token},
                        {"expires_at", Time(res->upload.expires_at)},
                        {"attachments", AttachmentsJson(res->attachments, c.urls)},
                        {"attachment", AttachmentJson(res->attachment, c.urls)}};
    return JsonResponse(201, json::object{{"upload", std::move(upload)}});
  });

  r.Add("DELETE", "/api/v2/uploads/:token", AuthMode::kRequired, [&d](Ctx& c) {
    if (!d.attachments) return NotConfigured();
    auto res = d.attachments->DeleteUpload(c.caller, c.words[0]);
    if (!res) return ErrorResponse(res.error());
    Response resp;
    resp.status = 204;
    return resp;
  });

  r.Add("GET", "/api/v2/attachments/:id", AuthMode::kRequired, [&d](Ctx& c) {
    if (!d.attachments) return NotConfigured();
    auto a = d.attachments->Show(c.caller, c.ids[0]);
    if (!a) return ErrorResponse(a.error());
    return JsonResponse(200, json::object{{"attachment", AttachmentJson(*a, c.urls)}});
  });

  // content_url. Authenticated like the API; whoever may not see the attachment gets the
  // same 404 as for one that does not exist. The bytes are streamed from the blob store and
  // can never run as a page of this site: a download unless a plain image, no sniffing, a
  // sandboxing CSP.
  auto download = [&d](Ctx& c) {
    if (!d.attachments) return NotConfigured();
    auto dl = d.attachments->OpenDownload(c.caller, c.ids[0]);
    if (!dl) return ErrorResponse(dl.error());
    Response resp;
    resp.status = 200;
    resp.content_type = dl->attachment.content_type;
    resp.stream = std::shared_ptr<app::BlobReader>(std::move(dl->reader));
    resp.headers.emplace_back("Content-Disposition", ContentDisposition(dl->attachment));
    resp.headers.emplace_back("X-Content-Type-Options", "nosniff");
    resp.headers.emplace_back("Content-Security-Policy", "default-src 'none'; sandbox");
    resp.headers.emplace_back("Cross-Origin-Resource-Policy", "same-origin");
    return resp;
  };
  r.Add("GET", "/attachments/:id/:name", AuthMode::kRequired, download);
  r.Add("GET", "/attachments/:id", AuthMode::kRequired, download);

  // Zendesk's attachment redaction (agents): the bytes are gone for good.
  r.Add("PUT", "/api/v2/tickets/:id/comments/:id/attachments/:id/redact", AuthMode::kRequired, [&d](Ctx& c) {
    if (!d.attachments) return NotConfigured();
    auto a = d.attachments->Redact(c.caller, c.ids[0], c.ids[1], c.ids[2]);
    if (!a) return ErrorResponse(a.error());
    return JsonResponse(200, json::object{{"attachment", AttachmentJson(*a, c.urls)}});
  });
}

}  // namespace chamado::http
