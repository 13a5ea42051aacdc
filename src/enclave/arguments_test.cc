#include "enclave/arguments.h"

#include <gtest/gtest.h>

namespace mse::enclave {
namespace {

StatusOr<EnclaveArguments> Parse(std::vector<std::string> args) {
  args.insert(args.begin(), "mse-enclave");
  return ParseEnclaveArguments(args);
}

TEST(EnclaveArgumentsTest, OriginalBootstrapCommandLine) {
  auto args = Parse({"--ratls", "1700000000", "--host", "0.0.0.0", "--port", "443", "--app-dir",
                     "/opt/input/app", "--subject", "CN=x", "--san", "example.com", "--id",
                     "2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21", "--timeout", "30", "app:app"});
  ASSERT_TRUE(args.ok()) << args.status().ToString();
  const BootstrapOptions& o = args->bootstrap;
  EXPECT_EQ(o.tls_mode, TlsMode::kRatls);
  EXPECT_EQ(o.ratls_expiration_unix, 1700000000);
  EXPECT_EQ(o.port, 443);
  EXPECT_EQ(o.app_dir, "/opt/input/app");
  EXPECT_EQ(o.subject, "CN=x");
  EXPECT_EQ(o.subject_alt_name, "example.com");
  EXPECT_EQ(o.timeout_seconds, 30);
  EXPECT_EQ(o.application, "app:app");
  EXPECT_EQ(o.paths.module_path, "/mse-app");
  EXPECT_EQ(args->attestation, "auto");
}

TEST(EnclaveArgumentsTest, PathOverridesAndModes) {
  auto args = Parse({"--no-ssl", "--module-path", "/t/app", "--key-path", "/t/key", "--home", "/t/h",
                     "--secrets-path", "/t/s.json", "--sealed-secrets-path", "/t/ss.json",
                     "--tmp-path", "/t/tmp", "--attestation", "sim", "--port", "0", "m:v"});
  ASSERT_TRUE(args.ok()) << args.status().ToString();
  EXPECT_EQ(args->bootstrap.tls_mode, TlsMode::kNoSsl);
  EXPECT_EQ(args->bootstrap.paths.module_path, "/t/app");
  EXPECT_EQ(args->bootstrap.paths.key_path, "/t/key");
  EXPECT_EQ(args->bootstrap.paths.home, "/t/h");
  EXPECT_EQ(args->bootstrap.paths.secrets_path, "/t/s.json");
  EXPECT_EQ(args->bootstrap.paths.sealed_secrets_path, "/t/ss.json");
  EXPECT_EQ(args->bootstrap.paths.tmp_path, "/t/tmp");
  EXPECT_EQ(args->attestation, "sim");
  auto owner = Parse({"--certificate", "/opt/input/fullchain.pem", "a:b"});
  ASSERT_TRUE(owner.ok());
  EXPECT_EQ(owner->bootstrap.tls_mode, TlsMode::kCertificate);
}

TEST(EnclaveArgumentsTest, UsageErrors) {
  for (std::vector<std::string> bad : std::vector<std::vector<std::string>>{
           {"app:app"},                                       // no TLS mode
           {"--ratls", "1", "--no-ssl", "app:app"},           // exclusive
           {"--ratls", "1"},                                  // no application
           {"--ratls", "1", "app"},                           // not module:variable
           {"--ratls", "1", "--port", "70000", "app:app"},    // out of range
           {"--ratls", "1", "--attestation", "tpm", "a:b"},   // unknown provider
           {"--ratls", "1", "--bogus", "a:b"}}) {
    auto args = Parse(bad);
    EXPECT_EQ(args.status().code(), StatusCode::kUsage) << bad[0] << " " << bad.back();
  }
}

TEST(EnclaveArgumentsTest, HelpAndVersion) {
  auto help = Parse({"--help"});
  ASSERT_TRUE(help.ok());
  EXPECT_TRUE(help->exit_now);
  EXPECT_NE(help->output.find("--ratls"), std::string::npos);
  auto version = Parse({"--version"});
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(version->output, "mse-enclave 0.1.0\n");
}

}  // namespace
}  // namespace mse::enclave
