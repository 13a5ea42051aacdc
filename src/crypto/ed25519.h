// Ed25519 signatures (libsodium crypto_sign_*), for the provider binding of
// the configuration (docs/provider-binding.md). Keys:
//   public key  32 bytes;
//   secret key  the 32-byte seed (RFC 8032 "private key"); libsodium's
//               64-byte expanded form is rebuilt from it on each use.
//   signature   64 bytes, detached.
#ifndef MSE_CRYPTO_ED25519_H_
#define MSE_CRYPTO_ED25519_H_

#include <array>
#include <cstddef>
#include <cstdint>

#include "base/bytes.h"
#include "base/env.h"
#include "base/status.h"

namespace mse::crypto {

inline constexpr size_t kEd25519PublicKeySize = 32;
inline constexpr size_t kEd25519SeedSize = 32;
inline constexpr size_t kEd25519SignatureSize = 64;

using Ed25519PublicKey = std::array<uint8_t, kEd25519PublicKeySize>;
using Ed25519Signature = std::array<uint8_t, kEd25519SignatureSize>;

// Move-only (the seed is wiped).
struct Ed25519KeyPair {
  SecretBytes seed;
  Ed25519PublicKey public_key{};
};

// A fresh key pair from 32 bytes of `random`.
Ed25519KeyPair GenerateEd25519KeyPair(Random& random);

// The pair of a 32-byte seed. InvalidArgument for another length.
StatusOr<Ed25519KeyPair> Ed25519KeyPairFromSeed(ByteView seed);

// Signs `message` with the 32-byte seed. InvalidArgument for another length.
StatusOr<Ed25519Signature> Ed25519Sign(ByteView seed, ByteView message);

// OK when `signature` is a valid signature of `message` by `public_key`
// (libsodium's strict verification: canonical encodings, no small-order
// keys). InvalidArgument for a key or signature of the wrong length,
// Unauthenticated when the signature does not verify.
Status Ed25519Verify(ByteView public_key, ByteView message, ByteView signature);

}  // namespace mse::crypto

#endif  // MSE_CRYPTO_ED25519_H_
