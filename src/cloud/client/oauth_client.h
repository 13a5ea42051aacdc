// The OAuth 2 client of `mse login` and of every command that needs an
// access token (spec/cloud.md §1.1–1.2, formats.md §18 "Token wire";
// quirks ): PKCE S256, the authorize URL, the authorization-code
// and refresh-token grants, revocation and logout, and a session that keeps
// an access token fresh and reports a rotated refresh token to be saved.
//
// Tokens are secrets: nothing here logs or prints them, and the structures
// holding them wipe their memory when destroyed.
#ifndef MSE_CLOUD_CLIENT_OAUTH_CLIENT_H_
#define MSE_CLOUD_CLIENT_OAUTH_CLIENT_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "base/env.h"
#include "base/status.h"
#include "cloud/client/endpoints.h"
#include "net/http_client.h"

namespace mse::cloud {

inline constexpr char kRedirectUri[] = "http://localhost:5355/";
inline constexpr int kCallbackPort = 5355;
inline constexpr char kScope[] =
    "openid profile email read:current_user update:current_user_metadata offline_access";
// The original refreshes when now >= exp - 1000 s (cloud.md §1.1).
inline constexpr int64_t kRefreshMarginSeconds = 1000;

// A std::string wiped when destroyed. Move-only.
class SecretString {
 public:
  SecretString() = default;
  explicit SecretString(std::string value) : value_(std::move(value)) {}
  ~SecretString() { Wipe(); }
  SecretString(SecretString&& other) noexcept : value_(std::move(other.value_)) { other.value_.clear(); }
  SecretString& operator=(SecretString&& other) noexcept;
  SecretString(const SecretString&) = delete;
  SecretString& operator=(const SecretString&) = delete;
  const std::string& value() const { return value_; }
  bool empty() const { return value_.empty(); }

 private:
  void Wipe() { WipeMemory(value_.data(), value_.size()); }
  std::string value_;
};

struct Pkce {
  SecretString verifier;  // 43 base64url characters (32 random bytes)
  std::string challenge;  // b64u(SHA-256(verifier))
  std::string state;      // 22 base64url characters (16 random bytes)
};
Pkce NewPkce(Random& random);
std::string PkceChallenge(std::string_view verifier);

// {authorization}?response_type=code&code_challenge_method=S256&
// code_challenge=…&client_id=…&redirect_uri=…&scope=…&audience=…&state=…
std::string AuthorizeUrl(const AuthEndpoints& auth, const Pkce& pkce, std::string_view redirect_uri);

struct TokenSet {
  SecretString access_token;
  SecretString refresh_token;  // empty when the server did not send one
  SecretString id_token;       // empty when the server did not send one
  int64_t expires_at = 0;      // Unix seconds: `exp` of the access token, else now + expires_in
};

// The payload of a JWT read WITHOUT checking its signature (Q-75: the
// token comes straight from the token endpoint over TLS; `exp` only times
// the refresh and `email` is display-only). InvalidArgument for a token
// that is not three dot-separated base64url parts with a JSON object payload.
struct JwtClaims {
  std::optional<int64_t> exp;
  std::string email;
};
StatusOr<JwtClaims> ReadJwtClaimsUnverified(std::string_view jwt);

// Not copyable; `http` and `clock` must outlive it. Every call has a 30 s
// timeout. A grant refused by the server fails with Unauthenticated carrying
// its `error_description` (or `error`, or the body); an unreachable server
// with Unavailable naming the URL.
class OAuthClient {
 public:
  OAuthClient(AuthEndpoints endpoints, net::HttpClient& http, Clock& clock);
  const AuthEndpoints& endpoints() const { return endpoints_; }

  StatusOr<TokenSet> ExchangeCode(std::string_view code, std::string_view verifier,
                                  std::string_view redirect_uri);
  StatusOr<TokenSet> Refresh(std::string_view refresh_token);
  // RFC 7009 revocation of a refresh token.
  Status Revoke(std::string_view refresh_token);
  // POST {logout}?federated.
  Status Logout();
  // OK when the authorization server answers anything at all.
  Status Probe();

 private:
  StatusOr<TokenSet> Grant(const std::string& form_body);
  StatusOr<net::HttpResponse> Post(const std::string& url, const std::string& form_body);

  AuthEndpoints endpoints_;
  net::HttpClient& http_;
  Clock& clock_;
};

// Called with the new refresh token when the server rotated it.
using RefreshTokenSaver = std::function<Status(const std::string& new_refresh_token)>;

// Keeps an access token for API calls. Not copyable, not thread-safe.
class Session {
 public:
  Session(OAuthClient& oauth, Clock& clock, SecretString refresh_token, RefreshTokenSaver save_rotated);

  // The current access token, refreshed first when there is none yet or
  // when now >= expiry - 1000 s. Unauthenticated "Are you logged in? Can't
  // get access token: <reason> …" when the refresh is refused.
  StatusOr<std::string> AccessToken();
  const std::string& refresh_token() const { return refresh_token_.value(); }

 private:
  OAuthClient& oauth_;
  Clock& clock_;
  SecretString refresh_token_;
  RefreshTokenSaver save_rotated_;
  SecretString access_token_;
  int64_t expires_at_ = 0;
};

}  // namespace mse::cloud

#endif  // MSE_CLOUD_CLIENT_OAUTH_CLIENT_H_
