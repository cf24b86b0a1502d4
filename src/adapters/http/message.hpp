#pragma once
// The HTTP request and response as the router and handlers see them: plain values, so
// only server.cpp includes Beast.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/blobs.hpp"

namespace chamado::http {

struct Request {
  std::string method;                             // "GET", "POST", ...
  std::string target;                             // raw request target
  std::string path;                               // decoded path without query and without a trailing ".json"
  std::multimap<std::string, std::string> query;  // decoded keys and values ("page[size]")
  std::map<std::string, std::string> headers;     // lower-case names
  std::string body;
  // Bodies the server spools instead of buffering (ServerOptions::spools_body: uploads): the
  // body written to this temporary file as it arrived (body stays empty). The server deletes
  // the file after the handler returns; a handler that keeps the bytes copies them away.
  std::string body_file;
  std::uint64_t body_size = 0;
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
  // A streamed body (downloads): when set, `body` is ignored and the server sends
  // stream->Size() bytes read chunk by chunk off the io threads, so memory stays flat.
  std::shared_ptr<app::BlobReader> stream;
};

}  // namespace chamado::http
