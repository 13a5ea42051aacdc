// HttpServer on Boost.Beast: one I/O thread runs the acceptor and every
// connection (each on its own strand); handlers and chunk producers run on a
// worker pool. The per-connection state machine is in http_server_session.cc.
#include "net/http_server.h"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include "net/http_server_session.h"
#include "net/tls_server_context.h"

namespace mse::net {
namespace {

using server_internal::BodyBudget;
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

// Refusal sessions answering 503 at once; past them, over-cap connections
// are closed without a word (each one holds a descriptor).
constexpr size_t kMaxRefusals = 8;
// Descriptors kept free besides connections: refusals, the listener, the
// runtime's own files (Python imports, logs, keys).
constexpr uint64_t kReservedDescriptors = 64;

// max_connections lowered so that connections cannot exhaust the process's
// descriptors (accept failing with EMFILE would refuse everyone silently).
size_t ConnectionCap(size_t wanted) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return wanted;
  uint64_t soft = limit.rlim_cur;
  uint64_t fit = std::max<uint64_t>(soft / 2, soft > kReservedDescriptors ? soft - kReservedDescriptors : 0);
  fit = std::max<uint64_t>(fit, 1);
  return wanted == 0 || wanted > fit ? static_cast<size_t>(fit) : wanted;
}

class ServerImpl : public HttpServer, public SessionHost {
 public:
  ServerImpl(HttpServerOptions options, std::shared_ptr<HttpHandler> handler,
             std::shared_ptr<asio::ssl::context> tls)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        tls_(std::move(tls)),
        workers_(static_cast<size_t>(options_.worker_threads < 1 ? 1 : options_.worker_threads)),
        acceptor_(io_),
        budget_(options_.max_buffered_body_bytes),
        connection_cap_(ConnectionCap(options_.max_connections)) {
    if (!options_.access_log) options_.access_log = &WriteToStdout;
    if (options_.max_connections != connection_cap_) {
      options_.access_log("connection cap " + std::to_string(connection_cap_) + " (asked " +
                          std::to_string(options_.max_connections) + "): RLIMIT_NOFILE allows no more");
    }
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
  BodyBudget& body_budget() override { return budget_; }
  void Register(Session* session, std::weak_ptr<Session> weak, bool refusal) override {
    std::lock_guard lock(mu_);
    sessions_[session] = {std::move(weak), refusal};
    if (refusal) ++refusing_;
  }
  void Unregister(Session* session) override {
    std::lock_guard lock(mu_);
    auto it = sessions_.find(session);
    if (it != sessions_.end()) {
      if (it->second.refusal) --refusing_;
      sessions_.erase(it);
    }
    if (sessions_.empty()) sessions_empty_.notify_all();
  }

 private:
  void Accept() {
    acceptor_.async_accept(asio::make_strand(io_), [this](boost::system::error_code ec,
                                                          tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
      if (ec) return AcceptLater();  // EMFILE, ENFILE, ENOBUFS: back off instead of spinning
      {
        // Small writes (a TLS 1.3 session ticket, then the response) must
        // not wait for the peer's delayed ACK.
        boost::system::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        if (options_.accepted_socket_observer) options_.accepted_socket_observer(socket.native_handle());
        std::shared_ptr<asio::ssl::context> tls;
        size_t open = 0, refusing = 0;
        {
          std::lock_guard lock(mu_);
          tls = tls_;
          refusing = refusing_;
          open = sessions_.size() - refusing_;
        }
        if (open >= connection_cap_) {
          Refuse(std::move(socket), std::move(tls), refusing < kMaxRefusals);
        } else {
          auto session = std::make_shared<Session>(this, std::move(socket), std::move(tls));
          Register(session.get(), session, false);
          session->Start();
        }
      }
      Accept();
    });
  }

  // Over the cap: a 503 answer while few are in flight, else a plain close.
  void Refuse(tcp::socket socket, std::shared_ptr<asio::ssl::context> tls, bool answer) {
    LogRefusal();
    if (!answer) {
      boost::system::error_code ignored;
      socket.close(ignored);
      return;
    }
    std::string message = "too many connections: this server serves at most " +
                          std::to_string(connection_cap_) + " at once; retry later";
    auto session =
        std::make_shared<Session>(this, std::move(socket), std::move(tls), true, std::move(message));
    Register(session.get(), session, true);
    session->Start();
  }

  // One line per second at most, with the number of refusals since the last.
  void LogRefusal() {
    ++refused_since_log_;
    auto now = std::chrono::steady_clock::now();
    if (now - last_refusal_log_ < std::chrono::seconds(1)) return;
    last_refusal_log_ = now;
    options_.access_log("refused " + std::to_string(refused_since_log_) +
                        " connection(s): too many connections (cap " + std::to_string(connection_cap_) + ")");
    refused_since_log_ = 0;
  }

  // Accept errors are transient (file descriptors run out while connections
  // close): retry after a pause, so the I/O thread does not spin.
  void AcceptLater() {
    accept_backoff_.expires_after(std::chrono::milliseconds(50));
    accept_backoff_.async_wait([this](boost::system::error_code ec) {
      if (!ec && acceptor_.is_open()) Accept();
    });
  }

  HttpServerOptions options_;
  std::mutex mu_;
  std::condition_variable sessions_empty_;
  std::shared_ptr<HttpHandler> handler_;
  std::shared_ptr<asio::ssl::context> tls_;
  struct Entry {
    std::weak_ptr<Session> session;
    bool refusal = false;
  };
  std::map<Session*, Entry> sessions_;  // guarded by mu_
  size_t refusing_ = 0;                 // guarded by mu_
  std::atomic<bool> stopping_{false};
  std::mutex stop_mu_;
  bool stopped_ = false;  // guarded by stop_mu_
  asio::io_context io_;
  asio::thread_pool workers_;
  tcp::acceptor acceptor_;
  asio::steady_timer accept_backoff_{io_};
  std::thread io_thread_;
  uint16_t port_ = 0;
  BodyBudget budget_;
  const size_t connection_cap_;
  // Touched on the I/O thread only.
  uint64_t refused_since_log_ = 0;
  std::chrono::steady_clock::time_point last_refusal_log_{};
};

void ServerImpl::Stop() {
  std::lock_guard stop_lock(stop_mu_);
  if (stopped_) return;
  stopping_ = true;
  asio::post(io_, [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    accept_backoff_.cancel();
  });
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(mu_);
    for (auto& [raw, entry] : sessions_) {
      if (auto session = entry.session.lock()) live.push_back(std::move(session));
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

Status CheckTlsCredentials(const TlsCredentials& credentials) {
  if (!credentials.enabled()) return Status::Ok();
  auto context = MakeServerTlsContext(credentials);
  return context.ok() ? Status::Ok() : context.status();
}

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
