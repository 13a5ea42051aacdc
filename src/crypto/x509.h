// X.509 certificates for attestation (attestation.md §3, §4; formats.md §15):
// parse DER/PEM, read names, serial, validity, P-256 key and extensions,
// and verify an ecdsa-with-SHA256 signature under a given P-256 key.
#ifndef MSE_CRYPTO_X509_H_
#define MSE_CRYPTO_X509_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/status.h"
#include "crypto/ecdsa.h"
#include "crypto/hash.h"

namespace mse::crypto {

using UnixSeconds = int64_t;

// One PEM block: its label ("CERTIFICATE", "X509 CRL", ...) and decoded bytes.
struct PemBlock {
  std::string label;
  Bytes der;
};

// Splits text holding PEM blocks. Lenient about layout (no newline needed
// between "-----END ...-----" and the next BEGIN, as in PCCS headers, CRLF,
// trailing NULs); strict about content: InvalidArgument on an unterminated
// block, a label mismatch or bad base64. Text outside blocks is ignored.
StatusOr<std::vector<PemBlock>> ParsePemBlocks(std::string_view text);

// "-----BEGIN <label>-----\n", base64 in 64-column lines, "-----END <label>-----\n".
std::string PemEncode(std::string_view label, ByteView der);

// An immutable parsed certificate. Cheap to copy (shared, immutable state).
class X509Certificate {
 public:
  // InvalidArgument with OpenSSL's text when the DER does not parse or has
  // trailing bytes.
  static StatusOr<X509Certificate> FromDer(ByteView der);
  // Exactly one CERTIFICATE block.
  static StatusOr<X509Certificate> FromPem(std::string_view pem);
  // Every CERTIFICATE block, in order (empty input gives an empty list).
  static StatusOr<std::vector<X509Certificate>> ChainFromPem(std::string_view pem);

  const Bytes& der() const;
  std::string ToPem() const;
  Sha256Digest DerSha256() const;

  std::string SubjectName() const;  // "C=US,ST=CA,...,CN=..."
  std::string IssuerName() const;
  std::string SubjectCommonName() const;  // "" when absent
  std::string IssuerCommonName() const;
  bool IsSelfIssued() const;  // issuer name == subject name
  // True when this certificate's issuer name equals `issuer`'s subject name.
  bool IssuerNameMatches(const X509Certificate& issuer) const;

  // Serial as unsigned big-endian bytes without leading zeros ("00" for 0).
  Bytes Serial() const;
  UnixSeconds NotBefore() const;
  UnixSeconds NotAfter() const;

  // The subject key as a P-256 point; InvalidArgument for any other key type.
  StatusOr<P256Point> PublicKeyP256() const;
  // DER SubjectPublicKeyInfo of the subject key.
  Bytes SubjectPublicKeyInfo() const;
  // subjectAltName entries: DNS names as written, IP addresses in text form
  // ("127.0.0.1", "::1"). Empty when the extension is absent.
  std::vector<std::string> SubjectAltNames() const;
  // basicConstraints: nullopt when absent, else the cA flag.
  std::optional<bool> BasicConstraintsCa() const;
  // The extnValue contents (DER inside the OCTET STRING) of the extension
  // with this dotted OID, or nullopt. InvalidArgument for a malformed OID.
  StatusOr<std::optional<Bytes>> ExtensionValue(std::string_view dotted_oid) const;

  // Verifies the certificate signature (must be ecdsa-with-SHA256) under
  // `issuer_key`. Unauthenticated when it does not verify, InvalidArgument
  // for another signature algorithm.
  Status VerifySignature(const P256Point& issuer_key) const;

  struct Impl;  // public for the CRL and test helpers in src/crypto only

  const Impl& impl() const { return *impl_; }

 private:
  explicit X509Certificate(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace mse::crypto

#endif  // MSE_CRYPTO_X509_H_
