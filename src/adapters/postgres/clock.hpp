#pragma once
// The manual clock (`serve --clock=manual`) kept in the database (table chamado_clock), so
// every node of one database shares it: moving it on one node moves it for all.
#include "app/ports.hpp"

namespace chamado::postgres {

class PgStore;

class PgManualClock final : public app::ManualClock {
 public:
  // Uses `store`'s connection pool; `store` must outlive the clock. The row is created at
  // first use with the real time. Failures throw (a clock has no error channel).
  explicit PgManualClock(PgStore& store) : store_(store) {}

  Instant Now() override;
  Instant Set(Instant t) override;
  Instant Advance(std::chrono::seconds by) override;

 private:
  PgStore& store_;
};

}  // namespace chamado::postgres
