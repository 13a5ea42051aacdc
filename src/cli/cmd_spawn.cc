// mse home spawn and mse home evidence (the SGX operator's side). spawn
// unpacks the package into --output (mounted as /opt/input, Q-44), loads
// its image, starts the enclave container with the original's contract
// waits for the configuration server, then collects the evidence.
// Without /dev/sgx_enclave the enclave runs on this machine's simulated
// SGX platform, whose PCCS is served in-process for the collection.
#include <arpa/inet.h>

#include <filesystem>

#include "base/encoding.h"
#include "cli/commands.h"
#include "cli/docker_env.h"
#include "cli/enclave_container.h"
#include "cli/evidence_collect.h"
#include "cli/output_dir.h"
#include "cli/sim_platform.h"
#include "format/app_config.h"
#include "format/package.h"
#include "net/http_client.h"
#include "net/port.h"
#include "format/uuid.h"

namespace mse::cli {
namespace {

constexpr char kSignerMount[] = "/root/.config/gramine/enclave-key.pem";
constexpr char kSimMount[] = "/var/lib/mse/sim";

bool HasSgx(FileSystem& fs) { return fs.Exists("/dev/sgx_enclave"); }

bool IsIpLiteral(const std::string& host) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 || inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

StatusOr<int64_t> EnclaveSize(const ParsedArgs& args) {
  MSE_ASSIGN_OR_RETURN(int64_t size, args.GetInt("size"));
  if (size < 1024 || (size & (size - 1)) != 0) {
    return UsageError("--size " + std::to_string(size) + ": the enclave size must be a power of 2, at least 1024 (MB)");
  }
  return size;
}

// Polls until the configuration server answers (200 + Mse-Status) or the
// container stops or the timeout passes.
Status WaitForConfigurationServer(CommandContext& ctx, docker::Engine& engine, const std::string& id,
                                  const EnclaveAddress& address, int64_t timeout_seconds) {
  auto client = net::NewCurlHttpClient();
  net::HttpRequest probe;
  probe.url = address.BaseUrl() + "/";
  probe.verify_tls = false;  // only a readiness probe: nothing is sent
  probe.timeout = std::chrono::seconds(5);
  Spinner spinner(*ctx.terminal, "waiting for the enclave's configuration server at " + address.BaseUrl());
  int64_t deadline = ctx.env.clock->NowUnixSeconds() + timeout_seconds;
  while (ctx.env.clock->NowUnixSeconds() < deadline) {
    auto response = client->Send(probe);
    if (response.ok() && response->status == 200 && !response->Header("Mse-Status").empty()) return Status::Ok();
    MSE_ASSIGN_OR_RETURN(docker::ContainerInfo info, engine.InspectContainer(id));
    if (!info.running) return ContainerStoppedError(engine, info, "the enclave container");
    ctx.env.clock->SleepMillis(500);
  }
  return DeadlineExceededError("the configuration server did not answer at " + address.BaseUrl() + " within " +
                               std::to_string(timeout_seconds) + " s");
}

struct Attestation {
  std::vector<docker::Mount> mounts;
  std::vector<std::string> devices;
  std::string sim_dir;  // empty on SGX
};

StatusOr<Attestation> AttestationFor(CommandContext& ctx, const ParsedArgs& args, const std::string& signer_key) {
  Attestation a;
  if (!ctx.env.fs->Exists(signer_key)) {
    return NotFoundError("signer key " + signer_key + " not found; create one with: openssl genrsa -3 -out " +
                         signer_key + " 3072");
  }
  a.mounts.push_back({signer_key, kSignerMount, true});
  if (HasSgx(*ctx.env.fs)) {
    a.devices = {"/dev/sgx_enclave", "/dev/sgx_provision"};
    a.mounts.push_back({"/var/run/aesmd", "/var/run/aesmd", false});
    return a;
  }
  a.sim_dir = AbsolutePath(SimPlatformDir(args, ctx));
  if (!ctx.env.fs->Exists(JoinPath(a.sim_dir, "root_ca.pem"))) {
    return FailedPreconditionError("no SGX on this machine and no simulated platform in " + a.sim_dir +
                                   ": run `mse home sim init` first");
  }
  a.mounts.push_back({a.sim_dir, kSimMount, true});
  ctx.terminal->Warning("no /dev/sgx_enclave: the enclave runs on the SIMULATED SGX platform of " + a.sim_dir);
  return a;
}

// Evidence through the real PCCS client: the in-process simulated PCCS in
// simulation, the configured PCCS on SGX.
Status CollectAndSave(CommandContext& ctx, const ParsedArgs& args, const EnclaveAddress& address,
                      const EnclaveArgs& enclave, const std::string& sim_dir, const std::string& signer_key,
                      const std::string& output) {
  std::unique_ptr<net::HttpServer> sim_pccs;
  std::string pccs = DefaultPccsUrl(args, ctx);
  if (!sim_dir.empty()) {
    MSE_ASSIGN_OR_RETURN(sim_pccs, StartSimPccs(*ctx.env.fs, sim_dir, 0));
    pccs = "http://127.0.0.1:" + std::to_string(sim_pccs->port());
  }
  ctx.terminal->Info("collecting the evidence (collateral from " + pccs + ")");
  MSE_ASSIGN_OR_RETURN(format::Evidence evidence, CollectEvidence(ctx, address, enclave, pccs, signer_key));
  return SaveAndCheckEvidence(ctx, evidence, output);
}

std::string SignerKeyPath(const ParsedArgs& args) {
  return AbsolutePath(ExpandUser(args.GetOr("signer-key", "~/.config/gramine/enclave-key.pem")));
}

}  // namespace

Status RunHomeSpawn(const ParsedArgs& args, CommandContext& ctx) {
  FileSystem& fs = *ctx.env.fs;
  std::string name = *args.Get("name");
  MSE_ASSIGN_OR_RETURN(int64_t size, EnclaveSize(args));
  MSE_ASSIGN_OR_RETURN(int64_t port, args.GetInt("port"));
  MSE_ASSIGN_OR_RETURN(int64_t days, args.GetInt("days"));
  MSE_ASSIGN_OR_RETURN(int64_t timeout_minutes, args.GetInt("timeout"));
  std::string host = args.GetOr("host", "0.0.0.0");
  std::string bind = IsIpLiteral(host) ? host : "0.0.0.0";
  MSE_ASSIGN_OR_RETURN(auto engine, ConnectDocker(ctx));
  auto existing = engine->InspectContainer(name);
  if (existing.ok()) {
    return AlreadyExistsError("a container named '" + name + "' already exists (" + existing->state +
                              "): choose another name or remove it with `mse home stop --remove " + name + "`");
  }
  MSE_RETURN_IF_ERROR(net::CheckPortFree(bind, static_cast<int>(port)));
  std::string signer_key = SignerKeyPath(args);
  MSE_ASSIGN_OR_RETURN(Attestation attestation, AttestationFor(ctx, args, signer_key));

  std::string output = AbsolutePath(ExpandUser(*args.Get("output")));
  auto extracted = format::ExtractPackage(ExpandUser(*args.Get("package")), output);
  if (!extracted.ok()) return extracted.status();
  format::AppConfigLoadOptions options;
  options.mode = format::CloudMode::kSkipCloud;
  MSE_ASSIGN_OR_RETURN(auto config, format::LoadAppConfig(fs, extracted->files.mse_toml,
                                                          ctx.env.clock->NowUnixSeconds(), options));
  MSE_ASSIGN_OR_RETURN(auto image_file, fs.OpenForRead(extracted->files.image_tar));
  MSE_ASSIGN_OR_RETURN(uint64_t image_size, image_file->Size());
  std::vector<std::string> tags;
  {
    Spinner spinner(*ctx.terminal, "loading the application image (" + FormatBytes(image_size) + ")");
    MSE_ASSIGN_OR_RETURN(tags, engine->LoadImage(*image_file, image_size, nullptr));
  }
  if (tags.empty()) return DataLossError("image.tar of the package holds no tagged image");

  EnclaveArgs enclave{size, args.GetOr("subject", ""), args.GetOr("san", host), format::NewRandomUuid(*ctx.env.random),
                      config.config.python_application,
                      ctx.env.clock->NowUnixSeconds() + days * 86400, bind, static_cast<int>(port)};
  docker::ContainerSpec spec{name, tags.front(), {}, EnclaveCmd(enclave), {},
                             {{kHomeLabel, "1"}, {kHealthcheckLabel, config.config.healthcheck_endpoint}},
                             attestation.mounts, attestation.devices, "host", {}};
  spec.mounts.push_back({output, kInputMount, false});
  MSE_ASSIGN_OR_RETURN(std::string id, engine->CreateContainer(spec));
  MSE_RETURN_IF_ERROR(engine->StartContainer(id));
  ctx.terminal->Success("enclave container " + name + " started (" + tags.front() + ")");
  MSE_ASSIGN_OR_RETURN(docker::ContainerInfo info, engine->InspectContainer(id));
  MSE_ASSIGN_OR_RETURN(EnclaveAddress address, AddressOf(info, enclave));
  MSE_RETURN_IF_ERROR(WaitForConfigurationServer(ctx, *engine, id, address, timeout_minutes * 60));
  return CollectAndSave(ctx, args, address, enclave, attestation.sim_dir, signer_key, output);
}

Status RunHomeEvidence(const ParsedArgs& args, CommandContext& ctx) {
  MSE_ASSIGN_OR_RETURN(auto engine, ConnectDocker(ctx));
  MSE_ASSIGN_OR_RETURN(auto info, FindEnclaveContainer(*engine, *args.Get("name")));
  MSE_ASSIGN_OR_RETURN(EnclaveArgs enclave, ParseEnclaveCmd(info.cmd));
  MSE_ASSIGN_OR_RETURN(EnclaveAddress address, AddressOf(info, enclave));
  std::string signer_key, sim_dir;
  for (const auto& m : info.mounts) {
    if (m.destination == kSignerMount) signer_key = m.source;
    if (m.destination == kSimMount) sim_dir = m.source;
  }
  if (signer_key.empty()) return NotFoundError("container " + info.name + " has no signer key mounted");
  std::string output = ExpandUser(*args.Get("output"));
  MSE_RETURN_IF_ERROR(CheckOutputDirectory(*ctx.env.fs, output));
  return CollectAndSave(ctx, args, address, enclave, sim_dir, signer_key, output);
}

}  // namespace mse::cli
