#pragma once
#include <atomic>

#include "app/ports.hpp"

namespace chamado::clock {

class SystemClock final : public app::Clock {
 public:
  Instant Now() override;
};

// Starts at the real time; moves only when told (`serve --clock=manual`).
// Limit: in-process; the PostgreSQL issue moves it into the database for several nodes.
class MemoryManualClock final : public app::ManualClock {
 public:
  MemoryManualClock();
  Instant Now() override;
  Instant Set(Instant t) override;
  Instant Advance(std::chrono::seconds by) override;

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace chamado::clock
