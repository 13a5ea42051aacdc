// PrefixedSocket (internal to the router): a TCP socket, by reference, whose
// first reads return bytes that were already read from it. The router reads
// the ClientHello itself to route on its SNI; in operator mode those bytes
// must then reach the TLS engine, so the edge TLS stream is layered on a
// PrefixedSocket that replays them before reading the socket again.
//
// Meets Asio's AsyncReadStream and AsyncWriteStream requirements, so it can
// be the next layer of boost::asio::ssl::stream. Copyable; the socket and
// the prefix bytes must outlive it.
#ifndef MSE_CLOUD_ROUTER_INTERNAL_PREFIXED_SOCKET_H_
#define MSE_CLOUD_ROUTER_INTERNAL_PREFIXED_SOCKET_H_

#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <utility>

#include "base/bytes.h"

namespace mse::cloud::router::internal {

class PrefixedSocket {
 public:
  using socket_type = boost::asio::ip::tcp::socket;
  using executor_type = socket_type::executor_type;
  using lowest_layer_type = socket_type::lowest_layer_type;

  PrefixedSocket(socket_type& socket, ByteView prefix) : socket_(&socket), prefix_(prefix) {}

  executor_type get_executor() { return socket_->get_executor(); }
  lowest_layer_type& lowest_layer() { return socket_->lowest_layer(); }
  const lowest_layer_type& lowest_layer() const { return socket_->lowest_layer(); }

  // Completes with prefix bytes (posted, never inline) while any are left,
  // then reads the socket.
  template <class MutableBuffers, class ReadToken>
  auto async_read_some(const MutableBuffers& buffers, ReadToken&& token) {
    return boost::asio::async_initiate<ReadToken, void(boost::system::error_code, size_t)>(
        [this](auto handler, const MutableBuffers& buffers) {
          if (prefix_.empty()) return socket_->async_read_some(buffers, std::move(handler));
          size_t n = boost::asio::buffer_copy(buffers, boost::asio::buffer(prefix_.data(), prefix_.size()));
          prefix_ = prefix_.subspan(n);
          // bind_front_handler keeps the handler's associated executor.
          boost::asio::post(socket_->get_executor(), boost::beast::bind_front_handler(
                                                         std::move(handler), boost::system::error_code(), n));
        },
        token, buffers);
  }

  template <class ConstBuffers, class WriteToken>
  auto async_write_some(const ConstBuffers& buffers, WriteToken&& token) {
    return socket_->async_write_some(buffers, std::forward<WriteToken>(token));
  }

 private:
  socket_type* socket_;
  ByteView prefix_;
};

}  // namespace mse::cloud::router::internal

#endif  // MSE_CLOUD_ROUTER_INTERNAL_PREFIXED_SOCKET_H_
