// NaCl secretbox (XSalsa20-Poly1305) and the `.enc` code file format,
// spec/formats.md §9 and docs/crypto-formats.md:
//
//   .enc file = nonce (24) ‖ Poly1305 tag (16) ‖ XSalsa20 ciphertext (len(plaintext))
//
// identical to nonce ‖ crypto_secretbox_easy(plaintext), readable by PyNaCl's
// SecretBox(key).decrypt(file_bytes).
#ifndef MSE_CRYPTO_SECRETBOX_H_
#define MSE_CRYPTO_SECRETBOX_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "base/bytes.h"
#include "base/env.h"
#include "base/status.h"

namespace mse::crypto {

inline constexpr size_t kSecretboxKeySize = 32;
inline constexpr size_t kSecretboxNonceSize = 24;
inline constexpr size_t kSecretboxTagSize = 16;
// Bytes an .enc file adds to its plaintext: nonce + tag.
inline constexpr size_t kSecretboxOverhead = kSecretboxNonceSize + kSecretboxTagSize;

// Called after each chunk with the input bytes consumed and the input size.
// May be empty.
using ProgressCallback = std::function<void(uint64_t done, uint64_t total)>;

// Returns nonce ‖ tag ‖ ciphertext. InvalidArgument if the key is not 32 bytes
// or the nonce not 24 ("expected 32 bytes, found N").
StatusOr<Bytes> SecretboxSeal(ByteView key, ByteView nonce, ByteView plaintext);

// Opens nonce ‖ tag ‖ ciphertext. InvalidArgument for a key of the wrong
// length; DataLoss when shorter than 40 bytes or when the tag does not verify
// (wrong key or corrupted data).
StatusOr<SecretBytes> SecretboxOpen(ByteView key, ByteView enc);

// Streams in_path into the .enc layout at out_path in constant memory (64 KiB
// chunks). out_path appears only on success (atomic write). Errors name
// in_path: a key or nonce of the wrong length (InvalidArgument), or any
// read/write failure of the FileSystem.
Status EncryptFile(FileSystem& fs, const std::string& in_path, const std::string& out_path,
                   ByteView key, ByteView nonce, const ProgressCallback& progress = {});

// Streams an .enc file back to plaintext in constant memory. The plaintext
// goes to a temporary file renamed to out_path only if the tag verifies, so
// a wrong key or a tampered file leaves no output. Errors name in_path:
// InvalidArgument for a key of the wrong length, DataLoss for a file shorter
// than 40 bytes ("truncated file") or a tag mismatch ("authentication tag
// mismatch: wrong key or corrupted file").
Status DecryptFile(FileSystem& fs, const std::string& in_path, const std::string& out_path,
                   ByteView key, const ProgressCallback& progress = {});

// "<what>: expected <n> bytes, found <m>" as InvalidArgument, or OK. Shared by
// the other src/crypto key checks.
Status CheckKeyLength(std::string_view what, ByteView key, size_t expected);

}  // namespace mse::crypto

#endif  // MSE_CRYPTO_SECRETBOX_H_
