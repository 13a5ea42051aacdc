#include "cloud/auth/oauth_test_util.h"

#include "crypto/jwt.h"
#include "crypto/password.h"

namespace mse::cloud::auth {
namespace {

class SeededRandom : public Random {
 public:
  explicit SeededRandom(uint8_t seed) : next_(seed) {}
  void Fill(MutableByteView out) override {
    for (auto& b : out) {
      next_ = static_cast<uint8_t>(next_ * 5 + 37);
      b = next_;
    }
  }

 private:
  uint8_t next_;
};

User MakeUser(const char* id, const char* email, bool disabled) {
  User user;
  user.id = id;
  user.email = email;
  user.password_hash = AlicePasswordHash();
  user.given_name = "Test";
  user.created_at = 1600000000;
  user.disabled = disabled;
  return user;
}

}  // namespace

std::string TestSigningKeyPem(uint8_t seed) {
  SeededRandom random(seed);
  auto pem = crypto::GenerateJwtSigningKeyPem(random);
  return pem.ok() ? ToString(pem->view()) : "";
}

const std::string& AlicePasswordHash() {
  static const std::string hash = crypto::HashPassword(kAlicePassword).value();
  return hash;
}

AuthorizeRequest DefaultAuthorizeRequest() {
  AuthorizeRequest r;
  r.response_type = "code";
  r.client_id = kClientId;
  r.redirect_uri = kRedirectUri;
  r.scope = "openid profile email read:current_user update:current_user_metadata offline_access";
  r.audience = "https://console.cosmian.com/";
  r.state = "st4te-from-the-cli";
  r.code_challenge = kChallenge;
  r.code_challenge_method = "S256";
  return r;
}

net::ServerRequest GetRequest(std::string target) {
  net::ServerRequest request;
  request.method = "GET";
  request.target = std::move(target);
  request.remote_address = "127.0.0.1";
  return request;
}

net::ServerRequest PostForm(std::string target, const net::FormFields& fields, std::string remote_address) {
  net::ServerRequest request;
  request.method = "POST";
  request.target = std::move(target);
  request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  request.body = net::FormEncode(fields);
  request.remote_address = std::move(remote_address);
  return request;
}

std::string HeaderOf(const net::ServerResponse& response, std::string_view name) {
  return std::string(net::FindHeader(response.headers, name).value_or(""));
}

net::FormFields LocationQuery(const net::ServerResponse& response) {
  const std::string location = HeaderOf(response, "Location");
  const size_t q = location.find('?');
  if (q == std::string::npos) return {};
  return net::ParseForm(location.substr(q + 1)).value();
}

void OAuthTest::SetUp() {
  ASSERT_TRUE(store_.AddUser(MakeUser(kAliceId, kAliceEmail, false), Project()).ok());
  ASSERT_TRUE(store_.AddUser(MakeUser(kBobId, kBobEmail, true), Project()).ok());
  MakeServer(/*rotate_refresh_tokens=*/false);
}

void OAuthTest::MakeServer(bool rotate_refresh_tokens) {
  OAuthServerOptions options;
  options.tokens.issuer = kIssuer;
  options.tokens.signing_key_pem = TestSigningKeyPem(1);
  options.tokens.rotate_refresh_tokens = rotate_refresh_tokens;
  auto server = OAuthServer::New(options, store_, env());
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  server_ = std::move(*server);
}

net::ServerResponse OAuthTest::SignIn(std::string_view email, std::string_view password,
                                      const AuthorizeRequest& request, std::string remote_address) {
  net::FormFields fields = AuthorizeRequestFields(request);
  fields.emplace_back("email", email);
  fields.emplace_back("password", password);
  return server_->HandleAuthorizePost(PostForm("/authorize", fields, std::move(remote_address)));
}

std::string OAuthTest::CodeForAlice(const AuthorizeRequest& request) {
  net::ServerResponse response = SignIn(kAliceEmail, kAlicePassword, request);
  EXPECT_EQ(response.status, 302) << response.body;
  return std::string(net::FindFormField(LocationQuery(response), "code").value_or(""));
}

net::ServerResponse OAuthTest::Token(const net::FormFields& fields) {
  return server_->HandleToken(PostForm("/oauth/token", fields));
}

net::ServerResponse OAuthTest::ExchangeCode(const std::string& code, std::string verifier) {
  return Token({{"grant_type", "authorization_code"},
                {"client_id", kClientId},
                {"code_verifier", verifier},
                {"code", code},
                {"redirect_uri", kRedirectUri}});
}

}  // namespace mse::cloud::auth
