// The `cloud init` writer and the name checks of mse.toml (formats.md §3.4).
#include <string>

#include "format/app_config.h"
#include "format/toml_writer.h"

namespace mse::format {
namespace {

TomlValue CloudTable(const CloudConfig& cloud) {
  TomlValue table = TomlValue::Table();
  table.Set("code", TomlValue::String(cloud.code));
  table.Set("tests", TomlValue::String(cloud.tests));
  table.Set("docker", TomlValue::String(cloud.docker));
  table.Set("project", TomlValue::String(cloud.project));
  table.Set("hardware", TomlValue::String(cloud.hardware));
  if (cloud.secrets) table.Set("secrets", TomlValue::String(*cloud.secrets));
  if (cloud.expiration_date) {
    table.Set("expiration_date", TomlValue::String(FormatPythonTimestamp(*cloud.expiration_date)));
  }
  if (cloud.ssl) {
    TomlValue ssl = TomlValue::Table();
    ssl.Set("domain_name", TomlValue::String(cloud.ssl->domain_name));
    ssl.Set("private_key", TomlValue::String(cloud.ssl->private_key));
    ssl.Set("certificate", TomlValue::String(cloud.ssl->certificate));
    table.Set("ssl", std::move(ssl));
  }
  return table;
}

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// [a-z0-9]+ ((\.|_|__|-+) [a-z0-9]+)*
bool ValidComponent(std::string_view c) {
  size_t i = 0;
  while (i < c.size()) {
    size_t start = i;
    while (i < c.size() && IsLowerAlnum(c[i])) ++i;
    if (i == start) return false;  // empty run: leading, trailing or doubled separator
    if (i == c.size()) return true;
    std::string_view rest = c.substr(i);
    if (rest.starts_with("__")) {
      i += 2;
    } else if (c[i] == '.' || c[i] == '_') {
      ++i;
    } else if (c[i] == '-') {
      while (i < c.size() && c[i] == '-') ++i;
    } else {
      return false;
    }
    if (i == c.size()) return false;
  }
  return false;
}

}  // namespace

std::string WriteAppConfigToml(const AppConfig& config) {
  TomlValue root = TomlValue::Table();
  root.Set("name", TomlValue::String(config.name));
  root.Set("python_application", TomlValue::String(config.python_application));
  root.Set("healthcheck_endpoint", TomlValue::String(config.healthcheck_endpoint));
  root.Set("tests_cmd", TomlValue::String(config.tests_cmd));
  root.Set("tests_requirements", TomlValue::StringArray(config.tests_requirements));
  if (config.provider_public_key) {
    root.Set("provider_public_key", TomlValue::String(*config.provider_public_key));
  }
  if (config.cloud) root.Set("cloud", CloudTable(*config.cloud));
  return WriteToml(root);
}

Status ValidateDockerReference(std::string_view name) {
  auto fail = [&](std::string_view why) {
    return InvalidArgumentError("`name` '" + std::string(name) +
                                "' cannot be used as a Docker image name: " + std::string(why));
  };
  if (name.empty() || name.size() > 255) return fail("it must have 1 to 255 characters");
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') return fail("it must be lowercase");
  }
  size_t start = 0;
  while (true) {
    size_t slash = name.find('/', start);
    std::string_view component = name.substr(start, slash - start);
    if (!ValidComponent(component)) {
      return fail(
          "each '/'-separated part must be lowercase letters and digits, separated by "
          "'.', '_', '__' or dashes, without a separator at either end");
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return Status::Ok();
}

Status RequireCloud(const AppConfig& config, const std::string& path) {
  if (config.cloud) return Status::Ok();
  return FailedPreconditionError(path +
                                 ": no `cloud` configuration found in the app configuration; add a "
                                 "[cloud] table (see `mse cloud init`)");
}

std::string PythonModuleFile(std::string_view python_application) {
  std::string module(python_application.substr(0, python_application.find(':')));
  for (char& c : module) {
    if (c == '.') c = '/';
  }
  return module + ".py";
}

}  // namespace mse::format
