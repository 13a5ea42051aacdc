#include "enclave/code_installer.h"

namespace mse::enclave {
namespace {
constexpr int kMaxDepth = 64;
}  // namespace

Status PlaintextCodeInstaller::Install(const std::string& app_dir, const std::string& module_path,
                                       const SecretBytes* code_key) {
  if (code_key != nullptr) {
    return InvalidArgumentError("a code key was given for plaintext code: the decrypting installer "
                                "(crypto_adapters) handles encrypted applications");
  }
  if (!fs_.IsDirectory(app_dir)) return NotFoundError("application directory " + app_dir + " not found");
  MSE_RETURN_IF_ERROR(fs_.CreateDirectories(module_path, FileMode::kSecret));
  return CopyTree(app_dir, module_path, 0);
}

Status PlaintextCodeInstaller::CopyTree(const std::string& from, const std::string& to, int depth) {
  if (depth > kMaxDepth) return OutOfRangeError("application directory nested too deeply: " + from);
  MSE_ASSIGN_OR_RETURN(auto entries, fs_.ListDirectory(from));
  for (const DirEntry& entry : entries) {
    std::string source = JoinPath(from, entry.name);
    std::string target = JoinPath(to, entry.name);
    if (entry.is_symlink) continue;
    if (entry.is_directory) {
      MSE_RETURN_IF_ERROR(fs_.CreateDirectories(target, FileMode::kNormal));
      MSE_RETURN_IF_ERROR(CopyTree(source, target, depth + 1));
    } else if (entry.is_regular) {
      MSE_ASSIGN_OR_RETURN(std::string data, fs_.ReadFile(source));
      MSE_RETURN_IF_ERROR(fs_.WriteFile(target, data, FileMode::kNormal));
    }
  }
  return Status::Ok();
}

bool IsConfigured(FileSystem& fs, const std::string& module_path) {
  if (!fs.IsDirectory(module_path)) return false;
  auto entries = fs.ListDirectory(module_path);
  return entries.ok() && !entries->empty();
}

}  // namespace mse::enclave
