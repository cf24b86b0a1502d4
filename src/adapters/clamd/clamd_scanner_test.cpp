// The clamd scanner against a real, private clamd (scripts/clamd-test.sh: clamd_up) whose only
// signature matches the marker CHAMADO-TEST-MALWARE-7f3a. CHAMADO_TEST_CLAMD names its socket;
// without it the tests that need clamd skip, saying so (scripts/test.sh always sets it).
// The failure cases (nothing listening, a daemon that never answers) need no clamd.
#include "adapters/clamd/clamd_scanner.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

namespace chamado::clamd {
namespace {

namespace fs = std::filesystem;
using Kind = app::ScanVerdict::Kind;
using namespace std::chrono_literals;

constexpr const char* kMarker = "CHAMADO-TEST-MALWARE-7f3a";

std::string Clamd() {
  const char* e = std::getenv("CHAMADO_TEST_CLAMD");
  return e ? e : "";
}

class Scan : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> n{0};
    dir_ = fs::temp_directory_path() / ("chamado-scan-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  std::string Write(const std::string& name, const std::string& bytes) {
    const auto p = (dir_ / name).string();
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
  fs::path dir_;
};

// The tests that scan for real: skipped, saying why, without a clamd.
class ScanWithClamd : public Scan {
 protected:
  void SetUp() override {
    if (Clamd().empty()) GTEST_SKIP() << "CHAMADO_TEST_CLAMD is not set (source scripts/clamd-test.sh; clamd_up)";
    Scan::SetUp();
  }
};

TEST_F(ScanWithClamd, ACleanFileIsClean) {
  ClamdScanner s({Clamd(), 10s});
  EXPECT_EQ(s.Ping(), "");
  auto v = s.ScanFile(Write("clean.txt", "an ordinary invoice, nothing to see\n"));
  EXPECT_EQ(v.kind, Kind::kClean) << v.detail;
  v = s.ScanFile(Write("empty", ""));
  EXPECT_EQ(v.kind, Kind::kClean) << v.detail;
}

TEST_F(ScanWithClamd, AMarkedFileIsInfectedWithTheSignaturesName) {
  ClamdScanner s({Clamd(), 10s});
  auto v = s.ScanFile(Write("invoice.pdf", std::string("%PDF-1.4 lorem ipsum ") + kMarker + " dolor\n"));
  EXPECT_EQ(v.kind, Kind::kInfected);
  EXPECT_NE(v.detail.find("Chamado.Test.Marker"), std::string::npos) << v.detail;
}

// The marker deep inside a multi-megabyte file, across many INSTREAM chunks, split over a
// chunk boundary on our side.
TEST_F(ScanWithClamd, TheMarkerIsFoundAcrossChunkBoundariesOfABigFile) {
  ClamdScanner s({Clamd(), 30s});
  std::string big(5 * 1024 * 1024, 'x');
  const std::size_t at = 3 * 64 * 1024 - 10;  // straddles the end of the third 64 KB chunk
  big.replace(at, std::string(kMarker).size(), kMarker);
  auto v = s.ScanFile(Write("big.bin", big));
  EXPECT_EQ(v.kind, Kind::kInfected) << v.detail;
  std::string clean(5 * 1024 * 1024, 'y');
  v = s.ScanFile(Write("big-clean.bin", clean));
  EXPECT_EQ(v.kind, Kind::kClean) << v.detail;
}

TEST_F(ScanWithClamd, ScansFromManyThreadsAtOnce) {
  ClamdScanner s({Clamd(), 30s});
  const auto clean = Write("c", std::string(200000, 'c'));
  const auto bad = Write("b", std::string(100000, 'b') + kMarker);
  std::atomic<int> wrong{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([&] {
      for (int i = 0; i < 5; ++i) {
        if (s.ScanFile(clean).kind != Kind::kClean) ++wrong;
        if (s.ScanFile(bad).kind != Kind::kInfected) ++wrong;
      }
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST_F(Scan, ClamdDownIsAFailureNamingTheAddress) {
  // A socket path nobody listens on (what a stopped clamd leaves behind is the same).
  const std::string addr = "unix:" + (dir_ / "clamd.sock").string();
  ClamdScanner s({addr, 2s});
  auto v = s.ScanFile(Write("f", "hello"));
  EXPECT_EQ(v.kind, Kind::kFailed);
  EXPECT_NE(v.detail.find(addr), std::string::npos) << v.detail;
  EXPECT_NE(s.Ping(), "");

  // TCP: a port on 127.0.0.1 that was just free.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
  socklen_t len = sizeof sa;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
  ::close(fd);
  ClamdScanner tcp({"127.0.0.1:" + std::to_string(ntohs(sa.sin_port)), 2s});
  v = tcp.ScanFile(Write("g", "hello"));
  EXPECT_EQ(v.kind, Kind::kFailed) << v.detail;
}

// A daemon that accepts and then says nothing: the scan gives up after the timeout, not
// after clamd's own minutes.
TEST_F(Scan, ASilentDaemonTimesOut) {
  const auto path = dir_ / "silent.sock";
  int srv = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un sa{};
  sa.sun_family = AF_UNIX;
  std::strncpy(sa.sun_path, path.c_str(), sizeof sa.sun_path - 1);
  ASSERT_EQ(::bind(srv, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
  ASSERT_EQ(::listen(srv, 4), 0);
  std::atomic<bool> stop{false};
  std::thread sink([&] {
    int c = ::accept(srv, nullptr, nullptr);
    char buf[65536];
    while (!stop && c >= 0 && ::recv(c, buf, sizeof buf, MSG_DONTWAIT) != 0) std::this_thread::sleep_for(5ms);
    if (c >= 0) ::close(c);
  });
  ClamdScanner s({"unix:" + path.string(), 300ms});
  const auto started = std::chrono::steady_clock::now();
  auto v = s.ScanFile(Write("f", "hello"));
  const auto took = std::chrono::steady_clock::now() - started;
  stop = true;
  sink.join();
  ::close(srv);
  EXPECT_EQ(v.kind, Kind::kFailed);
  EXPECT_NE(v.detail.find("timed out"), std::string::npos) << v.detail;
  EXPECT_LT(took, 3s);
}

TEST_F(Scan, MalformedAddressesAreRefusedUpFront) {
  for (const char* bad : {"", "clamd", "unix:", "host:", ":3310", "host:port", "host:70000", "host:0"})
    EXPECT_THROW(ClamdScanner({bad, 1s}), std::invalid_argument) << bad;
  EXPECT_NO_THROW(ClamdScanner({"127.0.0.1:3310", 1s}));
  EXPECT_NO_THROW(ClamdScanner({"[::1]:3310", 1s}));
  EXPECT_NO_THROW(ClamdScanner({"unix:/run/clamav/clamd.ctl", 1s}));
}

TEST_F(Scan, AnUnreadableFileIsAFailureNotClean) {
  ClamdScanner s({Clamd().empty() ? "unix:/nonexistent.sock" : Clamd(), 2s});
  auto v = s.ScanFile((dir_ / "missing").string());
  EXPECT_EQ(v.kind, Kind::kFailed);
  EXPECT_NE(v.detail.find("missing"), std::string::npos) << v.detail;
}

}  // namespace
}  // namespace chamado::clamd
