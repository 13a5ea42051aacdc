// Anonymous sealed boxes (libsodium crypto_box_seal), spec/formats.md §10,
// docs/crypto-formats.md:
//
//   sealed = ephemeral X25519 public key (32) ‖ Poly1305 tag (16) ‖ XSalsa20 ciphertext
//   nonce  = BLAKE2b-192(epk ‖ recipient_pk);  box = crypto_box_easy(m, nonce, recipient_pk, esk)
//
// Interoperable with PyNaCl's SealedBox.
#ifndef MSE_CRYPTO_SEALED_BOX_H_
#define MSE_CRYPTO_SEALED_BOX_H_

#include <cstddef>

#include "base/bytes.h"
#include "base/env.h"
#include "base/status.h"

namespace mse::crypto {

// Bytes a sealed box adds to its message: ephemeral public key + tag.
inline constexpr size_t kSealedBoxOverhead = 48;

// Seals `message` to a 32-byte X25519 public key with an ephemeral key pair
// derived from 32 bytes of `random` (crypto_box_seed_keypair).
// InvalidArgument for a key of the wrong length or a low-order key;
// FailedPrecondition for an all-zero key ("this enclave does not support
// sealed secrets", Q-28: older enclaves publish zeros).
StatusOr<Bytes> SealedBoxSeal(ByteView recipient_pk, ByteView message, Random& random);

// Deterministic form for known-answer tests: the ephemeral secret is given.
// Same failures, plus InvalidArgument if ephemeral_sk is not 32 bytes.
StatusOr<Bytes> SealedBoxSealWithEphemeralSecret(ByteView recipient_pk, ByteView ephemeral_sk,
                                                 ByteView message);

// Opens with the recipient's 32-byte raw X25519 secret key. InvalidArgument
// for a key of the wrong length; DataLoss when shorter than 48 bytes or when
// the box does not open (wrong key or corrupted data).
StatusOr<SecretBytes> SealedBoxOpen(ByteView recipient_sk, ByteView sealed);

}  // namespace mse::crypto

#endif  // MSE_CRYPTO_SEALED_BOX_H_
