#include "format/package.h"

#include <filesystem>

namespace mse::format {
namespace {

namespace fs = std::filesystem;

constexpr const char* kMembers[] = {"app.tar", "image.tar", "tests.tar", "mse.toml"};

}  // namespace

std::string PackageFileName(std::string_view name, int64_t ns) {
  return "package_" + std::string(name) + "_" + std::to_string(ns) + ".tar";
}

std::string PackageKeyFileName(std::string_view name, int64_t ns) {
  return "package_" + std::string(name) + "_" + std::to_string(ns) + ".key";
}

Status WritePackage(const PackageFiles& files, const std::string& package_path) {
  return WriteTar({{kMembers[0], files.app_tar},
                   {kMembers[1], files.image_tar},
                   {kMembers[2], files.tests_tar},
                   {kMembers[3], files.mse_toml}},
                  package_path);
}

StatusOr<ExtractedPackage> ExtractPackage(const std::string& package_path, const std::string& out_dir,
                                          const ExtractLimits& limits) {
  MSE_ASSIGN_OR_RETURN(auto names, ExtractTarSafely(package_path, out_dir, limits));
  (void)names;
  fs::path out(out_dir);
  for (const char* member : kMembers) {
    std::error_code ec;
    if (!fs::is_regular_file(fs::symlink_status(out / member, ec))) {
      return NotFoundError(package_path + ": '" + member + "' was not found in the MSE package");
    }
  }
  ExtractedPackage result;
  result.files = {(out / kMembers[0]).string(), (out / kMembers[1]).string(), (out / kMembers[2]).string(),
                  (out / kMembers[3]).string()};
  result.tests_dir = (out / "tests").string();
  auto tests = ExtractTarSafely(result.files.tests_tar, result.tests_dir, CodeTreeExtractLimits());
  if (!tests.ok()) return tests.status().WithContext("extracting the package's tests.tar");
  return result;
}

}  // namespace mse::format
