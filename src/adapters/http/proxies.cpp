#include "adapters/http/proxies.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace chamado::http {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> SplitCommas(std::string_view s) {
  std::vector<std::string_view> out;
  for (;;) {
    auto comma = s.find(',');
    out.push_back(Trim(s.substr(0, comma)));
    if (comma == std::string_view::npos) return out;
    s.remove_prefix(comma + 1);
  }
}

// inet_pton for one family on a NUL-terminated copy; false when it does not parse.
bool Pton(int family, std::string_view text, void* out) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return false;
  char buf[INET6_ADDRSTRLEN];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  return inet_pton(family, buf, out) == 1;
}

std::optional<IpAddress> ParseBare(std::string_view text) {
  IpAddress a;
  unsigned char v4[4];
  if (Pton(AF_INET, text, v4)) {
    a.bytes[10] = a.bytes[11] = 0xff;
    std::memcpy(a.bytes.data() + 12, v4, 4);
    a.v4 = true;
    return a;
  }
  if (Pton(AF_INET6, text, a.bytes.data())) {
    static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    a.v4 = std::memcmp(a.bytes.data(), kMapped, 12) == 0;
    return a;
  }
  return std::nullopt;
}

}  // namespace

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
  text = Trim(text);
  if (text.starts_with('[')) {  // "[v6]" or "[v6]:port"
    auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    return ParseBare(text.substr(1, close - 1));
  }
  if (auto a = ParseBare(text)) return a;
  // "v4:port": exactly one colon (an IPv6 address has at least two).
  if (auto colon = text.find(':');
      colon != std::string_view::npos && text.find(':', colon + 1) == std::string_view::npos)
    if (auto a = ParseBare(text.substr(0, colon)); a && a->v4) return a;
  return std::nullopt;
}

std::string IpAddress::ToString() const {
  char buf[INET6_ADDRSTRLEN] = {};
  if (v4)
    inet_ntop(AF_INET, bytes.data() + 12, buf, sizeof buf);
  else
    inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf);
  return buf;
}

bool IpNetwork::Contains(const IpAddress& a) const {
  int bits = prefix;
  for (std::size_t i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    const std::uint8_t mask = bits >= 8 ? 0xff : static_cast<std::uint8_t>(0xff << (8 - bits));
    if ((a.bytes[i] & mask) != (base.bytes[i] & mask)) return false;
  }
  return true;
}

Result<TrustedProxies> TrustedProxies::Parse(std::string_view list) {
  TrustedProxies t;
  if (Trim(list).empty()) return t;
  for (auto entry : SplitCommas(list)) {
    const std::string shown(entry);
    auto slash = entry.find('/');
    auto addr = ParseBare(entry.substr(0, slash));
    if (!addr) return Fail(Error::BadRequest("'" + shown + "' is not an IP address or CIDR network"));
    const int max = addr->v4 ? 32 : 128;
    int prefix = max;
    if (slash != std::string_view::npos) {
      auto digits = entry.substr(slash + 1);
      if (digits.empty() || digits.size() > 3 ||
          !std::all_of(digits.begin(), digits.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
        return Fail(Error::BadRequest("'" + shown + "': the prefix length must be a number"));
      prefix = std::stoi(std::string(digits));
      if (prefix > max)
        return Fail(Error::BadRequest("'" + shown + "': the prefix length must be 0 to " + std::to_string(max)));
    }
    t.nets_.push_back(IpNetwork{*addr, addr->v4 ? prefix + 96 : prefix});
  }
  return t;
}

bool TrustedProxies::Trusts(const IpAddress& a) const {
  return std::any_of(nets_.begin(), nets_.end(), [&](const IpNetwork& n) { return n.Contains(a); });
}

bool TrustedProxies::Trusts(std::string_view address) const {
  auto a = IpAddress::Parse(address);
  return a && Trusts(*a);
}

ClientAddress TrustedProxies::Client(std::string_view peer, const std::string* x_forwarded_for) const {
  ClientAddress c{std::string(peer), false};
  auto p = IpAddress::Parse(peer);
  if (!p) return c;
  c.address = p->ToString();  // "::ffff:10.0.0.1" from a dual-stack socket reads "10.0.0.1"
  if (!Trusts(*p)) return c;
  c.peer_trusted = true;
  if (!x_forwarded_for) return c;
  auto hops = SplitCommas(*x_forwarded_for);
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    auto a = IpAddress::Parse(*it);
    if (!a) break;  // garbage: keep the last trusted hop
    c.address = a->ToString();
    if (!Trusts(*a)) break;
  }
  return c;
}

std::string RateLimitKey(std::string_view address) {
  auto a = IpAddress::Parse(address);
  if (!a) return std::string(address);
  if (a->v4) return a->ToString();
  std::fill(a->bytes.begin() + 8, a->bytes.end(), 0);
  return a->ToString() + "/64";
}

}  // namespace chamado::http
