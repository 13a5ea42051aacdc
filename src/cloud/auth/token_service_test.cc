#include "cloud/auth/token_service.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "base/fake_env.h"
#include "cloud/auth/fake_auth_store.h"
#include "cloud/auth/oauth_test_util.h"
#include "cloud/auth/opaque_token.h"
#include "crypto/jwt.h"

namespace mse::cloud::auth {
namespace {

using nlohmann::json;

class TokenServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    alice_.id = kAliceId;
    alice_.email = kAliceEmail;
    ASSERT_TRUE(store_.AddUser(alice_, Project()).ok());
    Make(false);
  }

  void Make(bool rotate) {
    TokenServiceOptions options;
    options.issuer = kIssuer;
    options.signing_key_pem = TestSigningKeyPem(1);
    options.rotate_refresh_tokens = rotate;
    auto service = TokenService::New(options, store_, env());
    ASSERT_TRUE(service.ok()) << service.status().ToString();
    service_ = std::move(*service);
  }

  TokenGrant Login(std::string_view code_hash = "code-hash") {
    auto grant =
        service_->IssueForLogin(alice_, kClientId, "openid offline_access", "https://aud/", code_hash);
    EXPECT_TRUE(grant.ok()) << grant.status().ToString();
    return grant.ok() ? *grant : TokenGrant();
  }

  json Claims(const std::string& jwt) {
    auto claims = crypto::VerifyJwtEs256(jwt, service_->public_key_pem());
    EXPECT_TRUE(claims.ok()) << claims.status().ToString();
    return json::parse(claims.ok() ? *claims : "{}");
  }

  StatusCode BearerCode(const std::string& header) {
    return service_->AuthenticateBearer(header).status().code();
  }

  Env env() { return Env{&env_.fs, &env_.clock, &RealRandom()}; }  // tokens must not repeat

  FakeEnv env_;
  FakeAuthStore store_;
  User alice_;
  std::unique_ptr<TokenService> service_;
};

TEST_F(TokenServiceTest, LoginIssuesJwtsAndAStoredHashedRefreshToken) {
  const TokenGrant grant = Login();
  const int64_t now = env_.clock.NowUnixSeconds();
  const json access = Claims(grant.access_token);
  EXPECT_EQ(access["iss"], kIssuer);
  EXPECT_EQ(access["sub"], kAliceId);
  EXPECT_EQ(access["aud"], "https://aud/");
  EXPECT_EQ(access["scope"], "openid offline_access");
  EXPECT_EQ(access["iat"], now);
  EXPECT_EQ(access["exp"], now + 3600);
  EXPECT_EQ(access["token_use"], "access");
  const json id = Claims(grant.id_token);
  EXPECT_EQ(id["aud"], kClientId);
  EXPECT_EQ(id["email"], kAliceEmail);
  EXPECT_EQ(id["exp"], now + 3600);
  EXPECT_EQ(grant.expires_in, 3600);
  ASSERT_TRUE(grant.refresh_token.has_value());
  EXPECT_EQ(grant.refresh_token->size(), 43u);
  const auto rows = store_.RefreshTokens();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].token_hash, HashToken(*grant.refresh_token));
  EXPECT_EQ(rows[0].token_hash.size(), 64u);
  EXPECT_EQ(rows[0].token_hash.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(rows[0].family_id, rows[0].id);
  EXPECT_EQ(rows[0].user_id, kAliceId);
}

TEST_F(TokenServiceTest, AuthenticateBearerChecksSignatureExpiryAndUser) {
  const TokenGrant grant = Login();
  auto user = service_->AuthenticateBearer("Bearer " + grant.access_token);
  ASSERT_TRUE(user.ok()) << user.status().ToString();
  EXPECT_EQ(*user, kAliceId);
  EXPECT_TRUE(service_->AuthenticateBearer("bearer  " + grant.access_token).ok());
  EXPECT_EQ(BearerCode(""), StatusCode::kUnauthenticated);
  EXPECT_EQ(BearerCode("Basic abc"), StatusCode::kUnauthenticated);
  EXPECT_EQ(BearerCode("Bearer "), StatusCode::kUnauthenticated);
  EXPECT_EQ(BearerCode(grant.access_token), StatusCode::kUnauthenticated);
  // The id token has the same issuer and subject but is not an access token.
  auto id = service_->AuthenticateBearer("Bearer " + grant.id_token);
  EXPECT_EQ(id.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(id.status().message().find("not an access token"), std::string::npos);

  env_.clock.SleepMillis(3599'000);
  EXPECT_TRUE(service_->AuthenticateBearer("Bearer " + grant.access_token).ok());
  env_.clock.SleepMillis(1'000);
  auto expired = service_->AuthenticateBearer("Bearer " + grant.access_token);
  EXPECT_EQ(expired.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(expired.status().message().find("expired"), std::string::npos);
}

TEST_F(TokenServiceTest, TokenFromAnotherKeyOrIssuerRefused) {
  TokenServiceOptions other;
  other.issuer = kIssuer;
  other.signing_key_pem = TestSigningKeyPem(2);
  auto foreign = TokenService::New(other, store_, env());
  ASSERT_TRUE(foreign.ok());
  auto grant = (*foreign)->IssueForLogin(alice_, kClientId, "", "", "c2");
  ASSERT_TRUE(grant.ok());
  EXPECT_EQ(BearerCode("Bearer " + grant->access_token), StatusCode::kUnauthenticated);

  TokenServiceOptions same_key;
  same_key.issuer = "http://other.example";
  same_key.signing_key_pem = TestSigningKeyPem(1);
  auto elsewhere = TokenService::New(same_key, store_, env());
  ASSERT_TRUE(elsewhere.ok());
  grant = (*elsewhere)->IssueForLogin(alice_, kClientId, "", "", "c3");
  ASSERT_TRUE(grant.ok());
  EXPECT_EQ(BearerCode("Bearer " + grant->access_token), StatusCode::kUnauthenticated);
}

TEST_F(TokenServiceTest, DisabledOrDeletedUserRefused) {
  const TokenGrant grant = Login();
  ASSERT_TRUE(store_.SetUserDisabled(kAliceId, true).ok());
  EXPECT_EQ(BearerCode("Bearer " + grant.access_token), StatusCode::kUnauthenticated);
  EXPECT_EQ(service_->Refresh(*grant.refresh_token, kClientId).status().code(), StatusCode::kUnauthenticated);
  User ghost = alice_;
  ghost.id = "33333333-3333-4333-8333-333333333333";
  auto ghost_grant = service_->IssueForLogin(ghost, kClientId, "", "", "c4");
  ASSERT_TRUE(ghost_grant.ok());
  EXPECT_EQ(BearerCode("Bearer " + ghost_grant->access_token), StatusCode::kUnauthenticated);
}

TEST_F(TokenServiceTest, StoreFailureIsNotAnAuthenticationFailure) {
  const TokenGrant grant = Login();
  store_.SetUnavailable(true);
  EXPECT_EQ(BearerCode("Bearer " + grant.access_token), StatusCode::kUnavailable);
  EXPECT_EQ(service_->Refresh(*grant.refresh_token, kClientId).status().code(), StatusCode::kUnavailable);
}

TEST_F(TokenServiceTest, RefreshWithoutRotationKeepsTheToken) {
  const TokenGrant login = Login();
  for (int i = 0; i < 3; ++i) {
    env_.clock.SleepMillis(10'000);
    auto grant = service_->Refresh(*login.refresh_token, kClientId);
    ASSERT_TRUE(grant.ok()) << grant.status().ToString();
    EXPECT_FALSE(grant->refresh_token.has_value());
    EXPECT_EQ(Claims(grant->access_token)["exp"], env_.clock.NowUnixSeconds() + 3600);
    EXPECT_EQ(Claims(grant->id_token)["email"], kAliceEmail);
  }
  EXPECT_EQ(service_->Refresh("not-a-token", kClientId).status().code(), StatusCode::kUnauthenticated);
}

TEST_F(TokenServiceTest, RefreshKeepsTheLoginsClientScopeAndAudience) {
  const TokenGrant login = Login();
  const auto first = Claims(login.access_token);
  auto other_client = service_->Refresh(*login.refresh_token, "another-client");
  EXPECT_EQ(other_client.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(other_client.status().message().find("another client"), std::string::npos);
  auto grant = service_->Refresh(*login.refresh_token, kClientId);
  ASSERT_TRUE(grant.ok()) << grant.status().ToString();
  EXPECT_EQ(Claims(grant->access_token)["aud"], first["aud"]);
  EXPECT_EQ(Claims(grant->access_token)["scope"], first["scope"]);
  // CI tokens belong to no client in particular.
  auto ci = service_->CreateRefreshToken(kAliceId, TokenKind::kCi);
  ASSERT_TRUE(ci.ok());
  EXPECT_TRUE(service_->Refresh(*ci, "any-client").ok());
}

TEST_F(TokenServiceTest, RotationAndReuseDetection) {
  Make(/*rotate=*/true);
  const TokenGrant login = Login();
  auto second = service_->Refresh(*login.refresh_token, kClientId);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  ASSERT_TRUE(second->refresh_token.has_value());
  EXPECT_NE(*second->refresh_token, *login.refresh_token);
  auto third = service_->Refresh(*second->refresh_token, kClientId);
  ASSERT_TRUE(third.ok());
  // The first token comes back: the family (second's successor too) dies.
  auto reused = service_->Refresh(*login.refresh_token, kClientId);
  EXPECT_EQ(reused.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(reused.status().message().find("already used"), std::string::npos);
  EXPECT_EQ(service_->Refresh(*third->refresh_token, kClientId).status().code(),
            StatusCode::kUnauthenticated);
  for (const RefreshToken& row : store_.RefreshTokens()) EXPECT_TRUE(row.revoked_at.has_value()) << row.id;
}

TEST_F(TokenServiceTest, CiTokensNeverRotate) {
  Make(/*rotate=*/true);
  auto ci = service_->CreateRefreshToken(kAliceId, TokenKind::kCi);
  ASSERT_TRUE(ci.ok());
  for (int i = 0; i < 2; ++i) {
    auto grant = service_->Refresh(*ci, kClientId);
    ASSERT_TRUE(grant.ok()) << grant.status().ToString();
    EXPECT_FALSE(grant->refresh_token.has_value());
  }
  EXPECT_EQ(service_->CreateRefreshToken("nobody", TokenKind::kCi).status().code(),
            StatusCode::kUnauthenticated);
}

TEST_F(TokenServiceTest, RevocationRevokesTheFamilyOnly) {
  const TokenGrant first = Login("code-1");
  const TokenGrant second = Login("code-2");
  EXPECT_TRUE(service_->RevokeRefreshToken(*first.refresh_token).ok());
  EXPECT_TRUE(service_->RevokeRefreshToken("unknown").ok());
  EXPECT_TRUE(service_->RevokeRefreshToken(first.access_token).ok());
  auto refused = service_->Refresh(*first.refresh_token, kClientId);
  EXPECT_EQ(refused.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(refused.status().message().find("revoked"), std::string::npos);
  EXPECT_TRUE(service_->Refresh(*second.refresh_token, kClientId).ok());
  // The family of a login is found again from its code.
  EXPECT_TRUE(service_->RevokeLoginFromCode("code-2").ok());
  EXPECT_FALSE(service_->Refresh(*second.refresh_token, kClientId).ok());
}

TEST_F(TokenServiceTest, BadOptionsRefused) {
  TokenServiceOptions options;
  options.signing_key_pem = TestSigningKeyPem(1);
  EXPECT_EQ(TokenService::New(options, store_, env()).status().code(), StatusCode::kInvalidArgument);
  options.issuer = kIssuer;
  options.access_token_ttl_seconds = 0;
  EXPECT_EQ(TokenService::New(options, store_, env()).status().code(), StatusCode::kInvalidArgument);
  options.access_token_ttl_seconds = 3600;
  options.signing_key_pem = "junk";
  EXPECT_EQ(TokenService::New(options, store_, env()).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mse::cloud::auth
