#include "cli/cloud_render.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "cli/cloud_apps.h"
#include "cloud/client/endpoints.h"
#include "format/timestamp.h"

namespace mse::cli {
namespace {

using Json = nlohmann::ordered_json;

Json TimeOrNull(const std::optional<int64_t>& us) {
  return us ? Json(cloud::api::FormatDateTime(*us)) : Json(nullptr);
}

// A context's Python timestamp string as ISO-8601 (verbatim when it does not parse).
Json ContextTime(const std::string& python_timestamp) {
  auto t = format::ParseIsoTimestamp(python_timestamp);
  if (!t.ok() || !t->utc_offset_minutes) return Json(python_timestamp);
  return Json(cloud::api::FormatDateTime(t->unix_micros));
}

std::string OrDash(const std::optional<int64_t>& us) { return us ? FormatUtc(*us) : "-"; }

void Line(std::string& out, const std::string& label, const std::string& value) {
  std::string padded = "  " + label + ":";
  padded.resize(std::max<size_t>(padded.size() + 1, 22), ' ');
  out += padded + value + "\n";
}

}  // namespace

std::string RenderTable(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::string AppListTable(const std::vector<cloud::api::PartialApp>& apps, int router_port) {
  std::vector<std::vector<std::string>> rows = {{"ID", "CREATED", "STATUS", "NAME", "URL"}};
  for (const auto& a : apps) {
    rows.push_back(
        {a.id, FormatUtc(a.created_at_us), a.status, a.name, cloud::AppUrl(a.domain_name, router_port)});
  }
  return RenderTable(rows);
}

std::string AppListJson(const std::vector<cloud::api::PartialApp>& apps, int router_port) {
  Json list = Json::array();
  for (const auto& a : apps) {
    list.push_back({{"id", a.id},
                    {"name", a.name},
                    {"status", a.status},
                    {"domain_name", a.domain_name},
                    {"url", cloud::AppUrl(a.domain_name, router_port)},
                    {"created_at", cloud::api::FormatDateTime(a.created_at_us)},
                    {"ready_at", TimeOrNull(a.ready_at_us)},
                    {"stopped_at", TimeOrNull(a.stopped_at_us)},
                    {"hardware_name", a.hardware_name}});
  }
  return list.dump(2) + "\n";
}

std::string AppStatusText(const AppStatus& s) {
  const cloud::api::App& a = s.app;
  std::string out = "App\n";
  Line(out, "id", a.id);
  Line(out, "name", a.name);
  Line(out, "url", cloud::AppUrl(a.domain_name, s.router_port));
  Line(out, "status", a.status + (a.status_reason ? " (" + *a.status_reason + ")" : ""));
  Line(out, "project id", a.project_id);
  Line(out, "docker", a.docker + (a.docker_digest.empty() ? "" : " (" + a.docker_digest + ")"));
  Line(out, "python application", a.python_application);
  Line(out, "health check", a.healthcheck_endpoint);
  Line(out, "certificate", a.ssl_certificate_origin);
  Line(out, "created", FormatUtc(a.created_at_us));
  Line(out, "ready", OrDash(a.ready_at_us));
  Line(out, "stopped", OrDash(a.stopped_at_us));
  Line(out, "expires", FormatUtc(a.expires_at_us) + " (" + Remaining(a.expires_at_us, s.now) + ")");
  if (s.hardware) {
    out += "Hardware\n";
    Line(out, "name", s.hardware->name);
    Line(out, "memory", std::to_string(s.hardware->memory) + " GB");
    Line(out, "cores", Json(s.hardware->cores).dump());
    Line(out, "enclave size", std::to_string(s.hardware->enclave_size) + " MB");
  }
  if (s.metrics) {
    out += "Metrics\n";
    for (const auto& m : *s.metrics) Line(out, m.name, m.value);
  }
  return out;
}

std::string AppStatusJson(const AppStatus& s) {
  Json j = Json::object();
  j["app"] = Json::parse(cloud::api::ToJson(s.app));
  j["url"] = cloud::AppUrl(s.app.domain_name, s.router_port);
  j["expires_in_seconds"] = s.app.expires_at_us / 1'000'000 - s.now;
  if (s.hardware) {
    j["hardware"] = {{"name", s.hardware->name},
                     {"memory", s.hardware->memory},
                     {"cores", s.hardware->cores},
                     {"enclave_size", s.hardware->enclave_size}};
  } else {
    j["hardware"] = nullptr;
  }
  if (s.metrics) {
    Json metrics = Json::object();
    for (const auto& m : *s.metrics) metrics[m.name] = m.value;
    j["metrics"] = metrics;
  } else {
    j["metrics"] = nullptr;
  }
  return j.dump(2) + "\n";
}

std::string ContextTable(const std::vector<ContextRow>& rows) {
  std::vector<std::vector<std::string>> table = {
      {"ID", "NAME", "PROJECT", "CONFIG DOMAIN", "EXPIRES", "CERTIFICATE"}};
  for (const auto& r : rows) {
    const auto& instance = r.context.instance;
    table.push_back({r.id, r.context.config.name, r.context.config.project,
                     instance ? instance->config_domain_name : "-", instance ? instance->expires_at : "-",
                     instance ? instance->ssl_certificate_origin : "-"});
  }
  return RenderTable(table);
}

std::string ContextJson(const std::vector<ContextRow>& rows) {
  Json list = Json::array();
  for (const auto& r : rows) {
    const auto& instance = r.context.instance;
    list.push_back(
        {{"id", r.id},
         {"name", r.context.config.name},
         {"project", r.context.config.project},
         {"docker", r.context.config.docker},
         {"config_domain_name", instance ? Json(instance->config_domain_name) : Json(nullptr)},
         {"expires_at", instance ? ContextTime(instance->expires_at) : Json(nullptr)},
         {"ssl_certificate_origin", instance ? Json(instance->ssl_certificate_origin) : Json(nullptr)},
         {"path", r.path}});
  }
  return list.dump(2) + "\n";
}

}  // namespace mse::cli
