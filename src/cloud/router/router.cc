// Router on Boost.Asio: io_threads threads run one io_context; each
// listener accepts on its own strand, each connection runs on its own
// strand (internal/connection.h). Accept-time limits and Stop live here.
#include "cloud/router/router.h"

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <mutex>
#include <thread>

#include "cloud/router/internal/connection.h"
#include "cloud/router/internal/connection_limiter.h"
#include "cloud/router/internal/listeners.h"
#include "cloud/router/internal/stats_registry.h"
#include "cloud/router/internal/tls_contexts.h"

namespace mse::cloud::router {
namespace {

namespace asio = boost::asio;
using internal::Connection;
using tcp = asio::ip::tcp;
using boost::system::error_code;

// After the grace period, aborted connections get this long to unwind.
constexpr auto kAbortWait = std::chrono::seconds(2);

void WriteToStdout(std::string_view line) {
  static std::mutex mu;
  std::lock_guard lock(mu);
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

Status ValidateOptions(const RouterOptions& options) {
  if (options.listen_addresses.empty()) return InvalidArgumentError("router: no listen address");
  if (options.io_threads < 1) return InvalidArgumentError("router: io_threads must be at least 1");
  if (options.max_connections == 0 || options.max_connections_per_address == 0) {
    return InvalidArgumentError("router: connection limits must be at least 1");
  }
  for (auto timeout : {options.hello_timeout, options.connect_timeout, options.idle_timeout}) {
    if (timeout.count() <= 0) return InvalidArgumentError("router: timeouts must be positive");
  }
  if (options.stop_grace.count() < 0) return InvalidArgumentError("router: negative stop_grace");
  return Status::Ok();
}

class RouterImpl final : public Router, public internal::ConnectionHost {
 public:
  RouterImpl(RouterOptions options, std::shared_ptr<RouteTable> routes,
             std::shared_ptr<asio::ssl::context> edge_tls, std::shared_ptr<asio::ssl::context> enclave_tls)
      : options_(std::move(options)),
        routes_(std::move(routes)),
        edge_tls_(std::move(edge_tls)),
        enclave_tls_(std::move(enclave_tls)),
        limiter_(options_.max_connections, options_.max_connections_per_address),
        io_(options_.io_threads),
        work_(asio::make_work_guard(io_)) {
    if (!options_.access_log) options_.access_log = &WriteToStdout;
  }
  ~RouterImpl() override { Stop(); }

  Status Listen() {
    MSE_ASSIGN_OR_RETURN(auto bound, internal::BindListeners(io_, options_.listen_addresses, options_.port));
    listeners_ = std::move(bound.listeners);
    port_ = bound.port;
    return Status::Ok();
  }

  void Run() {
    for (auto& listener : listeners_) Accept(*listener);
    for (int i = 0; i < options_.io_threads; ++i) threads_.emplace_back([this] { RunIo(); });
  }

  uint16_t port() const override { return port_; }
  RouteStats StatsFor(std::string_view app_id) const override { return stats_.StatsFor(app_id); }
  std::map<std::string, RouteStats> AllRouteStats() const override { return stats_.All(); }
  RouterGlobalStats GlobalStats() const override { return stats_.global.Snapshot(); }
  void Stop() override;

  // ConnectionHost
  const RouterOptions& options() const override { return options_; }
  std::shared_ptr<const Route> Lookup(std::string_view host_name) const override {
    return routes_->Lookup(host_name);
  }
  internal::StatsRegistry& stats() override { return stats_; }
  asio::ssl::context* edge_tls() override { return edge_tls_.get(); }
  asio::ssl::context& enclave_tls() override { return *enclave_tls_; }
  bool stopping() const override { return stopping_.load(); }
  void Unregister(const Connection* connection) override {
    std::lock_guard lock(mu_);
    connections_.erase(connection);
    if (connections_.empty()) connections_empty_.notify_all();
  }
  void Log(std::string_view line) override {
    try {
      options_.access_log(line);
    } catch (...) {  // a logger's failure must not take a connection down
    }
  }

 private:
  void RunIo();
  void Accept(internal::Listener& listener);
  void OnAccept(internal::Listener& listener, error_code ec, tcp::socket socket);
  void Admit(tcp::socket socket);
  // Posts `action` to every live connection's strand.
  template <class Action>
  void ForEachConnection(Action action);
  bool WaitForNoConnections(std::chrono::milliseconds timeout);

  RouterOptions options_;
  std::shared_ptr<RouteTable> routes_;
  std::shared_ptr<asio::ssl::context> edge_tls_;  // null: no operator mode
  std::shared_ptr<asio::ssl::context> enclave_tls_;
  internal::StatsRegistry stats_;
  internal::ConnectionLimiter limiter_;
  std::mutex mu_;
  std::condition_variable connections_empty_;
  std::map<const Connection*, std::weak_ptr<Connection>> connections_;  // guarded by mu_
  std::atomic<bool> stopping_{false};
  std::mutex stop_mu_;
  bool stopped_ = false;  // guarded by stop_mu_
  uint16_t port_ = 0;
  // Declared after everything a Connection uses: when io_ is destroyed with
  // handlers still queued, the connections they own die while the rest of
  // the router is alive.
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::vector<std::unique_ptr<internal::Listener>> listeners_;
  std::vector<std::thread> threads_;
};

void RouterImpl::RunIo() {
  for (;;) {
    try {
      io_.run();
      return;
    } catch (const std::exception& e) {  // a bug in a handler; keep serving the others
      std::fprintf(stderr, "router: I/O handler threw: %s\n", e.what());
    } catch (...) {
      std::fprintf(stderr, "router: I/O handler threw a non-standard exception\n");
    }
  }
}

void RouterImpl::Accept(internal::Listener& listener) {
  listener.acceptor.async_accept(
      asio::make_strand(io_),
      [this, &listener](error_code ec, tcp::socket socket) { OnAccept(listener, ec, std::move(socket)); });
}

void RouterImpl::OnAccept(internal::Listener& listener, error_code ec, tcp::socket socket) {
  if (stopping_ || ec == asio::error::operation_aborted || !listener.acceptor.is_open()) return;
  if (ec) {
    // EMFILE and friends: the listener stays readable, so retrying at once
    // would spin. Pause briefly, then accept again.
    listener.retry_timer.expires_after(std::chrono::milliseconds(50));
    listener.retry_timer.async_wait([this, &listener](error_code wait_ec) {
      if (!wait_ec && !stopping_) Accept(listener);
    });
    return;
  }
  Admit(std::move(socket));
  Accept(listener);
}

void RouterImpl::Admit(tcp::socket socket) {
  error_code ec;
  tcp::endpoint remote = socket.remote_endpoint(ec);
  if (ec) return;  // already gone; the socket closes here
  std::string address = internal::AddressKey(remote.address());
  std::string peer = internal::FormatEndpoint(remote);
  auto slot = limiter_.TryAcquire(address);
  if (!slot) {
    stats_.global.rejected_by_limit.Add();
    socket.close(ec);
    Log(peer + " sni=- app=(no route) up=0 down=0 0.0ms rejected: connection limit");
    return;
  }
  stats_.global.accepted.Add();
  socket.set_option(tcp::no_delay(true), ec);
  auto connection = std::make_shared<Connection>(*this, std::move(socket), std::move(*slot), std::move(peer));
  {
    std::lock_guard lock(mu_);
    connections_[connection.get()] = connection;
  }
  connection->Start();
}

template <class Action>
void RouterImpl::ForEachConnection(Action action) {
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lock(mu_);
    for (auto& [raw, weak] : connections_) {
      if (auto connection = weak.lock()) live.push_back(std::move(connection));
    }
  }
  for (auto& connection : live) {
    asio::post(connection->executor(), [connection, action] { action(*connection); });
  }
  // `live` dies outside mu_: a last reference may run ~Connection -> Unregister.
}

bool RouterImpl::WaitForNoConnections(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return connections_empty_.wait_for(lock, timeout, [this] { return connections_.empty(); });
}

void RouterImpl::Stop() {
  std::lock_guard stop_lock(stop_mu_);
  if (stopped_) return;
  stopped_ = true;
  stopping_ = true;
  for (auto& listener : listeners_) {
    asio::post(listener->acceptor.get_executor(), [&listener = *listener] { listener.Close(); });
  }
  ForEachConnection([](Connection& connection) { connection.OnRouterStop(); });
  if (!WaitForNoConnections(options_.stop_grace)) {
    ForEachConnection([](Connection& connection) { connection.Abort("router stopped (grace period over)"); });
    WaitForNoConnections(std::chrono::duration_cast<std::chrono::milliseconds>(kAbortWait));
  }
  work_.reset();
  io_.stop();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
  for (auto& listener : listeners_) listener->Close();  // no I/O thread left to race with
}

}  // namespace

StatusOr<std::unique_ptr<Router>> Router::Start(RouterOptions options, std::shared_ptr<RouteTable> routes) {
  MSE_RETURN_IF_ERROR(ValidateOptions(options));
  if (!routes) return InvalidArgumentError("router: no route table");
  std::shared_ptr<asio::ssl::context> edge_tls;
  if (options.edge_tls.enabled()) {
    MSE_ASSIGN_OR_RETURN(edge_tls, internal::MakeEdgeTlsContext(options.edge_tls));
  }
  MSE_ASSIGN_OR_RETURN(auto enclave_tls, internal::MakeEnclaveClientTlsContext());
  auto router = std::make_unique<RouterImpl>(std::move(options), std::move(routes), std::move(edge_tls),
                                             std::move(enclave_tls));
  MSE_RETURN_IF_ERROR(router->Listen());
  router->Run();
  return std::unique_ptr<Router>(std::move(router));
}

}  // namespace mse::cloud::router
