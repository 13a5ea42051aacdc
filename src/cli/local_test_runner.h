// The local test of an app without SGX or attestation, shared by `home
// localtest` and `cloud localtest` (formats.md §19.3, spec/cloud.md §1.4):
// the image run with the code mounted in plaintext at MODULE_PATH, the
// secrets files mounted where the enclave writes them, plain HTTP on
// 127.0.0.1:5000, then the app's tests against it (exit status = the
// tests', Q-01). The container is removed afterwards unless no_tests keeps
// it running; its last log lines are shown when the tests fail.
#ifndef MSE_CLI_LOCAL_TEST_RUNNER_H_
#define MSE_CLI_LOCAL_TEST_RUNNER_H_

#include <string>

#include "cli/command_spec.h"
#include "docker/engine.h"

namespace mse::cli {

inline constexpr int kLocalTestPort = 5000;
inline constexpr char kLocalTestLabel[] = "mse-localtest";

struct LocalTestSpec {
  std::string container_name;
  std::string image;
  std::string code_dir;
  std::string tests_dir;
  std::string tests_cmd;
  std::string python_application;
  std::string healthcheck;     // "/health"
  std::string secrets;         // secrets.json, mounted when it exists
  std::string sealed_secrets;  // secrets_to_seal.json, mounted when it exists
  bool no_tests = false;
};

// FailedPrecondition when port 5000 is busy or a container of that name
// exists that localtest did not create (one it created is replaced).
Status CheckLocalTestSlot(docker::Engine& engine, const std::string& container_name);

// Runs the container and the tests (CheckLocalTestSlot first).
Status RunLocalTest(CommandContext& ctx, docker::Engine& engine, const LocalTestSpec& spec);

}  // namespace mse::cli

#endif  // MSE_CLI_LOCAL_TEST_RUNNER_H_
