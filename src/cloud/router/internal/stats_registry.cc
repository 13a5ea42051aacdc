#include "cloud/router/internal/stats_registry.h"

namespace mse::cloud::router::internal {

RouteStats AppCounters::Snapshot() const {
  RouteStats stats;
  stats.connections = connections.Get();
  stats.active_connections = active.Get();
  stats.bytes_client_to_enclave = bytes_up.Get();
  stats.bytes_enclave_to_client = bytes_down.Get();
  stats.backend_connects = backend_connects.Get();
  stats.backend_connect_micros_total = backend_connect_micros.Get();
  stats.backend_failures = backend_failures.Get();
  return stats;
}

RouterGlobalStats GlobalCounters::Snapshot() const {
  RouterGlobalStats stats;
  stats.accepted = accepted.Get();
  stats.active_connections = active.Get();
  stats.rejected_by_limit = rejected_by_limit.Get();
  stats.no_sni = no_sni.Get();
  stats.unknown_host = unknown_host.Get();
  stats.malformed_hello = malformed_hello.Get();
  stats.hello_timeouts = hello_timeouts.Get();
  stats.backend_failures = backend_failures.Get();
  return stats;
}

std::shared_ptr<AppCounters> StatsRegistry::ForApp(const std::string& app_id) {
  std::lock_guard lock(mu_);
  auto& slot = apps_[app_id];
  if (!slot) slot = std::make_shared<AppCounters>();
  return slot;
}

RouteStats StatsRegistry::StatsFor(std::string_view app_id) const {
  std::shared_ptr<AppCounters> counters;
  {
    std::lock_guard lock(mu_);
    auto it = apps_.find(app_id);
    if (it == apps_.end()) return RouteStats{};
    counters = it->second;
  }
  return counters->Snapshot();
}

std::map<std::string, RouteStats> StatsRegistry::All() const {
  std::lock_guard lock(mu_);
  std::map<std::string, RouteStats> out;
  for (const auto& [app_id, counters] : apps_) out.emplace(app_id, counters->Snapshot());
  return out;
}

}  // namespace mse::cloud::router::internal
