// The real SecretsUnsealer and CodeDecryptor of mse-enclave, on top of
// src/crypto (sealed_box.h, code_dir.h). Tests use fakes instead.
#ifndef MSE_ENCLAVE_CRYPTO_ADAPTERS_H_
#define MSE_ENCLAVE_CRYPTO_ADAPTERS_H_

#include "base/env.h"
#include "enclave/code_installer.h"
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

// With a key: crypto::DecryptDirectory (*.enc only, Q-60). Without: a copy.
class EnclaveCodeDecryptor : public CodeDecryptor {
 public:
  explicit EnclaveCodeDecryptor(FileSystem& fs) : fs_(fs), copier_(fs) {}
  Status Install(const std::string& app_dir, const std::string& module_path,
                 const SecretBytes* code_key) override;

 private:
  FileSystem& fs_;
  PlaintextCodeInstaller copier_;
};

}  // namespace mse::enclave

#endif  // MSE_ENCLAVE_CRYPTO_ADAPTERS_H_
