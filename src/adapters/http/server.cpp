// The only translation unit of the http adapter that includes Beast's headers (they cost
// ~20 s each to compile); beast_impl.cpp compiles Beast/Asio themselves once.
#include "adapters/http/server.hpp"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "adapters/http/error_mapping.hpp"

namespace chamado::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

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

  Impl(ServerOptions o, Handler h, app::Logger& l)
      : opts(std::move(o)),
        handler(std::move(h)),
        log(l),
        ioc(opts.io_threads),
        workers(opts.worker_threads),
        acceptor(asio::make_strand(ioc)) {}

  void Accept();
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket s, Server::Impl& srv) : stream_(std::move(s)), srv_(srv) {}

  void Start() { ReadHeader(); }

 private:
  void ReadHeader() {
    parser_.emplace();
    parser_->body_limit(srv_.opts.body_limit);
    parser_->header_limit(64 * 1024);
    stream_.expires_after(std::chrono::seconds(75));  // idle keep-alive limit
    bhttp::async_read_header(stream_, buf_, *parser_,
                             [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec) return OnReadError(ec);
    // Clients that send "Expect: 100-continue" (curl, for large bodies) wait for this.
    auto& req = parser_->get();
    if (beast::iequals(req[bhttp::field::expect], "100-continue")) {
      if (req.has_content_length() && *parser_->content_length() > srv_.opts.body_limit)
        return Fail(400, "RequestTooLarge", "The request body is larger than the limit");
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
    stream_.expires_after(std::chrono::seconds(120));
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
    r->method = std::string(req.method_string());
    r->target = std::string(req.target());
    for (const auto& f : req) {
      std::string name(f.name_string());
      for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      auto [it, fresh] = r->headers.try_emplace(name, f.value());
      // Repeated X-Forwarded-For headers form one list (RFC 9110 §5.3); other repeats: the last wins.
      if (!fresh)
        it->second = name == "x-forwarded-for" ? it->second + ", " + std::string(f.value()) : std::string(f.value());
    }
    r->body = std::move(req.body());
    beast::error_code ep_ec;
    auto ep = stream_.socket().remote_endpoint(ep_ec);
    if (!ep_ec) r->remote_addr = ep.address().to_string();
    ParseTarget(*r);
    version_ = req.version();
    srv_.in_flight++;
    stream_.expires_never();
    // The handler may block on the store: run it on the worker pool, write back on io.
    // Quick reads run on the io thread: they touch only SQLite's page cache, and the hop to
    // a worker and back cost ~25% of a GET in context switches (BENCHMARKS.md). Writes wait
    // on the group commit's fsync and slow reads (search, exports) may take long: the pool.
    if (srv_.opts.runs_on_io_thread && srv_.opts.runs_on_io_thread(*r)) {
      Write(RunHandler(*r));
      return;
    }
    asio::post(srv_.workers, [self = shared_from_this(), r] {
      Response res = self->RunHandler(*r);
      asio::post(self->stream_.get_executor(), [self, res = std::move(res)]() mutable { self->Write(std::move(res)); });
    });
  }

  Response RunHandler(Request& r) {
    auto started = std::chrono::steady_clock::now();
    Response res;
    try {
      res = srv_.handler(r);
    } catch (const std::exception& e) {
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
    Response res = JsonResponse(status, boost::json::object{{"error", error}, {"description", description}});
    AddStandardHeaders(res);
    keep_alive_ = false;
    version_ = 11;
    srv_.in_flight++;
    Write(std::move(res));
  }

  void Write(Response res) {
    auto msg = std::make_shared<bhttp::response<bhttp::string_body>>(static_cast<bhttp::status>(res.status), version_);
    msg->set(bhttp::field::server, "chamado");
    if (res.status != 204) msg->set(bhttp::field::content_type, res.content_type);
    for (auto& [k, v] : res.headers) msg->set(k, v);
    msg->body() = std::move(res.body);
    msg->keep_alive(keep_alive_ && !srv_.stopping.load());
    msg->prepare_payload();
    bhttp::async_write(stream_, *msg, [self = shared_from_this(), msg](beast::error_code ec, std::size_t) {
      self->srv_.in_flight--;
      if (ec || !msg->keep_alive()) return self->Close();
      self->ReadHeader();
    });
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
};

}  // namespace

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
