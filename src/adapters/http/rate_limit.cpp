// API rate limits per token and per IP (see rate_limit.hpp).
#include "adapters/http/rate_limit.hpp"

#include <algorithm>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "adapters/http/proxies.hpp"

namespace chamado::http {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::nanoseconds;

constexpr std::size_t kShards = 16;
// Every this many new keys a shard drops its idle ones even when it is not full.
constexpr std::size_t kSweepEvery = 1024;

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

int CeilSeconds(nanoseconds d) {
  if (d.count() <= 0) return 0;
  return static_cast<int>((d.count() + 999'999'999) / 1'000'000'000);
}

}  // namespace

MonotonicNow SteadyNow() {
  return [] { return Clock::now(); };
}

struct TokenBuckets::Shard {
  mutable std::mutex mu;
  // key -> theoretical arrival time: when the bucket is full again. Absent means full.
  std::unordered_map<std::string, Clock::time_point, StringHash, std::equal_to<>> tat;
  std::size_t inserts = 0;

  void DropIdle(Clock::time_point now) {
    std::erase_if(tat, [&](const auto& kv) { return kv.second <= now; });
  }

  // Makes room for one key. Idle keys go first; when every key is busy (a flood of new
  // keys), the eighth closest to full goes: they lose the least by being forgotten.
  // Limit: a flood of distinct keys larger than max_keys can so reset some busy buckets.
  void MakeRoom(std::size_t cap, Clock::time_point now) {
    DropIdle(now);
    if (tat.size() < cap) return;
    std::vector<Clock::time_point> times;
    times.reserve(tat.size());
    for (const auto& kv : tat) times.push_back(kv.second);
    const std::size_t n = std::max<std::size_t>(1, times.size() / 8);
    std::nth_element(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(n - 1), times.end());
    const auto threshold = times[n - 1];
    std::erase_if(tat, [&](const auto& kv) { return kv.second <= threshold; });
  }
};

TokenBuckets::TokenBuckets(Options opts, MonotonicNow now)
    : opts_(opts),
      now_(std::move(now)),
      interval_(nanoseconds(std::chrono::minutes(1)) / std::max(1, opts.per_minute)),
      window_(interval_ * std::max(1, opts.per_minute)),
      shards_(std::make_unique<Shard[]>(kShards)) {}

TokenBuckets::~TokenBuckets() = default;

TokenBuckets::Shard& TokenBuckets::ShardFor(std::string_view key) const { return shards_[StringHash{}(key) % kShards]; }

RateDecision TokenBuckets::Take(std::string_view key) {
  const auto now = now_();
  RateDecision d;
  d.limit = opts_.per_minute;
  auto& s = ShardFor(key);
  std::lock_guard lk(s.mu);
  auto it = s.tat.find(key);
  const auto tat = it == s.tat.end() ? now : std::max(it->second, now);
  const auto next = tat + interval_;
  if (next - now > window_) {
    d.allowed = false;
    d.remaining = 0;
    d.reset_seconds = CeilSeconds(tat - now);
    d.retry_after_seconds = std::max(1, CeilSeconds(next - window_ - now));
    return d;
  }
  if (it == s.tat.end()) {
    const std::size_t cap = std::max<std::size_t>(1, opts_.max_keys / kShards);
    if (s.tat.size() >= cap)
      s.MakeRoom(cap, now);
    else if (++s.inserts % kSweepEvery == 0)
      s.DropIdle(now);
    it = s.tat.emplace(std::string(key), next).first;
  } else {
    it->second = next;
  }
  d.remaining = static_cast<int>((window_ - (next - now)) / interval_);
  d.reset_seconds = CeilSeconds(next - now);
  return d;
}

RateDecision TokenBuckets::Peek(std::string_view key) const {
  const auto now = now_();
  RateDecision d;
  d.limit = opts_.per_minute;
  auto& s = ShardFor(key);
  std::lock_guard lk(s.mu);
  auto it = s.tat.find(key);
  const auto tat = it == s.tat.end() ? now : std::max(it->second, now);
  d.remaining = static_cast<int>((window_ - (tat - now)) / interval_);
  d.reset_seconds = CeilSeconds(tat - now);
  return d;
}

std::size_t TokenBuckets::size() const {
  std::size_t n = 0;
  for (std::size_t i = 0; i < kShards; ++i) {
    std::lock_guard lk(shards_[i].mu);
    n += shards_[i].tat.size();
  }
  return n;
}

RateLimiter::RateLimiter(RateLimitOptions opts, MonotonicNow now)
    : by_address_({opts.per_ip_per_minute, opts.max_keys}, now),
      by_user_({opts.per_user_per_minute, opts.max_keys}, now) {}

RateDecision RateLimiter::TakeAddress(std::string_view address) { return by_address_.Take(RateLimitKey(address)); }

RateDecision RateLimiter::PeekAddress(std::string_view address) const {
  return by_address_.Peek(RateLimitKey(address));
}

RateDecision RateLimiter::TakeUser(std::int64_t user_id) { return by_user_.Take(std::to_string(user_id)); }

}  // namespace chamado::http
