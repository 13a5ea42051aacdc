// Transport over the engine's unix socket with libcurl (CURLOPT_UNIX_SOCKET_PATH).
#include <curl/curl.h>

#include <memory>

#include "docker/transport.h"

namespace mse::docker {
namespace {

// The API version every request is pinned to (Docker 20.10, Debian 12).
constexpr char kApiPrefix[] = "http://localhost/v1.41";

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

struct TransferState {
  CURL* curl;
  const ChunkSink* sink;
  Response* response;
  Status sink_status;
  ReadableFile* upload;
  Status upload_status;
};

size_t OnData(char* data, size_t size, size_t n, void* user) {
  auto* state = static_cast<TransferState*>(user);
  size_t bytes = size * n;
  long code = 0;
  curl_easy_getinfo(state->curl, CURLINFO_RESPONSE_CODE, &code);
  if (state->sink != nullptr && *state->sink && code >= 200 && code < 300) {
    state->sink_status = (*state->sink)(std::string_view(data, bytes));
    return state->sink_status.ok() ? bytes : 0;
  }
  state->response->body.append(data, bytes);
  return bytes;
}

size_t OnRead(char* buffer, size_t size, size_t n, void* user) {
  auto* state = static_cast<TransferState*>(user);
  auto read = state->upload->Read(MutableByteView(reinterpret_cast<uint8_t*>(buffer), size * n));
  if (!read.ok()) {
    state->upload_status = read.status();
    return CURL_READFUNC_ABORT;
  }
  return *read;
}

class UnixSocketTransport : public Transport {
 public:
  explicit UnixSocketTransport(std::string socket_path) : socket_path_(std::move(socket_path)) {}

  std::string Endpoint() const override { return "unix://" + socket_path_; }

  StatusOr<Response> Send(const Request& request, const ChunkSink& sink) override {
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) return InternalError("libcurl: cannot create a handle");
    Response response;
    TransferState state{curl.get(), &sink, &response, Status::Ok(), request.body_stream, Status::Ok()};
    std::unique_ptr<curl_slist, SlistDeleter> headers;
    std::string url = kApiPrefix + request.target;
    char error[CURL_ERROR_SIZE] = {0};
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, socket_path_.c_str());
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnData);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &state);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    if (request.timeout_seconds > 0) curl_easy_setopt(c, CURLOPT_TIMEOUT, request.timeout_seconds);
    if (!request.content_type.empty()) {
      headers.reset(curl_slist_append(nullptr, ("Content-Type: " + request.content_type).c_str()));
      curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    }
    if (request.body_stream != nullptr) {
      curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
      curl_easy_setopt(c, CURLOPT_READFUNCTION, OnRead);
      curl_easy_setopt(c, CURLOPT_READDATA, &state);
      curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.body_size));
    } else if (!request.body.empty() || request.method == "POST") {
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.c_str());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
    CURLcode rc = curl_easy_perform(c);
    if (!state.sink_status.ok()) return state.sink_status;
    if (!state.upload_status.ok()) return state.upload_status;
    if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST) {
      return FailedPreconditionError("cannot reach the Docker engine at " + Endpoint() +
                                     ": is dockerd running? (" + (error[0] ? error : curl_easy_strerror(rc)) + ")");
    }
    if (rc == CURLE_OPERATION_TIMEDOUT) {
      return DeadlineExceededError("the Docker engine at " + Endpoint() + " did not answer in time");
    }
    if (rc != CURLE_OK) {
      return UnavailableError("Docker engine at " + Endpoint() + ": " + (error[0] ? error : curl_easy_strerror(rc)));
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
  }

 private:
  std::string socket_path_;
};

}  // namespace

StatusOr<std::string> SocketPathFromDockerHost(const char* docker_host) {
  if (docker_host == nullptr || *docker_host == '\0') return std::string("/var/run/docker.sock");
  std::string host = docker_host;
  if (host.rfind("unix://", 0) == 0 && host.size() > 7) return host.substr(7);
  return InvalidArgumentError("DOCKER_HOST=" + host +
                              " is not supported: mse talks to a local engine through unix:///path/to/docker.sock");
}

std::unique_ptr<Transport> NewUnixSocketTransport(std::string socket_path) {
  return std::make_unique<UnixSocketTransport>(std::move(socket_path));
}

}  // namespace mse::docker
