// POST /oauth/token and /oauth/revoke, and the whole PKCE flow as the CLI
// runs it.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "cloud/auth/oauth_test_util.h"
#include "crypto/jwt.h"

namespace mse::cloud::auth {
namespace {

using nlohmann::json;
using TokenEndpointTest = OAuthTest;

json Body(const net::ServerResponse& response) { return json::parse(response.body, nullptr, false); }

// The RFC 6749 §5.2 error of a response, checking its form on the way.
std::string ErrorOf(const net::ServerResponse& response) {
  EXPECT_EQ(HeaderOf(response, "Content-Type"), "application/json");
  EXPECT_EQ(HeaderOf(response, "Cache-Control"), "no-store");
  const json body = Body(response);
  EXPECT_TRUE(body.contains("error_description")) << response.body;
  return body.value("error", "");
}

TEST_F(TokenEndpointTest, FullPkceFlow) {
  // 1. The browser opens the login page.
  const std::string target =
      "/authorize?" + net::FormEncode(AuthorizeRequestFields(DefaultAuthorizeRequest()));
  ASSERT_EQ(server_->Dispatch(GetRequest(target))->status, 200);
  // 2. The form is posted: 302 to the CLI with code and state.
  net::FormFields form = AuthorizeRequestFields(DefaultAuthorizeRequest());
  form.emplace_back("email", kAliceEmail);
  form.emplace_back("password", kAlicePassword);
  const net::ServerResponse redirect = *server_->Dispatch(PostForm("/authorize", form));
  ASSERT_EQ(redirect.status, 302) << redirect.body;
  const net::FormFields query = LocationQuery(redirect);
  EXPECT_EQ(net::FindFormField(query, "state"), DefaultAuthorizeRequest().state);
  const std::string code(net::FindFormField(query, "code").value_or(""));
  // 3. The CLI exchanges the code with its verifier.
  const net::ServerResponse tokens =
      *server_->Dispatch(PostForm("/oauth/token", {{"grant_type", "authorization_code"},
                                                   {"client_id", kClientId},
                                                   {"code_verifier", kVerifier},
                                                   {"code", code},
                                                   {"redirect_uri", kRedirectUri}}));
  ASSERT_EQ(tokens.status, 200) << tokens.body;
  EXPECT_EQ(HeaderOf(tokens, "Cache-Control"), "no-store");
  const json body = Body(tokens);
  EXPECT_EQ(body["token_type"], "Bearer");
  EXPECT_EQ(body["expires_in"], 3600);
  EXPECT_EQ(body["scope"], DefaultAuthorizeRequest().scope);
  ASSERT_TRUE(body["refresh_token"].is_string());
  // 4. The access token verifies, and the API knows the user by it.
  const std::string access = body["access_token"];
  auto claims = crypto::VerifyJwtEs256(access, server_->tokens().public_key_pem());
  ASSERT_TRUE(claims.ok()) << claims.status().ToString();
  EXPECT_EQ(json::parse(*claims)["aud"], DefaultAuthorizeRequest().audience);
  auto user = server_->tokens().AuthenticateBearer("Bearer " + access);
  ASSERT_TRUE(user.ok()) << user.status().ToString();
  EXPECT_EQ(*user, kAliceId);
  // 5. The CLI reads the e-mail from the id token (formats §4).
  auto id = crypto::VerifyJwtEs256(body["id_token"].get<std::string>(), server_->tokens().public_key_pem());
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(json::parse(*id)["email"], kAliceEmail);
}

TEST_F(TokenEndpointTest, BadVerifierIsInvalidGrantAndBurnsTheCode) {
  const std::string code = CodeForAlice();
  std::string wrong = kVerifier;
  wrong[5] = wrong[5] == 'a' ? 'b' : 'a';
  EXPECT_EQ(ErrorOf(ExchangeCode(code, wrong)), "invalid_grant");
  EXPECT_EQ(ErrorOf(ExchangeCode(code)), "invalid_grant");  // one try per code
  EXPECT_EQ(ErrorOf(ExchangeCode(CodeForAlice(), "short")), "invalid_grant");
}

TEST_F(TokenEndpointTest, CodeReuseRefusedAndRevokesWhatTheCodeGave) {
  const std::string code = CodeForAlice();
  const net::ServerResponse first = ExchangeCode(code);
  ASSERT_EQ(first.status, 200) << first.body;
  const net::ServerResponse second = ExchangeCode(code);
  EXPECT_EQ(second.status, 400);
  EXPECT_EQ(ErrorOf(second), "invalid_grant");
  EXPECT_NE(Body(second)["error_description"].get<std::string>().find("already used"), std::string::npos);
  const std::string refresh = Body(first)["refresh_token"];
  EXPECT_EQ(
      ErrorOf(Token({{"grant_type", "refresh_token"}, {"client_id", kClientId}, {"refresh_token", refresh}})),
      "invalid_grant");
}

TEST_F(TokenEndpointTest, ExpiredCodeRefused) {
  const std::string code = CodeForAlice();
  env_.clock.SleepMillis(60'000);
  const net::ServerResponse response = ExchangeCode(code);
  EXPECT_EQ(ErrorOf(response), "invalid_grant");
  EXPECT_NE(response.body.find("expired"), std::string::npos);
  EXPECT_EQ(ErrorOf(ExchangeCode("never-issued")), "invalid_grant");
}

TEST_F(TokenEndpointTest, CodeIsBoundToRedirectUriAndClient) {
  std::string code = CodeForAlice();
  net::ServerResponse response = Token({{"grant_type", "authorization_code"},
                                        {"client_id", kClientId},
                                        {"code_verifier", kVerifier},
                                        {"code", code},
                                        {"redirect_uri", "http://localhost:5356/"}});
  EXPECT_EQ(ErrorOf(response), "invalid_grant");
  EXPECT_NE(response.body.find("redirect_uri"), std::string::npos);
  code = CodeForAlice();
  response = Token({{"grant_type", "authorization_code"},
                    {"client_id", "other-client"},
                    {"code_verifier", kVerifier},
                    {"code", code},
                    {"redirect_uri", kRedirectUri}});
  EXPECT_EQ(ErrorOf(response), "invalid_grant");
}

TEST_F(TokenEndpointTest, RequestErrors) {
  EXPECT_EQ(ErrorOf(Token({{"client_id", kClientId}})), "invalid_request");
  EXPECT_EQ(ErrorOf(Token({{"grant_type", "password"}, {"client_id", kClientId}})), "unsupported_grant_type");
  EXPECT_EQ(ErrorOf(Token({{"grant_type", "authorization_code"}, {"client_id", kClientId}})),
            "invalid_request");
  const net::ServerResponse no_client = Token({{"grant_type", "refresh_token"}, {"refresh_token", "x"}});
  EXPECT_EQ(no_client.status, 401);
  EXPECT_EQ(ErrorOf(no_client), "invalid_client");
  EXPECT_NE(HeaderOf(no_client, "WWW-Authenticate"), "");
  EXPECT_EQ(ErrorOf(Token({{"grant_type", "refresh_token"},
                           {"grant_type", "refresh_token"},
                           {"client_id", kClientId},
                           {"refresh_token", "x"}})),
            "invalid_request");
  net::ServerRequest json_body = PostForm("/oauth/token", {});
  json_body.headers = {{"Content-Type", "application/json"}};
  json_body.body = R"({"grant_type":"refresh_token"})";
  EXPECT_EQ(ErrorOf(server_->HandleToken(json_body)), "invalid_request");
}

TEST_F(TokenEndpointTest, RefreshGrantAndRevocation) {
  const json login = Body(ExchangeCode(CodeForAlice()));
  const std::string refresh = login["refresh_token"];
  const net::FormFields grant = {
      {"grant_type", "refresh_token"}, {"client_id", kClientId}, {"refresh_token", refresh}};
  const net::ServerResponse refreshed = Token(grant);
  ASSERT_EQ(refreshed.status, 200) << refreshed.body;
  const json body = Body(refreshed);
  EXPECT_FALSE(body.contains("refresh_token"));  // no rotation by default
  EXPECT_TRUE(body["id_token"].is_string());
  EXPECT_TRUE(server_->tokens().AuthenticateBearer("Bearer " + body["access_token"].get<std::string>()).ok());

  const net::ServerResponse revoked = server_->HandleRevoke(
      PostForm("/oauth/revoke", {{"token", refresh}, {"token_type_hint", "refresh_token"}}));
  EXPECT_EQ(revoked.status, 200);
  EXPECT_EQ(HeaderOf(revoked, "Cache-Control"), "no-store");
  EXPECT_EQ(ErrorOf(Token(grant)), "invalid_grant");
  // RFC 7009: unknown and already revoked tokens are still 200.
  EXPECT_EQ(server_->HandleRevoke(PostForm("/oauth/revoke", {{"token", refresh}})).status, 200);
  EXPECT_EQ(server_->HandleRevoke(PostForm("/oauth/revoke", {{"token", "unknown"}})).status, 200);
  EXPECT_EQ(ErrorOf(server_->HandleRevoke(PostForm("/oauth/revoke", {}))), "invalid_request");
}

TEST_F(TokenEndpointTest, RotationReturnsNewTokensAndReuseRevokesTheFamily) {
  MakeServer(/*rotate_refresh_tokens=*/true);
  const std::string first = Body(ExchangeCode(CodeForAlice()))["refresh_token"];
  const auto refresh = [&](const std::string& token) {
    return Token({{"grant_type", "refresh_token"}, {"client_id", kClientId}, {"refresh_token", token}});
  };
  const net::ServerResponse r2 = refresh(first);
  ASSERT_EQ(r2.status, 200) << r2.body;
  const std::string second = Body(r2)["refresh_token"];
  EXPECT_NE(second, first);
  EXPECT_EQ(ErrorOf(refresh(first)), "invalid_grant");   // reuse of a rotated-away token
  EXPECT_EQ(ErrorOf(refresh(second)), "invalid_grant");  // the family is gone
  for (const RefreshToken& row : store_.RefreshTokens()) EXPECT_TRUE(row.revoked_at.has_value());
}

TEST_F(TokenEndpointTest, StoreOutageIsTemporarilyUnavailable) {
  const std::string code = CodeForAlice();
  store_.SetUnavailable(true);
  const net::ServerResponse response = ExchangeCode(code);
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(ErrorOf(response), "temporarily_unavailable");
  EXPECT_EQ(server_->HandleRevoke(PostForm("/oauth/revoke", {{"token", "x"}})).status, 503);
  store_.SetUnavailable(false);
  EXPECT_EQ(ExchangeCode(code).status, 200);  // the failed attempt did not use the code
}

}  // namespace
}  // namespace mse::cloud::auth
