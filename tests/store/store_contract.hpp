#pragma once
// The fixture of the store conformance tests (store_conformance_test.cpp,
// accounts_conformance_test.cpp): a fresh store per test, SQLite in a temporary directory or
// PostgreSQL in a new database on the server CHAMADO_TEST_PG names (unset: the "postgres"
// instances skip). Each test file derives its own suite and instantiates it on both stores.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "adapters/postgres/db.hpp"
#include "adapters/postgres/store.hpp"
#include "adapters/sqlite/db.hpp"
#include "adapters/sqlite/store.hpp"
#include "app/ports.hpp"

namespace chamado::store_test {

inline std::string PgServer() {
  const char* e = std::getenv("CHAMADO_TEST_PG");
  std::string s = e ? e : "";
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

// The server URL with a database name put in (before any ?query).
inline std::string WithDb(const std::string& server, const std::string& name) {
  const auto q = server.find('?');
  if (q == std::string::npos) return server + "/" + name;
  return server.substr(0, q) + "/" + name + server.substr(q);
}

inline ::testing::AssertionResult Ok(const Result<void>& r) {
  if (r) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "store error: " << r.error().description;
}

inline User NewUser(const std::string& email, const std::string& name = "U") {
  User u;
  u.name = name;
  u.email = email;
  u.created_at = u.updated_at = FromUnix(1000);
  return u;
}

inline Ticket NewTicket(std::int64_t requester, const std::string& subject = "s") {
  Ticket t;
  t.requester_id = requester;
  t.submitter_id = requester;
  t.custom_status_id = 1;
  t.subject = subject;
  t.created_at = t.updated_at = FromUnix(1000);
  t.version = 1;
  return t;
}

inline std::vector<std::int64_t> Ids(const auto& items) {
  std::vector<std::int64_t> out;
  for (const auto& i : items) out.push_back(i.id);
  return out;
}

using IdList = std::vector<std::int64_t>;

class StoreContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    static std::atomic<int> n{0};
    std::mt19937 rng{std::random_device{}()};
    const std::string unique =
        std::to_string(::getpid()) + "_" + std::to_string(n++) + "_" + std::to_string(rng() % 100000);
    if (GetParam() == "sqlite") {
      dir_ = std::filesystem::temp_directory_path() / ("chamado-conformance-" + unique);
      std::filesystem::create_directories(dir_);
      store_ = std::make_unique<sqlite::SqliteStore>(dir_ / "chamado.db", true);
      return;
    }
    server_ = PgServer();
    if (server_.empty()) GTEST_SKIP() << "CHAMADO_TEST_PG is not set";
    db_name_ = "chamado_conformance_" + unique;
    postgres::Db admin(WithDb(server_, "postgres"));
    admin.Exec("CREATE DATABASE " + db_name_);
    url_ = WithDb(server_, db_name_);
    store_ = std::make_unique<postgres::PgStore>(url_);
  }

  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
    if (!db_name_.empty()) {
      try {
        postgres::Db admin(WithDb(server_, "postgres"));
        admin.Exec("DROP DATABASE IF EXISTS " + db_name_ + " WITH (FORCE)");
      } catch (const std::exception& e) {
        ADD_FAILURE() << "drop database: " << e.what();
      }
    }
  }

  app::Store& store() { return *store_; }

  ::testing::AssertionResult Write(const std::function<void(app::WriteTx&)>& fn) {
    return Ok(store_->Write([&](app::WriteTx& tx) -> Result<void> {
      fn(tx);
      return {};
    }));
  }
  ::testing::AssertionResult Read(const std::function<void(app::ReadTx&)>& fn) {
    return Ok(store_->Read([&](app::ReadTx& tx) -> Result<void> {
      fn(tx);
      return {};
    }));
  }

  std::int64_t AddUser(const std::string& email, const std::string& name = "U") {
    std::int64_t id = 0;
    EXPECT_TRUE(Write([&](app::WriteTx& tx) {
      auto u = NewUser(email, name);
      tx.InsertUser(u);
      id = u.id;
    }));
    return id;
  }
  std::int64_t AddTicket(const Ticket& t) {
    std::int64_t id = 0;
    EXPECT_TRUE(Write([&](app::WriteTx& tx) {
      auto c = t;
      tx.InsertTicket(c);
      id = c.id;
    }));
    return id;
  }

  std::unique_ptr<app::Store> store_;
  std::filesystem::path dir_;
  std::string server_, db_name_, url_;
};

inline std::string StoreName(const ::testing::TestParamInfo<std::string>& param) { return param.param; }

}  // namespace chamado::store_test
