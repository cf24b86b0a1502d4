#pragma once
// The HTTP/1.1 server (Boost.Beast). io threads only parse and write; handlers run on a
// bounded worker pool because they may wait on the store (fsync) or hashing.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "adapters/http/message.hpp"
#include "app/ports.hpp"

namespace chamado::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port
  int io_threads = 2;
  int worker_threads = 16;
  std::size_t body_limit = 1024 * 1024;  // bytes of a request body
  // Which requests may run on the io thread (quick reads); the rest go to the worker pool.
  // Unset: every request goes to the pool.
  std::function<bool(const Request&)> runs_on_io_thread;
  // Requests whose body is spooled to a temporary file instead of memory (uploads), decided
  // from the method, path and headers once the header is read (Api::SpoolsBody). Their body
  // is read in chunks of at most 64 KB into a new file in `spool_dir` (created if missing;
  // empty: a directory under the system temp dir), handed to the handler as
  // Request::body_file/body_size and deleted when the handler returns. body_limit does not
  // apply to them; `spool_limit` does: a larger Content-Length is refused before any of the
  // body is read, a chunked body is cut off where it passes the limit (422 TotalSizeExceeded
  // naming ?filename=, as the attachment policy words it; the connection closed, the rest
  // never read).
  std::function<bool(const Request&)> spools_body;
  std::string spool_dir;
  std::uint64_t spool_limit = 20ull * 1024 * 1024;
  // ---- e-mail: a spooled request's own limit (inbound mail); unset: spool_limit for all.
  std::function<std::uint64_t(const Request&)> spool_limit_of;
};

class Server {
 public:
  using Handler = std::function<Response(Request&)>;
  Server(ServerOptions opts, Handler handler, app::Logger& log);
  ~Server();
  // Binds and listens; returns the bound port. Throws on failure (port in use...).
  std::uint16_t Listen();
  // Serves until Shutdown() completes.
  void Run();
  // Stops accepting, lets in-flight requests finish (up to `grace_seconds`), then stops.
  void Shutdown(int grace_seconds = 10);

  struct Impl;  // public so the connection type in server.cpp can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace chamado::http
