#include "format/internal/archive_util.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <vector>

namespace mse::format::internal {

Status ArchiveError(archive* a, const std::string& what) {
  const char* text = a == nullptr ? nullptr : archive_error_string(a);
  return InvalidArgumentError(what + ": libarchive: " + (text ? text : "unknown error"));
}

StatusOr<std::unique_ptr<AtomicOutput>> AtomicOutput::Create(const std::string& target) {
  std::string pattern = target + ".tmp-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  int fd = mkstemp(buffer.data());
  if (fd < 0) return ErrnoError("creating a temporary file for " + target, errno);
  fchmod(fd, 0644);
  return std::unique_ptr<AtomicOutput>(new AtomicOutput(target, buffer.data(), fd));
}

AtomicOutput::~AtomicOutput() {
  if (fd_ >= 0) close(fd_);
  if (!committed_) unlink(temp_.c_str());
}

Status AtomicOutput::Commit() {
  if (fsync(fd_) != 0) return ErrnoError("writing " + target_, errno);
  int fd = fd_;
  fd_ = -1;
  if (close(fd) != 0) return ErrnoError("writing " + target_, errno);
  if (std::rename(temp_.c_str(), target_.c_str()) != 0) {
    return ErrnoError("renaming into " + target_, errno);
  }
  committed_ = true;
  return Status::Ok();
}

}  // namespace mse::format::internal
