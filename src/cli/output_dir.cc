#include "cli/output_dir.h"

namespace mse::cli {

Status CheckOutputDirectory(FileSystem& fs, const std::string& dir) {
  if (fs.Exists(dir) && !fs.IsDirectory(dir)) {
    return FailedPreconditionError("--output " + dir + " exists and is not a directory");
  }
  return Status::Ok();
}

Status EnsureOutputDirectory(FileSystem& fs, const std::string& dir) {
  MSE_RETURN_IF_ERROR(CheckOutputDirectory(fs, dir));
  if (fs.IsDirectory(dir)) return Status::Ok();
  return fs.CreateDirectories(dir, FileMode::kNormal).WithContext("--output " + dir);
}

}  // namespace mse::cli
