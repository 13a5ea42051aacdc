#include "cli/enclave_container.h"

#include <map>

namespace mse::cli {

std::vector<std::string> EnclaveCmd(const EnclaveArgs& a) {
  std::vector<std::string> cmd = {"--size", std::to_string(a.size_mb) + "M", "--subject", a.subject, "--san", a.san,
                                  "--id", a.app_id, "--application", a.application};
  if (a.expiration) {
    cmd.push_back("--expiration");
    cmd.push_back(std::to_string(*a.expiration));
  }
  cmd.insert(cmd.end(), {"--host", a.host, "--port", std::to_string(a.port)});
  return cmd;
}

StatusOr<EnclaveArgs> ParseEnclaveCmd(const std::vector<std::string>& cmd) {
  std::map<std::string, std::string> pairs;
  for (size_t i = 0; i < cmd.size(); ++i) {
    if (cmd[i].rfind("--", 0) != 0) continue;
    bool flag = i + 1 >= cmd.size() || cmd[i + 1].rfind("--", 0) == 0;
    pairs[cmd[i].substr(2)] = flag ? "true" : cmd[i + 1];
    if (!flag) ++i;
  }
  for (const char* required : {"size", "subject", "san", "id", "application"}) {
    if (!pairs.count(required)) {
      return InvalidArgumentError(std::string("the container's command has no --") + required +
                                  ": it was not started by mse home spawn");
    }
  }
  EnclaveArgs a;
  std::string size = pairs["size"];
  if (!size.empty() && (size.back() == 'M' || size.back() == 'm')) size.pop_back();
  try {
    a.size_mb = std::stoll(size);
    if (pairs.count("expiration")) a.expiration = std::stoll(pairs["expiration"]);
    if (pairs.count("port")) a.port = std::stoi(pairs["port"]);
  } catch (const std::exception&) {
    return InvalidArgumentError("the container's command has a malformed --size, --expiration or --port");
  }
  a.subject = pairs["subject"];
  a.san = pairs["san"];
  a.app_id = pairs["id"];
  a.application = pairs["application"];
  a.host = pairs.count("host") ? pairs["host"] : "0.0.0.0";
  return a;
}

std::string EnclaveAddress::BaseUrl() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return "https://" + h + ":" + std::to_string(port);
}

StatusOr<EnclaveAddress> AddressOf(const docker::ContainerInfo& info, const EnclaveArgs& args) {
  EnclaveAddress address{args.host, args.port};
  for (const auto& binding : info.ports) {
    if (binding.container_port == "443/tcp") {
      address.host = binding.host_ip;
      try {
        address.port = std::stoi(binding.host_port);
      } catch (const std::exception&) {
        return InvalidArgumentError("container " + info.name + " publishes 443/tcp on a malformed port");
      }
    }
  }
  if (address.host.empty() || address.host == "0.0.0.0") address.host = "127.0.0.1";
  if (address.host == "::") address.host = "::1";
  return address;
}

StatusOr<docker::ContainerInfo> FindEnclaveContainer(docker::Engine& engine, const std::string& name) {
  MSE_ASSIGN_OR_RETURN(docker::ContainerInfo info, engine.InspectContainer(name));
  if (!info.labels.count(kHomeLabel)) {
    return NotFoundError("container '" + name + "' exists but is not an MSE application (no " + kHomeLabel +
                         " label)");
  }
  return info;
}

}  // namespace mse::cli
