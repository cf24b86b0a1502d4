#include "adapters/postgres/listener.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <cerrno>
#include <memory>

#include "adapters/postgres/db.hpp"

namespace chamado::postgres {

namespace {

constexpr std::chrono::milliseconds kPollInterval{100};
constexpr std::chrono::milliseconds kFirstBackoff{100};
constexpr std::chrono::milliseconds kMaxBackoff{5000};
constexpr std::chrono::seconds kConnectTimeout{10};

struct ConnCloser {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using Conn = std::unique_ptr<PGconn, ConnCloser>;

}  // namespace

void Notify(Db& db, std::string_view payload, std::string_view channel) {
  auto& s = db.Prepare("SELECT pg_notify(?, ?)");
  s.Bind(1, channel).Bind(2, payload);
  s.Run();
  s.Reset();
}

Listener::Listener(std::string url, Callback callback, std::string channel)
    : url_(std::move(url)), callback_(std::move(callback)), channel_(std::move(channel)) {
  thread_ = std::thread([this] { Loop(); });
}

Listener::~Listener() { Stop(); }

void Listener::Stop() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

bool Listener::WaitListening(std::chrono::milliseconds timeout) {
  std::unique_lock lk(mu_);
  cv_.wait_for(lk, timeout, [&] { return listening_.load() || stop_.load(); });
  return listening_.load();
}

std::string Listener::LastError() const {
  std::lock_guard lk(mu_);
  return last_error_;
}

bool Listener::Sleep(std::chrono::milliseconds d) {
  std::unique_lock lk(mu_);
  return !cv_.wait_for(lk, d, [&] { return stop_.load(); });
}

void Listener::Deliver(std::string_view payload) {
  try {
    callback_(payload);
  } catch (...) {
    // The listener outlives a failing callback.
  }
}

void Listener::Loop() {
  // The URL comes last so that anything it says wins. TCP keepalives notice a peer that
  // vanished without closing the connection (the socket then reads as closed).
  const char* keys[] = {"application_name",    "client_encoding",  "keepalives", "keepalives_idle",
                        "keepalives_interval", "keepalives_count", "dbname",     nullptr};
  const char* values[] = {"chamado-listener", "UTF8", "1", "30", "10", "3", url_.c_str(), nullptr};

  // Connects without blocking Stop(): PQconnectPoll on the socket, 100 ms at a time. On
  // failure, `error` says why.
  auto connect = [&](std::string& error) -> Conn {
    Conn c(PQconnectStartParams(keys, values, 1));
    auto fail = [&](const char* why) -> Conn {
      error = c && *PQerrorMessage(c.get()) ? PQerrorMessage(c.get()) : why;
      return nullptr;
    };
    if (!c || PQstatus(c.get()) == CONNECTION_BAD) return fail("connection failed");
    const auto deadline = std::chrono::steady_clock::now() + kConnectTimeout;
    PostgresPollingStatusType st = PGRES_POLLING_WRITING;
    while (!stop_) {
      if (st == PGRES_POLLING_OK) return c;
      if (st == PGRES_POLLING_FAILED) return fail("connection failed");
      if (std::chrono::steady_clock::now() > deadline) return fail("connection timed out");
      pollfd p{PQsocket(c.get()), static_cast<short>(st == PGRES_POLLING_READING ? POLLIN : POLLOUT), 0};
      const int rc = ::poll(&p, 1, static_cast<int>(kPollInterval.count()));
      if (rc < 0 && errno != EINTR) return fail("poll failed");
      if (rc > 0) st = PQconnectPoll(c.get());
    }
    return fail("stopped");
  };

  auto backoff = kFirstBackoff;
  bool lost_before = false;
  while (!stop_) {
    std::string error;
    Conn c = connect(error);
    bool ok = c != nullptr;
    if (ok) {
      PQsetNoticeProcessor(
          c.get(), [](void*, const char*) {}, nullptr);
      char* ident = PQescapeIdentifier(c.get(), channel_.data(), channel_.size());
      ok = ident != nullptr;
      if (ok) {
        PGresult* res = PQexec(c.get(), ("LISTEN " + std::string(ident)).c_str());
        ok = PQresultStatus(res) == PGRES_COMMAND_OK;
        if (!ok) error = PQerrorMessage(c.get());
        PQclear(res);
        PQfreemem(ident);
      }
    }
    if (!ok) {
      {
        std::lock_guard lk(mu_);
        last_error_ = error;
        if (!last_error_.empty() && last_error_.back() == '\n') last_error_.pop_back();
      }
      if (!Sleep(backoff)) break;
      backoff = std::min(backoff * 2, kMaxBackoff);
      continue;
    }
    backoff = kFirstBackoff;
    backend_pid_ = PQbackendPID(c.get());
    {
      std::lock_guard lk(mu_);
      listening_ = true;
      last_error_.clear();
    }
    cv_.notify_all();
    // What was sent while no one listened is lost: say so once listening again.
    if (lost_before) Deliver("*");

    bool lost = false;
    while (!stop_ && !lost) {
      pollfd p{PQsocket(c.get()), POLLIN, 0};
      if (p.fd < 0) {
        lost = true;
        break;
      }
      const int rc = ::poll(&p, 1, static_cast<int>(kPollInterval.count()));
      if (rc < 0) {
        if (errno == EINTR) continue;
        lost = true;
        break;
      }
      if (rc == 0) continue;
      if (!PQconsumeInput(c.get())) lost = true;
      while (PGnotify* n = PQnotifies(c.get())) {
        const std::string payload = n->extra ? n->extra : "";
        PQfreemem(n);
        Deliver(payload);
      }
      if (PQstatus(c.get()) != CONNECTION_OK) lost = true;
    }
    {
      std::lock_guard lk(mu_);
      listening_ = false;
    }
    backend_pid_ = 0;
    if (lost) {
      ++reconnects_;
      lost_before = true;
      Deliver("*");
      if (!Sleep(backoff)) break;
    }
  }
}

}  // namespace chamado::postgres
