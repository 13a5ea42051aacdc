// Instants as mse.toml and the cloud formats write them (spec/formats.md §1
// "Python timestamp string", §3.2 expiration_date, §3.5 expires_at).
#ifndef MSE_FORMAT_TIMESTAMP_H_
#define MSE_FORMAT_TIMESTAMP_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace mse::format {

// An instant plus the way it was written. A naive value (no offset) means
// local time: unix_micros is already resolved with the process time
// zone, and printing shows the local wall-clock time without an offset.
struct Timestamp {
  int64_t unix_micros = 0;
  std::optional<int32_t> utc_offset_minutes;  // nullopt = naive

  int64_t unix_seconds() const;  // floor
  friend bool operator==(const Timestamp&, const Timestamp&) = default;
};

// Builds from calendar fields; naive fields are resolved in local time.
// Fails with InvalidArgument on an impossible date or time.
StatusOr<Timestamp> TimestampFromFields(int year, int month, int day, int hour, int minute, int second,
                                        int micros, std::optional<int32_t> utc_offset_minutes);

// Aware UTC instant (offset +00:00).
Timestamp TimestampFromUnixSeconds(int64_t seconds);

// `YYYY-MM-DD`, or `YYYY-MM-DD[T| ]HH:MM[:SS[.f{1,6}]]` optionally followed
// by `Z` or `±HH[:]MM`. Fails with InvalidArgument saying what was expected.
StatusOr<Timestamp> ParseIsoTimestamp(std::string_view text);

// `YYYY-MM-DD HH:MM:SS[.ffffff][±HH:MM]` (Python's str(datetime)).
std::string FormatPythonTimestamp(const Timestamp& t);

// `YYYY-MM-DDTHH:MM:SS.ffffffZ` in UTC, always 6 fraction digits (§3.5).
std::string FormatUtcIso(int64_t unix_micros);

}  // namespace mse::format

#endif  // MSE_FORMAT_TIMESTAMP_H_
