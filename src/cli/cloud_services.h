// What every `mse cloud` command shares: the endpoints resolved from the
// environment (cloud/client/endpoints.h), one HTTP client, and — for the
// commands that need a login — the session built from CONF/login.toml and
// the API client using it. A refresh token rotated by the server is saved
// back to login.toml at once.
#ifndef MSE_CLI_CLOUD_SERVICES_H_
#define MSE_CLI_CLOUD_SERVICES_H_

#include <memory>
#include <string>

#include "cli/command_spec.h"
#include "cloud/client/api_client.h"
#include "cloud/client/endpoints.h"
#include "cloud/client/oauth_client.h"
#include "net/http_client.h"

namespace mse::cli {

// Not copyable; `ctx` must outlive it.
class CloudServices {
 public:
  explicit CloudServices(CommandContext& ctx);
  CloudServices(const CloudServices&) = delete;
  CloudServices& operator=(const CloudServices&) = delete;

  cloud::CloudEndpoints& endpoints() { return endpoints_; }
  net::HttpClient& http() { return *http_; }

  // The OAuth client for the resolved authorization server.
  StatusOr<cloud::OAuthClient*> OAuth();
  // The API client of the logged-in user. FailedPrecondition "You must log
  // in first: run `mse cloud login`" without login.toml; the first request
  // then does the refresh grant (Unauthenticated "Are you logged in? …").
  StatusOr<cloud::ApiClient*> Api();
  // The e-mail of login.toml (after Api()).
  const std::string& email() const { return email_; }

  // An API client with a token source of the caller's (login --with-token).
  std::unique_ptr<cloud::ApiClient> ApiWithToken(cloud::AccessTokenSource token);

 private:
  CommandContext& ctx_;
  std::unique_ptr<net::HttpClient> http_;
  cloud::CloudEndpoints endpoints_;
  std::unique_ptr<cloud::OAuthClient> oauth_;
  std::unique_ptr<cloud::Session> session_;
  std::unique_ptr<cloud::ApiClient> api_;
  std::string email_;
};

// The environment flag MSE_ALLOW_SIMULATION=1 (or true/yes).
bool EnvFlag(const CommandContext& ctx, const char* name);

}  // namespace mse::cli

#endif  // MSE_CLI_CLOUD_SERVICES_H_
