// The Docker Engine node driver: enclave containers on host networking, each
// bound to its own loopback port, labelled for reconciliation.
#include "cloud/node/node_driver.h"

#include "docker/engine.h"

namespace mse::cloud {
namespace {

constexpr char kInputMount[] = "/opt/input";
constexpr char kSignerMount[] = "/root/.config/gramine/enclave-key.pem";
constexpr char kSimMount[] = "/var/lib/mse/sim";

EnclaveContainer FromInfo(const docker::ContainerInfo& info) {
  EnclaveContainer c;
  auto label = info.labels.find(kCloudAppLabel);
  if (label != info.labels.end()) c.app_id = label->second;
  c.container_id = info.id;
  c.state = info.state;
  c.running = info.running;
  c.exit_code = info.exit_code;
  return c;
}

class DockerNode : public NodeDriver {
 public:
  DockerNode(std::string name, std::unique_ptr<docker::Engine> engine)
      : name_(std::move(name)), engine_(std::move(engine)) {}

  std::string name() const override { return name_; }
  Status Ping() override { return engine_->Ping(); }

  StatusOr<std::string> Start(const EnclaveLaunch& launch) override {
    docker::ContainerSpec spec;
    spec.name = "mse-cloud-" + launch.app_id;
    spec.image = launch.image;
    spec.cmd = launch.command;
    spec.labels = {{kCloudLabel, "1"}, {kCloudAppLabel, launch.app_id}};
    spec.mounts = {{launch.input_dir, kInputMount, false}, {launch.signer_key_path, kSignerMount, true}};
    if (launch.sim_dir.empty()) {
      spec.devices = {"/dev/sgx_enclave", "/dev/sgx_provision"};
      spec.mounts.push_back({"/var/run/aesmd", "/var/run/aesmd", false});
    } else {
      spec.mounts.push_back({launch.sim_dir, kSimMount, true});
    }
    spec.network_mode = "host";
    MSE_ASSIGN_OR_RETURN(std::string id, engine_->CreateContainer(spec));
    Status started = engine_->StartContainer(id);
    if (!started.ok()) {
      (void)engine_->RemoveContainer(id, /*force=*/true);
      return started;
    }
    return id;
  }

  Status Remove(const std::string& container_id) override {
    Status st = engine_->RemoveContainer(container_id, /*force=*/true);
    if (st.code() == StatusCode::kNotFound) return Status::Ok();
    return st;
  }

  StatusOr<EnclaveContainer> Inspect(const std::string& container_id) override {
    MSE_ASSIGN_OR_RETURN(docker::ContainerInfo info, engine_->InspectContainer(container_id));
    return FromInfo(info);
  }

  StatusOr<std::vector<EnclaveContainer>> List() override {
    MSE_ASSIGN_OR_RETURN(auto infos, engine_->ListContainers(kCloudLabel));
    std::vector<EnclaveContainer> out;
    for (const auto& info : infos) out.push_back(FromInfo(info));
    return out;
  }

  Status Logs(const std::string& container_id, bool follow, int tail, const LogSink& sink) override {
    return engine_->Logs(container_id, follow, tail, sink);
  }

  StatusOr<std::string> ImageDigest(const std::string& reference) override {
    auto info = engine_->InspectImage(reference);
    if (info.status().code() == StatusCode::kNotFound) {
      return NotFoundError("the Docker engine at " + engine_->Endpoint() + " has no image " + reference +
                           ": load or build it there first");
    }
    MSE_RETURN_IF_ERROR(info.status());
    return info->id;
  }

 private:
  std::string name_;
  std::unique_ptr<docker::Engine> engine_;
};

}  // namespace

StatusOr<std::unique_ptr<NodeDriver>> NewDockerNode(std::string name, const char* docker_host) {
  MSE_ASSIGN_OR_RETURN(std::string socket, docker::SocketPathFromDockerHost(docker_host));
  auto engine = std::make_unique<docker::Engine>(docker::NewUnixSocketTransport(socket));
  return std::unique_ptr<NodeDriver>(std::make_unique<DockerNode>(std::move(name), std::move(engine)));
}

}  // namespace mse::cloud
