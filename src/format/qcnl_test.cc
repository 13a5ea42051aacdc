#include "format/qcnl.h"

#include <gtest/gtest.h>

#include "base/fake_env.h"

namespace mse::format {
namespace {

// Shaped like Intel's sgx_default_qcnl.conf.
constexpr char kFixture[] =
    "// This is a sample QCNL configuration file\n"
    "{\n"
    "  // PCCS server address\n"
    "  \"pccs_url\": \"https://example.cosmian.com/sgx/certification/v4/\",\n"
    "\n"
    "  // To accept insecure HTTPS certificate, set this option to false\n"
    "  \"use_secure_cert\": true,\n"
    "     // indented comment\n"
    "  \"pck_cache_expire_hours\": 168\n"
    "  //,\"custom_request_options\" : {\n"
    "  //}\n"
    "}";

TEST(QcnlTest, Fixture) { EXPECT_EQ(PccsUrlFromQcnl(kFixture), "https://example.cosmian.com"); }

struct UrlCase {
  const char* conf;
  const char* url;
};

class QcnlUrlTest : public testing::TestWithParam<UrlCase> {};

TEST_P(QcnlUrlTest, KeepsOriginOrFallsBack) { EXPECT_EQ(PccsUrlFromQcnl(GetParam().conf), GetParam().url); }

INSTANTIATE_TEST_SUITE_P(
    Cases, QcnlUrlTest,
    testing::Values(UrlCase{R"({"pccs_url": "https://localhost:8081/sgx/certification/v4/"})",
                            "https://localhost:8081"},
                    UrlCase{R"({"pccs_url": "http://10.0.0.1"})", "http://10.0.0.1"},
                    UrlCase{R"({"pccs_url": "https://u:p@host:1/x?y"})", "https://host:1"},
                    UrlCase{R"({"pccs_url": "not a url"})", kFallbackPccsUrl},
                    UrlCase{R"({"pccs_url": "https:///path"})", kFallbackPccsUrl},
                    UrlCase{R"({"pccs_url": 3})", kFallbackPccsUrl},
                    UrlCase{R"({"other": "x"})", kFallbackPccsUrl},
                    UrlCase{R"(["https://a.b"])", kFallbackPccsUrl},
                    UrlCase{"{ \"pccs_url\": ", kFallbackPccsUrl}, UrlCase{"", kFallbackPccsUrl}));

TEST(QcnlTest, LoadsFileOrFallsBack) {
  FakeFileSystem fs;
  EXPECT_EQ(LoadDefaultPccsUrl(fs), kFallbackPccsUrl);
  ASSERT_TRUE(fs.CreateDirectories("/etc", FileMode::kNormal).ok());
  ASSERT_TRUE(fs.WriteFile(kQcnlConfPath, std::string(kFixture)).ok());
  EXPECT_EQ(LoadDefaultPccsUrl(fs), "https://example.cosmian.com");
}

}  // namespace
}  // namespace mse::format
