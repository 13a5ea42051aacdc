// PythonRuntime: the embedded CPython interpreter of mse-enclave (pybind11
// embed, Debian's python3.11). One per process, created on the main thread.
// While it lives the GIL is released; code entering Python takes it
// (wsgi_host.cc). Not copyable, not movable.
#ifndef MSE_ENCLAVE_PYTHON_RUNTIME_H_
#define MSE_ENCLAVE_PYTHON_RUNTIME_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"

namespace mse::enclave {

struct PythonRuntimeOptions {
  // The interpreter's prefix: Debian's /usr, so the standard library and
  // /usr/lib/python3/dist-packages (python3-flask) are importable whatever
  // python3 comes first on PATH. PYTHON* variables of the host are ignored.
  std::string python_home = "/usr";
  std::string program_name = "/usr/bin/python3";
  // Exported with setenv before start (visible in os.environ). The variables
  // PYTHONDONTWRITEBYTECODE, PYTHONUNBUFFERED and PYTHONPYCACHEPREFIX among
  // them are also applied to the interpreter's configuration.
  std::vector<std::pair<std::string, std::string>> environment;
};

class PythonRuntime {
 public:
  // Fails with FailedPrecondition when an interpreter already runs in this
  // process, Internal with CPython's message when it cannot start.
  static StatusOr<std::unique_ptr<PythonRuntime>> Start(const PythonRuntimeOptions& options);
  ~PythonRuntime();  // Finalizes the interpreter: no Python call may follow.
  PythonRuntime(const PythonRuntime&) = delete;
  PythonRuntime& operator=(const PythonRuntime&) = delete;

  // Runs `code` in __main__ (with the GIL); for diagnostics and tests.
  Status RunCode(const std::string& code);

 private:
  struct Impl;
  explicit PythonRuntime(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace mse::enclave

#endif  // MSE_ENCLAVE_PYTHON_RUNTIME_H_
