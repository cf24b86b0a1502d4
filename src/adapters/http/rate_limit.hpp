#pragma once
// API rate limits per authenticated user and per client address (`[limits]`, off by
// default). Each key has a token bucket of `per_minute` requests that refills evenly over a
// minute, kept as one number with GCRA (the "theoretical arrival time"): a full bucket is
// the same as no entry, so idle keys can be dropped at any time. Keys are spread over
// mutex-guarded shards; each shard holds a bounded number of keys.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace chamado::http {

// What a bucket says about one request; the figures go into the Zendesk headers.
struct RateDecision {
  bool allowed = true;
  int limit = 0;                // requests per minute
  int remaining = 0;            // requests allowed right now after this one
  int reset_seconds = 0;        // until the bucket is full again
  int retry_after_seconds = 0;  // when refused: until the next request is allowed (at least 1)
};

// The limiter's time: monotonic, injectable for tests.
using MonotonicNow = std::function<std::chrono::steady_clock::time_point()>;
MonotonicNow SteadyNow();

class TokenBuckets final {
 public:
  struct Options {
    int per_minute = 700;
    std::size_t max_keys = 100'000;  // across all shards
  };
  TokenBuckets(Options opts, MonotonicNow now);
  ~TokenBuckets();
  TokenBuckets(const TokenBuckets&) = delete;
  TokenBuckets& operator=(const TokenBuckets&) = delete;

  // Takes one request from `key`'s bucket when it has one (a refused request costs nothing).
  RateDecision Take(std::string_view key);
  // The figures of `key` without taking anything (routes exempt from limits).
  RateDecision Peek(std::string_view key) const;
  // Keys currently held (tests check memory stays bounded).
  std::size_t size() const;

 private:
  struct Shard;
  Shard& ShardFor(std::string_view key) const;

  Options opts_;
  MonotonicNow now_;
  std::chrono::nanoseconds interval_;  // one request's worth of refill
  std::chrono::nanoseconds window_;    // a full bucket: per_minute * interval_
  std::unique_ptr<Shard[]> shards_;
};

struct RateLimitOptions {
  int per_user_per_minute = 700;  // Zendesk's figure for the Support API
  int per_ip_per_minute = 1400;
  std::size_t max_keys = 100'000;  // per kind of key
};

// Both limits of the API. Thread-safe.
class RateLimiter final {
 public:
  explicit RateLimiter(RateLimitOptions opts, MonotonicNow now = SteadyNow());
  // `address` is the believed client address (see proxies.hpp); IPv6 counts per /64.
  RateDecision TakeAddress(std::string_view address);
  RateDecision PeekAddress(std::string_view address) const;
  RateDecision TakeUser(std::int64_t user_id);

 private:
  TokenBuckets by_address_;
  TokenBuckets by_user_;
};

}  // namespace chamado::http
