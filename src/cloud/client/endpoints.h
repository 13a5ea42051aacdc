// Where the cloud client talks to (spec/formats.md §2, docs/cloud-backend.md
// "API extensions"): the backend API, the OAuth 2 authorization server, the
// PCCS, the enclave signer's public key and the router port.
//
// Resolution, per value: the environment variable when set; else, when
// MSE_BASE_URL is set (a backend of ours), the backend's discovery document
// `GET {MSE_BASE_URL}/.well-known/mse`, fetched once and only when needed;
// else the defaults of Cosmian's service.
#ifndef MSE_CLOUD_CLIENT_ENDPOINTS_H_
#define MSE_CLOUD_CLIENT_ENDPOINTS_H_

#include <functional>
#include <optional>
#include <string>

#include "base/status.h"
#include "cloud/client/models.h"
#include "net/http_client.h"

namespace mse::cloud {

inline constexpr char kDefaultBaseUrl[] = "https://backend.mse.cosmian.com";
inline constexpr char kDefaultAuthDomain[] = "https://auth.cosmian.com";
inline constexpr char kDefaultClientId[] = "KJtOg5fdA90ZdsaXvM69uME2QD6yP9M3";
inline constexpr char kDefaultAudience[] = "https://console-prod.eu.auth0.com/api/v2/";
inline constexpr char kDefaultConsoleUrl[] = "https://console.cosmian.com";
inline constexpr char kDefaultPccsUrl[] = "https://pccs.mse.cosmian.com";
inline constexpr char kDefaultSignerUrl[] = "https://certificates.cosmian.com/";

// Returns the value of an environment variable, nullptr when unset.
using Getenv = std::function<const char*(const char*)>;

struct AuthEndpoints {
  std::string authorization;  // …/authorize
  std::string token;          // …/oauth/token
  std::string revocation;     // …/oauth/revoke
  std::string logout;         // …/logout
  std::string client_id;
  std::string audience;
  // Where the login callback redirects the browser; nullopt: our backend
  // without MSE_CONSOLE_URL, the callback shows its own success page.
  std::optional<std::string> console_url;
  // A URL that answers when the authorization server is up (checked before
  // the user is sent to the browser).
  std::string probe_url;
};

// Not copyable (caches the discovery document). `http` must outlive it.
class CloudEndpoints {
 public:
  CloudEndpoints(Getenv getenv, net::HttpClient& http);
  CloudEndpoints(const CloudEndpoints&) = delete;
  CloudEndpoints& operator=(const CloudEndpoints&) = delete;

  // MSE_BASE_URL (no trailing '/') or the default.
  const std::string& api_url() const { return api_url_; }
  // True when MSE_BASE_URL is set: the backend is expected to be ours.
  bool custom_backend() const { return custom_backend_; }

  // Errors (discovery needed but unavailable): Unavailable "cannot reach the
  // MSE backend at <url> …" or InvalidArgument naming the document's problem,
  // each saying which variable to set instead.
  StatusOr<AuthEndpoints> Auth();
  StatusOr<std::string> PccsUrl();
  StatusOr<std::string> SignerUrl();
  // The port of the router in front of the enclaves (443 for Cosmian's).
  StatusOr<int> RouterPort();
  // The simulated platform's root URL, when the backend publishes one.
  StatusOr<std::optional<std::string>> SimRootUrl();
  // The discovery document (fetched on first use). FailedPrecondition when
  // MSE_BASE_URL is not set (Cosmian's service has none).
  StatusOr<const api::Discovery*> Discovery();

 private:
  std::optional<std::string> Env(const char* name) const;

  Getenv getenv_;
  net::HttpClient& http_;
  std::string api_url_;
  bool custom_backend_ = false;
  std::optional<api::Discovery> discovery_;
};

// "https://<domain>" or "https://<domain>:<port>" (port omitted when 443).
std::string AppUrl(const std::string& domain, int port);

}  // namespace mse::cloud

#endif  // MSE_CLOUD_CLIENT_ENDPOINTS_H_
