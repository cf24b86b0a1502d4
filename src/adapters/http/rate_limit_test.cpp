#include "adapters/http/rate_limit.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace chamado::http {
namespace {

using namespace std::chrono_literals;

// A clock the test moves by hand.
struct FakeTime {
  std::chrono::steady_clock::time_point t{std::chrono::hours(1000)};
  MonotonicNow Now() {
    return [this] { return t; };
  }
};

TEST(RateLimit, AFreshKeyHasTheWholeMinuteAndCountsDown) {
  FakeTime time;
  TokenBuckets b({5, 1000}, time.Now());
  for (int i = 4; i >= 0; --i) {
    auto d = b.Take("k");
    ASSERT_TRUE(d.allowed);
    EXPECT_EQ(d.limit, 5);
    EXPECT_EQ(d.remaining, i);
    EXPECT_EQ(d.retry_after_seconds, 0);
  }
  auto refused = b.Take("k");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.remaining, 0);
  // One request refills every 12 s; the full bucket needs the whole minute.
  EXPECT_EQ(refused.retry_after_seconds, 12);
  EXPECT_EQ(refused.reset_seconds, 60);
}

TEST(RateLimit, ARefusedRequestCostsNothingAndTheBucketRefillsEvenly) {
  FakeTime time;
  TokenBuckets b({60, 1000}, time.Now());  // one per second
  for (int i = 0; i < 60; ++i) ASSERT_TRUE(b.Take("k").allowed);
  for (int i = 0; i < 10; ++i) ASSERT_FALSE(b.Take("k").allowed);
  time.t += 999ms;
  EXPECT_FALSE(b.Take("k").allowed);
  EXPECT_EQ(b.Take("k").retry_after_seconds, 1);
  time.t += 1ms;
  auto d = b.Take("k");
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.remaining, 0);
  EXPECT_FALSE(b.Take("k").allowed);
  time.t += 30s;
  EXPECT_EQ(b.Peek("k").remaining, 30);
  time.t += 1h;  // a long pause does not bank more than one minute's worth
  auto full = b.Peek("k");
  EXPECT_EQ(full.remaining, 60);
  EXPECT_EQ(full.reset_seconds, 0);
}

TEST(RateLimit, KeysAreIndependent) {
  FakeTime time;
  TokenBuckets b({2, 1000}, time.Now());
  EXPECT_TRUE(b.Take("a").allowed);
  EXPECT_TRUE(b.Take("a").allowed);
  EXPECT_FALSE(b.Take("a").allowed);
  EXPECT_TRUE(b.Take("b").allowed);
  EXPECT_EQ(b.Peek("b").remaining, 1);
  EXPECT_EQ(b.Peek("never-seen").remaining, 2);
  EXPECT_EQ(b.size(), 2u) << "Peek must not create keys";
}

TEST(RateLimit, MemoryStaysBoundedUnderAFloodOfKeys) {
  FakeTime time;
  TokenBuckets b({10, 160}, time.Now());  // 16 shards of 10 keys
  for (int i = 0; i < 5000; ++i) {
    b.Take("flood-" + std::to_string(i));
    ASSERT_LE(b.size(), 160u);
  }
  // After a minute every flood key is idle (full again) and is swept as new keys arrive.
  time.t += 61s;
  for (int i = 0; i < 200; ++i) b.Take("later-" + std::to_string(i));
  EXPECT_LE(b.size(), 160u);
  // A key that went idle is forgotten without changing what it sees: a full bucket.
  EXPECT_EQ(b.Peek("flood-4999").remaining, 10);
}

TEST(RateLimit, ConcurrentTakesNeverAllowMoreThanTheLimit) {
  FakeTime time;  // frozen: no refill during the test
  TokenBuckets b({1000, 100000}, time.Now());
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        if (b.Take("shared").allowed) ++allowed;
        b.Take("own-" + std::to_string(i));
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(allowed.load(), 1000);
}

TEST(RateLimit, TheLimiterCountsUsersAndAddressesApartAndIpv6PerSlash64) {
  FakeTime time;
  RateLimiter l({2, 3, 1000}, time.Now());
  EXPECT_TRUE(l.TakeUser(7).allowed);
  EXPECT_TRUE(l.TakeUser(7).allowed);
  auto u = l.TakeUser(7);
  EXPECT_FALSE(u.allowed);
  EXPECT_EQ(u.limit, 2);
  EXPECT_TRUE(l.TakeUser(8).allowed);
  // User 7 and address "7" are different buckets.
  EXPECT_EQ(l.PeekAddress("7").remaining, 3);

  EXPECT_TRUE(l.TakeAddress("2001:db8:1:2::1").allowed);
  EXPECT_TRUE(l.TakeAddress("2001:db8:1:2:ffff::9").allowed);
  EXPECT_TRUE(l.TakeAddress("[2001:db8:1:2::77]").allowed);
  EXPECT_FALSE(l.TakeAddress("2001:db8:1:2::1").allowed) << "one /64 is one client";
  EXPECT_TRUE(l.TakeAddress("2001:db8:1:3::1").allowed);
  EXPECT_TRUE(l.TakeAddress("10.0.0.1").allowed);
  EXPECT_EQ(l.PeekAddress("::ffff:10.0.0.1").remaining, 2) << "a dual-stack form is the same IPv4 client";
}

}  // namespace
}  // namespace chamado::http
