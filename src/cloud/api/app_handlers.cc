// The apps endpoints: create (multipart upload), list, get, stop, delete,
// logs (with follow) and metrics.
#include <nlohmann/json.hpp>

#include "base/encoding.h"
#include "cloud/api/api_handler.h"
#include "cloud/api/log_stream.h"
#include "cloud/api/multipart.h"
#include "format/tar.h"
#include "format/uuid.h"

namespace mse::cloud::api {
namespace {

constexpr int kMaxFollows = 8;

std::optional<int64_t> Micros(const std::optional<int64_t>& seconds) {
  return seconds ? std::optional<int64_t>(*seconds * 1'000'000) : std::nullopt;
}

// The `code` and `conf` parts, each exactly once.
struct Upload {
  std::string_view code;
  std::string_view conf;
};

StatusOr<Upload> SplitUpload(const net::ServerRequest& request) {
  auto content_type = request.Header("Content-Type");
  if (!content_type) return InvalidArgumentError("POST /apps needs a multipart/form-data body (parts code and conf)");
  MSE_ASSIGN_OR_RETURN(std::string boundary, MultipartBoundary(*content_type));
  MSE_ASSIGN_OR_RETURN(auto parts, ParseMultipart(request.body, boundary));
  Upload upload;
  int code = 0, conf = 0;
  for (const MultipartPart& part : parts) {
    if (part.name == "code") upload.code = part.body, ++code;
    if (part.name == "conf") upload.conf = part.body, ++conf;
  }
  if (code != 1 || conf != 1) {
    return InvalidArgumentError("POST /apps needs exactly one `code` part (app.tar) and one `conf` part (JSON)");
  }
  return upload;
}

}  // namespace

api::App ApiHandler::Model(const cloud::App& a) const {
  api::App m;
  m.id = a.id;
  m.name = a.name;
  m.project_id = a.project_id;
  m.owner_id = a.owner_id;
  m.domain_name = a.domain_name;
  m.config_domain_name = a.config_domain_name;
  m.docker = a.docker;
  m.created_at_us = a.created_at_us;
  m.ready_at_us = Micros(a.ready_at);
  m.stopped_at_us = Micros(a.stopped_at);
  m.status = std::string(AppStatusName(a.status));
  m.hardware_name = a.hardware_name;
  m.ssl_certificate_origin = a.ssl_certificate_origin;
  m.expires_at_us = a.expires_at * 1'000'000;
  m.python_application = a.python_application;
  m.healthcheck_endpoint = a.healthcheck_endpoint;
  m.docker_digest = a.docker_digest;
  m.enclave_size = a.enclave_size_mb;
  if (!a.status_reason.empty()) m.status_reason = a.status_reason;
  m.router_port = options_.router_port;
  return m;
}

StatusOr<cloud::App> ApiHandler::OwnedApp(const Call& call, const std::string& id) {
  auto app = deps_.store->GetApp(id);
  if (!app.ok() || app->owner_id != call.user_id) return NotFoundError("Cannot find the app with id " + id);
  return app;
}

StatusOr<cloud::App> ApiHandler::NewApp(const Call& call, const DeployRequest& r) {
  auto project = deps_.store->GetProjectByName(call.user_id, r.project);
  if (!project.ok()) project = deps_.store->GetProject(call.user_id, r.project);
  if (!project.ok()) return NotFoundError("Project " + r.project + " does not exist");
  MSE_ASSIGN_OR_RETURN(cloud::Hardware hardware, deps_.store->GetHardware(r.hardware));
  MSE_RETURN_IF_ERROR(CheckDockerTag(r.docker));
  auto image = deps_.store->GetImage(r.docker);
  if (!image.ok()) return PermissionDeniedError("Docker `" + r.docker + "` is not approved or supported yet.");
  const int64_t now = deps_.env.clock->NowUnixSeconds();
  cloud::App a;
  a.expires_at = r.expires_at.value_or(now + options_.default_lifetime_seconds);
  if (a.expires_at <= now) return InvalidArgumentError("`expires_at` is in the past");
  a.id = format::NewRandomUuid(*deps_.env.random);
  a.owner_id = call.user_id;
  a.project_id = project->id;
  a.name = r.name;
  a.ssl_certificate_origin = r.CertificateOrigin();
  const ByteView secret = AsBytes(options_.domain_secret);
  const std::string& mode = a.ssl_certificate_origin;
  a.config_domain_name = AppDomain(secret, a.project_id, a.name, mode == "self" ? "self" : mode + "-config",
                                   options_.base_domain);
  a.domain_name = mode == "owner"      ? *r.domain_name
                  : mode == "operator" ? AppDomain(secret, a.project_id, a.name, "operator", options_.base_domain)
                                       : a.config_domain_name;
  a.docker = r.docker;
  a.docker_digest = image->digest;
  a.hardware_name = hardware.name;
  a.enclave_size_mb = hardware.enclave_size_mb;
  a.python_application = r.python_application;
  a.healthcheck_endpoint = r.healthcheck_endpoint;
  a.ssl_certificate = r.ssl_certificate.value_or("");
  a.dev_mode = mode == "operator";
  a.created_at_us = deps_.env.clock->NowUnixNanos() / 1000;
  return a;
}

net::ServerResponse ApiHandler::CreateApp(const Call& call) {
  if (call.request.body.size() > options_.max_upload_bytes) {
    return ErrorResponse(413, "the upload is larger than this backend's limit of " +
                                  std::to_string(options_.max_upload_bytes) + " bytes");
  }
  auto upload = SplitUpload(call.request);
  if (!upload.ok()) return ResponseFor(upload.status());
  auto request = ParseDeployRequest(upload->conf);
  if (!request.ok()) return ResponseFor(request.status());
  format::ExtractLimits limits;
  limits.max_total_size = options_.max_upload_bytes;
  limits.max_members = 100'000;
  auto members = format::ValidateTarInMemory(upload->code, "the `code` part (app.tar)", limits);
  if (!members.ok()) return ResponseFor(InvalidArgumentError(members.status().message()));
  auto app = NewApp(call, *request);
  if (!app.ok()) return ResponseFor(app.status());
  auto hardware = deps_.store->GetHardware(app->hardware_name);
  if (!hardware.ok()) return ResponseFor(hardware.status());
  if (Status saved = deps_.lifecycle->files().SaveCode(app->id, upload->code); !saved.ok()) {
    (void)deps_.lifecycle->files().RemoveAll(app->id);
    return ResponseFor(saved);
  }
  Status added = deps_.store->AddApp(*app, hardware->units);
  if (!added.ok()) {
    (void)deps_.lifecycle->files().RemoveAll(app->id);
    if (added.code() == StatusCode::kOutOfRange) {
      return ErrorResponse(409, "Project `" + request->project + "` has not enough hardware available `" +
                                    app->hardware_name + "` to spawn app named `" + app->name + "`");
    }
    if (added.code() == StatusCode::kAlreadyExists) {
      return ErrorResponse(409, "An app named `" + app->name + "` is already live in project `" + request->project +
                                    "`: stop it first");
    }
    return ResponseFor(added);
  }
  ++apps_created_;
  deps_.lifecycle->Wake();
  return JsonResponse(201, ToJson(Model(*app)));
}

net::ServerResponse ApiHandler::ListApps(const Call& call) {
  AppFilter filter;
  filter.owner_id = call.user_id;
  filter.project_id = call.Query("project");
  filter.name = call.Query("name");
  if (auto statuses = call.Query("status")) {
    for (size_t pos = 0; pos <= statuses->size();) {
      size_t comma = statuses->find(',', pos);
      if (comma == std::string::npos) comma = statuses->size();
      auto status = ParseAppStatus(statuses->substr(pos, comma - pos));
      if (!status.ok()) return ResponseFor(status.status());
      filter.statuses.push_back(*status);
      pos = comma + 1;
    }
  }
  auto apps = deps_.store->ListApps(filter);
  if (!apps.ok()) return ResponseFor(apps.status());
  std::vector<std::string> items;
  for (const cloud::App& a : *apps) {
    api::App m = Model(a);
    items.push_back(ToJson(api::PartialApp{m.id, m.name, m.domain_name, m.created_at_us, m.ready_at_us,
                                           m.stopped_at_us, m.status, m.hardware_name}));
  }
  return JsonResponse(200, JsonArray(items));
}

net::ServerResponse ApiHandler::GetApp(const Call& call, const std::string& id) {
  auto app = OwnedApp(call, id);
  if (!app.ok()) return ResponseFor(app.status());
  return JsonResponse(200, ToJson(Model(*app)));
}

net::ServerResponse ApiHandler::StopApp(const Call& call, const std::string& id) {
  auto app = OwnedApp(call, id);
  if (!app.ok()) return ResponseFor(app.status());
  Status stopped = deps_.lifecycle->StopApp(id, "stopped by its owner");
  if (!stopped.ok()) return ResponseFor(stopped);
  auto after = deps_.store->GetApp(id);
  if (!after.ok()) return ResponseFor(after.status());
  return JsonResponse(200, ToJson(Model(*after)));
}

net::ServerResponse ApiHandler::DeleteApp(const Call& call, const std::string& id) {
  auto app = OwnedApp(call, id);
  if (!app.ok()) return ResponseFor(app.status());
  Status stopped = deps_.lifecycle->StopApp(id, "deleted by its owner");
  if (!stopped.ok()) return ResponseFor(stopped);
  Status deleted = deps_.store->DeleteApp(id);
  if (!deleted.ok()) return ResponseFor(deleted);
  (void)deps_.lifecycle->files().RemoveAll(id);
  net::ServerResponse r;
  r.status = 204;
  return r;
}

net::ServerResponse ApiHandler::AppLogs(const Call& call, const std::string& id) {
  auto app = OwnedApp(call, id);
  if (!app.ok()) return ResponseFor(app.status());
  auto follow = call.Query("follow");
  if (!follow || *follow == "0" || *follow == "false") {
    std::string text;
    Status st = deps_.lifecycle->Logs(*app, false, [&text](std::string_view chunk) {
      text.append(chunk);
      return Status::Ok();
    });
    if (!st.ok()) return ResponseFor(st);
    return JsonResponse(200, nlohmann::json{{"stdout", text}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  if (++follows_ > kMaxFollows) {
    --follows_;
    return ErrorResponse(429, "too many log streams are open; try again later");
  }
  Lifecycle* lifecycle = deps_.lifecycle;
  auto stream = LogStream::Start([lifecycle, app = *app](const LogSink& sink) {
    return lifecycle->Logs(app, /*follow=*/true, sink);
  });
  net::ServerResponse r;
  r.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  r.headers.emplace_back("Cache-Control", "no-store");
  auto release = std::shared_ptr<void>(nullptr, [this](void*) { --follows_; });
  r.stream = [producer = stream->Producer(), release]() { return producer(); };
  return r;
}

net::ServerResponse ApiHandler::AppMetrics(const Call& call, const std::string& id) {
  auto app = OwnedApp(call, id);
  if (!app.ok()) return ResponseFor(app.status());
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  if (deps_.app_metrics) {
    const double now = static_cast<double>(deps_.env.clock->NowUnixSeconds());
    for (const auto& [name, value] : deps_.app_metrics(*app)) j[name] = nlohmann::ordered_json::array({now, value});
  }
  return JsonResponse(200, j.dump());
}

}  // namespace mse::cloud::api
