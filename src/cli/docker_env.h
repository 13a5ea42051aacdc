// The Docker engine a command talks to: DOCKER_HOST (unix://…) or the
// default socket, checked reachable before any work starts.
#ifndef MSE_CLI_DOCKER_ENV_H_
#define MSE_CLI_DOCKER_ENV_H_

#include <memory>

#include "cli/command_spec.h"
#include "docker/engine.h"

namespace mse::cli {

// FailedPrecondition "cannot reach the Docker engine at …: is dockerd running?"
StatusOr<std::unique_ptr<docker::Engine>> ConnectDocker(const CommandContext& ctx);

// The error for a container that stopped while we waited for it: its exit
// code and its last log lines.
Status ContainerStoppedError(docker::Engine& engine, const docker::ContainerInfo& info, const std::string& what);

}  // namespace mse::cli

#endif  // MSE_CLI_DOCKER_ENV_H_
