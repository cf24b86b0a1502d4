#pragma once
// What the SSO, staff and privacy service tests share: a fresh SQLite store and blob directory
// per test, real crypto (cheap argon2), a manual clock, an AccountService for sessions, and
// small helpers to seed people and read the audit log back.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "adapters/blob/local_blob_store.hpp"
#include "adapters/clock/clock.hpp"
#include "adapters/crypto/crypto.hpp"
#include "adapters/sqlite/store.hpp"
#include "app/accounts.hpp"

namespace chamado::services_test {

namespace fs = std::filesystem;

inline const Instant kStart = FromUnix(1'760'000'000);
inline const app::ClientInfo kFrom{"198.51.100.9", "Mozilla/5.0 (test)"};

class ServicesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int n = 0;
    dir_ = fs::temp_directory_path() / ("chamado-services-" + std::to_string(::getpid()) + "-" + std::to_string(++n));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = std::make_unique<sqlite::SqliteStore>(dir_ / "chamado.db", true);
    blobs_ = std::make_unique<blob::LocalBlobStore>(dir_ / "blobs");
    clock_.Set(kStart);
    app::AccountSettings s;
    s.public_url = "https://help.acme.test";
    accounts_ =
        std::make_unique<app::AccountService>(*store_, clock_, crypto_, s, [](std::string_view) { return false; });
  }
  void TearDown() override {
    accounts_.reset();
    blobs_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  std::int64_t AddUser(const std::string& email, Role role, const std::string& name = "Someone",
                       std::optional<std::string> external_id = std::nullopt) {
    std::int64_t id = 0;
    EXPECT_TRUE(store_->Write([&](app::WriteTx& tx) -> Result<void> {
      User u;
      u.name = name;
      u.email = email;
      u.role = role;
      u.verified = true;
      u.external_id = std::move(external_id);
      u.created_at = u.updated_at = clock_.Now();
      tx.InsertUser(u);
      id = u.id;
      return {};
    }));
    return id;
  }

  std::optional<User> UserById(std::int64_t id) {
    std::optional<User> u;
    EXPECT_TRUE(store_->Read([&](app::ReadTx& tx) -> Result<void> {
      u = tx.UserById(id);
      return {};
    }));
    return u;
  }

  std::optional<User> UserByEmail(const std::string& email) {
    std::optional<User> u;
    EXPECT_TRUE(store_->Read([&](app::ReadTx& tx) -> Result<void> {
      u = tx.UserByEmail(email);
      return {};
    }));
    return u;
  }

  // The audit log, newest first; `kind` "" for every kind.
  std::vector<app::AuthEvent> Events(const std::string& kind, std::optional<std::int64_t> user_id = std::nullopt) {
    std::vector<app::AuthEvent> out;
    EXPECT_TRUE(store_->Read([&](app::ReadTx& tx) -> Result<void> {
      out = tx.ListAuthEvents(app::AuthEventFilter{user_id, kind}, app::PageRequest{.limit = 1000, .descending = true})
                .items;
      return {};
    }));
    return out;
  }

  std::vector<app::Session> SessionsOf(std::int64_t user_id) {
    std::vector<app::Session> out;
    EXPECT_TRUE(store_->Read([&](app::ReadTx& tx) -> Result<void> {
      out = tx.SessionsOf(user_id);
      return {};
    }));
    return out;
  }

  // Who a raw API token authenticates as (nobody once revoked).
  std::optional<std::int64_t> TokenOwner(const std::string& value) {
    std::optional<std::int64_t> out;
    EXPECT_TRUE(store_->Read([&](app::ReadTx& tx) -> Result<void> {
      out = tx.UserIdByTokenHash(crypto_.Sha256Hex(value));
      return {};
    }));
    return out;
  }

  fs::path dir_;
  std::unique_ptr<sqlite::SqliteStore> store_;
  std::unique_ptr<blob::LocalBlobStore> blobs_;
  clock::MemoryManualClock clock_;
  crypto::SodiumCrypto crypto_{crypto::Argon2Params{1, 8 * 1024, 0}};
  std::unique_ptr<app::AccountService> accounts_;
};

inline Caller As(std::int64_t id, Role role) { return Caller{id, role, false}; }

}  // namespace chamado::services_test
