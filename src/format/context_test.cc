#include "format/context.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/encoding.h"
#include "base/fake_env.h"

namespace mse::format {
namespace {

using testing::HasSubstr;

const std::string kKeyHex = "27004157347e7000674c10a3db3aaa6816918e745959fdb686ec513c9643c597";
const std::string kNonceA = "07ffa7d2cf57a689f5ac8ee982ea91e16bbb4be9006197d7";
const std::string kNonceB = "f33f4a1a1555660f9396aea7811b0ff7b0f19503a7485914";

// Reconstructed from formats.md §1.1 and §5 (the golden file is not here).
const std::string kContext =
    "version = \"2.0\"\n"
    "\n"
    "[config]\n"
    "name = \"example\"\n"
    "project = \"default\"\n"
    "docker = \"ghcr.io/cosmian/mse-flask:20230810125234\"\n"
    "python_application = \"app:app\"\n"
    "tests = \"/home/user/example/tests\"\n"
    "tests_cmd = \"pytest\"\n"
    "tests_requirements = [ \"intel-sgx-ra\", \"pytest==7.2.0\",]\n"
    "code_secret_key = \"" +
    kKeyHex +
    "\"\n"
    "ssl_app_certificate = \"-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n\"\n"
    "\n"
    "[instance]\n"
    "id = \"2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21\"\n"
    "config_domain_name = \"2f0c7f4e.cosmian.app\"\n"
    "enclave_size = 4096\n"
    "expires_at = \"2024-03-14 00:00:00.516125+00:00\"\n"
    "ssl_certificate_origin = \"owner\"\n"
    "\n"
    "[instance.nonces]\n"
    "\"app.py\" = \"" +
    kNonceA +
    "\"\n"
    "\"templates/index.html\" = \"" +
    kNonceB +
    "\"\n"
    "requirements_txt = \"" +
    kNonceA + "\"\n";

TEST(ContextTest, ParseThenWriteIsByteExact) {
  auto c = ParseContext(kContext, "context.mse");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->version, "2.0");
  EXPECT_EQ(c->config.name, "example");
  EXPECT_EQ(HexEncode(c->config.code_secret_key.view()), kKeyHex);
  EXPECT_EQ(c->config.ssl_app_certificate, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
  ASSERT_TRUE(c->instance.has_value());
  EXPECT_EQ(c->instance->enclave_size, 4096);
  ASSERT_EQ(c->instance->nonces.size(), 3u);
  // File order, not toml++'s sorted order.
  EXPECT_EQ(c->instance->nonces[0].first, "app.py");
  EXPECT_EQ(c->instance->nonces[1].first, "templates/index.html");
  EXPECT_EQ(c->instance->nonces[2].first, "requirements_txt");
  EXPECT_EQ(HexEncode(c->instance->nonces[1].second), kNonceB);
  EXPECT_EQ(WriteContextToml(*c), kContext);
}

TEST(ContextTest, WithoutInstanceOrCertificate) {
  CloudContext c;
  c.config.name = "n";
  c.config.project = "p";
  c.config.docker = "d";
  c.config.python_application = "app:app";
  c.config.tests = "/t";
  c.config.tests_cmd = "pytest";
  c.config.code_secret_key = SecretBytes(Bytes(32, 0xab));
  std::string text = WriteContextToml(c);
  EXPECT_EQ(text,
            "version = \"2.0\"\n\n[config]\nname = \"n\"\nproject = \"p\"\ndocker = \"d\"\n"
            "python_application = \"app:app\"\ntests = \"/t\"\ntests_cmd = \"pytest\"\n"
            "tests_requirements = []\ncode_secret_key = \"" +
                HexEncode(Bytes(32, 0xab)) + "\"\n");
  auto back = ParseContext(text, "c");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_FALSE(back->instance.has_value());
  EXPECT_FALSE(back->config.ssl_app_certificate.has_value());
}

TEST(ContextTest, EmptyNonceTableKeepsItsHeader) {
  auto c = ParseContext(kContext, "c");
  ASSERT_TRUE(c.ok());
  c->instance->nonces.clear();
  std::string text = WriteContextToml(*c);
  EXPECT_TRUE(text.ends_with("ssl_certificate_origin = \"owner\"\n\n[instance.nonces]\n")) << text;
}

struct BadCase {
  std::string from;
  std::string to;
  std::string message;
};

class ContextErrorTest : public testing::TestWithParam<BadCase> {};

TEST_P(ContextErrorTest, NamesFieldAndProblem) {
  std::string text = kContext;
  text.replace(text.find(GetParam().from), GetParam().from.size(), GetParam().to);
  auto c = ParseContext(text, "/c/context.mse");
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(c.status().message(), HasSubstr(GetParam().message));
}

INSTANTIATE_TEST_SUITE_P(
    Fields, ContextErrorTest,
    testing::Values(BadCase{"version = \"2.0\"", "version = \"1.0\"",
                            "/c/context.mse: `version`: expected \"2.0\", found \"1.0\""},
                    BadCase{kKeyHex, kKeyHex.substr(2),
                            "/c/context.mse: `config.code_secret_key`: expected 64 hex digits, found 62 "
                            "characters"},
                    BadCase{kKeyHex, "zz" + kKeyHex.substr(2), "`config.code_secret_key`: expected 64 hex"},
                    BadCase{"\"app.py\" = \"" + kNonceA, "\"app.py\" = \"" + kNonceA.substr(4),
                            "`instance.nonces.app.py`: expected 48 hex digits, found 44 characters"},
                    BadCase{"\"owner\"", "\"me\"",
                            "`instance.ssl_certificate_origin`: expected one of self, owner, operator, found "
                            "'me'"},
                    BadCase{"enclave_size = 4096", "enclave_size = \"4096\"",
                            "`instance.enclave_size`: expected an integer, found a string"},
                    BadCase{"name = \"example\"\n", "", "`config.name`: required field is missing"}));

TEST(ContextTest, SaveLoadThroughFileSystem) {
  FakeFileSystem fs;
  auto none = LoadContext(fs, "/conf", "abc");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), StatusCode::kNotFound);
  auto c = ParseContext(kContext, "c");
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(SaveContext(fs, "/conf", "abc", *c).ok());
  const auto& file = fs.files().at("/conf/context/abc/context.mse");
  EXPECT_EQ(file.mode, FileMode::kSecret);
  EXPECT_EQ(file.data, kContext);
  auto back = LoadContext(fs, "/conf", "abc");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(WriteContextToml(*back), kContext);
}

}  // namespace
}  // namespace mse::format
