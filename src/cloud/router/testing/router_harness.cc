#include "cloud/router/testing/router_harness.h"

namespace mse::cloud::router::testing {

Status RouterHarness::Start(RouterOptions options) {
  options.access_log = [mu = log_mu_, log = log_](std::string_view line) {
    std::lock_guard lock(*mu);
    log->emplace_back(line);
  };
  MSE_ASSIGN_OR_RETURN(router_, Router::Start(std::move(options), routes_));
  return Status::Ok();
}

Status RouterHarness::AddRoute(const std::string& host_name, const std::string& app_id, uint16_t port,
                               const std::string& backend_host) {
  Route route;
  route.app_id = app_id;
  route.host = backend_host;
  route.port = port;
  return routes_->Set(host_name, std::move(route));
}

Status RouterHarness::AddOperatorRoute(const std::string& host_name, const std::string& app_id, uint16_t port,
                                       const std::string& pinned_pem) {
  Route route;
  route.app_id = app_id;
  route.port = port;
  route.terminate_tls = true;
  route.pinned_certificate_pem = pinned_pem;
  return routes_->Set(host_name, std::move(route));
}

std::vector<std::string> RouterHarness::LogLines() const {
  std::lock_guard lock(*log_mu_);
  return *log_;
}

std::string RouterHarness::WaitForLogLine(const std::vector<std::string>& parts) {
  std::string found;
  WaitUntil([&] {
    for (const auto& line : LogLines()) {
      bool all = true;
      for (const auto& part : parts) all = all && line.find(part) != std::string::npos;
      if (all) {
        found = line;
        return true;
      }
    }
    return false;
  });
  return found;
}

bool RouterHarness::WaitForActive(uint64_t n) {
  return WaitUntil([&] { return router_->GlobalStats().active_connections == n; });
}

net::ServerResponse EchoHandler::Handle(const net::ServerRequest& request) {
  calls++;
  return net::ServerResponse::Text(200, request.body, "application/octet-stream");
}

StatusOr<std::unique_ptr<net::HttpServer>> StartEchoBackend(const TestIdentity& identity,
                                                            std::shared_ptr<EchoHandler> handler,
                                                            const std::string& host) {
  net::HttpServerOptions options;
  options.host = host;
  options.tls = identity.credentials();
  options.worker_threads = 2;
  options.access_log = [](std::string_view) {};
  return net::HttpServer::Start(std::move(options), std::move(handler));
}

}  // namespace mse::cloud::router::testing
