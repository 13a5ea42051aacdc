// X25519 key pairs, HKDF-SHA256, the enclave key derivation and the
// report_data binding (spec/formats.md §1.3, §15, §16; docs/crypto-formats.md).
#ifndef MSE_CRYPTO_X25519_H_
#define MSE_CRYPTO_X25519_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/bytes.h"
#include "base/env.h"
#include "base/status.h"

namespace mse::crypto {

inline constexpr size_t kX25519KeySize = 32;
using X25519PublicKey = std::array<uint8_t, kX25519KeySize>;
using P256UncompressedPoint = std::array<uint8_t, 65>;  // 0x04 ‖ X ‖ Y
using ReportData = std::array<uint8_t, 64>;

// HKDF info of the enclave key derivation (§16).
inline constexpr std::string_view kEnclaveKeyInfo = "mse-sgx-enclave-sealing-key";

// The secret is kept exactly as generated or derived (unclamped, 32 raw
// bytes, as KEY_PATH/enclave.key stores it); X25519 clamps when it is used.
// Move-only (the secret is wiped).
struct X25519KeyPair {
  SecretBytes secret_key;
  X25519PublicKey public_key{};
};

// 32 random bytes as the secret, its public key.
X25519KeyPair GenerateX25519KeyPair(Random& random);

// X25519(secret, base point). InvalidArgument unless the secret is 32 bytes.
StatusOr<X25519PublicKey> X25519PublicFromSecret(ByteView secret_key);
// Same, returning the pair (copies the secret).
StatusOr<X25519KeyPair> X25519KeyPairFromSecret(ByteView secret_key);

// RFC 5869 HKDF with SHA-256 (OpenSSL). length is 1..8160; Internal with
// the OpenSSL error text if the library fails.
StatusOr<SecretBytes> HkdfSha256(ByteView ikm, ByteView salt, ByteView info, size_t length);

// §16: secret = HKDF-SHA256(ikm = seal_key[0:16], salt, info = kEnclaveKeyInfo,
// L = 32). InvalidArgument if seal_key is shorter than 16 bytes.
StatusOr<X25519KeyPair> DeriveEnclaveKeyPair(ByteView seal_key, ByteView salt);
// Same with a fresh 16-byte random salt (which is not kept: Q-61).
StatusOr<X25519KeyPair> DeriveEnclaveKeyPair(ByteView seal_key, Random& random);

// §15: report_data = SHA-256(uncompressed P-256 point of the RA-TLS key) ‖
// the enclave X25519 public key.
ReportData ReportDataForKeys(const P256UncompressedPoint& point, const X25519PublicKey& pk);
// Same from untyped bytes: InvalidArgument unless point is 65 bytes starting
// with 0x04 and pk is 32 bytes.
StatusOr<ReportData> ReportDataForKeyBytes(ByteView point, ByteView pk);

}  // namespace mse::crypto

#endif  // MSE_CRYPTO_X25519_H_
