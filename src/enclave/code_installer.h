// Puts the application code into MODULE_PATH from the *measured* app dir
// (formats.md §9 enclave side, Q-60; issue 13). The app dir's files were
// hashed once at startup (the measurement's code files); each file is read
// again here, and refused unless its SHA-256 is the measured one — as
// Gramine checks trusted files when they are opened — so a file changed
// after the measurement never reaches the interpreter.
//
//  - with a code key: every measured "*.enc" file is opened in memory
//    (secretbox, tag checked before any plaintext exists) and written without
//    ".enc"; other files are not copied;
//  - without: every measured file is copied, but an app dir holding "*.enc"
//    files is refused (the code cannot run without its key).
// All or nothing: on any failure MODULE_PATH is emptied again. MODULE_PATH
// itself is kept (on SGX it is an encrypted mount point).
#ifndef MSE_ENCLAVE_CODE_INSTALLER_H_
#define MSE_ENCLAVE_CODE_INSTALLER_H_

#include <string>

#include "attest/sim/measurement.h"
#include "base/env.h"
#include "base/status.h"

namespace mse::enclave {

class CodeInstaller {
 public:
  virtual ~CodeInstaller() = default;
  // InvalidArgument: encrypted code without a key, or a key for plaintext
  // code; DataLoss: a file that does not decrypt (naming it);
  // FailedPrecondition: a file changed since it was measured; OutOfRange: a
  // file over max_file_bytes; I/O errors as the file system reports them.
  virtual Status Install(const SecretBytes* code_key) = 0;
  // Removes everything under MODULE_PATH. Idempotent.
  virtual Status Clear() = 0;
};

struct CodeInstallerOptions {
  std::string app_dir;
  std::string module_path;
  attest::sim::CodeFileSet measured;  // relative path -> SHA-256, taken at startup
  uint64_t max_file_bytes = 256ull << 20;
};

// Not copyable.
class MeasuredCodeInstaller : public CodeInstaller {
 public:
  MeasuredCodeInstaller(FileSystem& fs, CodeInstallerOptions options)
      : fs_(fs), options_(std::move(options)) {}
  Status Install(const SecretBytes* code_key) override;
  Status Clear() override;

 private:
  Status InstallFile(const std::string& rel, const crypto::Sha256Digest& digest, const SecretBytes* code_key);
  StatusOr<std::string> ReadMeasured(const std::string& rel, const crypto::Sha256Digest& digest);

  FileSystem& fs_;
  CodeInstallerOptions options_;
};

// True when a measured file name ends with ".enc".
bool HasEncryptedFiles(const attest::sim::CodeFileSet& files);

// Empties `dir` (keeps it); OK when it does not exist.
Status RemoveDirectoryContents(FileSystem& fs, const std::string& dir);

}  // namespace mse::enclave

#endif  // MSE_ENCLAVE_CODE_INSTALLER_H_
