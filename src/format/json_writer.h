// The two JSON flavours of the original (spec/formats.md §1.2):
//  - compact-Python: json.dumps defaults: separators ", " and ": ", member
//    order kept, ASCII only (lowercase \uXXXX, surrogate pairs), '/' not
//    escaped, no trailing newline;
//  - indent-4: json.dumps(indent=4): one member per line, "," at line end,
//    ": " between key and value, no trailing newline (evidence.json).
// Strings must be valid UTF-8 (nlohmann's parser guarantees it); invalid
// sequences, which only a bug can produce, are written as U+FFFD.
#ifndef MSE_FORMAT_JSON_WRITER_H_
#define MSE_FORMAT_JSON_WRITER_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/status.h"

namespace mse::format {

std::string DumpCompactPython(const nlohmann::ordered_json& value);
std::string DumpIndent4(const nlohmann::ordered_json& value);

// Parses JSON text keeping member order. Errors: InvalidArgument
// "<what>: invalid JSON at byte N: <nlohmann message>", or "<what>: JSON
// nested deeper than 64 levels ..." (base/json_depth.h): a parsed value is always
// shallow enough for the writers above, which recurse once per level.
StatusOr<nlohmann::ordered_json> ParseJson(std::string_view text, std::string_view what);

// The configuration POST body of §14, compact-Python, keys in the order
// uuid, app_secrets, app_sealed_secrets (b64u of the sealed box),
// code_secret_key (hex), ssl_private_key. Optional keys are omitted when
// absent or, as the original does, when empty/false (Python truthiness).
// `provider_signature` (docs/provider-binding.md, made by
// SignProviderBinding) is appended last when given.
std::string BuildConfigurationPayload(std::string_view uuid,
                                      const std::optional<nlohmann::ordered_json>& app_secrets,
                                      std::optional<ByteView> sealed_secrets,
                                      std::optional<ByteView> code_secret_key,
                                      std::optional<std::string_view> ssl_private_key,
                                      std::optional<std::string_view> provider_signature = std::nullopt);

}  // namespace mse::format

#endif  // MSE_FORMAT_JSON_WRITER_H_
