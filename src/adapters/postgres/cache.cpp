#include "adapters/postgres/cache.hpp"

#include <algorithm>
#include <charconv>
#include <mutex>
#include <utility>

namespace chamado::postgres {

namespace {

constexpr std::string_view kUserPrefix = "user:";
constexpr std::string_view kTokenPrefix = "token:";

}  // namespace

std::string UserKey(std::int64_t user_id) { return std::string(kUserPrefix) + std::to_string(user_id); }

std::string TokenKey(std::string_view sha256_hex) { return std::string(kTokenPrefix) + std::string(sha256_hex); }

CachedFields::CachedFields(std::vector<app::TicketField> fields) : list(std::move(fields)) {
  by_id.reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) by_id.emplace(list[i].id, i);
}

std::optional<app::TicketField> CachedFields::Find(std::int64_t id) const {
  auto it = by_id.find(id);
  if (it == by_id.end()) return std::nullopt;
  return list[it->second];
}

Cache::Cache(std::size_t capacity) : capacity_(std::max<std::size_t>(2, capacity)) {}

// Writes only when the entry was not used since the last insert: lookups of a hot entry
// (one token on every request) leave its cache line unwritten.
void Cache::Touch(std::atomic<std::uint64_t>& used) const {
  const std::uint64_t now = 2 * inserts_.load(std::memory_order_relaxed) + 1;
  if (used.load(std::memory_order_relaxed) != now) used.store(now, std::memory_order_relaxed);
}

std::optional<std::int64_t> Cache::FindToken(std::string_view sha256_hex) {
  std::shared_lock lk(mu_);
  auto it = tokens_.find(sha256_hex);
  if (it == tokens_.end()) {
    Miss();
    return std::nullopt;
  }
  Touch(it->second.used);
  Hit();
  return it->second.value;
}

std::optional<User> Cache::FindUser(std::int64_t id) {
  std::shared_lock lk(mu_);
  auto it = users_.find(id);
  if (it == users_.end()) {
    Miss();
    return std::nullopt;
  }
  Touch(it->second.used);
  Hit();
  return it->second.value;
}

std::shared_ptr<const CachedFields> Cache::FindFields() {
  std::shared_lock lk(mu_);
  if (!fields_) {
    Miss();
    return nullptr;
  }
  Hit();
  return fields_;
}

template <typename M>
void Cache::EvictOlderHalf(M& map) {
  using It = typename M::iterator;
  std::vector<std::pair<std::uint64_t, It>> order;
  order.reserve(map.size());
  for (auto it = map.begin(); it != map.end(); ++it) order.emplace_back(it->second.used.load(), it);
  const std::size_t half = order.size() / 2;
  std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(half), order.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < half; ++i) map.erase(order[i].second);
  evictions_.fetch_add(half, std::memory_order_relaxed);
}

template <typename M, typename K, typename V>
void Cache::PutLocked(M& map, K&& key, V&& value) {
  auto it = map.find(key);
  if (it == map.end()) {
    if (map.size() >= capacity_) EvictOlderHalf(map);
    it = map.try_emplace(std::forward<K>(key)).first;
  }
  it->second.value = std::forward<V>(value);
  // Inserts count in even ticks; a use after the n-th insert is the odd tick after it.
  it->second.used.store(2 * (inserts_.fetch_add(1, std::memory_order_relaxed) + 1), std::memory_order_relaxed);
}

void Cache::PutToken(std::string_view sha256_hex, std::int64_t user_id, std::uint64_t epoch) {
  std::unique_lock lk(mu_);
  if (epoch != epoch_.load(std::memory_order_relaxed)) return;
  PutLocked(tokens_, std::string(sha256_hex), user_id);
}

void Cache::PutUser(const User& u, std::uint64_t epoch) {
  std::unique_lock lk(mu_);
  if (epoch != epoch_.load(std::memory_order_relaxed)) return;
  PutLocked(users_, u.id, u);
}

std::shared_ptr<const CachedFields> Cache::PutFields(std::vector<app::TicketField> fields, std::uint64_t epoch) {
  auto built = std::make_shared<const CachedFields>(std::move(fields));
  std::unique_lock lk(mu_);
  if (epoch == epoch_.load(std::memory_order_relaxed)) fields_ = built;
  return built;
}

void Cache::Invalidate(std::string_view key) {
  invalidations_.fetch_add(1, std::memory_order_relaxed);
  if (key == kFieldsKey) {
    std::unique_lock lk(mu_);
    fields_.reset();
    Bump();
    return;
  }
  if (key.starts_with(kTokenPrefix)) {
    const auto hash = key.substr(kTokenPrefix.size());
    std::unique_lock lk(mu_);
    if (hash == "*") {
      tokens_.clear();
    } else if (auto it = tokens_.find(hash); it != tokens_.end()) {
      tokens_.erase(it);
    }
    Bump();
    return;
  }
  if (key.starts_with(kUserPrefix)) {
    const auto rest = key.substr(kUserPrefix.size());
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), id);
    const bool numeric = ec == std::errc() && end == rest.data() + rest.size();
    if (numeric || rest == "*") {
      std::unique_lock lk(mu_);
      if (numeric) {
        users_.erase(id);
      } else {
        users_.clear();
      }
      Bump();
      return;
    }
  }
  // "*", or a key this version does not know: everything may be stale.
  Clear();
}

void Cache::Clear() {
  std::unique_lock lk(mu_);
  tokens_.clear();
  users_.clear();
  fields_.reset();
  Bump();
  flushes_.fetch_add(1, std::memory_order_relaxed);
}

Cache::Stats Cache::GetStats() const {
  Stats s;
  s.hits = hits_.load();
  s.misses = misses_.load();
  s.invalidations = invalidations_.load();
  s.flushes = flushes_.load();
  s.evictions = evictions_.load();
  std::shared_lock lk(mu_);
  s.users = users_.size();
  s.tokens = tokens_.size();
  s.fields = fields_ != nullptr;
  return s;
}

}  // namespace chamado::postgres
