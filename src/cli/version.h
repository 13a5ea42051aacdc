#ifndef MSE_CLI_VERSION_H_
#define MSE_CLI_VERSION_H_

namespace mse::cli {
inline constexpr const char kMseVersion[] = "0.1.0";
}  // namespace mse::cli

#endif  // MSE_CLI_VERSION_H_
