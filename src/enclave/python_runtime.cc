#include "enclave/python_runtime.h"

#include <pybind11/embed.h>
#include <stdlib.h>

#include <atomic>

#include "enclave/python_errors.h"

namespace py = pybind11;

namespace mse::enclave {
namespace {

std::atomic<bool> g_running{false};

std::string EnvValue(const PythonRuntimeOptions& options, const std::string& name) {
  for (const auto& [key, value] : options.environment) {
    if (key == name) return value;
  }
  return "";
}

Status CheckPyStatus(PyStatus status, PyConfig* config, const char* what) {
  if (!PyStatus_Exception(status)) return Status::Ok();
  PyConfig_Clear(config);
  return InternalError(std::string("Python ") + what + ": " +
                       (status.err_msg ? status.err_msg : "unknown error"));
}

// Isolated from the host's PYTHON* variables, but with site-packages and the
// settings of the enclave environment applied.
Status Configure(const PythonRuntimeOptions& options, PyConfig* config) {
  PyConfig_InitIsolatedConfig(config);
  config->isolated = 0;
  config->use_environment = 0;
  config->install_signal_handlers = 0;  // mse-enclave handles SIGINT/SIGTERM
  config->site_import = 1;
  config->parse_argv = 0;
  config->write_bytecode = EnvValue(options, "PYTHONDONTWRITEBYTECODE").empty() ? 1 : 0;
  config->buffered_stdio = EnvValue(options, "PYTHONUNBUFFERED").empty() ? 1 : 0;
  MSE_RETURN_IF_ERROR(CheckPyStatus(
      PyConfig_SetBytesString(config, &config->home, options.python_home.c_str()), config,
      "home"));
  MSE_RETURN_IF_ERROR(CheckPyStatus(
      PyConfig_SetBytesString(config, &config->program_name, options.program_name.c_str()),
      config, "program name"));
  std::string prefix = EnvValue(options, "PYTHONPYCACHEPREFIX");
  if (!prefix.empty()) {
    MSE_RETURN_IF_ERROR(CheckPyStatus(
        PyConfig_SetBytesString(config, &config->pycache_prefix, prefix.c_str()), config,
        "pycache prefix"));
  }
  return Status::Ok();
}

}  // namespace

struct PythonRuntime::Impl {
  std::unique_ptr<py::scoped_interpreter> interpreter;
  std::unique_ptr<py::gil_scoped_release> released;
};

PythonRuntime::PythonRuntime(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

StatusOr<std::unique_ptr<PythonRuntime>> PythonRuntime::Start(const PythonRuntimeOptions& options) {
  if (g_running.exchange(true)) {
    return FailedPreconditionError("an embedded Python interpreter already runs in this process");
  }
  for (const auto& [name, value] : options.environment) ::setenv(name.c_str(), value.c_str(), 1);
  PyConfig config;
  Status configured = Configure(options, &config);
  if (!configured.ok()) {
    g_running = false;
    return configured;
  }
  auto impl = std::make_unique<Impl>();
  static const char* const kArgv[] = {"mse-enclave"};
  try {
    // Takes ownership of (and clears) config.
    impl->interpreter = std::make_unique<py::scoped_interpreter>(&config, 1, kArgv, false);
  } catch (const std::exception& e) {
    g_running = false;
    return InternalError(std::string("cannot start the Python interpreter: ") + e.what());
  }
  impl->released = std::make_unique<py::gil_scoped_release>();
  return std::unique_ptr<PythonRuntime>(new PythonRuntime(std::move(impl)));
}

PythonRuntime::~PythonRuntime() {
  impl_->released.reset();  // take the GIL back before finalizing
  impl_->interpreter.reset();
  g_running = false;
}

Status PythonRuntime::RunCode(const std::string& code) {
  py::gil_scoped_acquire gil;
  try {
    py::exec(code);
  } catch (py::error_already_set& e) {
    return InternalError("Python: " + DescribePythonError(e));
  }
  return Status::Ok();
}

}  // namespace mse::enclave
