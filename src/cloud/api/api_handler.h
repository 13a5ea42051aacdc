// The API's request handler (internal to src/cloud/api): dispatch by method
// and path, then one small method per endpoint. Handlers of apps are in
// app_handlers.cc, the rest in info_handlers.cc.
#ifndef MSE_CLOUD_API_API_HANDLER_H_
#define MSE_CLOUD_API_API_HANDLER_H_

#include <atomic>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/api/api_server.h"
#include "cloud/api/deploy_request.h"
#include "cloud/client/models.h"

namespace mse::cloud::api {

// The request split for dispatch: path segments and decoded query.
struct Call {
  const net::ServerRequest& request;
  std::vector<std::string> segments;  // "/apps/x/stop" → {"apps", "x", "stop"}
  std::vector<std::pair<std::string, std::string>> query;
  std::string user_id;  // set once authenticated

  std::optional<std::string> Query(std::string_view name) const;
};

net::ServerResponse JsonResponse(int status, const std::string& body);
net::ServerResponse ErrorResponse(int status, std::string_view detail);
// NotFound → 404, AlreadyExists → 409, InvalidArgument → 400 (…): the
// status's message as `detail`; internal failures keep their text in the
// log only.
net::ServerResponse ResponseFor(const Status& status);

class ApiHandler : public net::HttpHandler {
 public:
  ApiHandler(ApiDeps deps, ApiOptions options) : deps_(std::move(deps)), options_(std::move(options)) {}
  net::ServerResponse Handle(const net::ServerRequest& request) override;

 private:
  net::ServerResponse Dispatch(Call& call);
  net::ServerResponse DispatchAuthenticated(Call& call);
  bool Authenticate(Call& call, net::ServerResponse* failure);

  // info_handlers.cc
  net::ServerResponse Discovery();
  net::ServerResponse SignerKey();
  net::ServerResponse SimRoot();
  net::ServerResponse SimPccs(const Call& call);
  net::ServerResponse Metrics();
  net::ServerResponse Me(const Call& call);
  net::ServerResponse Projects(const Call& call);
  net::ServerResponse ProjectById(const Call& call, const std::string& id);
  net::ServerResponse HardwareByName(const std::string& name);
  net::ServerResponse AppDefaults(const Call& call);

  // app_handlers.cc
  net::ServerResponse CreateApp(const Call& call);
  net::ServerResponse ListApps(const Call& call);
  net::ServerResponse GetApp(const Call& call, const std::string& id);
  net::ServerResponse StopApp(const Call& call, const std::string& id);
  net::ServerResponse DeleteApp(const Call& call, const std::string& id);
  net::ServerResponse AppLogs(const Call& call, const std::string& id);
  net::ServerResponse AppMetrics(const Call& call, const std::string& id);
  StatusOr<cloud::App> OwnedApp(const Call& call, const std::string& id);
  StatusOr<cloud::App> NewApp(const Call& call, const DeployRequest& request);
  api::App Model(const cloud::App& app) const;

  ApiDeps deps_;
  ApiOptions options_;
  std::atomic<int> follows_{0};
  std::atomic<uint64_t> requests_{0};
  std::atomic<uint64_t> apps_created_{0};
};

}  // namespace mse::cloud::api

#endif  // MSE_CLOUD_API_API_HANDLER_H_
