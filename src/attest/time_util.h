// RFC 3339 / ISO-8601 UTC instants for collateral dates (attestation.md §12)
// and the CLI's `--at` option.
#ifndef MSE_ATTEST_TIME_UTIL_H_
#define MSE_ATTEST_TIME_UTIL_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace mse::attest {

using UnixSeconds = int64_t;

// "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)" (a space is accepted for 'T').
// Fractions are truncated. InvalidArgument naming the text otherwise.
StatusOr<UnixSeconds> ParseRfc3339(std::string_view text);

// "YYYY-MM-DDTHH:MM:SSZ".
std::string FormatRfc3339(UnixSeconds t);

}  // namespace mse::attest

#endif  // MSE_ATTEST_TIME_UTIL_H_
