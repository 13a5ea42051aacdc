#include "cli/cloud_deploy.h"

#include "cli/cloud_apps.h"
#include "cli/cloud_code.h"
#include "cli/prompt.h"
#include "format/timestamp.h"

namespace mse::cli {

Status CheckDeployment(const ParsedArgs& args, CommandContext& ctx, cloud::ApiClient& api, Deployment& d) {
  const format::CloudConfig& cloud = *d.config.cloud;
  d.origin = cloud.ssl ? "owner" : cloud.dev_mode ? "operator" : "self";
  MSE_ASSIGN_OR_RETURN(auto projects, api.ProjectsNamed(cloud.project));
  if (projects.empty()) return NotFoundError("Project " + cloud.project + " does not exist");
  d.project_id = projects.front().id;
  const std::string module = format::PythonModuleFile(d.config.python_application);
  if (!ctx.env.fs->Exists(JoinPath(cloud.code, module))) {
    return NotFoundError("Flask module '" + module + "' not found in directory: " + cloud.code + "!");
  }
  MSE_ASSIGN_OR_RETURN(cloud::api::Hardware hardware, api.Hardware(cloud.hardware));
  d.enclave_size_mb = hardware.enclave_size;
  if (!args.Flag("no-verify")) {
    ImageSource source{cloud.docker, std::nullopt};
    if (auto tar = args.Get("image-tar")) source = ImageSource{ExpandUser(*tar), ExpandUser(*tar)};
    MSE_RETURN_IF_ERROR(CheckImageAvailable(ctx, source).status());
    d.image = source;
  }
  return Status::Ok();
}

Status ReplaceRunningApp(const ParsedArgs& args, CommandContext& ctx, cloud::ApiClient& api,
                         const Deployment& d) {
  cloud::AppFilter filter{cloud::LiveStatuses(), d.project_id, d.config.name};
  MSE_ASSIGN_OR_RETURN(auto live, api.ListApps(filter));
  if (live.empty()) return Status::Ok();
  for (const auto& app : live) {
    ctx.terminal->Warning("An app named " + app.name + " is already deployed in project " +
                          d.config.cloud->project + ": " + app.id + " on " + app.domain_name + " (" +
                          app.status + ")");
  }
  bool replace = args.Flag("y");
  if (!replace) {
    MSE_ASSIGN_OR_RETURN(replace, AskYesNo(ctx, "Would you like to replace it [yes/no]? "));
  }
  if (!replace) {
    return FailedPreconditionError("Deployment has been canceled: " + live.front().id +
                                   " is left running (nothing was deployed)");
  }
  for (const auto& app : live) MSE_RETURN_IF_ERROR(StopAndForget(ctx, api, app.id));
  return Status::Ok();
}

Status PrepareCode(const ParsedArgs& args, CommandContext& ctx, Deployment& d) {
  FileSystem& fs = *ctx.env.fs;
  if (auto workspace = args.Get("workspace")) {
    d.workspace = AbsolutePath(ExpandUser(*workspace));
    MSE_RETURN_IF_ERROR(fs.CreateDirectories(d.workspace, FileMode::kNormal));
  } else {
    MSE_ASSIGN_OR_RETURN(d.workspace, fs.MakeTempDirectory("/tmp", "mse-deploy-"));
  }
  ctx.terminal->Info("workspace: " + d.workspace);
  d.code_key = SecretBytes(32);
  ctx.env.random->Fill(d.code_key.mutable_view());
  MSE_ASSIGN_OR_RETURN(EncryptedCode code,
                       EncryptCode(ctx, d.config.cloud->code, d.workspace, d.code_key.view(), nullptr));
  d.nonces = std::move(code.nonces);
  d.app_tar = code.app_tar;
  if (d.config.cloud->ssl) {
    MSE_ASSIGN_OR_RETURN(std::string chain, fs.ReadFile(d.config.cloud->ssl->certificate));
    MSE_RETURN_IF_ERROR(fs.WriteFile(JoinPath(d.workspace, "fullchain.pem"), chain));
    d.owner_chain = std::move(chain);
  }
  return Status::Ok();
}

format::CloudContext ContextOf(const Deployment& d, const cloud::api::App& app) {
  format::CloudContext context;
  format::ContextConfig& c = context.config;
  c.name = d.config.name;
  c.project = d.config.cloud->project;
  c.docker = d.config.cloud->docker;
  c.python_application = d.config.python_application;
  c.tests = d.config.cloud->tests;
  c.tests_cmd = d.config.tests_cmd;
  c.tests_requirements = d.config.tests_requirements;
  c.code_secret_key = d.code_key.Clone();
  c.ssl_app_certificate = d.owner_chain;
  format::ContextInstance instance;
  instance.id = app.id;
  instance.config_domain_name = app.config_domain_name;
  instance.enclave_size = app.enclave_size > 0 ? app.enclave_size : d.enclave_size_mb;
  instance.expires_at = format::FormatPythonTimestamp(format::Timestamp{app.expires_at_us, 0});
  instance.ssl_certificate_origin =
      app.ssl_certificate_origin.empty() ? d.origin : app.ssl_certificate_origin;
  for (const auto& [path, nonce] : d.nonces) instance.nonces.emplace_back(path, nonce);
  context.instance = std::move(instance);
  return context;
}

}  // namespace mse::cli
