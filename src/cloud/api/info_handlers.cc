// Discovery, keys, the simulated PCCS, metrics, users, projects, hardware.
#include "attest/sim/pccs.h"
#include "attest/sim/platform.h"
#include "cloud/api/api_handler.h"

namespace mse::cloud::api {
namespace {

api::Project ProjectModel(const cloud::Project& p) {
  return api::Project{p.id,         p.name, p.description, p.owner_id, p.is_default, p.created_at * 1'000'000,
                      p.deleted_at ? std::optional<int64_t>(*p.deleted_at * 1'000'000) : std::nullopt};
}

std::string Gauge(const std::string& name, const std::string& help, const std::string& samples) {
  return "# HELP " + name + " " + help + "\n# TYPE " + name + " gauge\n" + samples;
}

}  // namespace

net::ServerResponse ApiHandler::Discovery() {
  const std::string& base = options_.api_url;
  api::Discovery d{base,
                   base + "/authorize",
                   base + "/oauth/token",
                   base + "/oauth/revoke",
                   base + "/logout",
                   base + "/signer.pem",
                   base,
                   options_.base_domain,
                   options_.router_port,
                   deps_.sim != nullptr,
                   deps_.sim != nullptr ? std::optional<std::string>(base + "/sim-root.pem") : std::nullopt};
  return JsonResponse(200, ToJson(d));
}

net::ServerResponse ApiHandler::SignerKey() {
  return net::ServerResponse::Text(200, options_.signer_public_pem, "application/x-pem-file");
}

net::ServerResponse ApiHandler::SimRoot() {
  if (deps_.sim == nullptr) return ErrorResponse(404, "this backend runs on SGX hardware: there is no simulated root");
  return net::ServerResponse::Text(200, deps_.sim->RootPem(), "application/x-pem-file");
}

net::ServerResponse ApiHandler::SimPccs(const Call& call) {
  if (deps_.sim == nullptr) return ErrorResponse(404, "this backend serves no PCCS: use Intel's or your own");
  attest::sim::PccsResponse r = attest::sim::HandlePccsRequest(*deps_.sim, call.request.method, call.request.target);
  net::ServerResponse out;
  out.status = r.status;
  out.headers = r.headers;
  out.body = std::move(r.body);
  return out;
}

net::ServerResponse ApiHandler::Metrics() {
  std::string samples;
  auto apps = deps_.store->ListApps({});
  if (apps.ok()) {
    std::map<std::string, int> counts;
    for (AppStatus s : {AppStatus::kSpawning, AppStatus::kInitializing, AppStatus::kRunning, AppStatus::kOnError,
                        AppStatus::kStopped}) {
      counts[std::string(AppStatusName(s))] = 0;
    }
    for (const cloud::App& a : *apps) ++counts[std::string(AppStatusName(a.status))];
    for (const auto& [status, n] : counts) samples += "mse_cloud_apps{status=\"" + status + "\"} " + std::to_string(n) + "\n";
  }
  std::string text = Gauge("mse_cloud_apps", "Apps known to the backend, by status.", samples);
  text += "# HELP mse_cloud_api_requests_total API requests served.\n# TYPE mse_cloud_api_requests_total counter\n"
          "mse_cloud_api_requests_total " + std::to_string(requests_.load()) + "\n";
  text += "# HELP mse_cloud_apps_created_total Apps created through the API.\n"
          "# TYPE mse_cloud_apps_created_total counter\nmse_cloud_apps_created_total " +
          std::to_string(apps_created_.load()) + "\n";
  if (deps_.extra_metrics) text += deps_.extra_metrics();
  return net::ServerResponse::Text(200, text, "text/plain; version=0.0.4; charset=utf-8");
}

net::ServerResponse ApiHandler::Me(const Call& call) {
  auto user = deps_.store->GetUser(call.user_id);
  if (!user.ok()) return ResponseFor(user.status());
  api::User u{user->id, user->given_name, user->family_name, user->email, user->created_at * 1'000'000, true, true};
  return JsonResponse(200, ToJson(u));
}

net::ServerResponse ApiHandler::Projects(const Call& call) {
  auto projects = deps_.store->ListProjects(call.user_id);
  if (!projects.ok()) return ResponseFor(projects.status());
  std::vector<std::string> items;
  auto name = call.Query("name");
  for (const cloud::Project& p : *projects) {
    if (!name || p.name == *name) items.push_back(ToJson(ProjectModel(p)));
  }
  return JsonResponse(200, JsonArray(items));
}

net::ServerResponse ApiHandler::ProjectById(const Call& call, const std::string& id) {
  auto project = deps_.store->GetProject(call.user_id, id);
  if (!project.ok()) return ResponseFor(project.status());
  return JsonResponse(200, ToJson(ProjectModel(*project)));
}

net::ServerResponse ApiHandler::HardwareByName(const std::string& name) {
  auto hardware = deps_.store->GetHardware(name);
  if (!hardware.ok()) return ResponseFor(hardware.status());
  return JsonResponse(200, ToJson(api::Hardware{hardware->name, hardware->memory_gb, hardware->cores,
                                                hardware->enclave_size_mb}));
}

net::ServerResponse ApiHandler::AppDefaults(const Call& call) {
  auto projects = deps_.store->ListProjects(call.user_id);
  if (!projects.ok()) return ResponseFor(projects.status());
  std::string project;
  for (const cloud::Project& p : *projects) {
    if (p.is_default || project.empty()) project = p.name;
  }
  std::string docker = options_.default_docker;
  if (docker.empty()) {
    auto images = deps_.store->ListImages();
    if (images.ok() && !images->empty()) docker = images->front().reference;
  }
  if (docker.empty()) return ErrorResponse(409, "no Docker image is approved on this backend yet");
  return JsonResponse(200, ToJson(api::DefaultApp{project, docker, options_.default_hardware}));
}

}  // namespace mse::cloud::api
