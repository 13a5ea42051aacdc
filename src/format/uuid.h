// Application UUIDs as the wire carries them (formats.md §1: compared by
// value, not by string). Accepted spellings: "2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21"
// in either case, with or without hyphens, in braces, or after "urn:uuid:".
#ifndef MSE_FORMAT_UUID_H_
#define MSE_FORMAT_UUID_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/env.h"

namespace mse::format {

using UuidBytes = std::array<uint8_t, 16>;

// The 16 bytes in text order, or nullopt when `text` is not a UUID.
std::optional<UuidBytes> ParseUuid(std::string_view text);

// 32 lowercase hex digits, or nullopt when `text` is not a UUID.
std::optional<std::string> NormalizeUuid(std::string_view text);

// A random (version 4, RFC 4122 variant) UUID, lowercase 8-4-4-4-12.
std::string NewRandomUuid(Random& random);

}  // namespace mse::format

#endif  // MSE_FORMAT_UUID_H_
