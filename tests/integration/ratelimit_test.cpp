// Rate limits per user and per client address ([limits], off by default), the Zendesk
// headers with real figures, and [server] trusted_proxies deciding when X-Forwarded-* count.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness.hpp"

namespace it {
namespace {
namespace fs = std::filesystem;

// A help desk whose DATA/chamado.toml is `config`, with an agent and a customer.
struct ConfiguredDesk {
  std::string root = MakeTempDir("chamado-limits");
  std::string data = root + "/data";
  std::unique_ptr<Server> server;
  std::string agent_token, alice_token;

  explicit ConfiguredDesk(const std::string& config) {
    fs::create_directories(data);
    std::ofstream(data + "/chamado.toml") << config;
    server = std::make_unique<Server>(std::vector<std::string>{}, data);
    server->AddUser("agent@test.example", "Agent", "agent");
    server->AddUser("alice@customer.example", "Alice", "end-user");
    agent_token = server->Token("agent@test.example");
    alice_token = server->Token("alice@customer.example");
  }
  ~ConfiguredDesk() {
    server.reset();
    fs::remove_all(root);
  }
  Client Agent() { return Client(*server, "agent@test.example", agent_token); }
  Client Alice() { return Client(*server, "alice@customer.example", alice_token); }
  Client Anonymous() { return Client(*server); }
};

int HeaderInt(const Response& r, const std::string& name) {
  const auto v = r.Header(name);
  return v.empty() ? -1 : std::stoi(v);
}

void ExpectRefused(const Response& r, int limit, const std::string& what) {
  EXPECT_EQ(r.status, 429) << what << ": " << r.body;
  ASSERT_TRUE(r.json.is_object()) << what << ": " << r.body;
  EXPECT_EQ(r["error"].as_string(), "TooManyRequests") << what;
  EXPECT_FALSE(r["description"].as_string().empty()) << what;
  const int retry = HeaderInt(r, "Retry-After");
  EXPECT_GE(retry, 1) << what;
  EXPECT_LE(retry, 60 / limit + 1) << what;
  EXPECT_EQ(HeaderInt(r, "X-Rate-Limit"), limit) << what;
  EXPECT_EQ(HeaderInt(r, "X-Rate-Limit-Remaining"), 0) << what;
  EXPECT_EQ(HeaderInt(r, "ratelimit-remaining"), 0) << what;
  EXPECT_NE(r.Header("Content-Type").find("application/json"), std::string::npos) << what;
}

TEST(RateLimit, TheRequestOverAUsersLimitGets429AndOtherUsersGoOn) {
  ConfiguredDesk d("[limits]\nenabled = true\nper_user_per_minute = 5\n");
  auto agent = d.Agent();
  for (int i = 0; i < 5; ++i) {
    auto r = agent.Get("/api/v2/tickets.json");
    ASSERT_EQ(r.status, 200) << i << ": " << r.body;
    // Real figures, counting down; Retry-After never on a success.
    EXPECT_EQ(HeaderInt(r, "X-Rate-Limit"), 5);
    EXPECT_EQ(HeaderInt(r, "ratelimit-limit"), 5);
    EXPECT_EQ(HeaderInt(r, "X-Rate-Limit-Remaining"), 4 - i);
    EXPECT_EQ(HeaderInt(r, "ratelimit-remaining"), 4 - i);
    EXPECT_GE(HeaderInt(r, "ratelimit-reset"), 1);
    EXPECT_LE(HeaderInt(r, "ratelimit-reset"), 60);
    EXPECT_TRUE(r.Header("Retry-After").empty());
  }
  ExpectRefused(agent.Get("/api/v2/tickets.json"), 5, "6th request");
  // Every route of the user counts, whatever the method; the refusal costs nothing but
  // repeats until time passes.
  ExpectRefused(agent.Post("/api/v2/tickets.json", R"({"ticket":{"subject":"s","comment":{"body":"b"}}})"), 5,
                "a write");
  ExpectRefused(agent.Get("/api/v2/users/me.json"), 5, "another route");

  // Another user (same address) is unaffected and has a bucket of their own.
  auto alice = d.Alice().Get("/api/v2/requests.json");
  ASSERT_EQ(alice.status, 200) << alice.body;
  EXPECT_EQ(HeaderInt(alice, "X-Rate-Limit-Remaining"), 4);
  EXPECT_TRUE(alice.Header("Retry-After").empty());
  // Health checks are never limited.
  auto health = agent.Get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_TRUE(health.Header("Retry-After").empty());
  EXPECT_EQ(agent.Get("/readyz").status, 200);
  // Anonymous callers are counted per address only (default 1400 per minute).
  auto anon = d.Anonymous().Get("/api/v2/users/me.json");
  EXPECT_EQ(anon.status, 200) << anon.body;
  EXPECT_EQ(HeaderInt(anon, "X-Rate-Limit"), 1400);
}

TEST(RateLimit, ThePerAddressLimitIgnoresForwardedForFromAnUntrustedPeer) {
  // 127.0.0.1, where the tests connect from, is not a trusted proxy here.
  ConfiguredDesk d("[server]\ntrusted_proxies = \"10.0.0.0/8\"\n[limits]\nenabled = true\nper_ip_per_minute = 3\n");
  auto anon = d.Anonymous();
  for (int i = 0; i < 3; ++i) {
    // A client inventing a new X-Forwarded-For each time gains nothing.
    auto r = anon.Send("GET", "/api/v2/users/me.json", "", {{"X-Forwarded-For", "198.51.100." + std::to_string(i)}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(HeaderInt(r, "X-Rate-Limit"), 3);
    EXPECT_EQ(HeaderInt(r, "X-Rate-Limit-Remaining"), 2 - i);
  }
  ExpectRefused(anon.Send("GET", "/api/v2/users/me.json", "", {{"X-Forwarded-For", "203.0.113.99"}}), 3,
                "4th request from the same peer");
  // The address limit comes before authentication: a signed-in user from that address is
  // refused too, and so is an unknown route.
  ExpectRefused(d.Agent().Get("/api/v2/tickets.json"), 3, "signed in, same address");
  ExpectRefused(anon.Get("/api/v2/nothing-here"), 3, "unknown route");
  // Health checks still answer, with the address's figures and no Retry-After.
  auto health = anon.Get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_TRUE(health.Header("Retry-After").empty());
  EXPECT_EQ(HeaderInt(health, "X-Rate-Limit-Remaining"), 0);
}

TEST(RateLimit, ForwardedForFromATrustedProxyNamesTheClient) {
  // The default trusts loopback: the tests act as a reverse proxy on the same host.
  ConfiguredDesk d("[limits]\nenabled = true\nper_ip_per_minute = 2\n");
  auto proxy = d.Anonymous();
  auto as = [&](const std::string& xff) {
    return proxy.Send("GET", "/api/v2/users/me.json", "", {{"X-Forwarded-For", xff}});
  };
  EXPECT_EQ(as("198.51.100.1").status, 200);
  // A forged left-most entry does not change who the client is: the proxy appended the last.
  EXPECT_EQ(as("1.2.3.4, 198.51.100.1").status, 200);
  ExpectRefused(as("198.51.100.1"), 2, "third request of 198.51.100.1");
  auto other = as("198.51.100.2");
  EXPECT_EQ(other.status, 200) << other.body;
  EXPECT_EQ(HeaderInt(other, "X-Rate-Limit-Remaining"), 1);

  // The request log names the believed client and the proxy it came through.
  d.server->Stop();
  const auto log = d.server->stderr_text();
  EXPECT_NE(log.find(R"("remote":"198.51.100.2","peer":"127.0.0.1")"), std::string::npos) << log;
}

TEST(RateLimit, OffByDefaultWithZendesksFixedFiguresAndNoRetryAfter) {
  Desk d;
  auto agent = d.Agent();
  for (int i = 0; i < 760; ++i) {  // more than the default per-user limit of 700 would allow
    auto r = agent.Get(i % 2 ? "/api/v2/users/me.json" : "/api/v2/tickets.json?per_page=1");
    ASSERT_EQ(r.status, 200) << i << ": " << r.body;
    ASSERT_TRUE(r.Header("Retry-After").empty()) << i;
    ASSERT_EQ(r.Header("X-Rate-Limit"), "700");
    ASSERT_EQ(r.Header("X-Rate-Limit-Remaining"), "699");
    ASSERT_EQ(r.Header("ratelimit-reset"), "60");
  }
}

// ------------------------------------------------------------------ proxies and links

// X-Forwarded-Proto and -Host as a proxy sends them. (Two tests, one desk each: on PostgreSQL
// a test's desks share its one database.)
const httplib::Headers kForwarded{{"X-Forwarded-Proto", "https"}, {"X-Forwarded-Host", "desk.example.com"}};

TEST(RateLimitProxies, ForwardedProtoAndHostAreBelievedFromTrustedProxies) {
  // Default: loopback is trusted, links follow the proxy's headers.
  ConfiguredDesk d("");
  auto r = d.Agent().Send("GET", "/api/v2/users/me.json", "", kForwarded);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(std::string(r["user"].at("url").as_string()).starts_with("https://desk.example.com/api/v2/")) << r.body;
}

TEST(RateLimitProxies, ForwardedHeadersAreIgnoredWhenNoProxyIsTrusted) {
  // Trusting no one: links come from the Host header only.
  ConfiguredDesk d("[server]\ntrusted_proxies = \"\"\n");
  auto r = d.Agent().Send("GET", "/api/v2/users/me.json", "", kForwarded);
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string url(r["user"].at("url").as_string());
  EXPECT_TRUE(url.starts_with("http://127.0.0.1:" + std::to_string(d.server->port()) + "/api/v2/")) << url;
  EXPECT_EQ(url.find("desk.example.com"), std::string::npos) << url;
  // And X-Forwarded-For is not believed: the log names the peer.
  d.Anonymous().Send("GET", "/healthz", "", {{"X-Forwarded-For", "198.51.100.7"}});
  d.server->Stop();
  const auto log = d.server->stderr_text();
  EXPECT_EQ(log.find("198.51.100.7"), std::string::npos) << log;
  EXPECT_NE(log.find(R"("path":"/healthz","status":200)"), std::string::npos) << log;
}

TEST(RateLimitProxies, ABadTrustedProxiesListStopsTheServerNamingTheLine) {
  const auto root = MakeTempDir("chamado-proxies");
  const auto data = root + "/data";
  fs::create_directories(data);
  std::ofstream(data + "/chamado.toml") << "[server]\ntrusted_proxies = \"10.0.0.0/8, proxy.internal\"\n";
  auto r = RunCli({"serve", "--data", data, "--listen", "127.0.0.1:0"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(data + "/chamado.toml:2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("proxy.internal"), std::string::npos) << r.err;
  fs::remove_all(root);
}

}  // namespace
}  // namespace it
