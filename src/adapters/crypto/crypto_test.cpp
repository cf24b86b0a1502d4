#include "adapters/crypto/crypto.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace chamado::crypto {
namespace {

// Small parameters: the tests are about behaviour, not cost.
Argon2Params Cheap(unsigned max_concurrent = 0) { return Argon2Params{1, 8 * 1024, max_concurrent}; }

TEST(SodiumCrypto, HashesVerifyOnlyTheirPassword) {
  SodiumCrypto c(Cheap());
  const std::string h = c.HashPassword("tomate-azul-17");
  EXPECT_TRUE(h.starts_with("$argon2id$"));
  EXPECT_TRUE(c.VerifyPassword(h, "tomate-azul-17"));
  EXPECT_FALSE(c.VerifyPassword(h, "tomate-azul-18"));
  EXPECT_FALSE(c.VerifyPassword("not a hash", "tomate-azul-17"));
  EXPECT_NE(c.HashPassword("tomate-azul-17"), h);  // salted
}

TEST(SodiumCrypto, AHashNeedsRehashWhenTheParametersChange) {
  SodiumCrypto old_params(Cheap());
  SodiumCrypto new_params(Argon2Params{2, 16 * 1024, 0});
  const std::string h = old_params.HashPassword("tomate-azul-17");
  EXPECT_FALSE(old_params.PasswordNeedsRehash(h));
  EXPECT_TRUE(new_params.PasswordNeedsRehash(h));
  // The old hash still verifies under the new parameters: the login then stores a new one.
  EXPECT_TRUE(new_params.VerifyPassword(h, "tomate-azul-17"));
  EXPECT_FALSE(new_params.PasswordNeedsRehash(new_params.HashPassword("tomate-azul-17")));
  EXPECT_TRUE(new_params.PasswordNeedsRehash(""));
  EXPECT_TRUE(new_params.PasswordNeedsRehash("$2y$10$bcrypt-from-elsewhere"));
}

TEST(SodiumCrypto, DefaultsAreLibsodiumInteractive) {
  SodiumCrypto c;
  EXPECT_EQ(c.params().opslimit, 2u);
  EXPECT_EQ(c.params().memlimit_kib, 65536u);
  EXPECT_GE(c.params().max_concurrent, 1u);  // 0 became the number of cores
  EXPECT_THROW(SodiumCrypto(Argon2Params{0, 65536, 1}), std::invalid_argument);
  EXPECT_THROW(SodiumCrypto(Argon2Params{2, 1, 1}), std::invalid_argument);
}

TEST(SodiumCrypto, AtMostMaxConcurrentHashesRunAtOnce) {
  SodiumCrypto c(Argon2Params{1, 1024, 2});  // 1 MiB: a few milliseconds each
  const std::string h = c.HashPassword("tomate-azul-17");
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      for (int j = 0; j < 3; ++j) {
        if (i % 2 == 0)
          ok += c.VerifyPassword(h, "tomate-azul-17");
        else
          ok += !c.HashPassword("x" + std::to_string(i)).empty();
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 24);  // everybody got their turn
  EXPECT_GE(c.PeakConcurrentHashes(), 1);
  EXPECT_LE(c.PeakConcurrentHashes(), 2);
}

TEST(SodiumCrypto, TokensAreRandomAndUrlSafe) {
  SodiumCrypto c(Cheap());
  const std::string a = c.RandomToken(), b = c.RandomToken();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 43u);  // 256 bits
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos);
  EXPECT_EQ(c.Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace chamado::crypto
