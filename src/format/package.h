// The home package `package_<name>_<ns>.tar` (spec/formats.md §12; quirks
// Layout: docs/file-formats.md.
#ifndef MSE_FORMAT_PACKAGE_H_
#define MSE_FORMAT_PACKAGE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "format/tar.h"

namespace mse::format {

// "package_<name>_<ns>.tar" and "package_<name>_<ns>.key".
std::string PackageFileName(std::string_view name, int64_t ns);
std::string PackageKeyFileName(std::string_view name, int64_t ns);

// Paths of the four members on disk.
struct PackageFiles {
  std::string app_tar;
  std::string image_tar;  // streamed: may be hundreds of MB
  std::string tests_tar;
  std::string mse_toml;
};

// Writes members app.tar, image.tar, tests.tar, mse.toml, in that order,
// uncompressed, atomically to `package_path`.
Status WritePackage(const PackageFiles& files, const std::string& package_path);

struct ExtractedPackage {
  PackageFiles files;     // inside out_dir
  std::string tests_dir;  // <out_dir>/tests, tests.tar extracted
};

// Extracts `package_path` safely into `out_dir` (ExtractTarSafely), then
// requires app.tar, image.tar, tests.tar and mse.toml, checked in that order
// (NotFound "<package>: 'X' was not found in the MSE package"), and extracts
// tests.tar into `<out_dir>/tests` within CodeTreeExtractLimits().
StatusOr<ExtractedPackage> ExtractPackage(const std::string& package_path, const std::string& out_dir,
                                          const ExtractLimits& limits = {});

}  // namespace mse::format

#endif  // MSE_FORMAT_PACKAGE_H_
