// mse cloud scaffold NAME | init (spec/cloud.md §1.3): a project or an
// mse.toml filled with the backend's defaults (GET /apps/default). Both
// need a login. Nothing existing is overwritten without asking.
#include "cli/cloud_init.h"
#include "cli/cloud_services.h"
#include "cli/commands.h"
#include "cli/prompt.h"
#include "cli/scaffold_templates.h"

namespace mse::cli {
namespace {

format::AppConfig ScaffoldConfig(const std::string& name, const cloud::api::DefaultApp& defaults) {
  format::AppConfig config;
  config.name = name;
  config.python_application = "app:app";
  config.healthcheck_endpoint = "/health";
  config.tests_cmd = "pytest";
  config.tests_requirements = {"pytest", "requests"};
  format::CloudConfig cloud;
  cloud.code = "mse_src";
  cloud.tests = "tests";
  cloud.docker = defaults.docker;
  cloud.project = defaults.project;
  cloud.hardware = defaults.hardware;
  cloud.secrets = "secrets.json";
  config.cloud = std::move(cloud);
  return config;
}

Status WriteProject(FileSystem& fs, const std::string& dir, const std::string& name,
                    const std::string& mse_toml) {
  for (const auto& file : CloudScaffoldFiles()) {
    std::string path = JoinPath(dir, file.path);
    MSE_RETURN_IF_ERROR(fs.CreateDirectories(DirName(path), FileMode::kNormal));
    MSE_RETURN_IF_ERROR(fs.WriteFile(path, SubstituteTemplate(file.content, {{"NAME", name}}), file.mode));
  }
  MSE_RETURN_IF_ERROR(fs.WriteFile(JoinPath(dir, "mse.toml"), mse_toml));
  return fs.SetMode(dir, FileMode::kExecutable);  // 0755, like any new directory
}

Status ProjectExists(cloud::ApiClient& api, const std::string& name) {
  MSE_ASSIGN_OR_RETURN(auto projects, api.ProjectsNamed(name));
  if (projects.empty()) return NotFoundError("Project " + name + " does not exist");
  return Status::Ok();
}

}  // namespace

Status RunCloudScaffold(const ParsedArgs& args, CommandContext& ctx) {
  FileSystem& fs = *ctx.env.fs;
  std::string target = *args.Get("app_name");
  while (target.size() > 1 && target.back() == '/') target.pop_back();
  std::string name = BaseName(target);
  if (name.empty() || name.size() > 255 || name == "." || name == "..") {
    return InvalidArgumentError("'" + target + "' is not a valid application name (1 to 255 characters)");
  }
  if (fs.Exists(target)) {
    return AlreadyExistsError(
        target + " already exists: choose another name or remove it first (nothing was changed)");
  }
  std::string parent = DirName(target);
  if (!fs.IsDirectory(parent))
    return NotFoundError("cannot create " + target + ": " + parent + " is not a directory");
  CloudServices services(ctx);
  MSE_ASSIGN_OR_RETURN(cloud::ApiClient * api, services.Api());
  MSE_ASSIGN_OR_RETURN(cloud::api::DefaultApp defaults, api->DefaultApp());
  std::string mse_toml = format::WriteAppConfigToml(ScaffoldConfig(name, defaults));
  MSE_ASSIGN_OR_RETURN(std::string temp, fs.MakeTempDirectory(parent, "." + name + ".scaffold-"));
  Status status = WriteProject(fs, temp, name, mse_toml);
  if (status.ok()) status = fs.Rename(temp, target);
  if (!status.ok()) {
    (void)fs.RemoveAll(temp);
    return status.WithContext("cannot scaffold " + target);
  }
  ctx.terminal->Success("A new MSE cloud project has been created in " + target + " (project " +
                        defaults.project + ", hardware " + defaults.hardware + ", image " + defaults.docker +
                        ")");
  ctx.terminal->Advice("next: mse cloud localtest --path " + JoinPath(target, "mse.toml"));
  return Status::Ok();
}

Status RunCloudInit(const ParsedArgs&, CommandContext& ctx) {
  FileSystem& fs = *ctx.env.fs;
  const std::string path = "mse.toml";
  if (fs.Exists(path)) {
    MSE_ASSIGN_OR_RETURN(bool replace, AskYesNo(ctx, "mse.toml already exists here: replace it [yes/no]? "));
    if (!replace) return FailedPreconditionError("mse.toml was left as it was");
  }
  CloudServices services(ctx);
  MSE_ASSIGN_OR_RETURN(cloud::ApiClient * api, services.Api());
  MSE_ASSIGN_OR_RETURN(cloud::api::DefaultApp defaults, api->DefaultApp());
  InitChecks checks{[api](const std::string& p) { return ProjectExists(*api, p); },
                    [api](const std::string& h) { return api->Hardware(h).status(); }};
  MSE_ASSIGN_OR_RETURN(format::AppConfig config, AskCloudInit(ctx, defaults, checks));
  MSE_RETURN_IF_ERROR(fs.WriteFile(path, format::WriteAppConfigToml(config)).WithContext("writing " + path));
  ctx.terminal->Success("Your app configuration has been saved in " + AbsolutePath(path));
  ctx.terminal->Advice("next: mse cloud localtest, then mse cloud deploy");
  return Status::Ok();
}

}  // namespace mse::cli
