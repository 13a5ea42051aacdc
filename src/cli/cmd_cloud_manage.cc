// mse cloud list | status | logs | stop (spec/cloud.md §1.8): the backend's
// view of the user's apps. `--json` on list and status (cloud_render.h).
#include "cli/cloud_apps.h"
#include "cli/cloud_contexts.h"
#include "cli/cloud_render.h"
#include "cli/cloud_services.h"
#include "cli/commands.h"

namespace mse::cli {
namespace {

// The router port for URLs: the app's own, else the backend's.
int RouterPortOf(CloudServices& services, int app_port) {
  if (app_port > 0) return app_port;
  auto port = services.endpoints().RouterPort();
  return port.ok() ? *port : 443;
}

StatusOr<std::string> AppIdArg(const ParsedArgs& args) { return NormalizeAppId(*args.Get("app_id")); }

}  // namespace

Status RunCloudList(const ParsedArgs& args, CommandContext& ctx) {
  CloudServices services(ctx);
  MSE_ASSIGN_OR_RETURN(cloud::ApiClient * api, services.Api());
  cloud::AppFilter filter;
  if (!args.Flag("all")) filter.statuses = cloud::LiveStatuses();
  if (auto project = args.Get("project_name")) {
    MSE_ASSIGN_OR_RETURN(auto projects, api->ProjectsNamed(*project));
    if (projects.empty()) return NotFoundError("Project " + *project + " does not exist");
    filter.project_id = projects.front().id;
  }
  MSE_ASSIGN_OR_RETURN(auto apps, api->ListApps(filter));
  std::sort(apps.begin(), apps.end(),
            [](const auto& a, const auto& b) { return a.created_at_us < b.created_at_us; });
  const int port = RouterPortOf(services, 0);
  if (args.Flag("json")) {
    ctx.terminal->Result(AppListJson(apps, port));
  } else if (apps.empty()) {
    ctx.terminal->Info(std::string("no ") + (args.Flag("all") ? "" : "live ") + "app" +
                       (args.Flag("all") ? "" : " (--all also shows stopped ones)"));
  } else {
    ctx.terminal->Result(AppListTable(apps, port));
  }
  return Status::Ok();
}

Status RunCloudStatus(const ParsedArgs& args, CommandContext& ctx) {
  MSE_ASSIGN_OR_RETURN(std::string id, AppIdArg(args));
  CloudServices services(ctx);
  MSE_ASSIGN_OR_RETURN(cloud::ApiClient * api, services.Api());
  AppStatus status;
  MSE_ASSIGN_OR_RETURN(status.app, api->GetApp(id));
  status.router_port = RouterPortOf(services, status.app.router_port);
  status.now = ctx.env.clock->NowUnixSeconds();
  auto hardware = api->Hardware(status.app.hardware_name);
  if (hardware.ok()) status.hardware = *hardware;
  if (!hardware.ok())
    ctx.terminal->Warning("hardware " + status.app.hardware_name + ": " + hardware.status().message());
  if (status.app.status == "running") {
    auto metrics = api->Metrics(id);
    if (metrics.ok()) status.metrics = *metrics;
    if (!metrics.ok()) ctx.terminal->Warning("metrics: " + metrics.status().message());
  }
  ctx.terminal->Result(args.Flag("json") ? AppStatusJson(status) : AppStatusText(status));
  return Status::Ok();
}

Status RunCloudLogs(const ParsedArgs& args, CommandContext& ctx) {
  MSE_ASSIGN_OR_RETURN(std::string id, AppIdArg(args));
  CloudServices services(ctx);
  MSE_ASSIGN_OR_RETURN(cloud::ApiClient * api, services.Api());
  Terminal& term = *ctx.terminal;
  if (args.Flag("follow"))
    return api->FollowLogs(id, [&term](std::string_view chunk) { term.Result(chunk); });
  MSE_ASSIGN_OR_RETURN(std::string logs, api->Logs(id));
  if (!logs.empty() && logs.back() != '\n') logs.push_back('\n');
  term.Result(logs);
  return Status::Ok();
}

Status RunCloudStop(const ParsedArgs& args, CommandContext& ctx) {
  std::vector<std::string> ids;
  for (const auto& text : args.GetAll("app_id")) {
    MSE_ASSIGN_OR_RETURN(std::string id, NormalizeAppId(text));
    ids.push_back(id);
  }
  CloudServices services(ctx);
  MSE_ASSIGN_OR_RETURN(cloud::ApiClient * api, services.Api());
  std::string failed;
  for (const auto& id : ids) {
    Status s = StopAndForget(ctx, *api, id);
    if (s.ok()) continue;
    ctx.terminal->Warning("cannot stop " + id + ": " + s.message());
    failed += (failed.empty() ? "" : ", ") + id;
  }
  if (!failed.empty()) return FailedPreconditionError("some apps were not stopped: " + failed);
  return Status::Ok();
}

}  // namespace mse::cli
