#include "cloud/client/api_client.h"

#include <nlohmann/json.hpp>

#include "cloud/client/log_stream.h"
#include "cloud/client/url.h"

namespace mse::cloud {
namespace {

bool IsIdempotent(const std::string& method) {
  return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE";
}

std::string PathOf(const std::string& path) { return path.substr(0, path.find('?')); }

// Attaches the bearer token; the caller wipes the header afterwards.
Status Authorize(const AccessTokenSource& token, net::HttpRequest& request) {
  if (!token) return Status::Ok();
  MSE_ASSIGN_OR_RETURN(std::string access, token());
  request.headers.emplace_back("Authorization", "Bearer " + access);
  WipeMemory(access.data(), access.size());
  return Status::Ok();
}

void WipeHeaders(net::HttpRequest& request) {
  for (auto& [name, value] : request.headers) WipeMemory(value.data(), value.size());
}

}  // namespace

const std::vector<std::string>& LiveStatuses() {
  static const std::vector<std::string> live = {"spawning", "initializing", "running"};
  return live;
}

Status BackendError(long status, std::string_view body, const std::string& method,  // NOLINT(runtime/int)
                    const std::string& path) {
  std::string text = api::ErrorText(body);
  for (char& ch : text) {
    if (ch == '\n' || ch == '\r') ch = ' ';  // one line, whatever the body
  }
  if (text.empty()) text = "the MSE backend refused the request";
  if (status == 401) {
    return UnauthenticatedError("Are you logged in? The MSE backend refused the access token: " + text +
                                ". Run `mse login` again");
  }
  std::string message =
      text + " (HTTP " + std::to_string(status) + " from " + method + " " + PathOf(path) + ")";
  switch (status) {
    case 400:
    case 422:
      return InvalidArgumentError(message);
    case 403:
      return PermissionDeniedError(message);
    case 404:
      return NotFoundError(message);
    case 409:
      return AlreadyExistsError(message);
    default:
      break;
  }
  if (status == 429 || status >= 500) return UnavailableError(message);
  return FailedPreconditionError(message);
}

ApiClient::ApiClient(ApiClientOptions options, net::HttpClient& http, Clock& clock)
    : options_(std::move(options)), http_(http), clock_(clock) {}

StatusOr<net::HttpResponse> ApiClient::SendWithRetry(net::HttpRequest& request) {
  const int attempts = IsIdempotent(request.method) ? std::max(1, options_.max_attempts) : 1;
  int64_t delay = options_.backoff_millis;
  StatusOr<net::HttpResponse> response = InternalError("no attempt");
  for (int i = 0; i < attempts; ++i) {
    if (i > 0) {
      clock_.SleepMillis(delay);
      delay *= 2;
    }
    response = http_.Send(request);
    if (!response.ok() || (response->status != 502 && response->status != 503)) break;
  }
  return response;
}

StatusOr<net::HttpResponse> ApiClient::Call(const std::string& method, const std::string& path,
                                            std::string body, const std::string& content_type) {
  net::HttpRequest request;
  request.method = method;
  request.url = options_.base_url + path;
  request.body = std::move(body);
  request.timeout = method == "POST" && path == "/apps" ? options_.upload_timeout : options_.timeout;
  request.headers = {{"User-Agent", kUserAgent}, {"Accept", "application/json"}};
  if (!content_type.empty()) request.headers.emplace_back("Content-Type", content_type);
  MSE_RETURN_IF_ERROR(Authorize(options_.token, request));
  auto response = SendWithRetry(request);
  WipeHeaders(request);
  if (!response.ok()) {
    if (response.status().code() == StatusCode::kDeadlineExceeded) {
      return DeadlineExceededError("the MSE backend at " + options_.base_url + " did not answer " + method +
                                   " " + PathOf(path) + " in time (" + response.status().message() + ")");
    }
    return UnavailableError("cannot reach the MSE backend at " + options_.base_url + " (" +
                            response.status().message() + "): check MSE_BASE_URL");
  }
  if (response->status < 200 || response->status >= 300) {
    return BackendError(response->status, response->body, method, path);
  }
  return response;
}

StatusOr<api::User> ApiClient::Me() {
  MSE_ASSIGN_OR_RETURN(auto r, Call("GET", "/users/me"));
  return api::ParseUser(r.body);
}

StatusOr<api::DefaultApp> ApiClient::DefaultApp() {
  MSE_ASSIGN_OR_RETURN(auto r, Call("GET", "/apps/default"));
  return api::ParseDefaultApp(r.body);
}

StatusOr<std::vector<api::Project>> ApiClient::ProjectsNamed(const std::string& name) {
  MSE_ASSIGN_OR_RETURN(auto r, Call("GET", "/projects?name=" + net::UrlEncodeComponent(name)));
  return api::ParseProjects(r.body);
}

StatusOr<api::Hardware> ApiClient::Hardware(const std::string& name) {
  MSE_ASSIGN_OR_RETURN(auto r, Call("GET", "/hardwares/" + net::UrlEncodeComponent(name)));
  return api::ParseHardware(r.body);
}

StatusOr<std::vector<api::PartialApp>> ApiClient::ListApps(const AppFilter& filter) {
  std::string query;
  auto add = [&query](const std::string& part) { query += (query.empty() ? "?" : "&") + part; };
  if (!filter.statuses.empty()) {
    std::string list;
    for (const auto& s : filter.statuses) list += (list.empty() ? "" : ",") + net::UrlEncodeComponent(s);
    add("status=" + list);
  }
  if (filter.project_id) add("project=" + net::UrlEncodeComponent(*filter.project_id));
  if (filter.name) add("name=" + net::UrlEncodeComponent(*filter.name));
  MSE_ASSIGN_OR_RETURN(auto r, Call("GET", "/apps" + query));
  return api::ParsePartialApps(r.body);
}

StatusOr<api::App> ApiClient::GetApp(const std::string& id) {
  MSE_ASSIGN_OR_RETURN(auto r, Call("GET", "/apps/" + net::UrlEncodeComponent(id)));
  return api::ParseApp(r.body);
}

StatusOr<api::App> ApiClient::CreateApp(const std::string& content_type, const std::string& body) {
  MSE_ASSIGN_OR_RETURN(auto r, Call("POST", "/apps", body, content_type));
  return api::ParseApp(r.body);
}

Status ApiClient::StopApp(const std::string& id) {
  return Call("POST", "/apps/" + net::UrlEncodeComponent(id) + "/stop").status();
}

StatusOr<std::string> ApiClient::Logs(const std::string& id) {
  MSE_ASSIGN_OR_RETURN(auto r, Call("GET", "/apps/" + net::UrlEncodeComponent(id) + "/logs"));
  auto j = nlohmann::json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("stdout") || !j["stdout"].is_string()) {
    return InvalidArgumentError("app logs: member `stdout` is missing or not a string");
  }
  return j["stdout"].get<std::string>();
}

Status ApiClient::FollowLogs(const std::string& id, const std::function<void(std::string_view)>& sink) {
  const std::string path = "/apps/" + net::UrlEncodeComponent(id) + "/logs?follow=1";
  net::HttpRequest auth;
  MSE_RETURN_IF_ERROR(Authorize(options_.token, auth));
  StreamRequest request{options_.base_url + path, auth.headers, options_.timeout};
  request.headers.emplace_back("User-Agent", kUserAgent);
  auto result = StreamGet(request, sink);
  WipeHeaders(auth);
  for (auto& [name, value] : request.headers) WipeMemory(value.data(), value.size());
  if (!result.ok()) {
    return UnavailableError("cannot reach the MSE backend at " + options_.base_url + " (" +
                            result.status().message() + "): check MSE_BASE_URL");
  }
  if (result->status < 200 || result->status >= 300) {
    return BackendError(result->status, result->error_body, "GET", path);
  }
  return Status::Ok();
}

StatusOr<std::vector<api::Metric>> ApiClient::Metrics(const std::string& id) {
  MSE_ASSIGN_OR_RETURN(auto r, Call("GET", "/apps/" + net::UrlEncodeComponent(id) + "/metrics"));
  return api::ParseMetrics(r.body);
}

}  // namespace mse::cloud
