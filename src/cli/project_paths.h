// Where a project's parts are: `--project DIR` (standard layout) or the four
// explicit options, for `home package` and `home localtest`.
#ifndef MSE_CLI_PROJECT_PATHS_H_
#define MSE_CLI_PROJECT_PATHS_H_

#include <string>

#include "cli/command_spec.h"

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

}  // namespace mse::cli

#endif  // MSE_CLI_PROJECT_PATHS_H_
