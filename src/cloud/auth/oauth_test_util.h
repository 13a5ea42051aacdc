// Shared fixture of the OAuth server tests: a fake clock and random, the
// fake store with two users, a server, and request builders. Test-only.
#ifndef MSE_CLOUD_AUTH_OAUTH_TEST_UTIL_H_
#define MSE_CLOUD_AUTH_OAUTH_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "base/fake_env.h"
#include "cloud/auth/authorize_request.h"
#include "cloud/auth/fake_auth_store.h"
#include "cloud/auth/oauth_server.h"
#include "net/http_server.h"
#include "net/url_form.h"

namespace mse::cloud::auth {

inline constexpr char kIssuer[] = "http://127.0.0.1:8080";
inline constexpr char kClientId[] = "mse-cli";
inline constexpr char kRedirectUri[] = "http://localhost:5355/";
inline constexpr char kAliceEmail[] = "alice@example.com";
inline constexpr char kAlicePassword[] = "alice's password";
inline constexpr char kAliceId[] = "11111111-1111-4111-8111-111111111111";
inline constexpr char kBobEmail[] = "bob@example.com";  // disabled, same password
inline constexpr char kBobId[] = "22222222-2222-4222-8222-222222222222";
// RFC 7636 Appendix B.
inline constexpr char kVerifier[] = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
inline constexpr char kChallenge[] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

// A P-256 PKCS#8 PEM from a fixed seed (different seeds, different keys).
std::string TestSigningKeyPem(uint8_t seed);

// The argon2id hash of kAlicePassword (computed once per test binary).
const std::string& AlicePasswordHash();

// What the CLI sends to /authorize.
AuthorizeRequest DefaultAuthorizeRequest();

net::ServerRequest GetRequest(std::string target);
net::ServerRequest PostForm(std::string target, const net::FormFields& fields,
                            std::string remote_address = "127.0.0.1");

// The query parameters of a Location header (after its first '?').
net::FormFields LocationQuery(const net::ServerResponse& response);
std::string HeaderOf(const net::ServerResponse& response, std::string_view name);

class OAuthTest : public ::testing::Test {
 protected:
  void SetUp() override;
  // Builds the server (again) with these options tweaks.
  void MakeServer(bool rotate_refresh_tokens);

  // POST /authorize with the default request and these credentials.
  net::ServerResponse SignIn(std::string_view email, std::string_view password,
                             const AuthorizeRequest& request = DefaultAuthorizeRequest(),
                             std::string remote_address = "127.0.0.1");
  // A fresh code for alice, through the login form.
  std::string CodeForAlice(const AuthorizeRequest& request = DefaultAuthorizeRequest());
  net::ServerResponse Token(const net::FormFields& fields);
  net::ServerResponse ExchangeCode(const std::string& code, std::string verifier = kVerifier);

  // The fake clock, and real randomness: tokens must not repeat (FakeRandom's
  // counter does every 256 bytes).
  Env env() { return Env{&env_.fs, &env_.clock, &RealRandom()}; }

  FakeEnv env_;
  FakeAuthStore store_;
  std::unique_ptr<OAuthServer> server_;
};

}  // namespace mse::cloud::auth

#endif  // MSE_CLOUD_AUTH_OAUTH_TEST_UTIL_H_
