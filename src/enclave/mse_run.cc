#include "enclave/mse_run.h"

#include <sys/stat.h>

#include <map>

#include "format/tar.h"

namespace mse::enclave {
namespace {

StatusOr<int64_t> ToInteger(const std::string& key, std::string text) {
  if (key == "size" && !text.empty() && (text.back() == 'M' || text.back() == 'm')) text.pop_back();
  size_t used = 0;
  int64_t value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size()) {
    return UsageError("mse-run: invalid value '" + text + "' for --" + key + ": expected an integer");
  }
  return value;
}

}  // namespace

bool IsMseRunCommandLine(const std::vector<std::string>& args) {
  for (const auto& a : args) {
    if (a == "--application") return true;
  }
  return false;
}

StatusOr<MseRunArguments> ParseMseRunArguments(const std::vector<std::string>& args) {
  std::map<std::string, std::string> pairs;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].rfind("--", 0) != 0) return UsageError("mse-run: unexpected argument '" + args[i] + "'");
    bool flag = i + 1 >= args.size() || args[i + 1].rfind("--", 0) == 0;
    pairs[args[i].substr(2)] = flag ? "true" : args[i + 1];
    if (!flag) ++i;
  }
  for (const char* required : {"size", "subject", "san", "id", "application"}) {
    if (!pairs.count(required)) return UsageError(std::string("mse-run: --") + required + " is required");
  }
  MseRunArguments run;
  MSE_ASSIGN_OR_RETURN(run.size_mb, ToInteger("size", pairs["size"]));
  run.subject = pairs["subject"];
  run.san = pairs["san"];
  run.app_id = pairs["id"];
  run.application = pairs["application"];
  if (pairs.count("expiration")) {
    MSE_ASSIGN_OR_RETURN(run.expiration, ToInteger("expiration", pairs["expiration"]));
  }
  if (pairs.count("host")) run.host = pairs["host"];
  if (pairs.count("port")) {
    MSE_ASSIGN_OR_RETURN(int64_t port, ToInteger("port", pairs["port"]));
    if (port < 0 || port > 65535) return UsageError("mse-run: --port must be between 0 and 65535");
    run.port = static_cast<int>(port);
  }
  if (pairs.count("timeout")) {
    MSE_ASSIGN_OR_RETURN(run.timeout_seconds, ToInteger("timeout", pairs["timeout"]));
  }
  return run;
}

std::vector<std::string> BootstrapArgv(const MseRunArguments& run, const std::string& input_dir,
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
