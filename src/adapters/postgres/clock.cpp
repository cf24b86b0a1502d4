#include "adapters/postgres/clock.hpp"

#include <stdexcept>

#include "adapters/postgres/db.hpp"
#include "adapters/postgres/listener.hpp"
#include "adapters/postgres/store.hpp"

namespace chamado::postgres {

namespace {

std::int64_t RealNow() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()).time_since_epoch().count();
}

Instant OrThrow(const Result<void>& r, std::int64_t v) {
  if (!r) throw std::runtime_error("manual clock: " + r.error().description);
  return FromUnix(v);
}

// Each statement commits on its own (autocommit): one round trip for Set and Advance.
std::int64_t Returned(Stmt& s) {
  if (!s.Step()) throw DbError(PGRES_FATAL_ERROR, "manual clock: no row returned");
  const std::int64_t v = s.Int(0);
  s.Reset();
  return v;
}

}  // namespace

Instant PgManualClock::Now() {
  std::int64_t v = 0;
  auto r = store_.WithConnection([&](Db& db) -> Result<void> {
    for (int pass = 0; pass < 2; ++pass) {
      auto& s = db.Prepare("SELECT now_unix FROM chamado_clock WHERE id = 1");
      if (s.Step()) {
        v = s.Int(0);
        s.Reset();
        return {};
      }
      s.Reset();
      // First use on this database: start at the real time (another node may win the race;
      // the next SELECT then reads its row).
      auto& i = db.Prepare("INSERT INTO chamado_clock (id, now_unix) VALUES (1, ?) ON CONFLICT (id) DO NOTHING");
      i.Bind(1, RealNow());
      i.Run();
    }
    return Fail(Error::Internal("chamado_clock has no row"));
  });
  return OrThrow(r, v);
}

Instant PgManualClock::Set(Instant t) {
  std::int64_t v = 0;
  auto r = store_.WithConnection([&](Db& db) -> Result<void> {
    auto& s = db.Prepare(
        "INSERT INTO chamado_clock (id, now_unix) VALUES (1, ?) "
        "ON CONFLICT (id) DO UPDATE SET now_unix = EXCLUDED.now_unix RETURNING now_unix");
    s.Bind(1, UnixSeconds(t));
    v = Returned(s);
    Notify(db, "clock", kTimersChannel);  // every node's scheduler looks again
    return {};
  });
  return OrThrow(r, v);
}

Instant PgManualClock::Advance(std::chrono::seconds by) {
  std::int64_t v = 0;
  auto r = store_.WithConnection([&](Db& db) -> Result<void> {
    // UPDATE ... RETURNING in one statement, so two nodes advancing at once both count; the
    // INSERT arm only runs when the row does not exist yet (real time + by).
    auto& s = db.Prepare(
        "INSERT INTO chamado_clock (id, now_unix) VALUES (1, ?) "
        "ON CONFLICT (id) DO UPDATE SET now_unix = chamado_clock.now_unix + ? RETURNING now_unix");
    s.Bind(1, RealNow() + by.count()).Bind(2, static_cast<std::int64_t>(by.count()));
    v = Returned(s);
    Notify(db, "clock", kTimersChannel);
    return {};
  });
  return OrThrow(r, v);
}

}  // namespace chamado::postgres
