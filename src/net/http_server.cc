// HttpServer on Boost.Beast: one I/O thread runs the acceptor and every
// connection (each on its own strand); handlers and chunk producers run on a
// worker pool. The per-connection state machine is in http_server_session.cc.
#include "net/http_server.h"

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include "net/http_server_session.h"
#include "net/tls_server_context.h"

namespace mse::net {
namespace {

using server_internal::Session;
using server_internal::SessionHost;

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

void WriteToStdout(std::string_view line) {
  static std::mutex mu;
  std::lock_guard lock(mu);
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

class ServerImpl : public HttpServer, public SessionHost {
 public:
  ServerImpl(HttpServerOptions options, std::shared_ptr<HttpHandler> handler,
             std::shared_ptr<asio::ssl::context> tls)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        tls_(std::move(tls)),
        workers_(static_cast<size_t>(options_.worker_threads < 1 ? 1 : options_.worker_threads)),
        acceptor_(io_) {
    if (!options_.access_log) options_.access_log = &WriteToStdout;
  }
  ~ServerImpl() override { Stop(); }

  Status Bind() {
    boost::system::error_code ec;
    auto address = asio::ip::make_address(options_.host, ec);
    if (ec) return InvalidArgumentError("listen address '" + options_.host + "': " + ec.message());
    tcp::endpoint endpoint(address, options_.port);
    const std::string where = options_.host + ":" + std::to_string(options_.port);
    if (acceptor_.open(endpoint.protocol(), ec); ec) {
      return UnavailableError("cannot open a socket for " + where + ": " + ec.message());
    }
    acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (acceptor_.bind(endpoint, ec); ec) {
      return UnavailableError("cannot bind " + where + ": " + ec.message());
    }
    if (acceptor_.listen(asio::socket_base::max_listen_connections, ec); ec) {
      return UnavailableError("cannot listen on " + where + ": " + ec.message());
    }
    port_ = acceptor_.local_endpoint(ec).port();
    return Status::Ok();
  }

  void Run() {
    Accept();
    io_thread_ = std::thread([this] { io_.run(); });
  }

  uint16_t port() const override { return port_; }

  void SetHandler(std::shared_ptr<HttpHandler> handler) override {
    std::lock_guard lock(mu_);
    handler_ = std::move(handler);
  }

  Status SetCredentials(const TlsCredentials& credentials) override {
    std::shared_ptr<asio::ssl::context> tls;
    if (credentials.enabled()) {
      MSE_ASSIGN_OR_RETURN(tls, MakeServerTlsContext(credentials));
    }
    std::lock_guard lock(mu_);
    tls_ = std::move(tls);
    return Status::Ok();
  }

  void Stop() override;

  // SessionHost
  const HttpServerOptions& options() const override { return options_; }
  std::shared_ptr<HttpHandler> handler() override {
    std::lock_guard lock(mu_);
    return handler_;
  }
  void PostToWorkers(std::function<void()> work) override { asio::post(workers_, std::move(work)); }
  bool stopping() const override { return stopping_.load(); }
  void Register(Session* session, std::weak_ptr<Session> weak) override {
    std::lock_guard lock(mu_);
    sessions_[session] = std::move(weak);
  }
  void Unregister(Session* session) override {
    std::lock_guard lock(mu_);
    sessions_.erase(session);
    if (sessions_.empty()) sessions_empty_.notify_all();
  }

 private:
  void Accept() {
    acceptor_.async_accept(asio::make_strand(io_), [this](boost::system::error_code ec,
                                                          tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
      if (!ec) {
        std::shared_ptr<asio::ssl::context> tls;
        {
          std::lock_guard lock(mu_);
          tls = tls_;
        }
        auto session = std::make_shared<Session>(this, std::move(socket), std::move(tls));
        Register(session.get(), session);
        session->Start();
      }
      Accept();  // accept errors (e.g. EMFILE) are transient: keep listening
    });
  }

  HttpServerOptions options_;
  std::mutex mu_;
  std::condition_variable sessions_empty_;
  std::shared_ptr<HttpHandler> handler_;
  std::shared_ptr<asio::ssl::context> tls_;
  std::map<Session*, std::weak_ptr<Session>> sessions_;
  std::atomic<bool> stopping_{false};
  std::mutex stop_mu_;
  bool stopped_ = false;  // guarded by stop_mu_
  asio::io_context io_;
  asio::thread_pool workers_;
  tcp::acceptor acceptor_;
  std::thread io_thread_;
  uint16_t port_ = 0;
};

void ServerImpl::Stop() {
  std::lock_guard stop_lock(stop_mu_);
  if (stopped_) return;
  stopping_ = true;
  asio::post(io_, [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
  });
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(mu_);
    for (auto& [raw, weak] : sessions_) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
  }
  for (auto& session : live) session->CancelIfIdle();
  live.clear();  // outside mu_: the last reference may run ~Session -> Unregister
  {
    std::unique_lock lock(mu_);
    sessions_empty_.wait_for(lock, options_.stop_grace, [this] { return sessions_.empty(); });
  }
  io_.stop();
  if (io_thread_.joinable()) io_thread_.join();
  workers_.join();
  stopped_ = true;
}

}  // namespace

StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(HttpServerOptions options,
                                                         std::shared_ptr<HttpHandler> handler) {
  if (!handler) return InvalidArgumentError("HttpServer::Start: no handler");
  std::shared_ptr<asio::ssl::context> tls;
  if (options.tls.enabled()) {
    MSE_ASSIGN_OR_RETURN(tls, MakeServerTlsContext(options.tls));
  }
  auto server = std::make_unique<ServerImpl>(std::move(options), std::move(handler), std::move(tls));
  MSE_RETURN_IF_ERROR(server->Bind());
  server->Run();
  return std::unique_ptr<HttpServer>(std::move(server));
}

}  // namespace mse::net
