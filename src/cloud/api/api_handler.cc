#include "cloud/api/api_handler.h"

#include "net/url_form.h"

namespace mse::cloud::api {
namespace {

std::vector<std::string> Segments(std::string_view path) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < path.size()) {
    size_t next = path.find('/', pos);
    if (next == std::string_view::npos) next = path.size();
    if (next > pos) out.emplace_back(path.substr(pos, next - pos));
    pos = next + 1;
  }
  return out;
}

bool Is(const Call& call, std::string_view method, std::initializer_list<std::string_view> path) {
  if (call.request.method != method || call.segments.size() != path.size()) return false;
  size_t i = 0;
  for (std::string_view part : path) {
    if (part != "*" && call.segments[i] != part) return false;
    ++i;
  }
  return true;
}

}  // namespace

std::optional<std::string> Call::Query(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return value;
  }
  return std::nullopt;
}

net::ServerResponse JsonResponse(int status, const std::string& body) {
  net::ServerResponse r = net::ServerResponse::Text(status, body, "application/json");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

net::ServerResponse ErrorResponse(int status, std::string_view detail) {
  net::ServerResponse r = JsonResponse(status, ErrorJson(detail));
  if (status == 401) r.headers.emplace_back("WWW-Authenticate", "Bearer error=\"invalid_token\"");
  return r;
}

net::ServerResponse ResponseFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kUsage: return ErrorResponse(400, status.message());
    case StatusCode::kUnauthenticated: return ErrorResponse(401, status.message());
    case StatusCode::kPermissionDenied: return ErrorResponse(403, status.message());
    case StatusCode::kNotFound: return ErrorResponse(404, status.message());
    case StatusCode::kAlreadyExists: return ErrorResponse(409, status.message());
    case StatusCode::kFailedPrecondition: return ErrorResponse(409, status.message());
    case StatusCode::kOutOfRange: return ErrorResponse(422, status.message());
    case StatusCode::kUnavailable: return ErrorResponse(503, status.message());
    default: return ErrorResponse(500, "internal error: " + status.message());
  }
}

net::ServerResponse ApiHandler::Handle(const net::ServerRequest& request) {
  ++requests_;
  auto [path, query] = net::SplitTarget(request.target);
  Call call{request, Segments(path), {}, ""};
  auto parsed = net::ParseForm(query);
  if (!parsed.ok()) return ErrorResponse(400, "malformed query string: " + parsed.status().message());
  call.query = *std::move(parsed);
  return Dispatch(call);
}

net::ServerResponse ApiHandler::Dispatch(Call& call) {
  const auto& s = call.segments;
  if (!s.empty() && (s[0] == "authorize" || s[0] == "logout" || (s[0] == "oauth" && s.size() == 2))) {
    return deps_.oauth->Handle(call.request);
  }
  if (Is(call, "GET", {".well-known", "mse"})) return Discovery();
  if (Is(call, "GET", {"signer.pem"})) return SignerKey();
  if (Is(call, "GET", {"sim-root.pem"})) return SimRoot();
  if (Is(call, "GET", {"metrics"})) return Metrics();
  if (s.size() >= 3 && s[0] == "sgx" && s[1] == "certification") return SimPccs(call);
  net::ServerResponse failure;
  if (!Authenticate(call, &failure)) return failure;
  return DispatchAuthenticated(call);
}

bool ApiHandler::Authenticate(Call& call, net::ServerResponse* failure) {
  auto user = deps_.authenticator->UserIdFromBearer(call.request.Header("Authorization"));
  if (!user.ok()) {
    *failure = ErrorResponse(401, user.status().message());
    return false;
  }
  call.user_id = *user;
  return true;
}

net::ServerResponse ApiHandler::DispatchAuthenticated(Call& call) {
  if (Is(call, "GET", {"users", "me"})) return Me(call);
  if (Is(call, "GET", {"projects"})) return Projects(call);
  if (Is(call, "GET", {"projects", "*"})) return ProjectById(call, call.segments[1]);
  if (Is(call, "GET", {"hardwares", "*"})) return HardwareByName(call.segments[1]);
  if (Is(call, "GET", {"apps", "default"})) return AppDefaults(call);
  if (Is(call, "GET", {"apps"})) return ListApps(call);
  if (Is(call, "POST", {"apps"})) return CreateApp(call);
  if (Is(call, "GET", {"apps", "*"})) return GetApp(call, call.segments[1]);
  if (Is(call, "DELETE", {"apps", "*"})) return DeleteApp(call, call.segments[1]);
  if (Is(call, "POST", {"apps", "*", "stop"})) return StopApp(call, call.segments[1]);
  if (Is(call, "GET", {"apps", "*", "logs"})) return AppLogs(call, call.segments[1]);
  if (Is(call, "GET", {"apps", "*", "metrics"})) return AppMetrics(call, call.segments[1]);
  return ErrorResponse(404, "Not Found: " + call.request.method + " " + call.request.target.substr(0, 200));
}

std::shared_ptr<net::HttpHandler> NewApiHandler(ApiDeps deps, ApiOptions options) {
  return std::make_shared<ApiHandler>(std::move(deps), std::move(options));
}

}  // namespace mse::cloud::api
