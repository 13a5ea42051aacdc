// ECDSA P-256 verification over raw Intel-style values (attestation.md §12):
// public keys as 65-byte SEC1 uncompressed points, signatures as 64-byte r ‖ s
// (each 32 bytes big-endian), converted to DER ECDSA-Sig-Value before OpenSSL.
#ifndef MSE_CRYPTO_ECDSA_H_
#define MSE_CRYPTO_ECDSA_H_

#include <array>
#include <cstdint>

#include "base/bytes.h"
#include "base/status.h"

namespace mse::crypto {

// SEC1 uncompressed P-256 point: 0x04 ‖ X(32) ‖ Y(32).
using P256Point = std::array<uint8_t, 65>;

// 0x04 ‖ xy. Fails with InvalidArgument unless xy is 64 bytes and lies on the curve.
StatusOr<P256Point> P256PointFromXY(ByteView xy);

// InvalidArgument unless `point` is a 65-byte uncompressed point on P-256.
Status ValidateP256Point(ByteView point);

// DER SEQUENCE { INTEGER r, INTEGER s } from raw r ‖ s (64 bytes): minimal
// integers with a leading zero when the top bit is set. InvalidArgument on size.
StatusOr<Bytes> RawEcdsaSignatureToDer(ByteView raw_signature);

// Verifies ECDSA-SHA256 of `message` under `point`. InvalidArgument for a bad
// key or signature encoding; Unauthenticated ("signature does not verify")
// when the signature is well-formed but wrong.
Status VerifyEcdsaP256Sha256(ByteView point, ByteView message, ByteView raw_signature);

// DER SubjectPublicKeyInfo for a P-256 point (id-ecPublicKey, prime256v1).
Bytes P256PointToSpki(const P256Point& point);

}  // namespace mse::crypto

#endif  // MSE_CRYPTO_ECDSA_H_
