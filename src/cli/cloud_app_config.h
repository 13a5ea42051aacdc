// mse.toml as the cloud commands read it (formats.md §3.2–3.3): `[cloud]`
// required, the owner certificate of `[cloud.ssl]` inspected (notAfter,
// SAN), or `[cloud.ssl]` dropped and dev_mode set with --untrusted-ssl.
#ifndef MSE_CLI_CLOUD_APP_CONFIG_H_
#define MSE_CLI_CLOUD_APP_CONFIG_H_

#include <string>

#include "cli/command_spec.h"
#include "format/app_config.h"

namespace mse::cli {

// `path` is ~-expanded here. Unknown keys are printed as warnings. Errors
// name the file and the field (format/app_config.h), or FailedPrecondition
// "…: no `cloud` configuration found …".
StatusOr<format::AppConfig> LoadCloudAppConfig(CommandContext& ctx, const std::string& path,
                                               bool untrusted_ssl);

// The [cloud.ssl] checks' view of a PEM file's first certificate.
StatusOr<format::CertInfo> InspectFirstCertificate(FileSystem& fs, const std::string& pem_path);

}  // namespace mse::cli

#endif  // MSE_CLI_CLOUD_APP_CONFIG_H_
