#include "adapters/crypto/crypto.hpp"

#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <sodium.h>

#include <algorithm>
#include <stdexcept>
#include <thread>

namespace chamado::crypto {

static_assert(Argon2Params{}.opslimit == crypto_pwhash_OPSLIMIT_INTERACTIVE);
static_assert(Argon2Params{}.memlimit_kib * 1024 == crypto_pwhash_MEMLIMIT_INTERACTIVE);

// Waits for a place, counts the running computations (and the peak), gives the place back.
class SodiumCrypto::Slot {
 public:
  explicit Slot(SodiumCrypto& c) : c_(c) {
    c_.slots_->acquire();
    const int now = ++c_.running_;
    int peak = c_.peak_.load();
    while (now > peak && !c_.peak_.compare_exchange_weak(peak, now)) {
    }
  }
  ~Slot() {
    --c_.running_;
    c_.slots_->release();
  }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

 private:
  SodiumCrypto& c_;
};

SodiumCrypto::SodiumCrypto() : SodiumCrypto(Argon2Params{}) {}

SodiumCrypto::SodiumCrypto(Argon2Params params) : params_(params) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  if (params_.opslimit < crypto_pwhash_OPSLIMIT_MIN || params_.opslimit > crypto_pwhash_OPSLIMIT_MAX)
    throw std::invalid_argument("argon2_opslimit: out of libsodium's range");
  if (params_.memlimit_kib * 1024 < crypto_pwhash_MEMLIMIT_MIN || params_.memlimit_kib > (std::size_t{1} << 32))
    throw std::invalid_argument("argon2_memlimit_kib: out of libsodium's range");
  if (params_.max_concurrent == 0) params_.max_concurrent = std::max(1u, std::thread::hardware_concurrency());
  slots_ = std::make_unique<std::counting_semaphore<>>(static_cast<std::ptrdiff_t>(params_.max_concurrent));
}

SodiumCrypto::~SodiumCrypto() = default;

std::string SodiumCrypto::RandomToken() {
  unsigned char buf[32];  // 256 bits
  randombytes_buf(buf, sizeof buf);
  char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, buf, sizeof buf, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

std::string SodiumCrypto::Sha256Hex(std::string_view data) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), md);
  static const char* hex = "0123456789abcdef";
  std::string s;
  s.reserve(64);
  for (unsigned char c : md) {
    s.push_back(hex[c >> 4]);
    s.push_back(hex[c & 15]);
  }
  return s;
}

std::string SodiumCrypto::HmacSha256Hex(std::string_view key, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), md, &len);
  static const char* hex = "0123456789abcdef";
  std::string s;
  s.reserve(2 * len);
  for (unsigned int i = 0; i < len; ++i) {
    s.push_back(hex[md[i] >> 4]);
    s.push_back(hex[md[i] & 15]);
  }
  return s;
}

bool SodiumCrypto::ConstantTimeEqual(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string SodiumCrypto::HashPassword(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  Slot slot(*this);
  if (crypto_pwhash_str(out, password.data(), password.size(), params_.opslimit, params_.memlimit_kib * 1024) != 0)
    throw std::runtime_error("argon2id: out of memory");
  return out;
}

bool SodiumCrypto::PasswordNeedsRehash(std::string_view hash) {
  const std::string h(hash);
  // 1: other parameters; -1: not an argon2id hash at all (also replaced at the next login).
  return crypto_pwhash_str_needs_rehash(h.c_str(), params_.opslimit, params_.memlimit_kib * 1024) != 0;
}

bool SodiumCrypto::VerifyPassword(std::string_view hash, std::string_view password) {
  const std::string h(hash);
  Slot slot(*this);
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

}  // namespace chamado::crypto
