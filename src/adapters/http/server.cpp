// The only translation unit of the http adapter that includes Beast's headers (they cost
// ~20 s each to compile); beast_impl.cpp compiles Beast/Asio themselves once.
#include "adapters/http/server.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url.hpp>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <thread>

#include "adapters/http/error_mapping.hpp"
#include "domain/attachments.hpp"

namespace chamado::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

// A response's own headers. Set-Cookie may repeat (the session and the CSRF cookie, issue 8),
// so each is its own line; for any other name the last one wins.
template <typename Msg>
void PutHeaders(Msg& msg, const std::vector<std::pair<std::string, std::string>>& headers) {
  for (const auto& [k, v] : headers) {
    if (beast::iequals(k, "set-cookie"))
      msg.insert(k, v);
    else
      msg.set(k, v);
  }
}

// Percent-encodes what RFC 3986 does not allow raw in a target but clients send anyway
// (curl's "?page[size]=2", "|", a '%' not followed by two hex digits).
std::string EncodeLoose(std::string_view t) {
  static const char* hex = "0123456789ABCDEF";
  auto is_hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  std::string out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto c = static_cast<unsigned char>(t[i]);
    constexpr std::string_view kRawOk = "-._~!$&'()*+,;=:@/?";
    const bool allowed = std::isalnum(c) || kRawOk.find(static_cast<char>(c)) != std::string_view::npos;
    const bool escape = c == '%' && i + 2 < t.size() && is_hex(t[i + 1]) && is_hex(t[i + 2]);
    const bool ok = (allowed && c != '%') || escape;
    if (ok) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

// Fills path and query from the raw target: percent-decoding, '+' as space in queries,
// and the optional ".json" suffix Zendesk clients append.
void ParseTarget(Request& r) {
  auto parsed = boost::urls::parse_origin_form(r.target);
  std::string loose;
  if (!parsed) {
    loose = EncodeLoose(r.target);
    parsed = boost::urls::parse_origin_form(loose);
  }
  if (!parsed) {
    r.path = r.target.substr(0, r.target.find('?'));
    return;
  }
  r.path = std::string(parsed->path());
  if (r.path.size() > 5 && r.path.ends_with(".json")) r.path.resize(r.path.size() - 5);
  for (auto p : parsed->params(boost::urls::encoding_opts(true, false, false)))
    r.query.emplace(std::string(p.key), p.has_value ? std::string(p.value) : std::string());
}

// A spooled request body on disk: created O_EXCL with mode 0600 under a unique name, closed
// when the body is complete and deleted when the last owner (the session, then the handler's
// task) lets go, whatever happened in between (a cut connection, a throwing handler).
class SpoolFile {
 public:
  static std::shared_ptr<SpoolFile> Create(const std::string& dir, std::string& err) {
    std::string tmpl = dir + "/upload-XXXXXX";
    int fd = ::mkostemp(tmpl.data(), O_CLOEXEC);  // mkstemp: O_CREAT|O_EXCL, 0600
    if (fd < 0) {
      err = tmpl + ": " + std::strerror(errno);
      return nullptr;
    }
    auto f = std::make_shared<SpoolFile>();
    f->fd_ = fd;
    f->path_ = std::move(tmpl);
    return f;
  }
  SpoolFile() = default;
  SpoolFile(const SpoolFile&) = delete;
  ~SpoolFile() {
    CloseFd();
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  bool Write(const char* p, std::size_t n) {
    while (n > 0) {
      ssize_t w = ::write(fd_, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return false;
      p += w;
      n -= static_cast<std::size_t>(w);
    }
    return true;
  }
  bool CloseFd() {
    if (fd_ < 0) return true;
    const bool ok = ::close(fd_) == 0;
    fd_ = -1;
    return ok;
  }
  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

constexpr std::size_t kSpoolChunk = 64 * 1024;    // bytes read from the socket per file write
constexpr std::size_t kStreamChunk = 256 * 1024;  // bytes read from a BlobReader per socket write
constexpr auto kBodyIdle = std::chrono::seconds(120);

}  // namespace

struct Server::Impl {
  ServerOptions opts;
  Handler handler;
  app::Logger& log;
  asio::io_context ioc;
  // Keeps ioc.run() going while the only outstanding work is a handler on the worker pool
  // (which is not io work): without it a drain that closes the acceptor could let run()
  // return with that handler's response never written. Shutdown() releases it.
  asio::executor_work_guard<asio::io_context::executor_type> work{ioc.get_executor()};
  asio::thread_pool workers;
  tcp::acceptor acceptor;  // on its own strand: accepts and the close in Shutdown() never overlap
  std::atomic<int> in_flight{0};
  std::atomic<bool> stopping{false};
  std::vector<std::thread> threads;
  std::string spool_dir;  // resolved by Listen()

  Impl(ServerOptions o, Handler h, app::Logger& l)
      : opts(std::move(o)),
        handler(std::move(h)),
        log(l),
        ioc(opts.io_threads),
        workers(opts.worker_threads),
        acceptor(asio::make_strand(ioc)) {}

  void Accept();
  void PrepareSpoolDir();
};

namespace {

// Method, target, headers, peer, path and query: what the header alone tells.
void FillHead(Request& r, const bhttp::request_header<>& req, const tcp::socket& sock) {
  r.method = std::string(req.method_string());
  r.target = std::string(req.target());
  for (const auto& f : req) {
    std::string name(f.name_string());
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    auto [it, fresh] = r.headers.try_emplace(name, f.value());
    // Repeated X-Forwarded-For headers form one list (RFC 9110 §5.3); other repeats: the last wins.
    if (!fresh)
      it->second = name == "x-forwarded-for" ? it->second + ", " + std::string(f.value()) : std::string(f.value());
  }
  beast::error_code ep_ec;
  auto ep = sock.remote_endpoint(ep_ec);
  if (!ep_ec) r.remote_addr = ep.address().to_string();
  ParseTarget(r);
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket s, Server::Impl& srv) : stream_(std::move(s)), srv_(srv) {}

  void Start() { ReadHeader(); }

 private:
  void ReadHeader() {
    parser_.emplace();
    // No limit while reading the header: whether body_limit or spool_limit applies is known
    // only once the header is read (OnHeader checks Content-Length against the right one).
    parser_->body_limit(boost::none);
    parser_->header_limit(64 * 1024);
    stream_.expires_after(std::chrono::seconds(75));  // idle keep-alive limit
    bhttp::async_read_header(stream_, buf_, *parser_,
                             [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec) return OnReadError(ec);
    auto& req = parser_->get();
    if (srv_.opts.spools_body && req.method() != bhttp::verb::get && req.method() != bhttp::verb::head) {
      auto head = std::make_shared<Request>();
      FillHead(*head, req, stream_.socket());
      if (srv_.opts.spools_body(*head)) return StartSpool(std::move(head));
    }
    if (auto cl = parser_->content_length(); cl && *cl > srv_.opts.body_limit)
      return OnReadError(bhttp::error::body_limit);
    parser_->body_limit(srv_.opts.body_limit);  // chunked bodies: counted as the chunks arrive
    // Clients that send "Expect: 100-continue" (curl, for large bodies) wait for this.
    if (beast::iequals(req[bhttp::field::expect], "100-continue")) {
      auto cont = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, req.version());
      bhttp::async_write(stream_, *cont, [self = shared_from_this(), cont](beast::error_code ec2, std::size_t) {
        if (ec2) return self->Close();
        self->ReadBody();
      });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    stream_.expires_after(kBodyIdle);
    bhttp::async_read(stream_, buf_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnBody(ec); });
  }

  void OnReadError(beast::error_code ec) {
    if (ec == bhttp::error::body_limit)
      return Fail(400, "RequestTooLarge",
                  "The request body is larger than the limit of " + std::to_string(srv_.opts.body_limit) + " bytes");
    if (ec == bhttp::error::header_limit) return Fail(400, "HeadersTooLarge", "The request headers are too large");
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::eof ||
        ec == asio::error::connection_reset || ec == asio::error::operation_aborted)
      return Close();
    return Fail(400, "BadRequest", "Malformed HTTP request: " + ec.message());
  }

  void OnBody(beast::error_code ec) {
    if (ec) return OnReadError(ec);
    auto req = parser_->release();
    keep_alive_ = req.keep_alive() && !srv_.stopping.load();
    auto r = std::make_shared<Request>();
    FillHead(*r, req, stream_.socket());
    r->body = std::move(req.body());
    version_ = req.version();
    Dispatch(std::move(r), nullptr);
  }

  // ---- spooled request bodies (ServerOptions::spools_body)

  void StartSpool(std::shared_ptr<Request> head) {
    // ---- e-mail: a route may have its own limit (inbound mail: attachments + 5 MB)
    spool_limit_ = srv_.opts.spool_limit_of ? srv_.opts.spool_limit_of(*head) : srv_.opts.spool_limit;
    if (auto cl = parser_->content_length(); cl && *cl > spool_limit_) return RefuseTooLarge(*head);
    std::string err;
    spool_file_ = SpoolFile::Create(srv_.spool_dir, err);
    if (!spool_file_) {
      srv_.log.Error("spool_failed", err);
      return Fail(500, "InternalError", "Internal server error");
    }
    const bool expect = beast::iequals(parser_->get()[bhttp::field::expect], "100-continue");
    const unsigned version = parser_->get().version();
    // The header parser becomes a parser that hands the body over in caller-sized pieces
    // (allowed before any body octet was parsed). Bytes already read past the header stay in buf_.
    spool_.emplace(std::move(*parser_));
    parser_.reset();
    spool_->body_limit(spool_limit_);  // chunked: refused at the chunk that passes it
    spool_head_ = std::move(head);
    spool_size_ = 0;
    chunk_.resize(kSpoolChunk);
    // Beast reads at most the buffer's free capacity per call (512 bytes after a small
    // header): room for a whole piece makes it one recv per 64 KB instead of 128.
    buf_.reserve(kSpoolChunk);
    if (expect) {
      auto cont = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, version);
      bhttp::async_write(stream_, *cont, [self = shared_from_this(), cont](beast::error_code ec, std::size_t) {
        if (ec) {
          self->DropSpool();
          return self->Close();
        }
        self->ReadSpoolChunk();
      });
      return;
    }
    ReadSpoolChunk();
  }

  void ReadSpoolChunk() {
    if (spool_->is_done()) return FinishSpool();
    auto& b = spool_->get().body();
    b.data = chunk_.data();
    b.size = chunk_.size();
    stream_.expires_after(kBodyIdle);  // per chunk: a slow but moving upload is not cut
    bhttp::async_read_some(stream_, buf_, *spool_,
                           [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnSpoolChunk(ec); });
  }

  void OnSpoolChunk(beast::error_code ec) {
    if (ec == bhttp::error::need_buffer) ec = {};  // our 64 KB are full: not an error
    if (ec == bhttp::error::body_limit) return RefuseTooLarge(*spool_head_);
    if (ec) {
      DropSpool();
      return OnReadError(ec);
    }
    const std::size_t got = chunk_.size() - spool_->get().body().size;
    spool_size_ += got;
    if (spool_size_ > spool_limit_) return RefuseTooLarge(*spool_head_);
    // A 64 KB write into the page cache takes microseconds: done here, on the io thread,
    // rather than paying two thread hops per chunk.
    if (got > 0 && !spool_file_->Write(chunk_.data(), got)) {
      srv_.log.Error("spool_failed", spool_file_->path() + ": " + std::strerror(errno));
      DropSpool();
      return Fail(500, "InternalError", "Internal server error");
    }
    ReadSpoolChunk();
  }

  void FinishSpool() {
    auto& msg = spool_->get();
    keep_alive_ = msg.keep_alive() && !srv_.stopping.load();
    version_ = msg.version();
    auto r = std::move(spool_head_);
    auto file = std::move(spool_file_);
    if (!file->CloseFd()) {
      srv_.log.Error("spool_failed", file->path() + ": " + std::strerror(errno));
      DropSpool();
      return Fail(500, "InternalError", "Internal server error");
    }
    r->body_file = file->path();
    r->body_size = spool_size_;
    DropSpool();
    Dispatch(std::move(r), std::move(file));
  }

  // Forgets the spooled body (its file is deleted with the last reference).
  void DropSpool() {
    spool_.reset();
    spool_head_.reset();
    spool_file_.reset();
    std::vector<char>().swap(chunk_);
    buf_.shrink_to_fit();  // an idle keep-alive connection keeps no 64 KB
  }

  // The 422 the attachment policy gives a file over the per-message total (the same rule and
  // words as AttachmentPolicy::CheckFile, so a client sees one refusal whether the server or
  // the policy caught it); the connection is closed afterwards, so the rest of the body is
  // never read.
  void RefuseTooLarge(const Request& head) {
    const std::uint64_t limit = spool_limit_;
    constexpr std::uint64_t kMb = 1024 * 1024;
    const std::string size = limit % kMb == 0 ? std::to_string(limit / kMb) + " MB" : std::to_string(limit) + " bytes";
    const std::string* name = head.Query("filename");
    const std::string shown = AttachmentPolicy::SanitizeFileName(name ? *name : std::string());
    Response res = ErrorResponse(
        AttachmentRefusal(attachment_rule::kTotalSizeExceeded,
                          "File '" + shown + "' is larger than " + size + ", the most a message may carry"));
    LogLine(head, res.status, 0);
    DropSpool();
    parser_.reset();
    FailWith(std::move(res));
  }

  // ---- handing the request to the handler

  void Dispatch(std::shared_ptr<Request> r, std::shared_ptr<SpoolFile> file) {
    head_request_ = r->method == "HEAD";
    srv_.in_flight++;
    stream_.expires_never();
    // The handler may block on the store: run it on the worker pool, write back on io.
    // Quick reads run on the io thread: they touch only SQLite's page cache, and the hop to
    // a worker and back cost ~25% of a GET in context switches (BENCHMARKS.md). Writes wait
    // on the group commit's fsync and slow reads (search, exports) may take long: the pool.
    if (!file && srv_.opts.runs_on_io_thread && srv_.opts.runs_on_io_thread(*r)) {
      Write(RunHandler(*r));
      return;
    }
    asio::post(srv_.workers, [self = shared_from_this(), r, file = std::move(file)]() mutable {
      Response res = self->RunHandler(*r);
      file.reset();  // the handler is done with the spooled body: delete it now
      asio::post(self->stream_.get_executor(), [self, res = std::move(res)]() mutable { self->Write(std::move(res)); });
    });
  }

  Response RunHandler(Request& r) {
    auto started = std::chrono::steady_clock::now();
    Response res;
    try {
      res = srv_.handler(r);
    } catch (const std::exception& e) {
      res = Response{};
      res.status = 500;
      res.body = R"({"error":"InternalError","description":"Internal server error"})";
      srv_.log.Error("handler_exception", e.what());
    }
    auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    LogLine(r, res.status, ms);
    return res;
  }

  void LogLine(const Request& r, int status, double ms) {
    char dur[32];
    std::snprintf(dur, sizeof dur, "%.3f", ms);
    std::string path;
    for (char c : r.path)  // the path is logged without the query (tokens never appear there)
      if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20) path.push_back(c);
    // "remote" is the believed client (X-Forwarded-For only from a trusted proxy, set by the
    // handler); "peer" is added when the TCP peer is someone else (the proxy).
    const std::string& remote = r.client_addr.empty() ? r.remote_addr : r.client_addr;
    std::string peer;
    if (remote != r.remote_addr) peer = R"(","peer":")" + r.remote_addr;
    srv_.log.Info("request", std::string(R"({"method":")") + r.method + R"(","path":")" + path + R"(","status":)" +
                                 std::to_string(status) + R"(,"duration_ms":)" + dur + R"(,"remote":")" + remote +
                                 peer + R"("})");
  }

  // Answers what never reached the router (too large, malformed HTTP) with the same JSON
  // envelope and standard headers as every other response.
  void Fail(int status, const std::string& error, const std::string& description) {
    FailWith(JsonResponse(status, boost::json::object{{"error", error}, {"description", description}}));
  }

  void FailWith(Response res) {
    AddStandardHeaders(res);
    keep_alive_ = false;
    version_ = 11;
    head_request_ = false;
    srv_.in_flight++;
    Write(std::move(res));
  }

  void Write(Response res) {
    if (res.stream) return WriteStream(std::move(res));
    auto msg = std::make_shared<bhttp::response<bhttp::string_body>>(static_cast<bhttp::status>(res.status), version_);
    msg->set(bhttp::field::server, "chamado");
    if (res.status != 204) msg->set(bhttp::field::content_type, res.content_type);
    PutHeaders(*msg, res.headers);
    msg->body() = std::move(res.body);
    msg->keep_alive(keep_alive_ && !srv_.stopping.load());
    msg->prepare_payload();
    bhttp::async_write(stream_, *msg, [self = shared_from_this(), msg](beast::error_code ec, std::size_t) {
      self->srv_.in_flight--;
      if (ec || !msg->keep_alive()) return self->Close();
      self->ReadHeader();
    });
  }

  // ---- streamed responses (Response::stream)

  // The header with Content-Length = Size(), then the bytes in chunks: each read on the
  // worker pool (a PostgreSQL blob read is a round trip), each write here on the io thread.
  // Memory: one chunk per download. A failed or short read closes the connection, so the
  // client sees fewer bytes than announced rather than a truncated file taken as whole.
  void WriteStream(Response res) {
    out_ = std::move(res.stream);
    out_left_ = out_->Size();
    auto msg = std::make_shared<bhttp::response<bhttp::empty_body>>(static_cast<bhttp::status>(res.status), version_);
    msg->set(bhttp::field::server, "chamado");
    msg->set(bhttp::field::content_type, res.content_type);
    PutHeaders(*msg, res.headers);
    msg->content_length(out_left_);
    msg->keep_alive(keep_alive_ && !srv_.stopping.load());
    out_keep_alive_ = msg->keep_alive();
    if (head_request_) out_left_ = 0;  // HEAD: the header only
    stream_.expires_after(kBodyIdle);
    bhttp::async_write(stream_, *msg, [self = shared_from_this(), msg](beast::error_code ec, std::size_t) {
      if (ec) return self->EndStream(false);
      if (self->out_left_ == 0) return self->EndStream(true);
      self->out_buf_.resize(static_cast<std::size_t>(std::min<std::uint64_t>(kStreamChunk, self->out_left_)));
      self->ReadStreamChunk();
    });
  }

  void ReadStreamChunk() {
    asio::post(srv_.workers, [self = shared_from_this()] {
      const std::size_t want =
          static_cast<std::size_t>(std::min<std::uint64_t>(self->out_buf_.size(), self->out_left_));
      std::size_t got = 0;
      std::string err;
      try {
        auto n = self->out_->Read(self->out_buf_.data(), want);
        if (n)
          got = std::min(*n, want);
        else
          err = n.error().description;
      } catch (const std::exception& e) {
        err = e.what();
      }
      if (got == 0 && err.empty()) err = "the blob ended before its size";
      asio::post(self->stream_.get_executor(), [self, got, err = std::move(err)] { self->OnStreamChunk(got, err); });
    });
  }

  void OnStreamChunk(std::size_t got, const std::string& err) {
    if (got == 0) {
      srv_.log.Error("download_failed", err);
      return EndStream(false);
    }
    out_left_ -= got;
    stream_.expires_after(kBodyIdle);  // a client that stops reading is dropped
    asio::async_write(stream_, asio::buffer(out_buf_.data(), got),
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) return self->EndStream(false);
                        if (self->out_left_ == 0) return self->EndStream(true);
                        self->ReadStreamChunk();
                      });
  }

  void EndStream(bool complete) {
    // The reader may hold a store connection whose release is a round trip: not on io.
    asio::post(srv_.workers, [reader = std::move(out_)] {});
    std::vector<char>().swap(out_buf_);
    srv_.in_flight--;
    if (!complete || !out_keep_alive_) return Close();
    ReadHeader();
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  Server::Impl& srv_;
  beast::flat_buffer buf_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bool keep_alive_ = true;
  unsigned version_ = 11;
  bool head_request_ = false;
  // A spooled body being read.
  std::optional<bhttp::request_parser<bhttp::buffer_body>> spool_;
  std::shared_ptr<Request> spool_head_;
  std::shared_ptr<SpoolFile> spool_file_;
  std::uint64_t spool_size_ = 0;
  std::uint64_t spool_limit_ = 0;  // this request's (ServerOptions::spool_limit_of)
  std::vector<char> chunk_;
  // A streamed response being written.
  std::shared_ptr<app::BlobReader> out_;
  std::uint64_t out_left_ = 0;
  bool out_keep_alive_ = false;
  std::vector<char> out_buf_;
};

}  // namespace

// Creates the spool directory and removes what a killed process left there (files nobody
// has written to for an hour: a live upload writes every few seconds at worst).
void Server::Impl::PrepareSpoolDir() {
  namespace fs = std::filesystem;
  spool_dir = opts.spool_dir.empty() ? (fs::temp_directory_path() / "chamado-uploads").string() : opts.spool_dir;
  std::error_code ec;
  if (!fs::exists(spool_dir, ec)) {
    fs::create_directories(spool_dir, ec);
    if (ec) throw std::runtime_error("cannot create the upload spool directory " + spool_dir + ": " + ec.message());
    fs::permissions(spool_dir, fs::perms::owner_all, ec);
  }
  const auto stale = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (auto it = fs::directory_iterator(spool_dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::error_code e2;
    if (it->path().filename().string().starts_with("upload-") && it->is_regular_file(e2) &&
        it->last_write_time(e2) < stale)
      fs::remove(it->path(), e2);
  }
}

void Server::Impl::Accept() {
  acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket s) {
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
    } else {
      s.set_option(tcp::no_delay(true));
      std::make_shared<Session>(std::move(s), *this)->Start();
    }
    Accept();
  });
}

Server::Server(ServerOptions opts, Handler handler, app::Logger& log)
    : impl_(std::make_unique<Impl>(std::move(opts), std::move(handler), log)) {}

Server::~Server() {
  impl_->ioc.stop();
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
  impl_->workers.join();
}

std::uint16_t Server::Listen() {
  auto& a = impl_->acceptor;
  tcp::endpoint ep(asio::ip::make_address(impl_->opts.host), impl_->opts.port);
  a.open(ep.protocol());
  a.set_option(asio::socket_base::reuse_address(true));
  a.bind(ep);
  a.listen(asio::socket_base::max_listen_connections);
  if (impl_->opts.spools_body) impl_->PrepareSpoolDir();
  return a.local_endpoint().port();
}

void Server::Run() {
  impl_->Accept();
  for (int i = 1; i < impl_->opts.io_threads; ++i) impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
  impl_->threads.clear();
}

void Server::Shutdown(int grace_seconds) {
  impl_->stopping = true;
  asio::post(impl_->acceptor.get_executor(), [this] {
    beast::error_code ec;
    impl_->acceptor.close(ec);
  });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(grace_seconds);
  while (impl_->in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  impl_->work.reset();
  impl_->ioc.stop();
}

}  // namespace chamado::http
