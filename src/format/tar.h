// Tar archives through libarchive (spec/formats.md §12; quirks,
// Layout: docs/file-formats.md.
//
// These functions work on the real file system: libarchive does its own I/O
// (stat, streaming of large members), which FileSystem cannot express. Every
// archive we create is written to a temporary file beside the target and
// renamed into place only when complete.
#ifndef MSE_FORMAT_TAR_H_
#define MSE_FORMAT_TAR_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace mse::format {

// Extra exclusion for BuildDirectoryTar, called with the basename of every
// file and directory; a directory excluded is skipped with its contents.
using TarExclude = std::function<bool(std::string_view basename, bool is_directory)>;

// The tests tar exclusions: `__pycache__` and `.pytest_cache` (§12).
bool IsTestsTarExcluded(std::string_view basename, bool is_directory);

// The code/test tar of §12: uncompressed PAX, regular files only (no
// directory entries, symbolic links not followed), member name = path
// relative to `root_dir`, sorted component by component, any path with a
// component starting with '.' skipped. Mode, mtime and owner come
// from the file system. Errors name the file involved and libarchive's text.
Status BuildDirectoryTar(const std::string& root_dir, const std::string& tar_path,
                         const TarExclude& exclude = nullptr);

// One member of an archive we write: the data of `source_path` (streamed,
// never loaded whole) stored under `member_name`.
struct TarMember {
  std::string member_name;
  std::string source_path;
};
// Writes members in the given order (uncompressed PAX).
Status WriteTar(const std::vector<TarMember>& members, const std::string& tar_path);

struct ExtractLimits {
  uint64_t max_member_size = uint64_t{16} << 30;  // a docker image can be large
  uint64_t max_total_size = uint64_t{32} << 30;
  uint64_t max_members = 1'000'000;
};

// Safe extraction of any tar (gzip/bzip2/xz detected). A first pass reads
// every header and rejects, before anything is written (InvalidArgument or
// OutOfRange, "<tar>: member '<name>' ..."): absolute paths, `..`
// components, symbolic and hard links, devices, FIFOs and sockets, members
// over the limits. Then members go to a temporary directory inside
// `dest_dir` (created if missing) and are moved into `dest_dir`; a name that
// already exists there is AlreadyExists and nothing is moved. On any failure
// `dest_dir` is left as it was (removed again if we created it).
// Returns member names in archive order.
StatusOr<std::vector<std::string>> ExtractTarSafely(const std::string& tar_path, const std::string& dest_dir,
                                                    const ExtractLimits& limits = {});

}  // namespace mse::format

#endif  // MSE_FORMAT_TAR_H_
