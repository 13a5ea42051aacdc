// Test-only: the one embedded interpreter shared by the enclave tests,
// started on first use with a fixed enclave environment, finalized at exit.
#ifndef MSE_ENCLAVE_PYTHON_TEST_ENVIRONMENT_H_
#define MSE_ENCLAVE_PYTHON_TEST_ENVIRONMENT_H_

#include <string>

#include "enclave/python_runtime.h"

namespace mse::enclave::testing {

inline const std::string kTestModulePath = "/tmp/mse-test-module";

// Aborts the test binary when the interpreter cannot start.
PythonRuntime& Runtime();

}  // namespace mse::enclave::testing

#endif  // MSE_ENCLAVE_PYTHON_TEST_ENVIRONMENT_H_
