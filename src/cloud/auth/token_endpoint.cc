// POST /oauth/token (RFC 6749 §4.1.3, §6; RFC 7636 §4.5–4.6) and
// POST /oauth/revoke (RFC 7009) of OAuthServer.
#include <utility>

#include "cloud/auth/oauth_errors.h"
#include "cloud/auth/oauth_server.h"
#include "cloud/auth/opaque_token.h"
#include "cloud/auth/pkce.h"
#include "cloud/auth/secret_form.h"

namespace mse::cloud::auth {
namespace {

constexpr size_t kMaxClientId = 256;

net::ServerResponse Error(std::string error, std::string description) {
  return OAuthErrorResponse(OAuthError{std::move(error), std::move(description)});
}

// Public clients authenticate with nothing but their client_id (§3.2.1).
std::optional<net::ServerResponse> CheckClientId(const SecretForm& form) {
  const std::string_view id = form.Find("client_id").value_or("");
  bool printable = !id.empty() && id.size() <= kMaxClientId;
  for (char c : id) printable = printable && c >= 0x20 && c <= 0x7e;
  if (!printable) return Error("invalid_client", "client_id is required (at most 256 printable characters)");
  return std::nullopt;
}

// The code's row, consumed, or the error to answer.
StatusOr<AuthCode> ConsumeCode(Store& store, TokenService& tokens, const std::string& code_hash,
                               int64_t now) {
  auto code = store.ConsumeAuthCode(code_hash, now);
  if (code.status().code() == StatusCode::kNotFound) {
    return UnauthenticatedError("unknown authorization code");
  }
  if (code.status().code() == StatusCode::kFailedPrecondition) {
    // §4.1.2: a code used twice may have been stolen; what it gave is revoked.
    MSE_RETURN_IF_ERROR(tokens.RevokeLoginFromCode(code_hash));
    return UnauthenticatedError("the authorization code was already used");
  }
  if (!code.ok()) return code.status();
  if (code->expires_at <= now) return UnauthenticatedError("the authorization code expired");
  return code;
}

}  // namespace

net::ServerResponse OAuthServer::HandleToken(const net::ServerRequest& request) {
  SecretForm form;
  Status read = form.ReadBody(request);
  if (!read.ok()) return Error("invalid_request", read.message());
  if (auto name = form.Repeated(
          {"grant_type", "client_id", "code", "code_verifier", "redirect_uri", "refresh_token", "scope"})) {
    return Error("invalid_request", std::string(*name) + " is repeated");
  }
  const auto grant_type = form.Find("grant_type");
  if (!grant_type) return Error("invalid_request", "grant_type is required");
  if (*grant_type == "authorization_code") return ExchangeCode(form);
  if (*grant_type == "refresh_token") return RefreshGrant(form);
  return Error("unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
}

net::ServerResponse OAuthServer::ExchangeCode(const SecretForm& form) {
  if (auto error = CheckClientId(form)) return std::move(*error);
  for (std::string_view name : {"code", "code_verifier", "redirect_uri"}) {
    if (!form.Find(name)) return Error("invalid_request", std::string(name) + " is required");
  }
  const std::string client_id(*form.Find("client_id"));
  const std::string code_hash = HashToken(*form.Find("code"));
  auto code = ConsumeCode(store_, *tokens_, code_hash, clock_.NowUnixSeconds());
  if (!code.ok()) return OAuthErrorResponse(OAuthErrorFromStatus(code.status()));
  // The code is used up from here on, whatever fails next (§4.1.2): a
  // guessed verifier gets one try per code.
  if (code->client_id != client_id) {
    return Error("invalid_grant", "the authorization code was issued to another client");
  }
  if (code->redirect_uri != *form.Find("redirect_uri")) {
    return Error("invalid_grant", "redirect_uri does not match the authorization request");
  }
  if (!VerifyS256(*form.Find("code_verifier"), code->code_challenge)) {
    return Error("invalid_grant", "code_verifier does not match the code_challenge (PKCE S256)");
  }
  auto user = store_.GetUser(code->user_id);
  if (user.status().code() == StatusCode::kNotFound) return Error("invalid_grant", "the user no longer exists");
  if (!user.ok()) return OAuthErrorResponse(OAuthErrorFromStatus(user.status()));
  if (user->disabled) return Error("invalid_grant", "the account is disabled");
  auto grant = tokens_->IssueForLogin(*user, client_id, code->scope, code->audience, code_hash);
  if (!grant.ok()) return OAuthErrorResponse(OAuthErrorFromStatus(grant.status()));
  return TokenResponse(*grant);
}

net::ServerResponse OAuthServer::RefreshGrant(const SecretForm& form) {
  if (auto error = CheckClientId(form)) return std::move(*error);
  const auto token = form.Find("refresh_token");
  if (!token || token->empty()) return Error("invalid_request", "refresh_token is required");
  auto grant = tokens_->Refresh(*token, *form.Find("client_id"));
  if (!grant.ok()) return OAuthErrorResponse(OAuthErrorFromStatus(grant.status()));
  return TokenResponse(*grant);
}

net::ServerResponse OAuthServer::HandleRevoke(const net::ServerRequest& request) {
  SecretForm form;
  Status read = form.ReadBody(request);
  if (!read.ok()) return Error("invalid_request", read.message());
  const auto token = form.Find("token");
  if (!token || token->empty()) return Error("invalid_request", "token is required");
  // token_type_hint is optional and only a hint (RFC 7009 §2.1): only
  // refresh tokens are revocable, and an unknown token is no error (§2.2).
  Status revoked = tokens_->RevokeRefreshToken(*token);
  if (!revoked.ok()) return OAuthErrorResponse(OAuthErrorFromStatus(revoked));
  net::ServerResponse response = net::ServerResponse::Text(200, "");
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace mse::cloud::auth
