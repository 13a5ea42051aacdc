// Hashes and MACs used across mse (OpenSSL EVP underneath).
#ifndef MSE_CRYPTO_HASH_H_
#define MSE_CRYPTO_HASH_H_

#include <array>

#include "base/bytes.h"

namespace mse::crypto {

using Sha256Digest = std::array<uint8_t, 32>;

Sha256Digest Sha256(ByteView data);

// Incremental SHA-256 for data that does not fit in memory. Not copyable.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;
  void Update(ByteView data);
  Sha256Digest Finish();

 private:
  struct State;
  State* state_;
};

Sha256Digest HmacSha256(ByteView key, ByteView data);

}  // namespace mse::crypto

#endif  // MSE_CRYPTO_HASH_H_
