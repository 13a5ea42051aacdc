// The default PCCS of `home spawn` / `home evidence`, read from Intel's
// QCNL configuration (spec/formats.md §6).
#ifndef MSE_FORMAT_QCNL_H_
#define MSE_FORMAT_QCNL_H_

#include <string>
#include <string_view>

#include "base/env.h"

namespace mse::format {

inline constexpr char kQcnlConfPath[] = "/etc/sgx_default_qcnl.conf";
inline constexpr char kFallbackPccsUrl[] = "https://pccs.example.com";

// Drops empty lines and lines whose trimmed text starts with "//", parses the
// rest as JSON, takes `pccs_url` and keeps `scheme://host[:port]`. Any
// failure (no file, bad JSON, no usable URL) yields kFallbackPccsUrl.
std::string PccsUrlFromQcnl(std::string_view conf_text);
std::string LoadDefaultPccsUrl(FileSystem& fs, const std::string& path = kQcnlConfPath);

}  // namespace mse::format

#endif  // MSE_FORMAT_QCNL_H_
