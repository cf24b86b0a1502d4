#pragma once
// The timer scheduler (docs/workflows.md, "Timers"): one thread per process that fires the
// due timers (app::TimerService), batch after batch, then sleeps until the next one is due,
// as the store says (TimerService::NextDue): no periodic sweep. It wakes early when a timer
// due sooner is armed: by this process (Store::OnTimerScheduled calls Wake) or, on
// PostgreSQL, by another node (the NOTIFY on chamado_timers that main's listener turns into
// Wake). It never sleeps longer than max_sleep (scheduler.max_sleep_ms), the safety net for
// a wake-up lost with a dropped connection, and for the periodic jobs.
//
// Every node of a PostgreSQL database runs one; the store's claim makes each timer fire once
// whichever node gets it. Each firing and each failure is logged.
//
// The manual clock (`serve --clock=manual`) moves in steps the sleep cannot foresee: its
// endpoint calls CatchUp, which fires what the new time made due before it answers.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/ports.hpp"
#include "app/timers.hpp"

namespace chamado::scheduler {

struct SchedulerOptions {
  std::chrono::milliseconds max_sleep{60000};  // scheduler.max_sleep_ms
  // After a failure (the store unreachable), or while due timers remain that this node could
  // not claim (another node holds them): look again this soon, not at once.
  std::chrono::milliseconds retry{1000};
  int batch = 100;  // timers per store transaction
};

// This process's name for fired_by: "host:pid".
std::string NodeName();

class Scheduler {
 public:
  Scheduler(app::TimerService& timers, app::Clock& clock, app::Logger& log, SchedulerOptions options = {});
  ~Scheduler();  // Stop()
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Starts the thread; its first poll is immediate (timers that came due while no node ran
  // fire at once, oldest due first).
  void Start();
  // Wakes the thread and joins it: returns as soon as a poll under way has finished.
  // Idempotent.
  void Stop();

  // A timer due at `due` (the clock's time) was armed: the thread looks again now if it was
  // going to sleep past it. nullopt: look again anyway (the manual clock moved; notifications
  // may have been lost). Cheap; any thread.
  void Wake(std::optional<Instant> due = std::nullopt);

  // One poll on the calling thread: runs the periodic jobs that are due, fires what is due
  // now, batch after batch, logging each firing; a failure is logged and left for the next
  // poll. Returns how many applied. Polls never overlap (the thread's, CatchUp's, callers').
  int PollOnce();

  // The manual clock's endpoint: fires, on the calling thread, every timer due at the clock's
  // time (and runs the due jobs), then waits until no pending timer is due at that time any
  // more (on PostgreSQL another node may be firing some: it takes turns with their claims),
  // for at most `wait`. Returns how many this call applied; an error when the store failed
  // or, Unavailable, when timers were still due after `wait`.
  Result<int> CatchUp(std::chrono::milliseconds wait);

  // ---- periodic jobs besides the timers (expiring uploads, app/attachments.hpp). Each runs at
  // a poll once `every` of the Clock's time has passed since its last run (the first poll runs
  // it), so the manual clock drives them in tests as it drives the timers. Add them before
  // Start(). A job returns how much it did (logged as `name` when > 0) or an error (logged as
  // `name`_failed; the job runs again `every` later).
  void AddJob(std::string name, std::chrono::seconds every, std::function<Result<int>(Instant now)> job);

  // Polls the thread made (tests: the sleep is until the next due timer, not a sweep).
  int polls() const;

 private:
  void Loop();
  bool Stopping();
  // Fires what is due at `now`, batch after batch; holds poll_mu_.
  Result<int> FireAll(Instant now);
  void Failed(const std::string& what);
  void Recovered();
  void RunJobs(Instant now);
  // How long the thread may sleep after a poll at `now`: until the next due timer or job,
  // at most max_sleep; `retry` when a due timer is left or the store failed.
  std::chrono::milliseconds SleepAfter(Instant now, bool failed);

  app::TimerService& timers_;
  app::Clock& clock_;
  app::Logger& log_;
  SchedulerOptions options_;
  std::mutex poll_mu_;  // one poll at a time; guards the jobs and the failure state
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool woken_ = false;
  std::optional<Instant> sleeping_until_;  // the due time the thread sleeps for, if any
  int polls_ = 0;
  std::thread thread_;
  // Failure logging without a line per poll: a new message, or a repeat a minute later.
  std::string last_error_;
  std::chrono::steady_clock::time_point last_error_at_{};
  bool failing_ = false;
  struct Job {
    std::string name;
    std::chrono::seconds every;
    std::function<Result<int>(Instant)> run;
    std::optional<Instant> last;
  };
  std::vector<Job> jobs_;  // written before Start(), then only under poll_mu_
};

}  // namespace chamado::scheduler
