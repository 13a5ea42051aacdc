// Pump (internal to the router): copies one direction of a proxied
// connection. It reads at most kProxyWindowBytes, writes all of them, and
// only then reads again, so a slow reader on the far side holds the writer
// back through TCP flow control instead of growing a buffer in the router.
//
// All calls and completions happen on the connection's strand. Not copyable.
#ifndef MSE_CLOUD_ROUTER_INTERNAL_PUMP_H_
#define MSE_CLOUD_ROUTER_INTERNAL_PUMP_H_

#include <boost/asio/buffer.hpp>
#include <boost/asio/write.hpp>
#include <boost/system/error_code.hpp>
#include <cstdint>
#include <memory>
#include <vector>

#include "cloud/router/router.h"

namespace mse::cloud::router::internal {

enum class Direction { kUp = 0, kDown = 1 };  // up: client -> enclave

class PumpObserver {
 public:
  virtual ~PumpObserver() = default;
  // `n` bytes were written to the destination.
  virtual void OnPumped(Direction direction, size_t n) = 0;
  // Called once per Start: asio::error::eof (or the stream's own clean-end
  // code) when the source ended, another error otherwise, or a clean code
  // when StopReading was asked and the write in flight finished.
  virtual void OnPumpDone(Direction direction, boost::system::error_code ec) = 0;
};

template <class From, class To>
class Pump {
 public:
  Pump(From& from, To& to, PumpObserver& observer, Direction direction)
      : from_(from), to_(to), observer_(observer), direction_(direction), window_(kProxyWindowBytes) {}
  Pump(const Pump&) = delete;
  Pump& operator=(const Pump&) = delete;

  // `keep_alive` (the connection) is held by every pending handler.
  void Start(std::shared_ptr<void> keep_alive) { Read(std::move(keep_alive)); }
  // Finishes after the write in flight (if any) instead of reading again.
  // A read already pending still completes: cancel the source to end it.
  void StopReading() { stop_reading_ = true; }

 private:
  void Read(std::shared_ptr<void> keep_alive) {
    if (stop_reading_) return observer_.OnPumpDone(direction_, boost::asio::error::eof);
    from_.async_read_some(boost::asio::buffer(window_),
                          [this, keep_alive](boost::system::error_code ec, size_t n) mutable {
                            if (ec) return observer_.OnPumpDone(direction_, ec);
                            Write(std::move(keep_alive), n);
                          });
  }

  void Write(std::shared_ptr<void> keep_alive, size_t n) {
    boost::asio::async_write(to_, boost::asio::buffer(window_.data(), n),
                             [this, keep_alive](boost::system::error_code ec, size_t written) mutable {
                               if (written > 0) observer_.OnPumped(direction_, written);
                               if (ec) return observer_.OnPumpDone(direction_, ec);
                               Read(std::move(keep_alive));
                             });
  }

  From& from_;
  To& to_;
  PumpObserver& observer_;
  const Direction direction_;
  std::vector<uint8_t> window_;
  bool stop_reading_ = false;
};

}  // namespace mse::cloud::router::internal

#endif  // MSE_CLOUD_ROUTER_INTERNAL_PUMP_H_
