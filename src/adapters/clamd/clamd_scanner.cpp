#include "adapters/clamd/clamd_scanner.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace chamado::clamd {

namespace {

using SteadyClock = std::chrono::steady_clock;

std::string Errno(int e = errno) { return std::strerror(e); }

// Thrown inside a scan; becomes kFailed with its text.
struct Failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  int get() const { return fd_; }

 private:
  int fd_;
};

// A non-blocking socket whose every wait counts against one deadline.
class Conn {
 public:
  Conn(Fd fd, SteadyClock::time_point deadline) : fd_(std::move(fd)), deadline_(deadline) {}

  void WaitFor(short events, const char* what) {
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - SteadyClock::now()).count();
      if (left <= 0) throw Failure(std::string("timed out ") + what);
      pollfd p{fd_.get(), events, 0};
      const int r = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1 << 30)));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) throw Failure(std::string("poll: ") + Errno());
      if (r > 0) return;
    }
  }

  void SendAll(const char* p, std::size_t n) {
    while (n > 0) {
      const ssize_t w = ::send(fd_.get(), p, n, MSG_NOSIGNAL);
      if (w < 0) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
          WaitFor(POLLOUT, "sending to clamd");
          continue;
        }
        throw Failure(std::string("sending to clamd: ") + Errno());
      }
      p += w;
      n -= static_cast<std::size_t>(w);
    }
  }

  // Everything clamd answers up to its terminating NUL (z-commands) or end of stream.
  std::string ReadReply() {
    std::string out;
    char buf[512];
    for (;;) {
      const ssize_t r = ::recv(fd_.get(), buf, sizeof buf, 0);
      if (r < 0) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
          WaitFor(POLLIN, "waiting for clamd's verdict");
          continue;
        }
        throw Failure(std::string("reading from clamd: ") + Errno());
      }
      if (r == 0) break;
      out.append(buf, static_cast<std::size_t>(r));
      if (auto nul = out.find('\0'); nul != std::string::npos) {
        out.resize(nul);
        break;
      }
      if (out.size() > 64 * 1024) throw Failure("clamd's reply is too long");
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r' || out.back() == ' ')) out.pop_back();
    return out;
  }

  // Whether clamd already answered (it does, then closes, when it refuses a stream): a
  // readable socket while we still send.
  bool Readable() {
    pollfd p{fd_.get(), POLLIN, 0};
    return ::poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP));
  }

 private:
  Fd fd_;
  SteadyClock::time_point deadline_;
};

// A non-blocking connect bounded by the deadline.
Fd ConnectTo(const sockaddr* addr, socklen_t len, int family, SteadyClock::time_point deadline, std::string& err) {
  Fd fd(::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) {
    err = std::string("socket: ") + Errno();
    return Fd();
  }
  if (::connect(fd.get(), addr, len) == 0) return fd;
  if (errno != EINPROGRESS && errno != EAGAIN) {
    err = Errno();
    return Fd();
  }
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now()).count();
    if (left <= 0) {
      err = "timed out connecting";
      return Fd();
    }
    pollfd p{fd.get(), POLLOUT, 0};
    const int r = ::poll(&p, 1, static_cast<int>(left));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) continue;
    int so = 0;
    socklen_t sl = sizeof so;
    ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &so, &sl);
    if (so != 0) {
      err = Errno(so);
      return Fd();
    }
    return fd;
  }
}

}  // namespace

ClamdScanner::ClamdScanner(ClamdOptions options) : options_(std::move(options)) {
  const std::string& a = options_.address;
  if (options_.chunk_bytes == 0 || options_.chunk_bytes > 64 * 1024) options_.chunk_bytes = 64 * 1024;
  if (a.starts_with("unix:")) {
    unix_ = true;
    path_or_host_ = a.substr(5);
    if (path_or_host_.empty() || path_or_host_.size() >= sizeof(sockaddr_un{}.sun_path))
      throw std::invalid_argument("'" + a + "': unix:/path/to/clamd.sock with a path of at most 107 bytes");
    return;
  }
  const auto colon = a.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == a.size())
    throw std::invalid_argument("'" + a + "': expected unix:/path/to/clamd.sock or HOST:PORT");
  path_or_host_ = a.substr(0, colon);
  port_ = a.substr(colon + 1);
  if (path_or_host_.size() > 2 && path_or_host_.front() == '[' && path_or_host_.back() == ']')
    path_or_host_ = path_or_host_.substr(1, path_or_host_.size() - 2);
  for (char c : port_)
    if (c < '0' || c > '9') throw std::invalid_argument("'" + a + "': the port must be a number");
  if (port_.size() > 5 || std::stoi(port_) == 0 || std::stoi(port_) > 65535)
    throw std::invalid_argument("'" + a + "': port out of range");
}

namespace {

Conn Open(bool unix_socket, const std::string& where, const std::string& port, const std::string& address,
          SteadyClock::time_point deadline) {
  std::string err;
  if (unix_socket) {
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    std::memcpy(sa.sun_path, where.c_str(), where.size() + 1);
    Fd fd = ConnectTo(reinterpret_cast<sockaddr*>(&sa), sizeof sa, AF_UNIX, deadline, err);
    if (fd.get() < 0) throw Failure("clamd " + address + ": " + err);
    return Conn(std::move(fd), deadline);
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (int rc = ::getaddrinfo(where.c_str(), port.c_str(), &hints, &res); rc != 0)
    throw Failure("clamd " + address + ": " + ::gai_strerror(rc));
  for (addrinfo* ai = res; ai; ai = ai->ai_next) {
    Fd fd = ConnectTo(ai->ai_addr, ai->ai_addrlen, ai->ai_family, deadline, err);
    if (fd.get() >= 0) {
      ::freeaddrinfo(res);
      return Conn(std::move(fd), deadline);
    }
  }
  ::freeaddrinfo(res);
  throw Failure("clamd " + address + ": " + err);
}

}  // namespace

std::string ClamdScanner::Ping() {
  try {
    Conn c = Open(unix_, path_or_host_, port_, options_.address, SteadyClock::now() + options_.timeout);
    static constexpr char kPing[] = "zPING";
    c.SendAll(kPing, sizeof kPing);  // with its NUL
    const std::string reply = c.ReadReply();
    if (reply != "PONG") return "unexpected answer to PING: '" + reply + "'";
    return {};
  } catch (const Failure& e) {
    return e.what();
  }
}

app::ScanVerdict ClamdScanner::ScanFile(const std::string& path) {
  using Kind = app::ScanVerdict::Kind;
  Fd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0) return {Kind::kFailed, "'" + path + "': cannot open: " + Errno()};
  try {
    Conn c = Open(unix_, path_or_host_, port_, options_.address, SteadyClock::now() + options_.timeout);
    static constexpr char kInstream[] = "zINSTREAM";
    c.SendAll(kInstream, sizeof kInstream);  // with its NUL
    std::vector<char> buf(4 + options_.chunk_bytes);
    bool refused_early = false;
    for (;;) {
      ssize_t n;
      do n = ::read(file.get(), buf.data() + 4, options_.chunk_bytes);
      while (n < 0 && errno == EINTR);
      if (n < 0) return {Kind::kFailed, "'" + path + "': " + Errno()};
      // Each chunk: its length as 4 bytes in network order, then the bytes; length 0 ends.
      const auto len = static_cast<std::uint32_t>(n);
      buf[0] = static_cast<char>(len >> 24);
      buf[1] = static_cast<char>(len >> 16);
      buf[2] = static_cast<char>(len >> 8);
      buf[3] = static_cast<char>(len);
      try {
        c.SendAll(buf.data(), 4 + static_cast<std::size_t>(n));
      } catch (const Failure&) {
        // clamd stops reading and answers when the stream passes StreamMaxLength.
        if (!c.Readable()) throw;
        refused_early = true;
        break;
      }
      if (n == 0) break;
      if (c.Readable()) {  // an answer before the end: an error (size limit)
        refused_early = true;
        break;
      }
    }
    const std::string reply = c.ReadReply();
    if (reply.empty()) return {Kind::kFailed, "clamd " + options_.address + " closed the connection without a verdict"};
    static constexpr std::string_view kPrefix = "stream: ";
    if (!refused_early && reply == "stream: OK") return {Kind::kClean, ""};
    static constexpr std::string_view kFound = " FOUND";
    if (reply.starts_with(kPrefix) && reply.ends_with(kFound) && reply.size() > kPrefix.size() + kFound.size())
      return {Kind::kInfected, reply.substr(kPrefix.size(), reply.size() - kPrefix.size() - kFound.size())};
    return {Kind::kFailed, "clamd " + options_.address + ": " + reply};
  } catch (const Failure& e) {
    return {Kind::kFailed, e.what()};
  }
}

}  // namespace chamado::clamd
