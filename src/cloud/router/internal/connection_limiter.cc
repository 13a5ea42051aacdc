#include "cloud/router/internal/connection_limiter.h"

namespace mse::cloud::router::internal {

std::optional<ConnectionLimiter::Slot> ConnectionLimiter::TryAcquire(const std::string& address) {
  std::lock_guard lock(mu_);
  if (total_ >= max_total_) return std::nullopt;
  size_t& count = per_address_[address];
  if (count >= max_per_address_) {
    if (count == 0) per_address_.erase(address);
    return std::nullopt;
  }
  ++count;
  ++total_;
  return Slot(this, address);
}

void ConnectionLimiter::Release(const std::string& address) {
  std::lock_guard lock(mu_);
  --total_;
  auto it = per_address_.find(address);
  if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
}

size_t ConnectionLimiter::total() const {
  std::lock_guard lock(mu_);
  return total_;
}

size_t ConnectionLimiter::CountFor(const std::string& address) const {
  std::lock_guard lock(mu_);
  auto it = per_address_.find(address);
  return it == per_address_.end() ? 0 : it->second;
}

}  // namespace mse::cloud::router::internal
