// Secrets files sent to the enclave (spec/formats.md §8).
//  - secrets.json: any JSON value, sent as `app_secrets`;
//  - secrets_to_seal.json: a UTF-8 JSON object, sealed to the enclave key.
// Member order is kept (ordered_json) so the compact-Python re-serialisation
// matches the original's.
#ifndef MSE_FORMAT_SECRETS_H_
#define MSE_FORMAT_SECRETS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/env.h"
#include "base/status.h"

namespace mse::format {

// Errors: the read error with the path, or InvalidArgument "<path>: invalid
// JSON at byte N: ... line L, column C ..." from the parser.
StatusOr<nlohmann::ordered_json> LoadSecrets(FileSystem& fs, const std::string& path);

// As LoadSecrets, and InvalidArgument "<path>: expected a JSON object, found
// <type>" when the value is not an object.
StatusOr<nlohmann::ordered_json> LoadSecretsToSeal(FileSystem& fs, const std::string& path);

// The same checks on text already in memory; `path` is for messages.
StatusOr<nlohmann::ordered_json> ParseSecrets(std::string_view text, const std::string& path);
StatusOr<nlohmann::ordered_json> ParseSecretsToSeal(std::string_view text, const std::string& path);

}  // namespace mse::format

#endif  // MSE_FORMAT_SECRETS_H_
