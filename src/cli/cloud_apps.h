// What several cloud commands do with deployed apps: wait for a status
// (polling every 3 s, sleeping first, as the original), stop an app and
// forget its context, and show times.
#ifndef MSE_CLI_CLOUD_APPS_H_
#define MSE_CLI_CLOUD_APPS_H_

#include <cstdint>
#include <string>

#include "cli/command_spec.h"
#include "cloud/client/api_client.h"

namespace mse::cli {

inline constexpr int64_t kPollMillis = 1000;  // the original polls every 3 s; mse-cloud moves apps every second

// Polls GET /apps/{id} until its status is `wanted`. Fails when the app
// reaches a terminal state (on_error, with its status_reason, or stopped),
// when it is already `running` while `initializing` was wanted, and with
// DeadlineExceeded after `timeout_seconds`.
StatusOr<cloud::api::App> WaitForStatus(CommandContext& ctx, cloud::ApiClient& api, const std::string& id,
                                        const std::string& wanted, int64_t timeout_seconds);

// POST /apps/{id}/stop, then waits up to 60 s for stopped or on_error, then
// removes the local context (if any).
Status StopAndForget(CommandContext& ctx, cloud::ApiClient& api, const std::string& id);

// "2026-05-28 20:26:40 UTC".
std::string FormatUtc(int64_t unix_micros);
// "3h 12m left", "expired 5m ago".
std::string Remaining(int64_t unix_micros, int64_t now_seconds);

}  // namespace mse::cli

#endif  // MSE_CLI_CLOUD_APPS_H_
