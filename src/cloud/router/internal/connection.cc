// The first half of a connection's life: read and parse the ClientHello
// under hello_timeout, look the route up, and hand over to the proxy half
// (connection_proxy.cc). Also the deadlines and the one way to close.
#include "cloud/router/internal/connection.h"

#include <boost/asio/dispatch.hpp>
#include <cstdio>

namespace mse::cloud::router::internal {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;

// Reads grow the hello buffer by at most this much, so a client that sends
// little costs little memory.
constexpr size_t kHelloReadChunk = 4096;

}  // namespace

Connection::Connection(ConnectionHost& host, tcp::socket client, ConnectionLimiter::Slot slot,
                       std::string peer)
    : host_(host),
      slot_(std::move(slot)),
      peer_(std::move(peer)),
      executor_(client.get_executor()),
      client_(std::move(client)),
      enclave_(client_.get_executor()),
      timer_(client_.get_executor()) {
  host_.stats().global.active.Add();
}

Connection::~Connection() {
  host_.stats().global.active.Sub();
  if (app_) app_->active.Sub();
  host_.Log(LogLine());
  host_.Unregister(this);
}

void Connection::Start() {
  asio::dispatch(executor_, [self = shared_from_this()] {
    if (self->host_.stopping()) return self->Close("router stopped");
    self->ArmDeadline(self->host_.options().hello_timeout);
    self->ReadHello();
  });
}

void Connection::OnRouterStop() {
  if (phase_ == Phase::kClosed) return;
  // A session still proxying both ways gets the grace period; anything else
  // (waiting for a hello, connecting, half-closed) has nothing to finish.
  if (phase_ != Phase::kProxying || done_[0] || done_[1]) Close("router stopped");
}

void Connection::Abort(std::string_view why) { Close(std::string(why)); }

void Connection::ReadHello() {
  size_t old_size = hello_.size();
  size_t chunk = std::min(kHelloReadChunk, kMaxClientHelloWireBytes - old_size);
  hello_.resize(old_size + chunk);
  client_.async_read_some(asio::buffer(hello_.data() + old_size, chunk),
                          [self = shared_from_this(), old_size](error_code ec, size_t n) {
                            self->hello_.resize(old_size + n);
                            self->OnHelloRead(ec, n);
                          });
}

void Connection::OnHelloRead(error_code ec, size_t) {
  if (phase_ != Phase::kHello) return;  // closed while reading
  if (ec == asio::error::eof) return Close("client closed before the end of its hello");
  if (ec) return Close("client error before the end of its hello: " + ec.message());
  OnHelloParsed(ParseClientHello(hello_));
}

void Connection::OnHelloParsed(const ClientHelloResult& result) {
  GlobalCounters& global = host_.stats().global;
  switch (result.kind) {
    case ClientHelloResult::Kind::kNeedMore:
      if (hello_.size() < result.max_total_bytes) return ReadHello();
      global.malformed_hello.Add();  // the parser decides before this: defence in depth
      return Close("malformed hello: larger than " + std::to_string(result.max_total_bytes) + " bytes");
    case ClientHelloResult::Kind::kNoSni:
      global.no_sni.Add();
      return Close("no sni");
    case ClientHelloResult::Kind::kMalformed:
      global.malformed_hello.Add();
      return Close("malformed hello: " + result.reason);
    case ClientHelloResult::Kind::kHostName:
      return RouteTo(result.host_name);
  }
}

void Connection::RouteTo(std::string host_name) {
  sni_ = std::move(host_name);
  route_ = host_.Lookup(sni_);
  if (!route_) {
    host_.stats().global.unknown_host.Add();
    return Close("unknown host");
  }
  app_ = host_.stats().ForApp(route_->app_id);
  app_->connections.Add();
  app_->active.Add();
  if (route_->terminate_tls) return StartEdgeHandshake();
  ConnectEnclave();
}

void Connection::ArmDeadline(std::chrono::milliseconds timeout) {
  uint64_t generation = ++timer_generation_;
  timer_.expires_after(timeout);
  timer_.async_wait([self = shared_from_this(), generation](error_code ec) {
    if (ec || generation != self->timer_generation_) return;  // re-armed or cancelled
    self->OnDeadline();
  });
}

void Connection::OnDeadline() {
  switch (phase_) {
    case Phase::kHello:
      host_.stats().global.hello_timeouts.Add();
      return Close("hello timeout");
    case Phase::kEdgeHandshake:
      return Close("edge TLS handshake timeout");
    case Phase::kConnecting:
      return BackendFailed("enclave connect timeout");
    case Phase::kEnclaveHandshake:
      return BackendFailed("enclave TLS handshake timeout");
    case Phase::kTlsClosing:
      return Close("closed (close_notify not flushed in time)");
    case Phase::kProxying:
    case Phase::kClosed:
      return;
  }
}

// One timer serves the idle timeout: traffic only records the time, and the
// timer re-arms itself for the remainder when it fires early.
void Connection::ArmIdleTimer() {
  uint64_t generation = ++timer_generation_;
  timer_.expires_at(last_activity_ + host_.options().idle_timeout);
  timer_.async_wait([self = shared_from_this(), generation](error_code ec) {
    if (ec || generation != self->timer_generation_ || self->phase_ != Phase::kProxying) return;
    auto idle = std::chrono::steady_clock::now() - self->last_activity_;
    if (idle >= self->host_.options().idle_timeout) return self->Close("idle timeout");
    self->ArmIdleTimer();
  });
}

void Connection::BackendFailed(std::string outcome) {
  host_.stats().global.backend_failures.Add();
  if (app_) app_->backend_failures.Add();
  Close(std::move(outcome));
}

void Connection::Close(std::string outcome, bool reset) {
  if (phase_ == Phase::kClosed) return;
  phase_ = Phase::kClosed;
  if (outcome_.empty()) outcome_ = std::move(outcome);
  ++timer_generation_;
  error_code ignored;
  timer_.cancel(ignored);
  if (reset) {
    client_.set_option(asio::socket_base::linger(true, 0), ignored);
    enclave_.set_option(asio::socket_base::linger(true, 0), ignored);
  }
  // Closing the sockets completes every pending operation (TLS ones too)
  // with operation_aborted; the last handler to finish frees the connection.
  client_.close(ignored);
  enclave_.close(ignored);
}

std::string Connection::LogLine() const {
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_).count();
  char numbers[96];
  std::snprintf(numbers, sizeof numbers, " up=%llu down=%llu %.1fms ",
                static_cast<unsigned long long>(bytes_[0]), static_cast<unsigned long long>(bytes_[1]), ms);
  return peer_ + " sni=" + (sni_.empty() ? "-" : sni_) + " app=" + (route_ ? route_->app_id : "(no route)") +
         numbers + (outcome_.empty() ? "closed" : outcome_);
}

}  // namespace mse::cloud::router::internal
