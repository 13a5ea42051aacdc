// The REST API of mse-cloud (formats.md §18 and docs/cloud-backend.md, "API
// extensions") as an HttpHandler. Every object is checked against its owner
// (another user's app is 404, never 403); bodies are validated completely
// before anything is stored.
#ifndef MSE_CLOUD_API_API_SERVER_H_
#define MSE_CLOUD_API_API_SERVER_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/env.h"
#include "cloud/lifecycle/lifecycle.h"
#include "cloud/store/store.h"
#include "net/http_server.h"

namespace mse::attest::sim {
class SimPlatform;
}

namespace mse::cloud::api {

// Turns an Authorization header into the user id it authenticates.
// Unauthenticated (with a reason) otherwise.
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  virtual StatusOr<std::string> UserIdFromBearer(std::optional<std::string_view> authorization) = 0;
};

struct ApiOptions {
  std::string api_url;  // "http://127.0.0.1:8080", as clients reach it
  std::string base_domain = "localhost";
  int router_port = 443;
  uint64_t max_upload_bytes = 256ull << 20;
  std::string signer_public_pem;
  std::string domain_secret;  // HMAC key of the domain names
  std::string default_hardware = "4g-eu-001";
  std::string default_docker;  // "" = the first approved image
  int64_t default_lifetime_seconds = 365 * 86400;
};

struct ApiDeps {
  Store* store = nullptr;
  Lifecycle* lifecycle = nullptr;
  Authenticator* authenticator = nullptr;
  // Serves /authorize, /oauth/token, /oauth/revoke and /logout.
  std::shared_ptr<net::HttpHandler> oauth;
  // Simulated SGX platform: /sim-root.pem and the PCCS paths (nullptr on SGX).
  const attest::sim::SimPlatform* sim = nullptr;
  // Per-app figures of GET /apps/{id}/metrics: name → value.
  std::function<std::map<std::string, std::string>(const cloud::App& app)> app_metrics;
  // Extra Prometheus lines for GET /metrics (the router's counters).
  std::function<std::string()> extra_metrics;
  Env env;
};

std::shared_ptr<net::HttpHandler> NewApiHandler(ApiDeps deps, ApiOptions options);

}  // namespace mse::cloud::api

#endif  // MSE_CLOUD_API_API_SERVER_H_
