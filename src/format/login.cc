#include "format/login.h"

#include "format/internal/toml_reader.h"
#include "format/toml_writer.h"

namespace mse::format {

std::string LoginPath(const std::string& conf_dir) { return JoinPath(conf_dir, "login.toml"); }

std::string WriteLoginToml(const Login& login) {
  TomlValue root = TomlValue::Table();
  root.Set("email", TomlValue::String(login.email));
  root.Set("refresh_token", TomlValue::String(login.refresh_token));
  return WriteToml(root);
}

StatusOr<Login> ParseLogin(std::string_view text, const std::string& path) {
  MSE_ASSIGN_OR_RETURN(toml::table root, internal::ParseTomlText(text, path));
  internal::TomlFields f(root, path, "");
  Login login;
  MSE_ASSIGN_OR_RETURN(login.email, f.RequiredString("email"));
  MSE_ASSIGN_OR_RETURN(login.refresh_token, f.RequiredString("refresh_token"));
  return login;
}

StatusOr<Login> LoadLogin(FileSystem& fs, const std::string& conf_dir) {
  std::string path = LoginPath(conf_dir);
  if (!fs.Exists(path)) {
    return FailedPreconditionError("You must log in first: run `mse cloud login` (no " + path + ")");
  }
  auto text = fs.ReadSecretFile(path);
  if (!text.ok()) return text.status().WithContext("reading " + path);
  return ParseLogin(AsStringView(text->view()), path);
}

Status SaveLogin(FileSystem& fs, const std::string& conf_dir, const Login& login) {
  MSE_RETURN_IF_ERROR(fs.CreateDirectories(conf_dir, FileMode::kSecret));
  std::string path = LoginPath(conf_dir);
  Status s = fs.WriteFile(path, WriteLoginToml(login), FileMode::kSecret);
  return s.ok() ? s : s.WithContext("writing " + path);
}

}  // namespace mse::format
