// Issues and checks mse-cloud's tokens (docs/cloud-backend.md, "Tokens"):
// ES256 access and id tokens, and opaque refresh tokens kept in the Store as
// SHA-256 only, revocable, optionally rotated with reuse detection.
#ifndef MSE_CLOUD_AUTH_TOKEN_SERVICE_H_
#define MSE_CLOUD_AUTH_TOKEN_SERVICE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/env.h"
#include "base/status.h"
#include "cloud/store/store.h"

namespace mse::cloud::auth {

struct TokenServiceOptions {
  std::string issuer;           // "iss" of every token: the api_url
  std::string signing_key_pem;  // P-256 PKCS#8 (jwt-key.pem); wiped with the options
  std::string key_id;           // JWT "kid"; derived from the public key when empty
  int64_t access_token_ttl_seconds = 3600;
  bool rotate_refresh_tokens = false;  // login tokens only: CI tokens never rotate
  // The refresh_tokens table keeps no audience or scope, so access tokens
  // from a refresh grant get these ("" audience: the issuer).
  std::string refresh_audience;
  std::string refresh_scope = "openid profile email offline_access";

  ~TokenServiceOptions() { WipeMemory(signing_key_pem.data(), signing_key_pem.size()); }
};

// What a successful token request hands out.
struct TokenGrant {
  std::string access_token;
  std::string id_token;
  std::optional<std::string> refresh_token;  // a new one: after login, or a rotation
  int64_t expires_in = 0;                    // seconds
  std::string scope;
};

// Thread-safe (it holds no mutable state; the Store is). Not copyable.
// Errors: Unauthenticated (with the reason) for every token or user that
// does not pass — the OAuth layer turns it into invalid_grant or 401 —
// and the Store's own error (Unavailable, Internal) when it fails.
class TokenService {
 public:
  // InvalidArgument when the issuer is empty, the TTL is not positive or
  // the key is not a P-256 PKCS#8 PEM. `store` and env's clock and random
  // must outlive the service.
  static StatusOr<std::unique_ptr<TokenService>> New(TokenServiceOptions options, Store& store, Env env);
  ~TokenService();
  TokenService(const TokenService&) = delete;
  TokenService& operator=(const TokenService&) = delete;

  // After an authorization-code exchange: access and id tokens, and the
  // first refresh token of a new family whose id is derived from the code's
  // hash (see RevokeLoginFromCode).
  StatusOr<TokenGrant> IssueForLogin(const User& user, std::string_view client_id, std::string_view scope,
                                     std::string_view audience, std::string_view code_hash);

  // refresh_token grant. Unauthenticated for an unknown or revoked token, a
  // token already rotated away (its whole family is then revoked), or a
  // user who is gone or disabled. With rotation on (login tokens), the
  // grant carries the next token and the presented one is used up.
  StatusOr<TokenGrant> Refresh(std::string_view refresh_token, std::string_view client_id);

  // A refresh token of `kind` for an existing user (`admin token create`
  // makes kCi ones), in a family of its own. The text is returned once.
  StatusOr<std::string> CreateRefreshToken(const std::string& user_id, TokenKind kind);

  // Revokes the token's whole family. OK for a token the store does not know
  // (RFC 7009 §2.2), including access tokens, which cannot be revoked.
  Status RevokeRefreshToken(std::string_view refresh_token);

  // An authorization code presented twice (RFC 6749 §4.1.2): revokes the
  // refresh tokens issued from it.
  Status RevokeLoginFromCode(std::string_view code_hash);

  // `Authorization: Bearer <access token>` → the user id, once the
  // signature, "iss", "token_use", "exp" (against the Clock), and the user
  // (exists, not disabled) pass. Unauthenticated otherwise.
  StatusOr<std::string> AuthenticateBearer(std::string_view authorization_header);

  const std::string& public_key_pem() const { return public_key_pem_; }
  const std::string& issuer() const { return options_.issuer; }

 private:
  TokenService(TokenServiceOptions options, std::string public_key_pem, Store& store, Env env);
  StatusOr<TokenGrant> SignTokens(const User& user, std::string_view client_id, std::string_view scope,
                                  std::string_view audience);
  StatusOr<RefreshToken> UsableRefreshToken(const std::string& hash);
  StatusOr<User> ActiveUser(const std::string& user_id);
  StatusOr<std::optional<std::string>> MaybeRotate(const RefreshToken& current);

  TokenServiceOptions options_;
  std::string public_key_pem_;
  Store& store_;
  Clock& clock_;
  Random& random_;
};

}  // namespace mse::cloud::auth

#endif  // MSE_CLOUD_AUTH_TOKEN_SERVICE_H_
