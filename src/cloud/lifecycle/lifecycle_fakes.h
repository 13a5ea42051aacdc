// Test-only fakes of the lifecycle's collaborators: a node that "runs"
// containers in a map, a route publisher that records routes, a probe whose
// answers the test sets.
#ifndef MSE_CLOUD_LIFECYCLE_LIFECYCLE_FAKES_H_
#define MSE_CLOUD_LIFECYCLE_LIFECYCLE_FAKES_H_

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "cloud/lifecycle/lifecycle.h"

namespace mse::cloud::fakes {

class FakeNode : public NodeDriver {
 public:
  std::string name() const override { return "local"; }
  Status Ping() override { return Status::Ok(); }
  StatusOr<std::string> Start(const EnclaveLaunch& launch) override {
    if (fail_start) return UnavailableError("engine down");
    std::string id = "c" + std::to_string(++counter_);
    containers[id] = {launch.app_id, id, "running", true, 0};
    launches.push_back(launch);
    return id;
  }
  Status Remove(const std::string& id) override {
    containers.erase(id);
    removed.push_back(id);
    return Status::Ok();
  }
  StatusOr<EnclaveContainer> Inspect(const std::string& id) override {
    auto it = containers.find(id);
    if (it == containers.end()) return NotFoundError("no container " + id);
    return it->second;
  }
  StatusOr<std::vector<EnclaveContainer>> List() override {
    std::vector<EnclaveContainer> out;
    for (const auto& [id, c] : containers) out.push_back(c);
    return out;
  }
  Status Logs(const std::string& id, bool, int, const LogSink& sink) override {
    return sink("output of " + id + "\n");
  }
  StatusOr<std::string> ImageDigest(const std::string&) override { return std::string("sha256:00"); }

  std::map<std::string, EnclaveContainer> containers;
  std::vector<EnclaveLaunch> launches;
  std::vector<std::string> removed;
  bool fail_start = false;

 private:
  int counter_ = 0;
};

class FakeRoutes : public RoutePublisher {
 public:
  void Publish(const App& app) override { published[app.id] = app; }
  void Withdraw(const App& app) override { published.erase(app.id); }
  std::map<std::string, App> published;
};

class FakeProbe : public EnclaveProbe {
 public:
  StatusOr<Configuration> ProbeConfiguration(const App&) override {
    if (!config_up) return UnavailableError("nothing answers");
    return Configuration{true, "CERT"};
  }
  StatusOr<bool> ProbeHealth(const App&) override { return healthy; }
  bool config_up = false;
  bool healthy = false;
};

}  // namespace mse::cloud::fakes

#endif  // MSE_CLOUD_LIFECYCLE_LIFECYCLE_FAKES_H_
