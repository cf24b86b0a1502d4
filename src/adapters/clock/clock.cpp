#include "adapters/clock/clock.hpp"

namespace chamado::clock {

Instant SystemClock::Now() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

MemoryManualClock::MemoryManualClock() : now_(UnixSeconds(SystemClock().Now())) {}

Instant MemoryManualClock::Now() { return FromUnix(now_.load()); }

Instant MemoryManualClock::Set(Instant t) {
  now_.store(UnixSeconds(t));
  return t;
}

Instant MemoryManualClock::Advance(std::chrono::seconds by) {
  return FromUnix(now_.fetch_add(by.count()) + by.count());
}

}  // namespace chamado::clock
