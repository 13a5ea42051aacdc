// Counters behind Router::StatsFor / GlobalStats (internal to the router).
// Connections update them with relaxed atomics, without a lock; only
// finding an app's counters takes the registry's mutex, once per connection.
#ifndef MSE_CLOUD_ROUTER_INTERNAL_STATS_REGISTRY_H_
#define MSE_CLOUD_ROUTER_INTERNAL_STATS_REGISTRY_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "cloud/router/router.h"

namespace mse::cloud::router::internal {

// A counter that is bumped and read concurrently; ordering does not matter.
class Counter {
 public:
  void Add(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  void Sub(uint64_t n = 1) { value_.fetch_sub(n, std::memory_order_relaxed); }
  uint64_t Get() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

struct AppCounters {
  Counter connections;
  Counter active;
  Counter bytes_up;    // client -> enclave
  Counter bytes_down;  // enclave -> client
  Counter backend_connects;
  Counter backend_connect_micros;
  Counter backend_failures;
  RouteStats Snapshot() const;
};

struct GlobalCounters {
  Counter accepted;
  Counter active;
  Counter rejected_by_limit;
  Counter no_sni;
  Counter unknown_host;
  Counter malformed_hello;
  Counter hello_timeouts;
  Counter backend_failures;
  RouterGlobalStats Snapshot() const;
};

// Not copyable. Apps are kept for the registry's life, so counters stay
// monotonic for Prometheus even when an app's route is gone.
class StatsRegistry {
 public:
  // The counters of `app_id`, created on first use. Never null.
  std::shared_ptr<AppCounters> ForApp(const std::string& app_id);
  RouteStats StatsFor(std::string_view app_id) const;
  std::map<std::string, RouteStats> All() const;

  GlobalCounters global;

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<AppCounters>, std::less<>> apps_;
};

}  // namespace mse::cloud::router::internal

#endif  // MSE_CLOUD_ROUTER_INTERNAL_STATS_REGISTRY_H_
