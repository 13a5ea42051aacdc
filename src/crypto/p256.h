// ECDSA P-256 private keys for the RA-TLS certificate (formats.md §1.3 and
// §15): generation, PKCS#8 PEM (unencrypted) save/load, and the 65-byte
// uncompressed public point that report_data binds. Move-only; the key
// material lives in OpenSSL and is freed (and wiped) with the object.
#ifndef MSE_CRYPTO_P256_H_
#define MSE_CRYPTO_P256_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>

#include "base/bytes.h"
#include "base/status.h"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY

namespace mse::crypto {

using P256Point = std::array<uint8_t, 65>;  // 0x04 || X (32) || Y (32)

class P256PrivateKey {
 public:
  // Fails with Internal ("OpenSSL: ...") only if the library fails.
  static StatusOr<P256PrivateKey> Generate();
  // "-----BEGIN PRIVATE KEY-----" PKCS#8. Fails with InvalidArgument when
  // the text is not a PEM private key, or is not an EC key on P-256.
  static StatusOr<P256PrivateKey> FromPkcs8Pem(std::string_view pem);
  // From the 32-byte big-endian private scalar (known-answer tests).
  // InvalidArgument when it is not 32 bytes or is zero.
  static StatusOr<P256PrivateKey> FromScalar(ByteView scalar);

  P256PrivateKey(P256PrivateKey&&) noexcept;
  P256PrivateKey& operator=(P256PrivateKey&&) noexcept;
  ~P256PrivateKey();

  // Unencrypted PKCS#8 PEM text, final newline included.
  SecretBytes ToPkcs8Pem() const;
  P256Point PublicPoint() const;

  // For the rest of src/crypto (certificate building); never null.
  evp_pkey_st* native() const { return key_.get(); }

 private:
  struct Free {
    void operator()(evp_pkey_st* key) const;
  };
  explicit P256PrivateKey(evp_pkey_st* key) : key_(key) {}
  std::unique_ptr<evp_pkey_st, Free> key_;
};

}  // namespace mse::crypto

#endif  // MSE_CRYPTO_P256_H_
