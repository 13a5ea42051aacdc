// Fuzzes mse.toml loading (all modes) and the .mseignore parser.
#include <cstdint>
#include <string>

#include "format/app_config.h"
#include "format/mseignore.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  mse::format::AppConfigLoadOptions options;
  options.inspect_certificate = [](const std::string&) -> mse::StatusOr<mse::format::CertInfo> {
    return mse::format::CertInfo{4102444800, {"app.example.com", "*.example.com"}};
  };
  for (auto mode : {mse::format::CloudMode::kAll, mse::format::CloudMode::kSkipCloud,
                    mse::format::CloudMode::kInsecureCloud}) {
    options.mode = mode;
    auto config = mse::format::ParseAppConfig(text, "/fuzz/mse.toml", 1700000000, options);
    if (config.ok()) (void)mse::format::WriteAppConfigToml(config->config);
  }
  auto ignore = mse::format::MseIgnore::Parse(text);
  (void)ignore.Ignores("app.py", false);
  (void)ignore.Ignores("__pycache__", true);
  return 0;
}
