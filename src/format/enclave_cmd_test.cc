#include "format/enclave_cmd.h"

#include <gtest/gtest.h>

namespace mse::format {
namespace {

TEST(EnclaveCmdTest, OriginalLayoutThenOurAdditionsRoundTrip) {
  EnclaveArgs a{4096, "CN=a,O=b", "localhost", "2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21", "app:app", 1900000000,
                "127.0.0.1", 7777, 0};
  std::vector<std::string> cmd = EnclaveCmd(a);
  std::vector<std::string> head(cmd.begin(), cmd.begin() + 12);
  EXPECT_EQ(head, (std::vector<std::string>{"--size", "4096M", "--subject", "CN=a,O=b", "--san", "localhost", "--id",
                                            "2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21", "--application", "app:app",
                                            "--expiration", "1900000000"}));
  auto back = ParseEnclaveCmd(cmd);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->size_mb, 4096);
  EXPECT_EQ(back->expiration, 1900000000);
  EXPECT_EQ(back->port, 7777);
  EXPECT_EQ(back->host, "127.0.0.1");
}

TEST(EnclaveCmdTest, OriginalCmdWithoutOurAdditions) {
  auto a = ParseEnclaveCmd({"--size", "8192M", "--subject", "CN=x", "--san", "x", "--id", "u", "--application",
                            "m:v", "--debug"});
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_FALSE(a->expiration.has_value());
  EXPECT_EQ(a->port, 443);
  EXPECT_EQ(a->host, "0.0.0.0");
}

TEST(EnclaveCmdTest, MissingAndMalformedFieldsAreNamed) {
  auto missing = ParseEnclaveCmd({"--size", "4096M", "--application", "app:app"});
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("--subject"), std::string::npos);
  auto bad = ParseEnclaveCmd({"--size", "lots", "--subject", "s", "--san", "x", "--id", "u", "--application", "a"});
  EXPECT_NE(bad.status().message().find("'lots'"), std::string::npos);
  auto port = ParseEnclaveCmd({"--size", "1024M", "--subject", "s", "--san", "x", "--id", "u", "--application", "a",
                               "--port", "70000"});
  EXPECT_FALSE(port.ok());
}

}  // namespace
}  // namespace mse::format
