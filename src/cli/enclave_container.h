// The enclave container contract shared with the original tool (formats.md
// §19.1, quirk Q-43): the Cmd layout, labels and mounts from which every
// later command (status, run, evidence, test, restart) rebuilds its state.
#ifndef MSE_CLI_ENCLAVE_CONTAINER_H_
#define MSE_CLI_ENCLAVE_CONTAINER_H_

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "docker/engine.h"
#include "format/enclave_cmd.h"

namespace mse::cli {

inline constexpr char kHomeLabel[] = "mse-home";
inline constexpr char kHealthcheckLabel[] = "healthcheck_endpoint";
inline constexpr char kInputMount[] = "/opt/input";

using format::EnclaveArgs;
using format::EnclaveCmd;
using format::ParseEnclaveCmd;

// Where to reach the enclave from this machine: 127.0.0.1 when published on
// 0.0.0.0, the port from the port binding or from --port (host network).
struct EnclaveAddress {
  std::string host;
  int port = 0;
  std::string BaseUrl() const;  // "https://127.0.0.1:7777"
};
StatusOr<EnclaveAddress> AddressOf(const docker::ContainerInfo& info, const EnclaveArgs& args);

// The container `name` if it is an mse-home container; NotFound otherwise.
StatusOr<docker::ContainerInfo> FindEnclaveContainer(docker::Engine& engine, const std::string& name);

}  // namespace mse::cli

#endif  // MSE_CLI_ENCLAVE_CONTAINER_H_
