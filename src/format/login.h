// CONF/login.toml: the cloud session (spec/formats.md §4), written with the
// Python toml 0.10.2 layout (§1.1). Layout: docs/file-formats.md.
#ifndef MSE_FORMAT_LOGIN_H_
#define MSE_FORMAT_LOGIN_H_

#include <string>
#include <string_view>

#include "base/env.h"
#include "base/status.h"

namespace mse::format {

struct Login {
  std::string email;
  std::string refresh_token;
  friend bool operator==(const Login&, const Login&) = default;
};

std::string LoginPath(const std::string& conf_dir);  // CONF/login.toml

// `email = "…"\nrefresh_token = "…"\n`
std::string WriteLoginToml(const Login& login);
// InvalidArgument naming the file and field on bad TOML or a missing or
// non-string key. Unknown keys are ignored.
StatusOr<Login> ParseLogin(std::string_view text, const std::string& path);

// FailedPrecondition "You must log in first: run `mse cloud login`" when the
// file does not exist.
StatusOr<Login> LoadLogin(FileSystem& fs, const std::string& conf_dir);
// Creates CONF (0700) if needed; the file is written atomically, mode 0600.
Status SaveLogin(FileSystem& fs, const std::string& conf_dir, const Login& login);

}  // namespace mse::format

#endif  // MSE_FORMAT_LOGIN_H_
