// The SGX operator's container management: home list | status | logs | stop
// | restart. State is always read back from the engine, never from a
// local file, so containers started by the original tool work too.
#include <ctime>
#include <iostream>

#include "cli/commands.h"
#include "cli/docker_env.h"
#include "cli/enclave_container.h"
#include "net/http_client.h"

namespace mse::cli {
namespace {

std::string Column(std::string text, size_t width) {
  if (text.size() < width) text.resize(width, ' ');
  return text + "  ";
}

std::string FormatUnix(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buffer;
}

// What the enclave answers (formats.md §14 probes), without sending anything.
std::string ProbeEnclave(const EnclaveAddress& address, const std::string& healthcheck) {
  auto client = net::NewCurlHttpClient();
  net::HttpRequest request;
  request.url = address.BaseUrl() + "/";
  request.verify_tls = false;  // a read-only probe: nothing secret is sent
  request.timeout = std::chrono::seconds(5);
  auto root = client->Send(request);
  if (!root.ok()) return "initializing (" + root.status().message() + ")";
  if (root->status == 200 && !root->Header("Mse-Status").empty()) return "waiting for its secrets (mse home run)";
  request.url = address.BaseUrl() + healthcheck;
  auto health = client->Send(request);
  if (!health.ok()) return "unknown (" + health.status().message() + ")";
  switch (health->status) {
    case 200: return "running";
    case 503: return "initializing";
    case 500: return "on error";
    default: return "unknown (HTTP " + std::to_string(health->status) + " on " + healthcheck + ")";
  }
}

}  // namespace

Status RunHomeList(const ParsedArgs&, CommandContext& ctx) {
  MSE_ASSIGN_OR_RETURN(auto engine, ConnectDocker(ctx));
  MSE_ASSIGN_OR_RETURN(auto containers, engine->ListContainers(kHomeLabel));
  if (containers.empty()) {
    ctx.terminal->Info("no MSE application on " + engine->Endpoint());
    return Status::Ok();
  }
  std::string out = Column("NAME", 20) + Column("STATE", 10) + Column("IMAGE", 36) + "ID\n";
  for (const auto& c : containers) {
    out += Column(c.name, 20) + Column(c.state, 10) + Column(c.image, 36) + c.id.substr(0, 12) + "\n";
  }
  ctx.terminal->Result(out);
  return Status::Ok();
}

Status RunHomeStatus(const ParsedArgs& args, CommandContext& ctx) {
  MSE_ASSIGN_OR_RETURN(auto engine, ConnectDocker(ctx));
  MSE_ASSIGN_OR_RETURN(auto info, FindEnclaveContainer(*engine, *args.Get("name")));
  MSE_ASSIGN_OR_RETURN(EnclaveArgs enclave, ParseEnclaveCmd(info.cmd));
  MSE_ASSIGN_OR_RETURN(EnclaveAddress address, AddressOf(info, enclave));
  std::string healthcheck = info.labels.count(kHealthcheckLabel) ? info.labels.at(kHealthcheckLabel) : "/";
  std::string out;
  out += "name:          " + info.name + "\n";
  out += "container:     " + info.id.substr(0, 12) + " (" + info.state + ")\n";
  out += "image:         " + info.image + "\n";
  out += "application:   " + enclave.application + " (id " + enclave.app_id + ")\n";
  out += "enclave size:  " + std::to_string(enclave.size_mb) + " MB\n";
  out += "certificate:   " + enclave.subject + ", SAN " + enclave.san + "\n";
  if (enclave.expiration) {
    bool expired = *enclave.expiration <= ctx.env.clock->NowUnixSeconds();
    out += "expires:       " + FormatUnix(*enclave.expiration) + (expired ? " (expired)" : "") + "\n";
  }
  out += "url:           " + address.BaseUrl() + " (healthcheck " + healthcheck + ")\n";
  out += "app status:    " + (info.running ? ProbeEnclave(address, healthcheck) : std::string("stopped")) + "\n";
  ctx.terminal->Result(out);
  return Status::Ok();
}

Status RunHomeLogs(const ParsedArgs& args, CommandContext& ctx) {
  MSE_ASSIGN_OR_RETURN(auto engine, ConnectDocker(ctx));
  MSE_ASSIGN_OR_RETURN(auto info, FindEnclaveContainer(*engine, *args.Get("name")));
  bool follow = args.Flag("follow");
  Terminal& term = *ctx.terminal;
  return engine->Logs(info.id, follow, follow ? 10 : -1, [&term](std::string_view chunk) {
    term.Result(chunk);
    return Status::Ok();
  });
}

Status RunHomeStop(const ParsedArgs& args, CommandContext& ctx) {
  MSE_ASSIGN_OR_RETURN(auto engine, ConnectDocker(ctx));
  MSE_ASSIGN_OR_RETURN(auto info, FindEnclaveContainer(*engine, *args.Get("name")));
  MSE_RETURN_IF_ERROR(engine->StopContainer(info.id, 1));
  ctx.terminal->Success("application " + info.name + " stopped");
  if (args.Flag("remove")) {
    MSE_RETURN_IF_ERROR(engine->RemoveContainer(info.id, false));
    ctx.terminal->Success("container " + info.name + " removed");
  }
  return Status::Ok();
}

Status RunHomeRestart(const ParsedArgs& args, CommandContext& ctx) {
  MSE_ASSIGN_OR_RETURN(auto engine, ConnectDocker(ctx));
  MSE_ASSIGN_OR_RETURN(auto info, FindEnclaveContainer(*engine, *args.Get("name")));
  MSE_RETURN_IF_ERROR(engine->RestartContainer(info.id, 1));
  ctx.terminal->Success("application " + info.name + " restarted (same identity, already configured)");
  return Status::Ok();
}

}  // namespace mse::cli
