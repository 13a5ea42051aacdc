#include "enclave/crypto_adapters.h"

#include "crypto/code_dir.h"
#include "crypto/sealed_box.h"

namespace mse::enclave {

StatusOr<SecretBytes> SealedBoxUnsealer::Unseal(ByteView sealed) {
  return crypto::SealedBoxOpen(secret_.view(), sealed);
}

Status EnclaveCodeDecryptor::Install(const std::string& app_dir, const std::string& module_path,
                                     const SecretBytes* code_key) {
  if (code_key == nullptr) return copier_.Install(app_dir, module_path, nullptr);
  return crypto::DecryptDirectory(fs_, app_dir, module_path, code_key->view());
}

}  // namespace mse::enclave
