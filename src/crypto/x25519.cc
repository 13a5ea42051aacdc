#include "crypto/x25519.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <sodium.h>

#include <algorithm>
#include <memory>
#include <string>

#include "base/encoding.h"
#include "crypto/hash.h"
#include "crypto/secretbox.h"
#include "crypto/sodium_init.h"

namespace mse::crypto {
namespace {

constexpr size_t kSealKeyPrefix = 16;  // §16: first 16 bytes of the seal key
constexpr size_t kEnclaveSaltSize = 16;

struct KdfDeleter {
  void operator()(EVP_KDF* kdf) const { EVP_KDF_free(kdf); }
  void operator()(EVP_KDF_CTX* ctx) const { EVP_KDF_CTX_free(ctx); }
};

Status OpenSslError(std::string_view what) {
  char text[256] = "unknown error";
  if (unsigned long err = ERR_get_error(); err != 0) ERR_error_string_n(err, text, sizeof text);
  ERR_clear_error();
  return InternalError(std::string(what) + ": OpenSSL: " + text);
}

// OSSL_PARAM wants non-const pointers even for inputs it only reads.
void* Mutable(ByteView b) {
  static uint8_t empty = 0;
  return b.empty() ? &empty : const_cast<uint8_t*>(b.data());
}

}  // namespace

X25519KeyPair GenerateX25519KeyPair(Random& random) {
  X25519KeyPair pair;
  pair.secret_key = SecretBytes(kX25519KeySize);
  random.Fill(pair.secret_key.mutable_view());
  // A 32-byte secret always has a public key.
  pair.public_key = X25519PublicFromSecret(pair.secret_key.view()).value();
  return pair;
}

StatusOr<X25519PublicKey> X25519PublicFromSecret(ByteView secret_key) {
  MSE_RETURN_IF_ERROR(CheckKeyLength("X25519 secret key", secret_key, kX25519KeySize));
  EnsureSodiumInitialized();
  X25519PublicKey pk;
  // Cannot fail for the base point: clamping makes the result non-zero.
  crypto_scalarmult_base(pk.data(), secret_key.data());
  return pk;
}

StatusOr<X25519KeyPair> X25519KeyPairFromSecret(ByteView secret_key) {
  MSE_ASSIGN_OR_RETURN(X25519PublicKey pk, X25519PublicFromSecret(secret_key));
  return X25519KeyPair{SecretBytes(secret_key), pk};
}

StatusOr<SecretBytes> HkdfSha256(ByteView ikm, ByteView salt, ByteView info, size_t length) {
  if (length == 0 || length > 255 * 32) {
    return InvalidArgumentError("HKDF-SHA256 output length must be 1..8160, found " +
                                std::to_string(length));
  }
  std::unique_ptr<EVP_KDF, KdfDeleter> kdf(EVP_KDF_fetch(nullptr, OSSL_KDF_NAME_HKDF, nullptr));
  if (!kdf) return OpenSslError("HKDF unavailable");
  std::unique_ptr<EVP_KDF_CTX, KdfDeleter> ctx(EVP_KDF_CTX_new(kdf.get()));
  if (!ctx) return OpenSslError("HKDF context");
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, Mutable(ikm), ikm.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, Mutable(salt), salt.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, Mutable(info), info.size()),
      OSSL_PARAM_construct_end(),
  };
  SecretBytes out(length);
  if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) != 1) {
    return OpenSslError("HKDF-SHA256 derivation failed");
  }
  return out;
}

StatusOr<X25519KeyPair> DeriveEnclaveKeyPair(ByteView seal_key, ByteView salt) {
  if (seal_key.size() < kSealKeyPrefix) {
    return InvalidArgumentError("enclave seal key: expected at least 16 bytes, found " +
                                std::to_string(seal_key.size()));
  }
  MSE_ASSIGN_OR_RETURN(SecretBytes secret, HkdfSha256(seal_key.first(kSealKeyPrefix), salt,
                                                      AsBytes(kEnclaveKeyInfo), kX25519KeySize));
  return X25519KeyPairFromSecret(secret.view());
}

StatusOr<X25519KeyPair> DeriveEnclaveKeyPair(ByteView seal_key, Random& random) {
  Bytes salt = random.Generate(kEnclaveSaltSize);
  return DeriveEnclaveKeyPair(seal_key, salt);
}

ReportData ReportDataForKeys(const P256UncompressedPoint& point, const X25519PublicKey& pk) {
  ReportData out;
  Sha256Digest digest = Sha256(point);
  std::copy(digest.begin(), digest.end(), out.begin());
  std::copy(pk.begin(), pk.end(), out.begin() + digest.size());
  return out;
}

StatusOr<ReportData> ReportDataForKeyBytes(ByteView point, ByteView pk) {
  if (point.size() != 65 || point[0] != 0x04) {
    std::string found = point.size() != 65 ? std::to_string(point.size()) + " bytes"
                                           : "first byte " + HexEncode(point.first(1));
    return InvalidArgumentError(
        "RA-TLS public key: expected a 65-byte uncompressed P-256 point (0x04, X, Y), found " +
        found);
  }
  MSE_RETURN_IF_ERROR(CheckKeyLength("enclave X25519 public key", pk, kX25519KeySize));
  P256UncompressedPoint p;
  X25519PublicKey k;
  std::copy(point.begin(), point.end(), p.begin());
  std::copy(pk.begin(), pk.end(), k.begin());
  return ReportDataForKeys(p, k);
}

}  // namespace mse::crypto
