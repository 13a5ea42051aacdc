// Test-only: an HTTP server on 127.0.0.1 (port 0) whose answers come from a
// function, recording every request it saw. Header-only; used by the cloud
// client tests and the CLI's cloud tests.
#ifndef MSE_CLOUD_CLIENT_FAKE_HTTP_SERVER_H_
#define MSE_CLOUD_CLIENT_FAKE_HTTP_SERVER_H_

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "net/http_server.h"

namespace mse::cloud::testing {

using Respond = std::function<net::ServerResponse(const net::ServerRequest&)>;

class FakeHttpServer {
 public:
  // Starts at once; `tls` empty = plain HTTP. Aborts the test binary when it
  // cannot bind (tests only).
  explicit FakeHttpServer(Respond respond, net::TlsCredentials tls = {}, std::string host = "127.0.0.1")
      : handler_(std::make_shared<Handler>(std::move(respond))) {
    net::HttpServerOptions options;
    options.host = std::move(host);
    options.port = 0;
    options.tls = std::move(tls);
    options.worker_threads = 2;
    options.access_log = [](std::string_view) {};
    auto server = net::HttpServer::Start(std::move(options), handler_);
    if (!server.ok()) std::abort();
    server_ = std::move(*server);
  }
  ~FakeHttpServer() { server_->Stop(); }

  uint16_t port() const { return server_->port(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }
  std::vector<net::ServerRequest> requests() const {
    std::lock_guard<std::mutex> lock(handler_->mutex);
    return handler_->seen;
  }
  void set_respond(Respond respond) {
    std::lock_guard<std::mutex> lock(handler_->mutex);
    handler_->respond = std::move(respond);
  }

 private:
  struct Handler : net::HttpHandler {
    explicit Handler(Respond r) : respond(std::move(r)) {}
    net::ServerResponse Handle(const net::ServerRequest& request) override {
      Respond current;
      {
        std::lock_guard<std::mutex> lock(mutex);
        seen.push_back(request);
        current = respond;
      }
      return current(request);
    }
    mutable std::mutex mutex;
    Respond respond;
    std::vector<net::ServerRequest> seen;
  };
  std::shared_ptr<Handler> handler_;
  std::unique_ptr<net::HttpServer> server_;
};

inline net::ServerResponse Json(int status, std::string body) {
  return net::ServerResponse::Text(status, std::move(body), "application/json");
}

}  // namespace mse::cloud::testing

#endif  // MSE_CLOUD_CLIENT_FAKE_HTTP_SERVER_H_
