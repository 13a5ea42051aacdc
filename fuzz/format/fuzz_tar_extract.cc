// Fuzzes the safe tar extractor: whatever the archive, nothing may appear
// outside the destination directory.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "format/tar.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace fs = std::filesystem;
  // One directory per process, removed after each input.
  static const fs::path root = fs::temp_directory_path() / ("mse-fuzz-tar-" + std::to_string(getpid()));
  fs::remove_all(root);
  fs::create_directories(root);
  {
    std::ofstream(root / "in.tar", std::ios::binary)
        .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  mse::format::ExtractLimits limits;
  limits.max_member_size = 1 << 20;
  limits.max_total_size = 4 << 20;
  limits.max_members = 1000;
  (void)mse::format::ExtractTarSafely((root / "in.tar").string(), (root / "out").string(), limits);
  for (const auto& entry : fs::directory_iterator(root)) {
    std::string name = entry.path().filename().string();
    if (name != "in.tar" && name != "out") std::abort();  // something escaped
  }
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(root / "out", ec)) {
    if (entry.is_symlink()) std::abort();
  }
  fs::remove_all(root);
  return 0;
}
