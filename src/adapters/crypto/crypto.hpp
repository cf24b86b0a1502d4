#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <semaphore>

#include "app/ports.hpp"

namespace chamado::crypto {

// argon2id cost ([auth] argon2_opslimit, argon2_memlimit_kib, hash_concurrency). The
// defaults are libsodium's INTERACTIVE limits (2 passes, 64 MiB).
struct Argon2Params {
  std::uint64_t opslimit = 2;
  std::size_t memlimit_kib = 65536;
  // At most this many hashes or verifications run at once (each holds memlimit_kib of RAM);
  // the rest wait their turn. 0: the number of cores.
  unsigned max_concurrent = 0;
};

// libsodium (random tokens, argon2id) and OpenSSL (SHA-256).
class SodiumCrypto final : public app::Crypto {
 public:
  SodiumCrypto();  // initialises libsodium with the default Argon2Params; throws if it cannot
  explicit SodiumCrypto(Argon2Params params);
  ~SodiumCrypto() override;
  std::string RandomToken() override;
  std::string Sha256Hex(std::string_view data) override;
  std::string HmacSha256Hex(std::string_view key, std::string_view data) override;
  bool ConstantTimeEqual(std::string_view a, std::string_view b) override;
  std::string HashPassword(std::string_view password) override;
  bool VerifyPassword(std::string_view hash, std::string_view password) override;
  // True when `hash` is not an argon2id hash of the configured opslimit and memlimit.
  bool PasswordNeedsRehash(std::string_view hash) override;

  const Argon2Params& params() const { return params_; }  // max_concurrent resolved (never 0)
  // The most argon2 computations that ever ran at once (tests, diagnostics).
  int PeakConcurrentHashes() const { return peak_.load(); }

 private:
  class Slot;  // holds one of the semaphore's places for one computation
  Argon2Params params_;
  std::unique_ptr<std::counting_semaphore<>> slots_;
  std::atomic<int> running_{0};
  std::atomic<int> peak_{0};
};

}  // namespace chamado::crypto
