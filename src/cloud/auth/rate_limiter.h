// Login throttling (docs/cloud-backend.md, "Tokens"): failures are counted
// per key — mse-cloud keeps one limiter for e-mail addresses and one for
// client addresses — and a key that fails too often in a window is locked
// for a while. Times come from the injected Clock.
#ifndef MSE_CLOUD_AUTH_RATE_LIMITER_H_
#define MSE_CLOUD_AUTH_RATE_LIMITER_H_

#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/env.h"

namespace mse::cloud::auth {

struct RateLimitOptions {
  int max_failures = 5;          // failures within one window that lock the key
  int64_t window_seconds = 60;   // a window starts at the first failure
  int64_t lockout_seconds = 60;  // from the failure that locked it
  size_t max_keys = 10'000;      // beyond this the least recently failed key is forgotten
};

// Thread-safe; not copyable. Memory is bounded by max_keys: a flood of
// distinct keys makes the limiter forget its oldest entries, which is why
// e-mails and addresses are kept in separate limiters (flooding e-mails
// from one address locks that address first).
class LoginRateLimiter {
 public:
  explicit LoginRateLimiter(Clock& clock, RateLimitOptions options = {});
  LoginRateLimiter(const LoginRateLimiter&) = delete;
  LoginRateLimiter& operator=(const LoginRateLimiter&) = delete;

  // Seconds until the key may try again; 0 when it may try now.
  int64_t LockedSeconds(std::string_view key);
  // Counts one failure. While a key is locked its failures are not counted
  // (the lockout is not extended by retries).
  void RecordFailure(std::string_view key);
  // Forgets the key (after a successful login).
  void Reset(std::string_view key);

  size_t tracked_keys() const;

 private:
  struct Entry {
    int failures = 0;
    int64_t window_start = 0;
    int64_t locked_until = 0;
    std::list<std::string>::iterator recency;  // position in recency_
  };

  Entry& Touch(const std::string& key);

  Clock& clock_;
  const RateLimitOptions options_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> recency_;  // most recently failed first
};

}  // namespace mse::cloud::auth

#endif  // MSE_CLOUD_AUTH_RATE_LIMITER_H_
