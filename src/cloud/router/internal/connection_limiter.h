// Admission control at accept time (internal to the router): at most
// max_total connections, and at most max_per_address from one client
// address. A Slot holds one admission and gives it back when destroyed.
#ifndef MSE_CLOUD_ROUTER_INTERNAL_CONNECTION_LIMITER_H_
#define MSE_CLOUD_ROUTER_INTERNAL_CONNECTION_LIMITER_H_

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace mse::cloud::router::internal {

// Not copyable. Must outlive every Slot it hands out.
class ConnectionLimiter {
 public:
  ConnectionLimiter(size_t max_total, size_t max_per_address)
      : max_total_(max_total), max_per_address_(max_per_address) {}
  ConnectionLimiter(const ConnectionLimiter&) = delete;
  ConnectionLimiter& operator=(const ConnectionLimiter&) = delete;

  // Move-only; releases its admission on destruction.
  class Slot {
   public:
    Slot(Slot&& other) noexcept : limiter_(other.limiter_), address_(std::move(other.address_)) {
      other.limiter_ = nullptr;
    }
    Slot& operator=(Slot&&) = delete;
    ~Slot() {
      if (limiter_) limiter_->Release(address_);
    }

   private:
    friend class ConnectionLimiter;
    Slot(ConnectionLimiter* limiter, std::string address) : limiter_(limiter), address_(std::move(address)) {}
    ConnectionLimiter* limiter_;
    std::string address_;
  };

  // nullopt when either limit is reached.
  std::optional<Slot> TryAcquire(const std::string& address);
  size_t total() const;
  size_t CountFor(const std::string& address) const;

 private:
  void Release(const std::string& address);

  const size_t max_total_;
  const size_t max_per_address_;
  mutable std::mutex mu_;
  size_t total_ = 0;                           // guarded by mu_
  std::map<std::string, size_t> per_address_;  // guarded by mu_; no zero entries
};

}  // namespace mse::cloud::router::internal

#endif  // MSE_CLOUD_ROUTER_INTERNAL_CONNECTION_LIMITER_H_
