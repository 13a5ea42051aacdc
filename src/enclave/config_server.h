// ConfigServer: the HTTP handler of the configuration phase (formats.md
// §14, original-quirks.md Q-49..Q-53). See docs/enclave-runtime.md.
//
//  GET/HEAD any path -> 200, "Mse-Status: Waiting", the 53-byte text.
//  POST any path, JSON object {uuid, app_secrets?, app_sealed_secrets?,
//  code_secret_key?, ssl_private_key?}:
//   413 body over max_body_bytes;      400 malformed JSON, missing/mistyped
//   field, bad hex/base64url, code key not 32 bytes, sealed plaintext not a
//   JSON object, missing ssl_private_key in owner-certificate mode, code that
//   does not decrypt;                    401 uuid not this enclave's (compared
//   as UUIDs) or sealed secrets that do not open;  409 already configured;
//   500 a local write failed or the application did not start.
//   Every error has a JSON body {"error": "..."}; details also go to stderr.
//  Everything is validated before anything is written; on a failure
//  after that, what was written is removed again. On success: code in
//  MODULE_PATH, SECRETS_PATH / SEALED_SECRETS_PATH (compact-Python JSON,
//  0600), KEY_PATH/code.key (32 raw bytes, 0600) when a key was used,
//  KEY_PATH/key.pem in owner mode; then the on_configured callback runs
//  (switching the server to the app) and the answer is 200 with no body.
//  The code key is the top-level one, else the sealed one.
#ifndef MSE_ENCLAVE_CONFIG_SERVER_H_
#define MSE_ENCLAVE_CONFIG_SERVER_H_

#include <functional>
#include <nlohmann/json.hpp>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/env.h"
#include "base/status.h"
#include "enclave/paths.h"
#include "net/http_server.h"

namespace mse::enclave {

inline constexpr std::string_view kWaitingBody =
    "Waiting for code secret key and/or ssl private key...";

// Opens app_sealed_secrets (a sealed box to the enclave's X25519 key,
// formats.md §10). Real implementation: crypto sealed_box open with the
// enclave key pair. Fails with Unauthenticated/DataLoss when it does not open.
class SecretsUnsealer {
 public:
  virtual ~SecretsUnsealer() = default;
  virtual StatusOr<SecretBytes> Unseal(ByteView sealed) = 0;
};

// Puts the application code into module_path (formats.md §9, enclave side):
// with a key, every *.enc file of app_dir decrypted; without, app_dir
// copied as-is. Fails with DataLoss when a file does not decrypt.
class CodeDecryptor {
 public:
  virtual ~CodeDecryptor() = default;
  virtual Status Install(const std::string& app_dir, const std::string& module_path,
                         const SecretBytes* code_key) = 0;
};

struct ConfigServerOptions {
  std::string expected_uuid;  // the enclave's --id
  std::string app_dir;        // where the (encrypted) code is
  EnclavePaths paths;
  bool owner_certificate_mode = false;  // --certificate: ssl_private_key required
  uint64_t max_body_bytes = 8ull << 20;
};

// "2F0C7F4E-4b7a..." / "{...}" / "urn:uuid:..." / 32 hex -> 32 lowercase hex
// digits; nullopt when it is not a UUID.
std::optional<std::string> NormalizeUuid(std::string_view text);

// Thread-safe (POSTs are serialized). Not copyable.
class ConfigServer : public net::HttpHandler {
 public:
  // Runs after the files are written; a failure answers 500.
  using ConfiguredCallback = std::function<Status()>;

  ConfigServer(ConfigServerOptions options, FileSystem& fs, SecretsUnsealer& unsealer,
               CodeDecryptor& decryptor, ConfiguredCallback on_configured);

  net::ServerResponse Handle(const net::ServerRequest& request) override;
  bool configured() const;

 private:
  struct Payload;
  net::ServerResponse Configure(const std::string& body);
  StatusOr<Payload> Validate(const std::string& body);
  Status ValidateSealed(const nlohmann::ordered_json& value, Payload& payload);
  Status Apply(const Payload& payload);
  Status WriteFiles(const Payload& payload);
  void Rollback();

  ConfigServerOptions options_;
  FileSystem& fs_;
  SecretsUnsealer& unsealer_;
  CodeDecryptor& decryptor_;
  ConfiguredCallback on_configured_;
  mutable std::mutex mu_;
  bool configured_ = false;
};

}  // namespace mse::enclave

#endif  // MSE_ENCLAVE_CONFIG_SERVER_H_
