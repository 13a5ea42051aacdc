// The enclave's state at rest, sealed to the enclave (docs/sealed-state.md):
// KEY_PATH/state.sealed holds the RA-TLS key, the X25519 enclave key, the
// RA-TLS certificate and, once configured, the code key, the owner TLS key
// and both secrets documents — never as plain files. It is encrypted with a
// key derived from the platform's MRENCLAVE seal key (Gramine's
// /dev/attestation/keys/_sgx_mrenclave on SGX, the simulated platform's in
// sim: QuoteProvider::GetSealKey), so only the same enclave build on the same
// platform opens it: an edited app file changes the measurement, hence the
// key, and the old state no longer opens.
//
//   state.sealed = "mse-sealed-state-v1\n" (20) ‖ nonce (24)
//                  ‖ XChaCha20-Poly1305(key, nonce, aad = the 20-byte header, record)
//   key          = HKDF-SHA256(ikm = seal key, salt = "", info = "mse-sealed-state-v1", L = 32)
//   record       = entries u8 tag ‖ u32be length ‖ bytes, tags strictly increasing:
//                  1 RA-TLS key (PKCS#8 PEM), 2 X25519 secret (32), 3 certificate (PEM),
//                  4 configured (1 byte: 0|1), 5 code key (32), 6 owner TLS key (PEM),
//                  7 app_secrets (compact-Python JSON), 8 sealed secrets (compact-Python JSON);
//                  1-4 required, 5-8 optional.
#ifndef MSE_ENCLAVE_SEALED_STATE_H_
#define MSE_ENCLAVE_SEALED_STATE_H_

#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/env.h"
#include "base/status.h"

namespace mse::enclave {

inline constexpr std::string_view kSealedStateHeader = "mse-sealed-state-v1\n";

// What a configuration adds to the state. Move-only.
struct ConfigurationSecrets {
  std::optional<SecretBytes> code_key;
  std::optional<SecretBytes> owner_key_pem;
  std::optional<SecretBytes> app_secrets_json;
  std::optional<SecretBytes> sealed_secrets_json;

  ConfigurationSecrets Clone() const;
};

// Move-only.
struct EnclaveState {
  SecretBytes ratls_key_pem;
  SecretBytes enclave_secret_key;  // X25519, 32 bytes, unclamped
  std::string certificate_pem;
  bool configured = false;
  ConfigurationSecrets configuration;  // meaningful when configured
};

// The record (unencrypted; callers seal it). Encode never fails.
SecretBytes EncodeState(const EnclaveState& state);
// DataLoss naming what is wrong (truncated entry, unknown or repeated tag,
// missing required entry, bad size).
StatusOr<EnclaveState> DecodeState(ByteView record);

// Seals and opens state.sealed with a key derived from the seal key. Move-only.
class StateSealer {
 public:
  // InvalidArgument for a seal key shorter than 16 bytes.
  static StatusOr<StateSealer> FromSealKey(ByteView seal_key);

  StatusOr<Bytes> Seal(const EnclaveState& state, Random& random) const;
  // DataLoss "... does not open with this enclave's sealing key ..." when
  // the key differs (another measurement or platform) or the file was
  // altered; DataLoss for a malformed file.
  StatusOr<EnclaveState> Open(ByteView sealed) const;

 private:
  explicit StateSealer(SecretBytes key) : key_(std::move(key)) {}
  SecretBytes key_;
};

// Writes `path` atomically (0600). Errors name the path.
Status SaveState(FileSystem& fs, const std::string& path, const StateSealer& sealer,
                 const EnclaveState& state, Random& random);
// nullopt when `path` does not exist; errors of Open with the path.
StatusOr<std::optional<EnclaveState>> LoadState(FileSystem& fs, const std::string& path,
                                                const StateSealer& sealer);

}  // namespace mse::enclave

#endif  // MSE_ENCLAVE_SEALED_STATE_H_
