// mse home localtest: the app built from its Dockerfile and tested without
// SGX or attestation (local_test_runner.h).
#include "base/scoped_dir.h"
#include "cli/commands.h"
#include "cli/docker_env.h"
#include "cli/local_test_runner.h"
#include "cli/project_paths.h"

namespace mse::cli {

Status RunHomeLocaltest(const ParsedArgs& args, CommandContext& ctx) {
  FileSystem& fs = *ctx.env.fs;
  MSE_ASSIGN_OR_RETURN(ProjectPaths paths, ResolveProjectPaths(args, fs));
  MSE_ASSIGN_OR_RETURN(format::AppConfig config, LoadHomeAppConfig(ctx, paths.config));
  MSE_ASSIGN_OR_RETURN(auto engine, ConnectDocker(ctx));
  std::string name = config.name + "_test";
  MSE_RETURN_IF_ERROR(CheckLocalTestSlot(*engine, name));
  MSE_ASSIGN_OR_RETURN(std::string work_path, fs.MakeTempDirectory("/tmp", "mse-localtest-"));
  ScopedDirectory work(fs, work_path);
  MSE_RETURN_IF_ERROR(BuildProjectImage(ctx, *engine, paths, name, work.path()));
  LocalTestSpec spec{name,
                     name,
                     paths.code_dir,
                     paths.tests_dir,
                     config.tests_cmd,
                     config.python_application,
                     config.healthcheck_endpoint,
                     paths.secrets,
                     paths.sealed_secrets,
                     args.Flag("no-tests")};
  return RunLocalTest(ctx, *engine, spec);
}

}  // namespace mse::cli
