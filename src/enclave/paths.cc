#include "enclave/paths.h"

namespace mse::enclave {

std::vector<std::pair<std::string, std::string>> EnclavePaths::Environment() const {
  return {{"HOME", home},
          {"SECRETS_PATH", secrets_path},
          {"SEALED_SECRETS_PATH", sealed_secrets_path},
          {"TMP_PATH", tmp_path},
          {"MODULE_PATH", module_path},
          {"KEY_PATH", key_path},
          {"PYTHONDONTWRITEBYTECODE", "1"},
          {"PYTHONUNBUFFERED", "1"},
          {"PYTHONPYCACHEPREFIX", tmp_path}};
}

}  // namespace mse::enclave
