// Fernet tokens for `home encrypt` / `home decrypt`, spec/formats.md §11,
// docs/crypto-formats.md:
//
//   key   = b64u-with-padding(HMAC key (16) ‖ AES-128 key (16))   (44 characters)
//   token = b64u-with-padding(0x80 ‖ time (u64 BE) ‖ IV (16) ‖ AES-128-CBC-PKCS#7 ciphertext
//                             ‖ HMAC-SHA256(HMAC key, all preceding bytes))
//
// Compatible with Python's cryptography.fernet. No TTL is enforced.
#ifndef MSE_CRYPTO_FERNET_H_
#define MSE_CRYPTO_FERNET_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/env.h"
#include "base/status.h"

namespace mse::crypto {

// A Fernet key. Move-only; the key bytes are wiped when it dies.
class FernetKey {
 public:
  static constexpr size_t kSize = 32;
  static constexpr size_t kIvSize = 16;

  // Parses the key-file text. Lenient like the original: a trailing newline
  // or other stray characters are ignored. InvalidArgument "Fernet key must
  // be 32 url-safe base64-encoded bytes." unless it decodes to 32 bytes.
  static StatusOr<FernetKey> FromText(std::string_view text);
  // 32 raw bytes; InvalidArgument otherwise.
  static StatusOr<FernetKey> FromBytes(ByteView raw);
  static FernetKey Generate(Random& random);

  FernetKey(FernetKey&&) = default;
  FernetKey& operator=(FernetKey&&) = default;

  // 44 characters of base64url with padding (no newline).
  std::string ToText() const;

  // A token for `plaintext` at `unix_time` with a random IV. Internal only if
  // OpenSSL fails.
  StatusOr<std::string> Encrypt(ByteView plaintext, uint64_t unix_time, Random& random) const;
  // Same with a given 16-byte IV (known-answer tests); InvalidArgument for
  // another IV length.
  StatusOr<std::string> EncryptWithIv(ByteView plaintext, uint64_t unix_time, ByteView iv) const;

  // Verifies the version byte and the HMAC (constant time) before
  // decrypting. Every failure — wrong key, tampering, truncation, bad
  // padding — is DataLoss "invalid key or corrupted token".
  StatusOr<SecretBytes> Decrypt(std::string_view token) const;

 private:
  explicit FernetKey(SecretBytes key) : key_(std::move(key)) {}
  ByteView signing_key() const { return key_.view().first(16); }
  ByteView encryption_key() const { return key_.view().subspan(16); }

  SecretBytes key_;
};

}  // namespace mse::crypto

#endif  // MSE_CRYPTO_FERNET_H_
