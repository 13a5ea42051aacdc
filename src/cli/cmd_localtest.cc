// mse home localtest: the app in its own image, without SGX or attestation
// (formats.md §19.3): the code mounted in plaintext at MODULE_PATH, the
// secrets files mounted where the enclave writes them, plain HTTP on
// 127.0.0.1:5000, then the app's tests against it. The container is removed
// afterwards unless --no-tests keeps it running.
#include <filesystem>

#include "base/process.h"
#include "base/scoped_dir.h"
#include "cli/commands.h"
#include "cli/docker_env.h"
#include "cli/project_paths.h"
#include "net/http_client.h"
#include "net/port.h"

namespace mse::cli {
namespace {

constexpr int kLocalPort = 5000;
constexpr char kLocalLabel[] = "mse-localtest";

// Removes the container when the command ends (unless released).
class ContainerGuard {
 public:
  ContainerGuard(docker::Engine& engine, std::string id) : engine_(engine), id_(std::move(id)) {}
  ~ContainerGuard() {
    if (!id_.empty()) (void)engine_.RemoveContainer(id_, true);
  }
  void Release() { id_.clear(); }

 private:
  docker::Engine& engine_;
  std::string id_;
};

Status WaitForApp(CommandContext& ctx, docker::Engine& engine, const std::string& id, const std::string& url) {
  auto client = net::NewCurlHttpClient();
  net::HttpRequest probe;
  probe.url = url;
  probe.timeout = std::chrono::seconds(5);
  Spinner spinner(*ctx.terminal, "waiting for the app at " + url);
  for (int i = 0; i < 120; ++i) {
    auto response = client->Send(probe);
    if (response.ok() && response->status == 200) return Status::Ok();
    MSE_ASSIGN_OR_RETURN(docker::ContainerInfo info, engine.InspectContainer(id));
    if (!info.running) return ContainerStoppedError(engine, info, "the app container");
    ctx.env.clock->SleepMillis(500);
  }
  return DeadlineExceededError("the app did not answer 200 on " + url + " within 60 s");
}

}  // namespace

Status RunHomeLocaltest(const ParsedArgs& args, CommandContext& ctx) {
  FileSystem& fs = *ctx.env.fs;
  MSE_ASSIGN_OR_RETURN(ProjectPaths paths, ResolveProjectPaths(args, fs));
  MSE_ASSIGN_OR_RETURN(format::AppConfig config, LoadHomeAppConfig(ctx, paths.config));
  MSE_ASSIGN_OR_RETURN(auto engine, ConnectDocker(ctx));
  MSE_RETURN_IF_ERROR(net::CheckPortFree("127.0.0.1", kLocalPort));
  std::string name = config.name + "_test";
  if (auto old = engine->InspectContainer(name); old.ok()) {
    if (!old->labels.count(kLocalLabel)) {
      return AlreadyExistsError("a container named '" + name + "' exists and was not made by localtest");
    }
    MSE_RETURN_IF_ERROR(engine->RemoveContainer(old->id, true));
  }
  MSE_ASSIGN_OR_RETURN(std::string work_path, fs.MakeTempDirectory("/tmp", "mse-localtest-"));
  ScopedDirectory work(fs, work_path);
  MSE_RETURN_IF_ERROR(BuildProjectImage(ctx, *engine, paths, name, work.path()));

  docker::ContainerSpec spec{name, name, {}, {"--no-ssl", "--host", "127.0.0.1", "--port",
                                              std::to_string(kLocalPort), "--app-dir", "/mse-app",
                                              "--attestation", "none-for-tests", config.python_application},
                             {}, {{kLocalLabel, "1"}}, {{AbsolutePath(paths.code_dir), "/mse-app", true}}, {}, "host", {}};
  std::map<std::string, std::string> test_env = {{"TEST_REMOTE_URL", "http://127.0.0.1:5000"}};
  if (!paths.secrets.empty() && fs.Exists(paths.secrets)) {  // only the files that exist
    spec.mounts.push_back({AbsolutePath(paths.secrets), "/root/.cache/mse/secrets.json", true});
    test_env["TEST_SECRET_JSON"] = AbsolutePath(paths.secrets);
  }
  if (!paths.sealed_secrets.empty() && fs.Exists(paths.sealed_secrets)) {
    spec.mounts.push_back({AbsolutePath(paths.sealed_secrets), "/root/.cache/mse/sealed_secrets.json", true});
    test_env["TEST_SEALED_SECRET_JSON"] = AbsolutePath(paths.sealed_secrets);
  }
  MSE_ASSIGN_OR_RETURN(std::string id, engine->CreateContainer(spec));
  ContainerGuard guard(*engine, id);
  MSE_RETURN_IF_ERROR(engine->StartContainer(id));
  MSE_RETURN_IF_ERROR(WaitForApp(ctx, *engine, id, "http://127.0.0.1:5000" + config.healthcheck_endpoint));
  ctx.terminal->Success("the app answers on http://127.0.0.1:5000 (no SGX, no attestation)");
  if (args.Flag("no-tests")) {
    guard.Release();
    ctx.terminal->Advice("stop it with the docker engine's API or CLI: container " + name);
    return Status::Ok();
  }
  test_env["PYTHONDONTWRITEBYTECODE"] = "1";
  ProcessSpec tests{{"/usr/bin/python3", "-m", config.tests_cmd, AbsolutePath(paths.tests_dir)}, test_env, ""};
  MSE_ASSIGN_OR_RETURN(int code, RunProcess(tests));
  if (code != 0) return FailedPreconditionError("tests failed (exit status " + std::to_string(code) + ")");
  ctx.terminal->Success("tests passed");
  return Status::Ok();
}

}  // namespace mse::cli
