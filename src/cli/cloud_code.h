// The code a cloud app runs, encrypted on the client (formats.md §9, §12):
// the code directory with `.mseignore` applied, every file but
// requirements.txt encrypted with the 32-byte code key, in
// <workspace>/encrypted_code, then tarred into <workspace>/app.tar.
// With the nonces of a context the ciphertext is identical to what was
// deployed (`cloud verify --context`).
#ifndef MSE_CLI_CLOUD_CODE_H_
#define MSE_CLI_CLOUD_CODE_H_

#include <string>

#include "cli/command_spec.h"
#include "crypto/code_dir.h"

namespace mse::cli {

struct EncryptedCode {
  std::string app_tar;
  crypto::NonceMap nonces;
};

// Replaces <workspace>/encrypted_code and <workspace>/app.tar. `nonces`
// null: fresh random nonces. Errors name the file involved.
StatusOr<EncryptedCode> EncryptCode(CommandContext& ctx, const std::string& code_dir,
                                    const std::string& workspace, ByteView key,
                                    const crypto::NonceMap* nonces);

}  // namespace mse::cli

#endif  // MSE_CLI_CLOUD_CODE_H_
