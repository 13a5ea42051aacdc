// The client of the cloud backend's REST API (spec/formats.md §18 and the
// extensions of docs/cloud-backend.md; quirks ).
//
// Every request carries `Authorization: Bearer <access token>` (from the
// token source) and `User-Agent: mse-cli/1.3`. Only idempotent methods
// (GET, HEAD, PUT, DELETE) are retried, and only on 502/503, up to 5
// attempts with a 0.3 s doubling backoff; `POST /apps` is never retried and
// has its own bounded timeout.
//
// Errors, one line each:
//  - backend unreachable: Unavailable "cannot reach the MSE backend at
//    <base URL> (<reason>): check MSE_BASE_URL";
//  - 401: Unauthenticated "Are you logged in? The MSE backend refused the
//    access token: <text>. Run `mse login` again";
//  - any other non-2xx: the body's text (`detail`, …) followed by
//    "(HTTP <code> from <METHOD> <path>)", with a code from the HTTP status
//    (404 NotFound, 400/422 InvalidArgument, 403 PermissionDenied, 409
//    AlreadyExists, 429/5xx Unavailable, else FailedPrecondition);
//  - a 2xx body that does not parse: InvalidArgument naming the member.
#ifndef MSE_CLOUD_CLIENT_API_CLIENT_H_
#define MSE_CLOUD_CLIENT_API_CLIENT_H_

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "cloud/client/models.h"
#include "net/http_client.h"

namespace mse::cloud {

inline constexpr char kUserAgent[] = "mse-cli/1.3";

// Returns a valid access token (refreshing it when needed).
using AccessTokenSource = std::function<StatusOr<std::string>()>;

// GET /apps filter; absent parameters are omitted from the query.
struct AppFilter {
  std::vector<std::string> statuses;  // joined with ','
  std::optional<std::string> project_id;
  std::optional<std::string> name;
};

// Live states of an app (spawning, initializing, running).
const std::vector<std::string>& LiveStatuses();

struct ApiClientOptions {
  std::string base_url;  // no trailing '/'
  AccessTokenSource token;
  std::chrono::milliseconds timeout{30'000};
  std::chrono::milliseconds upload_timeout{600'000};
  int max_attempts = 5;
  int64_t backoff_millis = 300;
};

// Not copyable; `http` and `clock` (backoff sleeps) must outlive it.
class ApiClient {
 public:
  ApiClient(ApiClientOptions options, net::HttpClient& http, Clock& clock);
  ApiClient(const ApiClient&) = delete;
  ApiClient& operator=(const ApiClient&) = delete;

  const std::string& base_url() const { return options_.base_url; }

  StatusOr<api::User> Me();
  StatusOr<api::DefaultApp> DefaultApp();
  // GET /projects?name=…: empty when there is no such project.
  StatusOr<std::vector<api::Project>> ProjectsNamed(const std::string& name);
  StatusOr<api::Hardware> Hardware(const std::string& name);
  StatusOr<std::vector<api::PartialApp>> ListApps(const AppFilter& filter);
  StatusOr<api::App> GetApp(const std::string& id);
  // POST /apps with the multipart body of deploy_request.h.
  StatusOr<api::App> CreateApp(const std::string& content_type, const std::string& body);
  Status StopApp(const std::string& id);
  // GET /apps/{id}/logs → its "stdout".
  StatusOr<std::string> Logs(const std::string& id);
  // GET /apps/{id}/logs?follow=1: the text as it comes, until the app stops.
  Status FollowLogs(const std::string& id, const std::function<void(std::string_view)>& sink);
  StatusOr<std::vector<api::Metric>> Metrics(const std::string& id);

  // One request to `path` (relative to the base URL, query included); the
  // error rules above applied. Exposed for tests and rare calls.
  StatusOr<net::HttpResponse> Call(const std::string& method, const std::string& path, std::string body = "",
                                   const std::string& content_type = "");

 private:
  StatusOr<net::HttpResponse> SendWithRetry(net::HttpRequest& request);

  ApiClientOptions options_;
  net::HttpClient& http_;
  Clock& clock_;
};

// The error of a non-2xx answer (rules above); exposed for the log stream.
Status BackendError(long status, std::string_view body, const std::string& method,  // NOLINT(runtime/int)
                    const std::string& path);

}  // namespace mse::cloud

#endif  // MSE_CLOUD_CLIENT_API_CLIENT_H_
