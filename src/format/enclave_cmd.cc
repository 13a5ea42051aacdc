#include "format/enclave_cmd.h"

#include <map>

namespace mse::format {
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
    return InvalidArgumentError("enclave command: invalid value '" + text + "' for --" + key + ": expected an integer");
  }
  return value;
}

}  // namespace

std::vector<std::string> EnclaveCmd(const EnclaveArgs& a) {
  std::vector<std::string> cmd = {"--size", std::to_string(a.size_mb) + "M", "--subject", a.subject, "--san", a.san,
                                  "--id", a.app_id, "--application", a.application};
  if (a.expiration) cmd.insert(cmd.end(), {"--expiration", std::to_string(*a.expiration)});
  cmd.insert(cmd.end(), {"--host", a.host, "--port", std::to_string(a.port)});
  if (a.timeout_seconds > 0) cmd.insert(cmd.end(), {"--timeout", std::to_string(a.timeout_seconds)});
  return cmd;
}

StatusOr<EnclaveArgs> ParseEnclaveCmd(const std::vector<std::string>& cmd) {
  std::map<std::string, std::string> pairs;
  for (size_t i = 0; i < cmd.size(); ++i) {
    if (cmd[i].rfind("--", 0) != 0) return InvalidArgumentError("enclave command: unexpected argument '" + cmd[i] + "'");
    bool flag = i + 1 >= cmd.size() || cmd[i + 1].rfind("--", 0) == 0;
    pairs[cmd[i].substr(2)] = flag ? "true" : cmd[i + 1];
    if (!flag) ++i;
  }
  for (const char* required : {"size", "subject", "san", "id", "application"}) {
    if (!pairs.count(required)) {
      return InvalidArgumentError(std::string("enclave command: --") + required + " is missing (not started by mse home spawn?)");
    }
  }
  EnclaveArgs a;
  MSE_ASSIGN_OR_RETURN(a.size_mb, ToInteger("size", pairs["size"]));
  a.subject = pairs["subject"];
  a.san = pairs["san"];
  a.app_id = pairs["id"];
  a.application = pairs["application"];
  if (pairs.count("expiration")) {
    MSE_ASSIGN_OR_RETURN(a.expiration, ToInteger("expiration", pairs["expiration"]));
  }
  if (pairs.count("host")) a.host = pairs["host"];
  if (pairs.count("port")) {
    MSE_ASSIGN_OR_RETURN(int64_t port, ToInteger("port", pairs["port"]));
    if (port < 0 || port > 65535) return InvalidArgumentError("enclave command: --port must be between 0 and 65535");
    a.port = static_cast<int>(port);
  }
  if (pairs.count("timeout")) {
    MSE_ASSIGN_OR_RETURN(a.timeout_seconds, ToInteger("timeout", pairs["timeout"]));
  }
  return a;
}

}  // namespace mse::format
