#include "adapters/sqlite/store.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

namespace chamado::sqlite {
namespace {

struct TempDb {
  std::filesystem::path dir;
  TempDb() {
    dir = std::filesystem::temp_directory_path() / ("chamado-store-" + std::to_string(::getpid()) + "-" +
                                                    std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::create_directories(dir);
  }
  ~TempDb() { std::filesystem::remove_all(dir); }
  std::filesystem::path db() const { return dir / "chamado.db"; }
};

User NewUser(const std::string& email) {
  User u;
  u.name = "U";
  u.email = email;
  u.created_at = u.updated_at = FromUnix(1000);
  return u;
}

Ticket NewTicketFor(std::int64_t requester) {
  Ticket t;
  t.requester_id = requester;
  t.submitter_id = requester;
  t.custom_status_id = 1;
  t.subject = "s";
  t.created_at = t.updated_at = FromUnix(1000);
  t.version = 1;
  return t;
}

TEST(SqliteStore, DurabilityPragmasAreInForce) {
  TempDb d;
  SqliteStore s(d.db(), true);
  EXPECT_EQ(s.Pragma("journal_mode"), "wal");
  EXPECT_EQ(s.Pragma("synchronous"), "2");  // FULL
  EXPECT_EQ(s.Pragma("foreign_keys"), "1");
  EXPECT_TRUE(s.Ready());
}

TEST(SqliteStore, MigrationsApplyOnceAndAreRecorded) {
  TempDb d;
  {
    SqliteStore s(d.db(), true);
    EXPECT_GE(s.migrations().applied, 1);
    EXPECT_EQ(s.migrations().current, LatestMigration());
  }
  SqliteStore again(d.db(), false);
  EXPECT_EQ(again.migrations().applied, 0);
  EXPECT_EQ(again.migrations().current, LatestMigration());
}

TEST(SqliteStore, ConcurrentWritersAllCommitWithIncreasingTicketIds) {
  TempDb d;
  SqliteStore s(d.db(), true);
  std::int64_t uid = 0;
  ASSERT_TRUE(s.Write([&](app::WriteTx& tx) -> Result<void> {
    auto u = NewUser("req@example.com");
    tx.InsertUser(u);
    uid = u.id;
    return {};
  }));
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  std::mutex mu;
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] {
      for (int j = 0; j < 25; ++j) {
        std::int64_t id = 0;
        auto r = s.Write([&](app::WriteTx& tx) -> Result<void> {
          auto t = NewTicketFor(uid);
          tx.InsertTicket(t);
          id = t.id;
          return {};
        });
        if (r) {
          ++ok;
          std::lock_guard lk(mu);
          ids.push_back(id);
        }
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 200);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());  // unique
  (void)s.Read([&](app::ReadTx& tx) -> Result<void> {
    auto page = tx.ListTickets({}, app::PageRequest{});
    EXPECT_EQ(page.count, 200);
    return {};
  });
}

TEST(SqliteStore, NotADatabaseFailsWithTheFileName) {
  TempDb d;
  { std::ofstream(d.db()) << "this is not sqlite at all, just text padding padding padding padding"; }
  try {
    SqliteStore s(d.db(), false);
    FAIL() << "expected an error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("not a database"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace chamado::sqlite
