#pragma once
// The HTTP request and response as the router and handlers see them: plain values, so
// only server.cpp includes Beast.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace chamado::http {

struct Request {
  std::string method;                             // "GET", "POST", ...
  std::string target;                             // raw request target
  std::string path;                               // decoded path without query and without a trailing ".json"
  std::multimap<std::string, std::string> query;  // decoded keys and values ("page[size]")
  std::map<std::string, std::string> headers;     // lower-case names
  std::string body;
  std::string remote_addr;  // the TCP peer
  // Set by Api::Handle from [server] trusted_proxies: the believed client (X-Forwarded-For
  // only from a trusted peer) and whether the peer is a trusted proxy (X-Forwarded-* count).
  std::string client_addr;
  bool via_trusted_proxy = false;

  const std::string* Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? nullptr : &it->second;
  }
  const std::string* Query(const std::string& key) const {
    auto it = query.find(key);
    return it == query.end() ? nullptr : &it->second;
  }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

}  // namespace chamado::http
