// The byte pipe to a Docker Engine: HTTP/1.1 over its unix socket (libcurl).
// An interface so the engine client is tested with a fake.
#ifndef MSE_DOCKER_TRANSPORT_H_
#define MSE_DOCKER_TRANSPORT_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/env.h"
#include "base/status.h"

namespace mse::docker {

struct Request {
  std::string method = "GET";
  std::string target;        // path and query, e.g. "/containers/json?all=1"
  std::string content_type;  // empty: no body
  std::string body;
  // A streamed body (a tar context or image) instead of `body`; not owned.
  ReadableFile* body_stream = nullptr;
  uint64_t body_size = 0;
  long timeout_seconds = 0;  // 0: none (builds and log follows are long)
};

struct Response {
  long status = 0;
  std::string body;  // the whole body, unless it was streamed to a sink
};

// Receives a successful response's body as it arrives; an error stops the transfer.
using ChunkSink = std::function<Status(std::string_view chunk)>;

class Transport {
 public:
  virtual ~Transport() = default;
  // With a sink, a 2xx body goes to the sink (Response::body stays empty);
  // any other body is collected so the caller can report it.
  // FailedPrecondition when the engine cannot be reached.
  virtual StatusOr<Response> Send(const Request& request, const ChunkSink& sink) = 0;
  // "unix:///var/run/docker.sock", for messages.
  virtual std::string Endpoint() const = 0;
};

// DOCKER_HOST ("unix:///path"), or /var/run/docker.sock when unset. Other
// schemes (tcp://) are refused: mse talks only to a local engine.
StatusOr<std::string> SocketPathFromDockerHost(const char* docker_host);

std::unique_ptr<Transport> NewUnixSocketTransport(std::string socket_path);

}  // namespace mse::docker

#endif  // MSE_DOCKER_TRANSPORT_H_
