// RAII handles and error text for the PKI half of src/crypto (x509, crl,
// ecdsa, pki_rsa). Internal to src/crypto: other domains never include it.
#ifndef MSE_CRYPTO_PKI_OPENSSL_H_
#define MSE_CRYPTO_PKI_OPENSSL_H_

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>
#include <string_view>

#include "base/bytes.h"

namespace mse::crypto::pki_internal {

template <auto Fn>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    Fn(p);
  }
};

using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using X509CrlPtr = std::unique_ptr<X509_CRL, Deleter<X509_CRL_free>>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BignumPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;

// "OpenSSL: <reason>" from the thread's error queue (which it clears), or
// "OpenSSL: unknown error" when the queue is empty.
std::string OpenSslError();

// Parses a DER SubjectPublicKeyInfo.
EvpPkeyPtr PkeyFromSpki(ByteView spki);

// A P-256 public key from its 65-byte uncompressed point, or null when the
// point is malformed or not on the curve (OpenSSL checks the curve equation;
// P-256 has cofactor 1, so that is the whole validation). Built directly
// from the point (EVP_PKEY_fromdata), not through the generic decoders, and
// remembered: the verifier meets the same few keys (Intel's root, the PCK
// CAs, the TCB Signing key) again and again. The returned key is shared.
EvpPkeyPtr PkeyFromP256Point(ByteView point);

// Converts an ASN1_TIME to Unix seconds; false when it does not parse.
bool Asn1TimeToUnix(const ASN1_TIME* time, int64_t* out);

// RFC 2253 string of a name, most significant RDN first ("C=US,...,CN=x").
std::string NameToString(const X509_NAME* name);
// The first CN of a name, or "" when absent.
std::string CommonName(const X509_NAME* name);

}  // namespace mse::crypto::pki_internal

#endif  // MSE_CRYPTO_PKI_OPENSSL_H_
