// mse cloud test [UUID] (spec/cloud.md §1.8; quirk Q-01): the app's tests
// against the deployed enclave, TEST_REMOTE_URL = its URL and
// TEST_RATLS_CERT = the certificate verified at deployment (pinned, never
// "trust whatever the server shows"). Without UUID: the most recent live
// deployment that has a local context (said which). Exit status = the
// tests'. Test requirements are expected installed for /usr/bin/python3.
#include <algorithm>

#include "base/process.h"
#include "cli/cloud_apps.h"
#include "cli/cloud_contexts.h"
#include "cli/cloud_services.h"
#include "cli/commands.h"

namespace mse::cli {
namespace {

StatusOr<std::string> MostRecentDeployment(CommandContext& ctx, cloud::ApiClient& api) {
  MSE_ASSIGN_OR_RETURN(auto ids, ListContextIds(*ctx.env.fs, ctx.ConfPath()));
  if (ids.empty()) {
    return NotFoundError("no deployment context in " + JoinPath(ctx.ConfPath(), "context") +
                         ": give the app's UUID (mse cloud list)");
  }
  MSE_ASSIGN_OR_RETURN(auto live, api.ListApps({cloud::LiveStatuses(), std::nullopt, std::nullopt}));
  std::sort(live.begin(), live.end(),
            [](const auto& a, const auto& b) { return a.created_at_us > b.created_at_us; });
  for (const auto& app : live) {
    if (!std::binary_search(ids.begin(), ids.end(), app.id)) continue;
    ctx.terminal->Info("testing the most recent deployment: " + app.id + " (" + app.name + " on " +
                       app.domain_name + ")");
    return app.id;
  }
  return NotFoundError("none of the " + std::to_string(ids.size()) +
                       " local contexts belongs to a live app: give the app's UUID");
}

// TEST_REMOTE_URL and, for apps serving their RA-TLS certificate, the
// certificate verified at deployment as TEST_RATLS_CERT.
StatusOr<std::map<std::string, std::string>> TestEnvironment(CommandContext& ctx, CloudServices& services,
                                                             const cloud::api::App& app) {
  int port = app.router_port;
  if (port == 0) {
    MSE_ASSIGN_OR_RETURN(port, services.endpoints().RouterPort());
  }
  std::map<std::string, std::string> env = {{"TEST_REMOTE_URL", cloud::AppUrl(app.domain_name, port)},
                                            {"PYTHONDONTWRITEBYTECODE", "1"}};
  if (app.ssl_certificate_origin != "self" && !app.ssl_certificate_origin.empty()) return env;
  const std::string cert = ContextCertificatePath(ctx.ConfPath(), app.id);
  if (!ctx.env.fs->Exists(cert)) {
    return FailedPreconditionError(
        "no verified certificate for " + app.id + " (" + cert +
        "): run `mse cloud verify --context <exported context> --code DIR --workspace " + DirName(cert) +
        " " + app.domain_name + "` first");
  }
  env["TEST_RATLS_CERT"] = cert;
  return env;
}

}  // namespace

Status RunCloudTest(const ParsedArgs& args, CommandContext& ctx) {
  CloudServices services(ctx);
  MSE_ASSIGN_OR_RETURN(cloud::ApiClient * api, services.Api());
  std::string id;
  if (auto given = args.Get("app_id")) {
    MSE_ASSIGN_OR_RETURN(id, NormalizeAppId(*given));
  } else {
    MSE_ASSIGN_OR_RETURN(id, MostRecentDeployment(ctx, *api));
  }
  auto context = LoadAppContext(*ctx.env.fs, ctx.ConfPath(), id);
  if (!context.ok())
    return Status(context.status().code(), context.status().message() + ". Run the tests manually");
  MSE_ASSIGN_OR_RETURN(cloud::api::App app, api->GetApp(id));
  if (app.status != "running")
    return FailedPreconditionError("the app " + id + " is " + app.status + ", not running");
  const std::string tests = context->config.tests;
  if (!ctx.env.fs->IsDirectory(tests))
    return NotFoundError("tests directory " + tests + " (from the context) not found");
  MSE_ASSIGN_OR_RETURN(auto env, TestEnvironment(ctx, services, app));
  std::string requirements;
  for (const auto& r : context->config.tests_requirements)
    requirements += (requirements.empty() ? "" : ", ") + r;
  if (!requirements.empty()) {
    ctx.terminal->Info("tests requirements (" + requirements +
                       ") are expected to be installed for /usr/bin/python3");
  }
  ctx.terminal->Info("running `python3 -m " + context->config.tests_cmd + "` against " +
                     env["TEST_REMOTE_URL"]);
  MSE_ASSIGN_OR_RETURN(int code,
                       RunProcess({{"/usr/bin/python3", "-m", context->config.tests_cmd, tests}, env, ""}));
  if (code != 0) return FailedPreconditionError("Tests failed! (exit status " + std::to_string(code) + ")");
  ctx.terminal->Success("Tests successful");
  return Status::Ok();
}

}  // namespace mse::cli
