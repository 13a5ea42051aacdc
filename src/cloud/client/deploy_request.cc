#include "cloud/client/deploy_request.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "base/encoding.h"
#include "format/json_writer.h"
#include "format/timestamp.h"

namespace mse::cloud {
namespace {

using Json = nlohmann::ordered_json;

template <typename T>
Json OrNull(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

}  // namespace

std::string DeployConfJson(const DeployConf& conf) {
  Json j = Json::object();
  j["name"] = conf.name;
  j["project"] = conf.project;
  j["dev_mode"] = conf.dev_mode;
  j["healthcheck_endpoint"] = conf.healthcheck_endpoint;
  j["python_application"] = conf.python_application;
  j["expires_at"] = conf.expires_at_us ? Json(format::FormatUtcIso(*conf.expires_at_us)) : Json(nullptr);
  j["ssl_certificate"] = OrNull(conf.ssl_certificate);
  j["domain_name"] = OrNull(conf.domain_name);
  j["hardware"] = conf.hardware;
  j["docker"] = conf.docker;
  return format::DumpCompactPython(j);
}

MultipartBody BuildDeployMultipart(std::string_view boundary, ByteView app_tar, std::string_view conf_json) {
  const std::string dash = "--" + std::string(boundary);
  MultipartBody out;
  out.content_type = "multipart/form-data; boundary=" + std::string(boundary);
  std::string& b = out.body;
  b.reserve(app_tar.size() + conf_json.size() + 512);
  b += dash + "\r\n";
  b += "Content-Disposition: form-data; name=\"code\"; filename=\"app.tar\"\r\n";
  b += "Content-Type: application/tar\r\n";
  b += "Expires: 0\r\n\r\n";
  b += AsStringView(app_tar);
  b += "\r\n" + dash + "\r\n";
  b += "Content-Disposition: form-data; name=\"conf\"\r\n";
  b += "Content-Type: application/json\r\n\r\n";
  b += conf_json;
  b += "\r\n" + dash + "--\r\n";
  return out;
}

std::string BoundaryFromBytes(ByteView random_bytes) {
  return HexEncode(random_bytes.subspan(0, std::min<size_t>(16, random_bytes.size())));
}

}  // namespace mse::cloud
