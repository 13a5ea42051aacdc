#include "cli/docker_env.h"

namespace mse::cli {

StatusOr<std::unique_ptr<docker::Engine>> ConnectDocker(const CommandContext& ctx) {
  MSE_ASSIGN_OR_RETURN(std::string socket, docker::SocketPathFromDockerHost(ctx.getenv("DOCKER_HOST")));
  auto engine = std::make_unique<docker::Engine>(docker::NewUnixSocketTransport(socket));
  MSE_RETURN_IF_ERROR(engine->Ping());
  return engine;
}

}  // namespace mse::cli
