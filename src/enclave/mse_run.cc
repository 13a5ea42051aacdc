#include "enclave/mse_run.h"

#include <sys/stat.h>


#include "format/tar.h"

namespace mse::enclave {
bool IsMseRunCommandLine(const std::vector<std::string>& args) {
  for (const auto& a : args) {
    if (a == "--application") return true;
  }
  return false;
}

std::vector<std::string> BootstrapArgv(const format::EnclaveArgs& run, const std::string& input_dir,
                                       bool has_fullchain) {
  std::vector<std::string> argv = {"mse-enclave"};
  if (has_fullchain) {
    argv.insert(argv.end(), {"--certificate", input_dir + "/fullchain.pem"});
  } else {
    argv.insert(argv.end(), {"--ratls", std::to_string(run.expiration.value_or(0))});
  }
  argv.insert(argv.end(), {"--host", run.host, "--port", std::to_string(run.port), "--app-dir",
                           input_dir + "/app", "--subject", run.subject, "--san", run.san, "--id", run.app_id});
  if (run.timeout_seconds > 0) argv.insert(argv.end(), {"--timeout", std::to_string(run.timeout_seconds)});
  argv.insert(argv.end(), {"--attestation", "auto", "--sim-dir", kSimMountDir, "--enclave-size",
                           std::to_string(run.size_mb), run.application});
  return argv;
}

Status UnpackApplication(const std::string& input_dir) {
  std::string app_dir = input_dir + "/app";
  struct stat st;
  if (::stat(app_dir.c_str(), &st) == 0) return Status::Ok();  // a restart: already unpacked
  auto members = format::ExtractTarSafely(input_dir + "/app.tar", app_dir);
  if (!members.ok()) return members.status().WithContext("mse-run: cannot unpack the application");
  return Status::Ok();
}

}  // namespace mse::enclave
