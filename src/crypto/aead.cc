#include "crypto/aead.h"

#include <sodium.h>

#include "crypto/secretbox.h"
#include "crypto/sodium_init.h"

namespace mse::crypto {

static_assert(kAeadKeySize == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(kAeadNonceSize == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(kAeadTagSize == crypto_aead_xchacha20poly1305_ietf_ABYTES);

StatusOr<Bytes> AeadSeal(ByteView key, ByteView nonce, ByteView associated_data, ByteView plaintext) {
  MSE_RETURN_IF_ERROR(CheckKeyLength("AEAD key", key, kAeadKeySize));
  MSE_RETURN_IF_ERROR(CheckKeyLength("AEAD nonce", nonce, kAeadNonceSize));
  EnsureSodiumInitialized();
  Bytes out(plaintext.size() + kAeadTagSize);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out.data(), &written, plaintext.data(), plaintext.size(),
                                             associated_data.data(), associated_data.size(), nullptr,
                                             nonce.data(), key.data());
  out.resize(static_cast<size_t>(written));
  return out;
}

StatusOr<SecretBytes> AeadOpen(ByteView key, ByteView nonce, ByteView associated_data, ByteView sealed) {
  MSE_RETURN_IF_ERROR(CheckKeyLength("AEAD key", key, kAeadKeySize));
  MSE_RETURN_IF_ERROR(CheckKeyLength("AEAD nonce", nonce, kAeadNonceSize));
  if (sealed.size() < kAeadTagSize) {
    return DataLossError("sealed data of " + std::to_string(sealed.size()) + " bytes is shorter than its " +
                         std::to_string(kAeadTagSize) + "-byte tag");
  }
  EnsureSodiumInitialized();
  SecretBytes out(sealed.size() - kAeadTagSize);
  unsigned long long written = 0;
  // libsodium verifies the tag before it decrypts anything into `out`.
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(out.data(), &written, nullptr, sealed.data(), sealed.size(),
                                                 associated_data.data(), associated_data.size(), nonce.data(),
                                                 key.data()) != 0) {
    return DataLossError("authentication tag mismatch: wrong key or corrupted data");
  }
  return out;
}

}  // namespace mse::crypto
