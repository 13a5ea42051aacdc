#include "cloud/router/internal/listeners.h"

#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/strand.hpp>

namespace mse::cloud::router::internal {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

constexpr int kPortAttempts = 8;

// Binds one address; on failure returns the error and leaves `listener` closed.
Status BindOne(Listener& listener, const asio::ip::address& address, uint16_t port, error_code& ec) {
  tcp::endpoint endpoint(address, port);
  const std::string where = FormatEndpoint(endpoint);
  if (listener.acceptor.open(endpoint.protocol(), ec); ec) {
    return UnavailableError("cannot open a socket for " + where + ": " + ec.message());
  }
  listener.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (address.is_v6()) listener.acceptor.set_option(asio::ip::v6_only(true), ec);
  if (listener.acceptor.bind(endpoint, ec); ec) {
    listener.Close();
    return UnavailableError("cannot bind " + where + ": " + ec.message());
  }
  if (listener.acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) {
    listener.Close();
    return UnavailableError("cannot listen on " + where + ": " + ec.message());
  }
  return Status::Ok();
}

// One try at binding every address; `ec` tells the caller whether a retry
// with another port may help.
StatusOr<BoundListeners> BindAll(asio::io_context& io, const std::vector<asio::ip::address>& addresses,
                                 uint16_t port, error_code& ec) {
  BoundListeners bound;
  bound.port = port;
  for (const auto& address : addresses) {
    auto listener = std::make_unique<Listener>(io);
    MSE_RETURN_IF_ERROR(BindOne(*listener, address, bound.port, ec));
    if (bound.port == 0) {
      bound.port = listener->acceptor.local_endpoint(ec).port();
      if (ec) return UnavailableError("cannot read the bound port: " + ec.message());
    }
    bound.listeners.push_back(std::move(listener));
  }
  return bound;
}

}  // namespace

Listener::Listener(asio::io_context& io)
    : acceptor(asio::make_strand(io)), retry_timer(acceptor.get_executor()) {}

void Listener::Close() {
  error_code ignored;
  acceptor.close(ignored);
  retry_timer.cancel(ignored);
}

StatusOr<BoundListeners> BindListeners(asio::io_context& io, const std::vector<std::string>& addresses,
                                       uint16_t port) {
  std::vector<asio::ip::address> parsed;
  for (const auto& text : addresses) {
    error_code ec;
    parsed.push_back(asio::ip::make_address(text, ec));
    if (ec) return InvalidArgumentError("router listen address '" + text + "' is not an IP address");
  }
  for (int attempt = 1;; ++attempt) {
    error_code ec;
    auto bound = BindAll(io, parsed, port, ec);
    bool retry = !bound.ok() && port == 0 && ec == asio::error::address_in_use && attempt < kPortAttempts;
    if (!retry) return bound;
  }
}

std::string AddressKey(const asio::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

std::string FormatEndpoint(const tcp::endpoint& endpoint) {
  std::string address = AddressKey(endpoint.address());
  bool v6 = address.find(':') != std::string::npos;
  return (v6 ? "[" + address + "]" : address) + ":" + std::to_string(endpoint.port());
}

}  // namespace mse::cloud::router::internal
