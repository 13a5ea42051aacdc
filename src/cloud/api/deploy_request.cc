#include "cloud/api/deploy_request.h"

#include <nlohmann/json.hpp>

#include "base/encoding.h"
#include "crypto/hash.h"
#include "format/timestamp.h"

namespace mse::cloud::api {
namespace {

using Json = nlohmann::json;

Status Bad(const std::string& what) { return InvalidArgumentError("deployment configuration: " + what); }

StatusOr<std::string> Text(const Json& j, const char* key, size_t min, size_t max) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return Bad("`" + std::string(key) + "` must be a string");
  std::string value = it->get<std::string>();
  if (value.size() < min || value.size() > max) {
    return Bad("`" + std::string(key) + "` must be " + std::to_string(min) + " to " + std::to_string(max) +
               " characters long");
  }
  return value;
}

StatusOr<std::optional<std::string>> OptionalText(const Json& j, const char* key, size_t max) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string() || it->get<std::string>().empty() || it->get<std::string>().size() > max) {
    return Bad("`" + std::string(key) + "` must be null or a string of at most " + std::to_string(max) + " bytes");
  }
  return std::optional<std::string>(it->get<std::string>());
}

Status CheckApplication(const std::string& application) {
  size_t colon = application.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == application.size() ||
      application.find(':', colon + 1) != std::string::npos) {
    return Bad("`python_application` is malformed. Expected format: `module:variable`");
  }
  return Status::Ok();
}

bool IsDnsName(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  size_t label = 0;
  for (char c : name) {
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '*') {
      if (++label > 63) return false;
    } else {
      return false;
    }
  }
  return label > 0;
}

StatusOr<std::optional<int64_t>> ExpiresAt(const Json& j) {
  auto it = j.find("expires_at");
  if (it == j.end() || it->is_null()) return std::optional<int64_t>();
  if (!it->is_string()) return Bad("`expires_at` must be null or a UTC date-time string");
  auto t = format::ParseIsoTimestamp(it->get<std::string>());
  if (!t.ok() || !t->utc_offset_minutes) return Bad("`expires_at` must be an ISO-8601 date-time with its offset");
  return std::optional<int64_t>(t->unix_seconds());
}

}  // namespace

std::string DeployRequest::CertificateOrigin() const {
  if (ssl_certificate) return "owner";
  return dev_mode ? "operator" : "self";
}

Status CheckDockerTag(std::string_view docker) {
  const size_t slash = docker.rfind('/');
  const size_t colon = docker.rfind(':');
  const bool has_tag = colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash);
  if (!has_tag || docker.substr(colon + 1) == "latest") {
    return InvalidArgumentError("You shouldn't use latest tag for the docker image");
  }
  return Status::Ok();
}

StatusOr<DeployRequest> ParseDeployRequest(std::string_view json) {
  Json j = Json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return Bad("the `conf` part is not a JSON object");
  DeployRequest r;
  MSE_ASSIGN_OR_RETURN(r.name, Text(j, "name", 1, 255));
  MSE_ASSIGN_OR_RETURN(r.project, Text(j, "project", 1, 255));
  auto dev = j.find("dev_mode");
  if (dev != j.end() && !dev->is_boolean()) return Bad("`dev_mode` must be true or false");
  r.dev_mode = dev != j.end() && dev->get<bool>();
  MSE_ASSIGN_OR_RETURN(r.healthcheck_endpoint, Text(j, "healthcheck_endpoint", 1, 255));
  if (r.healthcheck_endpoint.front() != '/') return Bad("healthcheck_endpoint should start with a \"/\"");
  MSE_ASSIGN_OR_RETURN(r.python_application, Text(j, "python_application", 1, 255));
  MSE_RETURN_IF_ERROR(CheckApplication(r.python_application));
  MSE_ASSIGN_OR_RETURN(r.expires_at, ExpiresAt(j));
  MSE_ASSIGN_OR_RETURN(r.ssl_certificate, OptionalText(j, "ssl_certificate", 64 * 1024));
  MSE_ASSIGN_OR_RETURN(r.domain_name, OptionalText(j, "domain_name", 253));
  if (r.ssl_certificate.has_value() != r.domain_name.has_value()) {
    return Bad("`ssl_certificate` and `domain_name` go together (owner-certificate mode)");
  }
  if (r.domain_name && !IsDnsName(*r.domain_name)) return Bad("`domain_name` is not a DNS name");
  MSE_ASSIGN_OR_RETURN(r.hardware, Text(j, "hardware", 1, 16));
  MSE_ASSIGN_OR_RETURN(r.docker, Text(j, "docker", 1, 512));
  return r;
}

std::string AppDomain(ByteView secret, std::string_view project_id, std::string_view app_name,
                      std::string_view purpose, std::string_view base_domain) {
  std::string message;
  message.append(project_id).push_back('\0');
  message.append(app_name).push_back('\0');
  message.append(purpose);
  auto mac = crypto::HmacSha256(secret, AsBytes(message));
  return HexEncode(ByteView(mac.data(), 8)) + "." + std::string(base_domain);
}

}  // namespace mse::cloud::api
