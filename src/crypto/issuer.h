// Certificate and CRL issuance for the simulated SGX platform (ARCHITECTURE.md
// "Attestation: one code path, two quote sources"; attestation.md §1, §3, §5):
// X.509 v3 certificates with arbitrary extensions signed by a P-256 key,
// X.509 v2 CRLs, and raw r ‖ s ECDSA-SHA256 signatures as Intel structures
// carry them (attestation.md §12). Every OpenSSL call stays in src/crypto.
#ifndef MSE_CRYPTO_ISSUER_H_
#define MSE_CRYPTO_ISSUER_H_

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/bytes.h"
#include "base/status.h"
#include "crypto/crl.h"
#include "crypto/ecdsa.h"
#include "crypto/p256.h"
#include "crypto/x509.h"

namespace mse::crypto {

// One extension added verbatim: dotted OID and the DER placed in extnValue.
struct RawExtension {
  std::string oid;
  bool critical = false;
  Bytes der_value;
};

struct CertificateSpec {
  // Subject RDNs in DER order (most significant first), e.g.
  // {{"C","US"},{"O","MSE Simulation"},{"CN","Intel SGX PCK Platform CA"}}.
  std::vector<std::pair<std::string, std::string>> subject;
  Bytes serial;  // unsigned big-endian, non-empty
  UnixSeconds not_before = 0;
  UnixSeconds not_after = 0;
  // basicConstraints (critical) when set; path length only for CAs.
  std::optional<bool> ca;
  std::optional<int> path_length;
  // keyUsage (critical): keyCertSign + cRLSign for CAs, digitalSignature and
  // nonRepudiation for leaves. Omitted when false.
  bool key_usage = true;
  // subjectKeyIdentifier (SHA-1 of the key) and, when issued by another
  // certificate, authorityKeyIdentifier.
  bool key_identifiers = true;
  std::vector<RawExtension> extensions;  // appended after the standard ones
};

// Issues a certificate for `subject_key` signed ecdsa-with-SHA256 by
// `signer`. `issuer` is the signer's certificate, or nullptr for a
// self-signed certificate (then `signer` must be the subject key's owner).
// InvalidArgument for an empty subject or serial, an unknown attribute name,
// not_after <= not_before, a malformed OID or a point not on P-256; Internal
// with "OpenSSL: ..." for library failures.
StatusOr<X509Certificate> IssueCertificate(const CertificateSpec& spec, const P256Point& subject_key,
                                           const P256PrivateKey& signer, const X509Certificate* issuer);

struct CrlSpec {
  UnixSeconds this_update = 0;
  UnixSeconds next_update = 0;
  std::vector<Bytes> revoked_serials;  // unsigned big-endian
  std::optional<Bytes> crl_number;     // cRLNumber extension when set
};

// A v2 CRL named after `issuer`'s subject, signed ecdsa-with-SHA256 by
// `signer` (the issuer's key). InvalidArgument when next_update <=
// this_update; Internal with "OpenSSL: ..." otherwise.
StatusOr<X509Crl> IssueCrl(const X509Certificate& issuer, const P256PrivateKey& signer, const CrlSpec& spec);

// ECDSA-SHA256 over `message`, returned as r ‖ s (each 32 bytes big-endian).
// Internal with "OpenSSL: ..." only if the library fails.
StatusOr<std::array<uint8_t, 64>> SignEcdsaP256Raw(const P256PrivateKey& key, ByteView message);

}  // namespace mse::crypto

#endif  // MSE_CRYPTO_ISSUER_H_
