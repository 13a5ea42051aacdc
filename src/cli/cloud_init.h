// `mse cloud init`'s questions (spec/cloud.md §1.3, formats.md §3.4): each
// answer is checked as soon as it is typed — the project and the hardware
// against the backend — and asked again when refused.
#ifndef MSE_CLI_CLOUD_INIT_H_
#define MSE_CLI_CLOUD_INIT_H_

#include <functional>
#include <string>

#include "cli/command_spec.h"
#include "cloud/client/models.h"
#include "format/app_config.h"

namespace mse::cli {

// The checks that need the backend: OK when the project / hardware exists,
// else an error saying so.
struct InitChecks {
  std::function<Status(const std::string&)> project;
  std::function<Status(const std::string&)> hardware;
};

// Answer checks, each InvalidArgument with what is expected.
Status CheckAppName(const std::string& name);             // 1–255 characters
Status CheckDockerReference(const std::string& image);    // a tag other than latest, or a digest
Status CheckPythonApplication(const std::string& value);  // module:variable
Status CheckHealthcheck(const std::string& endpoint);     // starts with '/'
// An existing directory (relative to the working directory).
Status CheckDirectory(FileSystem& fs, const std::string& path, const std::string& what);

// Asks, in order: App name, Project name, Hardware name, Docker url, Code
// location, Tests location, Python application, Health check endpoint, and
// whether there are application secrets. The result is what `init` writes:
// tests_cmd "pytest", tests_requirements ["pytest"], secrets
// "secrets.json" when the answer is yes.
StatusOr<format::AppConfig> AskCloudInit(CommandContext& ctx, const cloud::api::DefaultApp& defaults,
                                         const InitChecks& checks);

}  // namespace mse::cli

#endif  // MSE_CLI_CLOUD_INIT_H_
