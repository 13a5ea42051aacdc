#include "enclave/python_test_environment.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>

namespace mse::enclave::testing {
namespace {

std::unique_ptr<PythonRuntime>& Slot() {
  static std::unique_ptr<PythonRuntime> runtime;
  return runtime;
}

// Finalizes the interpreter after the last test, before static destructors.
class PythonEnvironment : public ::testing::Environment {
 public:
  void TearDown() override { Slot().reset(); }
};

const auto* const kRegistered = ::testing::AddGlobalTestEnvironment(new PythonEnvironment);

}  // namespace

PythonRuntime& Runtime() {
  if (!Slot()) {
    PythonRuntimeOptions options;
    options.environment = {{"HOME", "/tmp/mse-test-home"},
                           {"SECRETS_PATH", "/tmp/mse-test-home/secrets.json"},
                           {"SEALED_SECRETS_PATH", "/tmp/mse-test-home/sealed_secrets.json"},
                           {"TMP_PATH", "/tmp"},
                           {"MODULE_PATH", kTestModulePath},
                           {"KEY_PATH", "/tmp/mse-test-key"},
                           {"PYTHONDONTWRITEBYTECODE", "1"},
                           {"PYTHONUNBUFFERED", "1"}};
    auto runtime = PythonRuntime::Start(options);
    if (!runtime.ok()) {
      std::fprintf(stderr, "cannot start Python: %s\n", runtime.status().ToString().c_str());
      std::abort();
    }
    Slot() = std::move(runtime).value();
  }
  (void)kRegistered;
  return *Slot();
}

}  // namespace mse::enclave::testing
