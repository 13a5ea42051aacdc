#include "cli/enclave_container.h"


namespace mse::cli {

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
