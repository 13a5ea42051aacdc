// XChaCha20-Poly1305 (IETF construction, libsodium
// crypto_aead_xchacha20poly1305_ietf_*): authenticated encryption with
// associated data, used for the enclave's sealed state
// (docs/sealed-state.md).
//
//   output = ciphertext (len(plaintext)) ‖ Poly1305 tag (16)
#ifndef MSE_CRYPTO_AEAD_H_
#define MSE_CRYPTO_AEAD_H_

#include <cstddef>

#include "base/bytes.h"
#include "base/status.h"

namespace mse::crypto {

inline constexpr size_t kAeadKeySize = 32;
inline constexpr size_t kAeadNonceSize = 24;
inline constexpr size_t kAeadTagSize = 16;

// InvalidArgument for a key that is not 32 bytes or a nonce that is not 24.
StatusOr<Bytes> AeadSeal(ByteView key, ByteView nonce, ByteView associated_data, ByteView plaintext);

// Same length checks; DataLoss when shorter than the tag or when the tag
// does not verify (wrong key, other associated data, corrupted data). No
// plaintext is produced before the tag is checked.
StatusOr<SecretBytes> AeadOpen(ByteView key, ByteView nonce, ByteView associated_data, ByteView sealed);

}  // namespace mse::crypto

#endif  // MSE_CRYPTO_AEAD_H_
