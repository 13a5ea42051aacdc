// Test-only: a Router on loopback with its route table and a captured access
// log, and HttpServer echo backends standing in for enclaves.
#ifndef MSE_CLOUD_ROUTER_TESTING_ROUTER_HARNESS_H_
#define MSE_CLOUD_ROUTER_TESTING_ROUTER_HARNESS_H_

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/router/route_table.h"
#include "cloud/router/router.h"
#include "cloud/router/testing/router_testing.h"
#include "net/http_server.h"

namespace mse::cloud::router::testing {

class RouterHarness {
 public:
  RouterHarness() : routes_(std::make_shared<RouteTable>()) {}
  // Starts the router with `options` (its access_log replaced by capture).
  Status Start(RouterOptions options = {});
  Router& router() { return *router_; }
  RouteTable& routes() { return *routes_; }
  uint16_t port() const { return router_->port(); }
  // Destroys the router (which stops it).
  void Reset() { router_.reset(); }

  Status AddRoute(const std::string& host_name, const std::string& app_id, uint16_t port,
                  const std::string& backend_host = "127.0.0.1");
  Status AddOperatorRoute(const std::string& host_name, const std::string& app_id, uint16_t port,
                          const std::string& pinned_pem);

  std::vector<std::string> LogLines() const;
  // Waits for a log line holding every part; returns it, or "" on timeout.
  std::string WaitForLogLine(const std::vector<std::string>& parts);
  // Waits until the router counts exactly `n` active connections.
  bool WaitForActive(uint64_t n);

 private:
  std::shared_ptr<RouteTable> routes_;
  std::unique_ptr<Router> router_;
  std::shared_ptr<std::mutex> log_mu_ = std::make_shared<std::mutex>();
  std::shared_ptr<std::vector<std::string>> log_ = std::make_shared<std::vector<std::string>>();
};

// Answers every request with 200 and the request body.
class EchoHandler : public net::HttpHandler {
 public:
  net::ServerResponse Handle(const net::ServerRequest& request) override;
  std::atomic<int> calls{0};
};

// An HttpServer with `identity` as TLS credentials on host:0.
StatusOr<std::unique_ptr<net::HttpServer>> StartEchoBackend(const TestIdentity& identity,
                                                            std::shared_ptr<EchoHandler> handler,
                                                            const std::string& host = "127.0.0.1");

}  // namespace mse::cloud::router::testing

#endif  // MSE_CLOUD_ROUTER_TESTING_ROUTER_HARNESS_H_
