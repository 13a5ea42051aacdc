#include "format/context.h"

#include "base/encoding.h"
#include "format/internal/toml_reader.h"
#include "format/toml_writer.h"

namespace mse::format {
namespace {

using internal::TomlFields;

constexpr size_t kKeySize = 32;
constexpr size_t kNonceSize = 24;

StatusOr<Bytes> HexField(const TomlFields& f, std::string_view key, const std::string& text, size_t size) {
  std::string expected = std::to_string(2 * size) + " hex digits";
  auto bytes = HexDecode(text);
  if (!bytes.ok()) return f.Mismatch(key, expected, bytes.status().message());
  if (bytes->size() != size) {
    return f.Mismatch(key, expected, std::to_string(text.size()) + " characters");
  }
  return bytes;
}

TomlValue ConfigTable(const ContextConfig& c) {
  TomlValue t = TomlValue::Table();
  t.Set("name", TomlValue::String(c.name));
  t.Set("project", TomlValue::String(c.project));
  t.Set("docker", TomlValue::String(c.docker));
  t.Set("python_application", TomlValue::String(c.python_application));
  t.Set("tests", TomlValue::String(c.tests));
  t.Set("tests_cmd", TomlValue::String(c.tests_cmd));
  t.Set("tests_requirements", TomlValue::StringArray(c.tests_requirements));
  t.Set("code_secret_key", TomlValue::String(HexEncode(c.code_secret_key.view())));
  if (c.ssl_app_certificate) t.Set("ssl_app_certificate", TomlValue::String(*c.ssl_app_certificate));
  return t;
}

TomlValue InstanceTable(const ContextInstance& i) {
  TomlValue t = TomlValue::Table();
  t.Set("id", TomlValue::String(i.id));
  t.Set("config_domain_name", TomlValue::String(i.config_domain_name));
  t.Set("enclave_size", TomlValue::Int(i.enclave_size));
  t.Set("expires_at", TomlValue::String(i.expires_at));
  t.Set("ssl_certificate_origin", TomlValue::String(i.ssl_certificate_origin));
  TomlValue nonces = TomlValue::Table();
  for (const auto& [path, nonce] : i.nonces) nonces.Set(path, TomlValue::String(HexEncode(nonce)));
  t.Set("nonces", std::move(nonces));
  return t;
}

StatusOr<ContextConfig> ParseConfig(const toml::table& table, const std::string& path) {
  TomlFields f(table, path, "config");
  ContextConfig c;
  MSE_ASSIGN_OR_RETURN(c.name, f.RequiredString("name"));
  MSE_ASSIGN_OR_RETURN(c.project, f.RequiredString("project"));
  MSE_ASSIGN_OR_RETURN(c.docker, f.RequiredString("docker"));
  MSE_ASSIGN_OR_RETURN(c.python_application, f.RequiredString("python_application"));
  MSE_ASSIGN_OR_RETURN(c.tests, f.RequiredString("tests"));
  MSE_ASSIGN_OR_RETURN(c.tests_cmd, f.RequiredString("tests_cmd"));
  MSE_ASSIGN_OR_RETURN(c.tests_requirements, f.RequiredStringArray("tests_requirements"));
  MSE_ASSIGN_OR_RETURN(std::string key_hex, f.RequiredString("code_secret_key"));
  MSE_ASSIGN_OR_RETURN(Bytes key, HexField(f, "code_secret_key", key_hex, kKeySize));
  c.code_secret_key = SecretBytes(key);
  WipeMemory(key.data(), key.size());
  WipeMemory(key_hex.data(), key_hex.size());
  MSE_ASSIGN_OR_RETURN(c.ssl_app_certificate, f.OptionalString("ssl_app_certificate"));
  return c;
}

StatusOr<std::vector<std::pair<std::string, Bytes>>> ParseNonces(const toml::table& table,
                                                                 const std::string& path) {
  TomlFields f(table, path, "instance.nonces");
  std::vector<std::pair<std::string, Bytes>> nonces;
  for (const auto& key : internal::KeysInFileOrder(table)) {
    MSE_ASSIGN_OR_RETURN(std::string hex, f.RequiredString(key));
    MSE_ASSIGN_OR_RETURN(Bytes nonce, HexField(f, key, hex, kNonceSize));
    nonces.emplace_back(key, std::move(nonce));
  }
  return nonces;
}

StatusOr<ContextInstance> ParseInstance(const toml::table& table, const std::string& path) {
  TomlFields f(table, path, "instance");
  ContextInstance i;
  MSE_ASSIGN_OR_RETURN(i.id, f.RequiredString("id"));
  MSE_ASSIGN_OR_RETURN(i.config_domain_name, f.RequiredString("config_domain_name"));
  MSE_ASSIGN_OR_RETURN(auto size, f.OptionalInt("enclave_size"));
  if (!size) return f.Missing("enclave_size", "an integer");
  i.enclave_size = *size;
  MSE_ASSIGN_OR_RETURN(i.expires_at, f.RequiredString("expires_at"));
  MSE_ASSIGN_OR_RETURN(i.ssl_certificate_origin, f.RequiredString("ssl_certificate_origin"));
  const std::string& origin = i.ssl_certificate_origin;
  if (origin != "self" && origin != "owner" && origin != "operator") {
    return f.Mismatch("ssl_certificate_origin", "one of self, owner, operator", "'" + origin + "'");
  }
  MSE_ASSIGN_OR_RETURN(const toml::table* nonces, f.OptionalTable("nonces"));
  if (nonces != nullptr) {
    MSE_ASSIGN_OR_RETURN(i.nonces, ParseNonces(*nonces, path));
  }
  return i;
}

}  // namespace

std::string ContextDirectory(const std::string& conf_dir, std::string_view app_id) {
  return JoinPath(JoinPath(conf_dir, "context"), app_id);
}

std::string ContextFilePath(const std::string& conf_dir, std::string_view app_id) {
  return JoinPath(ContextDirectory(conf_dir, app_id), "context.mse");
}

std::string WriteContextToml(const CloudContext& context) {
  TomlValue root = TomlValue::Table();
  root.Set("version", TomlValue::String(context.version));
  root.Set("config", ConfigTable(context.config));
  if (context.instance) root.Set("instance", InstanceTable(*context.instance));
  return WriteToml(root);
}

StatusOr<CloudContext> ParseContext(std::string_view text, const std::string& path) {
  MSE_ASSIGN_OR_RETURN(toml::table root, internal::ParseTomlText(text, path));
  TomlFields f(root, path, "");
  CloudContext context;
  MSE_ASSIGN_OR_RETURN(context.version, f.RequiredString("version"));
  if (context.version != kContextVersion) {
    return f.Mismatch("version", std::string("\"") + kContextVersion + "\"", "\"" + context.version + "\"");
  }
  MSE_ASSIGN_OR_RETURN(const toml::table* config, f.OptionalTable("config"));
  if (config == nullptr) return f.Missing("config", "a table");
  MSE_ASSIGN_OR_RETURN(context.config, ParseConfig(*config, path));
  MSE_ASSIGN_OR_RETURN(const toml::table* instance, f.OptionalTable("instance"));
  if (instance != nullptr) {
    MSE_ASSIGN_OR_RETURN(context.instance, ParseInstance(*instance, path));
  }
  return context;
}

StatusOr<CloudContext> LoadContext(FileSystem& fs, const std::string& conf_dir, std::string_view app_id) {
  std::string path = ContextFilePath(conf_dir, app_id);
  if (!fs.Exists(path)) {
    return NotFoundError("no context for application " + std::string(app_id) + " (" + path + ")");
  }
  auto text = fs.ReadSecretFile(path);
  if (!text.ok()) return text.status().WithContext("reading " + path);
  return ParseContext(AsStringView(text->view()), path);
}

Status SaveContext(FileSystem& fs, const std::string& conf_dir, std::string_view app_id,
                   const CloudContext& context) {
  MSE_RETURN_IF_ERROR(fs.CreateDirectories(ContextDirectory(conf_dir, app_id), FileMode::kSecret));
  std::string path = ContextFilePath(conf_dir, app_id);
  std::string text = WriteContextToml(context);
  Status s = fs.WriteFile(path, text, FileMode::kSecret);
  WipeMemory(text.data(), text.size());
  return s.ok() ? s : s.WithContext("writing " + path);
}

}  // namespace mse::format
