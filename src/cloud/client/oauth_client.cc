#include "cloud/client/oauth_client.h"

#include <nlohmann/json.hpp>

#include "base/encoding.h"
#include "cloud/client/models.h"
#include "cloud/client/url.h"
#include "crypto/hash.h"

namespace mse::cloud {
namespace {

using Json = nlohmann::json;

constexpr std::chrono::seconds kTimeout{30};

std::string RandomToken(Random& random, size_t bytes) {
  SecretBytes raw(bytes);
  random.Fill(raw.mutable_view());
  return Base64UrlEncode(raw.view());
}

std::string StringMember(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The token endpoint's answer: access_token (required), refresh_token,
// id_token, expires_in.
StatusOr<TokenSet> ParseTokenResponse(std::string& body, int64_t now, const std::string& url) {
  Json j = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  WipeMemory(body.data(), body.size());
  if (!j.is_object() || StringMember(j, "access_token").empty()) {
    return InvalidArgumentError("the token endpoint " + url + " answered without an access_token");
  }
  TokenSet tokens;
  tokens.access_token = SecretString(StringMember(j, "access_token"));
  tokens.refresh_token = SecretString(StringMember(j, "refresh_token"));
  tokens.id_token = SecretString(StringMember(j, "id_token"));
  auto claims = ReadJwtClaimsUnverified(tokens.access_token.value());
  if (claims.ok() && claims->exp) {
    tokens.expires_at = *claims->exp;
  } else if (auto it = j.find("expires_in"); it != j.end() && it->is_number_integer()) {
    tokens.expires_at = now + it->get<int64_t>();
  } else {
    tokens.expires_at = now;  // unknown: refreshed before each use
  }
  for (auto& [key, value] : j.items()) {
    if (value.is_string())
      WipeMemory(value.get_ref<std::string&>().data(), value.get_ref<std::string&>().size());
  }
  return tokens;
}

}  // namespace

SecretString& SecretString::operator=(SecretString&& other) noexcept {
  if (this != &other) {
    Wipe();
    value_ = std::move(other.value_);
    other.value_.clear();
  }
  return *this;
}

std::string PkceChallenge(std::string_view verifier) {
  return Base64UrlEncode(crypto::Sha256(AsBytes(verifier)));
}

Pkce NewPkce(Random& random) {
  Pkce pkce;
  pkce.verifier = SecretString(RandomToken(random, 32));
  pkce.challenge = PkceChallenge(pkce.verifier.value());
  pkce.state = RandomToken(random, 16);
  return pkce;
}

std::string AuthorizeUrl(const AuthEndpoints& auth, const Pkce& pkce, std::string_view redirect_uri) {
  net::FormFields query = {{"response_type", "code"},
                           {"code_challenge_method", "S256"},
                           {"code_challenge", pkce.challenge},
                           {"client_id", auth.client_id},
                           {"redirect_uri", std::string(redirect_uri)},
                           {"scope", kScope},
                           {"audience", auth.audience},
                           {"state", pkce.state}};
  return auth.authorization + "?" + net::FormEncode(query);
}

StatusOr<JwtClaims> ReadJwtClaimsUnverified(std::string_view jwt) {
  size_t first = jwt.find('.');
  size_t second = first == std::string_view::npos ? first : jwt.find('.', first + 1);
  if (second == std::string_view::npos)
    return InvalidArgumentError("the token is not a JWT (three dot-separated parts)");
  auto payload = Base64UrlDecode(jwt.substr(first + 1, second - first - 1));
  if (!payload.ok()) return InvalidArgumentError("the token's payload is not base64url");
  Json j = Json::parse(payload->begin(), payload->end(), nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return InvalidArgumentError("the token's payload is not a JSON object");
  JwtClaims claims;
  if (auto it = j.find("exp"); it != j.end() && it->is_number()) claims.exp = it->get<int64_t>();
  claims.email = StringMember(j, "email");
  return claims;
}

OAuthClient::OAuthClient(AuthEndpoints endpoints, net::HttpClient& http, Clock& clock)
    : endpoints_(std::move(endpoints)), http_(http), clock_(clock) {}

StatusOr<net::HttpResponse> OAuthClient::Post(const std::string& url, const std::string& form_body) {
  net::HttpRequest request;
  request.method = "POST";
  request.url = url;
  request.body = form_body;
  request.timeout = kTimeout;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Accept", "application/json"},
                     {"User-Agent", "mse-cli/1.3"}};
  auto response = http_.Send(request);
  WipeMemory(request.body.data(), request.body.size());
  if (!response.ok()) {
    return UnavailableError("cannot reach the authorization server (" + response.status().message() +
                            "): check MSE_AUTH0_DOMAIN_NAME or MSE_BASE_URL");
  }
  return response;
}

StatusOr<TokenSet> OAuthClient::Grant(const std::string& form_body) {
  MSE_ASSIGN_OR_RETURN(net::HttpResponse response, Post(endpoints_.token, form_body));
  if (response.status < 200 || response.status >= 300) {
    std::string reason = api::ErrorText(response.body);
    WipeMemory(response.body.data(), response.body.size());
    return UnauthenticatedError(reason.empty() ? "HTTP " + std::to_string(response.status) : reason);
  }
  return ParseTokenResponse(response.body, clock_.NowUnixSeconds(), endpoints_.token);
}

StatusOr<TokenSet> OAuthClient::ExchangeCode(std::string_view code, std::string_view verifier,
                                             std::string_view redirect_uri) {
  std::string form = net::FormEncode({{"grant_type", "authorization_code"},
                                      {"client_id", endpoints_.client_id},
                                      {"code_verifier", std::string(verifier)},
                                      {"code", std::string(code)},
                                      {"redirect_uri", std::string(redirect_uri)}});
  auto tokens = Grant(form);
  WipeMemory(form.data(), form.size());
  return tokens;
}

StatusOr<TokenSet> OAuthClient::Refresh(std::string_view refresh_token) {
  std::string form = net::FormEncode({{"grant_type", "refresh_token"},
                                      {"client_id", endpoints_.client_id},
                                      {"refresh_token", std::string(refresh_token)}});
  auto tokens = Grant(form);
  WipeMemory(form.data(), form.size());
  return tokens;
}

Status OAuthClient::Revoke(std::string_view refresh_token) {
  if (endpoints_.revocation.empty())
    return FailedPreconditionError("the authorization server has no revocation endpoint");
  std::string form = net::FormEncode({{"token", std::string(refresh_token)},
                                      {"token_type_hint", "refresh_token"},
                                      {"client_id", endpoints_.client_id}});
  auto response = Post(endpoints_.revocation, form);
  WipeMemory(form.data(), form.size());
  if (!response.ok()) return response.status();
  if (response->status != 200) {
    return UnavailableError("revocation refused by " + endpoints_.revocation + ": HTTP " +
                            std::to_string(response->status) + " " + api::ErrorText(response->body));
  }
  return Status::Ok();
}

Status OAuthClient::Logout() {
  if (endpoints_.logout.empty()) return Status::Ok();
  MSE_ASSIGN_OR_RETURN(net::HttpResponse response, Post(endpoints_.logout + "?federated", ""));
  if (response.status >= 400) {
    return UnavailableError("logout refused by " + endpoints_.logout + ": HTTP " +
                            std::to_string(response.status));
  }
  return Status::Ok();
}

Status OAuthClient::Probe() {
  net::HttpRequest request;
  request.url = endpoints_.probe_url;
  request.timeout = std::chrono::seconds(10);
  auto response = http_.Send(request);
  if (response.ok()) return Status::Ok();
  return UnavailableError("cannot reach the authorization server (" + response.status().message() +
                          "): check MSE_AUTH0_DOMAIN_NAME, or MSE_BASE_URL for an mse-cloud backend");
}

Session::Session(OAuthClient& oauth, Clock& clock, SecretString refresh_token, RefreshTokenSaver save_rotated)
    : oauth_(oauth),
      clock_(clock),
      refresh_token_(std::move(refresh_token)),
      save_rotated_(std::move(save_rotated)) {}

StatusOr<std::string> Session::AccessToken() {
  if (!access_token_.empty() && clock_.NowUnixSeconds() < expires_at_ - kRefreshMarginSeconds) {
    return access_token_.value();
  }
  auto tokens = oauth_.Refresh(refresh_token_.value());
  if (!tokens.ok()) {
    if (tokens.status().code() != StatusCode::kUnauthenticated) return tokens.status();
    std::string reason = tokens.status().message();
    while (!reason.empty() && reason.back() == '.') reason.pop_back();
    return UnauthenticatedError("Are you logged in? Can't get access token: " + reason +
                                ". Run `mse login` again");
  }
  if (!tokens->refresh_token.empty() && tokens->refresh_token.value() != refresh_token_.value()) {
    refresh_token_ = std::move(tokens->refresh_token);
    if (save_rotated_) MSE_RETURN_IF_ERROR(save_rotated_(refresh_token_.value()));
  }
  access_token_ = std::move(tokens->access_token);
  expires_at_ = tokens->expires_at;
  return access_token_.value();
}

}  // namespace mse::cloud
