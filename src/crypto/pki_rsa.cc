#include "crypto/pki_rsa.h"

#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/pem.h>

#include "crypto/pki_openssl.h"

namespace mse::crypto {
namespace {

using pki_internal::EvpPkeyPtr;

// Any PEM key OpenSSL's decoders know: SPKI, PKCS#1 RSA public key, or an
// unencrypted private key.
EvpPkeyPtr ReadAnyKey(std::string_view pem) {
  EVP_PKEY* raw = nullptr;
  OSSL_DECODER_CTX* ctx =
      OSSL_DECODER_CTX_new_for_pkey(&raw, "PEM", nullptr, nullptr, 0, nullptr, nullptr);
  if (ctx == nullptr) return nullptr;
  const unsigned char* data = reinterpret_cast<const unsigned char*>(pem.data());
  size_t len = pem.size();
  int ok = OSSL_DECODER_from_data(ctx, &data, &len);
  OSSL_DECODER_CTX_free(ctx);
  EvpPkeyPtr key(raw);
  return ok == 1 ? std::move(key) : nullptr;
}

}  // namespace

StatusOr<Sha256Digest> ComputeMrSigner(std::string_view pem) {
  if (pem.size() > (1 << 20)) return InvalidArgumentError("signer key PEM is larger than 1 MiB");
  EvpPkeyPtr key = ReadAnyKey(pem);
  if (key == nullptr) {
    return InvalidArgumentError("signer key: not a PEM public or private key: " +
                                pki_internal::OpenSslError());
  }
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
    return InvalidArgumentError("signer key is not an RSA key (SGX signer keys are RSA-3072)");
  }
  BIGNUM* n_raw = nullptr;
  if (EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_RSA_N, &n_raw) != 1) {
    return InternalError("signer key: cannot read the modulus: " + pki_internal::OpenSslError());
  }
  pki_internal::BignumPtr n(n_raw);
  const int bits = EVP_PKEY_get_bits(key.get());
  const int size = (bits + 7) / 8;
  Bytes modulus_le(static_cast<size_t>(size));
  if (BN_bn2lebinpad(n.get(), modulus_le.data(), size) != size) {
    return InternalError("signer key: modulus does not fit " + std::to_string(size) + " bytes");
  }
  return Sha256(modulus_le);
}

StatusOr<std::string> RsaPublicKeyPem(std::string_view pem) {
  EvpPkeyPtr key = ReadAnyKey(pem);
  if (key == nullptr) {
    return InvalidArgumentError("signer key: not a PEM public or private key: " + pki_internal::OpenSslError());
  }
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
    return InvalidArgumentError("signer key is not an RSA key (SGX signer keys are RSA-3072)");
  }
  pki_internal::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key.get()) != 1) {
    return InternalError("signer key: cannot write the public key: " + pki_internal::OpenSslError());
  }
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

StatusOr<SecretBytes> GenerateEnclaveSignerKeyPem() {
  pki_internal::BignumPtr e(BN_new());
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nullptr);
  EVP_PKEY* raw = nullptr;
  const bool ok = e != nullptr && ctx != nullptr && BN_set_word(e.get(), 3) == 1 && EVP_PKEY_keygen_init(ctx) == 1 &&
                  EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, 3072) == 1 &&
                  EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx, e.get()) == 1 && EVP_PKEY_keygen(ctx, &raw) == 1;
  EVP_PKEY_CTX_free(ctx);
  EvpPkeyPtr key(raw);
  if (!ok) return InternalError("generating the RSA-3072 signer key: OpenSSL: " + pki_internal::OpenSslError());
  pki_internal::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return InternalError("writing the signer key: OpenSSL: " + pki_internal::OpenSslError());
  }
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);  // NOLINT(runtime/int)
  SecretBytes pem(ByteView(reinterpret_cast<const uint8_t*>(data), static_cast<size_t>(len)));
  OPENSSL_cleanse(data, static_cast<size_t>(len));
  return pem;
}

}  // namespace mse::crypto
