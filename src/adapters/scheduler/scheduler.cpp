#include "adapters/scheduler/scheduler.hpp"

#include <unistd.h>

#include <algorithm>
#include <exception>
#include <vector>

namespace chamado::scheduler {

namespace {

using std::chrono::milliseconds;

// The real time until `later` of the clock's time (whole seconds), never negative.
milliseconds Until(Instant now, Instant later) {
  return later <= now ? milliseconds(0) : std::chrono::duration_cast<milliseconds>(later - now);
}

}  // namespace

std::string NodeName() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') return "unknown:" + std::to_string(getpid());
  return std::string(host) + ":" + std::to_string(getpid());
}

Scheduler::Scheduler(app::TimerService& timers, app::Clock& clock, app::Logger& log, SchedulerOptions options)
    : timers_(timers), clock_(clock), log_(log), options_(options) {
  if (options_.max_sleep < milliseconds(1)) options_.max_sleep = milliseconds(1);
  if (options_.retry < milliseconds(1)) options_.retry = milliseconds(1);
  options_.retry = std::min(options_.retry, options_.max_sleep);
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

void Scheduler::Wake(std::optional<Instant> due) {
  {
    std::lock_guard lk(mu_);
    // Sleeping until a time no later than `due`: it will see this timer when it wakes.
    if (due && sleeping_until_ && *due >= *sleeping_until_) return;
    woken_ = true;
  }
  cv_.notify_all();
}

int Scheduler::polls() const {
  std::lock_guard lk(mu_);
  return polls_;
}

void Scheduler::Loop() {
  for (;;) {
    {
      std::lock_guard lk(mu_);
      if (stop_) return;
      woken_ = false;  // a wake from now on (during the poll) makes the next sleep return at once
      ++polls_;
    }
    milliseconds sleep = options_.retry;
    std::optional<Instant> until;
    {
      std::lock_guard poll(poll_mu_);
      try {
        const Instant now = clock_.Now();
        RunJobs(now);
        auto fired = FireAll(now);
        if (!fired) Failed(fired.error().description);
        sleep = SleepAfter(now, !fired);
        until = now + std::chrono::floor<std::chrono::seconds>(sleep);
      } catch (const std::exception& e) {
        Failed(e.what());  // e.g. the PostgreSQL manual clock cannot be read
      }
    }
    std::unique_lock lk(mu_);
    sleeping_until_ = until;
    cv_.wait_for(lk, sleep, [&] { return stop_ || woken_; });
    sleeping_until_.reset();
  }
}

milliseconds Scheduler::SleepAfter(Instant now, bool failed) {
  if (failed) return options_.retry;
  milliseconds sleep = options_.max_sleep;
  for (const auto& j : jobs_)
    if (j.last) sleep = std::min(sleep, Until(now, *j.last + j.every));
  auto next = timers_.NextDue();
  if (!next) {
    Failed(next.error().description);
    return options_.retry;
  }
  Recovered();
  if (*next) {
    // Still due after firing all it could: another node holds it (its claim is under way).
    if (**next <= now) return std::min(sleep, options_.retry);
    sleep = std::min(sleep, Until(now, **next));
  }
  return sleep;
}

int Scheduler::PollOnce() {
  std::lock_guard poll(poll_mu_);
  try {
    const Instant now = clock_.Now();
    RunJobs(now);
    auto fired = FireAll(now);
    if (!fired) {
      Failed(fired.error().description);
      return 0;
    }
    Recovered();
    return *fired;
  } catch (const std::exception& e) {
    Failed(e.what());
    return 0;
  }
}

Result<int> Scheduler::CatchUp(milliseconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  int total = 0;
  for (;;) {
    Instant now;
    {
      std::lock_guard poll(poll_mu_);
      try {
        now = clock_.Now();
        RunJobs(now);
        auto fired = FireAll(now);
        if (!fired) {
          Failed(fired.error().description);
          return Fail(fired.error());
        }
        Recovered();
        total += *fired;
      } catch (const std::exception& e) {
        Failed(e.what());
        return Fail(Error::Unavailable(e.what()));
      }
    }
    auto left = timers_.PendingDue(now);
    if (!left) return Fail(left.error());
    if (*left == 0) return total;
    if (std::chrono::steady_clock::now() >= deadline)
      return Fail(Error::Unavailable(std::to_string(*left) + " timers due by " + FormatIso(now) +
                                     " are still pending after " + std::to_string(wait.count()) + " ms"));
    std::this_thread::sleep_for(milliseconds(20));  // another node's claim holds them
  }
}

Result<int> Scheduler::FireAll(Instant now) {
  int applied = 0;
  for (;;) {
    std::vector<app::FiredTimer> report;
    auto r = timers_.FireDue(now, options_.batch, &report);
    if (!r) return Fail(r.error());
    applied += *r;
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
    if (static_cast<int>(report.size()) < options_.batch || Stopping()) return applied;
  }
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
    log_.Error("timers_failed", what + " (retrying every " + std::to_string(options_.retry.count()) + " ms)");
    last_error_ = what;
    last_error_at_ = now;
  }
  failing_ = true;
}

void Scheduler::Recovered() {
  if (!failing_) return;
  failing_ = false;
  last_error_.clear();
  log_.Info("timers_recovered", "the scheduler fires timers again");
}

}  // namespace chamado::scheduler
