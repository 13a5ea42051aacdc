// Engine: images and containers over the Docker Engine API v1.41.
#include "docker/engine.h"

#include <curl/curl.h>

#include <nlohmann/json.hpp>

namespace mse::docker {
namespace {

using nlohmann::json;

std::string Escape(const std::string& text) {
  char* escaped = curl_easy_escape(nullptr, text.c_str(), static_cast<int>(text.size()));
  std::string out = escaped ? escaped : "";
  curl_free(escaped);
  return out;
}

json SpecToJson(const ContainerSpec& spec) {
  json body = {{"Image", spec.image}, {"Cmd", spec.cmd}, {"Env", spec.env}, {"Labels", spec.labels}};
  if (!spec.entrypoint.empty()) body["Entrypoint"] = spec.entrypoint;
  json host = json::object();
  json binds = json::array();
  for (const auto& m : spec.mounts) binds.push_back(m.source + ":" + m.destination + (m.read_only ? ":ro" : ""));
  host["Binds"] = binds;
  json devices = json::array();
  for (const auto& d : spec.devices) {
    devices.push_back({{"PathOnHost", d}, {"PathInContainer", d}, {"CgroupPermissions", "rwm"}});
  }
  host["Devices"] = devices;
  if (!spec.network_mode.empty()) host["NetworkMode"] = spec.network_mode;
  json exposed = json::object();
  json bindings = json::object();
  for (const auto& p : spec.ports) {
    exposed[p.container_port] = json::object();
    bindings[p.container_port] = json::array({{{"HostIp", p.host_ip}, {"HostPort", p.host_port}}});
  }
  if (!spec.ports.empty()) {
    body["ExposedPorts"] = exposed;
    host["PortBindings"] = bindings;
  }
  body["HostConfig"] = host;
  return body;
}

std::vector<std::string> StringList(const json& j) {
  std::vector<std::string> out;
  if (j.is_array()) {
    for (const auto& v : j) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
  }
  return out;
}

// The member `key` of `j`, or null when absent: no temporaries to iterate.
const json& Member(const json& j, const char* key) {
  static const json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

void CopyLabels(const json& labels, std::map<std::string, std::string>& out) {
  if (!labels.is_object()) return;
  for (auto it = labels.begin(); it != labels.end(); ++it) {
    if (it->is_string()) out[it.key()] = it->get<std::string>();
  }
}

std::string Str(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

ContainerInfo InfoFromInspect(const json& j) {
  ContainerInfo info;
  info.id = Str(j, "Id");
  info.name = Str(j, "Name");
  if (!info.name.empty() && info.name[0] == '/') info.name.erase(0, 1);
  const json& config = Member(j, "Config");
  info.image = Str(config, "Image");
  info.cmd = StringList(Member(config, "Cmd"));
  CopyLabels(Member(config, "Labels"), info.labels);
  const json& state = Member(j, "State");
  info.state = Str(state, "Status");
  info.running = Member(state, "Running").is_boolean() && Member(state, "Running").get<bool>();
  info.exit_code = Member(state, "ExitCode").is_number() ? Member(state, "ExitCode").get<int64_t>() : 0;
  info.started_at = Str(state, "StartedAt");
  const json& mounts = Member(j, "Mounts");
  if (mounts.is_array()) {
    for (const auto& m : mounts) {
      bool rw = !Member(m, "RW").is_boolean() || Member(m, "RW").get<bool>();
      info.mounts.push_back(Mount{Str(m, "Source"), Str(m, "Destination"), !rw});
    }
  }
  const json& host = Member(j, "HostConfig");
  info.network_mode = Str(host, "NetworkMode");
  const json& bindings = Member(host, "PortBindings");
  if (bindings.is_object()) {
    for (auto it = bindings.begin(); it != bindings.end(); ++it) {
      if (it->is_array() && !it->empty()) {
        info.ports.push_back(PortBinding{it.key(), Str((*it)[0], "HostIp"), Str((*it)[0], "HostPort")});
      }
    }
  }
  return info;
}

ContainerInfo InfoFromList(const json& j) {
  ContainerInfo info;
  info.id = Str(j, "Id");
  auto names = StringList(Member(j, "Names"));
  if (!names.empty()) info.name = names[0].substr(names[0].rfind('/') + 1);
  info.image = Str(j, "Image");
  info.state = Str(j, "State");
  info.running = info.state == "running";
  CopyLabels(Member(j, "Labels"), info.labels);
  return info;
}

StatusOr<json> ParseJson(const std::string& body, const std::string& what) {
  try {
    return json::parse(body);
  } catch (const json::exception& e) {
    return DataLossError("Docker engine sent an unreadable answer to " + what + ": " + e.what());
  }
}

}  // namespace

StatusOr<Response> Engine::Call(Request request, const ChunkSink& sink) {
  MSE_ASSIGN_OR_RETURN(Response response, transport().Send(request, sink));
  if (response.status < 200 || response.status >= 300) return EngineError(response.status, response.body);
  return response;
}

Status Engine::Ping() { return Call({.method = "GET", .target = "/_ping", .timeout_seconds = 10}).status(); }

Status Engine::BuildImage(ReadableFile& context, uint64_t size, const std::string& tag,
                          const std::string& dockerfile, const ProgressLine& progress) {
  JsonMessageStream stream(progress);
  Request request{.method = "POST",
                  .target = "/build?t=" + Escape(tag) + "&dockerfile=" + Escape(dockerfile) +
                            "&rm=1&forcerm=1&networkmode=host",
                  .content_type = "application/x-tar",
                  .body_stream = &context,
                  .body_size = size};
  MSE_RETURN_IF_ERROR(Call(request, [&](std::string_view chunk) { return stream.Feed(chunk); }).status());
  return stream.Finish();
}

Status Engine::SaveImage(const std::string& image, WritableFile& out, uint64_t* bytes_written) {
  uint64_t total = 0;
  Request request{.method = "GET", .target = "/images/" + Escape(image) + "/get"};
  MSE_RETURN_IF_ERROR(Call(request, [&](std::string_view chunk) {
                        total += chunk.size();
                        return out.Append(AsBytes(chunk));
                      }).status());
  if (bytes_written != nullptr) *bytes_written = total;
  return Status::Ok();
}

StatusOr<std::vector<std::string>> Engine::LoadImage(ReadableFile& archive, uint64_t size,
                                                     const ProgressLine& progress) {
  JsonMessageStream stream(progress);
  Request request{.method = "POST", .target = "/images/load?quiet=0", .content_type = "application/x-tar",
                  .body_stream = &archive, .body_size = size};
  MSE_RETURN_IF_ERROR(Call(request, [&](std::string_view chunk) { return stream.Feed(chunk); }).status());
  MSE_RETURN_IF_ERROR(stream.Finish());
  return stream.loaded_images();
}

StatusOr<bool> Engine::ImageExists(const std::string& image) {
  auto response = Call({.method = "GET", .target = "/images/" + Escape(image) + "/json", .timeout_seconds = 30});
  if (response.ok()) return true;
  if (response.status().code() == StatusCode::kNotFound) return false;
  return response.status();
}

StatusOr<ImageInfo> Engine::InspectImage(const std::string& image) {
  MSE_ASSIGN_OR_RETURN(Response response,
                       Call({.method = "GET", .target = "/images/" + Escape(image) + "/json", .timeout_seconds = 30}));
  MSE_ASSIGN_OR_RETURN(json body, ParseJson(response.body, "image inspection"));
  ImageInfo info;
  info.id = Str(body, "Id");
  if (info.id.empty()) return DataLossError("Docker engine described image " + image + " without an id");
  auto tags = body.find("RepoTags");
  if (tags != body.end() && tags->is_array()) {
    for (const json& tag : *tags) {
      if (tag.is_string()) info.repo_tags.push_back(tag.get<std::string>());
    }
  }
  auto size = body.find("Size");
  if (size != body.end() && size->is_number_integer()) info.size = size->get<int64_t>();
  return info;
}

Status Engine::RemoveImage(const std::string& image) {
  return Call({.method = "DELETE", .target = "/images/" + Escape(image) + "?force=1", .timeout_seconds = 60})
      .status();
}

StatusOr<std::string> Engine::CreateContainer(const ContainerSpec& spec) {
  Request request{.method = "POST", .target = "/containers/create?name=" + Escape(spec.name),
                  .content_type = "application/json", .body = SpecToJson(spec).dump(), .timeout_seconds = 60};
  MSE_ASSIGN_OR_RETURN(Response response, Call(request));
  MSE_ASSIGN_OR_RETURN(json body, ParseJson(response.body, "container creation"));
  std::string id = Str(body, "Id");
  if (id.empty()) return DataLossError("Docker engine created a container without an id");
  return id;
}

Status Engine::StartContainer(const std::string& id) {
  return Call({.method = "POST", .target = "/containers/" + Escape(id) + "/start", .timeout_seconds = 60})
      .status();
}

Status Engine::StopContainer(const std::string& id, int timeout_seconds) {
  auto r = Call({.method = "POST", .target = "/containers/" + Escape(id) + "/stop?t=" + std::to_string(timeout_seconds),
                 .timeout_seconds = timeout_seconds + 60});
  if (!r.ok() && r.status().code() == StatusCode::kFailedPrecondition) return Status::Ok();  // 304: already stopped
  return r.status();
}

Status Engine::RestartContainer(const std::string& id, int timeout_seconds) {
  return Call({.method = "POST",
               .target = "/containers/" + Escape(id) + "/restart?t=" + std::to_string(timeout_seconds),
               .timeout_seconds = timeout_seconds + 60})
      .status();
}

Status Engine::RemoveContainer(const std::string& id, bool force) {
  return Call({.method = "DELETE", .target = "/containers/" + Escape(id) + (force ? "?force=1" : ""),
               .timeout_seconds = 60})
      .status();
}

StatusOr<ContainerInfo> Engine::InspectContainer(const std::string& name_or_id) {
  auto response = Call({.method = "GET", .target = "/containers/" + Escape(name_or_id) + "/json", .timeout_seconds = 30});
  if (!response.ok()) {
    if (response.status().code() == StatusCode::kNotFound) {
      return NotFoundError("no container named '" + name_or_id + "'");
    }
    return response.status();
  }
  MSE_ASSIGN_OR_RETURN(json body, ParseJson(response->body, "container inspection"));
  return InfoFromInspect(body);
}

StatusOr<std::vector<ContainerInfo>> Engine::ListContainers(const std::string& label) {
  json filters = {{"label", json::array({label})}};
  MSE_ASSIGN_OR_RETURN(Response response,
                       Call({.method = "GET", .target = "/containers/json?all=1&filters=" + Escape(filters.dump()),
                             .timeout_seconds = 30}));
  MSE_ASSIGN_OR_RETURN(json body, ParseJson(response.body, "container listing"));
  std::vector<ContainerInfo> out;
  if (!body.is_array()) return DataLossError("Docker engine sent a container list that is not a list");
  for (const auto& c : body) out.push_back(InfoFromList(c));
  return out;
}

Status Engine::Logs(const std::string& id, bool follow, int tail, const ChunkSink& sink) {
  LogDemuxer demux(sink);
  std::string target = "/containers/" + Escape(id) + "/logs?stdout=1&stderr=1&follow=" + (follow ? "1" : "0") +
                       "&tail=" + (tail < 0 ? std::string("all") : std::to_string(tail));
  return Call({.method = "GET", .target = target}, [&](std::string_view chunk) { return demux.Feed(chunk); })
      .status();
}

StatusOr<int64_t> Engine::WaitContainer(const std::string& id) {
  MSE_ASSIGN_OR_RETURN(Response response, Call({.method = "POST", .target = "/containers/" + Escape(id) + "/wait"}));
  MSE_ASSIGN_OR_RETURN(json body, ParseJson(response.body, "container wait"));
  const json& code = Member(body, "StatusCode");
  return code.is_number() ? code.get<int64_t>() : int64_t{-1};
}

}  // namespace mse::docker
