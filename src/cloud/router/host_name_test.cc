#include "cloud/router/host_name.h"

#include <gtest/gtest.h>

namespace mse::cloud::router {
namespace {

std::string Normalized(std::string_view name) {
  auto result = NormalizeHostName(name);
  EXPECT_TRUE(result.ok()) << name << ": " << result.status().ToString();
  return result.ok() ? *result : "";
}

void ExpectRefused(std::string_view name, std::string_view reason_part) {
  auto result = NormalizeHostName(name);
  ASSERT_FALSE(result.ok()) << name;
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find(reason_part), std::string::npos) << result.status().message();
}

TEST(HostNameTest, LowercasesAndStripsOneTrailingDot) {
  EXPECT_EQ(Normalized("App.Example.COM"), "app.example.com");
  EXPECT_EQ(Normalized("a1b2c3d4e5f6a7b8.localhost."), "a1b2c3d4e5f6a7b8.localhost");
  EXPECT_EQ(Normalized("xn--bcher-kva.example"), "xn--bcher-kva.example");
  EXPECT_EQ(Normalized("localhost"), "localhost");
  EXPECT_EQ(Normalized("1.example"), "1.example");
}

TEST(HostNameTest, LengthLimits) {
  std::string label63(63, 'a');
  std::string max = label63 + "." + label63 + "." + label63 + "." + std::string(61, 'b');
  ASSERT_EQ(max.size(), 253u);
  EXPECT_EQ(Normalized(max), max);
  EXPECT_EQ(Normalized(max + "."), max);
  ExpectRefused(max + "b", "longer than 253");
  ExpectRefused(std::string(64, 'a') + ".test", "label longer than 63");
}

TEST(HostNameTest, RefusesBadNames) {
  ExpectRefused("", "empty host name");
  ExpectRefused(".", "empty host name");
  ExpectRefused("a..b", "empty label");
  ExpectRefused(".a", "empty label");
  ExpectRefused("a.b..", "empty label");
  ExpectRefused("-a.test", "starts or ends with '-'");
  ExpectRefused("a-.test", "starts or ends with '-'");
  ExpectRefused("under_score.test", "outside");
  ExpectRefused("sp ace.test", "outside");
  ExpectRefused("caf\xc3\xa9.test", "outside");
  ExpectRefused("127.0.0.1", "all-digit");
  ExpectRefused("[::1]", "outside");
  ExpectRefused("host:443", "outside");
}

}  // namespace
}  // namespace mse::cloud::router
