#include "enclave/mse_run.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/fake_env.h"

namespace mse::enclave {
namespace {

using ::testing::HasSubstr;

const std::vector<std::string> kSpawnCmd = {
    "--size",        "4096M",     "--subject",    "CN=a",
    "--san",         "localhost", "--id",         "2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21",
    "--application", "app:app",   "--expiration", "1900000000",
    "--host",        "127.0.0.1", "--port",       "7777"};

TEST(MseRunTest, RecognisesTheLayout) {
  EXPECT_TRUE(IsMseRunCommandLine(kSpawnCmd));
  EXPECT_FALSE(IsMseRunCommandLine({"--ratls", "1", "app:app"}));
}

TEST(MseRunTest, BootstrapArgvMirrorsTheMeasuredArguments) {
  auto run = format::ParseEnclaveCmd(kSpawnCmd);
  ASSERT_TRUE(run.ok());
  std::vector<std::string> argv = BootstrapArgv(*run, "/opt/input", std::nullopt);
  std::vector<std::string> expected = {"mse-enclave",
                                       "--ratls",
                                       "1900000000",
                                       "--host",
                                       "127.0.0.1",
                                       "--port",
                                       "7777",
                                       "--app-dir",
                                       "/opt/input/app",
                                       "--subject",
                                       "CN=a",
                                       "--san",
                                       "localhost",
                                       "--id",
                                       "2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21",
                                       "--attestation",
                                       "auto",
                                       "--sim-dir",
                                       "/var/lib/mse/sim",
                                       "--enclave-size",
                                       "4096",
                                       "app:app"};
  EXPECT_EQ(argv, expected);
  std::string key = "ed25519:" + std::string(64, 'a');
  std::vector<std::string> bound = BootstrapArgv(*run, "/opt/input", key);
  ASSERT_EQ(bound.size(), expected.size() + 2);
  EXPECT_EQ(bound[15], "--provider-key");
  EXPECT_EQ(bound[16], key);
}

TEST(MseRunTest, OwnerModeComesFromTheMissingExpirationOnly) {
  std::vector<std::string> cmd(kSpawnCmd.begin(), kSpawnCmd.end());
  cmd.erase(cmd.begin() + 10, cmd.begin() + 12);  // drop --expiration
  auto run = format::ParseEnclaveCmd(cmd);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  std::vector<std::string> owner = BootstrapArgv(*run, "/opt/input", std::nullopt);
  EXPECT_EQ(owner[1], "--certificate");
  EXPECT_EQ(owner[2], "/opt/input/fullchain.pem");
}

TEST(MseRunTest, ProviderKeyComesFromThePackagesMseToml) {
  FakeFileSystem fs;
  ASSERT_TRUE(fs.CreateDirectories("/opt/input", FileMode::kNormal).ok());
  auto none = PackageProviderKey(fs, "/opt/input");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  std::string toml =
      "name = \"x\"\npython_application = \"app:app\"\nhealthcheck_endpoint = \"/h\"\ntests_cmd = "
      "\"pytest\"\n"
      "tests_requirements = []\n";
  ASSERT_TRUE(fs.WriteFile("/opt/input/mse.toml", toml).ok());
  EXPECT_FALSE(PackageProviderKey(fs, "/opt/input")->has_value());
  ASSERT_TRUE(fs.WriteFile("/opt/input/mse.toml",
                           toml + "provider_public_key = \"ed25519:" + std::string(64, 'A') + "\"\n")
                  .ok());
  EXPECT_EQ(PackageProviderKey(fs, "/opt/input")->value_or(""), "ed25519:" + std::string(64, 'a'));
  ASSERT_TRUE(fs.WriteFile("/opt/input/mse.toml", toml + "provider_public_key = \"nope\"\n").ok());
  auto bad = PackageProviderKey(fs, "/opt/input");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("provider_public_key"));
}

}  // namespace
}  // namespace mse::enclave
