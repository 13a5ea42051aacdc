// A CodeDecryptor for plaintext code: copies the app directory into
// MODULE_PATH (formats.md §9: "without a key, the whole app dir is copied
// as-is"). Given a key it refuses (InvalidArgument): encrypted code goes
// through the decrypting installer of crypto_adapters.h, which uses this one
// only for plaintext code.
#ifndef MSE_ENCLAVE_CODE_INSTALLER_H_
#define MSE_ENCLAVE_CODE_INSTALLER_H_

#include "base/env.h"
#include "enclave/config_server.h"

namespace mse::enclave {

class PlaintextCodeInstaller : public CodeDecryptor {
 public:
  explicit PlaintextCodeInstaller(FileSystem& fs) : fs_(fs) {}
  // Copies regular files and directories recursively (symlinks are skipped).
  Status Install(const std::string& app_dir, const std::string& module_path,
                 const SecretBytes* code_key) override;

 private:
  Status CopyTree(const std::string& from, const std::string& to, int depth);
  FileSystem& fs_;
};

// True when MODULE_PATH exists and holds at least one entry: the enclave was
// configured before (Q-45: a restart skips the configuration server).
bool IsConfigured(FileSystem& fs, const std::string& module_path);

}  // namespace mse::enclave

#endif  // MSE_ENCLAVE_CODE_INSTALLER_H_
