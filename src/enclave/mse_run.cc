#include "enclave/mse_run.h"

#include <sys/stat.h>

#include "format/provider_binding.h"
#include "format/tar.h"

namespace mse::enclave {
namespace {

constexpr uint64_t kMaxMseTomlBytes = 1 << 20;

}  // namespace

bool IsMseRunCommandLine(const std::vector<std::string>& args) {
  for (const auto& a : args) {
    if (a == "--application") return true;
  }
  return false;
}

std::vector<std::string> BootstrapArgv(const format::EnclaveArgs& run, const std::string& input_dir,
                                       const std::optional<std::string>& provider_key) {
  std::vector<std::string> argv = {"mse-enclave"};
  if (run.expiration) {
    argv.insert(argv.end(), {"--ratls", std::to_string(*run.expiration)});
  } else {
    argv.insert(argv.end(), {"--certificate", input_dir + "/fullchain.pem"});
  }
  argv.insert(argv.end(),
              {"--host", run.host, "--port", std::to_string(run.port), "--app-dir", input_dir + "/app",
               "--subject", run.subject, "--san", run.san, "--id", run.app_id});
  if (run.timeout_seconds > 0) argv.insert(argv.end(), {"--timeout", std::to_string(run.timeout_seconds)});
  if (provider_key) argv.insert(argv.end(), {"--provider-key", *provider_key});
  argv.insert(argv.end(), {"--attestation", "auto", "--sim-dir", kSimMountDir, "--enclave-size",
                           std::to_string(run.size_mb), run.application});
  return argv;
}

StatusOr<std::optional<std::string>> PackageProviderKey(FileSystem& fs, const std::string& input_dir) {
  const std::string path = input_dir + "/mse.toml";
  if (!fs.Exists(path)) return std::optional<std::string>();
  MSE_ASSIGN_OR_RETURN(auto file, fs.OpenForRead(path));
  MSE_ASSIGN_OR_RETURN(uint64_t size, file->Size());
  if (size > kMaxMseTomlBytes) {
    return InvalidArgumentError(path + " is " + std::to_string(size) +
                                " bytes: not an mse.toml (1 MiB at most)");
  }
  MSE_ASSIGN_OR_RETURN(std::string text, fs.ReadFile(path));
  auto key = format::FindProviderPublicKey(text, path);
  if (!key.ok()) return key.status().WithContext("mse-run: the package's mse.toml");
  if (!key->has_value()) return std::optional<std::string>();
  return std::optional<std::string>((*key)->Text());
}

Status UnpackApplication(const std::string& input_dir) {
  std::string app_dir = input_dir + "/app";
  struct stat st;
  if (::stat(app_dir.c_str(), &st) == 0) return Status::Ok();  // a restart: already unpacked
  auto members = format::ExtractTarSafely(input_dir + "/app.tar", app_dir, format::CodeTreeExtractLimits());
  if (!members.ok()) return members.status().WithContext("mse-run: cannot unpack the application");
  return Status::Ok();
}

}  // namespace mse::enclave
