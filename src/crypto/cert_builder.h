// The self-signed RA-TLS certificate of formats.md §15: X.509 v3, random
// positive serial of at most 159 bits, issuer = subject (parsed from an RFC
// 4514 string; DER RDN order = reverse of the string order), notBefore /
// notAfter as given, then three extensions in this order: subjectAltName
// (one iPAddress when the SAN parses as an IP address, else one dNSName),
// the SGX quote (OID 1.2.840.113741.1337.6, non-critical, extnValue = the
// raw quote bytes), basicConstraints (critical, CA:TRUE, no path length).
// Signed with ecdsa-with-SHA256. No KeyUsage, SKI or AKI.
#ifndef MSE_CRYPTO_CERT_BUILDER_H_
#define MSE_CRYPTO_CERT_BUILDER_H_

#include <cstdint>
#include <string>

#include "base/bytes.h"
#include "base/env.h"
#include "base/status.h"
#include "crypto/p256.h"

namespace mse::crypto {

inline constexpr char kSgxQuoteExtensionOid[] = "1.2.840.113741.1337.6";

struct RatlsCertificateSpec {
  std::string subject;            // "CN=cosmian.io,O=Cosmian Tech,C=FR,L=Paris,ST=Ile-de-France"
  std::string subject_alt_name;   // "localhost" or "127.0.0.1"
  int64_t not_before_unix = 0;
  int64_t not_after_unix = 0;
  Bytes quote;                    // raw DCAP quote
};

// PEM ("-----BEGIN CERTIFICATE-----"). Fails with InvalidArgument for an
// unparsable subject (naming the attribute), an empty SAN or notAfter <=
// notBefore; Internal with "OpenSSL: ..." for library failures.
StatusOr<std::string> BuildRatlsCertificatePem(const P256PrivateKey& key,
                                               const RatlsCertificateSpec& spec, Random& random);

// A plain self-signed TLS certificate with the same fields but neither the
// quote nor basicConstraints (`spec.quote` is ignored): mse-cloud's default
// edge certificate for operator mode. Same failures.
StatusOr<std::string> BuildTlsCertificatePem(const P256PrivateKey& key, const RatlsCertificateSpec& spec,
                                             Random& random);

}  // namespace mse::crypto

#endif  // MSE_CRYPTO_CERT_BUILDER_H_
