// The `--output DIR` of the commands that write results into a directory
// (home evidence, home verify): created when missing, at write time, so a
// command that fails leaves nothing behind.
#ifndef MSE_CLI_OUTPUT_DIR_H_
#define MSE_CLI_OUTPUT_DIR_H_

#include <string>

#include "base/env.h"
#include "base/status.h"

namespace mse::cli {

// Fails when `dir` exists but is not a directory (checked before any work).
Status CheckOutputDirectory(FileSystem& fs, const std::string& dir);

// Creates `dir` (and its parents) when missing, just before writing into it.
Status EnsureOutputDirectory(FileSystem& fs, const std::string& dir);

}  // namespace mse::cli

#endif  // MSE_CLI_OUTPUT_DIR_H_
