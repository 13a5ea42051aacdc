// The body of `POST /apps` (spec/formats.md §3.5, §18; quirk Q-81): the
// deployment's `conf` JSON and the multipart/form-data envelope around it
// and the encrypted code tar, laid out as the original CLI's HTTP library
// writes them so that either backend accepts either client.
#ifndef MSE_CLOUD_CLIENT_DEPLOY_REQUEST_H_
#define MSE_CLOUD_CLIENT_DEPLOY_REQUEST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.h"

namespace mse::cloud {

struct DeployConf {
  std::string name;
  std::string project;  // the project's name
  bool dev_mode = false;
  std::string healthcheck_endpoint;
  std::string python_application;
  std::optional<int64_t> expires_at_us;        // null when absent
  std::optional<std::string> ssl_certificate;  // owner mode: the certificate file's text
  std::optional<std::string> domain_name;      // owner mode: [cloud.ssl].domain_name
  std::string hardware;
  std::string docker;
};

// Compact-Python JSON, keys in the order of §3.5; `expires_at` as
// YYYY-MM-DDTHH:MM:SS.ffffffZ (UTC, 6 digits) or null.
std::string DeployConfJson(const DeployConf& conf);

struct MultipartBody {
  std::string content_type;  // "multipart/form-data; boundary=<boundary>"
  std::string body;
};

// Two parts, CRLF line ends:
//   --B / Content-Disposition: form-data; name="code"; filename="app.tar" /
//   Content-Type: application/tar / Expires: 0 / (empty) / <tar>
//   --B / Content-Disposition: form-data; name="conf" /
//   Content-Type: application/json / (empty) / <conf>
//   --B--
// `boundary` must not occur in the data: use NewBoundary.
MultipartBody BuildDeployMultipart(std::string_view boundary, ByteView app_tar, std::string_view conf_json);

// 32 lowercase hex digits from 16 bytes of `random_bytes`.
std::string BoundaryFromBytes(ByteView random_bytes);

}  // namespace mse::cloud

#endif  // MSE_CLOUD_CLIENT_DEPLOY_REQUEST_H_
