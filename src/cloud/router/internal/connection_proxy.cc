// The second half of a connection's life: reach the enclave and copy bytes.
// Pass-through copies raw TCP (the TLS session is the client's and the
// enclave's); operator mode runs two TLS sessions and copies plaintext.
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/write.hpp>
#include <exception>

#include "cloud/router/internal/connection.h"
#include "cloud/router/internal/tls_contexts.h"

namespace mse::cloud::router::internal {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using boost::system::error_code;

constexpr auto kTlsCloseGrace = std::chrono::milliseconds(1000);

size_t Index(Direction direction) { return static_cast<size_t>(direction); }

const char* SourceName(Direction direction) { return direction == Direction::kUp ? "client" : "enclave"; }

// A clean end of a TLS stream: close_notify (eof), or TCP EOF without it.
bool IsCleanTlsEnd(const error_code& ec) {
  return ec == asio::error::eof || ec == ssl::error::stream_truncated;
}

}  // namespace

bool Connection::MakeTlsStream(std::optional<TlsStream>& stream, tcp::socket& socket, ByteView prefix,
                               ssl::context& context) {
  try {  // SSL_new failing is reported by Asio as an exception
    stream.emplace(PrefixedSocket(socket, prefix), context);
    return true;
  } catch (const std::exception& e) {
    Close(std::string("cannot create a TLS session: ") + e.what());
    return false;
  }
}

void Connection::StartEdgeHandshake() {
  ssl::context* context = host_.edge_tls();
  if (context == nullptr) return Close("operator route, but the router has no edge certificate");
  phase_ = Phase::kEdgeHandshake;
  ArmDeadline(host_.options().hello_timeout);
  if (!MakeTlsStream(edge_tls_, client_, hello_, *context)) return;
  edge_tls_->async_handshake(ssl::stream_base::server, [self = shared_from_this()](error_code ec) {
    if (self->phase_ != Phase::kEdgeHandshake) return;
    if (ec) return self->Close("edge TLS handshake failed: " + ec.message());
    self->ConnectEnclave();
  });
}

void Connection::ConnectEnclave() {
  phase_ = Phase::kConnecting;
  ArmDeadline(host_.options().connect_timeout);
  error_code ec;
  tcp::endpoint endpoint(asio::ip::make_address(route_->host, ec), route_->port);
  if (ec) return BackendFailed("route host is not an IP address");
  if (enclave_.open(endpoint.protocol(), ec); ec) return BackendFailed("socket: " + ec.message());
  enclave_.set_option(tcp::no_delay(true), ec);
  if (ec) return BackendFailed("TCP_NODELAY: " + ec.message());
  connect_started_ = std::chrono::steady_clock::now();
  enclave_.async_connect(endpoint,
                         [self = shared_from_this()](error_code ec) { self->OnEnclaveConnected(ec); });
}

void Connection::OnEnclaveConnected(error_code ec) {
  if (phase_ != Phase::kConnecting) return;
  if (ec) return BackendFailed("enclave connect failed: " + ec.message());
  auto elapsed = std::chrono::steady_clock::now() - connect_started_;
  app_->backend_connects.Add();
  app_->backend_connect_micros.Add(
      static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count()));
  if (route_->terminate_tls) return StartEnclaveHandshake();
  StartPassThrough();
}

void Connection::StartPassThrough() {
  phase_ = Phase::kProxying;
  last_activity_ = std::chrono::steady_clock::now();
  ArmIdleTimer();
  auto self = shared_from_this();
  // The hello goes first, untouched; then the client's later bytes.
  asio::async_write(enclave_, asio::buffer(hello_), [self](error_code ec, size_t n) {
    if (self->phase_ != Phase::kProxying) return;
    self->OnPumped(Direction::kUp, n);
    if (ec) return self->Close("enclave write failed: " + ec.message());
    self->plain_up_.emplace(self->client_, self->enclave_, self->AsObserver(), Direction::kUp);
    self->plain_up_->Start(self);
  });
  plain_down_.emplace(enclave_, client_, AsObserver(), Direction::kDown);
  plain_down_->Start(self);
}

void Connection::StartEnclaveHandshake() {
  phase_ = Phase::kEnclaveHandshake;
  ArmDeadline(host_.options().connect_timeout);
  if (!MakeTlsStream(enclave_tls_, enclave_, ByteView(), host_.enclave_tls())) return;
  SSL_set_tlsext_host_name(enclave_tls_->native_handle(), sni_.c_str());
  enclave_tls_->async_handshake(ssl::stream_base::client,
                                [self = shared_from_this()](error_code ec) { self->OnEnclaveHandshake(ec); });
}

void Connection::OnEnclaveHandshake(error_code ec) {
  if (phase_ != Phase::kEnclaveHandshake) return;
  if (ec) return BackendFailed("enclave TLS handshake failed: " + ec.message());
  auto pinned = PinnedCertificateDer(route_->pinned_certificate_pem);
  if (!pinned.ok()) return BackendFailed("route pin: " + pinned.status().message());
  if (!PeerMatchesPin(enclave_tls_->native_handle(), *pinned)) {
    return BackendFailed("enclave certificate does not match the pinned certificate");
  }
  phase_ = Phase::kProxying;
  last_activity_ = std::chrono::steady_clock::now();
  ArmIdleTimer();
  auto self = shared_from_this();
  tls_up_.emplace(*edge_tls_, *enclave_tls_, AsObserver(), Direction::kUp);
  tls_down_.emplace(*enclave_tls_, *edge_tls_, AsObserver(), Direction::kDown);
  tls_up_->Start(self);
  tls_down_->Start(self);
}

void Connection::OnPumped(Direction direction, size_t n) {
  bytes_[Index(direction)] += n;
  if (app_) (direction == Direction::kUp ? app_->bytes_up : app_->bytes_down).Add(n);
  last_activity_ = std::chrono::steady_clock::now();
}

void Connection::OnPumpDone(Direction direction, error_code ec) {
  done_[Index(direction)] = true;
  if (route_->terminate_tls) return OnOperatorDone(direction, ec);
  OnPassThroughDone(direction, ec);
}

void Connection::OnPassThroughDone(Direction direction, error_code ec) {
  if (phase_ != Phase::kProxying) return;
  if (ec != asio::error::eof) {
    return Close(std::string(SourceName(direction)) + " error: " + ec.message(), /*reset=*/true);
  }
  if (done_[0] && done_[1]) return Close("closed");
  // Half-close: the side that ended will send nothing more, so tell the
  // other side, which may still answer.
  tcp::socket& source = direction == Direction::kUp ? client_ : enclave_;
  tcp::socket& destination = direction == Direction::kUp ? enclave_ : client_;
  error_code ignored;
  destination.shutdown(tcp::socket::shutdown_send, ignored);
  if (host_.stopping()) return Close("router stopped");
  // Nothing reads the ended side any more, so a reset there (a peer that
  // closed rather than half-closed, and refuses what we still forward)
  // would go unnoticed until the next write: watch for it.
  source.async_wait(tcp::socket::wait_error, [self = shared_from_this(), direction](error_code ec) {
    if (ec || self->phase_ != Phase::kProxying) return;
    self->Close(std::string(SourceName(direction)) + " reset after its end", /*reset=*/true);
  });
}

// TLS 1.2 has no half-close (RFC 5246 §7.2.1), so the first side to end ends
// the session: the other direction finishes the write in flight, its
// pending read is cancelled, and both peers get a close_notify.
void Connection::OnOperatorDone(Direction direction, error_code ec) {
  if (phase_ == Phase::kProxying) {
    if (!IsCleanTlsEnd(ec)) {
      return Close(std::string(SourceName(direction)) + " error: " + ec.message(), /*reset=*/true);
    }
    phase_ = Phase::kTlsClosing;
    outcome_ = std::string(SourceName(direction)) + " closed";
    ArmDeadline(kTlsCloseGrace);
    auto& other = direction == Direction::kUp ? tls_down_ : tls_up_;
    other->StopReading();
    error_code ignored;
    (direction == Direction::kUp ? enclave_ : client_).cancel(ignored);
  }
  if (phase_ == Phase::kTlsClosing && done_[0] && done_[1]) ShutdownTls();
}

void Connection::ShutdownTls() {
  if (pending_tls_shutdowns_ > 0) return;
  pending_tls_shutdowns_ = 2;
  for (auto* stream : {&*edge_tls_, &*enclave_tls_}) {
    SSL* native = stream->native_handle();
    // Send our close_notify without waiting for the peer's: nothing more is
    // read from either side.
    SSL_set_shutdown(native, SSL_get_shutdown(native) | SSL_RECEIVED_SHUTDOWN);
    stream->async_shutdown([self = shared_from_this()](error_code) {
      if (--self->pending_tls_shutdowns_ == 0) self->Close("closed");
    });
  }
}

}  // namespace mse::cloud::router::internal
