#include "cli/cloud_apps.h"

#include <ctime>

#include "cli/cloud_contexts.h"
#include "format/context.h"

namespace mse::cli {
namespace {

Status TerminalStatusError(const cloud::api::App& app, const std::string& wanted) {
  std::string reason = app.status_reason ? ": " + *app.status_reason : "";
  if (app.status == "on_error") {
    return FailedPreconditionError("the app " + app.id + " failed (on_error" + reason +
                                   "); see `mse cloud logs " + app.id + "`");
  }
  return FailedPreconditionError("the app " + app.id + " is " + app.status + reason + " while waiting for " +
                                 wanted);
}

}  // namespace

StatusOr<cloud::api::App> WaitForStatus(CommandContext& ctx, cloud::ApiClient& api, const std::string& id,
                                        const std::string& wanted, int64_t timeout_seconds) {
  Clock& clock = *ctx.env.clock;
  const int64_t deadline = clock.NowUnixSeconds() + timeout_seconds;
  Spinner spinner(*ctx.terminal, "waiting for the app " + id + " to be " + wanted);
  while (true) {
    clock.SleepMillis(kPollMillis);
    MSE_ASSIGN_OR_RETURN(cloud::api::App app, api.GetApp(id));
    if (app.status == wanted) return app;
    if (app.status == "on_error" || app.status == "stopped") return TerminalStatusError(app, wanted);
    if (wanted == "initializing" && app.status == "running") {
      return FailedPreconditionError("the app " + id +
                                     " is running before it received its code key: refusing it");
    }
    if (clock.NowUnixSeconds() >= deadline) {
      return DeadlineExceededError("the app " + id + " is still " + app.status + " after " +
                                   std::to_string(timeout_seconds / 60) + " min (--timeout)");
    }
  }
}

Status StopAndForget(CommandContext& ctx, cloud::ApiClient& api, const std::string& id) {
  MSE_RETURN_IF_ERROR(api.StopApp(id));
  Clock& clock = *ctx.env.clock;
  const int64_t deadline = clock.NowUnixSeconds() + 60;
  {
    Spinner spinner(*ctx.terminal, "stopping the app " + id);
    while (true) {
      MSE_ASSIGN_OR_RETURN(cloud::api::App app, api.GetApp(id));
      if (app.status == "stopped" || app.status == "on_error") break;
      if (clock.NowUnixSeconds() >= deadline) {
        return DeadlineExceededError("the app " + id + " is still " + app.status +
                                     " 60 s after the stop request");
      }
      clock.SleepMillis(kPollMillis);
    }
  }
  const std::string conf = ctx.ConfPath();
  if (ctx.env.fs->IsDirectory(format::ContextDirectory(conf, id))) {
    MSE_RETURN_IF_ERROR(RemoveAppContext(*ctx.env.fs, conf, id));
  }
  ctx.terminal->Success("App " + id + " stopped");
  return Status::Ok();
}

std::string FormatUtc(int64_t unix_micros) {
  std::time_t t = static_cast<std::time_t>(unix_micros / 1'000'000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buffer;
}

std::string Remaining(int64_t unix_micros, int64_t now_seconds) {
  int64_t delta = unix_micros / 1'000'000 - now_seconds;
  int64_t abs = delta < 0 ? -delta : delta;
  std::string text;
  if (abs >= 86400) text = std::to_string(abs / 86400) + "d ";
  if (abs >= 3600) text += std::to_string(abs % 86400 / 3600) + "h ";
  text += std::to_string(abs % 3600 / 60) + "m";
  return delta >= 0 ? text + " left" : "expired " + text + " ago";
}

}  // namespace mse::cli
