#include "cloud/client/log_stream.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <mutex>

namespace mse::cloud {
namespace {

constexpr size_t kMaxErrorBody = 64 * 1024;

struct StreamState {
  CURL* curl = nullptr;
  const std::function<void(std::string_view)>* sink = nullptr;
  StreamResult result;
  bool status_known = false;
};

size_t OnData(char* data, size_t size, size_t count, void* user) {
  auto* state = static_cast<StreamState*>(user);
  const size_t n = size * count;
  if (!state->status_known) {
    curl_easy_getinfo(state->curl, CURLINFO_RESPONSE_CODE, &state->result.status);
    state->status_known = true;
  }
  if (state->result.status >= 200 && state->result.status < 300) {
    (*state->sink)(std::string_view(data, n));
  } else if (state->result.error_body.size() < kMaxErrorBody) {
    state->result.error_body.append(data, std::min(n, kMaxErrorBody - state->result.error_body.size()));
  }
  return n;
}

}  // namespace

StatusOr<StreamResult> StreamGet(const StreamRequest& request,
                                 const std::function<void(std::string_view)>& sink) {
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (curl == nullptr) return InternalError("curl_easy_init failed");
  StreamState state;
  state.curl = curl.get();
  state.sink = &sink;
  char error[CURL_ERROR_SIZE] = {0};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(request.connect_timeout.count()));  // NOLINT
  if (request.idle_timeout.count() > 0) {
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, static_cast<long>(request.idle_timeout.count()));  // NOLINT
  }
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnData);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &state);
  struct curl_slist* headers = nullptr;
  for (const auto& [name, value] : request.headers)
    headers = curl_slist_append(headers, (name + ": " + value).c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  const CURLcode code = curl_easy_perform(c);
  curl_slist_free_all(headers);
  if (code != CURLE_OK) {
    std::string detail = error[0] != 0 ? error : curl_easy_strerror(code);
    if (code == CURLE_OPERATION_TIMEDOUT)
      return DeadlineExceededError("timeout reading " + request.url + ": " + detail);
    return UnavailableError("cannot reach " + request.url + ": " + detail);
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &state.result.status);
  return std::move(state.result);
}

}  // namespace mse::cloud
