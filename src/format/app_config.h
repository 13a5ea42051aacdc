// mse.toml, the application configuration (spec/formats.md §3; quirks Q-14,
// Layout and rules: docs/file-formats.md.
//
// Loading validates every field and fails with InvalidArgument naming the
// file, the field, what was expected and what was found. Unknown keys are
// accepted (files written for the original must load, Q-14) and reported in
// LoadedAppConfig::warnings.
#ifndef MSE_FORMAT_APP_CONFIG_H_
#define MSE_FORMAT_APP_CONFIG_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "format/timestamp.h"

namespace mse::format {

struct CloudSslConfig {
  std::string domain_name;
  std::string private_key;  // path (absolute after load)
  std::string certificate;  // path (absolute after load)
};

struct CloudConfig {
  std::string code;   // path (absolute after load)
  std::string tests;  // path (absolute after load)
  std::string docker;
  std::string project;
  std::string hardware;
  std::optional<std::string> secrets;  // path (absolute after load)
  std::optional<Timestamp> expiration_date;
  bool dev_mode = false;  // never read from the file
  std::optional<CloudSslConfig> ssl;
};

struct AppConfig {
  std::string name;  // trimmed
  std::string python_application;
  std::string healthcheck_endpoint;
  std::string tests_cmd;
  std::vector<std::string> tests_requirements;
  std::optional<CloudConfig> cloud;
  // `provider_public_key` (issue 13, docs/provider-binding.md): the code
  // provider's Ed25519 key, in the canonical form "ed25519:<64 lowercase
  // hex>" whatever the case in the file. When present the enclave accepts
  // only configurations the provider signed; it is part of the measurement.
  // Written after tests_requirements (cloud init leaves it out).
  std::optional<std::string> provider_public_key;
};

// What the [cloud.ssl] checks need from the certificate; X.509 parsing lives
// in src/crypto, so callers pass an inspector reading the first certificate
// of a PEM file.
struct CertInfo {
  int64_t not_after_unix = 0;
  std::vector<std::string> san_dns_names;
};
using CertificateInspector = std::function<StatusOr<CertInfo>(const std::string& pem_path)>;

// §3.3: kAll keeps [cloud] (dev_mode=false); kSkipCloud drops it (home
// commands); kInsecureCloud drops [cloud.ssl] and sets dev_mode=true.
enum class CloudMode { kAll, kSkipCloud, kInsecureCloud };

struct AppConfigLoadOptions {
  CloudMode mode = CloudMode::kAll;
  // Required when the file has [cloud.ssl] and mode is kAll, else
  // FailedPrecondition.
  CertificateInspector inspect_certificate;
};

struct LoadedAppConfig {
  AppConfig config;
  std::vector<std::string> warnings;  // unknown keys, in file order
};

// Reads and validates `path` ("~" expanded by the caller). Cloud paths are
// made absolute against the directory of `path` (itself made absolute
// against the working directory). `now_unix` is for the "in the past" check.
StatusOr<LoadedAppConfig> LoadAppConfig(FileSystem& fs, const std::string& path, int64_t now_unix,
                                        const AppConfigLoadOptions& options);

// Same, on text already read; `path` is used for messages and relative paths.
StatusOr<LoadedAppConfig> ParseAppConfig(std::string_view text, const std::string& path, int64_t now_unix,
                                         const AppConfigLoadOptions& options);

// The `cloud init` layout (§3.4, Python toml 0.10.2 bytes): paths written as
// given, expiration_date as a Python timestamp string, dev_mode not written.
std::string WriteAppConfigToml(const AppConfig& config);

// `name` must be a valid lowercase Docker repository name before we tag
// `{name}:{ns}`: components [a-z0-9]+ joined by '.', '_', '__' or '-'s,
// separated by '/', 255 characters at most. InvalidArgument otherwise.
Status ValidateDockerReference(std::string_view name);

// FailedPrecondition "<path>: no `cloud` configuration found in the app
// configuration" when config.cloud is absent (commands that need [cloud]).
Status RequireCloud(const AppConfig& config, const std::string& path);

// "a.b:app" → "a/b.py": the module file deploy requires under the code dir.
std::string PythonModuleFile(std::string_view python_application);

}  // namespace mse::format

#endif  // MSE_FORMAT_APP_CONFIG_H_
