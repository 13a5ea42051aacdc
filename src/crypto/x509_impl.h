// Internal state of X509Certificate, shared by x509.cc, crl.cc and the PKI
// test helpers. Not for other domains.
#ifndef MSE_CRYPTO_X509_IMPL_H_
#define MSE_CRYPTO_X509_IMPL_H_

#include <openssl/asn1.h>

#include "crypto/pki_openssl.h"
#include "crypto/x509.h"

namespace mse::crypto {

struct X509Certificate::Impl {
  pki_internal::X509Ptr x509;
  Bytes der;
};

namespace pki_internal {
// Unsigned big-endian magnitude without leading zeros ({0} for zero).
Bytes Asn1IntegerToBytes(const ASN1_INTEGER* value);
}  // namespace pki_internal

}  // namespace mse::crypto

#endif  // MSE_CRYPTO_X509_IMPL_H_
