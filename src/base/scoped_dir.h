// A temporary directory removed with its contents when the owner goes out of
// scope, unless Release()d. Not copyable.
#ifndef MSE_BASE_SCOPED_DIR_H_
#define MSE_BASE_SCOPED_DIR_H_

#include <string>

#include "base/env.h"

namespace mse {

class ScopedDirectory {
 public:
  ScopedDirectory(FileSystem& fs, std::string path) : fs_(fs), path_(std::move(path)) {}
  ~ScopedDirectory() {
    if (!path_.empty()) (void)fs_.RemoveAll(path_);
  }
  ScopedDirectory(const ScopedDirectory&) = delete;
  ScopedDirectory& operator=(const ScopedDirectory&) = delete;

  const std::string& path() const { return path_; }
  std::string Release() { return std::exchange(path_, std::string()); }

 private:
  FileSystem& fs_;
  std::string path_;
};

}  // namespace mse

#endif  // MSE_BASE_SCOPED_DIR_H_
