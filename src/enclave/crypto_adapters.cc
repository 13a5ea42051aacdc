#include "enclave/crypto_adapters.h"

#include "crypto/sealed_box.h"

namespace mse::enclave {

StatusOr<SecretBytes> SealedBoxUnsealer::Unseal(ByteView sealed) {
  return crypto::SealedBoxOpen(secret_.view(), sealed);
}

}  // namespace mse::enclave
