// Router: the SNI router of mse-cloud (docs/cloud-backend.md, "Router").
// Every client connection is routed on the server_name of its TLS
// ClientHello; the router never answers anything itself.
//
// Contract, per accepted connection:
//  - TCP_NODELAY on the client socket and on the socket to the enclave.
//  - Over max_connections in total, or max_connections_per_address from one
//    client address, the new connection is closed at once (counted).
//  - The ClientHello must arrive within hello_timeout and kMaxClientHelloWireBytes
//    (client_hello.h). No SNI, a malformed hello or a host without a route:
//    closed, and no backend is contacted (counted).
//  - Pass-through route: connect to route host:port within connect_timeout,
//    send the buffered hello bytes, then copy both ways through a fixed
//    kProxyWindowBytes window per direction (a slow reader slows the
//    writer). When one side ends its sending, the other side's sending is
//    shut down (TCP half-close); the connection ends when both have ended,
//    on any error, or after idle_timeout without a byte either way.
//  - Operator route (terminate_tls): TLS handshake with the client using the
//    edge credentials (the hello bytes already read are replayed into it),
//    then TLS to the enclave (SNI = the route's host name) whose leaf
//    certificate must equal the route's pinned PEM byte for byte (no CA or
//    name check); then plaintext is copied both ways. Either side closing
//    ends the session (close_notify to both: TLS 1.2 has no half-close). A
//    pin mismatch or handshake failure closes the client.
//  - One access_log line per connection: client address, SNI, app id or
//    "no route", bytes each way, duration, outcome. Never payload bytes.
// Bad input never stops the router; no exception escapes it.
#ifndef MSE_CLOUD_ROUTER_ROUTER_H_
#define MSE_CLOUD_ROUTER_ROUTER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "cloud/router/route_table.h"
#include "net/http_server.h"

namespace mse::cloud::router {

inline constexpr size_t kProxyWindowBytes = 64 * 1024;

struct RouterOptions {
  std::vector<std::string> listen_addresses = {"127.0.0.1", "::1"};
  uint16_t port = 0;  // 0: a free port, the same on every address
  size_t max_connections = 4096;
  size_t max_connections_per_address = 256;
  std::chrono::milliseconds hello_timeout{5'000};    // also bounds the edge TLS handshake
  std::chrono::milliseconds connect_timeout{5'000};  // TCP connect (+ TLS handshake) to the enclave
  std::chrono::milliseconds idle_timeout{300'000};
  std::chrono::milliseconds stop_grace{5'000};
  int io_threads = 2;
  // Operator mode. Without them, operator routes are refused (closed).
  net::TlsCredentials edge_tls;
  // One line per connection; default writes to stdout. Called from any
  // I/O thread; must not throw (an exception is swallowed).
  std::function<void(std::string_view line)> access_log;
};

// Per app id. Bytes are the ones delivered: raw TLS bytes (hello included)
// in pass-through, plaintext in operator mode.
struct RouteStats {
  uint64_t connections = 0;  // connections routed to the app
  uint64_t active_connections = 0;
  uint64_t bytes_client_to_enclave = 0;
  uint64_t bytes_enclave_to_client = 0;
  uint64_t backend_connects = 0;  // successful TCP connects to the enclave
  uint64_t backend_connect_micros_total = 0;
  uint64_t backend_failures = 0;  // connect, TLS handshake or pin failures
};

struct RouterGlobalStats {
  uint64_t accepted = 0;  // connections let in (after the limits)
  uint64_t active_connections = 0;
  uint64_t rejected_by_limit = 0;
  uint64_t no_sni = 0;
  uint64_t unknown_host = 0;
  uint64_t malformed_hello = 0;
  uint64_t hello_timeouts = 0;  // includes clients that left before the hello
  uint64_t backend_failures = 0;
};

// Not copyable. Thread-safe.
class Router {
 public:
  // Binds every listen address and starts io_threads threads. InvalidArgument
  // for bad options or edge credentials, Unavailable when an address cannot
  // be bound. `routes` is shared: changes apply to the next connections.
  static StatusOr<std::unique_ptr<Router>> Start(RouterOptions options, std::shared_ptr<RouteTable> routes);
  virtual ~Router() = default;  // Stops if still running.

  virtual uint16_t port() const = 0;
  // Zeros for an app that never had a connection.
  virtual RouteStats StatsFor(std::string_view app_id) const = 0;
  virtual std::map<std::string, RouteStats> AllRouteStats() const = 0;
  virtual RouterGlobalStats GlobalStats() const = 0;
  // Stops accepting, closes connections still in their hello, connecting or
  // half-closed, lets the others run up to stop_grace, then closes them and
  // joins the threads. Idempotent; not from an access_log callback.
  virtual void Stop() = 0;
};

}  // namespace mse::cloud::router

#endif  // MSE_CLOUD_ROUTER_ROUTER_H_
