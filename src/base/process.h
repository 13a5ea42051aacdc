// Runs a program and waits for it (posix_spawn: no shell, no fork of a large
// address space). stdout/stderr are inherited. Used only by the CLI (tests
// of an app); the enclave runtime never starts processes.
#ifndef MSE_BASE_PROCESS_H_
#define MSE_BASE_PROCESS_H_

#include <map>
#include <string>
#include <vector>

#include "base/status.h"

namespace mse {

struct ProcessSpec {
  std::vector<std::string> argv;             // argv[0] is the program (absolute or on PATH)
  std::map<std::string, std::string> env;    // added to (or replacing in) the current environment
  std::string working_directory;             // empty: the current one
};

// The program's exit status (0..255), or 128+N when killed by signal N.
// NotFound when the program cannot be started.
StatusOr<int> RunProcess(const ProcessSpec& spec);

}  // namespace mse

#endif  // MSE_BASE_PROCESS_H_
