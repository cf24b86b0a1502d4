#pragma once
// LISTEN on a dedicated connection, in a thread of its own: every NOTIFY on the channel
// (sent by a committed transaction on any node) reaches the callback with its payload. When
// the connection is lost the callback gets "*" (everything may be stale) and the listener
// reconnects with backoff; once listening again it sends "*" once more, since what was
// notified while no one listened is lost.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace chamado::postgres {

class Db;

inline constexpr std::string_view kCacheChannel = "chamado_cache";
// Timers armed (payload: the earliest due_at, unix seconds) and the manual clock moved
// (payload "clock"): every node's scheduler listens (adapters/scheduler, docs/workflows.md).
inline constexpr std::string_view kTimersChannel = "chamado_timers";

// Queues a notification on `db`'s current transaction (delivered at COMMIT, dropped by a
// ROLLBACK; immediately outside a transaction).
void Notify(Db& db, std::string_view payload, std::string_view channel = kCacheChannel);

class Listener {
 public:
  using Callback = std::function<void(std::string_view payload)>;

  // Starts the thread right away; the first connection is made there (see WaitListening).
  // `callback` runs on the listener's thread; exceptions it throws are swallowed.
  Listener(std::string url, Callback callback, std::string channel = std::string(kCacheChannel));
  ~Listener();  // Stop()
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  // Stops and joins the thread; returns within about the poll interval (100 ms), or the
  // connect timeout when a connection attempt is in progress.
  void Stop();
  // True once LISTEN is in force (after a reconnect: again in force).
  bool Listening() const { return listening_.load(); }
  bool WaitListening(std::chrono::milliseconds timeout);
  // Server process id of the listening connection (0 when disconnected), for tests.
  int BackendPid() const { return backend_pid_.load(); }
  // Times the connection was lost and the callback got "*".
  int Reconnects() const { return reconnects_.load(); }
  // Why the last connection attempt failed ("" once listening), for logs.
  std::string LastError() const;

 private:
  void Loop();
  // Sleeps up to `d`; false when stopping.
  bool Sleep(std::chrono::milliseconds d);
  void Deliver(std::string_view payload);

  std::string url_;
  Callback callback_;
  std::string channel_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> listening_{false};
  std::atomic<int> backend_pid_{0};
  std::atomic<int> reconnects_{0};
  mutable std::mutex mu_;
  std::string last_error_;
  std::condition_variable cv_;
  std::thread thread_;
};

}  // namespace chamado::postgres
