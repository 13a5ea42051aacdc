#include "cli/cloud_code.h"

#include "format/mseignore.h"
#include "format/tar.h"

namespace mse::cli {

StatusOr<EncryptedCode> EncryptCode(CommandContext& ctx, const std::string& code_dir,
                                    const std::string& workspace, ByteView key,
                                    const crypto::NonceMap* nonces) {
  FileSystem& fs = *ctx.env.fs;
  if (!fs.IsDirectory(code_dir)) return NotFoundError("code directory " + code_dir + " not found");
  MSE_ASSIGN_OR_RETURN(format::MseIgnore ignore, format::MseIgnore::Load(fs, code_dir));
  const std::string encrypted = JoinPath(workspace, "encrypted_code");
  if (fs.Exists(encrypted))
    MSE_RETURN_IF_ERROR(fs.RemoveAll(encrypted).WithContext("removing the old " + encrypted));
  EncryptedCode out;
  {
    Spinner spinner(*ctx.terminal, "encrypting the code of " + code_dir);
    MSE_ASSIGN_OR_RETURN(out.nonces, crypto::EncryptDirectory(
                                         fs, *ctx.env.random, code_dir, encrypted, key,
                                         [&ignore](std::string_view, std::string_view base, bool is_dir) {
                                           return ignore.Ignores(base, is_dir);
                                         },
                                         nonces));
  }
  out.app_tar = JoinPath(workspace, "app.tar");
  MSE_RETURN_IF_ERROR(format::BuildDirectoryTar(encrypted, out.app_tar));
  ctx.terminal->Info("code encrypted (" + std::to_string(out.nonces.size()) + " files) into " + out.app_tar);
  return out;
}

}  // namespace mse::cli
