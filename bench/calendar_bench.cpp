// One due-date computation on the default calendar (PRODUCT.md §5; issue 6: median <= 5 us in
// the release build). Run: build/release/bench/calendar_bench --benchmark_repetitions=10
// --benchmark_report_aggregates_only=true (BENCHMARKS.md "Business-time arithmetic").
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <vector>

#include "domain/business_time.hpp"
#include "domain/calendar.hpp"
#include "domain/holidays.hpp"
#include "domain/time.hpp"

namespace {

using namespace chamado;
using std::chrono::minutes;

Instant At(const char* iso) {
  const auto t = ParseIso(iso);
  if (!t) std::abort();
  return *t;
}

// Brazil's national rules (as config/holidays/br.toml), so the lookups see a real year's holidays.
HolidaySet Brazil() {
  HolidaySet s;
  s.id = "br";
  const auto fixed = [&](const char* name, unsigned m, unsigned d) {
    HolidayRule r;
    r.name = name;
    r.month = m;
    r.day = d;
    s.rules.push_back(r);
  };
  const auto easter = [&](const char* name, int offset) {
    HolidayRule r;
    r.kind = HolidayRule::Kind::kEaster;
    r.name = name;
    r.easter_offset = offset;
    s.rules.push_back(r);
  };
  fixed("Confraternização Universal", 1, 1);
  easter("Carnaval", -48);
  easter("Carnaval", -47);
  easter("Sexta-feira Santa", -2);
  fixed("Tiradentes", 4, 21);
  fixed("Dia do Trabalho", 5, 1);
  easter("Corpus Christi", 60);
  fixed("Independência do Brasil", 9, 7);
  fixed("Nossa Senhora Aparecida", 10, 12);
  fixed("Finados", 11, 2);
  fixed("Proclamação da República", 11, 15);
  fixed("Dia Nacional de Zumbi e da Consciência Negra", 11, 20);
  fixed("Natal", 12, 25);
  return s;
}

Calendar Make(const char* zone) {
  WeekHours w;
  for (std::size_t d = 1; d <= 5; ++d) w[d] = {{8 * 60 + 30, 18 * 60}};
  auto c = Calendar::Make(zone, w, ExpandHolidays(Brazil(), 2025, 2027));
  if (!c) std::abort();
  return std::move(*c);
}

const Calendar& Default() {
  static const Calendar c = Make("America/Sao_Paulo");
  return c;
}

// PRODUCT.md §5: Friday 13 Feb 2026 17:00 + 6 business days (across Carnival), with the ticket
// paused in "Awaiting your response" for a day and a half.
void BM_DueDate6BusinessDaysWithPause(benchmark::State& state) {
  const Calendar& cal = Default();
  const Instant start = At("2026-02-13T17:00:00-03:00");
  const std::vector<PauseInterval> pauses{
      {At("2026-02-18T08:30:00-03:00"), At("2026-02-19T12:00:00-03:00"), "paused: Awaiting your response"}};
  for (auto _ : state) {
    auto due = AddBusinessTime(&cal, start, minutes{6 * cal.business_day_minutes()}, pauses);
    benchmark::DoNotOptimize(due);
  }
}
BENCHMARK(BM_DueDate6BusinessDaysWithPause);

// 24 business hours (2.5 business days) on the default calendar, with the same pause.
void BM_DueDate24BusinessHoursWithPause(benchmark::State& state) {
  const Calendar& cal = Default();
  const Instant start = At("2026-02-13T17:00:00-03:00");
  const std::vector<PauseInterval> pauses{
      {At("2026-02-18T08:30:00-03:00"), At("2026-02-19T12:00:00-03:00"), "paused: Awaiting your response"}};
  for (auto _ : state) {
    auto due = AddBusinessTime(&cal, start, std::chrono::hours{24}, pauses);
    benchmark::DoNotOptimize(due);
  }
}
BENCHMARK(BM_DueDate24BusinessHoursWithPause);

// The same 6 business days from a start that moves through 2026 (every weekday and hour,
// holidays on the way), so no branch pattern is learnt.
void BM_DueDate6BusinessDaysAcrossTheYear(benchmark::State& state) {
  const Calendar& cal = Default();
  const Instant first = At("2026-01-01T00:00:00-03:00");
  const Instant last = At("2026-12-20T00:00:00-03:00");
  Instant start = first;
  for (auto _ : state) {
    auto due = AddBusinessTime(&cal, start, minutes{6 * 570});
    benchmark::DoNotOptimize(due);
    start += minutes{617};
    if (start > last) start = first;
  }
}
BENCHMARK(BM_DueDate6BusinessDaysAcrossTheYear);

// Madrid hours across the March DST change (the slow tz path on the change day).
void BM_DueDateOverDstChange(benchmark::State& state) {
  static const Calendar cal = Make("Europe/Madrid");
  const Instant start = At("2026-03-26T17:00:00+01:00");
  for (auto _ : state) {
    auto due = AddBusinessTime(&cal, start, minutes{6 * 570});
    benchmark::DoNotOptimize(due);
  }
}
BENCHMARK(BM_DueDateOverDstChange);

// With the explanation (GET /chamado/tickets/{id}/sla builds it).
void BM_DueDate6BusinessDaysExplained(benchmark::State& state) {
  const Calendar& cal = Default();
  const Instant start = At("2026-02-13T17:00:00-03:00");
  std::vector<TimeSegment> why;
  for (auto _ : state) {
    auto due = AddBusinessTime(&cal, start, minutes{6 * 570}, {}, &why);
    benchmark::DoNotOptimize(due);
  }
}
BENCHMARK(BM_DueDate6BusinessDaysExplained);

// Business time of a ticket open a whole month (the metrics endpoint's business minutes).
void BM_BusinessTimeOverAMonth(benchmark::State& state) {
  const Calendar& cal = Default();
  const Instant from = At("2026-02-01T00:00:00-03:00");
  const Instant to = At("2026-03-01T00:00:00-03:00");
  for (auto _ : state) {
    auto t = BusinessTimeBetween(&cal, from, to);
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(BM_BusinessTimeOverAMonth);

}  // namespace

BENCHMARK_MAIN();
