// The request body type of HttpServer's parser (internal to src/net).
// Unlike beast::http::string_body it
//  - never reserves memory from Content-Length (a client announcing 60 MiB
//    costs nothing until the bytes arrive, and the parser refuses anything
//    over the body limit from the header on);
//  - charges the memory it holds to a BodyBudget shared by all connections,
//    failing the read with errc::not_enough_memory when it is spent;
//  - wipes every buffer it lets go (bodies may carry keys and secrets).
#ifndef MSE_NET_HTTP_SERVER_BODY_H_
#define MSE_NET_HTTP_SERVER_BODY_H_

#include <atomic>
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>
#include <boost/system/error_code.hpp>
#include <cstdint>
#include <string>

namespace mse::net::server_internal {

// Bytes of request bodies held by all connections. Thread-safe.
class BodyBudget {
 public:
  explicit BodyBudget(uint64_t limit) : limit_(limit) {}
  // Charges n bytes unless that would exceed the limit.
  bool TryCharge(uint64_t n);
  void Release(uint64_t n);
  uint64_t in_use() const { return used_.load(); }

 private:
  const uint64_t limit_;
  std::atomic<uint64_t> used_{0};
};

struct BoundedBody {
  // Move-only; wipes and releases its charge when destroyed.
  class value_type {
   public:
    value_type() = default;
    ~value_type();
    value_type(value_type&& other) noexcept;
    value_type& operator=(value_type&& other) noexcept;
    value_type(const value_type&) = delete;
    value_type& operator=(const value_type&) = delete;

    void set_budget(BodyBudget* budget) { budget_ = budget; }
    size_t size() const { return data_.size(); }
    // Appends, growing geometrically; false when the budget is spent.
    bool Append(const char* data, size_t n);
    // Moves the bytes out; the caller takes over the charge (`charged`).
    std::string Take(uint64_t* charged);

   private:
    void Clear();
    std::string data_;
    BodyBudget* budget_ = nullptr;
    uint64_t charged_ = 0;
  };

  static std::uint64_t size(const value_type& body) { return body.size(); }

  class reader {
   public:
    template <bool isRequest, class Fields>
    reader(boost::beast::http::header<isRequest, Fields>&, value_type& body) : body_(body) {}

    void init(const boost::optional<std::uint64_t>&, boost::beast::error_code& ec) { ec = {}; }

    template <class ConstBufferSequence>
    std::size_t put(const ConstBufferSequence& buffers, boost::beast::error_code& ec) {
      std::size_t total = 0;
      for (auto buffer : boost::beast::buffers_range_ref(buffers)) {
        if (!body_.Append(static_cast<const char*>(buffer.data()), buffer.size())) {
          ec = boost::system::errc::make_error_code(boost::system::errc::not_enough_memory);
          return total;
        }
        total += buffer.size();
      }
      ec = {};
      return total;
    }

    void finish(boost::beast::error_code& ec) { ec = {}; }

   private:
    value_type& body_;
  };
};

}  // namespace mse::net::server_internal

#endif  // MSE_NET_HTTP_SERVER_BODY_H_
