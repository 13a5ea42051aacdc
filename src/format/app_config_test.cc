#include "format/app_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

#include "base/fake_env.h"

namespace mse::format {
namespace {

using testing::ElementsAre;
using testing::HasSubstr;

constexpr int64_t kNow = 1700000000;  // 2023-11-14 22:13:20 UTC

constexpr char kTop[] =
    "name = \"  my_app \"\n"
    "python_application = \"app:app\"\n"
    "healthcheck_endpoint = \"/health\"\n"
    "tests_cmd = \"pytest\"\n"
    "tests_requirements = [\"pytest==7.2.0\", \"requests\"]\n";

constexpr char kCloud[] =
    "\n[cloud]\n"
    "code = \"mse_src\"\n"
    "tests = \"tests/\"\n"
    "docker = \"ghcr.io/cosmian/mse-flask:20230810125234\"\n"
    "project = \"default\"\n"
    "hardware = \"4g-eu-001\"\n"
    "secrets = \"../secrets.json\"\n";

constexpr char kSsl[] =
    "\n[cloud.ssl]\n"
    "domain_name = \"app.example.com\"\n"
    "private_key = \"key.pem\"\n"
    "certificate = \"/etc/cert.pem\"\n";

CertificateInspector FixedCert(int64_t not_after, std::vector<std::string> sans) {
  return [=](const std::string& path) -> StatusOr<CertInfo> {
    if (path != "/etc/cert.pem") return NotFoundError("unexpected " + path);
    return CertInfo{not_after, sans};
  };
}

StatusOr<LoadedAppConfig> Parse(const std::string& text, CloudMode mode = CloudMode::kAll,
                                CertificateInspector inspector = nullptr) {
  AppConfigLoadOptions options;
  options.mode = mode;
  options.inspect_certificate = std::move(inspector);
  return ParseAppConfig(text, "/proj/mse.toml", kNow, options);
}

std::string ErrorOf(const std::string& text, CloudMode mode = CloudMode::kAll,
                    CertificateInspector inspector = nullptr) {
  auto r = Parse(text, mode, std::move(inspector));
  EXPECT_FALSE(r.ok());
  return r.ok() ? "" : r.status().message();
}

TEST(AppConfigTest, LoadsTopLevelAndCloudWithAbsolutePaths) {
  auto r = Parse(std::string(kTop) + kCloud);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const AppConfig& c = r->config;
  EXPECT_EQ(c.name, "my_app");
  EXPECT_EQ(c.python_application, "app:app");
  EXPECT_EQ(c.healthcheck_endpoint, "/health");
  EXPECT_EQ(c.tests_cmd, "pytest");
  EXPECT_THAT(c.tests_requirements, ElementsAre("pytest==7.2.0", "requests"));
  ASSERT_TRUE(c.cloud.has_value());
  EXPECT_EQ(c.cloud->code, "/proj/mse_src");
  EXPECT_EQ(c.cloud->tests, "/proj/tests");
  EXPECT_EQ(c.cloud->secrets, "/secrets.json");
  EXPECT_EQ(c.cloud->docker, "ghcr.io/cosmian/mse-flask:20230810125234");
  EXPECT_EQ(c.cloud->hardware, "4g-eu-001");
  EXPECT_FALSE(c.cloud->dev_mode);
  EXPECT_FALSE(c.cloud->expiration_date.has_value());
  EXPECT_TRUE(r->warnings.empty());
}

TEST(AppConfigTest, LoadsFromFileSystem) {
  FakeFileSystem fs;
  ASSERT_TRUE(fs.CreateDirectories("/proj", FileMode::kNormal).ok());
  ASSERT_TRUE(fs.WriteFile("/proj/mse.toml", std::string(kTop)).ok());
  auto r = LoadAppConfig(fs, "/proj/mse.toml", kNow, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->config.name, "my_app");
  EXPECT_FALSE(r->config.cloud.has_value());
  auto missing = LoadAppConfig(fs, "/proj/none.toml", kNow, {});
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr("/proj/none.toml"));
}

TEST(AppConfigTest, UnknownKeysAreWarningsNotErrors) {
  std::string text = std::string(kTop) + "extra = 1\n" + kCloud + "dev_mode = true\nfoo = \"x\"\n";
  auto r = Parse(text);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_THAT(r->warnings, ElementsAre("/proj/mse.toml: `extra`: unknown key, ignored",
                                       "/proj/mse.toml: `cloud.foo`: unknown key, ignored"));
  EXPECT_FALSE(r->config.cloud->dev_mode);  // recomputed, not read
}

TEST(AppConfigTest, ProviderPublicKeyIsCanonicalised) {
  std::string hex = "D75A980182B10AB7D54BFED3C964073A0EE172F3DAA62325AF021A68F707511A";
  std::string text = std::string(kTop) + "provider_public_key = \"ed25519:" + hex + "\"\n";
  auto r = Parse(text, CloudMode::kSkipCloud);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->warnings.empty());
  EXPECT_EQ(r->config.provider_public_key,
            "ed25519:d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  EXPECT_FALSE(Parse(kTop, CloudMode::kSkipCloud)->config.provider_public_key.has_value());
  EXPECT_THAT(ErrorOf(std::string(kTop) + "provider_public_key = \"abc\"\n", CloudMode::kSkipCloud),
              HasSubstr("`provider_public_key`: expected \"ed25519:\" and 64 hex digits"));
  EXPECT_THAT(ErrorOf(std::string(kTop) + "provider_public_key = 3\n", CloudMode::kSkipCloud),
              HasSubstr("provider_public_key"));
  // A form the enclave's reader (FindProviderPublicKey) would not see alike.
  EXPECT_THAT(ErrorOf(std::string(kTop) + "\"provider_public_key\" = \"ed25519:" + hex + "\"\n",
                      CloudMode::kSkipCloud),
              HasSubstr("on one top-level line"));
  AppConfig config = r->config;
  EXPECT_THAT(WriteAppConfigToml(config),
              HasSubstr("tests_requirements = [ \"pytest==7.2.0\", \"requests\",]\nprovider_public_key = "
                        "\"ed25519:d75a"));
}

TEST(AppConfigTest, SkipCloudDropsCloud) {
  auto r = Parse(std::string(kTop) + kCloud + kSsl, CloudMode::kSkipCloud);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->config.cloud.has_value());
}

TEST(AppConfigTest, DroppedTablesAreNotValidated) {
  auto home = Parse(std::string(kTop) + "cloud = 3\n", CloudMode::kSkipCloud);
  ASSERT_TRUE(home.ok()) << home.status().ToString();
  EXPECT_TRUE(home->warnings.empty());
  auto insecure = Parse(std::string(kTop) + kCloud + "ssl = \"x\"\n", CloudMode::kInsecureCloud);
  ASSERT_TRUE(insecure.ok()) << insecure.status().ToString();
  EXPECT_FALSE(insecure->config.cloud->ssl.has_value());
  auto strict = Parse(std::string(kTop) + kCloud + "ssl = \"x\"\n");
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.status().message(), "/proj/mse.toml: `cloud.ssl`: expected a table, found a string");
}

TEST(AppConfigTest, InsecureCloudDropsSslAndSetsDevMode) {
  auto r = Parse(std::string(kTop) + kCloud + kSsl, CloudMode::kInsecureCloud);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->config.cloud->dev_mode);
  EXPECT_FALSE(r->config.cloud->ssl.has_value());
}

TEST(AppConfigTest, SslCertificateFillsExpirationAndMatchesWildcard) {
  auto r = Parse(std::string(kTop) + kCloud + kSsl, CloudMode::kAll,
                 FixedCert(kNow + 86400, {"other.example.com", "*.example.com"}));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const CloudConfig& cloud = *r->config.cloud;
  ASSERT_TRUE(cloud.ssl.has_value());
  EXPECT_EQ(cloud.ssl->private_key, "/proj/key.pem");
  EXPECT_EQ(cloud.ssl->certificate, "/etc/cert.pem");
  ASSERT_TRUE(cloud.expiration_date.has_value());
  EXPECT_EQ(cloud.expiration_date->unix_seconds(), kNow + 86400);
  EXPECT_EQ(FormatPythonTimestamp(*cloud.expiration_date), "2023-11-15 22:13:20+00:00");
}

TEST(AppConfigTest, SslErrors) {
  std::string text = std::string(kTop) + kCloud + kSsl;
  EXPECT_EQ(ErrorOf(text, CloudMode::kAll, FixedCert(kNow + 10, {"x.example.org"})),
            "/proj/mse.toml: app.example.com should be present in the SSL certificate as a "
            "Subject Alternative Name (x.example.org)");
  EXPECT_EQ(ErrorOf(text, CloudMode::kAll, FixedCert(kNow + 10, {})),
            "/proj/mse.toml: the certificate /etc/cert.pem has no Subject Alternative Name; it "
            "must list app.example.com");
  EXPECT_THAT(ErrorOf(text), HasSubstr("no inspector"));
  std::string late = std::string(kTop) + kCloud + "expiration_date = 2030-01-01T00:00:00Z\n" + kSsl;
  EXPECT_EQ(ErrorOf(late, CloudMode::kAll, FixedCert(kNow + 86400, {"app.example.com"})),
            "/proj/mse.toml: `expiration_date` (2030-01-01 00:00:00+00:00) can't be after the "
            "certificate expiration date (2023-11-15 22:13:20+00:00)");
  EXPECT_EQ(ErrorOf(text, CloudMode::kAll, FixedCert(kNow - 5, {"app.example.com"})),
            "/proj/mse.toml: `expiration_date` (2023-11-14 22:13:15+00:00) is in the past");
}

struct ExpirationCase {
  const char* toml;
  int64_t unix_seconds;
  const char* printed;
};

class ExpirationTest : public testing::TestWithParam<ExpirationCase> {
 protected:
  void SetUp() override {
    const char* tz = std::getenv("TZ");
    saved_ = tz ? tz : "";
    had_ = tz != nullptr;
    setenv("TZ", "CET-1", 1);  // fixed UTC+1, no tzdata needed
    tzset();
  }
  void TearDown() override {
    if (had_) {
      setenv("TZ", saved_.c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }
  std::string saved_;
  bool had_ = false;
};

TEST_P(ExpirationTest, Parses) {
  auto r = Parse(std::string(kTop) + kCloud + "expiration_date = " + GetParam().toml + "\n");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->config.cloud->expiration_date.has_value());
  EXPECT_EQ(r->config.cloud->expiration_date->unix_seconds(), GetParam().unix_seconds);
  EXPECT_EQ(FormatPythonTimestamp(*r->config.cloud->expiration_date), GetParam().printed);
}

INSTANTIATE_TEST_SUITE_P(
    Forms, ExpirationTest,
    testing::Values(ExpirationCase{"2030-01-01T00:00:00Z", 1893456000, "2030-01-01 00:00:00+00:00"},
                    ExpirationCase{"2030-01-01T02:00:00+02:00", 1893456000, "2030-01-01 02:00:00+02:00"},
                    // Naive means local time: UTC+1 here.
                    ExpirationCase{"2030-01-01T01:00:00", 1893456000, "2030-01-01 01:00:00"},
                    ExpirationCase{"2030-01-01 01:00:00.5", 1893456000, "2030-01-01 01:00:00.500000"},
                    ExpirationCase{"\"2030-01-01 00:00:00+00:00\"", 1893456000, "2030-01-01 00:00:00+00:00"},
                    ExpirationCase{"\"2030-01-01T01:00:00\"", 1893456000, "2030-01-01 01:00:00"},
                    ExpirationCase{"\"2030-01-01T00:00:00.123456Z\"", 1893456000,
                                   "2030-01-01 00:00:00.123456+00:00"},
                    ExpirationCase{"1893456000", 1893456000, "2030-01-01 00:00:00+00:00"},
                    ExpirationCase{"1893456000000", 1893456000, "2030-01-01 00:00:00+00:00"},
                    ExpirationCase{"1893456000.25", 1893456000, "2030-01-01 00:00:00.250000+00:00"}));

struct ErrorCase {
  std::string text;
  std::string message;
};

class AppConfigErrorTest : public testing::TestWithParam<ErrorCase> {};

TEST_P(AppConfigErrorTest, NamesFileFieldExpectedAndFound) {
  EXPECT_EQ(ErrorOf(GetParam().text), GetParam().message);
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  return text.replace(text.find(from), from.size(), to);
}

INSTANTIATE_TEST_SUITE_P(
    Fields, AppConfigErrorTest,
    testing::Values(
        ErrorCase{std::string(kTop) + Replace(kCloud, "\"ghcr.io/cosmian/mse-flask:20230810125234\"", "\"\""),
                  "/proj/mse.toml: `cloud.docker`: expected a non-empty string, found '' (0 characters)"},
        ErrorCase{Replace(kTop, "\"  my_app \"", "\"   \""),
                  "/proj/mse.toml: `name`: expected a string of 1 to 255 characters after "
                  "trimming, found '' (0 characters)"},
        ErrorCase{Replace(kTop, "\"  my_app \"", "\"" + std::string(256, 'a') + "\""),
                  "/proj/mse.toml: `name`: expected a string of 1 to 255 characters after "
                  "trimming, found '" +
                      std::string(256, 'a') + "' (256 characters)"},
        ErrorCase{Replace(kTop, "\"  my_app \"", "42"),
                  "/proj/mse.toml: `name`: expected a string, found an integer"},
        ErrorCase{Replace(kTop, "name = \"  my_app \"\n", ""),
                  "/proj/mse.toml: `name`: required field is missing (expected a string of 1 to "
                  "255 characters after trimming)"},
        ErrorCase{Replace(kTop, "app:app", "app"),
                  "/proj/mse.toml: `python_application` is malformed. Expected format: "
                  "`module:variable`, found 'app'"},
        ErrorCase{Replace(kTop, "app:app", "a:b:c"),
                  "/proj/mse.toml: `python_application` is malformed. Expected format: "
                  "`module:variable`, found 'a:b:c'"},
        ErrorCase{Replace(kTop, "\"/health\"", "\"health\""),
                  "/proj/mse.toml: `healthcheck_endpoint` should start with a \"/\", found "
                  "'health'"},
        ErrorCase{Replace(kTop, "tests_cmd = \"pytest\"\n", ""),
                  "/proj/mse.toml: `tests_cmd`: required field is missing (expected a string)"},
        ErrorCase{Replace(kTop, "\"requests\"", "3"),
                  "/proj/mse.toml: `tests_requirements`: expected an array of strings, found an "
                  "integer at index 1"},
        ErrorCase{Replace(kTop, "[\"pytest==7.2.0\", \"requests\"]", "\"pytest\""),
                  "/proj/mse.toml: `tests_requirements`: expected an array of strings, found a "
                  "string"},
        ErrorCase{std::string(kTop) + "cloud = 3\n",
                  "/proj/mse.toml: `cloud`: expected a table, found an integer"},
        ErrorCase{std::string(kTop) + Replace(kCloud, "\"4g-eu-001\"", "\"12345678901234567\""),
                  "/proj/mse.toml: `cloud.hardware`: expected a string of 1 to 16 characters, "
                  "found '12345678901234567' (17 characters)"},
        ErrorCase{std::string(kTop) + Replace(kCloud, "code = \"mse_src\"\n", ""),
                  "/proj/mse.toml: `cloud.code`: required field is missing (expected a string)"},
        ErrorCase{std::string(kTop) + Replace(kCloud, "\"default\"", "\"\""),
                  "/proj/mse.toml: `cloud.project`: expected a string of 1 to 255 characters, "
                  "found '' (0 characters)"},
        ErrorCase{std::string(kTop) + kCloud + "expiration_date = \"tomorrow\"\n",
                  "/proj/mse.toml: `cloud.expiration_date`: expected a TOML date-time, an "
                  "ISO-8601 string or a Unix timestamp, found expected an ISO-8601 date and time "
                  "such as '2024-03-14 00:00:00+00:00', found 'tomorrow'"},
        ErrorCase{std::string(kTop) + kCloud + "expiration_date = true\n",
                  "/proj/mse.toml: `cloud.expiration_date`: expected a TOML date-time, an "
                  "ISO-8601 string or a Unix timestamp, found a boolean"},
        ErrorCase{std::string(kTop) + kCloud + "expiration_date = 2020-01-01T00:00:00Z\n",
                  "/proj/mse.toml: `expiration_date` (2020-01-01 00:00:00+00:00) is in the past"},
        ErrorCase{std::string(kTop) + kCloud + "\n[cloud.ssl]\ndomain_name = \"x\"\n",
                  "/proj/mse.toml: `cloud.ssl.private_key`: required field is missing (expected "
                  "a string)"},
        ErrorCase{"name = \"x\"\nname = \"y\"\n",
                  "/proj/mse.toml: TOML syntax error at line 2, column 8: Error while parsing "
                  "key-value pair: cannot redefine existing string 'name'"}));

TEST(AppConfigWriterTest, CloudInitLayout) {
  AppConfig config;
  config.name = "example";
  config.python_application = "app:app";
  config.healthcheck_endpoint = "/";
  config.tests_cmd = "pytest";
  config.tests_requirements = {"pytest"};
  CloudConfig cloud;
  cloud.code = "mse_src";
  cloud.tests = "tests";
  cloud.docker = "ghcr.io/cosmian/mse-flask:20230810125234";
  cloud.project = "default";
  cloud.hardware = "4g-eu-001";
  cloud.secrets = "secrets.json";
  cloud.expiration_date = TimestampFromUnixSeconds(1710374400);
  cloud.ssl = CloudSslConfig{"demo.example.com", "key.pem", "cert.pem"};
  config.cloud = cloud;
  const std::string expected =
      "name = \"example\"\n"
      "python_application = \"app:app\"\n"
      "healthcheck_endpoint = \"/\"\n"
      "tests_cmd = \"pytest\"\n"
      "tests_requirements = [ \"pytest\",]\n"
      "\n"
      "[cloud]\n"
      "code = \"mse_src\"\n"
      "tests = \"tests\"\n"
      "docker = \"ghcr.io/cosmian/mse-flask:20230810125234\"\n"
      "project = \"default\"\n"
      "hardware = \"4g-eu-001\"\n"
      "secrets = \"secrets.json\"\n"
      "expiration_date = \"2024-03-14 00:00:00+00:00\"\n"
      "\n"
      "[cloud.ssl]\n"
      "domain_name = \"demo.example.com\"\n"
      "private_key = \"key.pem\"\n"
      "certificate = \"cert.pem\"\n";
  std::string text = WriteAppConfigToml(config);
  EXPECT_EQ(text, expected);
  // What we write loads back (insecure mode: no certificate needed).
  auto back = Parse(text, CloudMode::kInsecureCloud);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->config.cloud->expiration_date->unix_seconds(), 1710374400);
  EXPECT_EQ(back->config.cloud->code, "/proj/mse_src");
}

// formats.md §3.4 golden: mse-cli tests/data/all_set.toml, 486 bytes, SHA-256
// 80bd2bd7b9a5fdac05d65557fdd594d36ddf2a219524befa10aea2b5fe65b84e.
TEST(AppConfigWriterTest, AllSetGolden) {
  AppConfig config{"helloworld", "app:app", "/", "pytest", {"intel-sgx-ra>=1.0.1,<1.1", "pytest==7.2.0"},
                   std::nullopt};
  CloudConfig cloud;
  cloud.code = "/tmp/code";
  cloud.tests = "/tmp/tests";
  cloud.docker = "ghcr.io/cosmian/mse-pytorch:20230104085621";
  cloud.project = "default";
  cloud.hardware = "4g-eu-001";
  cloud.secrets = "secrets.json";
  cloud.expiration_date = TimestampFromUnixSeconds(1710374400);
  cloud.ssl = CloudSslConfig{"demo.dev.cosmilink.com", "key.pem", "cert.pem"};
  config.cloud = cloud;
  std::string text = WriteAppConfigToml(config);
  EXPECT_EQ(text.size(), 486u);
  EXPECT_EQ(text,
            "name = \"helloworld\"\npython_application = \"app:app\"\nhealthcheck_endpoint = \"/\"\n"
            "tests_cmd = \"pytest\"\ntests_requirements = [ \"intel-sgx-ra>=1.0.1,<1.1\", "
            "\"pytest==7.2.0\",]\n\n[cloud]\ncode = \"/tmp/code\"\ntests = \"/tmp/tests\"\n"
            "docker = \"ghcr.io/cosmian/mse-pytorch:20230104085621\"\nproject = \"default\"\n"
            "hardware = \"4g-eu-001\"\nsecrets = \"secrets.json\"\n"
            "expiration_date = \"2024-03-14 00:00:00+00:00\"\n\n[cloud.ssl]\n"
            "domain_name = \"demo.dev.cosmilink.com\"\nprivate_key = \"key.pem\"\n"
            "certificate = \"cert.pem\"\n");
}

TEST(AppConfigWriterTest, WithoutCloud) {
  AppConfig config{"a", "m:app", "/h", "pytest", {}, std::nullopt};
  EXPECT_EQ(WriteAppConfigToml(config),
            "name = \"a\"\npython_application = \"m:app\"\nhealthcheck_endpoint = \"/h\"\n"
            "tests_cmd = \"pytest\"\ntests_requirements = []\n");
}

TEST(DockerReferenceTest, AcceptsValidNames) {
  for (const char* name : {"app", "my_app", "my__app", "my-app", "my---app", "a.b", "org/app-1", "0"}) {
    EXPECT_TRUE(ValidateDockerReference(name).ok()) << name;
  }
}

TEST(DockerReferenceTest, RejectsInvalidNames) {
  for (const char* name : {"", "App", "my app", "_app", "app_", "a___b", "a..b", "a/", "/a", "a//b", "a:b",
                           "app-", "caf\xc3\xa9"}) {
    EXPECT_FALSE(ValidateDockerReference(name).ok()) << name;
  }
  EXPECT_EQ(ValidateDockerReference("MyApp").message(),
            "`name` 'MyApp' cannot be used as a Docker image name: it must be lowercase");
}

TEST(RequireCloudTest, FailsWithoutCloud) {
  auto home = Parse(std::string(kTop) + kCloud, CloudMode::kSkipCloud);
  ASSERT_TRUE(home.ok());
  Status s = RequireCloud(home->config, "/proj/mse.toml");
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("/proj/mse.toml: no `cloud` configuration found"));
  auto cloud = Parse(std::string(kTop) + kCloud);
  ASSERT_TRUE(cloud.ok());
  EXPECT_TRUE(RequireCloud(cloud->config, "/proj/mse.toml").ok());
}

TEST(PythonModuleFileTest, MapsDotsToDirectories) {
  EXPECT_EQ(PythonModuleFile("app:app"), "app.py");
  EXPECT_EQ(PythonModuleFile("pkg.sub.mod:application"), "pkg/sub/mod.py");
}

}  // namespace
}  // namespace mse::format
