// mse-cloud's OAuth 2 authorization server on Auth0's paths
// (docs/cloud-backend.md, "API extensions" and "Tokens"; RFC 6749, RFC 7636,
// RFC 7009). Public clients only: any client_id, no secret, PKCE S256
// mandatory, redirects only to loopback addresses.
//
//   GET  /authorize     login page (or an error page / error redirect)
//   POST /authorize     checks the password; 302 to redirect_uri?code=&state=
//   POST /oauth/token   authorization_code and refresh_token grants
//   POST /oauth/revoke  revokes a refresh token (its family)
//   GET|POST /logout    200 (there is no server-side session)
//
// Passwords, codes and tokens are never logged nor echoed; the parsed copies
// of forms that held them are wiped before a handler returns.
#ifndef MSE_CLOUD_AUTH_OAUTH_SERVER_H_
#define MSE_CLOUD_AUTH_OAUTH_SERVER_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "base/env.h"
#include "base/status.h"
#include "cloud/auth/authorize_request.h"
#include "cloud/auth/rate_limiter.h"
#include "cloud/auth/token_service.h"
#include "cloud/store/store.h"
#include "net/http_server.h"
#include "net/url_form.h"

namespace mse::cloud::auth {

class SecretForm;

struct OAuthServerOptions {
  // issuer (the api_url), signing key, access token TTL, rotation.
  TokenServiceOptions tokens;
  int64_t code_ttl_seconds = 60;
  RateLimitOptions rate_limit;  // applied per e-mail and per client address
};

// Thread-safe: handlers may run concurrently. Not copyable. Handlers never
// fail: every problem is an HTTP answer (HTML for /authorize, RFC 6749 JSON
// for /oauth/*); a Store failure is a 500/503 answer.
class OAuthServer {
 public:
  // Fails as TokenService::New does. `store` and env's clock and random
  // must outlive the server.
  static StatusOr<std::unique_ptr<OAuthServer>> New(OAuthServerOptions options, Store& store, Env env);
  OAuthServer(const OAuthServer&) = delete;
  OAuthServer& operator=(const OAuthServer&) = delete;

  // The answer for one of the paths above (405 for another method on
  // them), or nullopt when the path is not one of them.
  std::optional<net::ServerResponse> Dispatch(const net::ServerRequest& request);

  net::ServerResponse HandleAuthorizeGet(const net::ServerRequest& request);
  net::ServerResponse HandleAuthorizePost(const net::ServerRequest& request);
  net::ServerResponse HandleToken(const net::ServerRequest& request);
  net::ServerResponse HandleRevoke(const net::ServerRequest& request);
  net::ServerResponse HandleLogout(const net::ServerRequest& request);

  // For the API's bearer checks and `admin token create`.
  TokenService& tokens() { return *tokens_; }

 private:
  OAuthServer(OAuthServerOptions options, std::unique_ptr<TokenService> tokens, Store& store, Env env);
  const std::string& DummyHash();

  // POST /authorize, once the form and its parameters are read.
  net::ServerResponse SignIn(const AuthorizeRequest& request, std::string_view email,
                             std::string_view password, const std::string& address);
  // The user the credentials name, or the page to show instead.
  std::optional<net::ServerResponse> CheckCredentials(const AuthorizeRequest& request, std::string_view email,
                                                      std::string_view password, const std::string& address,
                                                      User* user);
  net::ServerResponse IssueCode(const AuthorizeRequest& request, const User& user);
  net::ServerResponse ExchangeCode(const SecretForm& form);
  net::ServerResponse RefreshGrant(const SecretForm& form);

  const int64_t code_ttl_seconds_;
  std::unique_ptr<TokenService> tokens_;
  // Checked when the e-mail is unknown, so that an unknown user costs the
  // same time as a wrong password. Made at the first need (it costs as much
  // as a login), so that starting a server stays cheap.
  std::once_flag dummy_once_;
  std::string dummy_hash_;
  Store& store_;
  Clock& clock_;
  Random& random_;
  LoginRateLimiter email_limiter_;
  LoginRateLimiter address_limiter_;
};

}  // namespace mse::cloud::auth

#endif  // MSE_CLOUD_AUTH_OAUTH_SERVER_H_
