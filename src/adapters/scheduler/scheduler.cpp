#include "adapters/scheduler/scheduler.hpp"

#include <unistd.h>

#include <exception>
#include <vector>

namespace chamado::scheduler {

std::string NodeName() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') return "unknown:" + std::to_string(getpid());
  return std::string(host) + ":" + std::to_string(getpid());
}

Scheduler::Scheduler(app::TimerService& timers, app::Clock& clock, app::Logger& log, SchedulerOptions options)
    : timers_(timers), clock_(clock), log_(log), options_(options) {
  if (options_.poll < std::chrono::milliseconds(1)) options_.poll = std::chrono::milliseconds(1);
  if (options_.batch < 1) options_.batch = 1;
}

Scheduler::~Scheduler() { Stop(); }

void Scheduler::Start() {
  std::lock_guard lk(mu_);
  if (thread_.joinable() || stop_) return;
  thread_ = std::thread([this] { Loop(); });
}

void Scheduler::Stop() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool Scheduler::Stopping() {
  std::lock_guard lk(mu_);
  return stop_;
}

void Scheduler::Loop() {
  std::unique_lock lk(mu_);
  while (!stop_) {
    lk.unlock();
    PollOnce();
    lk.lock();
    cv_.wait_for(lk, options_.poll, [&] { return stop_; });
  }
}

int Scheduler::PollOnce() {
  int moved = 0;
  try {
    const Instant now = clock_.Now();
    RunJobs(now);
    for (;;) {
      std::vector<app::FiredTimer> report;
      auto r = timers_.FireDue(now, options_.batch, &report);
      if (!r) {
        Failed(r.error().description);
        return moved;
      }
      moved += *r;
      for (const auto& f : report) {
        const Timer& t = f.timer;
        const std::string what = "timer " + std::to_string(t.id) + " (" + t.kind + ", due " + FormatIso(t.due_at) +
                                 ") of ticket " + std::to_string(t.ticket_id) + ": " + f.detail;
        if (t.outcome && *t.outcome == kTimerApplied)
          log_.Info("timer_fired", what);
        else
          log_.Warn("timer_void", what);
      }
      // A full batch may leave more due timers: take the next one now, unless stopping.
      if (static_cast<int>(report.size()) < options_.batch || Stopping()) break;
    }
  } catch (const std::exception& e) {
    Failed(e.what());  // e.g. the PostgreSQL manual clock cannot be read
    return moved;
  }
  if (failing_) {
    failing_ = false;
    last_error_.clear();
    log_.Info("timers_recovered", "the scheduler fires timers again");
  }
  return moved;
}

void Scheduler::AddJob(std::string name, std::chrono::seconds every, std::function<Result<int>(Instant now)> job) {
  jobs_.push_back(Job{std::move(name), every, std::move(job), std::nullopt});
}

void Scheduler::RunJobs(Instant now) {
  for (auto& j : jobs_) {
    // Not yet due; a clock set back (the manual clock of tests) runs it at once.
    if (j.last && now >= *j.last && now < *j.last + j.every) continue;
    j.last = now;
    try {
      auto r = j.run(now);
      if (!r)
        log_.Error(j.name + "_failed", r.error().description);
      else if (*r > 0)
        log_.Info(j.name, std::to_string(*r));
    } catch (const std::exception& e) {
      log_.Error(j.name + "_failed", e.what());
    }
  }
}

void Scheduler::Failed(const std::string& what) {
  const auto now = std::chrono::steady_clock::now();
  if (!failing_ || what != last_error_ || now - last_error_at_ >= std::chrono::minutes(1)) {
    log_.Error("timers_failed", what + " (retrying every " + std::to_string(options_.poll.count()) + " ms)");
    last_error_ = what;
    last_error_at_ = now;
  }
  failing_ = true;
}

}  // namespace chamado::scheduler
