// Provider binding of the enclave configuration (issue 13; the protocol,
// byte for byte, is docs/provider-binding.md). A package whose mse.toml names
// `provider_public_key = "ed25519:<64 hex>"` makes its enclave accept only a
// configuration POST carrying `provider_signature`: an Ed25519 signature by
// the provider over
//
//   "mse-provider-binding-v1\n" ‖ app id (16) ‖ RA-TLS key point (65)
//     ‖ enclave X25519 key (32) ‖ SHA-256(payload)                (169 bytes)
//
// where the payload covers app_sealed_secrets, code_secret_key and
// ssl_private_key (not the operator's plaintext app_secrets). The producer
// (`mse home seal` / `run`, through SignProviderBinding) and the enclave
// (VerifyProviderBinding) share these functions, so both build the same bytes.
#ifndef MSE_FORMAT_PROVIDER_BINDING_H_
#define MSE_FORMAT_PROVIDER_BINDING_H_

#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/env.h"
#include "base/status.h"
#include "crypto/ed25519.h"
#include "crypto/hash.h"
#include "crypto/x25519.h"

namespace mse::format {

inline constexpr std::string_view kProviderKeyPrefix = "ed25519:";
inline constexpr std::string_view kProviderBindingContext = "mse-provider-binding-v1\n";
inline constexpr std::string_view kProviderPayloadContext = "mse-provider-payload-v1\n";
inline constexpr size_t kProviderBindingMessageSize = 24 + 16 + 65 + 32 + 32;
// The POST member that carries the signature (base64url, no padding).
inline constexpr std::string_view kProviderSignatureField = "provider_signature";

// The provider's public key as mse.toml names it. Copyable.
struct ProviderPublicKey {
  crypto::Ed25519PublicKey key{};
  // "ed25519:" + 64 lowercase hex digits: the form measured and shown.
  std::string Text() const;
  bool operator==(const ProviderPublicKey&) const = default;
};

// "ed25519:<64 hex digits, either case>". InvalidArgument naming what was
// expected and what was found otherwise.
StatusOr<ProviderPublicKey> ParseProviderPublicKey(std::string_view text);

// The key as `mse-run` reads it from the package's mse.toml inside the
// enclave container, without a TOML library (the runtime does not ship
// one): only the top-level line form
//   provider_public_key = "ed25519:<64 hex>"   (or '...'; a trailing # comment)
// before the first table header. nullopt when no top-level line starts with
// the key name; InvalidArgument naming the line for any other line starting
// with it (quoted, dotted, multi-line...), a repeated key or a bad value. ParseAppConfig (what `verify` uses)
// refuses a file for which this and the TOML parser disagree, so both sides
// always measure the same key.
StatusOr<std::optional<ProviderPublicKey>> FindProviderPublicKey(std::string_view mse_toml,
                                                                 std::string_view path);

// The provider's key pair; the secret is the 32-byte Ed25519 seed, kept by
// the provider beside the code key (32 raw bytes in a file). Move-only.
struct ProviderKeyPair {
  SecretBytes seed;
  ProviderPublicKey public_key;
};
ProviderKeyPair GenerateProviderKeyPair(Random& random);
// InvalidArgument unless `seed` is 32 bytes.
StatusOr<ProviderKeyPair> ProviderKeyPairFromSeed(ByteView seed);

// The enclave a configuration is for: the app id (its --id, any UUID
// spelling) and the two keys its RA-TLS certificate binds in report_data.
struct BindingEnclave {
  std::string app_id;
  crypto::P256UncompressedPoint ratls_public_key{};  // 0x04 ‖ X ‖ Y of the certificate key
  crypto::X25519PublicKey enclave_public_key{};      // report_data[32:64]
};

// The authenticated members of the POST, decoded. Absent and empty are the
// same (the CLI omits empty members, formats.md §14).
struct BoundFields {
  std::optional<ByteView> sealed_secrets;           // app_sealed_secrets, raw sealed-box bytes
  std::optional<ByteView> code_secret_key;          // code_secret_key, raw bytes
  std::optional<std::string_view> ssl_private_key;  // ssl_private_key, the PEM text
};

// SHA-256("mse-provider-payload-v1\n" ‖ item(sealed) ‖ item(key) ‖ item(ssl)),
// item(x) = 0x00 when absent, else 0x01 ‖ u64be(len) ‖ x.
crypto::Sha256Digest ProviderPayloadHash(const BoundFields& fields);

// The 169-byte signed message. InvalidArgument when app_id is not a UUID or
// the RA-TLS point does not start with 0x04.
StatusOr<Bytes> ProviderBindingMessage(const BindingEnclave& enclave, const BoundFields& fields);

// Producer side: the value of `provider_signature` (base64url of the 64-byte
// signature). InvalidArgument for a seed that is not 32 bytes or a bad
// enclave description.
StatusOr<std::string> SignProviderBinding(ByteView provider_seed, const BindingEnclave& enclave,
                                          const BoundFields& fields);

// Enclave side. InvalidArgument when `signature` is not base64url of 64
// bytes; Unauthenticated when it is not the provider's signature of exactly
// this enclave, app id and fields.
Status VerifyProviderBinding(const ProviderPublicKey& provider, const BindingEnclave& enclave,
                             const BoundFields& fields, std::string_view signature);

}  // namespace mse::format

#endif  // MSE_FORMAT_PROVIDER_BINDING_H_
