// RouteTable: which backend serves which host name. Written by the lifecycle
// workers (a route exists from spawn until stop, docs/cloud-backend.md,
// "Lifecycle"), read by the router on every connection. Thread-safe; readers
// share a lock and get an immutable Route they may keep after it is removed.
#ifndef MSE_CLOUD_ROUTER_ROUTE_TABLE_H_
#define MSE_CLOUD_ROUTER_ROUTE_TABLE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "base/status.h"

namespace mse::cloud::router {

struct Route {
  std::string app_id;
  std::string host = "127.0.0.1";  // IP literal of the enclave's listener
  uint16_t port = 0;
  // Operator mode: TLS ends at the router (edge certificate); the router
  // opens its own TLS connection to the enclave and accepts only a leaf
  // certificate byte-for-byte equal to pinned_certificate_pem.
  bool terminate_tls = false;
  std::string pinned_certificate_pem;
};

// Copyable: no. Cheap reads: Lookup takes a shared lock and copies a pointer.
class RouteTable {
 public:
  RouteTable() = default;
  RouteTable(const RouteTable&) = delete;
  RouteTable& operator=(const RouteTable&) = delete;

  // Adds or replaces the route for `host_name` (normalized by
  // NormalizeHostName). InvalidArgument, and no change, when the host name is
  // invalid, app_id is empty, `host` is not an IP literal, port is 0, or, in
  // operator mode, the pinned PEM is not exactly one certificate.
  // Connections already routed keep the route they were given.
  Status Set(std::string_view host_name, Route route);
  // True when a route was removed. An invalid name removes nothing.
  bool Remove(std::string_view host_name);
  // The route for a host name (any case), or null.
  std::shared_ptr<const Route> Lookup(std::string_view host_name) const;
  void Clear();
  // A copy of every route, keyed by normalized host name.
  std::map<std::string, Route> Snapshot() const;
  size_t size() const;

 private:
  mutable std::shared_mutex mu_;
  std::map<std::string, std::shared_ptr<const Route>, std::less<>> routes_;
};

}  // namespace mse::cloud::router

#endif  // MSE_CLOUD_ROUTER_ROUTE_TABLE_H_
