// ConfigServer: the HTTP handler of the configuration phase (formats.md
// §14, original-quirks.md Q-49..Q-53; issue 13). See docs/enclave-runtime.md
// and docs/provider-binding.md.
//
//  GET/HEAD any path -> 200, "Mse-Status: Waiting", the 53-byte text.
//  POST any path, JSON object {uuid, app_secrets?, app_sealed_secrets?,
//  code_secret_key?, ssl_private_key?, provider_signature?}:
//   413 body over max_body_bytes (enforced by the HTTP parser through
//       MaxBodyBytes(), before the body is buffered);
//   400 malformed JSON or nested deeper than 64 levels, missing/mistyped
//       field, bad hex/base64url, code key not 32 bytes, sealed plaintext not
//       a JSON object, missing ssl_private_key in owner-certificate mode, and
//       what the sink refuses as bad input (no key for encrypted code, code
//       that does not decrypt, an owner key that does not match the chain);
//   401 uuid not this enclave's (compared as UUIDs), sealed secrets that do
//       not open, and — when the package names a provider key — a missing or
//       wrong provider_signature;
//   409 already configured; 500 the sink failed otherwise (the app did not
//       import, the state could not be sealed).
//  Every error has a JSON body {"error": "..."} and a line on stderr; the
//  server keeps waiting for a correct configuration after any of them.
//  Order: parse -> uuid -> decode every field -> provider signature -> unseal
//  and parse the sealed secrets -> sink.Apply (all or nothing). Nothing is
//  written before the sink runs. The code key is the top-level one,
//  else the sealed one. The body, the parsed JSON and every decoded
//  secret are wiped once handled; hex errors never echo key digits.
#ifndef MSE_ENCLAVE_CONFIG_SERVER_H_
#define MSE_ENCLAVE_CONFIG_SERVER_H_

#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/status.h"
#include "enclave/sealed_state.h"
#include "format/provider_binding.h"
#include "net/http_server.h"

namespace mse::enclave {

inline constexpr std::string_view kWaitingBody = "Waiting for code secret key and/or ssl private key...";

// Opens app_sealed_secrets (a sealed box to the enclave's X25519 key,
// formats.md §10). Fails with Unauthenticated/DataLoss when it does not open.
class SecretsUnsealer {
 public:
  virtual ~SecretsUnsealer() = default;
  virtual StatusOr<SecretBytes> Unseal(ByteView sealed) = 0;
};

// Applies a validated configuration: installs the code, writes the secrets
// files, loads the app, seals the state, switches the server. All or
// nothing: a failure leaves nothing behind and the enclave unconfigured.
// Its status codes map to HTTP as the header comment says.
class ConfigurationSink {
 public:
  virtual ~ConfigurationSink() = default;
  virtual Status Apply(ConfigurationSecrets configuration) = 0;
};

struct ConfigServerOptions {
  std::string expected_uuid;            // the enclave's --id
  bool owner_certificate_mode = false;  // --certificate: ssl_private_key required
  uint64_t max_body_bytes = 8ull << 20;
  // From the measured --provider-key: configurations must be signed.
  std::optional<format::ProviderPublicKey> provider_key;
  // This enclave's keys, for the signature check (app_id = expected_uuid).
  format::BindingEnclave enclave;
};

// "2F0C7F4E-4b7a..." / "{...}" / "urn:uuid:..." / 32 hex -> 32 lowercase hex
// digits; nullopt when it is not a UUID.
std::optional<std::string> NormalizeUuid(std::string_view text);

// Thread-safe (POSTs are serialized). Not copyable.
class ConfigServer : public net::HttpHandler {
 public:
  ConfigServer(ConfigServerOptions options, SecretsUnsealer& unsealer, ConfigurationSink& sink);

  net::ServerResponse Handle(const net::ServerRequest& request) override;
  std::optional<uint64_t> MaxBodyBytes() const override { return options_.max_body_bytes; }
  bool configured() const;

 private:
  net::ServerResponse Configure(std::string_view body);
  StatusOr<ConfigurationSecrets> Validate(std::string_view body);

  ConfigServerOptions options_;
  SecretsUnsealer& unsealer_;
  ConfigurationSink& sink_;
  mutable std::mutex mu_;
  bool configured_ = false;
};

}  // namespace mse::enclave

#endif  // MSE_ENCLAVE_CONFIG_SERVER_H_
