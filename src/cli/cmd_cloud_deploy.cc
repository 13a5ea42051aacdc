// mse cloud deploy (spec/cloud.md §1.5–1.6): checks, replace prompt,
// encrypted code, POST /apps, the context saved at once (so that a failure
// never leaves a live app the user cannot find), the wait for the
// configuration server, the client-side verification of the enclave, the
// code key and secrets sent to that exact certificate, the wait for
// `running`. Every wait has --timeout; the workspace is kept.
#include "attest/sim/measurement.h"
#include "base/encoding.h"
#include "cli/cloud_app_config.h"
#include "cli/cloud_apps.h"
#include "cli/cloud_contexts.h"
#include "cli/cloud_deploy.h"
#include "cli/cloud_verify.h"
#include "cli/commands.h"
#include "cloud/client/deploy_request.h"
#include "format/json_writer.h"
#include "format/secrets.h"

namespace mse::cli {
namespace {

StatusOr<cloud::api::App> Upload(CommandContext& ctx, cloud::ApiClient& api, const Deployment& d) {
  const format::CloudConfig& cloud = *d.config.cloud;
  cloud::DeployConf conf{d.config.name,
                         cloud.project,
                         cloud.dev_mode,
                         d.config.healthcheck_endpoint,
                         d.config.python_application,
                         std::nullopt,
                         d.owner_chain,
                         std::nullopt,
                         cloud.hardware,
                         cloud.docker};
  if (cloud.expiration_date) conf.expires_at_us = cloud.expiration_date->unix_micros;
  if (cloud.ssl) conf.domain_name = cloud.ssl->domain_name;
  MSE_ASSIGN_OR_RETURN(std::string tar, ctx.env.fs->ReadFile(d.app_tar));
  Bytes boundary_bytes = ctx.env.random->Generate(16);
  cloud::MultipartBody body = cloud::BuildDeployMultipart(cloud::BoundaryFromBytes(boundary_bytes),
                                                          AsBytes(tar), cloud::DeployConfJson(conf));
  Spinner spinner(*ctx.terminal,
                  "uploading the encrypted code (" + FormatBytes(tar.size()) + ") to " + api.base_url());
  return api.CreateApp(body.content_type, body.body);
}

// The simulated MRENCLAVE of what the backend was asked to run.
StatusOr<attest::Measurement> ExpectedMeasurement(CommandContext& ctx, const Deployment& d,
                                                  const cloud::api::App& app, const CloudSpawn& spawn) {
  MSE_ASSIGN_OR_RETURN(TrustedImage image, LoadTrustedImage(ctx, *d.image, app.docker_digest, d.workspace));
  if (app.docker_digest.empty()) {
    ctx.terminal->Warning("the backend did not say which image it runs (no docker_digest): measuring " +
                          image.image_id);
  }
  MSE_ASSIGN_OR_RETURN(auto code, attest::sim::CodeFilesFromTar(*ctx.env.fs, d.app_tar));
  attest::Measurement m = attest::sim::ComputeSimMrEnclave(image.trusted, SpawnArgsOf(spawn), code);
  ctx.terminal->Info("expected MRENCLAVE (simulated platform measurement): " + HexEncode(m));
  return m;
}

Status SendConfiguration(CommandContext& ctx, const Deployment& d, const cloud::api::App& app, int port,
                         const std::string& certificate) {
  FileSystem& fs = *ctx.env.fs;
  std::optional<nlohmann::ordered_json> secrets;
  if (d.config.cloud->secrets) {
    MSE_ASSIGN_OR_RETURN(secrets, format::LoadSecrets(fs, *d.config.cloud->secrets));
  }
  std::optional<SecretBytes> ssl_key;
  if (d.origin == "owner") {
    MSE_ASSIGN_OR_RETURN(ssl_key, fs.ReadSecretFile(d.config.cloud->ssl->private_key));
  }
  net::HttpRequest post;
  post.method = "POST";
  post.url = cloud::AppUrl(app.config_domain_name, port) + "/";
  post.pinned_certificate_pem = certificate;
  post.timeout = std::chrono::seconds(60);
  post.headers = {{"Content-Type", "application/json"}};
  post.body = format::BuildConfigurationPayload(
      app.id, secrets, std::nullopt, d.code_key.view(),
      ssl_key ? std::optional<std::string_view>(AsStringView(ssl_key->view())) : std::nullopt);
  auto response = net::NewCurlHttpClient()->Send(post);
  WipeMemory(post.body.data(), post.body.size());
  if (!response.ok()) return response.status().WithContext("cannot send the code key to the enclave");
  if (response->status < 200 || response->status >= 300) {
    return PermissionDeniedError("Fail to send data to the configuration server (Response " +
                                 std::to_string(response->status) + " " + response->body + ")");
  }
  ctx.terminal->Success("code key" + std::string(secrets ? " and secrets" : "") +
                        " sent to the verified enclave (pinned to its RA-TLS certificate)");
  return Status::Ok();
}

void PrintReady(CommandContext& ctx, const Deployment& d, const cloud::api::App& app, int port) {
  const std::string url = cloud::AppUrl(app.domain_name, port);
  ctx.terminal->Success("Application ready to be used on " + url + " until " + FormatUtc(app.expires_at_us));
  if (d.origin == "self") {
    ctx.terminal->Result("curl " + url + d.config.healthcheck_endpoint + " --cacert " +
                         JoinPath(d.workspace, "ratls.pem") + "\n");
  } else {
    ctx.terminal->Result("curl " + url + d.config.healthcheck_endpoint + "\n");
  }
  ctx.terminal->Advice("context of " + app.id + " saved in " +
                       format::ContextDirectory(ctx.ConfPath(), app.id));
}

// Everything after POST /apps; on failure the caller says how to stop the app.
Status FinishDeployment(const ParsedArgs& args, CommandContext& ctx, CloudServices& services,
                        cloud::ApiClient& api, const Deployment& d, cloud::api::App app,
                        int64_t timeout_seconds) {
  int port = app.router_port;
  if (port == 0) {
    MSE_ASSIGN_OR_RETURN(port, services.endpoints().RouterPort());
  }
  CloudSpawn spawn{
      app.config_domain_name, app.enclave_size > 0 ? app.enclave_size : d.enclave_size_mb, app.id,
      app.python_application.empty() ? d.config.python_application : app.python_application, std::nullopt};
  if (d.origin != "owner") spawn.expiration = app.expires_at_us / 1'000'000;
  CloudTarget target{app.config_domain_name, port, std::nullopt, MeasuredInputsOf(spawn)};
  if (d.image) {
    MSE_ASSIGN_OR_RETURN(target.expected_mr_enclave, ExpectedMeasurement(ctx, d, app, spawn));
  }
  MSE_ASSIGN_OR_RETURN(app, WaitForStatus(ctx, api, app.id, "initializing", timeout_seconds));
  MSE_ASSIGN_OR_RETURN(CloudVerification verified,
                       VerifyCloudEnclave(args, ctx, services, target, VerdictStream::kStderr));
  MSE_RETURN_IF_ERROR(WriteCloudCertificate(ctx, d.workspace, verified));
  MSE_RETURN_IF_ERROR(
      ctx.env.fs->WriteFile(ContextCertificatePath(ctx.ConfPath(), app.id), verified.certificate_pem));
  MSE_RETURN_IF_ERROR(SendConfiguration(ctx, d, app, port, verified.certificate_pem));
  MSE_ASSIGN_OR_RETURN(app, WaitForStatus(ctx, api, app.id, "running", timeout_seconds));
  PrintReady(ctx, d, app, port);
  return Status::Ok();
}

}  // namespace

Status RunCloudDeploy(const ParsedArgs& args, CommandContext& ctx) {
  MSE_ASSIGN_OR_RETURN(int64_t timeout_minutes, args.GetInt("timeout"));
  if (timeout_minutes <= 0) return UsageError("--timeout must be a positive number of minutes");
  if (args.Flag("no-verify") && args.Has("image-tar"))
    return UsageError("--image-tar is useless with --no-verify");
  Deployment d;
  const bool untrusted = args.Flag("untrusted-ssl");
  MSE_ASSIGN_OR_RETURN(d.config, LoadCloudAppConfig(ctx, *args.Get("path"), untrusted));
  if (untrusted) {
    ctx.terminal->Warning(
        "--untrusted-ssl: the operator's edge terminates the app's TLS with its own certificate "
        "and can read the traffic. Not for production");
  }
  CloudServices services(ctx);
  MSE_ASSIGN_OR_RETURN(cloud::ApiClient * api, services.Api());
  MSE_RETURN_IF_ERROR(CheckDeployment(args, ctx, *api, d));
  MSE_RETURN_IF_ERROR(ReplaceRunningApp(args, ctx, *api, d));
  MSE_RETURN_IF_ERROR(PrepareCode(args, ctx, d));
  MSE_ASSIGN_OR_RETURN(cloud::api::App app, Upload(ctx, *api, d));
  ctx.terminal->Info("app " + app.id + " created on " + app.domain_name + " (" + app.status + ")");
  MSE_RETURN_IF_ERROR(SaveAppContext(*ctx.env.fs, ctx.ConfPath(), app.id, ContextOf(d, app), d.app_tar)
                          .WithContext("the app " + app.id +
                                       " is deployed but its context could not be saved; "
                                       "stop it with `mse cloud stop " +
                                       app.id + "`"));
  Status finished = FinishDeployment(args, ctx, services, *api, d, app, timeout_minutes * 60);
  if (!finished.ok()) {
    return Status(finished.code(),
                  finished.message() + ". The app " + app.id +
                      " is still deployed (its context is kept): stop it with `mse cloud stop " + app.id +
                      "`");
  }
  return Status::Ok();
}

}  // namespace mse::cli
