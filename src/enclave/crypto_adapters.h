// The real SecretsUnsealer of mse-enclave, on top of src/crypto
// (sealed_box.h). Tests use fakes instead. (Code decryption is
// MeasuredCodeInstaller, code_installer.h.)
#ifndef MSE_ENCLAVE_CRYPTO_ADAPTERS_H_
#define MSE_ENCLAVE_CRYPTO_ADAPTERS_H_

#include "enclave/config_server.h"

namespace mse::enclave {

// Opens sealed boxes with the enclave's X25519 secret key (copied in).
class SealedBoxUnsealer : public SecretsUnsealer {
 public:
  explicit SealedBoxUnsealer(ByteView enclave_secret_key) : secret_(enclave_secret_key) {}
  StatusOr<SecretBytes> Unseal(ByteView sealed) override;

 private:
  SecretBytes secret_;
};

}  // namespace mse::enclave

#endif  // MSE_ENCLAVE_CRYPTO_ADAPTERS_H_
