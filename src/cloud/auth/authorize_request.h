// The parameters of an authorization request (RFC 6749 §4.1.1 with RFC 7636
// §4.3), read from GET /authorize's query or from the login form that
// carries them back, and checked the same way both times.
#ifndef MSE_CLOUD_AUTH_AUTHORIZE_REQUEST_H_
#define MSE_CLOUD_AUTH_AUTHORIZE_REQUEST_H_

#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "net/url_form.h"

namespace mse::cloud::auth {

// An RFC 6749 error: `error` is the registered code ("invalid_request", …).
struct OAuthError {
  std::string error;
  std::string description;
};

struct AuthorizeRequest {
  std::string response_type;
  std::string client_id;
  std::string redirect_uri;
  std::string scope;
  std::string audience;
  std::string state;
  std::string code_challenge;
  std::string code_challenge_method;
};

// Names and values of the request, in a fixed order: the login form's
// hidden fields and the test's query strings come from here.
net::FormFields AuthorizeRequestFields(const AuthorizeRequest& request);

struct AuthorizeCheck {
  AuthorizeRequest request;         // what could be read
  std::optional<OAuthError> error;  // empty: the request is good
  // The error may go back to redirect_uri (§4.1.2.1): client_id and
  // redirect_uri are fine. Otherwise only an error page may be shown.
  bool redirectable = false;
};

// Reads and checks every parameter. Repeated parameters, a missing or
// malformed client_id or redirect_uri, are not redirectable; then
// response_type must be "code" (unsupported_response_type), PKCE S256 with
// a well-formed challenge is required, and scope, audience and state must be
// printable ASCII of bounded length (invalid_request / invalid_scope).
AuthorizeCheck CheckAuthorizeRequest(const net::FormFields& fields);

// InvalidArgument (with the reason) unless `uri` is
// http://localhost, http://127.0.0.1 or http://[::1], with an optional port
// (1–65535) and any path and query, no fragment, no user info, printable
// ASCII only and at most 2048 bytes (RFC 8252 §7.3 loopback redirects).
Status CheckLoopbackRedirectUri(std::string_view uri);

// redirect_uri with the fields appended to its query ('?' or '&').
std::string RedirectWithParameters(std::string_view redirect_uri, const net::FormFields& fields);

}  // namespace mse::cloud::auth

#endif  // MSE_CLOUD_AUTH_AUTHORIZE_REQUEST_H_
