#include "cloud/client/endpoints.h"

#include "cloud/client/url.h"

namespace mse::cloud {
namespace {

constexpr char kDiscoveryPath[] = "/.well-known/mse";

AuthEndpoints AuthAt(const std::string& domain) {
  AuthEndpoints auth;
  auth.authorization = domain + "/authorize";
  auth.token = domain + "/oauth/token";
  auth.revocation = domain + "/oauth/revoke";
  auth.logout = domain + "/logout";
  auth.probe_url = domain + "/.well-known/openid-configuration";
  return auth;
}

}  // namespace

CloudEndpoints::CloudEndpoints(Getenv getenv, net::HttpClient& http)
    : getenv_(std::move(getenv)), http_(http) {
  std::optional<std::string> base = Env("MSE_BASE_URL");
  custom_backend_ = base.has_value();
  api_url_ = WithoutTrailingSlash(base.value_or(kDefaultBaseUrl));
}

std::optional<std::string> CloudEndpoints::Env(const char* name) const {
  const char* value = getenv_ ? getenv_(name) : nullptr;
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

StatusOr<const api::Discovery*> CloudEndpoints::Discovery() {
  if (discovery_) return &*discovery_;
  if (!custom_backend_) {
    return FailedPreconditionError("no discovery document: MSE_BASE_URL is not set (Cosmian's service)");
  }
  const std::string url = api_url_ + kDiscoveryPath;
  net::HttpRequest request;
  request.url = url;
  request.timeout = std::chrono::seconds(30);
  request.headers = {{"User-Agent", "mse-cli/1.3"}, {"Accept", "application/json"}};
  auto response = http_.Send(request);
  if (!response.ok()) {
    return UnavailableError("cannot reach the MSE backend at " + api_url_ + " (" +
                            response.status().message() + "): check MSE_BASE_URL");
  }
  if (response->status != 200) {
    return FailedPreconditionError(
        "the MSE backend at " + api_url_ + " has no discovery document (GET " + url + ": HTTP " +
        std::to_string(response->status) +
        "): is MSE_BASE_URL an mse-cloud backend? Otherwise set MSE_AUTH0_DOMAIN_NAME, "
        "MSE_PCCS_URL and MSE_SIGNER_URL");
  }
  auto parsed = api::ParseDiscovery(response->body);
  if (!parsed.ok()) return parsed.status().WithContext(url);
  discovery_ = std::move(*parsed);
  return &*discovery_;
}

StatusOr<AuthEndpoints> CloudEndpoints::Auth() {
  AuthEndpoints auth;
  if (auto domain = Env("MSE_AUTH0_DOMAIN_NAME")) {
    auth = AuthAt(WithoutTrailingSlash(*domain));
  } else if (custom_backend_) {
    MSE_ASSIGN_OR_RETURN(const api::Discovery* d, Discovery());
    auth.authorization = d->authorization_endpoint;
    auth.token = d->token_endpoint;
    auth.revocation = d->revocation_endpoint;
    auth.logout = d->logout_endpoint;
    auth.probe_url = api_url_ + kDiscoveryPath;
  } else {
    auth = AuthAt(kDefaultAuthDomain);
  }
  auth.client_id = Env("MSE_AUTH0_CLIENT_ID").value_or(kDefaultClientId);
  auth.audience = Env("MSE_AUTH0_AUDIENCE").value_or(kDefaultAudience);
  if (auto console = Env("MSE_CONSOLE_URL")) {
    auth.console_url = WithoutTrailingSlash(*console);
  } else if (!custom_backend_) {
    auth.console_url = kDefaultConsoleUrl;
  }
  return auth;
}

StatusOr<std::string> CloudEndpoints::PccsUrl() {
  if (auto pccs = Env("MSE_PCCS_URL")) return WithoutTrailingSlash(*pccs);
  if (!custom_backend_) return std::string(kDefaultPccsUrl);
  MSE_ASSIGN_OR_RETURN(const api::Discovery* d, Discovery());
  if (d->pccs_url.empty()) {
    return FailedPreconditionError("the MSE backend at " + api_url_ + " publishes no PCCS: set MSE_PCCS_URL");
  }
  return WithoutTrailingSlash(d->pccs_url);
}

StatusOr<std::string> CloudEndpoints::SignerUrl() {
  if (auto signer = Env("MSE_SIGNER_URL")) return *signer;
  if (!custom_backend_) return std::string(kDefaultSignerUrl);
  MSE_ASSIGN_OR_RETURN(const api::Discovery* d, Discovery());
  if (d->signer_url.empty()) {
    return FailedPreconditionError("the MSE backend at " + api_url_ +
                                   " publishes no enclave signer key: set MSE_SIGNER_URL");
  }
  return d->signer_url;
}

StatusOr<int> CloudEndpoints::RouterPort() {
  if (!custom_backend_) return 443;
  MSE_ASSIGN_OR_RETURN(const api::Discovery* d, Discovery());
  return d->router_port > 0 ? d->router_port : 443;
}

StatusOr<std::optional<std::string>> CloudEndpoints::SimRootUrl() {
  if (!custom_backend_) return std::optional<std::string>();
  MSE_ASSIGN_OR_RETURN(const api::Discovery* d, Discovery());
  return d->sim_root_url;
}

std::string AppUrl(const std::string& domain, int port) {
  if (port == 0 || port == 443) return "https://" + domain;
  return "https://" + domain + ":" + std::to_string(port);
}

}  // namespace mse::cloud
