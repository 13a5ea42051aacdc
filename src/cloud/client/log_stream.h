// A streamed HTTP GET for `GET /apps/{id}/logs?follow=1`, whose chunked
// text body lasts until the app stops: chunks are handed over as they
// arrive (net::HttpClient buffers whole bodies). libcurl underneath.
#ifndef MSE_CLOUD_CLIENT_LOG_STREAM_H_
#define MSE_CLOUD_CLIENT_LOG_STREAM_H_

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace mse::cloud {

struct StreamRequest {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds connect_timeout{30'000};
  // Give up when nothing arrives for this long (0: never).
  std::chrono::seconds idle_timeout{0};
};

struct StreamResult {
  long status = 0;         // NOLINT(runtime/int): libcurl's type
  std::string error_body;  // the body of a non-2xx answer (at most 64 kB)
};

// For a 2xx answer the body goes to `sink` chunk by chunk; otherwise it is
// kept in error_body. Fails with Unavailable "cannot reach <url>: …" or
// DeadlineExceeded when the transfer breaks.
StatusOr<StreamResult> StreamGet(const StreamRequest& request,
                                 const std::function<void(std::string_view)>& sink);

}  // namespace mse::cloud

#endif  // MSE_CLOUD_CLIENT_LOG_STREAM_H_
