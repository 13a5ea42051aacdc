#include "cloud/auth/token_service.h"

#include <utility>

#include "base/encoding.h"
#include "cloud/auth/opaque_token.h"
#include "cloud/auth/token_claims.h"
#include "crypto/hash.h"
#include "crypto/jwt.h"

namespace mse::cloud::auth {
namespace {

constexpr std::string_view kFamilyDomain = "mse-cloud refresh token family";

// RFC 6750 §2.1: "Bearer" (any case), then the token.
StatusOr<std::string_view> BearerToken(std::string_view header) {
  constexpr std::string_view kScheme = "bearer ";
  if (header.size() <= kScheme.size()) return UnauthenticatedError("no bearer token");
  for (size_t i = 0; i < kScheme.size(); ++i) {
    const char c = header[i];
    if ((c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c) != kScheme[i]) {
      return UnauthenticatedError("the Authorization header is not a bearer token");
    }
  }
  std::string_view token = header.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty()) return UnauthenticatedError("no bearer token");
  return token;
}

RefreshToken NewRefreshRow(const std::string& id, const std::string& family_id, const std::string& user_id,
                           TokenKind kind, const std::string& token, int64_t now) {
  RefreshToken row;  // client, scope and audience: set by the caller
  row.id = id;
  row.token_hash = HashToken(token);
  row.user_id = user_id;
  row.kind = kind;
  row.family_id = family_id;
  row.created_at = now;
  return row;
}

}  // namespace

StatusOr<std::unique_ptr<TokenService>> TokenService::New(TokenServiceOptions options, Store& store,
                                                          Env env) {
  if (options.issuer.empty()) return InvalidArgumentError("token service: the issuer is empty");
  if (options.access_token_ttl_seconds <= 0) {
    return InvalidArgumentError("token service: the access token lifetime must be positive");
  }
  auto public_pem = crypto::JwtPublicKeyPem(options.signing_key_pem);
  if (!public_pem.ok()) return public_pem.status().WithContext("token signing key");
  if (options.key_id.empty()) {
    // Stable for a key, different across keys: enough for a verifier to
    // notice a key change.
    options.key_id = HexEncode(crypto::Sha256(AsBytes(*public_pem))).substr(0, 16);
  }
  if (options.refresh_audience.empty()) options.refresh_audience = options.issuer;
  return std::unique_ptr<TokenService>(
      new TokenService(std::move(options), std::move(*public_pem), store, env));
}

TokenService::TokenService(TokenServiceOptions options, std::string public_key_pem, Store& store, Env env)
    : options_(std::move(options)),
      public_key_pem_(std::move(public_key_pem)),
      store_(store),
      clock_(*env.clock),
      random_(*env.random) {}

TokenService::~TokenService() = default;

StatusOr<TokenGrant> TokenService::SignTokens(const User& user, std::string_view client_id,
                                              std::string_view scope, std::string_view audience) {
  const int64_t now = clock_.NowUnixSeconds();
  const int64_t exp = now + options_.access_token_ttl_seconds;
  TokenGrant grant;
  grant.scope = std::string(scope);
  grant.expires_in = options_.access_token_ttl_seconds;
  const AccessTokenClaims access{
      options_.issuer, user.id, std::string(audience), std::string(client_id), grant.scope, now, exp};
  MSE_ASSIGN_OR_RETURN(grant.access_token, crypto::SignJwtEs256(AccessTokenClaimsJson(access),
                                                                options_.signing_key_pem, options_.key_id));
  const IdTokenClaims id{options_.issuer, user.id, std::string(client_id), user.email, now, exp};
  MSE_ASSIGN_OR_RETURN(
      grant.id_token, crypto::SignJwtEs256(IdTokenClaimsJson(id), options_.signing_key_pem, options_.key_id));
  return grant;
}

StatusOr<User> TokenService::ActiveUser(const std::string& user_id) {
  auto user = store_.GetUser(user_id);
  if (user.status().code() == StatusCode::kNotFound) return UnauthenticatedError("the user no longer exists");
  if (!user.ok()) return user.status();
  if (user->disabled) return UnauthenticatedError("the account is disabled");
  return user;
}

StatusOr<TokenGrant> TokenService::IssueForLogin(const User& user, std::string_view client_id,
                                                 std::string_view scope, std::string_view audience,
                                                 std::string_view code_hash) {
  const std::string family = code_hash.empty() ? NewUuid(random_) : DerivedUuid(kFamilyDomain, code_hash);
  const std::string token = NewOpaqueToken(random_);
  RefreshToken row = NewRefreshRow(family, family, user.id, TokenKind::kLogin, token, clock_.NowUnixSeconds());
  row.client_id = std::string(client_id);
  row.scope = std::string(scope);
  row.audience = audience.empty() ? options_.issuer : std::string(audience);
  MSE_RETURN_IF_ERROR(store_.AddRefreshToken(row));
  MSE_ASSIGN_OR_RETURN(TokenGrant grant, SignTokens(user, client_id, row.scope, row.audience));
  grant.refresh_token = token;
  return grant;
}

StatusOr<std::string> TokenService::CreateRefreshToken(const std::string& user_id, TokenKind kind) {
  MSE_ASSIGN_OR_RETURN(User user, ActiveUser(user_id));
  const std::string id = NewUuid(random_);
  const std::string token = NewOpaqueToken(random_);
  MSE_RETURN_IF_ERROR(
      store_.AddRefreshToken(NewRefreshRow(id, id, user.id, kind, token, clock_.NowUnixSeconds())));
  return token;
}

StatusOr<RefreshToken> TokenService::UsableRefreshToken(const std::string& hash) {
  auto row = store_.GetRefreshToken(hash);
  if (row.status().code() == StatusCode::kNotFound) return UnauthenticatedError("unknown refresh token");
  if (!row.ok()) return row.status();
  if (row->revoked_at.has_value()) return UnauthenticatedError("the refresh token was revoked");
  if (row->used_at.has_value()) {
    // A token rotated away came back: whoever holds it (thief or victim),
    // the chain can no longer be trusted (RFC 6819 §5.2.2.3).
    MSE_RETURN_IF_ERROR(store_.RevokeTokenFamily(row->family_id, clock_.NowUnixSeconds()));
    return UnauthenticatedError("the refresh token was already used; its sign-in is revoked");
  }
  return row;
}

// The next token of the family when rotation applies, or nothing.
StatusOr<std::optional<std::string>> TokenService::MaybeRotate(const RefreshToken& current) {
  if (!options_.rotate_refresh_tokens || current.kind != TokenKind::kLogin) {
    return std::optional<std::string>();
  }
  const int64_t now = clock_.NowUnixSeconds();
  const std::string token = NewOpaqueToken(random_);
  RefreshToken next = NewRefreshRow(NewUuid(random_), current.family_id, current.user_id, current.kind, token, now);
  next.client_id = current.client_id;
  next.scope = current.scope;
  next.audience = current.audience;
  Status s = store_.RotateRefreshToken(current.token_hash, next, now);
  if (s.code() == StatusCode::kFailedPrecondition) {
    // Another request used or revoked it in between: treat it as reuse.
    MSE_RETURN_IF_ERROR(store_.RevokeTokenFamily(current.family_id, now));
    return UnauthenticatedError("the refresh token was already used; its sign-in is revoked");
  }
  MSE_RETURN_IF_ERROR(s);
  return std::optional<std::string>(token);
}

StatusOr<TokenGrant> TokenService::Refresh(std::string_view refresh_token, std::string_view client_id) {
  MSE_ASSIGN_OR_RETURN(RefreshToken row, UsableRefreshToken(HashToken(refresh_token)));
  // RFC 6749 §6: a token issued to one client is not another's (CI tokens
  // were issued to no client in particular).
  if (!row.client_id.empty() && row.client_id != client_id) {
    return UnauthenticatedError("the refresh token was issued to another client");
  }
  MSE_ASSIGN_OR_RETURN(User user, ActiveUser(row.user_id));
  MSE_ASSIGN_OR_RETURN(std::optional<std::string> next, MaybeRotate(row));
  MSE_ASSIGN_OR_RETURN(TokenGrant grant,
                       SignTokens(user, client_id, row.scope.empty() ? options_.refresh_scope : row.scope,
                                  row.audience.empty() ? options_.refresh_audience : row.audience));
  grant.refresh_token = std::move(next);
  return grant;
}

Status TokenService::RevokeRefreshToken(std::string_view refresh_token) {
  auto row = store_.GetRefreshToken(HashToken(refresh_token));
  if (row.status().code() == StatusCode::kNotFound) return Status::Ok();
  MSE_RETURN_IF_ERROR(row.status());
  return store_.RevokeTokenFamily(row->family_id, clock_.NowUnixSeconds());
}

Status TokenService::RevokeLoginFromCode(std::string_view code_hash) {
  Status s = store_.RevokeTokenFamily(DerivedUuid(kFamilyDomain, code_hash), clock_.NowUnixSeconds());
  return s.code() == StatusCode::kNotFound ? Status::Ok() : s;
}

StatusOr<std::string> TokenService::AuthenticateBearer(std::string_view authorization_header) {
  MSE_ASSIGN_OR_RETURN(std::string_view token, BearerToken(authorization_header));
  auto claims = crypto::VerifyJwtEs256(token, public_key_pem_);
  if (!claims.ok()) return UnauthenticatedError(claims.status().message());
  MSE_ASSIGN_OR_RETURN(std::string user_id,
                       CheckAccessTokenClaims(*claims, options_.issuer, clock_.NowUnixSeconds()));
  MSE_ASSIGN_OR_RETURN(User user, ActiveUser(user_id));
  return user.id;
}

}  // namespace mse::cloud::auth
