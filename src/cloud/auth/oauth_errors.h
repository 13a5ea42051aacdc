// JSON answers of the token and revocation endpoints (RFC 6749 §5.1, §5.2).
#ifndef MSE_CLOUD_AUTH_OAUTH_ERRORS_H_
#define MSE_CLOUD_AUTH_OAUTH_ERRORS_H_

#include "base/status.h"
#include "cloud/auth/authorize_request.h"
#include "cloud/auth/token_service.h"
#include "net/http_server.h"

namespace mse::cloud::auth {

// {"error", "error_description"}: 400, 401 for invalid_client (with a
// WWW-Authenticate header), 500 for server_error, 503 for
// temporarily_unavailable; always Cache-Control: no-store.
net::ServerResponse OAuthErrorResponse(const OAuthError& error);

// A failed Status from the token service or the store as an OAuth error:
// Unauthenticated, NotFound, PermissionDenied and FailedPrecondition are
// invalid_grant (with the message), InvalidArgument invalid_request,
// Unavailable temporarily_unavailable, anything else server_error (whose
// description does not carry the internal text).
OAuthError OAuthErrorFromStatus(const Status& status);

// {"access_token", "token_type": "Bearer", "expires_in", "scope",
// "id_token", and "refresh_token" when the grant has one}, 200, no-store.
net::ServerResponse TokenResponse(const TokenGrant& grant);

}  // namespace mse::cloud::auth

#endif  // MSE_CLOUD_AUTH_OAUTH_ERRORS_H_
