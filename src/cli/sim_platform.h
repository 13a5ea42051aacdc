// The simulated platform of this machine, as the CLI finds and serves it.
#ifndef MSE_CLI_SIM_PLATFORM_H_
#define MSE_CLI_SIM_PLATFORM_H_

#include <memory>
#include <string>

#include "cli/command_spec.h"
#include "net/http_server.h"

namespace mse::cli {

// --dir, else $MSE_CONF_PATH/sim.
std::string SimPlatformDir(const ParsedArgs& args, const CommandContext& ctx);
// A PCCS v4 for the platform in `dir` on 127.0.0.1:`port` (0: any free port).
StatusOr<std::unique_ptr<net::HttpServer>> StartSimPccs(FileSystem& fs, const std::string& dir, uint16_t port);

}  // namespace mse::cli

#endif  // MSE_CLI_SIM_PLATFORM_H_
