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

// Bounds of one extraction, checked on the headers before anything is
// written and again while the data is read (issue 13, docs/file-formats.md).
// The defaults fit a home package (its image.tar can be GBs); code and tests
// trees use CodeTreeExtractLimits(). Copyable; every field can be changed.
struct ExtractLimits {
  uint64_t max_member_size = uint64_t{8} << 30;  // image.tar of a real app image
  uint64_t max_total_size = uint64_t{12} << 30;
  uint64_t max_members = 64;  // a package has 4
  // Compressed archives: gzip, bzip2 and xz only (formats.md §12), never
  // libarchive's external-program filters. false: uncompressed tar only.
  bool allow_compression = true;
  // A compressed archive may not expand more than this many times its
  // compressed size once it has produced ratio_floor_bytes (a bomb is
  // stopped while it is being read, not after).
  uint64_t max_compression_ratio = 200;
  uint64_t ratio_floor_bytes = uint64_t{64} << 20;
};

// app.tar and tests.tar: source trees, written uncompressed by every tool.
ExtractLimits CodeTreeExtractLimits();

// Safe extraction of a tar (gzip/bzip2/xz detected when the limits allow
// compression; any other filter is refused). A first pass reads every header
// and rejects, before anything is written (InvalidArgument or OutOfRange,
// "<tar>: member '<name>' ..."): absolute paths, `..` components, symbolic
// and hard links, devices, FIFOs and sockets, members over the limits, a
// compressed stream expanding beyond max_compression_ratio. Then members go to a temporary directory inside
// `dest_dir` (created if missing) and are moved into `dest_dir`; a name that
// already exists there is AlreadyExists and nothing is moved. On any failure
// `dest_dir` is left as it was (removed again if we created it).
// Returns member names in archive order.
StatusOr<std::vector<std::string>> ExtractTarSafely(const std::string& tar_path, const std::string& dest_dir,
                                                    const ExtractLimits& limits = {});

// The header pass of ExtractTarSafely over an uncompressed tar held in
// memory (an upload checked before anything is stored): the same refusals,
// named with `what`; an archive without any member is refused too.
StatusOr<std::vector<std::string>> ValidateTarInMemory(std::string_view data, const std::string& what,
                                                      const ExtractLimits& limits = {});

}  // namespace mse::format

#endif  // MSE_FORMAT_TAR_H_
