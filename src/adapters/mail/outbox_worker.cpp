// The outbox worker: see outbox_worker.hpp.
#include "adapters/mail/outbox_worker.hpp"

namespace chamado::mail {

OutboxWorker::OutboxWorker(app::OutboxService& outbox, app::Clock& clock, app::Logger& log,
                           std::chrono::milliseconds poll)
    : outbox_(outbox), clock_(clock), log_(log), poll_(std::max(poll, std::chrono::milliseconds(10))) {}

OutboxWorker::~OutboxWorker() { Stop(); }

void OutboxWorker::Start() {
  std::lock_guard lk(mu_);
  if (thread_.joinable() || stop_) return;
  thread_ = std::thread([this] { Loop(); });
}

void OutboxWorker::Stop() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void OutboxWorker::Wake() {
  {
    std::lock_guard lk(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void OutboxWorker::Loop() {
  std::string last_error;  // a store outage is logged once, not at every poll
  for (;;) {
    {
      std::lock_guard lk(mu_);
      if (stop_) return;
      woken_ = false;
    }
    auto r = outbox_.DrainDue(clock_.Now());
    if (!r && r.error().description != last_error) {
      last_error = r.error().description;
      log_.Error("mail_outbox_failed", last_error);
    } else if (r && !last_error.empty()) {
      last_error.clear();
      log_.Info("mail_outbox_recovered", "the outbox drains again");
    }
    std::unique_lock lk(mu_);
    cv_.wait_for(lk, poll_, [&] { return stop_ || woken_; });
    if (stop_) return;
  }
}

}  // namespace chamado::mail
