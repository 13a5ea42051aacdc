#include "cloud/auth/rate_limiter.h"

namespace mse::cloud::auth {

LoginRateLimiter::LoginRateLimiter(Clock& clock, RateLimitOptions options)
    : clock_(clock), options_(options) {}

int64_t LoginRateLimiter::LockedSeconds(std::string_view key) {
  const int64_t now = clock_.NowUnixSeconds();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(std::string(key));
  if (it == entries_.end() || it->second.locked_until <= now) return 0;
  return it->second.locked_until - now;
}

// Finds or creates the entry and marks it most recent, forgetting the least
// recent one when the table is full.
LoginRateLimiter::Entry& LoginRateLimiter::Touch(const std::string& key) {
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    recency_.splice(recency_.begin(), recency_, it->second.recency);
    return it->second;
  }
  if (options_.max_keys > 0 && entries_.size() >= options_.max_keys) {
    entries_.erase(recency_.back());
    recency_.pop_back();
  }
  recency_.push_front(key);
  Entry& entry = entries_[key];
  entry.recency = recency_.begin();
  return entry;
}

void LoginRateLimiter::RecordFailure(std::string_view key) {
  const int64_t now = clock_.NowUnixSeconds();
  std::lock_guard<std::mutex> lock(mu_);
  Entry& entry = Touch(std::string(key));
  if (entry.locked_until > now) return;
  if (entry.failures == 0 || now - entry.window_start >= options_.window_seconds) {
    entry.failures = 0;
    entry.window_start = now;
  }
  if (++entry.failures >= options_.max_failures) {
    // Locked; the count starts afresh once the lockout is over.
    entry.locked_until = now + options_.lockout_seconds;
    entry.failures = 0;
  }
}

void LoginRateLimiter::Reset(std::string_view key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(std::string(key));
  if (it == entries_.end()) return;
  recency_.erase(it->second.recency);
  entries_.erase(it);
}

size_t LoginRateLimiter::tracked_keys() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

}  // namespace mse::cloud::auth
