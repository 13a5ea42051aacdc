#include "cloud/auth/oauth_errors.h"

#include <nlohmann/json.hpp>

namespace mse::cloud::auth {
namespace {

using nlohmann::json;

net::ServerResponse JsonResponse(int status, const json& body) {
  net::ServerResponse response = net::ServerResponse::Text(
      status, body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
  // RFC 6749 §5.1: token responses must not be cached.
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Pragma", "no-cache");
  return response;
}

}  // namespace

net::ServerResponse OAuthErrorResponse(const OAuthError& error) {
  int status = 400;
  if (error.error == "invalid_client") status = 401;
  if (error.error == "server_error") status = 500;
  if (error.error == "temporarily_unavailable") status = 503;
  net::ServerResponse response =
      JsonResponse(status, json{{"error", error.error}, {"error_description", error.description}});
  // A 401 must say how to authenticate (RFC 9110 §15.5.2); public clients
  // identify themselves with client_id in the form.
  if (status == 401) response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"mse-cloud\"");
  return response;
}

OAuthError OAuthErrorFromStatus(const Status& status) {
  switch (status.code()) {
    case StatusCode::kUnauthenticated:
    case StatusCode::kNotFound:
    case StatusCode::kPermissionDenied:
    case StatusCode::kFailedPrecondition:
      return {"invalid_grant", status.message()};
    case StatusCode::kInvalidArgument:
      return {"invalid_request", status.message()};
    case StatusCode::kUnavailable:
      return {"temporarily_unavailable", "the service is unavailable, try again later"};
    default:
      return {"server_error", "internal error"};
  }
}

net::ServerResponse TokenResponse(const TokenGrant& grant) {
  json body = {{"access_token", grant.access_token},
               {"token_type", "Bearer"},
               {"expires_in", grant.expires_in},
               {"scope", grant.scope},
               {"id_token", grant.id_token}};
  if (grant.refresh_token) body["refresh_token"] = *grant.refresh_token;
  return JsonResponse(200, body);
}

}  // namespace mse::cloud::auth
