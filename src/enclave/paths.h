// The enclave's file-system layout and process environment (formats.md
// §16, the paths table). Defaults are the in-enclave paths; every one can be
// overridden (mse-enclave --home ...) to run the runtime on a host.
#ifndef MSE_ENCLAVE_PATHS_H_
#define MSE_ENCLAVE_PATHS_H_

#include <string>
#include <utility>
#include <vector>

namespace mse::enclave {

struct EnclavePaths {
  std::string home = "/root";
  std::string secrets_path = "/root/.cache/mse/secrets.json";
  std::string sealed_secrets_path = "/root/.cache/mse/sealed_secrets.json";
  std::string tmp_path = "/tmp";
  std::string module_path = "/mse-app";
  std::string key_path = "/key";

  // KEY_PATH files (docs/sealed-state.md). The sealed state holds every
  // secret; the certificate and the X25519 public key get public copies.
  std::string StateFile() const { return key_path + "/state.sealed"; }
  std::string RatlsCertificateFile() const { return key_path + "/cert.ratls.pem"; }
  std::string EnclavePublicKeyFile() const { return key_path + "/enclave.pub"; }
  // Plain key files of earlier runtimes (formats.md §16): removed at start.
  std::string RatlsKeyFile() const { return key_path + "/key.ratls.pem"; }
  std::string EnclaveSecretKeyFile() const { return key_path + "/enclave.key"; }
  std::string CodeKeyFile() const { return key_path + "/code.key"; }
  std::string OwnerKeyFile() const { return key_path + "/key.pem"; }

  // HOME, SECRETS_PATH, SEALED_SECRETS_PATH, TMP_PATH, MODULE_PATH,
  // KEY_PATH, then PYTHONDONTWRITEBYTECODE=1, PYTHONUNBUFFERED=1 and
  // PYTHONPYCACHEPREFIX=TMP_PATH.
  std::vector<std::pair<std::string, std::string>> Environment() const;
};

}  // namespace mse::enclave

#endif  // MSE_ENCLAVE_PATHS_H_
