// Where enclaves run (docs/cloud-backend.md, "Lifecycle"): a node driver
// starts, inspects, lists and removes the enclave containers of mse-cloud.
// The Docker Engine driver is the only one today; the Kubernetes driver of
// the scale-out plan implements the same interface.
#ifndef MSE_CLOUD_NODE_NODE_DRIVER_H_
#define MSE_CLOUD_NODE_NODE_DRIVER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace mse::cloud {

// Label every enclave container of mse-cloud carries (reconciliation).
inline constexpr char kCloudLabel[] = "mse-cloud";
inline constexpr char kCloudAppLabel[] = "mse-cloud.app";

struct EnclaveLaunch {
  std::string app_id;
  std::string image;                 // the pinned image id ("sha256:…")
  std::vector<std::string> command;  // mse-run arguments (format::EnclaveCmd)
  std::string input_dir;             // host directory mounted as /opt/input
  std::string signer_key_path;       // host path of the enclave signer key
  std::string sim_dir;               // simulated platform directory; "" on SGX
};

struct EnclaveContainer {
  std::string app_id;  // from the label
  std::string container_id;
  std::string state;  // created, running, exited, ...
  bool running = false;
  int64_t exit_code = 0;
};

using LogSink = std::function<Status(std::string_view chunk)>;

class NodeDriver {
 public:
  virtual ~NodeDriver() = default;
  virtual std::string name() const = 0;
  virtual Status Ping() = 0;
  // Creates and starts the container; returns its id. AlreadyExists when a
  // container for this app exists already.
  virtual StatusOr<std::string> Start(const EnclaveLaunch& launch) = 0;
  // Stops (a few seconds' grace) and removes; OK when already gone.
  virtual Status Remove(const std::string& container_id) = 0;
  // NotFound when the container is gone.
  virtual StatusOr<EnclaveContainer> Inspect(const std::string& container_id) = 0;
  // Every mse-cloud container of this node, any state.
  virtual StatusOr<std::vector<EnclaveContainer>> List() = 0;
  // The output (stdout and stderr interleaved); tail < 0 for all.
  virtual Status Logs(const std::string& container_id, bool follow, int tail, const LogSink& sink) = 0;
  // The image id the node has for `reference` (approval pins it).
  virtual StatusOr<std::string> ImageDigest(const std::string& reference) = 0;
};

// The Docker Engine at `docker_host` (DOCKER_HOST syntax; nullptr = default socket).
StatusOr<std::unique_ptr<NodeDriver>> NewDockerNode(std::string name, const char* docker_host);

}  // namespace mse::cloud

#endif  // MSE_CLOUD_NODE_NODE_DRIVER_H_
