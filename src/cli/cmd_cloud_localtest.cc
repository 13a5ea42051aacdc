// mse cloud localtest [--path F] [--no-tests] (spec/cloud.md §1.4): the
// `[cloud].docker` image from the local engine (no registry), run without
// SGX or attestation with the code mounted in plaintext, then the tests.
// No login needed.
#include "base/encoding.h"
#include "cli/cloud_app_config.h"
#include "cli/commands.h"
#include "cli/docker_env.h"
#include "cli/local_test_runner.h"

namespace mse::cli {

Status RunCloudLocaltest(const ParsedArgs& args, CommandContext& ctx) {
  MSE_ASSIGN_OR_RETURN(format::AppConfig config, LoadCloudAppConfig(ctx, *args.Get("path"), false));
  const format::CloudConfig& cloud = *config.cloud;
  if (!ctx.env.fs->IsDirectory(cloud.code))
    return NotFoundError("code directory " + cloud.code + " not found");
  if (!ctx.env.fs->IsDirectory(cloud.tests))
    return NotFoundError("tests directory " + cloud.tests + " not found");
  MSE_ASSIGN_OR_RETURN(auto engine, ConnectDocker(ctx));
  auto image = engine->InspectImage(cloud.docker);
  if (!image.ok()) {
    return FailedPreconditionError("the image " + cloud.docker +
                                   " of [cloud].docker is not in the local Docker "
                                   "engine (" +
                                   image.status().message() + "): load or build it first");
  }
  Bytes suffix = ctx.env.random->Generate(6);
  LocalTestSpec spec{"mse-localtest-" + HexEncode(suffix),
                     cloud.docker,
                     cloud.code,
                     cloud.tests,
                     config.tests_cmd,
                     config.python_application,
                     config.healthcheck_endpoint,
                     cloud.secrets.value_or(""),
                     "",
                     args.Flag("no-tests")};
  ctx.terminal->Info("running " + cloud.docker + " locally with the code of " + cloud.code);
  return RunLocalTest(ctx, *engine, spec);
}

}  // namespace mse::cli
