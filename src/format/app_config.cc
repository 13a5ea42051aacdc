#include "format/app_config.h"

#include <cmath>
#include <filesystem>
#include <utility>

#include "format/internal/app_config_checks.h"
#include "format/internal/toml_reader.h"
#include "format/provider_binding.h"

namespace mse::format {
namespace {

using internal::TomlFields;

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return n;
}

std::string Trim(std::string_view s) {
  const char* kSpace = " \t\n\r\f\v";
  size_t begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return "";
  size_t end = s.find_last_not_of(kSpace);
  return std::string(s.substr(begin, end - begin + 1));
}

// A required string whose length (in characters) is within [min, max].
StatusOr<std::string> BoundedString(TomlFields& f, std::string_view key, size_t min, size_t max,
                                    bool trim = false) {
  std::string expected = max == SIZE_MAX
                             ? "a non-empty string"
                             : "a string of " + std::to_string(min) + " to " + std::to_string(max) +
                                   " characters" + (trim ? " after trimming" : "");
  MSE_ASSIGN_OR_RETURN(auto value, f.OptionalString(key));
  if (!value) return f.Missing(key, expected);
  std::string s = trim ? Trim(*value) : std::move(*value);
  size_t length = Utf8Length(s);
  if (length < min || length > max) {
    return f.Mismatch(key, expected, "'" + s + "' (" + std::to_string(length) + " characters)");
  }
  return s;
}

std::string MakeAbsolute(const std::filesystem::path& base, const std::string& p) {
  std::filesystem::path joined = std::filesystem::path(p).is_absolute() ? std::filesystem::path(p) : base / p;
  std::string out = joined.lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

StatusOr<Timestamp> ExpirationFromNode(TomlFields& f, const toml::node& node) {
  const char* kExpected = "a TOML date-time, an ISO-8601 string or a Unix timestamp";
  if (const auto* dt = node.as_date_time()) {
    const toml::date_time& v = dt->get();
    std::optional<int32_t> offset;
    if (v.offset) offset = v.offset->minutes;
    auto t = TimestampFromFields(v.date.year, v.date.month, v.date.day, v.time.hour, v.time.minute,
                                 v.time.second, static_cast<int>(v.time.nanosecond / 1000), offset);
    if (!t.ok()) return f.Mismatch("expiration_date", kExpected, t.status().message());
    return t;
  }
  if (const auto* d = node.as_date()) {
    const toml::date& v = d->get();
    return TimestampFromFields(v.year, v.month, v.day, 0, 0, 0, 0, std::nullopt);
  }
  if (const auto* s = node.as_string()) {
    auto t = ParseIsoTimestamp(s->get());
    if (!t.ok()) return f.Mismatch("expiration_date", kExpected, t.status().message());
    return t;
  }
  double seconds = 0;
  if (const auto* i = node.as_integer()) {
    seconds = static_cast<double>(i->get());
  } else if (const auto* x = node.as_floating_point()) {
    seconds = x->get();
  } else {
    return f.Mismatch("expiration_date", kExpected, internal::TomlTypeName(node));
  }
  // As pydantic: numbers beyond 2e10 are milliseconds.
  if (std::fabs(seconds) > 2e10) seconds /= 1000;
  if (!std::isfinite(seconds) || std::fabs(seconds) > 253402300799.0) {
    return f.Mismatch("expiration_date", kExpected, "an out-of-range number");
  }
  return Timestamp{static_cast<int64_t>(std::llround(seconds * 1e6)), 0};
}

StatusOr<CloudSslConfig> ParseSsl(const toml::table& table, const std::string& file,
                                  const std::filesystem::path& base, std::vector<std::string>& warnings) {
  TomlFields f(table, file, "cloud.ssl");
  CloudSslConfig ssl;
  MSE_ASSIGN_OR_RETURN(ssl.domain_name, BoundedString(f, "domain_name", 1, 255));
  MSE_ASSIGN_OR_RETURN(std::string key, f.RequiredString("private_key"));
  MSE_ASSIGN_OR_RETURN(std::string cert, f.RequiredString("certificate"));
  ssl.private_key = MakeAbsolute(base, key);
  ssl.certificate = MakeAbsolute(base, cert);
  f.CollectUnknown(warnings);
  return ssl;
}

StatusOr<CloudConfig> ParseCloud(const toml::table& table, const std::string& file,
                                 const std::filesystem::path& base, CloudMode mode,
                                 std::vector<std::string>& warnings) {
  TomlFields f(table, file, "cloud");
  CloudConfig cloud;
  MSE_ASSIGN_OR_RETURN(cloud.docker, BoundedString(f, "docker", 1, SIZE_MAX));
  MSE_ASSIGN_OR_RETURN(std::string code, f.RequiredString("code"));
  MSE_ASSIGN_OR_RETURN(std::string tests, f.RequiredString("tests"));
  cloud.code = MakeAbsolute(base, code);
  cloud.tests = MakeAbsolute(base, tests);
  MSE_ASSIGN_OR_RETURN(cloud.project, BoundedString(f, "project", 1, 255));
  MSE_ASSIGN_OR_RETURN(cloud.hardware, BoundedString(f, "hardware", 1, 16));
  if (const toml::node* node = f.Node("expiration_date")) {
    MSE_ASSIGN_OR_RETURN(cloud.expiration_date, ExpirationFromNode(f, *node));
  }
  MSE_ASSIGN_OR_RETURN(auto secrets, f.OptionalString("secrets"));
  if (secrets) cloud.secrets = MakeAbsolute(base, *secrets);
  f.Allow("dev_mode");  // always recomputed
  cloud.dev_mode = mode == CloudMode::kInsecureCloud;
  if (mode == CloudMode::kAll) {
    MSE_ASSIGN_OR_RETURN(const toml::table* ssl, f.OptionalTable("ssl"));
    if (ssl != nullptr) {
      MSE_ASSIGN_OR_RETURN(cloud.ssl, ParseSsl(*ssl, file, base, warnings));
    }
  } else {
    f.Allow("ssl");  // dropped unread with --untrusted-ssl
  }
  f.CollectUnknown(warnings);
  return cloud;
}

Status ParseTopLevel(TomlFields& f, AppConfig& config) {
  MSE_ASSIGN_OR_RETURN(config.name, BoundedString(f, "name", 1, 255, /*trim=*/true));
  MSE_ASSIGN_OR_RETURN(config.python_application, BoundedString(f, "python_application", 1, 255));
  MSE_RETURN_IF_ERROR(internal::CheckPythonApplication(f, config.python_application));
  MSE_ASSIGN_OR_RETURN(config.healthcheck_endpoint, BoundedString(f, "healthcheck_endpoint", 1, 255));
  if (config.healthcheck_endpoint.front() != '/') {
    return InvalidArgumentError(f.FieldName("healthcheck_endpoint") + " should start with a \"/\", found '" +
                                config.healthcheck_endpoint + "'");
  }
  MSE_ASSIGN_OR_RETURN(config.tests_cmd, f.RequiredString("tests_cmd"));
  MSE_ASSIGN_OR_RETURN(config.tests_requirements, f.RequiredStringArray("tests_requirements"));
  MSE_ASSIGN_OR_RETURN(auto provider_key, f.OptionalString("provider_public_key"));
  if (provider_key) {
    auto key = ParseProviderPublicKey(*provider_key);
    if (!key.ok()) {
      return f.Mismatch("provider_public_key", "\"ed25519:\" and 64 hex digits (an Ed25519 public key)",
                        "'" + *provider_key + "'");
    }
    config.provider_public_key = key->Text();
  }
  return Status::Ok();
}

// mse-run reads the key without a TOML parser (FindProviderPublicKey): a file
// where the two readings differ is refused, so the enclave and `verify`
// always measure the same key.
Status CheckProviderKeyReadsAlike(std::string_view text, const std::string& path, const AppConfig& config) {
  auto scanned = FindProviderPublicKey(text, path);
  std::optional<std::string> seen;
  if (scanned.ok() && scanned->has_value()) seen = (*scanned)->Text();
  if (scanned.ok() && seen == config.provider_public_key) return Status::Ok();
  return InvalidArgumentError(path + ": `provider_public_key` must be written on one top-level line as " +
                              "provider_public_key = \"ed25519:<64 hex digits>\", before any table" +
                              (scanned.ok() ? std::string() : " (" + scanned.status().message() + ")"));
}

}  // namespace

StatusOr<LoadedAppConfig> ParseAppConfig(std::string_view text, const std::string& path, int64_t now_unix,
                                         const AppConfigLoadOptions& options) {
  MSE_ASSIGN_OR_RETURN(toml::table root, internal::ParseTomlText(text, path));
  std::error_code ec;
  std::filesystem::path base = std::filesystem::absolute(path, ec).parent_path();
  if (ec) return InternalError(path + ": cannot make the path absolute: " + ec.message());
  LoadedAppConfig out;
  TomlFields f(root, path, "");
  MSE_RETURN_IF_ERROR(ParseTopLevel(f, out.config));
  MSE_RETURN_IF_ERROR(CheckProviderKeyReadsAlike(text, path, out.config));
  const toml::table* cloud = nullptr;
  if (options.mode == CloudMode::kSkipCloud) {
    f.Allow("cloud");  // home commands never read it
  } else {
    MSE_ASSIGN_OR_RETURN(cloud, f.OptionalTable("cloud"));
  }
  f.CollectUnknown(out.warnings);
  if (cloud != nullptr) {
    MSE_ASSIGN_OR_RETURN(out.config.cloud, ParseCloud(*cloud, path, base, options.mode, out.warnings));
    MSE_RETURN_IF_ERROR(internal::CheckCloud(path, now_unix, options.inspect_certificate, *out.config.cloud));
  }
  return out;
}

StatusOr<LoadedAppConfig> LoadAppConfig(FileSystem& fs, const std::string& path, int64_t now_unix,
                                        const AppConfigLoadOptions& options) {
  auto text = fs.ReadFile(path);
  if (!text.ok()) return text.status().WithContext("reading the app configuration " + path);
  return ParseAppConfig(*text, path, now_unix, options);
}

}  // namespace mse::format
