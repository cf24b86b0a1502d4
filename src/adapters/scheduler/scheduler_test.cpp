#include "adapters/scheduler/scheduler.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace chamado::scheduler {
namespace {

using namespace std::chrono_literals;

// A store whose writes never reach a transaction: FireDue then fires nothing, and the test
// sees how often the scheduler asked (and what the store answered).
class CountingStore final : public app::Store {
 public:
  Result<void> Read(const std::function<Result<void>(app::ReadTx&)>&) override { return {}; }
  Result<void> Write(const std::function<Result<void>(app::WriteTx&)>&) override {
    ++writes;
    if (failing) return Fail(Error::Unavailable("store: connection refused"));
    return {};
  }
  Result<void> Ready() override { return {}; }
  std::atomic<int> writes{0};
  std::atomic<bool> failing{false};
};

class FixedClock final : public app::Clock {
 public:
  Instant Now() override {
    ++reads;
    if (broken) throw std::runtime_error("clock unreadable");
    return FromUnix(1772452800);
  }
  std::atomic<int> reads{0};
  std::atomic<bool> broken{false};
};

class RecordingLogger final : public app::Logger {
 public:
  void Info(std::string_view e, std::string_view d) override { Add("info", e, d); }
  void Warn(std::string_view e, std::string_view d) override { Add("warn", e, d); }
  void Error(std::string_view e, std::string_view d) override { Add("error", e, d); }
  std::vector<std::string> Lines() {
    std::lock_guard lk(mu);
    return lines;
  }

 private:
  void Add(const char* level, std::string_view e, std::string_view d) {
    std::lock_guard lk(mu);
    lines.push_back(std::string(level) + " " + std::string(e) + " " + std::string(d));
  }
  std::mutex mu;
  std::vector<std::string> lines;
};

Workflow EmptyWorkflow() {
  Workflow wf;
  wf.name = "none";
  return wf;
}

template <typename Pred>
bool Eventually(Pred p, std::chrono::milliseconds within = 5s) {
  const auto end = std::chrono::steady_clock::now() + within;
  while (std::chrono::steady_clock::now() < end) {
    if (p()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return p();
}

struct Fixture {
  CountingStore store;
  FixedClock clock;
  RecordingLogger log;
  Workflow wf = EmptyWorkflow();
  app::TimerService timers{store, wf, "test:1"};
};

TEST(Scheduler, PollsAtOnceThenSleepsUntilWoken) {
  Fixture f;
  Scheduler s(f.timers, f.clock, f.log, {.max_sleep = std::chrono::hours(1)});
  s.Start();
  EXPECT_TRUE(Eventually([&] { return f.store.writes >= 1; }, 1s)) << "the first poll is immediate";
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(s.polls(), 1) << "no timer pending: it sleeps (max_sleep), it does not sweep";
  s.Wake();
  EXPECT_TRUE(Eventually([&] { return s.polls() >= 2; }, 1s)) << "a wake makes it look again at once";
  s.Stop();
  EXPECT_TRUE(f.log.Lines().empty()) << "nothing fired, nothing failed: nothing to log";
}

TEST(Scheduler, AWakeForATimerDueAfterItsSleepIsIgnored) {
  Fixture f;
  Scheduler s(f.timers, f.clock, f.log, {.max_sleep = std::chrono::hours(1)});
  s.Start();
  ASSERT_TRUE(Eventually([&] { return s.polls() >= 1; }, 1s));
  std::this_thread::sleep_for(50ms);  // asleep now, until the clock's time + 1 h
  s.Wake(f.clock.Now() + std::chrono::hours(2));
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(s.polls(), 1) << "it wakes before that timer anyway";
  s.Wake(f.clock.Now() + std::chrono::minutes(10));
  EXPECT_TRUE(Eventually([&] { return s.polls() >= 2; }, 1s)) << "a timer due sooner than its wake-up";
  s.Stop();
}

TEST(Scheduler, MaxSleepIsTheSafetyNet) {
  Fixture f;
  Scheduler s(f.timers, f.clock, f.log, {.max_sleep = 20ms});
  s.Start();
  EXPECT_TRUE(Eventually([&] { return s.polls() >= 5; })) << "never asleep longer than max_sleep";
  s.Stop();
  EXPECT_GE(f.clock.reads.load(), 5) << "each poll reads the clock";
}

TEST(Scheduler, StopsPromptlyDuringALongWait) {
  Fixture f;
  Scheduler s(f.timers, f.clock, f.log, {.max_sleep = std::chrono::hours(1)});
  s.Start();
  ASSERT_TRUE(Eventually([&] { return f.store.writes >= 1; }));
  const auto t0 = std::chrono::steady_clock::now();
  s.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s);
  const int after_stop = f.store.writes;
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(f.store.writes.load(), after_stop);
  s.Stop();  // idempotent
}

TEST(Scheduler, StoppedBeforeStartNeverRuns) {
  Fixture f;
  {
    Scheduler s(f.timers, f.clock, f.log, {.max_sleep = 10ms});
    s.Stop();
    s.Start();
  }
  EXPECT_EQ(f.store.writes.load(), 0);
}

TEST(Scheduler, LogsAFailureOnceThenTheRecovery) {
  Fixture f;
  f.store.failing = true;
  Scheduler s(f.timers, f.clock, f.log, {.max_sleep = std::chrono::hours(1), .retry = 10ms});
  s.Start();
  ASSERT_TRUE(Eventually([&] { return f.store.writes >= 10; })) << "a failure is retried every `retry`";
  f.store.failing = false;
  ASSERT_TRUE(Eventually([&] { return f.log.Lines().size() >= 2; }));
  s.Stop();
  auto lines = f.log.Lines();
  ASSERT_EQ(lines.size(), 2u) << "one line per failure, not one per poll";
  EXPECT_EQ(lines[0].rfind("error timers_failed store: connection refused", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1].rfind("info timers_recovered", 0), 0u) << lines[1];
}

TEST(Scheduler, AClockThatThrowsIsLoggedAndRetried) {
  Fixture f;
  f.clock.broken = true;
  Scheduler s(f.timers, f.clock, f.log, {.max_sleep = std::chrono::hours(1), .retry = 10ms});
  s.Start();
  ASSERT_TRUE(Eventually([&] { return f.clock.reads >= 3; }));
  EXPECT_EQ(f.store.writes.load(), 0);
  f.clock.broken = false;
  ASSERT_TRUE(Eventually([&] { return f.store.writes >= 1; }));
  s.Stop();
  auto lines = f.log.Lines();
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(lines[0].find("clock unreadable"), std::string::npos) << lines[0];
}

TEST(Scheduler, CatchUpFiresOnTheCallersThreadAndReportsAFailure) {
  Fixture f;
  Scheduler s(f.timers, f.clock, f.log);
  auto ok = s.CatchUp(1s);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(*ok, 0);
  EXPECT_EQ(f.store.writes.load(), 1);
  f.store.failing = true;
  auto failed = s.CatchUp(1s);
  ASSERT_FALSE(failed.has_value()) << "the clock's endpoint answers the store's failure";
  EXPECT_EQ(failed.error().description, "store: connection refused");
}

TEST(Scheduler, PollOnceRunsOnTheCallersThread) {
  Fixture f;
  Scheduler s(f.timers, f.clock, f.log);
  EXPECT_EQ(s.PollOnce(), 0);
  EXPECT_EQ(f.store.writes.load(), 1);
}

// ---- periodic jobs (expiring uploads): driven by the Clock's time, not the wall clock.
class MovableClock final : public app::Clock {
 public:
  Instant Now() override { return FromUnix(now.load()); }
  std::atomic<std::int64_t> now{1772452800};
};

TEST(Scheduler, JobsRunOnceEveryIntervalOfTheClocksTime) {
  Fixture f;
  MovableClock clock;
  Scheduler s(f.timers, clock, f.log);
  std::vector<std::int64_t> runs;
  s.AddJob("uploads_expired", 60s, [&](Instant now) -> Result<int> {
    runs.push_back(UnixSeconds(now));
    return runs.size() == 3 ? Result<int>(Fail(Error::Unavailable("store down"))) : Result<int>(2);
  });
  s.PollOnce();  // the first poll runs it
  s.PollOnce();
  clock.now += 59;
  s.PollOnce();
  ASSERT_EQ(runs.size(), 1u) << "not again before 60 s of clock time";
  clock.now += 1;
  s.PollOnce();
  ASSERT_EQ(runs.size(), 2u);
  clock.now -= 3600;  // a manual clock set back runs it at once
  s.PollOnce();
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[2], 1772452800 + 60 - 3600);
  auto lines = f.log.Lines();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "info uploads_expired 2");
  EXPECT_EQ(lines[2], "error uploads_expired_failed store down");
}

TEST(Scheduler, NodeNameIsHostColonPid) {
  const std::string n = NodeName();
  const auto colon = n.rfind(':');
  ASSERT_NE(colon, std::string::npos) << n;
  EXPECT_GT(colon, 0u);
  EXPECT_EQ(n.substr(colon + 1), std::to_string(getpid()));
}

}  // namespace
}  // namespace chamado::scheduler
