#include "enclave/mse_run.h"

#include <gtest/gtest.h>

namespace mse::enclave {
namespace {

const std::vector<std::string> kSpawnCmd = {"--size", "4096M", "--subject", "CN=a", "--san", "localhost",
                                            "--id", "2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21", "--application",
                                            "app:app", "--expiration", "1900000000", "--host", "127.0.0.1",
                                            "--port", "7777"};

TEST(MseRunTest, RecognisesTheLayout) {
  EXPECT_TRUE(IsMseRunCommandLine(kSpawnCmd));
  EXPECT_FALSE(IsMseRunCommandLine({"--ratls", "1", "app:app"}));
}

TEST(MseRunTest, BootstrapArgvMirrorsTheMeasuredArguments) {
  auto run = format::ParseEnclaveCmd(kSpawnCmd);
  ASSERT_TRUE(run.ok());
  std::vector<std::string> argv = BootstrapArgv(*run, "/opt/input", false);
  std::vector<std::string> expected = {"mse-enclave", "--ratls", "1900000000", "--host", "127.0.0.1", "--port",
                                       "7777", "--app-dir", "/opt/input/app", "--subject", "CN=a", "--san",
                                       "localhost", "--id", "2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21",
                                       "--attestation", "auto", "--sim-dir", "/var/lib/mse/sim", "--enclave-size",
                                       "4096", "app:app"};
  EXPECT_EQ(argv, expected);
  std::vector<std::string> owner = BootstrapArgv(*run, "/opt/input", true);
  EXPECT_EQ(owner[1], "--certificate");
  EXPECT_EQ(owner[2], "/opt/input/fullchain.pem");
}

}  // namespace
}  // namespace mse::enclave
