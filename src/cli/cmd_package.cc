// mse home package: docker build + save of the app's image, the code tree
// (encrypted with --encrypt) and the tests as tars, and mse.toml, in one
// package_<name>_<ns>.tar (formats.md §12). Everything is prepared in a
// temporary directory inside --output, removed whatever happens.
#include "base/scoped_dir.h"
#include "cli/commands.h"
#include "cli/docker_env.h"
#include "cli/project_paths.h"
#include "crypto/code_dir.h"
#include "format/app_config.h"
#include "format/mseignore.h"
#include "format/package.h"
#include "format/tar.h"

namespace mse::cli {
namespace {

Status BuildAndSaveImage(CommandContext& ctx, docker::Engine& engine, const ProjectPaths& paths,
                         const std::string& tag, const std::string& work, const std::string& image_tar) {
  MSE_RETURN_IF_ERROR(BuildProjectImage(ctx, engine, paths, tag, work));
  Terminal& term = *ctx.terminal;
  MSE_ASSIGN_OR_RETURN(auto out, ctx.env.fs->CreateAtomic(image_tar, FileMode::kNormal));
  uint64_t bytes = 0;
  {
    Spinner spinner(term, "saving the docker image " + tag);
    MSE_RETURN_IF_ERROR(engine.SaveImage(tag, *out, &bytes));
  }
  MSE_RETURN_IF_ERROR(out->Commit());
  term.Info("image saved (" + FormatBytes(bytes) + ")");
  return Status::Ok();
}

// app.tar: the code tree, .mseignore applied, encrypted when `key` is given.
Status BuildCodeTar(CommandContext& ctx, const std::string& code_dir, const std::string& work,
                    const SecretBytes* key, const std::string& app_tar) {
  MSE_ASSIGN_OR_RETURN(format::MseIgnore ignore, format::MseIgnore::Load(*ctx.env.fs, code_dir));
  if (key == nullptr) {
    return format::BuildDirectoryTar(code_dir, app_tar, [&ignore](std::string_view base, bool is_dir) {
      return ignore.Ignores(base, is_dir);
    });
  }
  std::string encrypted = JoinPath(work, "encrypted_code");
  auto nonces = crypto::EncryptDirectory(
      *ctx.env.fs, *ctx.env.random, code_dir, encrypted, key->view(),
      [&ignore](std::string_view, std::string_view base, bool is_dir) { return ignore.Ignores(base, is_dir); },
      nullptr);
  if (!nonces.ok()) return nonces.status();
  ctx.terminal->Info("code encrypted: " + std::to_string(nonces->size()) + " files");
  return format::BuildDirectoryTar(encrypted, app_tar);
}

}  // namespace

Status RunHomePackage(const ParsedArgs& args, CommandContext& ctx) {
  FileSystem& fs = *ctx.env.fs;
  MSE_ASSIGN_OR_RETURN(ProjectPaths paths, ResolveProjectPaths(args, fs));
  MSE_ASSIGN_OR_RETURN(format::AppConfig config, LoadHomeAppConfig(ctx, paths.config));
  std::string module = format::PythonModuleFile(config.python_application);
  if (!fs.Exists(JoinPath(paths.code_dir, module))) {
    return NotFoundError("Flask module '" + module + "' of python_application '" + config.python_application +
                         "' not found in " + paths.code_dir);
  }
  MSE_ASSIGN_OR_RETURN(auto engine, ConnectDocker(ctx));
  std::string output = ExpandUser(*args.Get("output"));
  MSE_RETURN_IF_ERROR(fs.CreateDirectories(output, FileMode::kNormal));
  int64_t ns = ctx.env.clock->NowUnixNanos();
  std::string tag = config.name + ":" + std::to_string(ns);
  MSE_ASSIGN_OR_RETURN(std::string work_path, fs.MakeTempDirectory(output, ".mse-package-"));
  ScopedDirectory work(fs, work_path);

  format::PackageFiles files{JoinPath(work.path(), "app.tar"), JoinPath(work.path(), "image.tar"),
                             JoinPath(work.path(), "tests.tar"), paths.config};
  MSE_RETURN_IF_ERROR(BuildAndSaveImage(ctx, *engine, paths, tag, work.path(), files.image_tar));
  std::optional<SecretBytes> key;
  if (args.Flag("encrypt")) {
    key.emplace(32);
    ctx.env.random->Fill(key->mutable_view());
  }
  MSE_RETURN_IF_ERROR(BuildCodeTar(ctx, paths.code_dir, work.path(), key ? &*key : nullptr, files.app_tar));
  MSE_RETURN_IF_ERROR(format::BuildDirectoryTar(paths.tests_dir, files.tests_tar, format::IsTestsTarExcluded));

  std::string package = JoinPath(output, format::PackageFileName(config.name, ns));
  MSE_RETURN_IF_ERROR(format::WritePackage(files, package));
  ctx.terminal->Success("package written to " + package);
  if (key) {
    std::string key_path = JoinPath(output, format::PackageKeyFileName(config.name, ns));
    MSE_RETURN_IF_ERROR(fs.WriteFile(key_path, key->view(), FileMode::kSecret));
    ctx.terminal->Success("code key written to " + key_path + " (keep it: it decrypts the code)");
    ctx.terminal->Advice("seal it into the secrets with `mse home seal --code-key " + key_path +
                         " ...` so the operator never sees it");
  }
  return Status::Ok();
}

}  // namespace mse::cli
