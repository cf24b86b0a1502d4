#pragma once
// Who the client is behind a reverse proxy: `[server] trusted_proxies` lists the addresses
// (or CIDR networks) whose X-Forwarded-For/-Proto/-Host headers are believed. A request
// from any other peer is judged by the peer address alone.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"

namespace chamado::http {

// An IPv4 or IPv6 address. IPv4 is kept as an IPv4-mapped IPv6 address, so one matcher
// serves both families and a dual-stack peer "::ffff:10.0.0.1" is the same as "10.0.0.1".
struct IpAddress {
  std::array<std::uint8_t, 16> bytes{};
  bool v4 = false;

  // "10.0.0.1", "2001:db8::1", "::ffff:10.0.0.1"; X-Forwarded-For forms with a port or
  // brackets ("10.0.0.1:5678", "[2001:db8::1]:443") too. nullopt when it is none of these.
  static std::optional<IpAddress> Parse(std::string_view text);
  std::string ToString() const;
};

struct IpNetwork {
  IpAddress base;
  int prefix = 128;  // in IPv6 bits (an IPv4 /8 is stored as /104)
  bool Contains(const IpAddress& a) const;
};

// The believed client of one request.
struct ClientAddress {
  std::string address;        // what logs and per-IP limits use
  bool peer_trusted = false;  // the direct peer is a trusted proxy: X-Forwarded-* are believed
};

class TrustedProxies final {
 public:
  // A comma-separated list of addresses and CIDR networks: "127.0.0.0/8, ::1, 10.1.2.3".
  // An empty (or all-blank) list trusts no one. Errors name the bad entry.
  static Result<TrustedProxies> Parse(std::string_view list);
  // The default of `server.trusted_proxies`: loopback only (a proxy on the same host).
  static constexpr std::string_view kDefault = "127.0.0.0/8, ::1";

  bool Trusts(const IpAddress& a) const;
  bool Trusts(std::string_view address) const;
  bool empty() const { return nets_.empty(); }

  // The peer itself unless it is trusted; then the right-most X-Forwarded-For entry that is
  // not a trusted proxy (entries to its left were written by the client and are not
  // believed). When every entry is trusted, the left-most one; an unparsable entry stops the
  // walk at the last trusted hop.
  ClientAddress Client(std::string_view peer, const std::string* x_forwarded_for) const;

 private:
  std::vector<IpNetwork> nets_;
};

// The key per-IP limits count under: the address itself, or its /64 network for IPv6
// (one host commonly holds a whole /64, so per-address counting would be no limit at all).
std::string RateLimitKey(std::string_view address);

}  // namespace chamado::http
