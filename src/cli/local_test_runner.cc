#include "cli/local_test_runner.h"

#include "base/process.h"
#include "cli/docker_env.h"
#include "net/http_client.h"
#include "net/port.h"

namespace mse::cli {
namespace {

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

std::string LocalUrl() { return "http://127.0.0.1:" + std::to_string(kLocalTestPort); }

Status WaitForApp(CommandContext& ctx, docker::Engine& engine, const std::string& id,
                  const std::string& url) {
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

docker::ContainerSpec ContainerOf(CommandContext& ctx, const LocalTestSpec& spec,
                                  std::map<std::string, std::string>& test_env) {
  docker::ContainerSpec c{
      spec.container_name,
      spec.image,
      {},
      {"--no-ssl", "--host", "127.0.0.1", "--port", std::to_string(kLocalTestPort), "--app-dir", "/mse-app",
       "--attestation", "none-for-tests", spec.python_application},
      {},
      {{kLocalTestLabel, "1"}},
      {{AbsolutePath(spec.code_dir), "/mse-app", true}},
      {},
      "host",
      {}};
  FileSystem& fs = *ctx.env.fs;
  if (!spec.secrets.empty() && fs.Exists(spec.secrets)) {  // only the files that exist
    c.mounts.push_back({AbsolutePath(spec.secrets), "/root/.cache/mse/secrets.json", true});
    test_env["TEST_SECRET_JSON"] = AbsolutePath(spec.secrets);
  }
  if (!spec.sealed_secrets.empty() && fs.Exists(spec.sealed_secrets)) {
    c.mounts.push_back({AbsolutePath(spec.sealed_secrets), "/root/.cache/mse/sealed_secrets.json", true});
    test_env["TEST_SEALED_SECRET_JSON"] = AbsolutePath(spec.sealed_secrets);
  }
  return c;
}

void ShowLastLogLines(CommandContext& ctx, docker::Engine& engine, const std::string& id) {
  std::string logs;
  (void)engine.Logs(id, false, 30, [&logs](std::string_view chunk) {
    logs.append(chunk);
    return Status::Ok();
  });
  if (!logs.empty()) ctx.terminal->Info("the app's last log lines:\n" + logs);
}

}  // namespace

Status CheckLocalTestSlot(docker::Engine& engine, const std::string& container_name) {
  MSE_RETURN_IF_ERROR(net::CheckPortFree("127.0.0.1", kLocalTestPort));
  if (auto old = engine.InspectContainer(container_name); old.ok()) {
    if (!old->labels.count(kLocalTestLabel)) {
      return AlreadyExistsError("a container named '" + container_name +
                                "' exists and was not made by localtest");
    }
    MSE_RETURN_IF_ERROR(engine.RemoveContainer(old->id, true));
  }
  return Status::Ok();
}

Status RunLocalTest(CommandContext& ctx, docker::Engine& engine, const LocalTestSpec& spec) {
  MSE_RETURN_IF_ERROR(CheckLocalTestSlot(engine, spec.container_name));
  std::map<std::string, std::string> test_env = {{"TEST_REMOTE_URL", LocalUrl()}};
  MSE_ASSIGN_OR_RETURN(std::string id, engine.CreateContainer(ContainerOf(ctx, spec, test_env)));
  ContainerGuard guard(engine, id);
  MSE_RETURN_IF_ERROR(engine.StartContainer(id));
  MSE_RETURN_IF_ERROR(WaitForApp(ctx, engine, id, LocalUrl() + spec.healthcheck));
  ctx.terminal->Success("the app answers on " + LocalUrl() + " (no SGX, no attestation)");
  if (spec.no_tests) {
    guard.Release();
    ctx.terminal->Advice("stop it with the docker engine's API or CLI: container " + spec.container_name);
    return Status::Ok();
  }
  test_env["PYTHONDONTWRITEBYTECODE"] = "1";
  ProcessSpec tests{{"/usr/bin/python3", "-m", spec.tests_cmd, AbsolutePath(spec.tests_dir)}, test_env, ""};
  MSE_ASSIGN_OR_RETURN(int code, RunProcess(tests));
  if (code != 0) {
    ShowLastLogLines(ctx, engine, id);
    return FailedPreconditionError("tests failed (exit status " + std::to_string(code) + ")");
  }
  ctx.terminal->Success("tests passed");
  return Status::Ok();
}

}  // namespace mse::cli
