// Where a project's parts are: `--project DIR` (standard layout) or the four
// explicit options, for `home package` and `home localtest`.
#ifndef MSE_CLI_PROJECT_PATHS_H_
#define MSE_CLI_PROJECT_PATHS_H_

#include <string>

#include "cli/command_spec.h"
#include "docker/engine.h"
#include "format/app_config.h"

namespace mse::cli {

struct ProjectPaths {
  std::string code_dir;    // <project>/mse_src
  std::string tests_dir;   // <project>/tests
  std::string config;      // <project>/mse.toml
  std::string dockerfile;  // <project>/Dockerfile
  std::string secrets;         // <project>/secrets.json (may not exist)
  std::string sealed_secrets;  // <project>/secrets_to_seal.json (may not exist)
};

// Usage error when --project is mixed with the explicit options or when,
// without it, one of --code, --config, --dockerfile, --test is missing;
// NotFound naming the path when a part does not exist.
StatusOr<ProjectPaths> ResolveProjectPaths(const ParsedArgs& args, FileSystem& fs);

// mse.toml for a home command (no [cloud]); warnings for unknown keys are
// printed; the name must be a valid Docker image name.
StatusOr<format::AppConfig> LoadHomeAppConfig(CommandContext& ctx, const std::string& path);

// docker build of the project's Dockerfile (its directory is the context,
// the file name is honoured: Q-33), tagged `tag`; `work` holds the context tar.
Status BuildProjectImage(CommandContext& ctx, docker::Engine& engine, const ProjectPaths& paths,
                         const std::string& tag, const std::string& work);

}  // namespace mse::cli

#endif  // MSE_CLI_PROJECT_PATHS_H_
