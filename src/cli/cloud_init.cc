#include "cli/cloud_init.h"

#include "cli/prompt.h"

namespace mse::cli {

Status CheckAppName(const std::string& name) {
  if (name.empty() || name.size() > 255) {
    return InvalidArgumentError("the app name must have 1 to 255 characters");
  }
  return Status::Ok();
}

Status CheckDockerReference(const std::string& image) {
  if (image.empty() || image.find_first_of(" \t") != std::string::npos) {
    return InvalidArgumentError("'" + image + "' is not a Docker image reference (name:tag)");
  }
  if (image.find('@') != std::string::npos) return Status::Ok();  // pinned by digest
  size_t slash = image.rfind('/');
  std::string last = slash == std::string::npos ? image : image.substr(slash + 1);
  size_t colon = last.rfind(':');
  if (colon == std::string::npos || last.substr(colon + 1) == "latest") {
    return InvalidArgumentError("You shouldn't use latest tag for the docker image: give an explicit tag (" +
                                image + ")");
  }
  return Status::Ok();
}

Status CheckPythonApplication(const std::string& value) {
  size_t colon = value.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == value.size() ||
      value.find(':', colon + 1) != std::string::npos) {
    return InvalidArgumentError("`python_application` is malformed. Expected format: `module:variable`");
  }
  return Status::Ok();
}

Status CheckHealthcheck(const std::string& endpoint) {
  if (endpoint.empty() || endpoint.front() != '/') {
    return InvalidArgumentError("healthcheck_endpoint should start with a \"/\"");
  }
  return Status::Ok();
}

Status CheckDirectory(FileSystem& fs, const std::string& path, const std::string& what) {
  if (!path.empty() && fs.IsDirectory(path)) return Status::Ok();
  return NotFoundError(what + " '" + path +
                       "' is not a directory here: create it first or give another path");
}

StatusOr<format::AppConfig> AskCloudInit(CommandContext& ctx, const cloud::api::DefaultApp& defaults,
                                         const InitChecks& checks) {
  FileSystem& fs = *ctx.env.fs;
  format::AppConfig config;
  format::CloudConfig cloud;
  MSE_ASSIGN_OR_RETURN(config.name, AskValid(ctx, "App name", "", CheckAppName));
  MSE_ASSIGN_OR_RETURN(cloud.project, AskValid(ctx, "Project name", defaults.project, checks.project));
  MSE_ASSIGN_OR_RETURN(cloud.hardware, AskValid(ctx, "Hardware name", defaults.hardware, checks.hardware));
  MSE_ASSIGN_OR_RETURN(cloud.docker, AskValid(ctx, "Docker url", defaults.docker, CheckDockerReference));
  MSE_ASSIGN_OR_RETURN(cloud.code, AskValid(ctx, "Code location", "mse_src", [&fs](const std::string& p) {
                         return CheckDirectory(fs, p, "code location");
                       }));
  MSE_ASSIGN_OR_RETURN(cloud.tests, AskValid(ctx, "Tests location", "tests", [&fs](const std::string& p) {
                         return CheckDirectory(fs, p, "tests location");
                       }));
  MSE_ASSIGN_OR_RETURN(config.python_application,
                       AskValid(ctx, "Python application", "app:app", CheckPythonApplication));
  MSE_ASSIGN_OR_RETURN(config.healthcheck_endpoint,
                       AskValid(ctx, "Health check endpoint", "/", CheckHealthcheck));
  MSE_ASSIGN_OR_RETURN(bool secrets, AskYesNo(ctx, "Do you have application secrets to provide [no]? ",
                                              std::optional<bool>(false)));
  if (secrets) {
    cloud.secrets = "secrets.json";
    if (!fs.Exists("secrets.json")) ctx.terminal->Advice("put them in secrets.json (JSON) before deploying");
  }
  config.tests_cmd = "pytest";
  config.tests_requirements = {"pytest"};
  config.cloud = std::move(cloud);
  return config;
}

}  // namespace mse::cli
