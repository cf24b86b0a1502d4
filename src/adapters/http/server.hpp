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
