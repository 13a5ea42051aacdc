#include "cloud/client/oauth_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>

#include "base/fake_env.h"
#include "cloud/client/fake_http_server.h"
#include "cloud/client/test_jwt.h"
#include "cloud/client/url.h"

namespace mse::cloud {
namespace {

using testing::FakeHttpServer;
using ::testing::HasSubstr;
using testing::Json;
using testing::MakeJwt;

AuthEndpoints EndpointsAt(const std::string& url) {
  AuthEndpoints auth;
  auth.authorization = url + "/authorize";
  auth.token = url + "/oauth/token";
  auth.revocation = url + "/oauth/revoke";
  auth.logout = url + "/logout";
  auth.client_id = "client-1";
  auth.audience = "https://aud/";
  auth.probe_url = url + "/.well-known/mse";
  return auth;
}

TEST(PkceTest, ChallengeOfTheRfc7636Example) {
  EXPECT_EQ(PkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(PkceTest, FreshValuesHaveTheRightShape) {
  FakeRandom random;
  Pkce a = NewPkce(random);
  Pkce b = NewPkce(random);
  EXPECT_EQ(a.verifier.value().size(), 43u);
  EXPECT_EQ(a.state.size(), 22u);
  EXPECT_EQ(a.challenge, PkceChallenge(a.verifier.value()));
  EXPECT_NE(a.verifier.value(), b.verifier.value());
  EXPECT_NE(a.state, b.state);
}

TEST(PkceTest, AuthorizeUrlHasEveryParameterInOrder) {
  Pkce pkce;
  pkce.challenge = "CH";
  pkce.state = "ST";
  std::string url = AuthorizeUrl(EndpointsAt("http://auth"), pkce, kRedirectUri);
  EXPECT_EQ(
      url,
      "http://auth/"
      "authorize?response_type=code&code_challenge_method=S256&code_challenge=CH&client_id=client-1"
      "&redirect_uri=http%3A%2F%2Flocalhost%3A5355%2F&scope=openid%20profile%20email%20read%3Acurrent_user%20"
      "update%3Acurrent_user_metadata%20offline_access&audience=https%3A%2F%2Faud%2F&state=ST");
}

TEST(JwtTest, ClaimsReadWithoutVerification) {
  auto claims = ReadJwtClaimsUnverified(MakeJwt(R"({"exp": 1700003600, "email": "a@b.c"})"));
  ASSERT_TRUE(claims.ok());
  EXPECT_EQ(claims->exp, 1700003600);
  EXPECT_EQ(claims->email, "a@b.c");
  EXPECT_FALSE(ReadJwtClaimsUnverified("not-a-jwt").ok());
  EXPECT_FALSE(ReadJwtClaimsUnverified("a.bm90IGpzb24.c").ok());
}

// A token endpoint that counts grants and can rotate the refresh token.
class TokenServer {
 public:
  explicit TokenServer(FakeClock& clock) : clock_(clock) {}
  net::ServerResponse Answer(const net::ServerRequest& r) {
    auto form = ParseQuery("?" + r.body);
    if (r.target == "/oauth/revoke") return Json(200, "{}");
    if (form["grant_type"] == "refresh_token" && form["refresh_token"] != current_refresh) {
      return Json(403,
                  R"({"error": "invalid_grant", "error_description": "Unknown or invalid refresh token."})");
    }
    ++grants;
    std::string next = rotate ? "refresh-" + std::to_string(grants) : current_refresh;
    current_refresh = next;
    std::string exp = std::to_string(clock_.NowUnixSeconds() + 3600);
    return Json(200, R"({"access_token": ")" + MakeJwt(R"({"exp": )" + exp + "}") +
                         R"(", "refresh_token": ")" + next + R"(", "id_token": ")" +
                         MakeJwt(R"({"email": "a@b.c"})") + R"(", "expires_in": 3600})");
  }
  std::atomic<int> grants{0};
  std::string current_refresh = "refresh-0";
  bool rotate = false;

 private:
  FakeClock& clock_;
};

class OAuthTest : public ::testing::Test {
 protected:
  OAuthTest() : tokens_(clock_), server_([this](const net::ServerRequest& r) { return tokens_.Answer(r); }) {}
  FakeClock clock_{1700000000};
  TokenServer tokens_;
  FakeHttpServer server_;
  std::unique_ptr<net::HttpClient> http_ = net::NewCurlHttpClient();
};

TEST_F(OAuthTest, CodeGrantSendsPkceVerifierAndReturnsTokens) {
  OAuthClient oauth(EndpointsAt(server_.url()), *http_, clock_);
  auto tokens = oauth.ExchangeCode("the-code", "the-verifier", kRedirectUri);
  ASSERT_TRUE(tokens.ok()) << tokens.status().ToString();
  EXPECT_EQ(tokens->expires_at, 1700003600);
  EXPECT_EQ(ReadJwtClaimsUnverified(tokens->id_token.value())->email, "a@b.c");
  auto seen = server_.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].target, "/oauth/token");
  EXPECT_EQ(seen[0].Header("Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(seen[0].body,
            "grant_type=authorization_code&client_id=client-1&code_verifier=the-verifier&code=the-code"
            "&redirect_uri=http%3A%2F%2Flocalhost%3A5355%2F");
}

TEST_F(OAuthTest, SessionRefreshesOnlyWhenCloseToExpiry) {
  OAuthClient oauth(EndpointsAt(server_.url()), *http_, clock_);
  Session session(oauth, clock_, SecretString("refresh-0"), nullptr);
  ASSERT_TRUE(session.AccessToken().ok());
  ASSERT_TRUE(session.AccessToken().ok());
  EXPECT_EQ(tokens_.grants.load(), 1);
  clock_.Set(1700000000 + 3600 - 1001);  // still more than 1000 s left
  ASSERT_TRUE(session.AccessToken().ok());
  EXPECT_EQ(tokens_.grants.load(), 1);
  clock_.Set(1700000000 + 3600 - 1000);  // now >= exp - 1000
  ASSERT_TRUE(session.AccessToken().ok());
  EXPECT_EQ(tokens_.grants.load(), 2);
}

TEST_F(OAuthTest, RotatedRefreshTokenIsSaved) {
  tokens_.rotate = true;
  OAuthClient oauth(EndpointsAt(server_.url()), *http_, clock_);
  std::vector<std::string> saved;
  Session session(oauth, clock_, SecretString("refresh-0"), [&saved](const std::string& t) {
    saved.push_back(t);
    return Status::Ok();
  });
  ASSERT_TRUE(session.AccessToken().ok());
  EXPECT_EQ(saved, (std::vector<std::string>{"refresh-1"}));
  clock_.Set(1700000000 + 7200);
  ASSERT_TRUE(session.AccessToken().ok());  // uses refresh-1, gets refresh-2
  EXPECT_EQ(saved, (std::vector<std::string>{"refresh-1", "refresh-2"}));
  EXPECT_EQ(session.refresh_token(), "refresh-2");
}

TEST_F(OAuthTest, RefusedRefreshSaysToLogInAgain) {
  OAuthClient oauth(EndpointsAt(server_.url()), *http_, clock_);
  Session session(oauth, clock_, SecretString("stale"), nullptr);
  auto token = session.AccessToken();
  ASSERT_FALSE(token.ok());
  EXPECT_EQ(token.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(
      token.status().message(),
      "Are you logged in? Can't get access token: Unknown or invalid refresh token. Run `mse login` again");
}

TEST_F(OAuthTest, RevokeAndLogoutPostToTheirEndpoints) {
  OAuthClient oauth(EndpointsAt(server_.url()), *http_, clock_);
  ASSERT_TRUE(oauth.Revoke("refresh-0").ok());
  server_.set_respond([](const net::ServerRequest&) { return Json(200, ""); });
  ASSERT_TRUE(oauth.Logout().ok());
  ASSERT_TRUE(oauth.Probe().ok());
  auto seen = server_.requests();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].target, "/oauth/revoke");
  EXPECT_EQ(seen[0].body, "token=refresh-0&token_type_hint=refresh_token&client_id=client-1");
  EXPECT_EQ(seen[1].method, "POST");
  EXPECT_EQ(seen[1].target, "/logout?federated");
}

}  // namespace
}  // namespace mse::cloud
