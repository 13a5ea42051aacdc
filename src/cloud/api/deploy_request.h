// The `conf` part of `POST /apps` (formats.md §3.5), validated completely
// before anything is stored, and the app's domain names
// (docs/cloud-backend.md, "Domains").
#ifndef MSE_CLOUD_API_DEPLOY_REQUEST_H_
#define MSE_CLOUD_API_DEPLOY_REQUEST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/status.h"

namespace mse::cloud::api {

struct DeployRequest {
  std::string name;
  std::string project;  // name (or id) of one of the caller's projects
  bool dev_mode = false;
  std::string healthcheck_endpoint;
  std::string python_application;
  std::optional<int64_t> expires_at;  // Unix seconds
  std::optional<std::string> ssl_certificate;  // owner mode: the chain (PEM)
  std::optional<std::string> domain_name;      // owner mode
  std::string hardware;
  std::string docker;

  // self | owner | operator (cloud.md §1.9: owner if a certificate is sent,
  // else operator if dev_mode, else self).
  std::string CertificateOrigin() const;
};

// InvalidArgument with a one-line reason naming the member.
StatusOr<DeployRequest> ParseDeployRequest(std::string_view json);

// "You shouldn't use latest tag for the docker image" for `x`, `x:latest`.
Status CheckDockerTag(std::string_view docker);

// `<16 hex>.<base_domain>`: the first 8 bytes of HMAC-SHA256(secret,
// project ‖ 0 ‖ name ‖ 0 ‖ purpose), so redeploys keep their names.
std::string AppDomain(ByteView secret, std::string_view project_id, std::string_view app_name,
                      std::string_view purpose, std::string_view base_domain);

}  // namespace mse::cloud::api

#endif  // MSE_CLOUD_API_DEPLOY_REQUEST_H_
