#include "cli/docker_env.h"

namespace mse::cli {

StatusOr<std::unique_ptr<docker::Engine>> ConnectDocker(const CommandContext& ctx) {
  MSE_ASSIGN_OR_RETURN(std::string socket, docker::SocketPathFromDockerHost(ctx.getenv("DOCKER_HOST")));
  auto engine = std::make_unique<docker::Engine>(docker::NewUnixSocketTransport(socket));
  MSE_RETURN_IF_ERROR(engine->Ping());
  return engine;
}

Status ContainerStoppedError(docker::Engine& engine, const docker::ContainerInfo& info, const std::string& what) {
  std::string logs;
  (void)engine.Logs(info.id, false, 30, [&logs](std::string_view chunk) {
    logs.append(chunk);
    return Status::Ok();
  });
  return FailedPreconditionError(what + " stopped (exit code " + std::to_string(info.exit_code) +
                                 "); its last lines:\n" + logs);
}

}  // namespace mse::cli
