#include "cloud/lifecycle/lifecycle.h"

#include <set>

#include "format/enclave_cmd.h"
#include "net/port.h"

namespace mse::cloud {
namespace {

std::string Subject(const App& app) {
  return "CN=" + app.config_domain_name + ",O=Cosmian Tech,C=FR,L=Paris,ST=Ile-de-France";
}

// The command of formats §19.1 with the values cloud.md §1.6 fixes; the
// loopback host and port are not measured.
std::vector<std::string> EnclaveCommand(const App& app, int port) {
  format::EnclaveArgs args;
  args.size_mb = app.enclave_size_mb;
  args.subject = Subject(app);
  args.san = app.config_domain_name;
  args.app_id = app.id;
  args.application = app.python_application;
  if (app.ssl_certificate_origin != "owner") args.expiration = app.expires_at;
  args.host = "127.0.0.1";
  args.port = port;
  return format::EnclaveCmd(args);
}

}  // namespace

Lifecycle::Lifecycle(Store& store, NodeDriver& node, RoutePublisher& routes, EnclaveProbe& probe, Env env,
                     LifecycleOptions options)
    : store_(store),
      node_(node),
      routes_(routes),
      probe_(probe),
      env_(env),
      options_(std::move(options)),
      files_(*env.fs, options_.data_dir) {}

Lifecycle::~Lifecycle() { Stop(); }

void Lifecycle::Log(const App& app, const std::string& what) {
  if (options_.log) options_.log("app " + app.id + " (" + app.name + "): " + what);
}

void Lifecycle::Start() {
  stopping_ = false;
  worker_ = std::thread([this] {
    while (!stopping_) {
      RunOnce();
      std::unique_lock<std::mutex> lock(wake_mu_);
      wake_cv_.wait_for(lock, options_.tick, [this] { return woken_ || stopping_.load(); });
      woken_ = false;
    }
  });
}

void Lifecycle::Stop() {
  stopping_ = true;
  Wake();
  if (worker_.joinable()) worker_.join();
}

void Lifecycle::Wake() {
  std::lock_guard<std::mutex> lock(wake_mu_);
  woken_ = true;
  wake_cv_.notify_all();
}

void Lifecycle::RunOnce() {
  auto apps = store_.ListApps({});
  if (!apps.ok()) {
    if (options_.log) options_.log("lifecycle: cannot list apps: " + apps.status().message());
    return;
  }
  for (const App& app : *apps) {
    if (stopping_) return;
    std::lock_guard<std::mutex> lock(step_mu_);
    auto fresh = store_.GetApp(app.id);  // the API may have moved it meanwhile
    if (fresh.ok()) Step(*fresh);
  }
}

void Lifecycle::Step(const App& app) {
  const int64_t now = env_.clock->NowUnixSeconds();
  if (!IsLive(app.status)) {
    if (app.stopped_at && now >= *app.stopped_at + options_.log_retention.count()) CleanUp(app);
    return;
  }
  if (now >= app.expires_at) {
    Terminate(app, AppStatus::kStopped, "expired at its expiration date");
    return;
  }
  if (app.container_id.empty()) {
    Launch(app);
    return;
  }
  if (!CheckContainer(app)) return;
  if (app.status == AppStatus::kSpawning) AwaitConfiguration(app);
  if (app.status == AppStatus::kInitializing) AwaitHealth(app);
}

StatusOr<int> Lifecycle::PickPort() {
  auto live = store_.ListApps({.statuses = {AppStatus::kSpawning, AppStatus::kInitializing, AppStatus::kRunning}});
  MSE_RETURN_IF_ERROR(live.status());
  std::set<int> taken;
  for (const App& a : *live) taken.insert(a.port);
  for (int attempt = 0; attempt < 64; ++attempt) {
    Bytes r = env_.random->Generate(4);
    const uint32_t n = (uint32_t{r[0]} << 24) | (uint32_t{r[1]} << 16) | (uint32_t{r[2]} << 8) | r[3];
    const int port = options_.first_port + static_cast<int>(n % static_cast<uint32_t>(options_.port_count));
    if (taken.count(port) == 0 && net::CheckPortFree("127.0.0.1", port).ok()) return port;
  }
  return UnavailableError("no free loopback port for the enclave after 64 attempts");
}

void Lifecycle::Launch(const App& app) {
  auto port = PickPort();
  Status st = port.status();
  if (st.ok()) st = files_.PrepareInput(app.id, app.ssl_certificate_origin == "owner" ? app.ssl_certificate : "");
  if (st.ok() && !options_.tamper_code_tar.empty()) {
    auto tampered = env_.fs->ReadFile(options_.tamper_code_tar);
    st = tampered.ok() ? env_.fs->WriteFile(JoinPath(files_.InputDir(app.id), "app.tar"), *tampered)
                       : tampered.status();
  }
  if (!st.ok()) {
    Terminate(app, AppStatus::kOnError, "cannot prepare the enclave: " + st.message());
    return;
  }
  EnclaveLaunch launch{app.id, app.docker_digest, EnclaveCommand(app, *port), files_.InputDir(app.id),
                       options_.signer_key_path, options_.sim_dir};
  auto id = node_.Start(launch);
  if (!id.ok()) {
    Terminate(app, AppStatus::kOnError, "cannot start the enclave container: " + id.status().message());
    return;
  }
  auto updated = store_.UpdateApp(app.id, app.state_version,
                                  {.node = node_.name(), .container_id = *id, .port = *port});
  if (!updated.ok()) {  // stopped meanwhile: do not leave the container behind
    (void)node_.Remove(*id);
    return;
  }
  routes_.Publish(*updated);
  Log(*updated, "enclave container " + id->substr(0, 12) + " started on 127.0.0.1:" + std::to_string(*port));
}

bool Lifecycle::CheckContainer(const App& app) {
  auto container = node_.Inspect(app.container_id);
  if (container.ok() && container->running) return true;
  std::string reason = container.ok()
                           ? "the enclave container exited (" + container->state + ", exit code " +
                                 std::to_string(container->exit_code) + ")"
                           : "the enclave container is gone (" + container.status().message() + ")";
  if (!container.ok() && container.status().code() != StatusCode::kNotFound) return false;  // node unreachable
  Terminate(app, AppStatus::kOnError, reason);
  return false;
}

void Lifecycle::AwaitConfiguration(const App& app) {
  const int64_t deadline = app.created_at_us / 1'000'000 + options_.spawn_timeout.count();
  auto probe = probe_.ProbeConfiguration(app);
  if (probe.ok() && probe->waiting) {
    if (app.dev_mode && options_.verify_enclave) {
      Status verified = options_.verify_enclave(app, probe->certificate_pem);
      if (!verified.ok()) {
        Terminate(app, AppStatus::kOnError, "the enclave's certificate does not verify: " + verified.message());
        return;
      }
    }
    auto updated = store_.UpdateApp(app.id, app.state_version,
                                    {.status = AppStatus::kInitializing, .enclave_cert_pem = probe->certificate_pem});
    if (updated.ok()) {
      routes_.Publish(*updated);  // operator mode pins the certificate now
      Log(*updated, "initializing: the configuration server answers through the router");
    }
    return;
  }
  if (env_.clock->NowUnixSeconds() >= deadline) {
    Terminate(app, AppStatus::kOnError,
              "the configuration server did not answer within " + std::to_string(options_.spawn_timeout.count()) +
                  " s" + (probe.ok() ? "" : " (" + probe.status().message() + ")"));
  }
}

void Lifecycle::AwaitHealth(const App& app) {
  const int64_t now = env_.clock->NowUnixSeconds();
  auto entry = health_schedule_.try_emplace(app.id, now, now).first;
  auto& [since, next] = entry->second;
  if (now < next) return;
  next = now + (now - since < 30 ? 0 : 5);
  auto healthy = probe_.ProbeHealth(app);
  if (!healthy.ok() || !*healthy) return;  // waits for the provider's configuration until expiry
  health_schedule_.erase(app.id);
  auto updated = store_.UpdateApp(app.id, app.state_version,
                                  {.status = AppStatus::kRunning, .ready_at = env_.clock->NowUnixSeconds()});
  if (updated.ok()) Log(*updated, "running: the health check answers");
}

void Lifecycle::Terminate(const App& app, AppStatus status, const std::string& reason) {
  auto updated = store_.UpdateApp(app.id, app.state_version,
                                  {.status = status, .status_reason = reason,
                                   .stopped_at = env_.clock->NowUnixSeconds()});
  if (!updated.ok()) return;  // someone else moved it
  health_schedule_.erase(app.id);
  routes_.Withdraw(*updated);
  if (!app.container_id.empty()) {
    LogTail tail;
    (void)node_.Logs(app.container_id, /*follow=*/false, -1, [&tail](std::string_view chunk) {
      tail.Append(chunk);
      return Status::Ok();
    });
    if (!tail.text().empty()) (void)files_.SaveLogs(app.id, tail.text());
    (void)node_.Remove(app.container_id);
  }
  (void)files_.AppendLogLine(app.id, "mse-cloud: " + std::string(AppStatusName(status)) + ": " + reason);
  (void)files_.RemoveInput(app.id);
  Log(*updated, std::string(AppStatusName(status)) + ": " + reason);
}

void Lifecycle::CleanUp(const App& app) {
  if (!env_.fs->Exists(files_.Dir(app.id))) return;
  (void)files_.RemoveAll(app.id);
  Log(app, "kept files removed after the retention period");
}

Status Lifecycle::StopApp(const std::string& app_id, const std::string& reason) {
  std::lock_guard<std::mutex> lock(step_mu_);
  MSE_ASSIGN_OR_RETURN(App app, store_.GetApp(app_id));
  if (!IsLive(app.status)) return Status::Ok();
  Terminate(app, AppStatus::kStopped, reason);
  MSE_ASSIGN_OR_RETURN(App after, store_.GetApp(app_id));
  if (IsLive(after.status)) return UnavailableError("app " + app_id + " could not be stopped; try again");
  return Status::Ok();
}

Status Lifecycle::Logs(const App& app, bool follow, const LogSink& sink) {
  if (IsLive(app.status) && !app.container_id.empty()) {
    if (follow) return node_.Logs(app.container_id, true, -1, sink);
    LogTail tail;
    MSE_RETURN_IF_ERROR(node_.Logs(app.container_id, false, -1, [&tail](std::string_view chunk) {
      tail.Append(chunk);
      return Status::Ok();
    }));
    return sink(tail.text());
  }
  return sink(files_.ReadLogs(app.id));
}

Status Lifecycle::Reconcile() {
  MSE_ASSIGN_OR_RETURN(auto containers, node_.List());
  MSE_ASSIGN_OR_RETURN(auto apps, store_.ListApps({}));
  std::set<std::string> kept;
  for (const App& app : apps) {
    if (!IsLive(app.status) || app.container_id.empty()) continue;
    bool running = false;
    for (const auto& c : containers) running |= c.container_id == app.container_id && c.running;
    if (running) {
      kept.insert(app.container_id);
      routes_.Publish(app);
      Log(app, "resumed " + std::string(AppStatusName(app.status)) + " after a restart");
    } else {
      std::lock_guard<std::mutex> lock(step_mu_);
      Terminate(app, AppStatus::kOnError, "the enclave container was gone when mse-cloud restarted");
    }
  }
  // Containers no live app owns: strays of stopped apps, or of an app whose
  // launch was cut before its container id was stored (it is launched again).
  for (const auto& c : containers) {
    if (kept.count(c.container_id) == 0) (void)node_.Remove(c.container_id);
  }
  return Status::Ok();
}

}  // namespace mse::cloud
