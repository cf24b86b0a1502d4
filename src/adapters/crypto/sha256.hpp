#pragma once
// An incremental SHA-256 (OpenSSL EVP) for data that arrives in pieces: blob files read in
// chunks, rows checksummed during `store copy`. Hex() ends it; one object per digest.
#include <cstddef>
#include <string>

struct evp_md_ctx_st;

namespace chamado::crypto {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(const char* p, std::size_t n);
  std::string Hex();  // lower-case hex of the digest

 private:
  evp_md_ctx_st* ctx_;
};

}  // namespace chamado::crypto
