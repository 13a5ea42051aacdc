#include "crypto/hash.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdlib>

namespace mse::crypto {

struct Sha256Hasher::State {
  EVP_MD_CTX* ctx;
};

Sha256Digest Sha256(ByteView data) {
  Sha256Digest out;
  unsigned int len = 0;
  // EVP_Digest with SHA-256 cannot fail for in-memory input.
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr) != 1) {
    std::abort();
  }
  return out;
}

Sha256Hasher::Sha256Hasher() : state_(new State{EVP_MD_CTX_new()}) {
  if (state_->ctx == nullptr || EVP_DigestInit_ex(state_->ctx, EVP_sha256(), nullptr) != 1) {
    std::abort();
  }
}

Sha256Hasher::~Sha256Hasher() {
  EVP_MD_CTX_free(state_->ctx);
  delete state_;
}

void Sha256Hasher::Update(ByteView data) {
  if (EVP_DigestUpdate(state_->ctx, data.data(), data.size()) != 1) std::abort();
}

Sha256Digest Sha256Hasher::Finish() {
  Sha256Digest out;
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(state_->ctx, out.data(), &len) != 1) std::abort();
  return out;
}

Sha256Digest HmacSha256(ByteView key, ByteView data) {
  Sha256Digest out;
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), data.data(), data.size(),
           out.data(), &len) == nullptr) {
    std::abort();
  }
  return out;
}

}  // namespace mse::crypto
