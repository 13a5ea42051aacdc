#include "cli/project_paths.h"

#include "format/tar.h"

namespace mse::cli {
namespace {

constexpr const char* kExplicit[] = {"code", "config", "dockerfile", "test"};

Status CheckExists(FileSystem& fs, const std::string& path, bool directory, const std::string& what) {
  if (directory ? fs.IsDirectory(path) : (fs.Exists(path) && !fs.IsDirectory(path))) return Status::Ok();
  return NotFoundError(what + " " + path + " not found" + (directory ? " (expected a directory)" : ""));
}

}  // namespace

StatusOr<ProjectPaths> ResolveProjectPaths(const ParsedArgs& args, FileSystem& fs) {
  ProjectPaths paths;
  if (auto project = args.Get("project")) {
    for (const char* key : kExplicit) {
      if (args.Has(key)) return UsageError(std::string("--project cannot be combined with --") + key);
    }
    std::string dir = ExpandUser(*project);
    if (!fs.IsDirectory(dir)) return NotFoundError("project directory " + dir + " not found");
    paths = {JoinPath(dir, "mse_src"), JoinPath(dir, "tests"), JoinPath(dir, "mse.toml"),
             JoinPath(dir, "Dockerfile"), JoinPath(dir, "secrets.json"), JoinPath(dir, "secrets_to_seal.json")};
  } else {
    for (const char* key : kExplicit) {
      if (!args.Has(key)) {
        return UsageError(std::string("give --project DIR, or all of --code, --config, --dockerfile and --test "
                                      "(--") + key + " is missing)");
      }
    }
    paths.code_dir = ExpandUser(*args.Get("code"));
    paths.config = ExpandUser(*args.Get("config"));
    paths.dockerfile = ExpandUser(*args.Get("dockerfile"));
    paths.tests_dir = ExpandUser(*args.Get("test"));
  }
  if (auto s = args.Get("secrets")) paths.secrets = ExpandUser(*s);
  if (auto s = args.Get("sealed-secrets")) paths.sealed_secrets = ExpandUser(*s);
  MSE_RETURN_IF_ERROR(CheckExists(fs, paths.code_dir, true, "code directory"));
  MSE_RETURN_IF_ERROR(CheckExists(fs, paths.tests_dir, true, "tests directory"));
  MSE_RETURN_IF_ERROR(CheckExists(fs, paths.config, false, "configuration file"));
  MSE_RETURN_IF_ERROR(CheckExists(fs, paths.dockerfile, false, "Dockerfile"));
  return paths;
}

StatusOr<format::AppConfig> LoadHomeAppConfig(CommandContext& ctx, const std::string& path) {
  format::AppConfigLoadOptions options;
  options.mode = format::CloudMode::kSkipCloud;
  MSE_ASSIGN_OR_RETURN(auto loaded, format::LoadAppConfig(*ctx.env.fs, path, ctx.env.clock->NowUnixSeconds(), options));
  for (const auto& warning : loaded.warnings) ctx.terminal->Warning(warning);
  MSE_RETURN_IF_ERROR(format::ValidateDockerReference(loaded.config.name).WithContext(path));
  return loaded.config;
}

Status BuildProjectImage(CommandContext& ctx, docker::Engine& engine, const ProjectPaths& paths,
                         const std::string& tag, const std::string& work) {
  std::string context_tar = JoinPath(work, "context.tar");
  MSE_RETURN_IF_ERROR(format::BuildDirectoryTar(DirName(paths.dockerfile), context_tar));
  MSE_ASSIGN_OR_RETURN(auto context, ctx.env.fs->OpenForRead(context_tar));
  MSE_ASSIGN_OR_RETURN(uint64_t size, context->Size());
  ctx.terminal->Info("building the docker image " + tag + " from " + paths.dockerfile);
  Terminal& term = *ctx.terminal;
  return engine.BuildImage(*context, size, tag, BaseName(paths.dockerfile),
                           [&term](const std::string& line) { term.Info("  " + line); });
}

}  // namespace mse::cli
