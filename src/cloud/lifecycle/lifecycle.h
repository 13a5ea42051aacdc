// The enclave lifecycle of mse-cloud (docs/cloud-backend.md, "Lifecycle"):
// spawning → initializing → running, on_error | stopped; one worker thread
// drives every live app a step at a time, so a restart resumes where it was
// (state lives in the store, transitions are compare-and-set).
#ifndef MSE_CLOUD_LIFECYCLE_LIFECYCLE_H_
#define MSE_CLOUD_LIFECYCLE_LIFECYCLE_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "base/env.h"
#include "cloud/lifecycle/app_files.h"
#include "cloud/node/node_driver.h"
#include "cloud/store/store.h"

namespace mse::cloud {

// Makes an app reachable through the router (or not). Implemented over the
// router's route table by the server; a fake in tests.
class RoutePublisher {
 public:
  virtual ~RoutePublisher() = default;
  virtual void Publish(const App& app) = 0;
  virtual void Withdraw(const App& app) = 0;
};

// Probes an app through the router, as a client would.
class EnclaveProbe {
 public:
  virtual ~EnclaveProbe() = default;
  struct Configuration {
    bool waiting = false;         // 200 with Mse-Status: the configuration server
    std::string certificate_pem;  // the certificate it presented
  };
  // Unavailable while nothing answers.
  virtual StatusOr<Configuration> ProbeConfiguration(const App& app) = 0;
  // True once the app's health check answers (not 503, no Mse-Status).
  virtual StatusOr<bool> ProbeHealth(const App& app) = 0;
};

struct LifecycleOptions {
  std::string data_dir;
  std::string signer_key_path;
  std::string sim_dir;  // "" on SGX
  std::chrono::seconds tick{1};
  std::chrono::seconds spawn_timeout{600};  // spawning → initializing
  std::chrono::seconds log_retention{4 * 86400};
  int first_port = 40000;
  int port_count = 20000;
  // Verifies the certificate an operator-mode enclave presents before the
  // router pins it (the backend's own attestation check).
  std::function<Status(const App& app, const std::string& certificate_pem)> verify_enclave;
  // One line per state change (never a secret).
  std::function<void(std::string_view line)> log;
  // Test hook (mse-cloud serve --test-tamper-code): the enclaves get this
  // code tar instead of the uploaded one, as a dishonest backend would do;
  // clients must then refuse to configure them. Never set in production.
  std::string tamper_code_tar;
};

class Lifecycle {
 public:
  Lifecycle(Store& store, NodeDriver& node, RoutePublisher& routes, EnclaveProbe& probe, Env env,
            LifecycleOptions options);
  ~Lifecycle();
  Lifecycle(const Lifecycle&) = delete;
  Lifecycle& operator=(const Lifecycle&) = delete;

  // At start: brings the store and the node in agreement (routes of live
  // apps back, vanished containers → on_error, strays removed).
  Status Reconcile();
  void Start();   // the worker thread
  void Stop();    // joins it; apps keep running
  void Wake();    // a new app or a stop request: do not wait for the tick
  // One pass over every app (the worker's body; tests call it directly).
  void RunOnce();

  // Stops a live app now (API stop, expiry): stopped, logs kept, container
  // and route removed. OK when it was already terminated.
  Status StopApp(const std::string& app_id, const std::string& reason);
  // The app's output: live from the node, or the kept copy.
  Status Logs(const App& app, bool follow, const LogSink& sink);

  AppFiles& files() { return files_; }

 private:
  void Step(const App& app);
  void Launch(const App& app);
  void AwaitConfiguration(const App& app);
  void AwaitHealth(const App& app);
  bool CheckContainer(const App& app);
  void Terminate(const App& app, AppStatus status, const std::string& reason);
  void CleanUp(const App& app);
  StatusOr<int> PickPort();
  void Log(const App& app, const std::string& what);

  Store& store_;
  NodeDriver& node_;
  RoutePublisher& routes_;
  EnclaveProbe& probe_;
  Env env_;
  LifecycleOptions options_;
  AppFiles files_;

  // Health probes of an app waiting for its configuration: every tick for
  // its first 30 s of initializing, then every 5 s (app id → next probe).
  std::map<std::string, std::pair<int64_t, int64_t>> health_schedule_;  // id → {since, next}
  std::mutex step_mu_;  // one transition at a time (worker vs API stop); guards the schedule
  std::mutex wake_mu_;
  std::condition_variable wake_cv_;
  bool woken_ = false;
  std::atomic<bool> stopping_{false};
  std::thread worker_;
};

}  // namespace mse::cloud

#endif  // MSE_CLOUD_LIFECYCLE_LIFECYCLE_H_
