#include "cloud/client/endpoints.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "cloud/client/fake_http_server.h"

namespace mse::cloud {
namespace {

using testing::FakeHttpServer;
using ::testing::HasSubstr;
using testing::Json;

class EndpointsTest : public ::testing::Test {
 protected:
  Getenv Env() {
    return [this](const char* name) -> const char* {
      auto it = vars_.find(name);
      return it == vars_.end() ? nullptr : it->second.c_str();
    };
  }
  std::string DiscoveryJson(const std::string& url) {
    return R"({"api_url": ")" + url + R"(", "authorization_endpoint": ")" + url + R"(/authorize",
      "token_endpoint": ")" +
           url + R"(/oauth/token", "revocation_endpoint": ")" + url + R"(/oauth/revoke",
      "logout_endpoint": ")" +
           url + R"(/logout", "signer_url": ")" + url + R"(/signer.pem",
      "pccs_url": ")" +
           url + R"(", "base_domain": "localhost", "router_port": 8443, "simulated": true,
      "sim_root_url": ")" +
           url + R"(/sim-root.pem"})";
  }
  std::map<std::string, std::string> vars_;
  std::unique_ptr<net::HttpClient> http_ = net::NewCurlHttpClient();
};

TEST_F(EndpointsTest, DefaultsOfCosmiansServiceWithoutNetwork) {
  CloudEndpoints e(Env(), *http_);
  EXPECT_EQ(e.api_url(), "https://backend.mse.cosmian.com");
  EXPECT_FALSE(e.custom_backend());
  auto auth = e.Auth();
  ASSERT_TRUE(auth.ok());
  EXPECT_EQ(auth->token, "https://auth.cosmian.com/oauth/token");
  EXPECT_EQ(auth->client_id, "KJtOg5fdA90ZdsaXvM69uME2QD6yP9M3");
  EXPECT_EQ(auth->console_url, "https://console.cosmian.com");
  EXPECT_EQ(*e.PccsUrl(), "https://pccs.mse.cosmian.com");
  EXPECT_EQ(*e.SignerUrl(), "https://certificates.cosmian.com/");
  EXPECT_EQ(*e.RouterPort(), 443);
}

TEST_F(EndpointsTest, OurBackendIsDiscoveredOnce) {
  FakeHttpServer server([this](const net::ServerRequest& r) {
    if (r.target == "/.well-known/mse") return Json(200, DiscoveryJson("http://api"));
    return Json(404, "{}");
  });
  vars_["MSE_BASE_URL"] = server.url() + "/";
  CloudEndpoints e(Env(), *http_);
  EXPECT_EQ(e.api_url(), server.url());
  auto auth = e.Auth();
  ASSERT_TRUE(auth.ok()) << auth.status().ToString();
  EXPECT_EQ(auth->authorization, "http://api/authorize");
  EXPECT_EQ(auth->revocation, "http://api/oauth/revoke");
  EXPECT_FALSE(auth->console_url.has_value());
  EXPECT_EQ(*e.PccsUrl(), "http://api");
  EXPECT_EQ(*e.SignerUrl(), "http://api/signer.pem");
  EXPECT_EQ(*e.RouterPort(), 8443);
  EXPECT_EQ(**e.SimRootUrl(), "http://api/sim-root.pem");
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST_F(EndpointsTest, VariablesWinOverDiscovery) {
  vars_["MSE_BASE_URL"] = "http://127.0.0.1:1";
  vars_["MSE_AUTH0_DOMAIN_NAME"] = "http://auth.example/";
  vars_["MSE_PCCS_URL"] = "http://pccs/";
  vars_["MSE_SIGNER_URL"] = "http://signer/key.pem";
  vars_["MSE_CONSOLE_URL"] = "http://console/";
  CloudEndpoints e(Env(), *http_);
  auto auth = e.Auth();
  ASSERT_TRUE(auth.ok());
  EXPECT_EQ(auth->token, "http://auth.example/oauth/token");
  EXPECT_EQ(auth->console_url, "http://console");
  EXPECT_EQ(*e.PccsUrl(), "http://pccs");
  EXPECT_EQ(*e.SignerUrl(), "http://signer/key.pem");
}

TEST_F(EndpointsTest, UnreachableBackendNamesTheUrlAndTheVariable) {
  uint16_t port;
  {
    FakeHttpServer gone([](const net::ServerRequest&) { return Json(200, "{}"); });
    port = gone.port();
  }
  vars_["MSE_BASE_URL"] = "http://127.0.0.1:" + std::to_string(port);
  CloudEndpoints e(Env(), *http_);
  auto signer = e.SignerUrl();
  ASSERT_FALSE(signer.ok());
  EXPECT_EQ(signer.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(signer.status().message(), HasSubstr("cannot reach the MSE backend at http://127.0.0.1:"));
  EXPECT_THAT(signer.status().message(), HasSubstr("MSE_BASE_URL"));
}

TEST_F(EndpointsTest, BackendWithoutDiscoverySaysWhatToSet) {
  FakeHttpServer server([](const net::ServerRequest&) { return Json(404, R"({"detail": "Not Found"})"); });
  vars_["MSE_BASE_URL"] = server.url();
  CloudEndpoints e(Env(), *http_);
  auto auth = e.Auth();
  ASSERT_FALSE(auth.ok());
  EXPECT_THAT(auth.status().message(), HasSubstr("MSE_AUTH0_DOMAIN_NAME"));
}

TEST(AppUrlTest, PortOmittedFor443) {
  EXPECT_EQ(AppUrl("a.localhost", 443), "https://a.localhost");
  EXPECT_EQ(AppUrl("a.localhost", 8443), "https://a.localhost:8443");
}

}  // namespace
}  // namespace mse::cloud
