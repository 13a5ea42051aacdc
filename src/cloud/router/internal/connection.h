// Connection (internal to the router): one accepted client, from its
// ClientHello to the end of the proxied session. The behaviour is the
// contract in router.h; ConnectionHost is what the Router lends it.
//
// Lifetime: owned by shared_ptrs held in its pending handlers; it dies when
// the last operation completes, and its destructor writes the access-log
// line, updates the counters and unregisters from the host. Every member
// function runs on the connection's strand (the client socket's executor);
// the host reaches it only through asio::post.
#ifndef MSE_CLOUD_ROUTER_INTERNAL_CONNECTION_H_
#define MSE_CLOUD_ROUTER_INTERNAL_CONNECTION_H_

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "cloud/router/client_hello.h"
#include "cloud/router/internal/connection_limiter.h"
#include "cloud/router/internal/prefixed_socket.h"
#include "cloud/router/internal/pump.h"
#include "cloud/router/internal/stats_registry.h"
#include "cloud/router/route_table.h"
#include "cloud/router/router.h"

namespace mse::cloud::router::internal {

class Connection;

class ConnectionHost {
 public:
  virtual ~ConnectionHost() = default;
  virtual const RouterOptions& options() const = 0;
  virtual std::shared_ptr<const Route> Lookup(std::string_view host_name) const = 0;
  virtual StatsRegistry& stats() = 0;
  virtual boost::asio::ssl::context* edge_tls() = 0;  // null: operator mode off
  virtual boost::asio::ssl::context& enclave_tls() = 0;
  virtual bool stopping() const = 0;
  virtual void Unregister(const Connection* connection) = 0;
  virtual void Log(std::string_view line) = 0;
};

class Connection : public std::enable_shared_from_this<Connection>, private PumpObserver {
 public:
  using tcp = boost::asio::ip::tcp;
  using TlsStream = boost::asio::ssl::stream<PrefixedSocket>;

  // `client` must have a strand executor; `peer` is "address:port" for logs.
  Connection(ConnectionHost& host, tcp::socket client, ConnectionLimiter::Slot slot, std::string peer);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void Start();
  // The strand every member function runs on.
  const tcp::socket::executor_type& executor() const { return executor_; }
  // Router stopping: close unless both directions are still proxying.
  void OnRouterStop();
  // Close now, whatever the phase.
  void Abort(std::string_view why);

 private:
  enum class Phase {
    kHello,
    kEdgeHandshake,     // operator mode: TLS with the client
    kConnecting,        // TCP to the enclave
    kEnclaveHandshake,  // operator mode: TLS with the enclave
    kProxying,
    kTlsClosing,  // operator mode: one side ended; close_notify both ways
    kClosed,
  };

  // connection.cc: hello, routing, deadlines, teardown.
  void ReadHello();
  void OnHelloRead(boost::system::error_code ec, size_t n);
  void OnHelloParsed(const ClientHelloResult& result);
  void RouteTo(std::string host_name);
  void ArmDeadline(std::chrono::milliseconds timeout);
  void OnDeadline();
  void ArmIdleTimer();
  // Ends the connection; `reset` closes both sockets with an RST, so an
  // error on one side reaches the other as the same kind of end.
  void Close(std::string outcome, bool reset = false);
  void BackendFailed(std::string outcome);
  std::string LogLine() const;

  // connection_proxy.cc: enclave connection and the two proxy modes.
  void StartEdgeHandshake();
  void ConnectEnclave();
  void OnEnclaveConnected(boost::system::error_code ec);
  void StartPassThrough();
  void StartEnclaveHandshake();
  void OnEnclaveHandshake(boost::system::error_code ec);
  void OnPumped(Direction direction, size_t n) override;
  void OnPumpDone(Direction direction, boost::system::error_code ec) override;
  void OnPassThroughDone(Direction direction, boost::system::error_code ec);
  void OnOperatorDone(Direction direction, boost::system::error_code ec);
  void ShutdownTls();
  PumpObserver& AsObserver() { return *this; }
  bool MakeTlsStream(std::optional<TlsStream>& stream, tcp::socket& socket, ByteView prefix,
                     boost::asio::ssl::context& context);

  ConnectionHost& host_;
  ConnectionLimiter::Slot slot_;
  const std::string peer_;
  const tcp::socket::executor_type executor_;
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  tcp::socket client_;
  tcp::socket enclave_;
  boost::asio::steady_timer timer_;
  uint64_t timer_generation_ = 0;
  Phase phase_ = Phase::kHello;
  Bytes hello_;
  std::string sni_;
  std::shared_ptr<const Route> route_;
  std::shared_ptr<AppCounters> app_;
  std::string outcome_;
  std::chrono::steady_clock::time_point connect_started_;
  std::chrono::steady_clock::time_point last_activity_;
  std::array<uint64_t, 2> bytes_{0, 0};
  std::array<bool, 2> done_{false, false};
  int pending_tls_shutdowns_ = 0;
  std::optional<TlsStream> edge_tls_;     // operator mode: client side
  std::optional<TlsStream> enclave_tls_;  // operator mode: enclave side
  std::optional<Pump<tcp::socket, tcp::socket>> plain_up_, plain_down_;
  std::optional<Pump<TlsStream, TlsStream>> tls_up_, tls_down_;
};

}  // namespace mse::cloud::router::internal

#endif  // MSE_CLOUD_ROUTER_INTERNAL_CONNECTION_H_
