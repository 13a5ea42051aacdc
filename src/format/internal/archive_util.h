// RAII wrappers for libarchive handles. Internal to src/format.
#ifndef MSE_FORMAT_INTERNAL_ARCHIVE_UTIL_H_
#define MSE_FORMAT_INTERNAL_ARCHIVE_UTIL_H_

#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <string>

#include "base/status.h"

namespace mse::format::internal {

struct ArchiveReadDeleter {
  void operator()(archive* a) const { archive_read_free(a); }
};
struct ArchiveWriteDeleter {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct ArchiveEntryDeleter {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};
using ArchiveReader = std::unique_ptr<archive, ArchiveReadDeleter>;
using ArchiveWriter = std::unique_ptr<archive, ArchiveWriteDeleter>;
using ArchiveEntry = std::unique_ptr<archive_entry, ArchiveEntryDeleter>;

// "<what>: libarchive: <archive_error_string>"
Status ArchiveError(archive* a, const std::string& what);

// A file created beside `target` (mkstemp), renamed over it by Commit(),
// removed if destroyed uncommitted. Not copyable.
class AtomicOutput {
 public:
  static StatusOr<std::unique_ptr<AtomicOutput>> Create(const std::string& target);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  int fd() const { return fd_; }
  Status Commit();  // fsync, close, rename

 private:
  AtomicOutput(std::string target, std::string temp, int fd)
      : target_(std::move(target)), temp_(std::move(temp)), fd_(fd) {}
  std::string target_;
  std::string temp_;
  int fd_;
  bool committed_ = false;
};

}  // namespace mse::format::internal

#endif  // MSE_FORMAT_INTERNAL_ARCHIVE_UTIL_H_
