#pragma once
// The timer scheduler (docs/workflows.md, "Timers"): one thread per process that, every
// poll, reads the clock (the manual clock under `serve --clock=manual`, so a test that moves
// it sees due timers fire at the next poll) and asks app::TimerService to fire what is due,
// batch after batch. Every node of a PostgreSQL database runs one; the store's claim makes
// each timer fire once whichever node gets it. Each firing and each failure is logged.
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
  std::chrono::milliseconds poll{1000};  // scheduler.poll_ms
  int batch = 100;                       // timers per store transaction
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
  // fire at once).
  void Start();
  // Wakes the thread and joins it: returns as soon as a poll under way has finished.
  // Idempotent.
  void Stop();

  // One poll on the calling thread: fires what is due now, batch after batch, logging each
  // firing; a failure is logged and left for the next poll. Returns how many moved a ticket.
  int PollOnce();

  // ---- periodic jobs besides the timers (expiring uploads, app/attachments.hpp). Each runs at
  // a poll once `every` of the Clock's time has passed since its last run (the first poll runs
  // it), so the manual clock drives them in tests as it drives the timers. Add them before
  // Start(). A job returns how much it did (logged as `name` when > 0) or an error (logged as
  // `name`_failed; the job runs again `every` later).
  void AddJob(std::string name, std::chrono::seconds every, std::function<Result<int>(Instant now)> job);

 private:
  void Loop();
  bool Stopping();
  void Failed(const std::string& what);
  void RunJobs(Instant now);

  app::TimerService& timers_;
  app::Clock& clock_;
  app::Logger& log_;
  SchedulerOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
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
  std::vector<Job> jobs_;  // written before Start(), then only by the polling thread
};

}  // namespace chamado::scheduler
