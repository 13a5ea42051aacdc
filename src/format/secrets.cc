#include "format/secrets.h"

#include "format/json_writer.h"

namespace mse::format {
namespace {

StatusOr<SecretBytes> ReadSecret(FileSystem& fs, const std::string& path) {
  auto bytes = fs.ReadSecretFile(path);
  if (!bytes.ok()) return bytes.status().WithContext("reading secrets file " + path);
  return bytes;
}

}  // namespace

StatusOr<nlohmann::ordered_json> ParseSecrets(std::string_view text, const std::string& path) {
  return ParseJson(text, path);
}

StatusOr<nlohmann::ordered_json> ParseSecretsToSeal(std::string_view text, const std::string& path) {
  MSE_ASSIGN_OR_RETURN(auto json, ParseJson(text, path));
  if (!json.is_object()) {
    return InvalidArgumentError(path + ": expected a JSON object, found " + std::string(json.type_name()));
  }
  return json;
}

StatusOr<nlohmann::ordered_json> LoadSecrets(FileSystem& fs, const std::string& path) {
  MSE_ASSIGN_OR_RETURN(SecretBytes bytes, ReadSecret(fs, path));
  return ParseSecrets(AsStringView(bytes.view()), path);
}

StatusOr<nlohmann::ordered_json> LoadSecretsToSeal(FileSystem& fs, const std::string& path) {
  MSE_ASSIGN_OR_RETURN(SecretBytes bytes, ReadSecret(fs, path));
  return ParseSecretsToSeal(AsStringView(bytes.view()), path);
}

}  // namespace mse::format
