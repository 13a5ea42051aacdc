// mse home sim init | export-root | pccs: the simulated SGX platform of this
// machine (src/attest/sim; docs/simulation.md).
#include <csignal>
#include <thread>

#include "attest/sim/pccs.h"
#include "attest/sim/platform.h"
#include "cli/commands.h"
#include "cli/sim_platform.h"
#include "net/http_server.h"

namespace mse::cli {
namespace {

// Serves HandlePccsRequest for one loaded platform.
class SimPccsHandler : public net::HttpHandler {
 public:
  explicit SimPccsHandler(attest::sim::SimPlatform platform) : platform_(std::move(platform)) {}
  net::ServerResponse Handle(const net::ServerRequest& request) override {
    attest::sim::PccsResponse r = attest::sim::HandlePccsRequest(platform_, request.method, request.target);
    net::ServerResponse response;
    response.status = r.status;
    response.headers = r.headers;
    response.body = std::move(r.body);
    return response;
  }

 private:
  attest::sim::SimPlatform platform_;
};

volatile std::sig_atomic_t g_stop = 0;

}  // namespace

std::string SimPlatformDir(const ParsedArgs& args, const CommandContext& ctx) {
  if (auto dir = args.Get("dir")) return ExpandUser(*dir);
  return JoinPath(ctx.ConfPath(), "sim");
}

StatusOr<std::unique_ptr<net::HttpServer>> StartSimPccs(FileSystem& fs, const std::string& dir, uint16_t port) {
  MSE_ASSIGN_OR_RETURN(attest::sim::SimPlatform platform, attest::sim::SimPlatform::Load(fs, dir));
  net::HttpServerOptions options;
  options.host = "127.0.0.1";
  options.port = port;
  options.worker_threads = 2;
  options.access_log = [](std::string_view) {};
  return net::HttpServer::Start(options, std::make_shared<SimPccsHandler>(std::move(platform)));
}

Status RunHomeSimInit(const ParsedArgs& args, CommandContext& ctx) {
  std::string dir = SimPlatformDir(args, ctx);
  if (args.Flag("renew")) {
    MSE_ASSIGN_OR_RETURN(attest::sim::SimPlatform platform, attest::sim::SimPlatform::Load(*ctx.env.fs, dir));
    MSE_ASSIGN_OR_RETURN(bool renewed, platform.Renew(*ctx.env.fs, *ctx.env.clock));
    ctx.terminal->Success(renewed ? "simulated collateral renewed in " + dir
                                  : "simulated collateral in " + dir + " is still fresh");
    return Status::Ok();
  }
  MSE_ASSIGN_OR_RETURN(attest::sim::SimPlatform platform,
                       attest::sim::SimPlatform::Init(*ctx.env.fs, *ctx.env.clock, *ctx.env.random, dir));
  ctx.terminal->Success("simulated SGX platform created in " + dir);
  ctx.terminal->Warning("SIMULATED: nothing about this platform is secure; verifiers must pass --allow-simulation");
  ctx.terminal->Advice("give its root to the code provider: mse home sim export-root > sim-root.pem");
  return Status::Ok();
}

Status RunHomeSimExportRoot(const ParsedArgs& args, CommandContext& ctx) {
  MSE_ASSIGN_OR_RETURN(std::string pem, attest::sim::ExportSimRootPem(*ctx.env.fs, SimPlatformDir(args, ctx)));
  ctx.terminal->Result(pem);
  return Status::Ok();
}

Status RunHomeSimPccs(const ParsedArgs& args, CommandContext& ctx) {
  MSE_ASSIGN_OR_RETURN(int64_t port, args.GetInt("port"));
  if (port < 0 || port > 65535) return UsageError("--port must be between 0 and 65535");
  std::string dir = SimPlatformDir(args, ctx);
  MSE_ASSIGN_OR_RETURN(auto server, StartSimPccs(*ctx.env.fs, dir, static_cast<uint16_t>(port)));
  ctx.terminal->Success("simulated PCCS of " + dir + " on http://127.0.0.1:" + std::to_string(server->port()) +
                        " (Ctrl-C to stop)");
  std::signal(SIGINT, [](int) { g_stop = 1; });
  std::signal(SIGTERM, [](int) { g_stop = 1; });
  while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  server->Stop();
  return Status::Ok();
}

}  // namespace mse::cli
