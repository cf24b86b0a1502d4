#pragma once
// The node-local cache of the PostgreSQL store (docs/postgresql.md, "Several nodes: caches
// and invalidation"): API token hash → user id, users by id and the ticket fields, the reads
// every request (authentication) or every ticket form makes. Read transactions use it
// (postgres/tx.hpp); write transactions never do, they NOTIFY the keys they change instead.
//
// Keys, also the payloads on the chamado_cache channel: "user:<id>", "token:<sha256 hex>",
// "fields"; "user:*" and "token:*" drop a whole kind, "*" (and anything not understood)
// drops everything.
//
// A fill must not put back what an invalidation just dropped: a reader notes Epoch() before
// its transaction takes its snapshot, and Put* refuses the value when any invalidation came
// in since (the value may come from before the change that invalidation announced).
//
// Bounded: at most `capacity` users and `capacity` tokens; inserting past that drops the
// least recently used half of that kind. Thread-safe; lookups take a shared lock only.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "app/ticket_field.hpp"
#include "domain/user.hpp"

namespace chamado::postgres {

// The cache keys (and NOTIFY payloads).
std::string UserKey(std::int64_t user_id);
std::string TokenKey(std::string_view sha256_hex);
inline constexpr std::string_view kFieldsKey = "fields";
inline constexpr std::string_view kEverythingKey = "*";

// The ticket fields as ListTicketFields returns them, with an index by id.
struct CachedFields {
  std::vector<app::TicketField> list;
  std::unordered_map<std::int64_t, std::size_t> by_id;
  explicit CachedFields(std::vector<app::TicketField> fields);
  std::optional<app::TicketField> Find(std::int64_t id) const;
};

class Cache {
 public:
  static constexpr std::size_t kDefaultCapacity = 10000;

  struct Stats {
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    std::uint64_t invalidations = 0;  // keys received (local drops and notifications)
    std::uint64_t flushes = 0;        // of everything ("*" or a payload not understood)
    std::uint64_t evictions = 0;      // entries dropped for room
    std::size_t users = 0;
    std::size_t tokens = 0;
    bool fields = false;
  };

  explicit Cache(std::size_t capacity = kDefaultCapacity);
  Cache(const Cache&) = delete;
  Cache& operator=(const Cache&) = delete;

  // Changes at every invalidation. Note it before reading the database; pass it to Put*.
  std::uint64_t Epoch() const { return epoch_.load(std::memory_order_acquire); }

  std::optional<std::int64_t> FindToken(std::string_view sha256_hex);
  std::optional<User> FindUser(std::int64_t id);
  std::shared_ptr<const CachedFields> FindFields();

  // Each stores its value unless an invalidation came in since `epoch`. Only tokens that
  // exist and are not revoked are stored (no negative entries).
  void PutToken(std::string_view sha256_hex, std::int64_t user_id, std::uint64_t epoch);
  void PutUser(const User& u, std::uint64_t epoch);
  // Returns the fields (stored or not) for the caller to answer from.
  std::shared_ptr<const CachedFields> PutFields(std::vector<app::TicketField> fields, std::uint64_t epoch);

  // Drops what `key` names (see the top of this file).
  void Invalidate(std::string_view key);
  void Clear();

  Stats GetStats() const;

 private:
  // A value with the insert count at its last use (a cheap stand-in for LRU order: the
  // count moves only on inserts, so a hit rarely writes anything). See Touch.
  template <typename V>
  struct Slot {
    V value{};
    std::atomic<std::uint64_t> used{0};
  };
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  template <typename K, typename V, typename H = std::hash<K>>
  using Map = std::unordered_map<K, Slot<V>, H, std::equal_to<>>;

  template <typename M, typename K, typename V>
  void PutLocked(M& map, K&& key, V&& value);
  template <typename M>
  void EvictOlderHalf(M& map);
  void Touch(std::atomic<std::uint64_t>& used) const;
  void Bump() { epoch_.fetch_add(1, std::memory_order_acq_rel); }
  void Hit() { hits_.fetch_add(1, std::memory_order_relaxed); }
  void Miss() { misses_.fetch_add(1, std::memory_order_relaxed); }

  const std::size_t capacity_;
  mutable std::shared_mutex mu_;
  std::atomic<std::uint64_t> epoch_{0};
  std::atomic<std::uint64_t> inserts_{0};
  Map<std::string, std::int64_t, StringHash> tokens_;
  Map<std::int64_t, User> users_;
  std::shared_ptr<const CachedFields> fields_;
  std::atomic<std::uint64_t> hits_{0}, misses_{0}, invalidations_{0}, flushes_{0}, evictions_{0};
};

}  // namespace chamado::postgres
