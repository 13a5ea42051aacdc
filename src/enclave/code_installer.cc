#include "enclave/code_installer.h"

#include "base/encoding.h"
#include "crypto/secretbox.h"

namespace mse::enclave {
namespace {

constexpr std::string_view kEncSuffix = ".enc";

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

bool HasEncryptedFiles(const attest::sim::CodeFileSet& files) {
  for (const auto& [rel, digest] : files) {
    if (EndsWith(rel, kEncSuffix)) return true;
  }
  return false;
}

Status RemoveDirectoryContents(FileSystem& fs, const std::string& dir) {
  if (!fs.IsDirectory(dir)) return Status::Ok();
  MSE_ASSIGN_OR_RETURN(auto entries, fs.ListDirectory(dir));
  for (const DirEntry& entry : entries) {
    std::string path = JoinPath(dir, entry.name);
    Status removed = entry.is_directory && !entry.is_symlink ? fs.RemoveAll(path) : fs.RemoveFile(path);
    if (!removed.ok()) return removed.WithContext("emptying " + dir);
  }
  return Status::Ok();
}

Status MeasuredCodeInstaller::Clear() { return RemoveDirectoryContents(fs_, options_.module_path); }

Status MeasuredCodeInstaller::Install(const SecretBytes* code_key) {
  bool encrypted = HasEncryptedFiles(options_.measured);
  if (encrypted && code_key == nullptr) {
    return InvalidArgumentError(
        "the application directory holds encrypted files (*.enc) but the configuration "
        "carries no code key: send code_secret_key, or put it in the sealed secrets");
  }
  if (!encrypted && code_key != nullptr) {
    return InvalidArgumentError(
        "a code key was sent but the application directory holds no encrypted file "
        "(*.enc): the package's code is plaintext");
  }
  MSE_RETURN_IF_ERROR(Clear());
  MSE_RETURN_IF_ERROR(fs_.CreateDirectories(options_.module_path, FileMode::kSecret));
  for (const auto& [rel, digest] : options_.measured) {
    Status installed = InstallFile(rel, digest, code_key);
    if (!installed.ok()) {
      (void)Clear();
      return installed;
    }
  }
  return Status::Ok();
}

StatusOr<std::string> MeasuredCodeInstaller::ReadMeasured(const std::string& rel,
                                                          const crypto::Sha256Digest& digest) {
  const std::string path = JoinPath(options_.app_dir, rel);
  MSE_ASSIGN_OR_RETURN(auto file, fs_.OpenForRead(path));
  MSE_ASSIGN_OR_RETURN(uint64_t size, file->Size());
  if (size > options_.max_file_bytes) {
    return OutOfRangeError(path + " is " + std::to_string(size) + " bytes, over the " +
                           std::to_string(options_.max_file_bytes) + "-byte limit of an application file");
  }
  MSE_ASSIGN_OR_RETURN(std::string data, fs_.ReadFile(path));
  crypto::Sha256Digest found = crypto::Sha256(AsBytes(data));
  if (found != digest) {
    return FailedPreconditionError(path + " changed since the enclave measured it at startup (SHA-256 " +
                                   HexEncode(digest) + " measured, " + HexEncode(found) +
                                   " now): refusing to run code outside the measurement");
  }
  return data;
}

Status MeasuredCodeInstaller::InstallFile(const std::string& rel, const crypto::Sha256Digest& digest,
                                          const SecretBytes* code_key) {
  bool enc = EndsWith(rel, kEncSuffix);
  if (code_key != nullptr && !enc) return Status::Ok();  // only the decrypted code
  MSE_ASSIGN_OR_RETURN(std::string data, ReadMeasured(rel, digest));
  std::string target_rel = code_key != nullptr ? rel.substr(0, rel.size() - kEncSuffix.size()) : rel;
  const std::string target = JoinPath(options_.module_path, target_rel);
  MSE_RETURN_IF_ERROR(fs_.CreateDirectories(DirName(target), FileMode::kSecret));
  if (code_key == nullptr) return fs_.WriteFile(target, data, FileMode::kSecret);
  auto plain = crypto::SecretboxOpen(code_key->view(), AsBytes(data));
  if (!plain.ok()) {
    return DataLossError(JoinPath(options_.app_dir, rel) +
                         " does not decrypt with the code key: " + plain.status().message());
  }
  return fs_.WriteFile(target, plain->view(), FileMode::kSecret);
}

}  // namespace mse::enclave
