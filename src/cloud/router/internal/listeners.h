// Listening sockets of the router (internal): one acceptor per address, all
// on the same port, and the address formatting used by limits and logs.
#ifndef MSE_CLOUD_ROUTER_INTERNAL_LISTENERS_H_
#define MSE_CLOUD_ROUTER_INTERNAL_LISTENERS_H_

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"

namespace mse::cloud::router::internal {

// An acceptor and its accept-retry timer, both on one strand. Not copyable.
struct Listener {
  explicit Listener(boost::asio::io_context& io);
  void Close();  // on the strand, or when no I/O thread runs

  boost::asio::ip::tcp::acceptor acceptor;
  boost::asio::steady_timer retry_timer;
};

struct BoundListeners {
  std::vector<std::unique_ptr<Listener>> listeners;
  uint16_t port = 0;
};

// Binds every address (IP literals; IPv6 ones v6-only) on `port`. Port 0:
// the first address picks a free port and the others take the same one;
// when that port is taken on another address, the whole set is retried a
// few times with a new port. InvalidArgument for a non-literal address,
// Unavailable when binding fails.
StatusOr<BoundListeners> BindListeners(boost::asio::io_context& io, const std::vector<std::string>& addresses,
                                       uint16_t port);

// The key a client is counted under: its address, IPv4-mapped IPv6
// addresses as IPv4.
std::string AddressKey(const boost::asio::ip::address& address);
// "127.0.0.1:5000" or "[::1]:5000".
std::string FormatEndpoint(const boost::asio::ip::tcp::endpoint& endpoint);

}  // namespace mse::cloud::router::internal

#endif  // MSE_CLOUD_ROUTER_INTERNAL_LISTENERS_H_
