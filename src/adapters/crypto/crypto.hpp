#pragma once
#include "app/ports.hpp"

namespace chamado::crypto {

// libsodium (random tokens, argon2id) and OpenSSL (SHA-256).
class SodiumCrypto final : public app::Crypto {
 public:
  SodiumCrypto();  // initialises libsodium; throws if it cannot
  std::string RandomToken() override;
  std::string Sha256Hex(std::string_view data) override;
  std::string HmacSha256Hex(std::string_view key, std::string_view data) override;
  bool ConstantTimeEqual(std::string_view a, std::string_view b) override;
  std::string HashPassword(std::string_view password) override;
  bool VerifyPassword(std::string_view hash, std::string_view password) override;
};

}  // namespace chamado::crypto
