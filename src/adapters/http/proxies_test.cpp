#include "adapters/http/proxies.hpp"

#include <gtest/gtest.h>

namespace chamado::http {
namespace {

TrustedProxies Make(std::string_view list) {
  auto t = TrustedProxies::Parse(list);
  EXPECT_TRUE(t) << list << ": " << t.error().description;
  return t ? *t : TrustedProxies{};
}

TEST(TrustedProxies, ParsesAddressesAndNetworksOfBothFamilies) {
  auto t = Make("10.0.0.0/8, 192.168.1.7 ,2001:db8::/32,::1");
  EXPECT_TRUE(t.Trusts("10.200.3.4"));
  EXPECT_FALSE(t.Trusts("11.0.0.1"));
  EXPECT_TRUE(t.Trusts("192.168.1.7"));
  EXPECT_FALSE(t.Trusts("192.168.1.8"));
  EXPECT_TRUE(t.Trusts("2001:db8:ffff::1"));
  EXPECT_FALSE(t.Trusts("2001:db9::1"));
  EXPECT_TRUE(t.Trusts("::1"));
  EXPECT_FALSE(t.Trusts("127.0.0.1"));
  EXPECT_TRUE(t.Trusts("::ffff:10.1.1.1")) << "a dual-stack peer is its IPv4 address";
  EXPECT_FALSE(t.Trusts("not an address"));
  EXPECT_TRUE(Make("0.0.0.0/0").Trusts("203.0.113.9"));
  EXPECT_FALSE(Make("0.0.0.0/0").Trusts("2001:db8::1")) << "an IPv4 network holds no IPv6 address";
  EXPECT_TRUE(Make("10.1.2.3/31").Trusts("10.1.2.2"));
  EXPECT_FALSE(Make("10.1.2.3/31").Trusts("10.1.2.4"));
}

TEST(TrustedProxies, AnEmptyListTrustsNoOneAndTheDefaultIsLoopback) {
  EXPECT_TRUE(Make("").empty());
  EXPECT_TRUE(Make("  ").empty());
  EXPECT_FALSE(Make("").Trusts("127.0.0.1"));
  auto d = Make(TrustedProxies::kDefault);
  EXPECT_TRUE(d.Trusts("127.0.0.1"));
  EXPECT_TRUE(d.Trusts("127.9.9.9"));
  EXPECT_TRUE(d.Trusts("::1"));
  EXPECT_FALSE(d.Trusts("10.0.0.1"));
}

TEST(TrustedProxies, BadEntriesAreErrorsNamingThem) {
  for (std::string_view bad : {"10.0.0.0/33", "::/129", "10.0.0.1/x", "10.0.0.1/", "localhost", "10.0.0.1,,::1",
                               "10.0.0.256", "10.0.0.1/-1"}) {
    auto t = TrustedProxies::Parse(bad);
    ASSERT_FALSE(t) << bad;
    EXPECT_NE(t.error().description.find('\''), std::string::npos) << t.error().description;
  }
  auto t = TrustedProxies::Parse("10.0.0.1, nope");
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().description.find("'nope'"), std::string::npos) << t.error().description;
}

TEST(TrustedProxies, ForwardedForIsBelievedOnlyFromATrustedPeer) {
  auto t = Make("10.0.0.0/8");
  const std::string xff = "198.51.100.7";
  auto direct = t.Client("203.0.113.5", &xff);
  EXPECT_EQ(direct.address, "203.0.113.5");
  EXPECT_FALSE(direct.peer_trusted);
  auto proxied = t.Client("10.0.0.2", &xff);
  EXPECT_EQ(proxied.address, "198.51.100.7");
  EXPECT_TRUE(proxied.peer_trusted);
  auto no_header = t.Client("10.0.0.2", nullptr);
  EXPECT_EQ(no_header.address, "10.0.0.2");
  EXPECT_TRUE(no_header.peer_trusted);
}

TEST(TrustedProxies, TheRightMostUntrustedAddressIsTheClient) {
  auto t = Make("10.0.0.0/8");
  // The client forged the left-most entry; our proxies appended the rest.
  const std::string chain = "1.2.3.4, 198.51.100.7, 10.0.0.9, 10.0.0.8";
  EXPECT_EQ(t.Client("10.0.0.2", &chain).address, "198.51.100.7");
  // Every hop trusted: the left-most one.
  const std::string all_trusted = "10.1.1.1, 10.2.2.2";
  EXPECT_EQ(t.Client("10.0.0.2", &all_trusted).address, "10.1.1.1");
  // Garbage stops the walk at the last trusted hop.
  const std::string garbage = "198.51.100.7, unknown, 10.0.0.9";
  EXPECT_EQ(t.Client("10.0.0.2", &garbage).address, "10.0.0.9");
  const std::string garbage_first = "evil\"}";
  EXPECT_EQ(t.Client("10.0.0.2", &garbage_first).address, "10.0.0.2");
  // Ports and brackets some proxies add.
  const std::string ports = "198.51.100.7:5555, [2001:db8::5]:443";
  EXPECT_EQ(t.Client("10.0.0.2", &ports).address, "2001:db8::5");
  const std::string v4port = "198.51.100.7:5555";
  EXPECT_EQ(t.Client("10.0.0.2", &v4port).address, "198.51.100.7");
}

TEST(TrustedProxies, AddressesAreNormalised) {
  auto t = Make("");
  EXPECT_EQ(t.Client("::ffff:192.0.2.1", nullptr).address, "192.0.2.1");
  EXPECT_EQ(t.Client("2001:DB8:0:0::1", nullptr).address, "2001:db8::1");
  EXPECT_EQ(RateLimitKey("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
  EXPECT_EQ(RateLimitKey("192.0.2.1"), "192.0.2.1");
  EXPECT_EQ(RateLimitKey("::ffff:192.0.2.1"), "192.0.2.1");
}

}  // namespace
}  // namespace chamado::http
