// The lifecycle's RoutePublisher and EnclaveProbe over the in-process SNI
// router (docs/cloud-backend.md, "Router"): routes by host name to the
// enclave's loopback port, probes through the router as a client would.
#ifndef MSE_CLOUD_SERVER_ENCLAVE_ROUTES_H_
#define MSE_CLOUD_SERVER_ENCLAVE_ROUTES_H_

#include <memory>
#include <string>

#include "cloud/lifecycle/lifecycle.h"
#include "cloud/router/route_table.h"

namespace mse::cloud {

// config domain → pass-through; the app domain, when it differs: operator
// mode terminates at the edge and re-encrypts pinned to the enclave's
// certificate (once it is known), owner mode passes through.
class RouterRoutes : public RoutePublisher {
 public:
  explicit RouterRoutes(std::shared_ptr<router::RouteTable> table, std::function<void(std::string_view)> log)
      : table_(std::move(table)), log_(std::move(log)) {}
  void Publish(const App& app) override;
  void Withdraw(const App& app) override;

 private:
  std::shared_ptr<router::RouteTable> table_;
  std::function<void(std::string_view)> log_;
};

// HTTPS through the router at 127.0.0.1:`router_port` with the app's names
// as SNI (libcurl CONNECT_TO), 3 s per probe.
class RouterProbe : public EnclaveProbe {
 public:
  explicit RouterProbe(int router_port) : router_port_(router_port) {}
  StatusOr<Configuration> ProbeConfiguration(const App& app) override;
  StatusOr<bool> ProbeHealth(const App& app) override;

 private:
  int router_port_;
};

}  // namespace mse::cloud

#endif  // MSE_CLOUD_SERVER_ENCLAVE_ROUTES_H_
