#pragma once
// The outbox worker (docs/email.md "Sending"): one thread per process that drains the outbox
// (app::OutboxService::DrainDue) at once when woken (Store::OnMailQueued: a commit queued
// mail; a dead letter was retried), else every mail.poll_ms, which also picks up the retries
// that came due and rows other nodes queued. The manual clock's endpoint drains on its own
// thread (main's catch-up), so tests never wait for the poll.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "app/outbox.hpp"

namespace chamado::mail {

class OutboxWorker {
 public:
  OutboxWorker(app::OutboxService& outbox, app::Clock& clock, app::Logger& log, std::chrono::milliseconds poll);
  ~OutboxWorker();  // Stop()
  OutboxWorker(const OutboxWorker&) = delete;
  OutboxWorker& operator=(const OutboxWorker&) = delete;

  void Start();
  // Wakes the thread and joins it once the drain under way (if any) has finished. Idempotent.
  void Stop();
  // Drain now. Cheap; any thread.
  void Wake();

 private:
  void Loop();

  app::OutboxService& outbox_;
  app::Clock& clock_;
  app::Logger& log_;
  std::chrono::milliseconds poll_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace chamado::mail
