// mse home run (send the secrets and the code key to the enclave, pinned to
// the RA-TLS certificate recorded by spawn: Q-39) and mse home test (run the
// app's tests against the enclave: exit status = the tests', Q-01).
#include "base/process.h"
#include "cli/commands.h"
#include "cli/docker_env.h"
#include "cli/enclave_container.h"
#include "cli/evidence_collect.h"
#include "format/app_config.h"
#include "format/json_writer.h"
#include "format/secrets.h"
#include "net/http_client.h"

namespace mse::cli {
namespace {

struct Enclave {
  docker::ContainerInfo info;
  EnclaveArgs args;
  EnclaveAddress address;
  std::string input_dir;   // the spawn --output directory (/opt/input)
  std::string ratls_path;  // the certificate recorded by spawn/evidence
  std::string ratls_pem;
};

StatusOr<Enclave> FindEnclave(CommandContext& ctx, const std::string& name) {
  MSE_ASSIGN_OR_RETURN(auto engine, ConnectDocker(ctx));
  Enclave e;
  MSE_ASSIGN_OR_RETURN(e.info, FindEnclaveContainer(*engine, name));
  if (!e.info.running) return FailedPreconditionError("application " + name + " is not running (" + e.info.state + ")");
  MSE_ASSIGN_OR_RETURN(e.args, ParseEnclaveCmd(e.info.cmd));
  MSE_ASSIGN_OR_RETURN(e.address, AddressOf(e.info, e.args));
  for (const auto& m : e.info.mounts) {
    if (m.destination == kInputMount) e.input_dir = m.source;
  }
  // ratls.pem: what versions before 0.2 recorded.
  std::string ratls = JoinPath(e.input_dir, kUnverifiedCertificateFile);
  if (!ctx.env.fs->Exists(ratls) && ctx.env.fs->Exists(JoinPath(e.input_dir, "ratls.pem"))) {
    ratls = JoinPath(e.input_dir, "ratls.pem");
  }
  e.ratls_path = ratls;
  auto pem = ctx.env.fs->ReadFile(ratls);
  if (!pem.ok()) {
    return FailedPreconditionError("no RA-TLS certificate recorded for " + name + " (" + pem.status().message() +
                                   "): run `mse home evidence --output " + e.input_dir + " " + name + "` first");
  }
  e.ratls_pem = *pem;
  return e;
}

net::HttpRequest Pinned(const Enclave& e, const std::string& path) {
  net::HttpRequest request;
  request.url = e.address.BaseUrl() + path;
  request.pinned_certificate_pem = e.ratls_pem;
  request.timeout = std::chrono::seconds(5);
  return request;
}

// The provider's signature of the sealed secrets (docs/provider-binding.md):
// --provider-signature FILE, else `<sealed file>.sig` when `seal` wrote one;
// none for a package without a provider key.
StatusOr<std::optional<std::string>> ProviderSignatureFor(CommandContext& ctx, const ParsedArgs& args,
                                                          const std::string& sealed_path) {
  std::string path = args.Has("provider-signature") ? ExpandUser(*args.Get("provider-signature"))
                                                     : sealed_path + ".sig";
  if (!ctx.env.fs->Exists(path)) {
    if (args.Has("provider-signature")) return NotFoundError("provider signature file " + path + " not found");
    return std::optional<std::string>();
  }
  MSE_ASSIGN_OR_RETURN(std::string text, ctx.env.fs->ReadFile(path));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  if (text.empty() || text.size() > 128) return InvalidArgumentError(path + ": not a provider signature");
  ctx.terminal->Info("sending the provider's signature from " + path);
  return std::optional<std::string>(std::move(text));
}

StatusOr<std::string> BuildPayload(CommandContext& ctx, const ParsedArgs& args, const Enclave& e) {
  std::optional<nlohmann::ordered_json> secrets;
  if (auto path = args.Get("secrets")) {
    MSE_ASSIGN_OR_RETURN(secrets, format::LoadSecrets(*ctx.env.fs, ExpandUser(*path)));
  }
  std::optional<std::string> sealed;
  std::optional<std::string> signature;
  if (auto path = args.Get("sealed-secrets")) {
    MSE_ASSIGN_OR_RETURN(sealed, ctx.env.fs->ReadFile(ExpandUser(*path)));
    MSE_ASSIGN_OR_RETURN(signature, ProviderSignatureFor(ctx, args, ExpandUser(*path)));
  }
  std::optional<SecretBytes> key;
  if (auto path = args.Get("key")) {
    MSE_ASSIGN_OR_RETURN(key, ctx.env.fs->ReadSecretFile(ExpandUser(*path)));
    if (key->size() != 32) {
      return InvalidArgumentError("code key file " + *path + ": expected 32 raw bytes, found " +
                                  std::to_string(key->size()));
    }
  }
  return format::BuildConfigurationPayload(
      e.args.app_id, secrets, sealed ? std::optional<ByteView>(AsBytes(*sealed)) : std::nullopt,
      key ? std::optional<ByteView>(key->view()) : std::nullopt, std::nullopt,
      signature ? std::optional<std::string_view>(*signature) : std::nullopt);
}

Status WaitUntilReady(CommandContext& ctx, const Enclave& e, int64_t timeout_seconds) {
  std::string healthcheck = e.info.labels.count(kHealthcheckLabel) ? e.info.labels.at(kHealthcheckLabel) : "/";
  auto client = net::NewCurlHttpClient();
  Spinner spinner(*ctx.terminal, "waiting for the application to answer on " + healthcheck);
  int64_t deadline = ctx.env.clock->NowUnixSeconds() + timeout_seconds;
  while (ctx.env.clock->NowUnixSeconds() < deadline) {
    auto response = client->Send(Pinned(e, healthcheck));
    if (response.ok() && response->status != 503 && response->Header("Mse-Status").empty()) return Status::Ok();
    if (!response.ok() && response.status().code() == StatusCode::kPermissionDenied) return response.status();
    ctx.env.clock->SleepMillis(500);
  }
  return DeadlineExceededError("the application did not become ready within " + std::to_string(timeout_seconds) +
                               " s");
}

}  // namespace

Status RunHomeRun(const ParsedArgs& args, CommandContext& ctx) {
  MSE_ASSIGN_OR_RETURN(Enclave e, FindEnclave(ctx, *args.Get("name")));
  MSE_ASSIGN_OR_RETURN(int64_t timeout_minutes, args.GetInt("timeout"));
  MSE_ASSIGN_OR_RETURN(std::string payload, BuildPayload(ctx, args, e));
  net::HttpRequest post = Pinned(e, "/");
  post.method = "POST";
  post.body = std::move(payload);
  post.headers = {{"Content-Type", "application/json"}};
  post.timeout = std::chrono::seconds(60);
  auto response = net::NewCurlHttpClient()->Send(post);
  WipeMemory(post.body.data(), post.body.size());
  if (!response.ok()) return response.status().WithContext("cannot configure the enclave");
  if (response->status < 200 || response->status >= 300) {
    return PermissionDeniedError("the configuration server refused the secrets (HTTP " +
                                 std::to_string(response->status) + "): " + response->body);
  }
  ctx.terminal->Success("secrets and code key sent to the enclave (pinned to its RA-TLS certificate)");
  MSE_RETURN_IF_ERROR(WaitUntilReady(ctx, e, timeout_minutes * 60));
  ctx.terminal->Success("application " + e.info.name + " is running at " + e.address.BaseUrl());
  return Status::Ok();
}

Status RunHomeTest(const ParsedArgs& args, CommandContext& ctx) {
  MSE_ASSIGN_OR_RETURN(Enclave e, FindEnclave(ctx, *args.Get("name")));
  std::string tests = ExpandUser(*args.Get("test"));
  if (!ctx.env.fs->IsDirectory(tests)) return NotFoundError("tests directory " + tests + " not found");
  format::AppConfigLoadOptions options;
  options.mode = format::CloudMode::kSkipCloud;
  MSE_ASSIGN_OR_RETURN(auto config, format::LoadAppConfig(*ctx.env.fs, ExpandUser(*args.Get("config")),
                                                          ctx.env.clock->NowUnixSeconds(), options));
  if (!config.config.tests_requirements.empty()) {
    std::string list;
    for (const auto& r : config.config.tests_requirements) list += (list.empty() ? "" : ", ") + r;
    ctx.terminal->Info("tests requirements (" + list + ") are expected to be installed for /usr/bin/python3");
  }
  ProcessSpec spec{{"/usr/bin/python3", "-m", config.config.tests_cmd, tests},
                   {{"TEST_REMOTE_URL", e.address.BaseUrl()},
                    {"TEST_RATLS_CERT", e.ratls_path},
                    {"PYTHONDONTWRITEBYTECODE", "1"}},
                   ""};
  ctx.terminal->Info("running `python3 -m " + config.config.tests_cmd + "` against " + e.address.BaseUrl());
  MSE_ASSIGN_OR_RETURN(int code, RunProcess(spec));
  if (code != 0) return FailedPreconditionError("tests failed (exit status " + std::to_string(code) + ")");
  ctx.terminal->Success("tests passed");
  return Status::Ok();
}

}  // namespace mse::cli
