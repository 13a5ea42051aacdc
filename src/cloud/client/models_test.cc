#include "cloud/client/models.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mse::cloud::api {
namespace {

using testing::HasSubstr;

App SampleApp() {
  App a;
  a.id = "631a988f-4001-4593-a023-d316eb57d1f1";
  a.name = "my_app";
  a.project_id = "11111111-2222-4333-8444-555555555555";
  a.owner_id = "owner";
  a.domain_name = "ae5ed58137d7ec20.localhost";
  a.config_domain_name = a.domain_name;
  a.docker = "mse-base:0.1.0";
  a.created_at_us = 1780000000123456;
  a.ready_at_us = 1780000100000000;
  a.status = "running";
  a.hardware_name = "4g-eu-001";
  a.ssl_certificate_origin = "self";
  a.expires_at_us = 1780014400000000;
  a.python_application = "app:app";
  a.healthcheck_endpoint = "/health";
  a.docker_digest = "sha256:abcd";
  a.enclave_size = 4096;
  a.router_port = 8443;
  return a;
}

TEST(ModelsTest, AppRoundTripsAndUsesOffsetDatetimes) {
  std::string json = ToJson(SampleApp());
  EXPECT_THAT(json, HasSubstr("\"created_at\":\"2026-05-28T20:26:40.123456+00:00\""));
  EXPECT_THAT(json, HasSubstr("\"stopped_at\":null"));
  auto back = ParseApp(json);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->created_at_us, 1780000000123456);
  EXPECT_EQ(back->ready_at_us, 1780000100000000);
  EXPECT_FALSE(back->stopped_at_us.has_value());
  EXPECT_EQ(back->enclave_size, 4096);
  EXPECT_EQ(back->router_port, 8443);
  EXPECT_EQ(ToJson(*back), json);
}

TEST(ModelsTest, OlderBackendAppWithoutExtensionsLoads) {
  const std::string json =
      "{\"id\":\"x\",\"name\":\"n\",\"project_id\":\"p\",\"owner_id\":\"o\",\"domain_name\":\"d\","
      "\"config_domain_name\":\"d\",\"docker\":\"img:1\",\"created_at\":\"2023-05-10T10:00:00.5+02:00\","
      "\"ready_at\":null,\"stopped_at\":null,\"status\":\"spawning\",\"hardware_name\":\"h\","
      "\"ssl_certificate_origin\":\"self\",\"expires_at\":\"2023-05-10T14:00:00+00:00\","
      "\"python_application\":\"app:app\",\"healthcheck_endpoint\":\"/\",\"future\":[1]}";
  auto app = ParseApp(json);
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  EXPECT_EQ(app->created_at_us, 1683705600500000);  // 08:00:00.5 UTC
  EXPECT_EQ(app->docker_digest, "");
  EXPECT_FALSE(app->status_reason.has_value());
}

TEST(ModelsTest, ReadersNameTheMember) {
  auto app = ParseApp("{\"id\": 5}");
  ASSERT_FALSE(app.ok());
  EXPECT_THAT(app.status().message(), HasSubstr("member `id`: expected a string, found number"));
  auto list = ParsePartialApps("{}");
  ASSERT_FALSE(list.ok());
  EXPECT_THAT(list.status().message(), HasSubstr("expected a JSON array"));
  EXPECT_FALSE(ParseHardware("not json").ok());
  EXPECT_FALSE(ParseDateTime("2023-05-10T10:00:00").ok());  // no offset
}

TEST(ModelsTest, DiscoveryAndErrors) {
  Discovery d;
  d.api_url = "http://127.0.0.1:1";
  d.authorization_endpoint = d.api_url + "/authorize";
  d.token_endpoint = d.api_url + "/oauth/token";
  d.signer_url = d.api_url + "/signer.pem";
  d.pccs_url = d.api_url;
  d.base_domain = "localhost";
  d.router_port = 8443;
  d.simulated = true;
  d.sim_root_url = d.api_url + "/sim-root.pem";
  auto back = ParseDiscovery(ToJson(d));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->router_port, 8443);
  EXPECT_EQ(back->sim_root_url, d.sim_root_url);
  EXPECT_EQ(ErrorText(ErrorJson("Cannot find the app with id x")), "Cannot find the app with id x");
  EXPECT_EQ(ErrorText("{\"error\":\"invalid_grant\",\"error_description\":\"bad code\"}"), "bad code");
  EXPECT_EQ(ErrorText("plain text\n"), "plain text");
}

}  // namespace
}  // namespace mse::cloud::api
