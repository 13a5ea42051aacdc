// The REST models of the cloud API (formats.md §18 plus our extensions in
// docs/cloud-backend.md), shared by the backend (which writes them) and the
// CLI (which reads them). Readers ignore unknown members and name the member
// and the expected type when one is missing or ill-typed.
#ifndef MSE_CLOUD_CLIENT_MODELS_H_
#define MSE_CLOUD_CLIENT_MODELS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace mse::cloud::api {

// Datetimes are ISO-8601 with an offset on the wire ("2026-12-03T17:13:33.123456+00:00").
std::string FormatDateTime(int64_t unix_micros);
StatusOr<int64_t> ParseDateTime(std::string_view text);  // unix microseconds

struct App {
  std::string id;
  std::string name;
  std::string project_id;
  std::string owner_id;
  std::string domain_name;
  std::string config_domain_name;
  std::string docker;
  int64_t created_at_us = 0;
  std::optional<int64_t> ready_at_us;
  std::optional<int64_t> stopped_at_us;
  std::string status;  // spawning | initializing | running | on_error | stopped
  std::string hardware_name;
  std::string ssl_certificate_origin;  // self | owner | operator
  int64_t expires_at_us = 0;
  std::string python_application;
  std::string healthcheck_endpoint;
  // Extensions (optional when reading an older backend).
  std::string docker_digest;
  int64_t enclave_size = 0;  // MB
  std::optional<std::string> status_reason;
  int router_port = 0;
};

struct PartialApp {
  std::string id;
  std::string name;
  std::string domain_name;
  int64_t created_at_us = 0;
  std::optional<int64_t> ready_at_us;
  std::optional<int64_t> stopped_at_us;
  std::string status;
  std::string hardware_name;
};

struct Project {
  std::string id;
  std::string name;
  std::string description;
  std::string owner_id;
  bool is_default = false;
  int64_t created_at_us = 0;
  std::optional<int64_t> deleted_at_us;
};

struct Hardware {
  std::string name;
  int64_t memory = 0;  // GB
  double cores = 0;
  int64_t enclave_size = 0;  // MB
};

struct User {
  std::string id;
  std::string given_name;
  std::string family_name;
  std::string email;
  int64_t created_at_us = 0;
  bool configured = true;
  bool email_verified = true;
};

struct DefaultApp {
  std::string project;
  std::string docker;
  std::string hardware;
};

// One sample of GET /apps/{id}/metrics: `{<name>: [unix_ts, "value"]}`.
struct Metric {
  std::string name;
  double timestamp = 0;
  std::string value;
};

struct Discovery {
  std::string api_url;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string revocation_endpoint;
  std::string logout_endpoint;
  std::string signer_url;
  std::string pccs_url;
  std::string base_domain;
  int router_port = 443;
  bool simulated = false;
  std::optional<std::string> sim_root_url;
};

// Writers: compact JSON text.
std::string ToJson(const App& app);
std::string ToJson(const PartialApp& app);
std::string ToJson(const Project& project);
std::string ToJson(const Hardware& hardware);
std::string ToJson(const User& user);
std::string ToJson(const DefaultApp& defaults);
std::string ToJson(const Discovery& discovery);
// A JSON array of the already-serialized items.
std::string JsonArray(const std::vector<std::string>& items);
// {"detail": text}
std::string ErrorJson(std::string_view text);

// Readers: InvalidArgument "<what>: member `x`: expected …, found …".
StatusOr<App> ParseApp(std::string_view json);
StatusOr<std::vector<PartialApp>> ParsePartialApps(std::string_view json);
StatusOr<std::vector<Project>> ParseProjects(std::string_view json);
StatusOr<Hardware> ParseHardware(std::string_view json);
StatusOr<User> ParseUser(std::string_view json);
StatusOr<DefaultApp> ParseDefaultApp(std::string_view json);
StatusOr<Discovery> ParseDiscovery(std::string_view json);
// Members in document order; a member that is not a [number, string|number]
// pair is skipped (a metric without data).
StatusOr<std::vector<Metric>> ParseMetrics(std::string_view json);
// The text of an error body: "detail" (ours, FastAPI's), "error_description"
// or "message"; else the body itself, cut to 300 bytes.
std::string ErrorText(std::string_view body);

}  // namespace mse::cloud::api

#endif  // MSE_CLOUD_CLIENT_MODELS_H_
