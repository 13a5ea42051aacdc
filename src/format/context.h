// The cloud context CONF/context/<uuid>/context.mse (spec/formats.md §5),
// written with the Python toml 0.10.2 layout (§1.1) so the original reads our
// files and we read its files. Layout: docs/file-formats.md.
#ifndef MSE_FORMAT_CONTEXT_H_
#define MSE_FORMAT_CONTEXT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/bytes.h"
#include "base/env.h"
#include "base/status.h"

namespace mse::format {

inline constexpr char kContextVersion[] = "2.0";

struct ContextConfig {
  std::string name;
  std::string project;
  std::string docker;
  std::string python_application;
  std::string tests;  // absolute path
  std::string tests_cmd;
  std::vector<std::string> tests_requirements;
  SecretBytes code_secret_key;                     // 32 bytes; hex in the file
  std::optional<std::string> ssl_app_certificate;  // PEM, owner-certificate mode only
};

struct ContextInstance {
  std::string id;  // app UUID
  std::string config_domain_name;
  int64_t enclave_size = 0;            // MB
  std::string expires_at;              // Python timestamp string, kept verbatim
  std::string ssl_certificate_origin;  // self | owner | operator
  // POSIX path relative to the code dir → 24-byte nonce, in file order.
  std::vector<std::pair<std::string, Bytes>> nonces;
};

// Move-only (holds the code key).
struct CloudContext {
  std::string version = kContextVersion;
  ContextConfig config;
  std::optional<ContextInstance> instance;  // present once deployed
};

std::string ContextDirectory(const std::string& conf_dir, std::string_view app_id);
std::string ContextFilePath(const std::string& conf_dir, std::string_view app_id);

std::string WriteContextToml(const CloudContext& context);
// InvalidArgument naming the file and field: bad TOML, missing or mistyped
// field, version other than "2.0", hex that does not decode or has the wrong
// length (32-byte key, 24-byte nonces), unknown ssl_certificate_origin.
// Unknown keys are ignored.
StatusOr<CloudContext> ParseContext(std::string_view text, const std::string& path);

// NotFound "no context for application <id>" when the file does not exist.
StatusOr<CloudContext> LoadContext(FileSystem& fs, const std::string& conf_dir, std::string_view app_id);
// Creates the directory (0700) and writes context.mse atomically (0600).
Status SaveContext(FileSystem& fs, const std::string& conf_dir, std::string_view app_id,
                   const CloudContext& context);

}  // namespace mse::format

#endif  // MSE_FORMAT_CONTEXT_H_
