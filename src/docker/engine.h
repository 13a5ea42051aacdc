// A client of the Docker Engine API (v1.41) over a Transport: the calls mse
// home needs to build, save, load, run and manage enclave containers.
// Errors carry the engine's own message: "Docker engine: <message> (HTTP 409)".
#ifndef MSE_DOCKER_ENGINE_H_
#define MSE_DOCKER_ENGINE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "docker/transport.h"

namespace mse::docker {

struct PortBinding {
  std::string container_port;  // "443/tcp"
  std::string host_ip;         // "0.0.0.0"
  std::string host_port;       // "7777"
};

struct Mount {
  std::string source;
  std::string destination;
  bool read_only = false;
};

struct ContainerSpec {
  std::string name;
  std::string image;
  std::vector<std::string> entrypoint;  // empty: the image's
  std::vector<std::string> cmd;
  std::vector<std::string> env;  // "KEY=value"
  std::map<std::string, std::string> labels;
  std::vector<Mount> mounts;     // bind mounts
  std::vector<std::string> devices;  // same path inside and outside
  std::string network_mode;      // "host", or empty for the engine's default
  std::vector<PortBinding> ports;
};

struct ContainerInfo {
  std::string id;
  std::string name;  // without the leading '/'
  std::string image;
  std::string state;  // created, running, exited, ...
  bool running = false;
  int64_t exit_code = 0;
  std::string started_at;
  std::vector<std::string> cmd;
  std::map<std::string, std::string> labels;
  std::vector<Mount> mounts;
  std::vector<PortBinding> ports;
  std::string network_mode;
};

struct ImageInfo {
  std::string id;  // "sha256:…", the image id (digest of its config)
  std::vector<std::string> repo_tags;
  int64_t size = 0;
};

// One line of progress from a build or load ("Step 2/3 : ...").
using ProgressLine = std::function<void(const std::string& line)>;

class Engine {
 public:
  explicit Engine(std::unique_ptr<Transport> transport) : transport_(std::move(transport)) {}

  std::string Endpoint() const { return transport_->Endpoint(); }
  Status Ping();

  // Builds `tag` from a tar build context (streamed). Build errors reported
  // in the JSON stream become errors with the builder's text.
  Status BuildImage(ReadableFile& context, uint64_t size, const std::string& tag,
                    const std::string& dockerfile, const ProgressLine& progress);
  // `docker save`: the image's archive streamed into `out` (not committed).
  Status SaveImage(const std::string& image, WritableFile& out, uint64_t* bytes_written);
  // `docker load`; returns the tags loaded ("name:tag").
  StatusOr<std::vector<std::string>> LoadImage(ReadableFile& archive, uint64_t size,
                                               const ProgressLine& progress);
  StatusOr<bool> ImageExists(const std::string& image);
  // NotFound when the engine has no such image.
  StatusOr<ImageInfo> InspectImage(const std::string& image);
  Status RemoveImage(const std::string& image);

  // Returns the new container's id. AlreadyExists when the name is taken.
  StatusOr<std::string> CreateContainer(const ContainerSpec& spec);
  Status StartContainer(const std::string& id);
  Status StopContainer(const std::string& id, int timeout_seconds);
  Status RestartContainer(const std::string& id, int timeout_seconds);
  Status RemoveContainer(const std::string& id, bool force);
  // NotFound when no container has that name or id.
  StatusOr<ContainerInfo> InspectContainer(const std::string& name_or_id);
  // Every container (any state) carrying `label`.
  StatusOr<std::vector<ContainerInfo>> ListContainers(const std::string& label);
  // stdout and stderr, demultiplexed, to `sink`; `tail` < 0 means all.
  Status Logs(const std::string& id, bool follow, int tail, const ChunkSink& sink);
  // Blocks until the container stops; returns its exit code.
  StatusOr<int64_t> WaitContainer(const std::string& id);

 private:
  StatusOr<Response> Call(Request request, const ChunkSink& sink = nullptr);
  Transport& transport() { return *transport_; }

  std::unique_ptr<Transport> transport_;
};

// Parses the engine's error body ({"message": "..."}) into a Status with the
// HTTP status mapped to a code (404 NotFound, 409 AlreadyExists, ...).
Status EngineError(long http_status, const std::string& body);

// Splits a stream of JSON messages (build, load) into calls of `on_message`
// with each message's text; returns the first {"error": ...} as a Status.
class JsonMessageStream {
 public:
  explicit JsonMessageStream(ProgressLine on_line) : on_line_(std::move(on_line)) {}
  Status Feed(std::string_view chunk);
  Status Finish();
  const std::vector<std::string>& loaded_images() const { return loaded_; }

 private:
  Status HandleMessage(const std::string& text);
  ProgressLine on_line_;
  std::string pending_;
  std::vector<std::string> loaded_;
};

// Demultiplexes the engine's log stream (8-byte frame headers) into `sink`.
class LogDemuxer {
 public:
  explicit LogDemuxer(ChunkSink sink) : sink_(std::move(sink)) {}
  Status Feed(std::string_view chunk);

 private:
  ChunkSink sink_;
  std::string pending_;
};

}  // namespace mse::docker

#endif  // MSE_DOCKER_ENGINE_H_
