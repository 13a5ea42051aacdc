#include "cloud/client/deploy_request.h"

#include <gtest/gtest.h>

namespace mse::cloud {
namespace {

TEST(DeployConfTest, KeysInTheOriginalOrderWithNulls) {
  DeployConf conf;
  conf.name = "my_app";
  conf.project = "default";
  conf.healthcheck_endpoint = "/health";
  conf.python_application = "app:app";
  conf.hardware = "4g-eu-001";
  conf.docker = "mse-base:0.1.0";
  EXPECT_EQ(
      DeployConfJson(conf),
      "{\"name\": \"my_app\", \"project\": \"default\", \"dev_mode\": false, \"healthcheck_endpoint\": "
      "\"/health\", \"python_application\": \"app:app\", \"expires_at\": null, \"ssl_certificate\": null, "
      "\"domain_name\": null, \"hardware\": \"4g-eu-001\", \"docker\": \"mse-base:0.1.0\"}");
}

TEST(DeployConfTest, ExpiryWithSixDigitsAndOwnerCertificate) {
  DeployConf conf;
  conf.name = "é";
  conf.dev_mode = true;
  conf.expires_at_us = 1710374400000000;  // 2024-03-14 00:00:00 UTC
  conf.ssl_certificate = "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n";
  conf.domain_name = "app.example.com";
  std::string json = DeployConfJson(conf);
  EXPECT_NE(json.find("\"name\": \"\\u00e9\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"dev_mode\": true"), std::string::npos);
  EXPECT_NE(json.find("\"expires_at\": \"2024-03-14T00:00:00.000000Z\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"ssl_certificate\": \"-----BEGIN CERTIFICATE-----\\nAA==\\n"), std::string::npos);
  EXPECT_NE(json.find("\"domain_name\": \"app.example.com\""), std::string::npos);
}

TEST(MultipartTest, ByteExactLayout) {
  std::string tar("TAR\0DATA", 8);
  MultipartBody body = BuildDeployMultipart("b0b0", AsBytes(tar), "{\"a\": 1}");
  EXPECT_EQ(body.content_type, "multipart/form-data; boundary=b0b0");
  std::string expected =
      "--b0b0\r\n"
      "Content-Disposition: form-data; name=\"code\"; filename=\"app.tar\"\r\n"
      "Content-Type: application/tar\r\n"
      "Expires: 0\r\n"
      "\r\n" +
      tar +
      "\r\n"
      "--b0b0\r\n"
      "Content-Disposition: form-data; name=\"conf\"\r\n"
      "Content-Type: application/json\r\n"
      "\r\n"
      "{\"a\": 1}\r\n"
      "--b0b0--\r\n";
  EXPECT_EQ(body.body, expected);
}

TEST(MultipartTest, BoundaryIsThirtyTwoHexDigits) {
  Bytes random(16, 0xab);
  EXPECT_EQ(BoundaryFromBytes(random), "abababababababababababababababab");
}

}  // namespace
}  // namespace mse::cloud
