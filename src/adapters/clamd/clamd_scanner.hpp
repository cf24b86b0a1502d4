#pragma once
// VirusScanner talking to a clamd daemon (ClamAV) over its socket: `zINSTREAM`, the file in
// length-prefixed chunks, then the verdict ("stream: OK", "stream: <Signature> FOUND", or
// an error). The whole exchange, connection included, must finish within `timeout`;
// anything else (clamd down, too slow, an error reply) is ScanVerdict::kFailed with the
// reason, so the caller can refuse the upload rather than keep an unscanned file.
#include <chrono>
#include <cstddef>
#include <string>

#include "app/blobs.hpp"

namespace chamado::clamd {

struct ClamdOptions {
  std::string address;  // unix:/path/to/clamd.sock, HOST:PORT or [IPv6]:PORT
  std::chrono::milliseconds timeout{30000};
  std::size_t chunk_bytes = 64 * 1024;  // per INSTREAM chunk (clamd's limit is StreamMaxLength in all)
};

class ClamdScanner final : public app::VirusScanner {
 public:
  // Throws std::invalid_argument naming the address when it is malformed. Does not connect.
  explicit ClamdScanner(ClamdOptions options);

  app::ScanVerdict ScanFile(const std::string& path) override;
  // PING -> PONG within the timeout: empty when clamd answers, else what went wrong.
  std::string Ping();

  const std::string& address() const { return options_.address; }

 private:
  ClamdOptions options_;
  bool unix_ = false;
  std::string path_or_host_;
  std::string port_;
};

}  // namespace chamado::clamd
