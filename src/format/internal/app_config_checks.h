// Semantic checks of mse.toml (spec/formats.md §3.1, §3.3). Internal.
#ifndef MSE_FORMAT_INTERNAL_APP_CONFIG_CHECKS_H_
#define MSE_FORMAT_INTERNAL_APP_CONFIG_CHECKS_H_

#include <cstdint>
#include <string>

#include "base/status.h"
#include "format/app_config.h"
#include "format/internal/toml_reader.h"

namespace mse::format::internal {

// `module:variable`: exactly two parts when split on ':'.
Status CheckPythonApplication(const TomlFields& fields, const std::string& value);

// §3.3 steps 2 and 3: the [cloud.ssl] certificate (may fill
// expiration_date from notAfter), then "expiration_date is in the past".
Status CheckCloud(const std::string& file, int64_t now_unix, const CertificateInspector& inspector,
                  CloudConfig& cloud);

}  // namespace mse::format::internal

#endif  // MSE_FORMAT_INTERNAL_APP_CONFIG_CHECKS_H_
