// Streaming XSalsa20-Poly1305 with the exact byte output of NaCl's
// crypto_secretbox (spec/formats.md §9), for files that do not fit in memory.
// Internal to src/crypto: use secretbox.h.
//
// crypto_secretbox uses keystream bytes 0..31 of block 0 as the Poly1305
// one-time key and XORs the message with keystream from byte 32 on; the tag
// authenticates the ciphertext. This class reproduces that incrementally with
// crypto_stream_xsalsa20_xor_ic (block counter) and crypto_onetimeauth_*.
#ifndef MSE_CRYPTO_SECRETBOX_STREAM_H_
#define MSE_CRYPTO_SECRETBOX_STREAM_H_

#include <sodium.h>

#include <array>
#include <cstdint>

#include "base/bytes.h"

namespace mse::crypto {

// Not copyable or movable; wipes its key material when destroyed.
class SecretboxStream {
 public:
  static constexpr size_t kKeySize = 32;
  static constexpr size_t kNonceSize = 24;
  static constexpr size_t kTagSize = 16;

  // key must be 32 bytes and nonce 24 bytes (checked by the caller).
  SecretboxStream(ByteView key, ByteView nonce);
  ~SecretboxStream();
  SecretboxStream(const SecretboxStream&) = delete;
  SecretboxStream& operator=(const SecretboxStream&) = delete;

  // Encrypts the next message bytes in place and authenticates the result.
  void EncryptInPlace(MutableByteView data);
  // Authenticates the next ciphertext bytes, then decrypts them in place.
  void DecryptInPlace(MutableByteView data);
  // The Poly1305 tag over all ciphertext seen. Call once, at the end.
  std::array<uint8_t, kTagSize> Finish();

 private:
  void XorKeystream(MutableByteView data);

  uint8_t key_[kKeySize];
  uint8_t nonce_[kNonceSize];
  uint64_t position_ = 0;  // message bytes processed so far
  crypto_onetimeauth_state mac_;
};

}  // namespace mse::crypto

#endif  // MSE_CRYPTO_SECRETBOX_STREAM_H_
